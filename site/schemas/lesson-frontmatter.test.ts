import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lessonFrontmatterSchema, lessonModuleProblem } from './lesson-frontmatter.ts';

const lessonsDir = fileURLToPath(new URL('../../lessons/', import.meta.url));

describe('lessonFrontmatterSchema', () => {
  it('accepts a lesson with all fields, and a page with none', () => {
    expect(lessonFrontmatterSchema.parse({ lab: 'run-a-container', module: 'containers', minutes: 15 })).toEqual({
      lab: 'run-a-container',
      module: 'containers',
      minutes: 15,
    });
    expect(lessonFrontmatterSchema.parse({})).toEqual({});
  });

  it('explains bad values', () => {
    const issues = (value: unknown) => lessonFrontmatterSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ lab: 'Run A Container' })).toEqual(['lab: a lab id is the kebab-case name of its folder in labs/, e.g. "run-a-container"']);
    expect(issues({ minutes: 7.5 })).toEqual(['minutes: minutes is a whole number']);
    expect(issues({ minutes: 600 })).toEqual(['minutes: a lesson over 4 hours should be split']);
    expect(issues({ module: 'linux' })).toEqual(["module: Invalid enum value. Expected 'containers' | 'kubernetes', received 'linux'"]);
  });
});

describe('lessonModuleProblem', () => {
  it('requires the module of the folder the lesson is in', () => {
    expect(lessonModuleProblem('kubernetes/pods', { module: 'kubernetes' })).toBeUndefined();
    expect(lessonModuleProblem('kubernetes/pods', {})).toBe('**module**: missing; a lesson in lessons/kubernetes/ needs `module: kubernetes`');
    expect(lessonModuleProblem('kubernetes/pods', { module: 'containers' })).toBe(
      '**module**: is "containers" but the lesson is in lessons/kubernetes/; set `module: kubernetes` or move the file',
    );
  });

  it('refuses a module on pages outside the module folders', () => {
    expect(lessonModuleProblem('index', {})).toBeUndefined();
    expect(lessonModuleProblem('index', { module: 'containers' })).toBe(
      '**module**: "containers" is set but the page is not in a module folder; move it to lessons/containers/ or remove the field',
    );
  });
});

async function lessonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await lessonFiles(full)));
    else if (/\.mdx?$/.test(e.name) && !e.name.startsWith('_')) out.push(full);
  }
  return out;
}

describe('the lessons in lessons/', () => {
  it('have valid kubecamp frontmatter that matches their folder', async () => {
    const files = await lessonFiles(lessonsDir);
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const file of files) {
      const id = relative(lessonsDir, file).replace(/\.mdx?$/, '').split('\\').join('/');
      const match = /^---\n([\s\S]*?)\n---/.exec(await readFile(file, 'utf8'));
      if (!match) {
        problems.push(`${id}: no frontmatter`);
        continue;
      }
      const data = parseYaml(match[1]!) as Record<string, unknown>;
      if (typeof data.title !== 'string') problems.push(`${id}: **title**: missing`);
      const parsed = lessonFrontmatterSchema.safeParse(data);
      if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${id}: **${i.path.join('.')}**: ${i.message}`));
      else {
        const problem = lessonModuleProblem(id, parsed.data);
        if (problem) problems.push(`${id}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
