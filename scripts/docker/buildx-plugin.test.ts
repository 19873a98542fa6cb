import { describe, expect, it } from 'vitest';
import { versions } from '../versions.ts';
import { buildxLdflags, buildxLocations, parseBuildxVersion } from './buildx-plugin.ts';

describe('buildxLdflags', () => {
  it('stamps the version and package `docker buildx version` prints', () => {
    expect(buildxLdflags('0.38.2')).toBe('-s -w -X github.com/docker/buildx/version.Version=v0.38.2 -X github.com/docker/buildx/version.Package=github.com/docker/buildx');
  });
  it('refuses a malformed version', () => {
    expect(() => buildxLdflags('v0.38')).toThrow('unexpected buildx version v0.38');
  });
});

describe('parseBuildxVersion', () => {
  it('reads our build, a release build with its revision and a Desktop build', () => {
    expect(parseBuildxVersion('github.com/docker/buildx v0.38.2 \n')).toBe('0.38.2');
    expect(parseBuildxVersion('github.com/docker/buildx v0.29.1 a32761aeb3debd39be1eca514af3693af0db334b\n')).toBe('0.29.1');
    expect(parseBuildxVersion('github.com/docker/buildx v0.12.1-desktop.4 6996841df2f61988c2794d84d33205368f96c317')).toBe('0.12.1-desktop.4');
  });
  it('returns null for anything else', () => {
    expect(parseBuildxVersion("docker: unknown command: docker buildx\n")).toBeNull();
    expect(parseBuildxVersion('')).toBeNull();
  });
});

describe('buildxLocations', () => {
  it('caches the binary per version and links it into the CLI plugin folder as docker-buildx', () => {
    const loc = buildxLocations({ KUBECAMP_HOME: '/tmp/kc', HOME: '/home/ada' }, '0.38.2');
    expect(loc).toEqual({ binary: '/tmp/kc/bin/buildx-v0.38.2/docker-buildx', pluginDir: '/home/ada/.docker/cli-plugins', plugin: '/home/ada/.docker/cli-plugins/docker-buildx' });
    expect(buildxLocations({ KUBECAMP_HOME: '/tmp/kc', DOCKER_CONFIG: '/etc/dc' }).binary).toBe(`/tmp/kc/bin/buildx-v${versions.buildx}/docker-buildx`);
    expect(buildxLocations({ KUBECAMP_HOME: '/tmp/kc', DOCKER_CONFIG: '/etc/dc' }).plugin).toBe('/etc/dc/cli-plugins/docker-buildx');
  });
});
