import { formatTimeSpent, trackJson, trackMarkdown, trackReport, type CourseLab } from '../shared/course.ts';
import type { Progress } from '../shared/progress.ts';
import { createProgressSync } from './progress-sync.ts';

const words = { 'not-started': 'not started', 'in-progress': 'in progress', completed: 'completed' } as const;

/** Fill a track's checklist from the learner's progress, and offer it as Markdown or JSON. */
export function startTrackPage(list: HTMLElement): void {
  const { track, course } = JSON.parse(list.dataset.kcTrack ?? '{}') as { track: { id: string; title: string; labs: string[]; labsDir?: string }; course: CourseLab[] };
  const next = document.querySelector<HTMLElement>('[data-kc-track-next]');
  const output = document.querySelector<HTMLTextAreaElement>('[data-kc-track-export]');
  const sync = createProgressSync();
  let format: 'markdown' | 'json' = 'markdown';
  const render = (p: Progress) => {
    const report = trackReport(track, course, p);
    for (const item of report.items) {
      const li = list.querySelector<HTMLElement>(`li[data-lab="${CSS.escape(item.id)}"]`);
      if (!li) continue;
      li.dataset.status = item.status;
      li.dataset.next = String(report.nextUp?.id === item.id);
      const status = item.status === 'in-progress' ? `in progress, ${item.done} of ${item.total} tasks` : words[item.status];
      li.querySelector('[data-cell="status"]')!.textContent = item.timeSpentMs > 0 ? `${status}, ${formatTimeSpent(item.timeSpentMs)}` : status;
    }
    if (next) {
      next.replaceChildren();
      if (report.nextUp) {
        const a = document.createElement('a');
        a.href = report.nextUp.href ?? `/${report.nextUp.lesson}/`;
        a.textContent = report.nextUp.title;
        next.append(`${report.completed} of ${report.items.length} labs completed, ${formatTimeSpent(report.timeSpentMs)} spent. Next up: `, a);
      } else next.append(`All ${report.items.length} labs completed, ${formatTimeSpent(report.timeSpentMs)} spent.`);
    }
    if (output) output.value = format === 'json' ? trackJson(report) : trackMarkdown(report, location.origin);
  };
  document.addEventListener('click', (ev) => {
    const button = (ev.target as HTMLElement).closest<HTMLButtonElement>('[data-action="export"], [data-action="copy"]');
    if (!button) return;
    if (button.dataset.action === 'copy') {
      output?.select();
      void navigator.clipboard?.writeText(output?.value ?? '').catch(() => undefined);
      return;
    }
    format = button.dataset.format === 'json' ? 'json' : 'markdown';
    render(sync.current());
  });
  render(sync.current());
  sync.onChange(render);
}
