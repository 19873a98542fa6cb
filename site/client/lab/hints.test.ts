import { describe, expect, it } from 'vitest';
import { hintButtonLabel, nextHint, shownHints } from './hints.ts';

describe('nextHint', () => {
  it('offers the first hint at any time', () => {
    expect(nextHint(3, { attempts: 0, hintsShown: 0 })).toEqual({ kind: 'available', index: 0, total: 3 });
  });

  it('unlocks each further hint with another failed check', () => {
    expect(nextHint(3, { attempts: 0, hintsShown: 1 })).toEqual({ kind: 'locked', index: 1, total: 3, reason: 'Try again (a failed check unlocks it), or it unlocks in 4 min.' });
    expect(nextHint(3, { attempts: 1, hintsShown: 1 })).toEqual({ kind: 'available', index: 1, total: 3 });
    expect(nextHint(3, { attempts: 5, hintsShown: 2 })).toEqual({ kind: 'available', index: 2, total: 3 });
  });

  it('unlocks each further hint after some minutes on the lab, without another attempt', () => {
    expect(nextHint(3, { attempts: 0, hintsShown: 1 }, { minutesOpen: 1.5 })).toEqual({ kind: 'locked', index: 1, total: 3, reason: 'Try again (a failed check unlocks it), or it unlocks in 3 min.' });
    expect(nextHint(3, { attempts: 0, hintsShown: 1 }, { minutesOpen: 4 })).toEqual({ kind: 'available', index: 1, total: 3 });
    expect(nextHint(3, { attempts: 0, hintsShown: 2 }, { minutesOpen: 5 })).toMatchObject({ kind: 'locked', reason: 'Try again (a failed check unlocks it), or it unlocks in 3 min.' });
    expect(nextHint(3, { attempts: 0, hintsShown: 2 }, { minutesOpen: 8 })).toEqual({ kind: 'available', index: 2, total: 3 });
  });

  it('opens up to the hint that fits a known mistake at once', () => {
    expect(nextHint(3, { attempts: 0, hintsShown: 1 }, { fits: 3 })).toEqual({ kind: 'available', index: 1, total: 3 });
    expect(nextHint(3, { attempts: 0, hintsShown: 2 }, { fits: 3 })).toEqual({ kind: 'available', index: 2, total: 3 });
    expect(nextHint(3, { attempts: 0, hintsShown: 2 }, { fits: 2 })).toMatchObject({ kind: 'locked', index: 2 });
  });

  it('has nothing more once every hint is shown, or when there are none', () => {
    expect(nextHint(3, { attempts: 9, hintsShown: 3 })).toEqual({ kind: 'none' });
    expect(nextHint(0, { attempts: 0, hintsShown: 0 })).toEqual({ kind: 'none' });
    expect(nextHint(2, { attempts: 9, hintsShown: 7 })).toEqual({ kind: 'none' });
  });
});

describe('shownHints and hintButtonLabel', () => {
  it('lists the opened hints and labels the button with the next', () => {
    expect(shownHints(['a', 'b', 'c'], 2)).toEqual(['a', 'b']);
    expect(shownHints(['a'], 5)).toEqual(['a']);
    expect(shownHints(['a'], -1)).toEqual([]);
    expect(hintButtonLabel({ kind: 'available', index: 1, total: 3 })).toBe('Show hint 2 of 3');
    expect(hintButtonLabel({ kind: 'none' })).toBe('No more hints');
  });
});
