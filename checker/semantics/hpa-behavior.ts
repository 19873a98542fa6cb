/**
 * How fast an HPA may scale down, as the controller evaluates `behavior.scaleDown`: every
 * policy gives a number of Pods per its period (`Pods`: its value; `Percent`: that share of
 * the current replicas, rounded up); `selectPolicy: Max` (the default) takes the policy that
 * allows the most, `Min` the least, `Disabled` none. With no policies the default applies:
 * 100 % per 15 s.
 */
export interface ScaleDownLimit {
  /** Pods the HPA may remove within `windowSeconds`, at `replicas` current replicas. */
  pods: number;
  /** Which policy decides, for messages: `Percent 50 % per 60 s`. */
  by: string;
}

const defaultPolicies = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

export function scaleDownLimit(hpa: any, replicas: number, windowSeconds: number): ScaleDownLimit {
  const scaleDown = hpa?.spec?.behavior?.scaleDown ?? {};
  const select = scaleDown.selectPolicy ?? 'Max';
  if (select === 'Disabled') return { pods: 0, by: 'selectPolicy Disabled' };
  const policies: any[] = scaleDown.policies?.length ? scaleDown.policies : defaultPolicies;
  const allowed = policies.map((p) => {
    const perPeriod = p.type === 'Percent' ? Math.ceil((replicas * p.value) / 100) : p.value;
    const periods = Math.ceil(windowSeconds / Math.max(1, p.periodSeconds));
    return { pods: Math.min(replicas, perPeriod * periods), by: `${p.type} ${p.value}${p.type === 'Percent' ? ' %' : ''} per ${p.periodSeconds} s` };
  });
  allowed.sort((a, b) => (select === 'Min' ? a.pods - b.pods : b.pods - a.pods));
  return { ...allowed[0], by: `${allowed[0].by}${policies.length > 1 ? `, chosen by selectPolicy ${select}` : ''}${scaleDown.policies?.length ? '' : ' (the default policy)'}` };
}
