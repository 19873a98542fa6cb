/** The part of a Monaco marker this looks at (MarkerSeverity: Warning 4, Error 8). */
export interface MarkerLike {
  severity: number;
  message: string;
}

export const markerSeverity = { Warning: 4, Error: 8 } as const;

/**
 * The YAML language server reports a field the schema does not allow
 * ("Property containerport is not allowed.") as a warning; the API server
 * rejects such a manifest, so in a Kubernetes manifest it is an error. Returns
 * the markers with those raised to errors, or undefined when none needed it.
 */
export function escalateUnknownFields<M extends MarkerLike>(markers: M[]): M[] | undefined {
  let changed = false;
  const out = markers.map((m) => {
    if (m.severity !== markerSeverity.Warning || !/^Property .+ is not allowed\.?$/.test(m.message)) return m;
    changed = true;
    return { ...m, severity: markerSeverity.Error, message: `${m.message} The API server rejects unknown fields: check its spelling and indentation.` };
  });
  return changed ? out : undefined;
}
