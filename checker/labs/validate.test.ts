import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from './load.ts';
import { validateAll, validateHostPorts, validateLab } from './validate.ts';

/** Write `files` (path → text) under a fresh temporary folder. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kubecamp-validate-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const labYaml = `id: demo
title: Demo
lesson: kubernetes/demo
environments: [kubernetes]
minutes: 5
solution:
  - apply: pod.yaml
tasks:
  - id: create-pod
    title: Create the Pod
    description: Create it.
    hints: [Try kubectl.]
    checks:
      - { type: k8s.object, kind: Pod, name: web }
`;
const wrong = (name: string) => ({
  [`labs/demo/wrong/${name}/variant.yaml`]: `description: ${name}\nfails: create-pod\nmessage: not found\nsteps:\n  - run: "true"\n`,
});
const good: Record<string, string> = {
  'labs/demo/lab.yaml': labYaml,
  'labs/demo/starter/.gitkeep': '',
  'labs/demo/solution/pod.yaml': 'kind: Pod\n',
  'lessons/kubernetes/demo.mdx': '---\ntitle: Demo\nlab: demo\n---\n',
  ...wrong('a'),
  ...wrong('b'),
};

describe('validateLab', () => {
  it('accepts a complete lab with a valid alternative under right/', async () => {
    const root = tree({ ...good, 'labs/demo/right/imperative/variant.yaml': 'description: kubectl run\npasses: [create-pod]\nsteps:\n  - run: kubectl run web --image=nginx:1.27-bookworm\n' });
    expect(await validateLab(await loadLab(join(root, 'labs/demo')), join(root, 'lessons'))).toEqual([]);
  });

  it('names an unknown task and a missing file in a right/ variant', async () => {
    const root = tree({ ...good, 'labs/demo/right/typo/variant.yaml': 'description: typo\npasses: [create-pods]\nsteps:\n  - apply: missing.yaml\n' });
    const problems = await validateLab(await loadLab(join(root, 'labs/demo')), join(root, 'lessons'));
    expect(problems.map((p) => p.message)).toEqual([
      'passes: "create-pods" is not a task of demo (tasks: create-pod)',
      'steps: applies missing.yaml, which is in neither the variant folder nor starter/',
    ]);
    expect(problems[0].file).toBe(join(root, 'labs/demo/right/typo/variant.yaml'));
  });

  it('names the field a right/ variant.yaml gets wrong', async () => {
    const root = tree({ ...good, 'labs/demo/right/bad/variant.yaml': 'description: bad\nfails: create-pod\nsteps:\n  - run: "true"\n' });
    const problems = await validateLab(await loadLab(join(root, 'labs/demo')), join(root, 'lessons'));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('right/bad/variant.yaml');
    expect(problems[0].message).toContain('fails');
  });

  it('reads mutate.yaml: a reason with a comma in a flow mapping is a field of its own', async () => {
    const root = tree({ ...good, 'labs/demo/mutate.yaml': 'irrelevant:\n  - { kind: Pod, path: spec.containers, reason: any image, any name }\n' });
    const problems = await validateLab(await loadLab(join(root, 'labs/demo')), join(root, 'lessons'));
    expect(problems.map((p) => p.file)).toEqual([join(root, 'labs/demo/mutate.yaml')]);
    expect(problems[0].message).toContain('irrelevant[0]: unknown field "any name" (check the spelling)');
  });

  it('wants at least two known-wrong variants', async () => {
    const { ['labs/demo/wrong/b/variant.yaml']: _b, ...oneWrong } = good;
    const root = tree(oneWrong);
    const problems = await validateLab(await loadLab(join(root, 'labs/demo')), join(root, 'lessons'));
    expect(problems.map((p) => p.message)).toEqual(['has 1 known-wrong variant(s) under wrong/; every lab needs at least 2']);
  });
});

describe('needs', () => {
  it('belongs to labs that use the Kubernetes cluster', async () => {
    const root = tree({ ...good, 'labs/demo/lab.yaml': labYaml.replace('environments: [kubernetes]', 'environments: [docker]\nneeds: [running-containers]') });
    const problems = await validateLab(await loadLab(join(root, 'labs/demo')), join(root, 'lessons'));
    expect(problems.map((p) => p.message)).toEqual(["needs: running-containers is about the Kubernetes cluster, and this lab's environments do not include kubernetes"]);
  });

  it('is declared by a lab whose tasks read what containers do', async () => {
    const logs = "      - { type: k8s.logs, pod: web, contains: ready }\n";
    const root = tree({ ...good, 'labs/demo/lab.yaml': labYaml + logs });
    const problems = await validateLab(await loadLab(join(root, 'labs/demo')), join(root, 'lessons'));
    expect(problems.map((p) => p.message)).toEqual([
      'task(s) create-pod read what containers do (k8s.logs, k8s.exec, k8s.request): add `needs: [running-containers]` so the Docker-free engine says they need real nodes',
    ]);
    const declared = tree({ ...good, 'labs/demo/lab.yaml': labYaml.replace('minutes: 5', 'needs: [running-containers]\nminutes: 5') + logs });
    expect(await validateLab(await loadLab(join(declared, 'labs/demo')), join(declared, 'lessons'))).toEqual([]);
  });
});

describe('host ports', () => {
  const table = {
    cluster: [{ hostPort: 18080, containerPort: 80, protocol: 'TCP' as const, what: 'the ingress controller (HTTP)' }],
    labs: [{ port: 8090, lab: 'demo', what: 'the demo container' }],
  };
  const withPorts = (run: string, compose?: string) =>
    tree({
      ...good,
      'labs/demo/right/docker/variant.yaml': `description: docker\nsteps:\n  - run: ${run}\n`,
      ...(compose ? { 'labs/demo/starter/compose.yaml': compose } : {}),
    });

  it('accepts a lab that publishes only its own ports from the table', async () => {
    const root = withPorts('docker run -d -p 8090:80 nginx');
    const problems = await validateHostPorts([await loadLab(join(root, 'labs/demo'))], table);
    expect(problems).toEqual([]);
  });

  it('fails a lab that publishes a port kind maps, or one the table lacks', async () => {
    const root = withPorts('docker run -d -p 8090:80 -p 18080:80 nginx', 'services:\n  web:\n    ports: ["9999:3000"]\n');
    const problems = await validateHostPorts([await loadLab(join(root, 'labs/demo'))], table);
    expect(problems).toEqual([
      { file: join(root, 'labs/demo/lab.yaml'), message: 'labs/demo/right/docker/variant.yaml steps[0] publishes host port 18080, which the kind cluster maps for the ingress controller (HTTP): with kind running it is taken; use a port of your own from checker/lib/host-ports.ts' },
      { file: join(root, 'labs/demo/lab.yaml'), message: 'labs/demo/starter/compose.yaml publishes host port 9999, which is not in the host-port table; add it for demo in checker/lib/host-ports.ts, on a port nothing else there uses' },
    ]);
  });
});

describe('a wrong variant\'s hint', () => {
  it('must be one of the failing task\'s hints', async () => {
    const root = tree({ ...good, 'labs/demo/wrong/c/variant.yaml': 'description: c\nfails: create-pod\nmessage: not found\nhint: 2\nsteps:\n  - run: "true"\n' });
    const problems = await validateLab(await loadLab(join(root, 'labs/demo')), join(root, 'lessons'));
    expect(problems.map((p) => p.message)).toEqual(['hint: 2, but task "create-pod" has 1 hint(s)']);
    expect(problems[0]!.file).toBe(join(root, 'labs/demo/wrong/c/variant.yaml'));
  });

  it('is accepted when the task has that hint', async () => {
    const root = tree({ ...good, 'labs/demo/wrong/c/variant.yaml': 'description: c\nfails: create-pod\nmessage: not found\nhint: 1\nsteps:\n  - run: "true"\n' });
    expect(await validateLab(await loadLab(join(root, 'labs/demo')), join(root, 'lessons'))).toEqual([]);
  });
});

describe('the repository', () => {
  it('validates: every lab, referenced file, lesson link and track', async () => {
    const { labs, problems } = await validateAll();
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([]);
    expect(labs).toBeGreaterThanOrEqual(28);
  });
});
