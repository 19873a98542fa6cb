import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ContextError } from '../lib/errors.ts';
import { parseOrExplain } from '../schemas/parse.ts';
import { trackSchema, type Track } from '../schemas/track.ts';
import { repoRoot } from './load.ts';
import { readYamlFile } from './read-yaml.ts';

export const defaultTracksRoot = join(repoRoot, 'tracks');

export async function trackIds(root = defaultTracksRoot): Promise<string[]> {
  if (!existsSync(root)) return [];
  return (await readdir(root)).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -5)).sort();
}

/** Load `tracks/<id>.yaml`; an unknown id lists the known tracks. */
export async function findTrack(id: string, root = defaultTracksRoot): Promise<Track> {
  const ids = await trackIds(root);
  if (!ids.includes(id)) throw new ContextError(`unknown track "${id}"`, { fix: ids.length ? `known tracks: ${ids.join(', ')}` : `no tracks under ${root}` });
  const file = join(root, `${id}.yaml`);
  const track = parseOrExplain(trackSchema, await readYamlFile(file), file);
  if (track.id !== id) throw new ContextError(`${file}: id "${track.id}" does not match the file name`, { fix: `set id: ${id}` });
  return track;
}
