import { getCollection } from 'astro:content';
import { loadAllLabs } from '../../checker/labs/load.ts';
import { buildLabsRoot } from './build-paths.ts';
import { courseLabs, type CourseLab } from './course.ts';

/** At build time: every lab in course order, titled as the sidebar titles its lesson. */
export async function loadCourseLabs(): Promise<CourseLab[]> {
  const entries = (await getCollection('docs')) as { id: string; data: { title: string; sidebar?: { label?: string; order?: number } } }[];
  const lessons = entries.map((e) => ({
    slug: e.id,
    title: e.data.title,
    ...(e.data.sidebar?.label ? { label: e.data.sidebar.label } : {}),
    ...(e.data.sidebar?.order !== undefined ? { order: e.data.sidebar.order } : {}),
  }));
  const labs = (await loadAllLabs(buildLabsRoot())).map(({ lab }) => ({ id: lab.id, title: lab.title, lesson: lab.lesson, taskIds: lab.tasks.map((t) => t.id) }));
  return courseLabs(lessons, labs);
}
