import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chartEdits, decodeRelease, judgeRelease, mergeValues, readChart, toRecord } from './helm-release.ts';

/**
 * Real release Secrets written by helm v4.3.1 against the v1.36.1 API server:
 *   helm install web ./hello-web --set replicaCount=2 --set message="Hello from Helm"
 *   helm upgrade web ./hello-web --set image.tag=1.28-bookworm      (drops the install's values)
 *   helm rollback web 1
 */
const secrets: any[] = JSON.parse(readFileSync(new URL('./fixtures/release-secrets.json', import.meta.url), 'utf8'));
const records = secrets.map(toRecord);
const NS = 'try-helm';

describe('decoding release records', () => {
  it('reads what helm history shows', () => {
    expect(records.map((r) => [r.version, r.status, r.description, r.rollbackRevision])).toEqual([
      [1, 'superseded', 'Install complete', undefined],
      [2, 'superseded', 'Upgrade complete', undefined],
      [3, 'deployed', 'Rollback to 1', 1],
    ]);
    expect(records[0].config).toEqual({ message: 'Hello from Helm', replicaCount: 2 });
    expect(records[1].values).toMatchObject({ replicaCount: 1, message: 'Hello from kubecamp', image: { repository: 'nginx', tag: '1.28-bookworm' } });
  });

  it('also reads a record that is not gzipped', () => {
    const plain = { name: 'web', version: 1, info: { status: 'deployed' }, chart: { values: { a: 1 } }, config: {} };
    const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
    expect(decodeRelease({ data: { release: b64(b64(JSON.stringify(plain))) } })).toEqual(plain);
    expect(decodeRelease({ data: { release: b64(b64(gzipSync(JSON.stringify(plain)))) } })).toEqual(plain);
  });

  it('merges values like Helm: maps deeply, lists replaced, null deletes a default', () => {
    expect(mergeValues({ image: { repository: 'nginx', tag: 'a' }, list: [1, 2], gone: 1 }, { image: { tag: 'b' }, list: [3], gone: null })).toEqual({
      image: { repository: 'nginx', tag: 'b' },
      list: [3],
    });
  });
});

describe('judgeRelease', () => {
  it('passes revision 1 with the values passed at install', () => {
    expect(judgeRelease(records, { release: 'web', revision: 1, values: { replicaCount: 2, message: 'Hello from Helm' } }, NS)).toEqual({
      status: 'pass',
      message: 'release web revision 1 (superseded): replicaCount=2, message=Hello from Helm',
    });
  });

  it('fails the upgrade that dropped the values, naming the value and what was passed', () => {
    expect(judgeRelease(records, { release: 'web', revision: 'any', where: { image: { tag: '1.28-bookworm' } }, values: { replicaCount: 2 } }, NS)).toMatchObject({
      status: 'fail',
      message: 'release web revision 2: replicaCount is 1, expected 2 (values you passed: {"image":{"tag":"1.28-bookworm"}})',
    });
    expect(judgeRelease(records, { release: 'web', revision: 'any', where: { image: { tag: '1.29' } } }, NS).message).toBe(
      'release web: no revision has image.tag "1.29" (revisions: 3: "1.27-bookworm", 2: "1.28-bookworm", 1: "1.27-bookworm")',
    );
  });

  it('passes the deployed rollback to 1, and tells an upgrade or a rollback to another revision apart', () => {
    const rollback = { release: 'web', revision: 'deployed' as const, rollbackTo: 1, minRevision: 3, values: { replicaCount: 2, image: { tag: '1.27-bookworm' } } };
    expect(judgeRelease(records, rollback, NS)).toEqual({
      status: 'pass',
      message: 'release web revision 3 (deployed, rollback to 1): replicaCount=2, image.tag=1.27-bookworm',
    });
    const upgraded = records.map((r) => (r.version === 3 ? { ...r, description: 'Upgrade complete', rollbackRevision: undefined } : r));
    expect(judgeRelease(upgraded, rollback, NS).message).toBe(
      'release web revision 3 was made by "Upgrade complete", not by helm rollback; expected a rollback to revision 1',
    );
    const toTwo = records.map((r) => (r.version === 3 ? { ...r, rollbackRevision: 2 } : r));
    expect(judgeRelease(toTwo, rollback, NS).message).toBe('release web revision 3 was made by a rollback to revision 2; expected a rollback to revision 1');
    const early = records.filter((r) => r.version < 3).map((r) => (r.version === 2 ? { ...r, status: 'deployed' } : r));
    expect(judgeRelease(early, rollback, NS).message).toBe(
      'release web is at revision 2 (Upgrade complete), expected revision 3 or later (revisions: 2 deployed, 1 superseded)',
    );
  });

  it('fails when the release is missing or has no such revision', () => {
    expect(judgeRelease(records, { release: 'api' }, NS).message).toBe(
      'no Helm release "api" in namespace try-helm (no Secret of type helm.sh/release.v1 labelled owner=helm,name=api)',
    );
    expect(judgeRelease(records, { release: 'web', revision: 7 }, NS).message).toBe(
      'release web has no revision 7 (revisions: 3 deployed, 2 superseded, 1 superseded)',
    );
  });
});

