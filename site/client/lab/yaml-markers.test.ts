import { describe, expect, it } from 'vitest';
import { markerSeverity, tidyManifestMarkers } from './yaml-markers.ts';

describe('tidyManifestMarkers', () => {
  it('makes a field the schema does not allow an error, naming why', () => {
    const markers = [
      { severity: markerSeverity.Warning, message: 'Property containerport is not allowed.', startLineNumber: 9 },
      { severity: markerSeverity.Warning, message: 'Incorrect type. Expected "integer".', startLineNumber: 10 },
      { severity: markerSeverity.Error, message: 'Nested mappings are not allowed in compact mappings', startLineNumber: 11 },
    ];
    expect(tidyManifestMarkers(markers)).toEqual([
      { severity: markerSeverity.Error, message: 'Property containerport is not allowed. The API server rejects unknown fields: check its spelling and indentation.', startLineNumber: 9 },
      markers[1],
      markers[2],
    ]);
  });

  it('drops an empty "Valid values" list and names the schema plainly', () => {
    expect(tidyManifestMarkers([{ severity: markerSeverity.Warning, message: 'Value is not accepted. Valid values: .', source: 'yaml-schema: kubernetes.json' }])).toEqual([
      { severity: markerSeverity.Warning, message: 'Value is not accepted.', source: 'Kubernetes schema' },
    ]);
    expect(tidyManifestMarkers([{ severity: markerSeverity.Warning, message: 'Value is not accepted. Valid values: "TCP", "UDP".', source: 'YAML' }])).toBeUndefined();
  });

  it('leaves tidy markers alone (so setting them again does not loop)', () => {
    const tidy = tidyManifestMarkers([{ severity: markerSeverity.Warning, message: 'Property x is not allowed.', source: 'yaml-schema: k.json' }])!;
    expect(tidyManifestMarkers(tidy)).toBeUndefined();
    expect(tidyManifestMarkers([])).toBeUndefined();
  });
});
