/** The most folders a new file may be nested in: the file list shows files up to this depth. */
export const maxFolderDepth = 4;

/** A file or folder name the lab pane creates: letters, digits, `.`, `_` and `-`, not starting with a dot. */
const namePattern = /^[\p{L}\p{N}_-][\p{L}\p{N}._-]*$/u;

/**
 * Why `path` cannot be the name of a new or renamed workspace file, or
 * undefined when it can. Used by the pane before it asks and by the server,
 * which refuses the same names (the server also confines the path).
 */
export function fileNameProblem(path: string): string | undefined {
  if (path.trim() === '') return 'type a file name, e.g. notes.yaml';
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return `"${path}" is absolute; type a name inside the workspace, e.g. app/notes.yaml`;
  const parts = path.split('/');
  if (parts.includes('..') || parts.includes('.')) return `"${path}" contains "." or ".." as a folder; files stay inside the workspace`;
  if (parts.some((p) => p === '')) return `"${path}" has an empty folder name (two slashes, or a slash at the end)`;
  if (parts.length - 1 > maxFolderDepth) return `"${path}" is nested ${parts.length - 1} folders deep; the file list shows files at most ${maxFolderDepth} folders deep`;
  const hidden = parts.find((p) => p.startsWith('.'));
  if (hidden !== undefined) return `"${hidden}" starts with a dot: hidden files are not shown in the file list`;
  const bad = parts.find((p) => !namePattern.test(p));
  if (bad !== undefined) return `"${bad}" may contain only letters, digits, ".", "_" and "-"`;
  if (path === 'answers.yaml') return 'answers.yaml holds the typed answers; answer in the task list instead';
  return undefined;
}
