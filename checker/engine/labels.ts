/**
 * Label selectors as kubectl takes them: `app=web`, `app==web`, `tier!=db`,
 * `env in (a,b)`, `env notin (c)`, `release`, `!canary`.
 */
type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'absent' };

export function parseSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map((raw) => {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p))) {
      return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter(Boolean) };
    }
    if ((m = /^([^!=\s]+)\s*!=\s*(\S*)$/.exec(p))) return { key: m[1], op: 'notin', values: [m[2]] };
    if ((m = /^([^!=\s]+)\s*==?\s*(\S*)$/.exec(p))) return { key: m[1], op: 'in', values: [m[2]] };
    if ((m = /^!\s*(\S+)$/.exec(p))) return { key: m[1], op: 'absent' };
    if (/^\S+$/.test(p)) return { key: p, op: 'exists' };
    throw new Error(`cannot read label selector "${selector}" at "${p}"`);
  });
}

export function matchesSelector(labels: Record<string, string> | undefined, selector: string): boolean {
  const l = labels ?? {};
  return parseSelector(selector).every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'absent':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
    }
  });
}

/** A Service-style selector map as a selector string. */
export function selectorFromMap(map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
}
