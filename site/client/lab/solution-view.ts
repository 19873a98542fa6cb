import { languageOf } from './file-kinds.ts';

/** The typed answers' file: in the solution diff only when the learner asks for it. */
export const isAnswersFile = (path: string) => /(^|\/)answers\.ya?ml$/.test(path);

/**
 * The file the solution diff opens on: the first of the lab's editor files
 * (its main file) that the solution has, else the first solution file; never
 * answers.yaml, which would give the quiz away (undefined when it is the only one).
 */
export function mainSolutionFile(solutionPaths: string[], editorFiles: string[]): string | undefined {
  const candidates = solutionPaths.filter((p) => !isAnswersFile(p));
  return editorFiles.find((f) => candidates.includes(f)) ?? candidates[0];
}

/**
 * A file's text as the diff compares it: without lines that are only a comment
 * (`#` in YAML, Dockerfiles, shell and env files; `//` in JavaScript) and
 * without trailing blank lines, so the starter's explanatory comments are not
 * "differences". A Dockerfile's `# syntax=` parser directive is kept.
 */
export function withoutCommentLines(text: string, path: string): string {
  const language = languageOf(path);
  const comment = language === 'javascript' ? /^\s*\/\// : /^\s*#/;
  const keep = (line: string) => !comment.test(line) || (language === 'dockerfile' && /^#\s*(syntax|escape|check)\s*=/i.test(line));
  return `${text
    .split('\n')
    .filter(keep)
    .join('\n')
    .replace(/\s+$/, '')}\n`;
}
