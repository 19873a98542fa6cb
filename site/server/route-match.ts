/**
 * Route patterns: `/api/labs/:id/files/*` — `:name` matches one segment, a
 * trailing `*` the rest of the path (as `params['*']`). Segments are matched
 * raw and decoded afterwards, so an encoded `/` stays inside its segment.
 */
export interface CompiledRoute {
  pattern: string;
  regex: RegExp;
  names: string[];
}

export function compileRoute(pattern: string): CompiledRoute {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      if (segment === '*') {
        names.push('*');
        return '(.+)';
      }
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern, regex: new RegExp(`^${source}/?$`), names };
}

/** The decoded parameters when `pathname` matches, else undefined; a bad escape does not match. */
export function matchRoute(route: CompiledRoute, pathname: string): Record<string, string> | undefined {
  const m = route.regex.exec(pathname);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  try {
    route.names.forEach((name, i) => {
      const raw = m[i + 1]!;
      params[name] = name === '*' ? raw.split('/').map(decodeURIComponent).join('/') : decodeURIComponent(raw);
    });
  } catch {
    return undefined;
  }
  return params;
}
