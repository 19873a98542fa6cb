import { describe, expect, it } from 'vitest';
import { escalateUnknownFields, markerSeverity } from './yaml-markers.ts';

describe('escalateUnknownFields', () => {
  it('makes a field the schema does not allow an error, naming why', () => {
    const markers = [
      { severity: markerSeverity.Warning, message: 'Property containerport is not allowed.', startLineNumber: 9 },
      { severity: markerSeverity.Warning, message: 'Incorrect type. Expected "integer".', startLineNumber: 10 },
      { severity: markerSeverity.Error, message: 'Nested mappings are not allowed in compact mappings', startLineNumber: 11 },
    ];
    expect(escalateUnknownFields(markers)).toEqual([
      { severity: markerSeverity.Error, message: 'Property containerport is not allowed. The API server rejects unknown fields: check its spelling and indentation.', startLineNumber: 9 },
      markers[1],
      markers[2],
    ]);
  });

  it('leaves markers alone when nothing needs it (so setting them again does not loop)', () => {
    expect(escalateUnknownFields([{ severity: markerSeverity.Error, message: 'Property x is not allowed. The API server rejects unknown fields: check its spelling and indentation.' }])).toBeUndefined();
    expect(escalateUnknownFields([])).toBeUndefined();
  });
});
