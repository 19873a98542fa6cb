/**
 * Which backend an Ingress sends a request to, by the Kubernetes matching rules:
 * a rule's host matches exactly or by a `*.` wildcard (one DNS label), a rule without
 * host matches every host; `Exact` paths match the whole path, `Prefix` paths match
 * element by element split at `/` (`/api/` ≡ `/api`; `/api` matches `/api/x` but not
 * `/apidocs`); the longest matching path wins, `Exact` before `Prefix` at equal length.
 * `ImplementationSpecific` is read as `Prefix`. No match: `spec.defaultBackend`.
 */
export interface Backend {
  service?: string;
  /** `port.number`, or `port.name` when the Ingress names the Service port. */
  port?: number | string;
  resource?: string;
}

export interface Route {
  backend: Backend;
  /** How the request matched, for messages: `host shop.local, Prefix /api`. */
  via: string;
}

function splitElements(path: string): string[] {
  return path.split('/').filter((e) => e !== '');
}

export function pathMatches(pathType: string | undefined, rulePath: string | undefined, requestPath: string): boolean {
  const rule = rulePath ?? '/';
  if (pathType === 'Exact') return rule === requestPath;
  const want = splitElements(rule);
  const got = splitElements(requestPath);
  return want.length <= got.length && want.every((e, i) => e === got[i]);
}

export function hostMatches(ruleHost: string | undefined, host: string): boolean {
  if (!ruleHost) return true;
  if (ruleHost.startsWith('*.')) {
    const suffix = ruleHost.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') && host.length > suffix.length;
  }
  return ruleHost.toLowerCase() === host.toLowerCase();
}

function backendOf(b: any): Backend {
  if (b?.resource) return { resource: `${b.resource.kind}/${b.resource.name}` };
  const port = b?.service?.port?.number ?? b?.service?.port?.name;
  return { service: b?.service?.name, ...(port !== undefined ? { port } : {}) };
}

export function route(ingress: any, host: string, path: string): Route | null {
  const rules: any[] = ingress?.spec?.rules ?? [];
  const tiers = [
    rules.filter((r) => r.host && !r.host.startsWith('*.') && hostMatches(r.host, host)),
    rules.filter((r) => r.host?.startsWith('*.') && hostMatches(r.host, host)),
    rules.filter((r) => !r.host),
  ];
  for (const tier of tiers) {
    const candidates = tier.flatMap((r) =>
      (r.http?.paths ?? []).filter((p: any) => pathMatches(p.pathType, p.path, path)).map((p: any) => ({ rule: r, p })),
    );
    if (candidates.length === 0) continue;
    candidates.sort((a, b) => {
      const la = splitElements(a.p.path ?? '/').length;
      const lb = splitElements(b.p.path ?? '/').length;
      if (la !== lb) return lb - la;
      return (b.p.pathType === 'Exact' ? 1 : 0) - (a.p.pathType === 'Exact' ? 1 : 0);
    });
    const best = candidates[0];
    return { backend: backendOf(best.p.backend), via: `${best.rule.host ? `host ${best.rule.host}` : 'any host'}, ${best.p.pathType ?? 'Prefix'} ${best.p.path ?? '/'}` };
  }
  const fallback = ingress?.spec?.defaultBackend;
  return fallback ? { backend: backendOf(fallback), via: 'the default backend' } : null;
}

export function describeBackend(b: Backend): string {
  if (b.resource) return `resource ${b.resource}`;
  return `Service ${b.service ?? '(none)'} port ${b.port ?? '(none)'}`;
}
