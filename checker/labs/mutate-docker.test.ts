import { describe, expect, it } from 'vitest';
import { isComposeFile, isDockerfile, isDockerignore, tolerantDockerSteps } from './mutate-docker.ts';

describe('tolerantDockerSteps', () => {
  it('lets a created container that cannot start, or a valid project that never gets healthy, reach the checks', () => {
    const steps = [
      { run: 'docker build -t hello-node:1.0 .' },
      { run: 'docker run -d --name hello -p 8080:3000 hello-node:1.0' },
      { run: 'docker run -d --name=web nginx:1.30' },
      { run: 'docker run --rm busybox:1.37 true' },
      { run: 'docker compose up -d --wait' },
      { run: 'docker compose -p shop up -d --wait' },
      { run: 'docker run -d --name a x && docker rm -f b' },
      { sandbox: 'docker run -d --name c x' },
    ];
    expect(tolerantDockerSteps(steps)).toEqual([
      { run: 'docker build -t hello-node:1.0 .' },
      { run: 'docker run -d --name hello -p 8080:3000 hello-node:1.0 || docker container inspect hello >/dev/null' },
      { run: 'docker run -d --name=web nginx:1.30 || docker container inspect web >/dev/null' },
      { run: 'docker run --rm busybox:1.37 true' },
      { run: 'docker compose config -q && { docker compose up -d --wait || true; }' },
      { run: 'docker compose -p shop config -q && { docker compose -p shop up -d --wait || true; }' },
      { run: 'docker run -d --name a x && docker rm -f b' },
      { sandbox: 'docker run -d --name c x' },
    ]);
  });
});

describe('artefact file names', () => {
  it('knows Dockerfiles, .dockerignore files and compose files', () => {
    expect(['Dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile', 'dockerfile.txt'].map(isDockerfile)).toEqual([true, true, true, true, false]);
    expect(['.dockerignore', 'Dockerfile.dockerignore', 'ignore'].map(isDockerignore)).toEqual([true, true, false]);
    expect(['compose.yaml', 'docker-compose.yml', 'compose.override.yaml', 'deployment.yaml'].map(isComposeFile)).toEqual([true, true, true, false]);
  });
});
