import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ContextError } from '../lib/errors.ts';
import { parseLearnerYaml } from '../lib/learner-yaml.ts';
import { writeFileAtomic } from '../lib/atomic-file.ts';

/** A learner's typed answers live in `answers.yaml` in their workspace (task id → answer). */
export const answersFile = 'answers.yaml';

/** answers.yaml is a few lines; anything near this is pasted by mistake. */
const maxAnswersBytes = 256 * 1024;

/** answers.yaml cannot be read as answers: a mistake the learner fixes in the file (the API's 422, the CLI's exit 2). */
export class AnswersFileError extends ContextError {
  constructor(message: string, fix: string) {
    super(message, { fix, kind: 'bad-input' });
  }
}

/** answers.yaml text → task id → answer; a YAML slip names the line and column and says to quote the answer. */
export function parseAnswers(text: string): Record<string, string> {
  const parsed = parseLearnerYaml(text);
  if (!parsed.ok) {
    const at = parsed.line ? `${answersFile}:${parsed.line}:${parsed.col}` : answersFile;
    throw new AnswersFileError(`${at}: ${parsed.problem} — put the answer in quotes`, `write it as task-id: "your answer" in ${answersFile}`);
  }
  const data = parsed.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new AnswersFileError(`${answersFile}: expected task-id: answer lines, found ${Array.isArray(data) ? 'a list' : `a single ${typeof data}`}`, `write one task-id: "your answer" per line in ${answersFile}`);
  }
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v === null || typeof v !== 'object' ? String(v ?? '') : JSON.stringify(v)]));
}

export async function readAnswers(workspace: string): Promise<Record<string, string>> {
  const file = join(workspace, answersFile);
  if (!existsSync(file)) return {};
  const { size } = await stat(file);
  if (size > maxAnswersBytes) {
    throw new AnswersFileError(`${answersFile}: file too large to check (${Math.ceil(size / 1024)} KiB, limit ${maxAnswersBytes / 1024} KiB)`, `keep one task-id: "your answer" line per question in ${answersFile}`);
  }
  return parseAnswers(await readFile(file, 'utf8'));
}

export async function writeAnswer(workspace: string, taskId: string, answer: string): Promise<void> {
  const answers = await readAnswers(workspace);
  answers[taskId] = answer;
  // Atomic: a kill mid-write must not leave the learner's answers truncated.
  await writeFileAtomic(join(workspace, answersFile), stringify(answers));
}
