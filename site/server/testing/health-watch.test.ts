import { describe, expect, it } from 'vitest';
import { expectResponsive, readHealthLines } from './health-watch.ts';

describe('health watch', () => {
  it("reads the server's and the control's times, and the failures", () => {
    expect(readHealthLines('3.5 1.2\n250.1 180\nfailed: aborted 2\nHTTP 503 1.1\n')).toEqual({ worstMs: 250.1, controlWorstMs: 180, answers: 2, failures: ['failed: aborted', 'HTTP 503'] });
  });

  it('allows the bound plus the delay the control saw, and no more', () => {
    expect(() => expectResponsive(readHealthLines('350 180\n'))).not.toThrow();
    expect(() => expectResponsive(readHealthLines('2500 180\n'))).toThrow(/slowest \/api\/health 2500 ms; slowest control 180 ms/);
    expect(() => expectResponsive(readHealthLines('201 0.5\n'))).toThrow();
    expect(() => expectResponsive(readHealthLines(''))).toThrow();
  });
});
