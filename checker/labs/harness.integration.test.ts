import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChecker } from '../engine/engine.ts';
import { localEnvironment } from '../environments/local.ts';
import { testLab } from './harness.ts';
import { findLab, labIds } from './load.ts';

/**
 * The full harness for every lab on the real environments (kwok control plane,
 * Docker engine, Linux sandbox). Every phase must hold: starter fails all tasks,
 * solution passes all, each valid alternative under right/ passes, each wrong
 * variant fails its task with its message.
 */
const environment = localEnvironment();
const checker = createChecker({ environment });
afterAll(() => environment.close());

describe.each(await labIds())('labs test %s', (id) => {
  it('proves every phase', async () => {
    const loaded = await findLab(id);
    const report = await testLab(loaded, {
      checker,
      environment,
      namespace: `it-${id}`.slice(0, 63),
      workspace: mkdtempSync(join(tmpdir(), `kubecamp-it-${id}-`)),
    });
    const failed = report.phases.filter((p) => !p.ok).map((p) => `${p.name}:\n${p.detail}`);
    expect(failed, failed.join('\n\n')).toEqual([]);
    // starter, solution, and at least two wrong variants
    expect(report.phases.length).toBeGreaterThanOrEqual(4);
  });
});
