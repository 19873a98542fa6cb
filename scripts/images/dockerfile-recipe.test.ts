import { describe, expect, it } from 'vitest';
import { findEntry } from './catalog.ts';
import { dockerfileBuild } from './dockerfile-recipe.ts';

describe('dockerfileBuild', () => {
  it('turns a Debian recipe into a Dockerfile with its files in the context', () => {
    const build = dockerfileBuild(findEntry('postgres:16-bookworm')!, { 'org.kubecamp.recipe': 'abc' })!;
    const lines = build.dockerfile.trim().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'FROM debian:bookworm-slim',
      'ARG DEBIAN_FRONTEND=noninteractive',
      'COPY kubecamp-before.sh /tmp/',
      'RUN sh -e /tmp/kubecamp-before.sh && rm /tmp/kubecamp-before.sh',
      'RUN apt-get update && apt-get install -y --no-install-recommends postgresql-15 && rm -rf /var/lib/apt/lists/*',
    ]);
    expect(lines).toContain('COPY rootfs/ /');
    expect(lines).toContain('LABEL "org.kubecamp.recipe"="abc"');
    expect(lines.at(-1)).toBe('CMD ["postgres"]');
    expect(build.files.map((f) => [f.path, f.mode])).toEqual([
      ['rootfs/usr/local/bin/docker-entrypoint.sh', 0o755],
      ['kubecamp-before.sh', 0o755],
      ['kubecamp-after.sh', 0o755],
    ]);
  });

  it('declines recipes that copy from the host or are not Debian', () => {
    expect(dockerfileBuild(findEntry('node:26-bookworm-slim')!, {})).toBeNull();
    expect(dockerfileBuild(findEntry('busybox:1.37')!, {})).toBeNull();
  });
});
