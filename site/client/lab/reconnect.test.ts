import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './reconnect.ts';

describe('reconnectDelay', () => {
  it('doubles from 250 ms up to 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => reconnectDelay(n, () => 0.5))).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('jitters by ±20 %', () => {
    expect(reconnectDelay(2, () => 0)).toBe(800);
    expect(reconnectDelay(2, () => 1)).toBe(1200);
  });
});
