import { describe, expect, it } from 'vitest';
import { formatDuration } from './logger.ts';

describe('formatDuration', () => {
  it('prints milliseconds, seconds with a tenth, then minutes and whole seconds', () => {
    expect(formatDuration(741)).toBe('741 ms');
    expect(formatDuration(20_200)).toBe('20.2 s');
    expect(formatDuration(95_000)).toBe('1 min 35 s');
  });

  it('never prints 60 seconds: a minute and 59.6 s rounds up to the next minute', () => {
    expect(formatDuration(539_543)).toBe('9 min 0 s');
    expect(formatDuration(119_600)).toBe('2 min 0 s');
  });
});