describe('the chart a revision was installed from', () => {
  // The fixture's chart is the lab's chart of its day (nginx 1.27): it is "the chart as shipped" here.
  const shipped = records[0].chart;
  const install = { release: 'web', revision: 1, values: { replicaCount: 2, message: 'Hello from Helm' } } as const;
  const editedValues = records.map((r) =>
    r.version === 1 ? { ...r, config: {}, chart: { ...r.chart, values: { ...r.chart.values, replicaCount: 2, message: 'Hello from Helm' } }, values: { ...r.values } } : r,
  );

  it('reads the chart from the record: values and the templates by name', () => {
    expect(shipped.values).toMatchObject({ replicaCount: 1, message: 'Hello from kubecamp' });
    expect(Object.keys(shipped.templates)).toEqual(['templates/NOTES.txt', 'templates/_helpers.tpl', 'templates/configmap.yaml', 'templates/deployment.yaml', 'templates/service.yaml']);
    expect(shipped.templates['templates/deployment.yaml']).toContain('replicas: {{ .Values.replicaCount }}');
  });

  it('passes values given with -f or --set over the chart as shipped', () => {
    expect(judgeRelease(records, install, NS, shipped).status).toBe('pass');
  });

  it("fails values typed into the chart's own values.yaml, naming each change and what it costs", () => {
    // The old judgement read the merged values only, and passed this.
    expect(judgeRelease(editedValues, install, NS).status).toBe('pass');
    expect(judgeRelease(editedValues, install, NS, shipped)).toEqual({
      status: 'fail',
      message:
        'release web revision 1 was installed from an edited chart (values.yaml: message "Hello from kubecamp"→"Hello from Helm", replicaCount 1→2): those changes live in this copy of the chart only, and the next install of the published chart loses them — restore the chart, override its values with -f or --set, and install again (helm uninstall web first)',
      expected: 'the chart as shipped, values passed with -f or --set',
      actual: 'edited: values.yaml: message "Hello from kubecamp"→"Hello from Helm", replicaCount 1→2',
    });
  });

  it('names edited, added and removed templates; line endings and trailing blanks are no edit', () => {
    const { 'templates/NOTES.txt': _notes, ...rest } = shipped.templates;
    const used = {
      values: { ...shipped.values, image: { repository: 'nginx', tag: '1.27-bookworm' }, extra: true },
      templates: {
        ...rest,
        'templates/service.yaml': `${rest['templates/service.yaml'].replace(/\n/g, '  \r\n')}\n\n`,
        'templates/deployment.yaml': rest['templates/deployment.yaml'].replace('{{ .Values.replicaCount }}', '2'),
        'templates/extra.yaml': 'kind: ConfigMap',
      },
    };
    expect(chartEdits(shipped, shipped)).toEqual([]);
    expect(chartEdits(shipped, used)).toEqual([
      'values.yaml: image.pullPolicy "IfNotPresent"→(none), extra (none)→true',
      'templates/NOTES.txt removed',
      'templates/deployment.yaml edited',
      'templates/extra.yaml added',
    ]);
  });

  it("reads the lab's starter chart as helm install loads it", () => {
    const chart = readChart(new URL('../starter/hello-web', import.meta.url).pathname);
    expect(chart.values).toMatchObject({ replicaCount: 1, message: 'Hello from kubecamp', image: { repository: 'nginx', tag: '1.30-trixie' }, service: { port: 80 } });
    expect(Object.keys(chart.templates).sort()).toEqual(Object.keys(shipped.templates));
  });
});
