/** Percentile of a sample (nearest-rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function formatRow(name: string, value: string, goal?: string, ok?: boolean): string {
  const verdict = goal === undefined ? '' : ok ? `  ✔ goal ${goal}` : `  ✘ goal ${goal}`;
  return `${name.padEnd(46)} ${value.padStart(12)}${verdict}`;
}
