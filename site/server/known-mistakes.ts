import { loadVariants } from '../../checker/labs/load.ts';
import type { LoadedLab } from '../../checker/engine/engine.ts';
import { inLabNamespace } from '../../checker/checks/lab-namespace-name.ts';
import type { KnownMistake } from '../shared/lab-view.ts';

/**
 * The lab's known-wrong variants as the pane shows them: per task, the failure
 * message fragment that identifies the mistake, its description and the hint
 * that fits it, with `<namespace>` in a message filled as the checker fills it.
 * Never the variant's steps or files (those would be answers).
 */
export async function knownMistakes(loaded: LoadedLab, namespace: string): Promise<Record<string, KnownMistake[]>> {
  const out: Record<string, KnownMistake[]> = {};
  for (const { variant } of await loadVariants(loaded)) {
    (out[variant.fails] ??= []).push({ message: inLabNamespace(variant.message, namespace), description: variant.description, ...(variant.hint !== undefined ? { hint: variant.hint } : {}) });
  }
  return out;
}
