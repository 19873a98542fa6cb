import { createHash } from 'node:crypto';
import type { CatalogEntry, ImageConfig } from './catalog.ts';

/** Labels every stand-in carries, so `docker inspect` tells it from the real image. */
export const labelKeys = {
  standIn: 'org.kubecamp.stand-in',
  source: 'org.kubecamp.stand-in.source',
  /** Digest of the catalog entry it was built from; a change rebuilds it. */
  recipe: 'org.kubecamp.recipe',
} as const;

/**
 * Bump when the way rootfs trees are built changes in a way the catalog does
 * not show (slimming, apt settings), so every built image is rebuilt once.
 */
export const builderVersion = 1;

/**
 * Dockerfile instructions that give an imported rootfs its settings. They are
 * built on top of the import (rather than `docker import --change`, which
 * knows no STOPSIGNAL), so `docker history` shows them as for a real image.
 */
export function configInstructions(config: ImageConfig, labels: Record<string, string>): string[] {
  const changes: string[] = [];
  for (const [k, v] of Object.entries(config.env ?? {})) changes.push(`ENV ${k}=${JSON.stringify(v)}`);
  for (const [k, v] of Object.entries(labels)) changes.push(`LABEL ${JSON.stringify(k)}=${JSON.stringify(v)}`);
  for (const p of config.exposedPorts ?? []) changes.push(`EXPOSE ${p}`);
  if (config.volumes?.length) changes.push(`VOLUME ${JSON.stringify(config.volumes)}`);
  if (config.workdir) changes.push(`WORKDIR ${config.workdir}`);
  if (config.user) changes.push(`USER ${config.user}`);
  if (config.stopSignal) changes.push(`STOPSIGNAL ${config.stopSignal}`);
  if (config.entrypoint) changes.push(`ENTRYPOINT ${JSON.stringify(config.entrypoint)}`);
  if (config.cmd) changes.push(`CMD ${JSON.stringify(config.cmd)}`);
  return changes;
}

/** A short digest of everything that decides an image's contents. */
export function recipeDigest(entry: CatalogEntry): string {
  const { ref, config, recipe } = entry;
  return createHash('sha256').update(JSON.stringify({ builderVersion, ref, config, recipe })).digest('hex').slice(0, 16);
}
