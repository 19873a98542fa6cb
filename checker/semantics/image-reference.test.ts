import { describe, expect, it } from 'vitest';
import { canonicalImage, familiarImage, imageMatches, imageName, imagePatternMatches, parseImageReference, sameImage } from './image-reference.ts';

describe('parseImageReference', () => {
  it('adds the registry, library/ and the default tag as the runtime does', () => {
    expect(parseImageReference('nginx')).toEqual({ registry: 'docker.io', repository: 'library/nginx', tag: 'latest' });
    expect(parseImageReference('nginx:1.27')).toEqual({ registry: 'docker.io', repository: 'library/nginx', tag: '1.27' });
    expect(parseImageReference('bitnami/redis:7.2')).toEqual({ registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2' });
  });

  it('reads a registry host with a dot, a port or localhost', () => {
    expect(parseImageReference('ghcr.io/acme/web:2')).toEqual({ registry: 'ghcr.io', repository: 'acme/web', tag: '2' });
    expect(parseImageReference('localhost:5000/web')).toEqual({ registry: 'localhost:5000', repository: 'web', tag: 'latest' });
    expect(parseImageReference('localhost/web:1')).toEqual({ registry: 'localhost', repository: 'web', tag: '1' });
    expect(parseImageReference('index.docker.io/library/nginx:1.27').registry).toBe('docker.io');
  });

  it('keeps a digest and adds no tag beside it', () => {
    expect(parseImageReference('nginx@sha256:abc')).toEqual({ registry: 'docker.io', repository: 'library/nginx', digest: 'sha256:abc' });
    expect(parseImageReference('nginx:1.27@sha256:abc')).toEqual({ registry: 'docker.io', repository: 'library/nginx', tag: '1.27', digest: 'sha256:abc' });
  });
});

describe('canonicalImage and imageName', () => {
  it('spell the reference in full', () => {
    expect(canonicalImage('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(canonicalImage('nginx@sha256:abc')).toBe('docker.io/library/nginx@sha256:abc');
    expect(imageName('nginx:1.27')).toBe('docker.io/library/nginx');
  });
});

describe('sameImage', () => {
  it('matches every spelling of one image', () => {
    for (const spelling of ['nginx:1.27', 'library/nginx:1.27', 'docker.io/library/nginx:1.27', 'docker.io/nginx:1.27', 'index.docker.io/library/nginx:1.27', 'nginx:1.27@sha256:abc']) {
      expect(sameImage(spelling, 'nginx:1.27'), spelling).toBe(true);
    }
    expect(sameImage('nginx', 'nginx:latest')).toBe(true);
  });

  it('tells other tags, repositories and registries apart', () => {
    expect(sameImage('nginx:1.28', 'nginx:1.27')).toBe(false);
    expect(sameImage('nginx', 'nginx:1.27')).toBe(false);
    expect(sameImage('bitnami/nginx:1.27', 'nginx:1.27')).toBe(false);
    expect(sameImage('ghcr.io/library/nginx:1.27', 'nginx:1.27')).toBe(false);
    expect(sameImage('nginx:1.27@sha256:abc', 'nginx@sha256:def')).toBe(false);
    expect(sameImage('nginx@sha256:abc', 'nginx@sha256:abc')).toBe(true);
  });
});

describe('imageMatches', () => {
  it('accepts every spelling, patch releases and variants of the tag', () => {
    for (const spelling of ['nginx:1.27', 'docker.io/library/nginx:1.27', 'nginx:1.27.3', 'nginx:1.27-bookworm', 'docker.io/library/nginx:1.27.3-alpine', 'nginx:1.27@sha256:abc']) {
      expect(imageMatches(spelling, 'nginx:1.27'), spelling).toBe(true);
    }
  });

  it('accepts a patch release of the variant asked for, and refuses another variant', () => {
    for (const spelling of ['node:26-bookworm-slim', 'index.docker.io/library/node:26-bookworm-slim', 'node:26.3.0-bookworm-slim', 'node:26.3-bookworm-slim@sha256:abc']) {
      expect(imageMatches(spelling, 'node:26-bookworm-slim'), spelling).toBe(true);
    }
    for (const spelling of ['node:26', 'node:26-alpine', 'node:26-bookworm', 'node:26.3.0-alpine', 'node:260-bookworm-slim']) {
      expect(imageMatches(spelling, 'node:26-bookworm-slim'), spelling).toBe(false);
    }
  });

  it('refuses other versions, repositories and an implicit latest', () => {
    for (const spelling of ['nginx:1.28', 'nginx:1.2', 'nginx:1.270', 'nginx', 'nginx:latest', 'bitnami/nginx:1.27', 'quay.io/nginx:1.27', 'nginx@sha256:abc']) {
      expect(imageMatches(spelling, 'nginx:1.27'), spelling).toBe(false);
    }
  });

  it('reads an expected name without tag as any tag, and a digest exactly', () => {
    expect(imageMatches('docker.io/library/nginx:1.25', 'nginx')).toBe(true);
    expect(imageMatches('nginx:1.27@sha256:abc', 'nginx@sha256:abc')).toBe(true);
    expect(imageMatches('nginx:1.27', 'nginx@sha256:abc')).toBe(false);
  });
});

describe('familiarImage and imagePatternMatches', () => {
  it('spell a reference as Docker prints it', () => {
    expect(familiarImage('docker.io/library/nginx:1.28')).toBe('nginx:1.28');
    expect(familiarImage('docker.io/bitnami/redis:7')).toBe('bitnami/redis:7');
    expect(familiarImage('ghcr.io/acme/web:2')).toBe('ghcr.io/acme/web:2');
    expect(familiarImage('nginx')).toBe('nginx:latest');
    expect(familiarImage('docker.io/library/nginx@sha256:abc')).toBe('nginx@sha256:abc');
  });

  it('let a short-form pattern match a fully-qualified reference', () => {
    expect(imagePatternMatches(/^nginx:1\.28/, 'docker.io/library/nginx:1.28')).toBe(true);
    expect(imagePatternMatches(/^nginx:1\.28/, 'docker.io/library/nginx:1.27')).toBe(false);
    expect(imagePatternMatches(/^nginx:1\.28/, 'quay.io/nginx:1.28')).toBe(false);
  });
});
