/** The part of a Monaco marker this looks at (MarkerSeverity: Warning 4, Error 8). */
export interface MarkerLike {
  severity: number;
  message: string;
  source?: string;
}

export const markerSeverity = { Warning: 4, Error: 8 } as const;

const unknownField = /^Property .+ is not allowed\.?$/;
const emptyValidValues = /\s*Valid values: \.$/;

/**
 * The YAML language server's markers, made to read cleanly in a Kubernetes
 * manifest: a field the schema does not allow ("Property containerport is not
 * allowed.") is a warning there, but the API server rejects such a manifest, so
 * it is an error here; "Valid values: ." with no values is dropped; the source
 * "yaml-schema: kubernetes.json" reads "Kubernetes schema". Returns undefined
 * when nothing changed (so setting the markers again does not loop).
 */
export function tidyManifestMarkers<M extends MarkerLike>(markers: M[]): M[] | undefined {
  let changed = false;
  const out = markers.map((m) => {
    let next = m;
    if (m.severity === markerSeverity.Warning && unknownField.test(m.message)) {
      next = { ...next, severity: markerSeverity.Error, message: `${m.message} The API server rejects unknown fields: check its spelling and indentation.` };
    }
    if (emptyValidValues.test(next.message)) next = { ...next, message: next.message.replace(emptyValidValues, '').replace(/\.?$/, '.') };
    if (next.source?.startsWith('yaml-schema: ')) next = { ...next, source: 'Kubernetes schema' };
    if (next !== m) changed = true;
    return next;
  });
  return changed ? out : undefined;
}
