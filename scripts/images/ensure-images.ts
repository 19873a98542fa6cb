import type { DockerClient, ImageInspect } from '../../checker/lib/docker-api.ts';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { formatDuration, noopLogger, timedStep, type Logger } from '../../checker/lib/logger.ts';
import { requireDockerEngine } from '../docker/engine.ts';
import { catalog, defaultEntries, findEntry, type CatalogEntry } from './catalog.ts';
import { labelKeys, recipeDigest } from './image-config.ts';
import { withBuildLock } from './rootfs.ts';
import { buildStandIn } from './stand-ins.ts';

export interface EnsureImagesOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Try `docker pull` before building a stand-in. Default true; KUBECAMP_OFFLINE=1 turns it off. */
  pull?: boolean;
  /** A pull fails when nothing arrives for this long. Default 20 s. */
  pullIdleTimeoutMs?: number;
  /** Rebuild stand-ins and local images even when present and current. */
  rebuild?: boolean;
}

export interface ImageOutcome {
  ref: string;
  action: 'present' | 'pulled' | 'built';
  /** A kubecamp-built image: a stand-in for a registry image, or a local-only one. */
  builtHere: boolean;
  /** What a stand-in was built from (its org.kubecamp.stand-in.source label). */
  source?: string;
  sizeBytes: number;
  ms: number;
}

/** Why a present image is not good enough, or undefined when it is. */
export function staleReason(entry: CatalogEntry, image: ImageInspect): string | undefined {
  const labels = image.Config.Labels ?? {};
  const builtHere = labels[labelKeys.recipe] !== undefined || labels[labelKeys.standIn] === 'true';
  if (!builtHere) return entry.origin === 'local' ? `${entry.ref} exists but was not built by kubecamp` : undefined;
  const digest = recipeDigest(entry);
  return labels[labelKeys.recipe] === digest ? undefined : `its recipe changed (${labels[labelKeys.recipe] ?? 'none'} → ${digest})`;
}

/** Catalog entries for the references asked for; all non-lazy ones when none are named. */
export function selectEntries(refs: readonly string[], all = false): CatalogEntry[] {
  if (refs.length === 0) return all ? [...catalog] : defaultEntries();
  return refs.map((ref) => {
    const entry = findEntry(ref);
    if (!entry) {
      throw new ContextError(`"${ref}" is not in the image catalog`, { fix: `use one of: ${catalog.map((e) => e.ref).join(', ')} (or add it to scripts/images/catalog.ts)` });
    }
    return entry;
  });
}

/**
 * Make each image present: keep what is there, else pull the real image, else
 * build the stand-in under the same reference. Libraries and tests call this
 * (for example with ['busybox:1.37']) before they use an image.
 */
export async function ensureImages(refs: readonly string[], options: EnsureImagesOptions = {}): Promise<ImageOutcome[]> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? noopLogger;
  const pull = (options.pull ?? true) && !/^(1|true|yes)$/i.test(env.KUBECAMP_OFFLINE ?? '');
  const entries = selectEntries(refs);
  const client = await requireDockerEngine(env);
  const outcomes: ImageOutcome[] = [];
  for (const entry of entries) {
    outcomes.push(await withContext(`providing the image ${entry.ref}`, () => ensureOne(entry, client, { env, logger, pull, rebuild: !!options.rebuild, idle: options.pullIdleTimeoutMs ?? 20_000 })));
  }
  return outcomes;
}

async function ensureOne(
  entry: CatalogEntry,
  client: DockerClient,
  o: { env: NodeJS.ProcessEnv; logger: Logger; pull: boolean; rebuild: boolean; idle: number },
): Promise<ImageOutcome> {
  const started = Date.now();
  const present = await client.inspectImage(entry.ref);
  const outcome = (action: ImageOutcome['action'], image: ImageInspect): ImageOutcome => {
    const labels = image.Config.Labels ?? {};
    return {
      ref: entry.ref,
      action,
      builtHere: labels[labelKeys.recipe] !== undefined,
      source: labels[labelKeys.source],
      sizeBytes: image.Size,
      ms: Date.now() - started,
    };
  };
  if (present) {
    const stale = staleReason(entry, present);
    const builtHere = present.Config.Labels?.[labelKeys.recipe] !== undefined;
    if (!stale && !(o.rebuild && builtHere)) {
      o.logger.info(`✔ ${entry.ref} is present${builtHere ? ` (${entry.origin === 'registry' ? 'stand-in' : 'built locally'})` : ''}`);
      return outcome('present', present);
    }
    o.logger.info(`${entry.ref} is present but ${stale ?? 'a rebuild was asked for'}`);
  }
  if (entry.origin === 'registry' && o.pull) {
    let pulled = false;
    try {
      await timedStep(o.logger, `docker pull ${entry.ref}`, () => client.pullImage(entry.ref, { idleTimeoutMs: o.idle, onProgress: (l) => o.logger.debug(l) }));
      pulled = true;
    } catch (err) {
      o.logger.info(`  cannot pull it: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    const image = pulled ? await client.inspectImage(entry.ref) : null;
    if (image) return outcome('pulled', image);
  }
  const what = entry.origin === 'registry' ? `building a local stand-in for ${entry.ref} (no registry reachable)` : `building ${entry.ref}`;
  const built = await withBuildLock(o.env, o.logger, async () => {
    // Another `npm run images` may have built it while this one waited for the lock.
    const now = await client.inspectImage(entry.ref);
    if (now && now.Id !== present?.Id && !staleReason(entry, now)) return null;
    return timedStep(o.logger, what, (step) => buildStandIn(entry, { env: o.env, logger: o.logger, client }, step));
  });
  const image = await client.inspectImage(entry.ref);
  if (!built && image) return outcome('present', image);
  const source = built?.source;
  if (!image) throw new ContextError(`${entry.ref} was built but the engine does not list it`);
  // The image it replaces is now untagged; drop it unless a container still uses it.
  if (present && present.Id !== image.Id) await client.removeImage(present.Id).catch(() => {});
  if (entry.origin === 'registry') o.logger.info(`  ${entry.ref} is a STAND-IN (label ${labelKeys.standIn}=true), built from ${source}`);
  o.logger.info(`  ${entry.ref}: ${formatSize(image.Size)} in ${formatDuration(Date.now() - started)}`);
  return outcome('built', image);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
