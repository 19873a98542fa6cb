import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { evaluateAssertion } from '../engine/assert.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { checkOutput } from './output.ts';
import { pattern } from '../engine/pattern.ts';

function isRootUser(user: string | undefined): boolean {
  const u = (user ?? '').trim();
  return u === '' || u === 'root' || u === '0' || u.startsWith('0:') || u.startsWith('root:');
}

/**
 * An image reference in the short form Docker prints (`nginx:1.27`): Docker Hub's host and its
 * `library/` namespace dropped, since `docker.io/library/nginx:1.27`, `library/nginx:1.27` and
 * `nginx:1.27` name the same image. References to other registries are returned unchanged.
 */
export function familiarImageName(ref: string): string {
  const rest = ref.replace(/^(?:docker\.io|index\.docker\.io)\//, '');
  return rest.startsWith('library/') ? rest.slice('library/'.length) : rest;
}

/** Whether a container's image matches the check's pattern, as written or in its short form. */
const imageMatches = (re: RegExp, image: string) => re.test(image) || re.test(familiarImageName(image));

/**
 * Whether a container runs an image the pattern names: by the reference it was started with
 * (`Config.Image`) or, when that was an image ID or another tag of the same image
 * (`docker run 3f1c…`), by any tag the image has.
 */
async function runsImage(ctx: CheckContext, container: any, re: RegExp): Promise<boolean> {
  if (imageMatches(re, container.Config?.Image ?? '')) return true;
  if (!container.Image) return false;
  const image = await ctx.docker().inspectImage(container.Image);
  return (image?.RepoTags ?? []).some((tag: string) => imageMatches(re, tag));
}

export async function dockerImage(check: CheckOf<'docker.image'>, ctx: CheckContext): Promise<Outcome> {
  const image = await ctx.docker().inspectImage(check.ref);
  if (!image) return fail(`image ${check.ref} not found locally (build or tag it with exactly this name)`, { expected: check.ref, actual: 'not found' });
  if (check.nonRoot && isRootUser(image.Config?.User)) {
    return fail(`image ${check.ref} runs as ${image.Config?.User ? `"${image.Config.User}"` : 'root (no USER set)'}; set a non-root USER in the final stage`, {
      expected: 'a non-root user',
      actual: image.Config?.User || 'root',
    });
  }
  const layers = image.RootFS?.Layers?.length ?? 0;
  if (check.maxLayers !== undefined && layers > check.maxLayers) {
    return fail(`image ${check.ref} has ${layers} layers, expected at most ${check.maxLayers}`, { expected: `≤ ${check.maxLayers}`, actual: String(layers) });
  }
  const sizeMB = (image.Size ?? 0) / 1e6;
  if (check.maxSizeMB !== undefined && sizeMB > check.maxSizeMB) {
    return fail(`image ${check.ref} is ${sizeMB.toFixed(1)} MB, expected at most ${check.maxSizeMB} MB`, { expected: `≤ ${check.maxSizeMB} MB`, actual: `${sizeMB.toFixed(1)} MB` });
  }
  for (const a of check.expect) {
    const r = evaluateAssertion(image, a);
    if (!r.ok) return fail(`image ${check.ref}: ${r.message}`, { expected: r.expected, actual: r.actual });
  }
  if (check.starts) {
    const trouble = await startTrouble(check.ref, image.Id, check.starts, ctx);
    if (trouble) return trouble;
  }
  return pass(`image ${check.ref} (${layers} layers, ${sizeMB.toFixed(1)} MB) as expected${check.starts ? `; a container from it runs` : ''}`);
}

const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/** The last lines of a container's output, quoted for a message. */
function lastLines(output: string, n = 3): string {
  return clip(output.split('\n').map((l) => l.trim()).filter(Boolean).slice(-n).join(' ⏎ '));
}

/**
 * The line of a crashed program's output that says why: the first that reads like an error
 * (a stack trace's message comes before its frames; its last line is often a version banner).
 */
function tellingLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return clip(lines.find((l) => /\b(error|exception|cannot|can't|not found|no such|denied|fatal|panic|failed|invalid)\b/i.test(l)) ?? lines.at(-1) ?? '');
}

/** Does a container run from the image stay up (and print what it should)? A failure says what it did instead. */
async function startTrouble(ref: string, imageId: string, starts: NonNullable<CheckOf<'docker.image'>['starts']>, ctx: CheckContext): Promise<Outcome | undefined> {
  const run = await ctx.docker().trialRun(imageId, { env: starts.env, seconds: starts.seconds });
  const expected = `a container from it still running after ${starts.seconds} s${starts.logs ? `, printing /${starts.logs}/` : ''}`;
  if (run.error) return fail(`image ${ref} builds, but a container cannot start from it: ${run.error}`, { expected, actual: 'cannot start' });
  if (!run.running) {
    const how = run.oomKilled ? 'was killed for using too much memory (OOMKilled)' : `exited with code ${run.exitCode ?? '?'}`;
    const said = run.output ? `; its output says: "${tellingLine(run.output)}"` : ', printing nothing';
    const env = Object.entries(starts.env).map(([k, v]) => ` -e ${k}=${v}`).join('');
    return fail(`image ${ref} builds, but its command ${how} after ${(run.ranMs / 1000).toFixed(1)} s${said} — \`docker run --rm${env} ${ref}\` shows the same`, {
      expected,
      actual: `exited (code ${run.exitCode ?? '?'}) after ${(run.ranMs / 1000).toFixed(1)} s`,
    });
  }
  if (starts.logs && !pattern(starts.logs).test(run.output)) {
    return fail(`a container from image ${ref} runs, but its output does not match /${starts.logs}/: ${run.output ? `"${lastLines(run.output)}"` : 'it printed nothing'}`, {
      expected,
      actual: run.output ? lastLines(run.output, 1) : '(no output)',
    });
  }
  return undefined;
}

/** How long a container must have run to count as running: one that fails at start has exited by then. */
export const containerSteadyMs = 2000;

/** `restarted 3 times` (a restart policy brought it back), or '' when it never restarted. */
function restartsText(c: any): string {
  const restarts = Number(c.RestartCount ?? 0);
  return restarts ? `restarted ${restarts} time${restarts === 1 ? '' : 's'}` : '';
}

/** ` (exit code 1, restarted 3 times)`: how a stopped container ended, for the message. */
function exitText(c: any): string {
  const parts: string[] = [];
  if (c.State?.Status === 'exited' || c.State?.Status === 'dead') parts.push(`exit code ${c.State?.ExitCode ?? '?'}`);
  if (c.State?.OOMKilled) parts.push('killed for using too much memory (OOMKilled)');
  if (c.State?.Error) parts.push(String(c.State.Error).slice(0, 200));
  const restarts = restartsText(c);
  if (restarts) parts.push(restarts);
  return parts.length ? ` (${parts.join(', ')}; \`docker logs ${c.Name?.replace(/^\//, '') ?? 'NAME'}\` says why)` : '';
}

export async function dockerContainer(check: CheckOf<'docker.container'>, ctx: CheckContext): Promise<Outcome> {
  const c = await ctx.docker().inspectContainer(check.name);
  if (!c) return fail(`container "${check.name}" not found (name it with --name ${check.name})`, { expected: 'it exists', actual: 'not found' });
  const state = c.State?.Status ?? 'unknown';
  if (check.running && !c.State?.Running) return fail(`container ${check.name} is ${state}, expected running${exitText(c)}`, { expected: 'running', actual: state });
  if (check.running) {
    // A program that fails at start (a missing library, a bad command) runs for a moment first.
    const age = Date.now() - Date.parse(c.State?.StartedAt ?? '');
    if (age >= 0 && age < containerSteadyMs) {
      const restarts = restartsText(c);
      return fail(`container ${check.name} has been running for ${(age / 1000).toFixed(1)} s only${restarts ? ` (${restarts})` : ''}; it counts once it has run ${containerSteadyMs / 1000} s`, {
        expected: 'running',
        actual: `running ${(age / 1000).toFixed(1)} s`,
        retry: true,
        settlesInMs: containerSteadyMs - age,
      });
    }
  }
  if (!check.running && c.State?.Running) return fail(`container ${check.name} is running, expected stopped`, { expected: 'stopped', actual: state });
  if (check.image && !(await runsImage(ctx, c, pattern(check.image)))) {
    return fail(`container ${check.name} runs image ${c.Config?.Image}, expected one matching /${check.image}/`, { expected: `/${check.image}/`, actual: c.Config?.Image });
  }
  if (check.publishes) {
    const key = check.publishes.containerPort.includes('/') ? check.publishes.containerPort : `${check.publishes.containerPort}/tcp`;
    const bindings: { HostPort?: string }[] = c.NetworkSettings?.Ports?.[key] ?? c.HostConfig?.PortBindings?.[key] ?? [];
    const hostPorts = bindings.map((b) => Number(b.HostPort)).filter((p) => p > 0);
    const want = check.publishes.hostPort;
    if (hostPorts.length === 0 || (want !== undefined && !hostPorts.includes(want))) {
      const expected = want ? `${key} published on host port ${want}` : `${key} published`;
      return fail(`container ${check.name}: ${hostPorts.length ? `${key} is published on ${hostPorts.join(', ')}` : `${key} is not published`}, expected ${expected} (-p ${want ?? 'HOST'}:${key.split('/')[0]})`, {
        expected,
        actual: hostPorts.length ? hostPorts.join(', ') : 'not published',
      });
    }
  }
  if (check.health) {
    const health = c.State?.Health?.Status ?? 'no healthcheck';
    if (health !== check.health) return fail(`container ${check.name} health is ${health}, expected ${check.health}`, { expected: check.health, actual: health, retry: true });
  }
  for (const a of check.expect) {
    const r = evaluateAssertion(c, a);
    if (!r.ok) return fail(`container ${check.name}: ${r.message}`, { expected: r.expected, actual: r.actual });
  }
  return pass(`container ${check.name} is ${state}${check.health ? ` and ${check.health}` : ''}`);
}

export async function dockerContainerAbsent(check: CheckOf<'docker.container-absent'>, ctx: CheckContext): Promise<Outcome> {
  const c = await ctx.docker().inspectContainer(check.name);
  return c ? fail(`container ${check.name} still exists (${c.State?.Status}); remove it with docker rm`, { expected: 'removed', actual: c.State?.Status }) : pass(`container ${check.name} is gone`);
}

export async function dockerExec(check: CheckOf<'docker.exec'>, ctx: CheckContext): Promise<Outcome> {
  const c = await ctx.docker().inspectContainer(check.container);
  if (!c?.State?.Running) return fail(`container ${check.container} is not running, so \`${check.command.join(' ')}\` cannot run in it`, { expected: 'running', actual: c ? c.State?.Status : 'not found' });
  const out = await ctx.docker().exec(check.container, check.command, { user: check.user });
  return checkOutput(`\`${check.command.join(' ')}\` in ${check.container}`, out, check.expect);
}

export async function dockerResource(check: CheckOf<'docker.resource'>, ctx: CheckContext): Promise<Outcome> {
  const docker = ctx.docker();
  const found = check.resource === 'network' ? await docker.inspectNetwork(check.name) : await docker.inspectVolume(check.name);
  if (!found) return fail(`${check.resource} "${check.name}" not found (docker ${check.resource} create ${check.name})`, { expected: 'it exists', actual: 'not found' });
  for (const a of check.expect) {
    const r = evaluateAssertion(found, a);
    if (!r.ok) return fail(`${check.resource} ${check.name}: ${r.message}`, { expected: r.expected, actual: r.actual });
  }
  return pass(`${check.resource} ${check.name} exists`);
}

export async function http(check: CheckOf<'http'>, _ctx?: CheckContext, timeoutMs = 3000): Promise<Outcome> {
  const url = `http://127.0.0.1:${check.port}${check.path}`;
  // A referenced timer rather than AbortSignal.timeout, whose timer is unref'd: when a published port's
  // proxy accepts a connection and drops it as the container starts, fetch can stay pending with no
  // handle left, and a CLI run (labs check, labs test) then exited mid-check with code 13.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    const res = await fetch(url, { signal: controller.signal });
    const body = await res.text();
    if (res.status !== check.status) return fail(`GET ${url} answered ${res.status}, expected ${check.status}`, { expected: String(check.status), actual: String(res.status), retry: true });
    if (check.bodyMatches && !pattern(check.bodyMatches).test(body)) {
      return fail(`GET ${url}: the response does not match /${check.bodyMatches}/ (got ${JSON.stringify(body.slice(0, 80))})`, { expected: `/${check.bodyMatches}/`, actual: body.slice(0, 200), retry: true });
    }
    return pass(`GET ${url} answered ${res.status}`);
  } catch (err) {
    const why = (err as any)?.cause?.code ?? (err as Error).message;
    return fail(`GET ${url} failed (${why}): nothing answers on port ${check.port}`, { expected: `HTTP ${check.status}`, actual: why, retry: true });
  } finally {
    clearTimeout(timer);
  }
}
