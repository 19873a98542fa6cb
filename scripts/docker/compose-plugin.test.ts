import { describe, expect, it } from 'vitest';
import { composeLdflags, composeLocations, composeWrapperGoMod, dockerConfigDir, parseComposeVersion, pluginEntryState } from './compose-plugin.ts';
import { versions } from '../versions.ts';

const composeGoMod = `module github.com/docker/compose/v2

go 1.24.9

require (
	github.com/compose-spec/compose-go/v2 v2.9.1
	github.com/docker/cli v28.5.1+incompatible
)

require github.com/davecgh/go-spew v1.1.1 // indirect

exclude (
	// FIXME: remove once kubernetes updated their dependencies.
	github.com/davecgh/go-spew v1.1.2-0.20180830191138-d8f796af33cc
	github.com/pmezard/go-difflib v1.0.1-0.20181226105442-5d4384ee4fb2 // a comment
)
`;

describe('composeWrapperGoMod', () => {
  it('requires the release and repeats its exclude directives without comments', () => {
    expect(composeWrapperGoMod(composeGoMod, '2.40.3')).toBe(
      [
        'module kubecamp.local/compose-build',
        '',
        'go 1.24.9',
        '',
        'require github.com/docker/compose/v2 v2.40.3',
        '',
        'exclude (',
        '\tgithub.com/davecgh/go-spew v1.1.2-0.20180830191138-d8f796af33cc',
        '\tgithub.com/pmezard/go-difflib v1.0.1-0.20181226105442-5d4384ee4fb2',
        ')',
        '',
      ].join('\n'),
    );
  });

  it('repeats single-line replace directives that pin another module version', () => {
    const mod = `${composeGoMod}\nreplace github.com/docker/cli => github.com/docker/cli v28.5.2+incompatible\n`;
    expect(composeWrapperGoMod(mod, '2.40.3')).toContain('replace (\n\tgithub.com/docker/cli => github.com/docker/cli v28.5.2+incompatible\n)');
  });

  it('refuses local-path replaces, a foreign go.mod and a malformed version', () => {
    expect(() => composeWrapperGoMod(`${composeGoMod}\nreplace (\n\tgithub.com/x/y => ./y\n)\n`, '2.40.3')).toThrow('local path');
    expect(() => composeWrapperGoMod('module example.com/other\n', '2.40.3')).toThrow('not the go.mod');
    expect(() => composeWrapperGoMod(composeGoMod, 'v2.40')).toThrow('unexpected Compose version');
  });
});

describe('composeLdflags', () => {
  it('stamps the version docker compose version prints', () => {
    expect(composeLdflags('2.40.3')).toBe('-s -w -X github.com/docker/compose/v2/internal.Version=v2.40.3');
  });
});

describe('parseComposeVersion', () => {
  it('reads the long and the --short forms', () => {
    expect(parseComposeVersion('Docker Compose version v2.40.3\n')).toBe('2.40.3');
    expect(parseComposeVersion('2.29.7-desktop.1\n')).toBe('2.29.7-desktop.1');
  });
  it('returns null for anything else', () => {
    expect(parseComposeVersion("docker: 'compose' is not a docker command.")).toBeNull();
    expect(parseComposeVersion('')).toBeNull();
  });
});

describe('composeLocations', () => {
  it('caches the binary per version and links it into the CLI plugin folder', () => {
    const loc = composeLocations({ KUBECAMP_HOME: '/tmp/kc', HOME: '/home/ada' }, '2.40.3');
    expect(loc.binary).toBe('/tmp/kc/bin/compose-v2.40.3/docker-compose');
    expect(loc.buildDir).toBe('/tmp/kc/build/compose-v2.40.3');
    expect(loc.plugin).toBe('/home/ada/.docker/cli-plugins/docker-compose');
  });
  it('follows DOCKER_CONFIG like the docker CLI, and defaults to the pinned version', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/etc/dockercfg', HOME: '/home/ada' })).toBe('/etc/dockercfg');
    const loc = composeLocations({ KUBECAMP_HOME: '/tmp/kc', DOCKER_CONFIG: '/etc/dockercfg' });
    expect(loc.plugin).toBe('/etc/dockercfg/cli-plugins/docker-compose');
    expect(loc.binary).toBe(`/tmp/kc/bin/compose-v${versions.compose}/docker-compose`);
  });
});

describe('pluginEntryState', () => {
  const bin = '/tmp/kc/bin';
  const binary = `${bin}/compose-v2.40.3/docker-compose`;
  it('installs where nothing is, and replaces our link to another version', () => {
    expect(pluginEntryState(null, false, binary, bin)).toBe('install');
    expect(pluginEntryState(`${bin}/compose-v2.39.0/docker-compose`, true, binary, bin)).toBe('install');
  });
  it('recognises its own link, even when the cached binary is gone', () => {
    expect(pluginEntryState(binary, true, binary, bin)).toBe('ours');
  });
  it('leaves a file or a link the user put there alone', () => {
    expect(pluginEntryState(null, true, binary, bin)).toBe('foreign');
    expect(pluginEntryState('/usr/libexec/docker/cli-plugins/docker-compose', true, binary, bin)).toBe('foreign');
    expect(pluginEntryState('/tmp/kc/bin-other/docker-compose', true, binary, bin)).toBe('foreign');
  });
});
