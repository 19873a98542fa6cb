import { describe, expect, it } from 'vitest';
import { catalog, catalogProblems, defaultEntries, findEntry, type CatalogEntry } from './catalog.ts';
import { selectEntries, staleReason } from './ensure-images.ts';
import { configInstructions, labelKeys, recipeDigest } from './image-config.ts';
import type { ImageInspect } from '../../checker/lib/docker-api.ts';

const entry = (over: Partial<CatalogEntry>): CatalogEntry => ({
  ref: 'example:1.0',
  summary: 'x',
  origin: 'registry',
  lazy: false,
  config: { cmd: ['sh'] },
  recipe: { base: 'debian', packages: [] },
  smoke: { cmd: ['true'], expect: 'x' },
  ...over,
});

describe('the image catalog', () => {
  it('is sound', () => {
    expect(catalogProblems(catalog)).toEqual([]);
  });

  it('has the images labs and tests rely on, pinned', () => {
    for (const ref of ['debian:bookworm-slim', 'busybox:1.37', 'node:26-bookworm-slim', 'nginx:1.30-trixie', 'registry:3.1.0', 'redis:7.2-bookworm', 'postgres:16-bookworm', 'kubecamp/sandbox:1']) {
      expect(findEntry(ref), ref).toBeDefined();
    }
  });

  it('builds the sandbox and the images tests use by default, postgres only on demand', () => {
    const defaults = defaultEntries().map((e) => e.ref);
    expect(defaults).toEqual(expect.arrayContaining(['busybox:1.37', 'kubecamp/sandbox:1']));
    expect(defaults).not.toContain('postgres:16-bookworm');
    expect(selectEntries([], true)).toHaveLength(catalog.length);
  });

  it('explains each kind of mistake', () => {
    const problems = catalogProblems([
      entry({ ref: 'nginx:latest' }),
      entry({ ref: 'nginx' }),
      entry({ ref: 'dup:1' }),
      entry({ ref: 'dup:1' }),
      entry({ ref: 'tool:1', origin: 'local' }),
      entry({ ref: 'web:1', config: { exposedPorts: ['80'] } }),
      entry({ ref: 'pkg:1', recipe: { base: 'debian', packages: ['Bad Name'], files: [{ path: 'etc/x', content: '' }] } }),
    ]);
    expect(problems).toEqual([
      'catalog entry "nginx:latest" uses :latest; pin a version a learner would use',
      'catalog entry "nginx" is not a name:tag reference',
      'catalog entry "dup:1" appears twice',
      'catalog entry "tool:1" is local-only, so it must be under kubecamp/ to never shadow a real image',
      'catalog entry "web:1" has neither cmd nor entrypoint',
      'catalog entry "web:1" exposes "80"; write it as 80/tcp',
      'catalog entry "pkg:1" lists "Bad Name", which is not a Debian package name',
      'catalog entry "pkg:1" writes "etc/x"; file paths must be absolute',
    ]);
  });

  it('refuses an alias of another repository or one another entry already is, word for word', () => {
    expect(catalogProblems([entry({ ref: 'web:1-x', aliases: ['web:1', 'other:1'] }), entry({ ref: 'web:2', aliases: ['web:1'] })])).toEqual([
      'catalog entry "web:1-x" names the alias "other:1", which is another repository',
      'catalog entry "web:2" names the alias "web:1", which another entry already is',
    ]);
    expect(findEntry('nginx:1.30-trixie')?.aliases).toEqual(['nginx:1.30']);
  });

  it('names the known references when asked for an unknown one', () => {
    expect(() => selectEntries(['nginx:9'])).toThrow(/"nginx:9" is not in the image catalog/);
  });
});

describe('configInstructions', () => {
  it('turns image settings into Dockerfile instructions, quoting what needs it', () => {
    expect(
      configInstructions(
        { entrypoint: ['/entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], env: { PATH: '/usr/bin:/bin', GREETING: 'a "b" c' }, exposedPorts: ['80/tcp'], volumes: ['/data'], workdir: '/srv', user: 'app', stopSignal: 'SIGQUIT' },
        { [labelKeys.standIn]: 'true' },
      ),
    ).toEqual([
      'ENV PATH="/usr/bin:/bin"',
      'ENV GREETING="a \\"b\\" c"',
      'LABEL "org.kubecamp.stand-in"="true"',
      'EXPOSE 80/tcp',
      'VOLUME ["/data"]',
      'WORKDIR /srv',
      'USER app',
      'STOPSIGNAL SIGQUIT',
      'ENTRYPOINT ["/entrypoint.sh"]',
      'CMD ["nginx","-g","daemon off;"]',
    ]);
  });
});

describe('staleReason', () => {
  const image = (labels: Record<string, string> | null): ImageInspect => ({ Id: 'sha256:x', RepoTags: [], Created: '', Architecture: 'amd64', Os: 'linux', Size: 1, Config: { Labels: labels } });
  const nginx = findEntry('nginx:1.30-trixie')!;

  it('keeps real images and current stand-ins', () => {
    expect(staleReason(nginx, image(null))).toBeUndefined();
    expect(staleReason(nginx, image({ [labelKeys.standIn]: 'true', [labelKeys.recipe]: recipeDigest(nginx) }))).toBeUndefined();
  });

  it('rebuilds stand-ins whose recipe changed, and local images someone else built', () => {
    expect(staleReason(nginx, image({ [labelKeys.standIn]: 'true', [labelKeys.recipe]: 'old' }))).toMatch(/recipe changed \(old → /);
    expect(staleReason(findEntry('kubecamp/sandbox:1')!, image(null))).toMatch(/not built by kubecamp/);
  });

  it('changes the digest when the recipe changes', () => {
    const changed = { ...nginx, recipe: { ...nginx.recipe, packages: ['nginx', 'curl'] } } as CatalogEntry;
    expect(recipeDigest(changed)).not.toBe(recipeDigest(nginx));
    expect(recipeDigest({ ...nginx })).toBe(recipeDigest(nginx));
  });
});

describe('Go stand-ins', () => {
  it('name the Go version they copy from the host in their tag', () => {
    expect(findEntry('golang:1.26-bookworm')?.recipe).toMatchObject({ base: 'debian', hostGo: '1.26' });
    const go = (ref: string, hostGo: string) => entry({ ref, recipe: { base: 'debian', packages: [], hostGo } });
    expect(catalogProblems([go('golang:1.26-bookworm', '1.26'), go('golang:1.26', '1.26')])).toEqual([]);
    expect(catalogProblems([go('golang:1.25-bookworm', '1.26'), go('golang:1-bookworm', 'go1.26')])).toEqual([
      'catalog entry "golang:1.25-bookworm" copies the host\'s Go 1.26, which its tag does not name',
      'catalog entry "golang:1-bookworm" asks for the host\'s Go "go1.26"; write the major.minor version, e.g. 1.26',
    ]);
  });
});
