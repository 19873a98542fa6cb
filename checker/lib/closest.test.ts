import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './closest.ts';

describe('closest', () => {
  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest option within the distance, else nothing', () => {
    expect(closest('COPPY', ['COPY', 'CMD', 'ADD'])).toBe('COPY');
    expect(closest('depends-on', ['depends_on', 'image'], 3, (s) => s.replace(/[-_]/g, ''))).toBe('depends_on');
    expect(closest('xyzzy', ['COPY', 'CMD'])).toBeNull();
  });
});
