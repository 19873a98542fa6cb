import { describe, expect, it } from 'vitest';
import { inLabNamespace } from './lab-namespace-name.ts';

describe('inLabNamespace', () => {
  it('puts the lab namespace where <namespace> stands, everywhere in the value', () => {
    expect(inLabNamespace('<namespace>-blue', 'lab-x')).toBe('lab-x-blue');
    expect(inLabNamespace('<namespace>:<namespace>-bot', 'it-a')).toBe('it-a:it-a-bot');
  });

  it('leaves other values as they are', () => {
    expect(inLabNamespace('team-blue', 'lab-x')).toBe('team-blue');
    expect(inLabNamespace(undefined, 'lab-x')).toBeUndefined();
  });
});
