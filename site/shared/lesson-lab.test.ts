import { describe, expect, it } from 'vitest';
import { placesLabItself } from './lesson-lab.ts';

describe('placesLabItself', () => {
  it('sees a <Lab> element in the lesson', () => {
    expect(placesLabItself('## Lab\n\n<Lab id="deployments" />\n')).toBe(true);
    expect(placesLabItself('<Lab\n  id="pods"\n/>')).toBe(true);
  });

  it('is not fooled by other components or prose', () => {
    expect(placesLabItself('## Lab\n\nCreate a Deployment.')).toBe(false);
    expect(placesLabItself('<LabNotes />')).toBe(false);
    expect(placesLabItself(undefined)).toBe(false);
  });
});
