import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

/** The learner's workspace, read-only, confined to its folder. */
export interface FilesView {
  root: string;
  read(file: string): Promise<string | null>;
  path(file: string): string;
}

export function filesView(root: string): FilesView {
  const path = (file: string) => {
    const full = resolve(root, file);
    const rel = relative(root, full);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${file} is outside the workspace`);
    return full;
  };
  return {
    root,
    path,
    async read(file) {
      const full = path(file);
      return existsSync(full) ? readFile(full, 'utf8') : null;
    },
  };
}
