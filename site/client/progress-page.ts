import { labStatus, type Progress } from '../shared/progress.ts';
import { createProgressSync } from './progress-sync.ts';

const words = { 'not-started': 'not started', 'in-progress': 'in progress', completed: 'completed' } as const;

/** Fill the progress table from the learner's progress, and keep it current. */
export function startProgressPage(table: HTMLElement): void {
  const labs = JSON.parse(table.dataset.kcProgress ?? '[]') as { id: string; taskIds: string[] }[];
  const summary = document.querySelector<HTMLElement>('[data-kc-progress-summary]');
  const sync = createProgressSync();
  const render = (p: Progress) => {
    let completed = 0;
    for (const lab of labs) {
      const row = table.querySelector<HTMLElement>(`tr[data-lab="${CSS.escape(lab.id)}"]`);
      if (!row) continue;
      const s = labStatus(p.labs[lab.id], lab.taskIds);
      if (s.status === 'completed') completed++;
      row.dataset.status = s.status;
      row.querySelector('[data-cell="status"]')!.textContent = words[s.status];
      row.querySelector('[data-cell="tasks"]')!.textContent = `${s.done} of ${s.total}`;
      row.querySelector('[data-cell="hints"]')!.textContent = String(s.hints);
    }
    if (summary) summary.textContent = `${completed} of ${labs.length} labs completed.`;
  };
  render(sync.current());
  sync.onChange(render);
}
