import { describe, expect, it } from 'vitest';
import { defaultLessonsRoot, loadAllLabs } from './load.ts';
import { labTransfer, transferReport } from './transfer.ts';

/** Over this share of a lab's distinctive solution lines (and at least this many) standing verbatim in its lesson, the lab is a copy exercise. */
const copyShare = 0.7;
const copyLines = 5;

const lesson = (yaml: string) => `# Pods\n\nSome prose with name: web in it.\n\n\`\`\`yaml\n${yaml}\n\`\`\`\n`;
const solution = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
    tier: frontend
spec:
  containers:
    - name: nginx
      image: nginx:1.30
      resources:
        limits:
          cpu: 500m
          memory: 128Mi
`;

describe('transferReport', () => {
  it('flags a solution whose lines stand word for word in the lesson code', () => {
    const r = transferReport('pods', [solution], lesson(solution));
    expect(r.copied).toEqual(['app: web', 'tier: frontend', 'name: nginx', 'image: nginx:1.30', 'cpu: 500m', 'memory: 128Mi']);
    expect(r.share).toBe(1);
  });

  it('passes a lesson that teaches the same skill with other names and values', () => {
    const example = solution.replace('tier: frontend', 'tier: backend').replace('name: nginx', 'name: server').replace('500m', '200m').replace('128Mi', '96Mi');
    const r = transferReport('pods', [solution], lesson(example));
    expect(r.copied).toEqual(['app: web', 'image: nginx:1.30']);
    expect(r.share).toBeLessThan(0.5);
  });

  it('ignores prose, boilerplate, comments, and lines the starter already gives', () => {
    expect(transferReport('x', ['FROM node:26-bookworm-slim\n# build it\nRUN npm ci --omit=dev\n'], 'FROM node:26-bookworm-slim\nRUN npm ci --omit=dev\n').copied).toEqual([]);
    const dockerLesson = '```dockerfile\nFROM node:26-bookworm-slim\nRUN npm ci --omit=dev\n```\n';
    expect(transferReport('x', ['FROM node:26-bookworm-slim\nRUN npm ci --omit=dev\n'], dockerLesson, ['FROM node:26-bookworm-slim\n']).copied).toEqual(['RUN npm ci --omit=dev']);
    expect(transferReport('x', ['kubectl create configmap app-config --from-env-file=app.env'], '```sh\n$ kubectl create configmap app-config --from-env-file=app.env\n```\n').copied).toHaveLength(1);
  });
});

describe('every lab asks for transfer, not a copy of its lesson', () => {
  it(`no lab's solution stands mostly verbatim (over ${copyShare * 100}%, ${copyLines}+ lines) in its lesson`, async () => {
    const copies = [];
    for (const loaded of await loadAllLabs()) {
      const r = await labTransfer(loaded, defaultLessonsRoot);
      if (r && r.share > copyShare && r.copied.length >= copyLines) copies.push(`${r.lab}: ${r.copied.length} of ${r.lines} solution lines are in its lesson (${r.copied.join(' | ')})`);
    }
    expect(copies).toEqual([]);
  });
});
