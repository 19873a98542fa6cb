import { labStatus, type LabProgress, type LabStatus, type Progress } from './progress.ts';
import { moduleIds } from '../schemas/lesson-frontmatter.ts';

/** A lesson as the sidebar lists it: `slug` is `kubernetes/pods`. */
export interface CourseLesson {
  slug: string;
  title: string;
  /** `sidebar.label` when the lesson sets one (the sidebar shows it instead of the title). */
  label?: string;
  order?: number;
  lab?: string;
}

/** A lab in course order, with the title the sidebar gives its lesson. */
export interface CourseLab {
  id: string;
  title: string;
  lesson: string;
  taskIds: string[];
  /** Where its pane is when not in its lesson: `/labs/<id>/` for a team's lab (`--labs-dir`). */
  href?: string;
}

/**
 * The labs in the order of the course, as the sidebar lists their lessons: by
 * module (containers, then kubernetes), then `sidebar.order`, then title; each
 * titled as in the sidebar. Labs without a lesson in a module go last, by id.
 */
export function courseLabs(lessons: CourseLesson[], labs: { id: string; title: string; lesson: string; taskIds: string[] }[]): CourseLab[] {
  const moduleRank = (slug: string) => {
    const i = (moduleIds as readonly string[]).indexOf(slug.split('/')[0]!);
    return i < 0 ? moduleIds.length : i;
  };
  const sorted = [...lessons].sort(
    (a, b) => moduleRank(a.slug) - moduleRank(b.slug) || (a.order ?? Infinity) - (b.order ?? Infinity) || (a.label ?? a.title).localeCompare(b.label ?? b.title),
  );
  const bySlug = new Map(sorted.map((l, i) => [l.slug, { lesson: l, rank: i }]));
  const rank = (lab: { lesson: string }) => bySlug.get(lab.lesson)?.rank ?? Infinity;
  return [...labs]
    .sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))
    .map((lab) => {
      const lesson = bySlug.get(lab.lesson)?.lesson;
      return { id: lab.id, title: lesson ? (lesson.label ?? lesson.title) : lab.title, lesson: lab.lesson, taskIds: lab.taskIds };
    });
}

export interface TrackItem {
  id: string;
  title: string;
  lesson: string;
  /** As CourseLab's: a team's lab is at `/labs/<id>/`, not in its lesson. */
  href?: string;
  status: LabStatus;
  done: number;
  total: number;
  completedAt?: string;
  /** Time the lab pane was open, until completion (ms). */
  timeSpentMs: number;
}

export interface TrackReport {
  /** `labsDir`: the team folder a track of `--labs-dir` comes from (its CI command needs it). */
  track: { id: string; title: string; labsDir?: string };
  items: TrackItem[];
  completed: number;
  /** Sum of the labs' time spent (ms). */
  timeSpentMs: number;
  /** The first lab of the track not yet completed, in course order. */
  nextUp?: TrackItem;
}

/** A track's checklist from the learner's progress: its labs in course order with their status. */
export function trackReport(track: { id: string; title: string; labs: string[]; labsDir?: string }, course: CourseLab[], progress: Progress): TrackReport {
  const items: TrackItem[] = course
    .filter((lab) => track.labs.includes(lab.id))
    .map((lab) => {
      const p: LabProgress | undefined = progress.labs[lab.id];
      const s = labStatus(p, lab.taskIds);
      return { id: lab.id, title: lab.title, lesson: lab.lesson, ...(lab.href ? { href: lab.href } : {}), status: s.status, done: s.done, total: s.total, ...(p?.completedAt ? { completedAt: p.completedAt } : {}), timeSpentMs: p?.activeMs ?? 0 };
    });
  const nextUp = items.find((i) => i.status !== 'completed');
  const timeSpentMs = items.reduce((sum, i) => sum + i.timeSpentMs, 0);
  return { track: { id: track.id, title: track.title, ...(track.labsDir ? { labsDir: track.labsDir } : {}) }, items, completed: items.filter((i) => i.status === 'completed').length, timeSpentMs, ...(nextUp ? { nextUp } : {}) };
}

/** The command that checks the same track in CI, with a JUnit report. */
export const trackCiCommand = (trackId: string, labsDir?: string) => `npm run labs -- track ${trackId}${labsDir ? ` --labs-dir ${labsDir}` : ''} --junit report.xml`;

/** `1 h 5 min`, `25 min`, `under a minute`: time spent, to the minute. */
export function formatTimeSpent(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** A Markdown checklist a team lead can paste into a ticket. */
export function trackMarkdown(report: TrackReport, siteUrl: string): string {
  const lines = [
    `### ${report.track.title}: ${report.completed} of ${report.items.length} labs completed`,
    '',
    ...report.items.map((i) => {
      const note = i.status === 'completed' ? `completed${i.completedAt ? ` ${i.completedAt.slice(0, 10)}` : ''}` : i.status === 'in-progress' ? `in progress, ${i.done} of ${i.total} tasks` : 'not started';
      const time = i.timeSpentMs > 0 ? `, ${formatTimeSpent(i.timeSpentMs)}` : '';
      return `- [${i.status === 'completed' ? 'x' : ' '}] [${i.title}](${siteUrl}${i.href ?? `/${i.lesson}/`}) (${note}${time})`;
    }),
    '',
    `Time spent: ${formatTimeSpent(report.timeSpentMs)}`,
    report.nextUp ? `Next up: ${report.nextUp.title}` : 'Every lab of the track is completed.',
    '',
    `Check in CI: \`${trackCiCommand(report.track.id, report.track.labsDir)}\``,
  ];
  return `${lines.join('\n')}\n`;
}

/** The same as JSON, for tools. */
export function trackJson(report: TrackReport): string {
  return `${JSON.stringify(
    {
      track: report.track.id,
      title: report.track.title,
      completed: report.completed,
      total: report.items.length,
      nextUp: report.nextUp?.id ?? null,
      timeSpentMinutes: Math.round(report.timeSpentMs / 60_000),
      labs: report.items.map((i) => ({ id: i.id, title: i.title, status: i.status, tasksDone: i.done, tasks: i.total, timeSpentMinutes: Math.round(i.timeSpentMs / 60_000), ...(i.completedAt ? { completedAt: i.completedAt } : {}) })),
      ci: trackCiCommand(report.track.id, report.track.labsDir),
    },
    null,
    2,
  )}\n`;
}
