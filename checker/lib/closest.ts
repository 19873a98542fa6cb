/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/**
 * The option nearest to a misspelt word, for "did you mean …?" hints: closer
 * than `maxDistance` after `normalise`, or null.
 */
export function closest(word: string, options: Iterable<string>, maxDistance = 3, normalise: (s: string) => string = (s) => s): string | null {
  let best: string | null = null;
  let bestDist = maxDistance;
  for (const o of options) {
    const d = editDistance(normalise(word), normalise(o));
    if (d < bestDist) [best, bestDist] = [o, d];
  }
  return best;
}
