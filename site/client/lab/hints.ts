/**
 * Hints open one at a time, least revealing first: the first at any time, each
 * further one after another failed "Check" of the task, so a learner tries
 * before reading more.
 */
export type HintOffer =
  | { kind: 'available'; index: number; total: number }
  | { kind: 'locked'; index: number; total: number; reason: string }
  | { kind: 'none' };

export function nextHint(hintCount: number, progress: { attempts: number; hintsShown: number }): HintOffer {
  const index = Math.min(progress.hintsShown, hintCount);
  if (index >= hintCount) return { kind: 'none' };
  if (index > progress.attempts) {
    return { kind: 'locked', index, total: hintCount, reason: 'Check your work again to unlock the next hint.' };
  }
  return { kind: 'available', index, total: hintCount };
}

/** The hints the learner has opened so far. */
export function shownHints(hints: string[], hintsShown: number): string[] {
  return hints.slice(0, Math.max(0, Math.min(hintsShown, hints.length)));
}

export function hintButtonLabel(offer: HintOffer): string {
  if (offer.kind === 'none') return 'No more hints';
  return `Show hint ${offer.index + 1} of ${offer.total}`;
}
