import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ContextError } from '../lib/errors.ts';
import { parseOrExplain } from '../schemas/parse.ts';
import { trackSchema, type Track } from '../schemas/track.ts';
import { repoRoot } from './load.ts';
import { readYamlFile } from './read-yaml.ts';

export const defaultTracksRoot = join(repoRoot, 'tracks');

/** One folder of `<id>.yaml`, or several (the repository's tracks/ and a team's own). */
export type TrackRoots = string | readonly string[];

/** Each track id and its file, over every root; an id found twice is an error naming both files. */
export async function trackFiles(roots: TrackRoots = defaultTracksRoot): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const root of [roots].flat()) {
    if (!existsSync(root)) continue;
    for (const name of (await readdir(root)).filter((n) => n.endsWith('.yaml')).sort()) {
      const id = name.slice(0, -5);
      const file = join(root, name);
      const other = files.get(id);
      if (other) throw new ContextError(`track id "${id}" is used twice: ${other} and ${file}`, { fix: 'rename one of the files (and the id in it)', kind: 'bad-input' });
      files.set(id, file);
    }
  }
  return files;
}

export async function trackIds(roots: TrackRoots = defaultTracksRoot): Promise<string[]> {
  return [...(await trackFiles(roots)).keys()].sort();
}

/** Load `tracks/<id>.yaml`; an unknown id lists the known tracks. */
export async function findTrack(id: string, roots: TrackRoots = defaultTracksRoot): Promise<Track> {
  const files = await trackFiles(roots);
  const file = files.get(id);
  if (!file) {
    const ids = [...files.keys()].sort();
    throw new ContextError(`unknown track "${id}"`, { fix: ids.length ? `known tracks: ${ids.join(', ')}` : `no tracks under ${[roots].flat().join(', ')}` });
  }
  const track = parseOrExplain(trackSchema, await readYamlFile(file), file);
  if (track.id !== id) throw new ContextError(`${file}: id "${track.id}" does not match the file name`, { fix: `set id: ${id}` });
  return track;
}
