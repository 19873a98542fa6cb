import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { LoadedLab } from '../engine/engine.ts';
import type { PublishedPort } from '../lib/host-ports.ts';
import type { Step } from '../schemas/step.ts';
import { loadRightVariants, loadVariants } from './load.ts';

/** Host ports of one `-p`/`published` spec: `[ip:]host:container[/proto]`, `a-b:c-d`; none when the host side is left to Docker. */
export function hostPortsOfSpec(spec: string): number[] {
  const s = spec.replace(/^['"]|['"]$/g, '').replace(/\/(tcp|udp|sctp)$/i, '').replace(/^\[[^\]]*\]:/, '');
  const parts = s.split(':');
  if (parts.length < 2) return [];
  return portRange(parts[parts.length - 2]);
}

function portRange(text: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) return [];
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  return to >= from && to - from < 1000 ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [];
}

/**
 * Host ports a shell command publishes with `docker run`/`docker create`
 * (`docker container run|create` too): `-p`, `--publish`, `--publish=`,
 * `-p8080:80` and flag clusters ending in p (`-dp 8080:80`). Other commands'
 * `-p` (`mkdir -p`, `docker compose -p`) are not ports.
 */
export function hostPortsOfCommand(command: string): number[] {
  const ports: number[] = [];
  for (const segment of command.replace(/\\\n/g, ' ').split(/&&|\|\||[;|\n]/)) {
    const tokens = segment.trim().split(/\s+/).map((t) => t.replace(/^['"]|['"]$/g, ''));
    const docker = tokens.indexOf('docker');
    if (docker < 0) continue;
    let i = docker + 1;
    if (tokens[i] === 'container') i++;
    if (tokens[i] !== 'run' && tokens[i] !== 'create') continue;
    for (i++; i < tokens.length; i++) {
      const t = tokens[i];
      if (t === '-p' || t === '--publish' || /^-[a-oq-zA-Z]+p$/.test(t)) ports.push(...hostPortsOfSpec(tokens[++i] ?? ''));
      else if (t.startsWith('--publish=')) ports.push(...hostPortsOfSpec(t.slice('--publish='.length)));
      else if (/^-p./.test(t)) ports.push(...hostPortsOfSpec(t.slice(2)));
    }
  }
  return ports;
}

/** Host ports of a Compose file's `services.*.ports` (short and long syntax). */
export function hostPortsOfCompose(doc: unknown): number[] {
  const services = (doc as { services?: Record<string, { ports?: unknown[] } | null> } | null)?.services;
  if (!services || typeof services !== 'object') return [];
  const ports: number[] = [];
  for (const service of Object.values(services)) {
    for (const entry of service?.ports ?? []) {
      if (typeof entry === 'string') ports.push(...hostPortsOfSpec(entry));
      else if (entry && typeof entry === 'object' && 'published' in entry) ports.push(...portRange(String((entry as { published: unknown }).published)));
    }
  }
  return ports;
}

async function yamlFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await yamlFiles(p)));
    else if (/\.ya?ml$/.test(e.name) && e.name !== 'lab.yaml' && e.name !== 'variant.yaml') out.push(p);
  }
  return out;
}

/**
 * Every host port a lab publishes, wherever it is written: its own and its
 * variants' `run` steps, its checks' `publishes.hostPort`, and every Compose
 * file under the lab folder (starter, solution, right/ and wrong/ variants).
 */
export async function labPublishedPorts(loaded: LoadedLab): Promise<PublishedPort[]> {
  const { lab, dir } = loaded;
  const found: PublishedPort[] = [];
  const fromSteps = (steps: Step[], where: string) => {
    steps.forEach((s, i) => {
      if ('run' in s) for (const port of hostPortsOfCommand(s.run)) found.push({ lab: lab.id, port, where: `${where}[${i}]` });
    });
  };
  fromSteps(lab.setup, `labs/${lab.id}/lab.yaml setup`);
  fromSteps(lab.reset, `labs/${lab.id}/lab.yaml reset`);
  fromSteps(lab.solution, `labs/${lab.id}/lab.yaml solution`);
  for (const t of lab.tasks) {
    for (const c of t.checks as { publishes?: { hostPort?: number } }[]) {
      if (c.publishes?.hostPort !== undefined) found.push({ lab: lab.id, port: c.publishes.hostPort, where: `labs/${lab.id}/lab.yaml tasks.${t.id}` });
    }
  }
  const variants = [...(await loadVariants(loaded).catch(() => [])), ...(await loadRightVariants(loaded).catch(() => []))];
  for (const v of variants) fromSteps(v.variant.steps, `labs/${lab.id}/${relative(dir, v.dir)}/variant.yaml steps`);
  for (const file of await yamlFiles(dir)) {
    const text = await readFile(file, 'utf8');
    if (!/^services:/m.test(text)) continue;
    const docs = parseAllDocuments(text, { logLevel: 'silent' });
    for (const d of Array.isArray(docs) ? docs : [docs]) {
      let value: unknown;
      try {
        value = d.toJS();
      } catch {
        continue;
      }
      for (const port of hostPortsOfCompose(value)) found.push({ lab: lab.id, port, where: `labs/${lab.id}/${relative(dir, file)}` });
    }
  }
  return found;
}
