import { renderInlineMarkdown } from '../../shared/inline-markdown.ts';
import type { LabView } from '../../shared/lab-view.ts';
import type { LabProgress } from '../../shared/progress.ts';
import { hintButtonLabel, nextHint, shownHints } from './hints.ts';
import { isWorkable, shapeTaskMessage, type PaneState } from './task-status.ts';

const stateWords: Record<string, string> = { unknown: 'not checked yet', pass: 'done', fail: 'not done yet', error: 'could not check', unsupported: 'needs real nodes' };

/** Bring the server-rendered task list up to date with the pane state and the learner's progress. */
export function renderTasks(root: HTMLElement, view: LabView, state: PaneState, progress: LabProgress | undefined, minutesOpen = 0): void {
  const workable = isWorkable(state);
  for (const task of view.tasks) {
    const li = root.querySelector<HTMLElement>(`.kc-task[data-task="${CSS.escape(task.id)}"]`);
    if (!li) continue;
    const s = state.tasks[task.id] ?? { status: 'unknown' };
    const done = progress?.tasks[task.id]?.done ?? false;
    li.dataset.status = s.status;
    li.dataset.done = String(done);
    const stateText = li.querySelector<HTMLElement>('[data-state-text]')!;
    stateText.textContent = s.status === 'unknown' && done ? 'done before' : stateWords[s.status]!;

    const t = progress?.tasks[task.id] ?? { attempts: 0, hintsShown: 0 };
    const result = li.querySelector<HTMLElement>('[data-result]')!;
    const shaped = shapeTaskMessage(task.title, s, { mistakes: view.mistakes?.[task.id], explain: t.attempts > 0 });
    result.replaceChildren(
      ...shaped.details.flatMap(({ label, value }) => {
        const dt = document.createElement('dt');
        dt.textContent = label;
        const dd = document.createElement('dd');
        if (label === 'Expected' || label === 'Actual') {
          const code = document.createElement('code');
          code.textContent = value;
          dd.append(code);
        } else dd.innerHTML = renderInlineMarkdown(value);
        return [dt, dd];
      }),
    );
    result.hidden = shaped.details.length === 0;

    const hintList = li.querySelector<HTMLElement>('[data-hints]');
    if (hintList) {
      const shown = shownHints(task.hints, t.hintsShown);
      if (hintList.children.length !== shown.length) {
        hintList.replaceChildren(
          ...shown.map((h) => {
            const item = document.createElement('li');
            item.innerHTML = renderInlineMarkdown(h);
            return item;
          }),
        );
      }
      const offer = nextHint(task.hints.length, t, { minutesOpen, ...(shaped.mistake?.hint ? { fits: shaped.mistake.hint } : {}) });
      const button = li.querySelector<HTMLButtonElement>('[data-action="hint"]')!;
      button.textContent = hintButtonLabel(offer);
      button.disabled = offer.kind !== 'available';
      button.hidden = offer.kind === 'none';
      li.querySelector<HTMLElement>('[data-hint-note]')!.textContent = offer.kind === 'locked' ? offer.reason : '';
    }

    const form = li.querySelector<HTMLFormElement>('[data-answer]');
    if (form) for (const el of form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')) el.disabled = !workable;
  }
}

/** "2 of 3 tasks done", by the learner's progress since the last reset. */
export function summaryText(view: LabView, progress: LabProgress | undefined): string {
  const done = view.taskIds.filter((id) => progress?.tasks[id]?.done).length;
  if (done === view.taskIds.length) return `All ${done} tasks done. Lab complete!`;
  return `${done} of ${view.taskIds.length} tasks done.`;
}
