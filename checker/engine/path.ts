import { imageMatches } from '../semantics/image-reference.ts';

/**
 * Read a value by path: `spec.template.spec.containers[name=web].image`,
 * `ports[0]`, `Config.ExposedPorts["3000/tcp"]`. Missing steps yield undefined.
 * A `[field=value]` selector reads the rest of the path from the first matching
 * item that has it, so `rules[host=a].http.paths[path=/api]` finds `/api` in
 * whichever of several `host: a` rules holds it. `[image=nginx]` picks the item
 * (a container) running that image as the runtime reads references
 * (`docker.io/library/nginx:1.30` runs `nginx`): whatever the learner named the
 * container and wherever it stands in the list.
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
  return resolve(value, parsePath(path));
}

function resolve(value: unknown, segments: PathSegment[]): unknown {
  let current: unknown = value;
  for (const [i, seg] of segments.entries()) {
    if (current === null || current === undefined) return undefined;
    if ('key' in seg) {
      if (typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[seg.key];
    } else if ('index' in seg) {
      if (!Array.isArray(current)) return undefined;
      current = current.at(seg.index);
    } else {
      if (!Array.isArray(current)) return undefined;
      // Several items may match (an Ingress may split one host over several rules): the value is
      // the rest of the path in the first matching item where that rest exists.
      const rest = segments.slice(i + 1);
      for (const item of current) {
        if (!item || typeof item !== 'object' || !itemMatches(item, seg)) continue;
        const found = resolve(item, rest);
        if (found !== undefined) return found;
      }
      return undefined;
    }
  }
  return current;
}

function itemMatches(item: object, seg: { where: string; equals: string }): boolean {
  const value = getPath(item, seg.where);
  if (seg.where === 'image') return typeof value === 'string' && imageMatches(value, seg.equals);
  return String(value) === seg.equals;
}
