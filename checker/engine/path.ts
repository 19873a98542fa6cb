/**
 * Read a value by path: `spec.template.spec.containers[name=web].image`,
 * `ports[0]`, `Config.ExposedPorts["3000/tcp"]`. Missing steps yield undefined.
 */
export type PathSegment = { key: string } | { index: number } | { where: string; equals: string };

export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  const n = path.length;
  while (i < n) {
    const ch = path[i];
    if (ch === '.') {
      i++;
      continue;
    }
    if (ch === '[') {
      const close = findClose(path, i);
      const inner = path.slice(i + 1, close).trim();
      i = close + 1;
      if (/^-?\d+$/.test(inner)) segments.push({ index: Number(inner) });
      else if (/^["'].*["']$/.test(inner)) segments.push({ key: inner.slice(1, -1) });
      else {
        const eq = inner.indexOf('=');
        if (eq < 1) throw new Error(`bad path segment [${inner}] in "${path}": use [0], [name=value] or ["key"]`);
        segments.push({ where: inner.slice(0, eq).trim(), equals: inner.slice(eq + 1).trim().replace(/^["']|["']$/g, '') });
      }
      continue;
    }
    let j = i;
    while (j < n && path[j] !== '.' && path[j] !== '[') j++;
    segments.push({ key: path.slice(i, j) });
    i = j;
  }
  return segments;
}

function findClose(path: string, open: number): number {
  let quote: string | null = null;
  for (let k = open + 1; k < path.length; k++) {
    const c = path[k];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ']') return k;
  }
  throw new Error(`unclosed [ in path "${path}"`);
}

export function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const seg of parsePath(path)) {
    if (current === null || current === undefined) return undefined;
    if ('key' in seg) {
      if (typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[seg.key];
    } else if ('index' in seg) {
      if (!Array.isArray(current)) return undefined;
      current = current.at(seg.index);
    } else {
      if (!Array.isArray(current)) return undefined;
      current = current.find((item) => item && typeof item === 'object' && String(getPath(item, seg.where)) === seg.equals);
    }
  }
  return current;
}
