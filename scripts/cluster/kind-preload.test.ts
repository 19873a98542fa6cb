import { describe, expect, it } from 'vitest';
import { preloadRepository, preloadTag, restoreConfigChanges } from './kind-preload.ts';

describe('preloaded node image', () => {
  const images = [
    { ref: 'busybox:1.37', id: 'sha256:aaa' },
    { ref: 'nginx:1.30-trixie', id: 'sha256:bbb' },
  ];

  it('is tagged by the node image and each image with its ID, in any order', () => {
    const tag = preloadTag('sha256:node', images);
    expect(tag).toMatch(new RegExp(`^${preloadRepository}:[0-9a-f]{12}$`));
    expect(preloadTag('sha256:node', [...images].reverse())).toBe(tag);
    expect(preloadTag('sha256:node2', images)).not.toBe(tag);
    expect(preloadTag('sha256:node', [images[0]!, { ref: 'nginx:1.30-trixie', id: 'sha256:rebuilt' }])).not.toBe(tag);
    expect(preloadTag('sha256:node', [images[0]!])).not.toBe(tag);
  });

  it("gives the committed image its node image's entrypoint and command back", () => {
    expect(restoreConfigChanges({ Entrypoint: ['/usr/local/bin/entrypoint', '/sbin/init'], Cmd: null })).toEqual(['--change', 'ENTRYPOINT ["/usr/local/bin/entrypoint","/sbin/init"]', '--change', 'CMD []']);
    expect(restoreConfigChanges({ Entrypoint: ['/init'], Cmd: ['--x'] })).toEqual(['--change', 'ENTRYPOINT ["/init"]', '--change', 'CMD ["--x"]']);
  });
});
