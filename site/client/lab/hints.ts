/**
 * Hints open one at a time, least revealing first: the first at any time, each
 * further one after another failed attempt at the task (a failed "Check", or a
 * new live failure of work the learner touched), after some minutes on the lab,
 * or at once when the learner's failure is a known mistake whose hint it is.
 */
export type HintOffer =
  | { kind: 'available'; index: number; total: number }
  | { kind: 'locked'; index: number; total: number; reason: string }
  | { kind: 'none' };

/** Minutes with the lab open that unlock each further hint without another attempt. */
export const minutesPerHint = 4;

export interface HintContext {
  /** Minutes since the lab pane was opened (0 when unknown). */
  minutesOpen?: number;
  /** The hint (from 1) that fits the learner's current failure: it and those before it can be opened. */
  fits?: number;
}

export function nextHint(hintCount: number, progress: { attempts: number; hintsShown: number }, context: HintContext = {}): HintOffer {
  const index = Math.min(progress.hintsShown, hintCount);
  if (index >= hintCount) return { kind: 'none' };
  const byTime = (context.minutesOpen ?? 0) >= index * minutesPerHint;
  const byMistake = context.fits !== undefined && context.fits - 1 >= index;
  if (index > progress.attempts && !byTime && !byMistake) {
    const wait = Math.max(1, Math.ceil(index * minutesPerHint - (context.minutesOpen ?? 0)));
    return { kind: 'locked', index, total: hintCount, reason: `Try again (a failed check unlocks it), or it unlocks in ${wait} min.` };
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
