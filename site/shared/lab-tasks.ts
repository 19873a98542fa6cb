import type { Task } from '../../checker/schemas/task.ts';
import type { LabTaskView } from './lab-view.ts';
import { taskNeeds } from '../../checker/labs/needs.ts';

/** A task the learner answers by typing: it has a question, or an `answer` check. */
export function isAnswerTask(task: Task): boolean {
  return task.question !== undefined || task.checks.some((c) => (c as { type: string }).type === 'answer');
}

/** A task as the pane shows it: title, description, hints, question; never its checks. */
export function taskView(task: Task): LabTaskView {
  const needs = taskNeeds(task);
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    hints: task.hints,
    ...(isAnswerTask(task) ? { question: task.question ?? task.title } : {}),
    ...(needs.length ? { needs } : {}),
  };
}
