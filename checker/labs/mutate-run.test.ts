import { describe, expect, it } from 'vitest';
import { findLab } from './load.ts';
import { formatMutationReport, labMutations, mergeRejudged, score, tolerantWaits, unjudgedKeys, verdictOf, type MutantResult } from './mutate-run.ts';

const result = (verdict: MutantResult['verdict'], description = 'x'): MutantResult => ({
  mutation: { id: 'a#1', kind: verdict === 'survived' || verdict === 'false-fail' ? 'equivalent' : 'meaning', file: 'a.yaml', where: 'Deployment web: spec.replicas', description },
  verdict,
  detail: verdict === 'false-fail' ? 'create: image is wrong' : 'every task passes',
});

describe('score', () => {
  it('is killed over killed + missed; rejected and equivalent rewrites do not count', () => {
    expect(score([result('killed'), result('killed'), result('killed'), result('missed'), result('rejected'), result('survived')])).toBe(75);
    expect(score([result('rejected')])).toBeNull();
  });
});

describe('--rejudge', () => {
  const saved = { lab: 'pods', generated: 4, results: [result('killed', 'a'), result('unjudged', 'b'), result('unjudged', 'c'), result('rejected', 'd')], score: 100, durationMs: 1000 };

  it('runs again only what the saved run left unjudged', () => {
    expect([...unjudgedKeys(saved)].map((k) => k.split('\u0000')[2])).toEqual(['b', 'c']);
  });

  it("puts the re-run's verdicts in place of the saved ones and scores the whole", () => {
    const rerun = { lab: 'pods', generated: 4, results: [{ ...result('killed', 'b'), mutation: { ...result('killed', 'b').mutation, id: 'a#9' } }, result('missed', 'c')], score: 50, durationMs: 500 };
    const merged = mergeRejudged(saved, rerun);
    expect(merged.results.map((r) => `${r.mutation.description} ${r.verdict}`)).toEqual(['a killed', 'b killed', 'c missed', 'd rejected']);
    expect(merged.score).toBe(66.7);
    expect(merged.durationMs).toBe(1500);
  });
});

describe('verdictOf', () => {
  const t = (...statuses: string[]) => statuses.map((status) => ({ status }));
  it('kills on a failing task, misses when every task passes, and leaves unjudged what only an unsupported task could judge', () => {
    expect(verdictOf('meaning', t('pass', 'fail'))).toBe('killed');
    expect(verdictOf('meaning', t('pass', 'unsupported', 'error'))).toBe('killed');
    expect(verdictOf('meaning', t('pass', 'pass'))).toBe('missed');
    expect(verdictOf('meaning', t('pass', 'unsupported'))).toBe('unjudged');
    expect(verdictOf('equivalent', t('pass', 'unsupported'))).toBe('survived');
    expect(verdictOf('equivalent', t('fail', 'unsupported'))).toBe('false-fail');
  });
  it('counts unjudged mutations in neither side of the score', () => {
    expect(score([result('killed'), result('unjudged'), result('unjudged')])).toBe(100);
  });
});

describe('formatMutationReport', () => {
  it('prints a table row per lab, then what an author acts on', () => {
    const text = formatMutationReport([{ lab: 'pods', generated: 40, results: [result('killed'), result('missed', 'spec.replicas: 3 → 4'), result('false-fail', 'image → docker.io/library/nginx:1.27')], score: 50, durationMs: 1 }]);
    expect(text).toBe(
      [
        '| lab | generated | ran | killed | missed | unjudged (needs real nodes) | rejected | equivalent survived | false fails | score |',
        '|---|---|---|---|---|---|---|---|---|---|',
        '| pods | 40 | 3 | 1 | 1 | 0 | 0 | 0 | 1 | 50 % |',
        'missed     pods Deployment web: spec.replicas: spec.replicas: 3 → 4',
        'false fail pods Deployment web: spec.replicas: image → docker.io/library/nginx:1.27 — create: image is wrong',
        '',
      ].join('\n'),
    );
  });
});

describe('tolerantWaits', () => {
  it('lets only the waiting steps fail, so a rollout that never finishes still reaches the checks', () => {
    const steps = [
      { apply: 'deployment.yaml' },
      { run: 'kubectl rollout status deployment/api --timeout=90s' },
      { run: 'kubectl rollout status deployment/a --timeout=90s && kubectl rollout status deployment/b --timeout=90s' },
      { run: 'kubectl set image deployment/web nginx=nginx:1.31' },
      { run: 'kubectl rollout status deployment/a; kubectl delete pod x' },
    ];
    expect(tolerantWaits(steps)).toEqual([
      { apply: 'deployment.yaml' },
      { run: '(kubectl rollout status deployment/api --timeout=90s) || true' },
      { run: '(kubectl rollout status deployment/a --timeout=90s && kubectl rollout status deployment/b --timeout=90s) || true' },
      { run: 'kubectl set image deployment/web nginx=nginx:1.31' },
      { run: 'kubectl rollout status deployment/a; kubectl delete pod x' },
    ]);
  });

  it('lets steps that only act inside containers fail too (a mutant whose container does not run cannot take them)', () => {
    const exec = "if kubectl get nodes -o jsonpath='{.items}' | grep -q kwok; then echo no; else kubectl exec web -c nginx -- sh -c 'echo hi > /x' && kubectl exec web -c log-shipper -- wget -qO- http://localhost/x; fi";
    expect(tolerantWaits([{ run: exec }])).toEqual([{ run: `(${exec}) || true` }]);
    const writes = 'kubectl exec web -- true && kubectl apply -f more.yaml';
    expect(tolerantWaits([{ run: writes }, { run: 'kubectl get pods' }])).toEqual([{ run: writes }, { run: 'kubectl get pods' }]);
  });
});

describe('labMutations', () => {
  it("judges selector mutations over the Pods of the lab's setup and solution", async () => {
    const shop = (await labMutations(await findLab('rollout-strategies'))).filter((m) => m.where.startsWith('Service shop: spec.selector')).map((m) => `${m.kind} ${m.description}`);
    // Without app, the selector still selects only the green Pods; without version, it also selects
    // shop-blue's, which only the setup (setup/current.yaml) runs.
    expect(shop).toContain('equivalent removed spec.selector.app (selects the same Pods: Deployment shop-green (app=shop,version=green))');
    expect(shop).toContain('meaning removed spec.selector.version');
  });

  it("makes no selector rewrite of a Deployment the setup created (autoscaling's web: the API refuses it)", async () => {
    const web = (await labMutations(await findLab('autoscaling'))).filter((m) => m.where.startsWith('Deployment web') && m.kind === 'equivalent').map((m) => m.description);
    expect(web.some((d) => d.startsWith('spec.selector'))).toBe(false);
    expect(web).toContain('spec.template.spec.containers[0].resources.requests.cpu: 100m → 0.1');
  });
});
