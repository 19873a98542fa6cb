import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../checker/lib/logger.ts';
import { pullImage } from './docker-image.ts';

/** A `docker` first on PATH whose `pull` succeeds only for images named `ok/…`. */
function fakeDocker(): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), 'kc-docker-'));
  writeFileSync(
    join(bin, 'docker'),
    '#!/bin/sh\ncase "$2" in ok/*) echo "pulled $2"; exit 0;; esac\necho "Error response from daemon: Get \\"https://registry-1.docker.io/v2/\\": no such host" >&2\nexit 1\n',
  );
  chmodSync(join(bin, 'docker'), 0o755);
  return { PATH: `${bin}:/usr/bin:/bin` };
}

describe('pullImage', () => {
  it('marks a refused pull as failed and says why, and a pull that came as done', async () => {
    const env = fakeDocker();
    let out = '';
    const logger = createLogger({ write: (c: string) => (out += c) });
    const refused = await pullImage('kindest/node:v1', { env, logger, timeoutMs: 10_000 });
    expect(refused).toBe('Error response from daemon: Get "https://registry-1.docker.io/v2/": no such host');
    expect(out).toMatch(/✘ pulling kindest\/node:v1 failed after/);
    expect(out).not.toContain('✔');
    out = '';
    expect(await pullImage('ok/image:v1', { env, logger, timeoutMs: 10_000 })).toBeUndefined();
    expect(out).toMatch(/✔ pulling ok\/image:v1 \(/);
  });
});
