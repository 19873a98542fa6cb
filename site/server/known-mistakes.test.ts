import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLabsRoot, loadLab } from '../../checker/labs/load.ts';
import { knownMistakes } from './known-mistakes.ts';

describe('knownMistakes', () => {
  it("lists a lab's wrong variants by failing task: message fragment and description, never steps", async () => {
    const mistakes = await knownMistakes(await loadLab(join(defaultLabsRoot, 'configmaps-and-secrets')), 'lab-configmaps-and-secrets');
    expect(Object.keys(mistakes).sort()).toEqual(['create-configmap', 'create-secret', 'env-vars', 'mount-secret']);
    expect(mistakes['create-configmap']).toEqual([
      expect.objectContaining({ message: 'data.LOG_LEVEL is not set, expected "info": the ConfigMap has keys [app.env]; expected LOG_LEVEL, CACHE_TTL — use --from-env-file', description: expect.stringContaining('--from-file') }),
      expect.objectContaining({ message: 'data.CACHE_TTL is "300.0", expected "300"', description: expect.stringContaining('holds text, not numbers') }),
    ]);
    expect(JSON.stringify(mistakes)).not.toMatch(/steps|kubectl create secret generic/);
  });

  it('fills <namespace> in a message with the learner\'s namespace, as the checker does in its messages', async () => {
    const mistakes = await knownMistakes(await loadLab(join(defaultLabsRoot, 'ingress')), 'team-7');
    expect(mistakes.route.map((m) => m.message)).toContain(
      'sends http://shop.team-7.example.com/api to Service api port 80 (host shop.team-7.example.com, Prefix /api), expected Service api port 8080',
    );
  });
});
