import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { writeFileAtomic } from '../lib/atomic-file.ts';

/** A learner's typed answers live in `answers.yaml` in their workspace (task id → answer). */
export const answersFile = 'answers.yaml';

export async function readAnswers(workspace: string): Promise<Record<string, string>> {
  const file = join(workspace, answersFile);
  if (!existsSync(file)) return {};
  const data = parse(await readFile(file, 'utf8')) ?? {};
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)]));
}

export async function writeAnswer(workspace: string, taskId: string, answer: string): Promise<void> {
  const answers = await readAnswers(workspace);
  answers[taskId] = answer;
  // Atomic: a kill mid-write must not leave the learner's answers truncated.
  await writeFileAtomic(join(workspace, answersFile), stringify(answers));
}
