/** An API answer that was not 2xx: its `{ error, fix }` body, or the HTTP status. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly fix?: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message and fix of an API error body, or a fallback for bodies that are not ours. */
export function describeApiError(status: number, body: unknown): { message: string; fix?: string } {
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
    const { error, fix } = body as { error: string; fix?: unknown };
    return typeof fix === 'string' ? { message: error, fix } : { message: error };
  }
  return { message: status === 0 ? 'the kubecamp server does not answer' : `the server answered HTTP ${status}` };
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      // x-kubecamp: the server refuses a request that changes something without it or a JSON body (a form on another site can send neither).
      headers: init.body === undefined ? { accept: 'application/json', 'x-kubecamp': '1' } : { accept: 'application/json', 'content-type': 'application/json', 'x-kubecamp': '1' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
      signal: init.signal,
    });
  } catch {
    const d = describeApiError(0, undefined);
    throw new ApiError(0, d.message, 'start it with `npm start`');
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const d = describeApiError(res.status, body);
    throw new ApiError(res.status, d.message, d.fix);
  }
  return body as T;
}

/** `/api/labs/<id>/files/<path>` with each path segment encoded. */
export function fileUrl(labId: string, path: string): string {
  return `/api/labs/${encodeURIComponent(labId)}/files/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** `ws://host/api/…` for the page's own server. */
export function socketUrl(path: string, loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}
