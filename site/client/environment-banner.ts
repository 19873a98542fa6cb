import type { EnvironmentStatus } from '../server/environment-status.ts';

/** One piece of the banner: plain text, a command to copy, or an engine's state. */
export type BannerPart =
  | { kind: 'text'; text: string }
  | { kind: 'command'; text: string }
  | { kind: 'engine'; name: string; state: 'up' | 'down' | 'starting' | 'failed' };

export interface BannerLine {
  parts: BannerPart[];
}

function elapsed(since: string, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(since)) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** What the banner says about `/api/environment`, one line per engine. Pure, so it is tested. */
export function describeEnvironment(status: EnvironmentStatus, now: Date = new Date()): BannerLine[] {
  const lines: BannerLine[] = [];
  const k = status.kubernetes;
  if (k.running) {
    lines.push({
      parts: [
        { kind: 'engine', name: 'Kubernetes', state: 'up' },
        { kind: 'text', text: `${k.engine}${k.version ? ` ${k.version}` : ''}, context ` },
        { kind: 'command', text: k.context },
      ],
    });
  } else if (status.starting) {
    lines.push({
      parts: [
        { kind: 'engine', name: 'Kubernetes', state: 'starting' },
        // The step and an estimate when the start records them; else its latest output line.
        { kind: 'text', text: `starting (${elapsed(status.starting.since, now)})${status.starting.progress || status.starting.lastLine ? ': ' : '…'}` },
        ...(status.starting.progress || status.starting.lastLine ? [{ kind: 'text' as const, text: (status.starting.progress ?? status.starting.lastLine)! }] : []),
      ],
    });
  } else if (status.startFailed) {
    lines.push({
      parts: [
        { kind: 'engine', name: 'Kubernetes', state: 'failed' },
        { kind: 'text', text: `could not start${status.startFailed.lastLine ? ` (${status.startFailed.lastLine})` : ''}; run ` },
        { kind: 'command', text: k.start },
        { kind: 'text', text: ' to see why' },
      ],
    });
  } else {
    lines.push({
      parts: [
        { kind: 'engine', name: 'Kubernetes', state: 'down' },
        { kind: 'text', text: 'not running; start it with ' },
        { kind: 'command', text: k.start },
      ],
    });
  }
  const d = status.docker;
  lines.push(
    d.running
      ? { parts: [{ kind: 'engine', name: 'Docker', state: 'up' }, { kind: 'text', text: d.version ? `engine ${d.version}` : 'engine running' }] }
      : {
          parts: [
            { kind: 'engine', name: 'Docker', state: 'down' },
            { kind: 'text', text: 'not running; start it with ' },
            { kind: 'command', text: d.start },
          ],
        },
  );
  return lines;
}

/** What the banner says when the API refuses this browser: it has not got the server's token yet. */
export function describeNoToken(): BannerLine[] {
  return [
    {
      parts: [
        { kind: 'text', text: 'The labs need this server’s token: open the address ' },
        { kind: 'command', text: 'npm start' },
        { kind: 'text', text: ' printed (it ends in ?token=…) once in this browser.' },
      ],
    },
  ];
}

function render(el: HTMLElement, lines: BannerLine[]): void {
  const doc = el.ownerDocument;
  el.replaceChildren(
    ...lines.map((line) => {
      const row = doc.createElement('p');
      for (const part of line.parts) {
        if (part.kind === 'engine') {
          const name = doc.createElement('strong');
          name.className = `kc-env-engine kc-env-${part.state}`;
          name.textContent = part.name;
          row.append(name, ' ');
        } else if (part.kind === 'command') {
          const code = doc.createElement('code');
          code.textContent = part.text;
          row.append(code);
        } else row.append(part.text);
      }
      return row;
    }),
  );
}

/**
 * Keep `el` showing `/api/environment`: every few seconds while the cluster is
 * starting, every 20 s otherwise. Without the API (the site on a static host)
 * it stays hidden and stops asking.
 */
export function startEnvironmentBanner(el: HTMLElement, endpoint = '/api/environment'): void {
  let everAnswered = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(refresh, ms);
  };

  async function refresh(): Promise<void> {
    let status: EnvironmentStatus;
    try {
      const res = await fetch(endpoint, { cache: 'no-store', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
      if (res.status === 401 || res.status === 403) {
        render(el, describeNoToken());
        el.dataset.state = 'down';
        el.hidden = false;
        return;
      }
      if (!res.ok || !(res.headers.get('content-type') ?? '').includes('application/json')) throw new Error(`HTTP ${res.status}`);
      status = (await res.json()) as EnvironmentStatus;
      if (!status?.kubernetes || !status?.docker) throw new Error('unexpected answer');
    } catch {
      el.hidden = true;
      if (everAnswered) schedule(20_000);
      return;
    }
    everAnswered = true;
    render(el, describeEnvironment(status));
    el.dataset.state = status.kubernetes.running ? 'up' : status.starting ? 'starting' : 'down';
    el.hidden = false;
    schedule(status.starting ? 3000 : 20_000);
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && everAnswered) void refresh();
  });
  void refresh();
}
