import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../images/catalog.ts';
import { versions } from '../versions.ts';
import { codeBlocks, proseOf } from './code-blocks.ts';
import { blockProblems, engineNoteProblems, imageVersionProblems, manifestsOf, toolVersionProblems } from './lesson-checks.ts';

const root = join(import.meta.dirname, '../..');

function walk(dir: string, keep: (f: string) => boolean): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return e === 'node_modules' || e === 'fixtures' ? [] : walk(p, keep);
    return keep(p) ? [p] : [];
  });
}

const lessonFiles = walk(join(root, 'lessons'), (f) => f.endsWith('.mdx'));
const lessons = lessonFiles.map((f) => ({ file: relative(root, f), text: readFileSync(f, 'utf8') }));
const refs = catalog.map((e) => e.ref);

describe('every lesson', () => {
  it('has code blocks to check (the walk found the lessons)', () => {
    expect(lessons.length).toBeGreaterThan(25);
    expect(lessons.flatMap((l) => codeBlocks(l.text, l.file)).filter((b) => b.lang === 'sh').length).toBeGreaterThan(50);
  });

  it('has shell blocks that bash parses and yaml blocks that parse', () => {
    expect(lessons.flatMap((l) => codeBlocks(l.text, l.file)).flatMap(blockProblems)).toEqual([]);
  });

  it('names the engine (kind or kwok) in every note about how the lab cluster behaves', () => {
    expect(lessons.flatMap((l) => engineNoteProblems(proseOf(l.text), l.file))).toEqual([]);
  });

  it('names images only on the lines the images catalog pins', () => {
    expect(lessons.flatMap((l) => imageVersionProblems(l.text, l.file, refs))).toEqual([]);
  });

  it('mentions no Kubernetes or Helm release newer than scripts/versions.ts pins', () => {
    expect(lessons.flatMap((l) => toolVersionProblems(l.text, l.file, versions))).toEqual([]);
  });
});

describe('every lab, diagram and the Dockerfile pin suggestions', () => {
  const files = [
    ...walk(join(root, 'labs'), (f) => !/\.(test\.)?ts$|\.json$/.test(f)),
    ...walk(join(root, 'site/assets/diagrams'), (f) => f.endsWith('.svg')),
    join(root, 'checker/checks/dockerfile-rules/base-image-rules.ts'),
    join(root, 'README.md'),
  ];

  it('names images only on the lines the images catalog pins', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files.flatMap((f) => imageVersionProblems(readFileSync(f, 'utf8'), relative(root, f), refs))).toEqual([]);
  });

  it('lists in lab.yaml images: only references the catalog provides offline', () => {
    const listed = walk(join(root, 'labs'), (f) => f.endsWith('lab.yaml')).flatMap((f) => {
      const m = /^images:\s*\[(.*)\]/m.exec(readFileSync(f, 'utf8'));
      return (m?.[1].split(',').map((s) => s.trim()).filter(Boolean) ?? []).map((ref) => ({ lab: relative(root, f), ref }));
    });
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((l) => !refs.includes(l.ref))).toEqual([]);
  });
});

describe('codeBlocks', () => {
  it('reads the language, title and nocheck reason, inside admonitions too', () => {
    const text = ['# t', '```sh', 'echo hi', '```', ':::note', '  ```yaml title="x.yaml" nocheck="a template"', '  a: {{ .b }}', '  ```', ':::'].join('\n');
    expect(codeBlocks(text, 'l.mdx')).toEqual([
      { file: 'l.mdx', line: 2, endLine: 4, lang: 'sh', title: undefined, nocheck: undefined, code: 'echo hi' },
      { file: 'l.mdx', line: 6, endLine: 8, lang: 'yaml', title: 'x.yaml', nocheck: 'a template', code: 'a: {{ .b }}' },
    ]);
    expect(proseOf(text).split('\n')).toEqual(['# t', '', '', '', ':::note', '', '', '', ':::']);
  });
});

