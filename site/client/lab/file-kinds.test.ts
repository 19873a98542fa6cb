import { describe, expect, it } from 'vitest';
import { isComposeFile, isKubernetesManifest, languageOf } from './file-kinds.ts';

describe('file kinds', () => {
  it('picks the highlighting by file name', () => {
    expect(languageOf('Dockerfile')).toBe('dockerfile');
    expect(languageOf('app/Dockerfile.dev')).toBe('dockerfile');
    expect(languageOf('build.containerfile')).toBe('dockerfile');
    expect(languageOf('compose.yaml')).toBe('yaml');
    expect(languageOf('k8s/deployment.yml')).toBe('yaml');
    expect(languageOf('server.js')).toBe('javascript');
    expect(languageOf('package.json')).toBe('javascript');
    expect(languageOf('setup.sh')).toBe('shell');
    expect(languageOf('README')).toBe('plaintext');
  });

  it('tells compose files from Kubernetes manifests', () => {
    for (const f of ['compose.yaml', 'docker-compose.yml', 'compose.override.yaml', 'app/docker-compose.prod.yaml']) expect(isComposeFile(f)).toBe(true);
    expect(isComposeFile('deployment.yaml')).toBe(false);
    expect(isKubernetesManifest('deployment.yaml')).toBe(true);
    expect(isKubernetesManifest('compose.yaml')).toBe(false);
    expect(isKubernetesManifest('answers.yaml')).toBe(false);
    expect(isKubernetesManifest('Dockerfile')).toBe(false);
  });
});
