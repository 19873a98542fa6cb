import { labStatus, recordReset, type Progress } from '../shared/progress.ts';
import { createProgressSync } from './progress-sync.ts';

const words = { 'not-started': 'not started', 'in-progress': 'in progress', completed: 'completed' } as const;

/** Fill the progress table from the learner's progress, and keep it current; "Reset" starts one lab's tasks over. */
export function startProgressPage(table: HTMLElement): void {
  const labs = JSON.parse(table.dataset.kcProgress ?? '[]') as { id: string; title: string; taskIds: string[] }[];
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
  table.addEventListener('click', (ev) => {
    const button = (ev.target as HTMLElement).closest<HTMLButtonElement>('[data-action="reset-progress"]');
    if (!button) return;
    const lab = labs.find((l) => l.id === button.dataset.lab);
    if (!lab || !confirm(`Start "${lab.title}" over? Its tasks count from zero again (a completed lab stays on record).`)) return;
    sync.update((p) => recordReset(p, lab.id, new Date().toISOString()));
    if (summary) summary.textContent = `${lab.title}: progress reset.`;
  });
  render(sync.current());
  sync.onChange(render);
}