describe('blockProblems', () => {
  const block = (lang: string, code: string, nocheck?: string) => ({ file: 'l.mdx', line: 3, endLine: 5, lang, code, nocheck });

  it('reports shell that does not parse and yaml that does not parse, word for word', () => {
    expect(blockProblems(block('sh', 'for i in 1 2; do echo $i'))).toEqual([
      "l.mdx:3: the sh block does not parse: line 2: syntax error: unexpected end of file",
    ]);
    expect(blockProblems(block('yaml', 'a: [1, 2\nb: 3'))).toHaveLength(1);
    expect(blockProblems(block('yaml', 'a: [1, 2\nb: 3'))[0]).toMatch(/^l\.mdx:3: the yaml block does not parse: /);
  });

  it('accepts valid blocks, and skips a block marked nocheck only with a reason', () => {
    expect(blockProblems(block('sh', 'kubectl get pods -w   # watch\ndocker run … nginx'))).toEqual([]);
    expect(blockProblems(block('yaml', 'a: {{ .b }}', 'a Helm template'))).toEqual([]);
    expect(blockProblems(block('yaml', 'a: 1', ''))).toEqual(['l.mdx:3: a bare nocheck; say why the block is not checked: nocheck="…"']);
  });

  it('finds the Kubernetes objects of a yaml block', () => {
    const b = block('yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\nspec: {replicas: 2}');
    expect(manifestsOf(b)).toEqual([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }]);
  });
});

describe('engineNoteProblems', () => {
  it('fails the notes issue 13 found, which described only the Docker-free engine', () => {
    const old = [
      ':::note',
      "In this course's cluster, nodes are simulated: every scheduled Pod is marked `Running` and no",
      'container really starts, so image pulls, crashes and out-of-memory kills cannot happen here.',
      ':::',
      '',
      'does nothing. In this course\'s simulated cluster no traffic flows at all: the lab checks the policy',
      '',
      "This lab's cluster has a default class `standard` **without** a provisioner. Claims bind only to",
    ].join('\n');
    expect(engineNoteProblems(old, 'l.mdx').map((p) => p.split(':').slice(0, 2).join(':'))).toEqual(['l.mdx:1', 'l.mdx:6', 'l.mdx:8']);
  });

  it('passes notes that name their engine, and text that only mentions the lab cluster', () => {
    const ok = [
      'On the **kind** lab cluster the kubelets are real; on the Docker-free **kwok** lab cluster they are simulated.',
      '',
      'In the terminal `kubectl` already points at the lab cluster, and at a namespace of your own.',
      '',
      'Controllers correct one kind of difference each.',
    ].join('\n');
    expect(engineNoteProblems(ok, 'l.mdx')).toEqual([]);
    expect(engineNoteProblems('On this cluster one kind of Pod is simulated.', 'l.mdx')).toHaveLength(1);
  });
});

describe('imageVersionProblems', () => {
  const pinned = ['node:26-bookworm-slim', 'nginx:1.30-trixie', 'nginx:1.31-trixie', 'debian:bookworm-slim'];

  it('fails an image on an unpinned line, also inside a regular expression, word for word', () => {
    expect(imageVersionProblems('FROM node:20-bookworm-slim\nimage: nginx:1.27', 'Dockerfile', pinned)).toEqual([
      'Dockerfile:1: node:20-bookworm-slim is not on a line the images catalog pins (node:26); use the pinned line, or pin the new one in scripts/images/catalog.ts',
      'Dockerfile:2: nginx:1.27 is not on a line the images catalog pins (nginx:1.30, nginx:1.31); use the pinned line, or pin the new one in scripts/images/catalog.ts',
    ]);
    expect(imageVersionProblems("matches: '^nginx:1\\.28'", 'lab.yaml', pinned)).toHaveLength(1);
  });

  it('passes pinned lines, more exact versions, docker.io names, tags without a version and other names', () => {
    const text = 'node:26.13.0-bookworm-slim docker.io/library/nginx:1.31 nginx:1.30.2-trixie node:latest debian:bookworm-slim mynginx:1.2 ghcr.io/x/node:20';
    expect(imageVersionProblems(text, 'l.mdx', pinned)).toEqual([]);
  });
});

describe('toolVersionProblems', () => {
  it('fails a Kubernetes or Helm release newer than the pins, and passes older ones', () => {
    const pins = { kubernetes: '1.36.1', helm: '4.3.1' };
    expect(toolVersionProblems('since Kubernetes 1.35; Helm 3 and Helm 4', 'l.mdx', pins)).toEqual([]);
    expect(toolVersionProblems('new in Kubernetes 1.37, and Helm 5', 'l.mdx', pins)).toEqual([
      'l.mdx:1: "Kubernetes 1.37" is newer than the pinned Kubernetes 1.36.1 (scripts/versions.ts)',
      'l.mdx:1: "Helm 5" is newer than the pinned Helm 4.3.1 (scripts/versions.ts)',
    ]);
  });
});
