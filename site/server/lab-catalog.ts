import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { defaultLabsRoot, labDirs, labIds, loadLab, type LabRoots } from '../../checker/labs/load.ts';
import { defaultTracksRoot, findTrack, trackIds, type TrackRoots } from '../../checker/labs/tracks.ts';
import type { Track } from '../../checker/schemas/track.ts';
import { resetWorkspace } from '../../checker/labs/workspace.ts';
import type { LoadedLab } from '../../checker/engine/engine.ts';
import { removeStaleTmpFiles } from '../../checker/lib/atomic-file.ts';
import { paths } from '../../checker/lib/paths.ts';
import { taskView } from '../shared/lab-tasks.ts';
import type { KnownMistake, LabSummary, LabView } from '../shared/lab-view.ts';
import { HttpError } from './http-error.ts';

export interface LabCatalogOptions {
  /** Folder(s) of `<id>/lab.yaml` (default: the repository's `labs/`; `--labs-dir` adds a team's). */
  labsRoot?: LabRoots;
  /** Folder(s) of `<id>.yaml` tracks (default: the repository's `tracks/`). */
  tracksRoot?: TrackRoots;
  /** Learners' workspaces, one folder per lab (default: `KUBECAMP_WORKSPACES` or ~/.local/share/kubecamp/workspaces). */
  workspacesRoot?: string;
  /** Lab namespaces are `<prefix><lab id>` (default `lab-`, or `KUBECAMP_NAMESPACE_PREFIX`); tests use their own. */
  namespacePrefix?: string;
  env: NodeJS.ProcessEnv;
}

/** Where one lab's work happens on this machine. */
export interface LabTarget {
  namespace: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
}

export interface LabCatalog {
  ids(): Promise<string[]>;
  /** The lab, loaded fresh (authors edit lab.yaml while the server runs); unknown ids are a 404 naming the known ones. */
  get(id: string): Promise<LoadedLab>;
  /** Parse every lab now (the server does it before it listens), so no request waits for, or is held up by, a first parse. */
  warm(): Promise<void>;
  target(labId: string): LabTarget;
  /** Starter files into a workspace that does not exist yet; true when it had to. */
  ensureWorkspace(loaded: LoadedLab): Promise<boolean>;
  /** Files opened in the editor: lab.yaml's `starter`, or everything in `starter/`. */
  starterFiles(loaded: LoadedLab): Promise<string[]>;
  /** Every track, the built-in ones and those of `--labs-dir`, in id order. */
  tracks(): Promise<Track[]>;
  /** One track; an unknown id is a 404 naming the known ones. */
  track(id: string): Promise<Track>;
}

const labIdPattern = /^[a-z0-9][a-z0-9-]*$/;
const namespacePrefixPattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9-])?$/;

export function labSummary(loaded: LoadedLab): LabSummary {
  const { lab } = loaded;
  return { id: lab.id, title: lab.title, lesson: lab.lesson, minutes: lab.minutes, environments: lab.environments, needs: lab.needs, taskIds: lab.tasks.map((t) => t.id) };
}

export function labView(loaded: LoadedLab, target: LabTarget, files: string[], answers: Record<string, string>, mistakes: Record<string, KnownMistake[]> = {}): LabView {
  return { ...labSummary(loaded), tasks: loaded.lab.tasks.map(taskView), files, namespace: target.namespace, workspace: target.workspace, answers, mistakes };
}

async function listFiles(dir: string, root = dir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === '.gitkeep') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full, root)));
    else if (e.isFile()) out.push(relative(root, full).split('\\').join('/'));
  }
  return out.sort();
}

export function createLabCatalog(options: LabCatalogOptions): LabCatalog {
  const labsRoot = options.labsRoot ?? defaultLabsRoot;
  const tracksRoot = options.tracksRoot ?? defaultTracksRoot;
  const workspacesRoot = options.workspacesRoot ?? paths(options.env).workspaces;
  const prefix = options.namespacePrefix ?? options.env.KUBECAMP_NAMESPACE_PREFIX ?? 'lab-';
  if (!namespacePrefixPattern.test(prefix)) {
    throw new HttpError(500, `namespace prefix "${prefix}" is not a valid start of a Kubernetes namespace name`, { fix: 'use lowercase letters, digits and dashes, e.g. "lab-"' });
  }

  const unknown = async (id: string) => {
    const known = await labIds(labsRoot);
    return new HttpError(404, `unknown lab "${id}"`, {
      fix: known.length ? `known labs: ${known.join(', ')}` : `no labs found under ${[labsRoot].flat().join(', ')}`,
      data: { known },
    });
  };

  const swept = new Set<string>();
  // Parsed labs by folder, kept while lab.yaml is unchanged (mtime and size): parsing and validating
  // all 28 on every request blocked the main thread (/api/labs: ≈ 0.3–1.5 s, /api/health waiting).
  const parsed = new Map<string, { stamp: string; loaded: Promise<LoadedLab> }>();
  const target = (labId: string): LabTarget => ({ namespace: `${prefix}${labId}`.slice(0, 63), workspace: join(workspacesRoot, labId), env: options.env });

  const get = async (id: string): Promise<LoadedLab> => {
    const dir = labIdPattern.test(id) ? (await labDirs(labsRoot)).get(id) : undefined;
    if (!dir) throw await unknown(id);
    const { mtimeMs, size } = await stat(join(dir, 'lab.yaml'));
    const stamp = `${mtimeMs}:${size}`;
    const hit = parsed.get(dir);
    if (hit?.stamp === stamp) return hit.loaded;
    const loaded = loadLab(dir);
    parsed.set(dir, { stamp, loaded });
    loaded.catch(() => parsed.delete(dir));
    return loaded;
  };

  return {
    ids: () => labIds(labsRoot),
    get,
    async warm() {
      // A lab that does not parse is reported when it is asked for, with its file and field.
      for (const id of await labIds(labsRoot)) await get(id).catch(() => undefined);
    },
    target,
    async ensureWorkspace(loaded) {
      const { workspace } = target(loaded.lab.id);
      if (existsSync(workspace)) {
        // Once per server: temporary files of saves a killed server never finished.
        if (!swept.has(workspace)) {
          swept.add(workspace);
          await removeStaleTmpFiles(workspace, { recursive: true });
        }
        return false;
      }
      await resetWorkspace(loaded, workspace);
      return true;
    },
    async starterFiles(loaded) {
      return loaded.lab.starter ?? listFiles(join(loaded.dir, 'starter'));
    },
    async tracks() {
      return Promise.all((await trackIds(tracksRoot)).map((id) => findTrack(id, tracksRoot)));
    },
    async track(id) {
      const known = await trackIds(tracksRoot);
      if (!known.includes(id)) throw new HttpError(404, `unknown track "${id}"`, { fix: known.length ? `known tracks: ${known.join(', ')}` : 'no tracks', data: { known } });
      return findTrack(id, tracksRoot);
    },
  };
}
