import { fail, pass, type CheckContext, type Outcome } from '../../../checker/kit.ts';

/**
 * Do a Deployment's environment references resolve? On a real node a missing
 * ConfigMap or key keeps the container in CreateContainerConfigError; the
 * simulated nodes here start it anyway, so this reads the references instead:
 * every `configMapKeyRef`/`secretKeyRef` names an object that exists and has
 * that key, every `envFrom` source exists, and each variable in `env` is defined.
 */
export interface ConfigRefOptions {
  deployment: string;
  /** Variables the app needs: each must be set by `env` or `envFrom`. */
  env?: string[];
}

type Sources = { ConfigMap: Map<string, any>; Secret: Map<string, any> };
type Ref = { kind: keyof Sources; name: string; key?: string; optional?: boolean; prefix?: string };

const keysOf = (o: any): string[] => [...Object.keys(o?.data ?? {}), ...Object.keys(o?.binaryData ?? {})];
const list = (keys: string[]) => (keys.length ? keys.join(', ') : 'none');

/** Pure: judge one Deployment against the ConfigMaps and Secrets of its namespace. */
export function judgeConfigRefs(deployment: any, sources: Sources, options: ConfigRefOptions): Outcome {
  const name = deployment.metadata?.name;
  const containers: any[] = [...(deployment.spec?.template?.spec?.initContainers ?? []), ...(deployment.spec?.template?.spec?.containers ?? [])];
  const defined = new Set<string>();
  for (const c of containers) {
    const where = `Deployment ${name}: container ${c.name}`;
    for (const e of c.env ?? []) {
      const ref: Ref | null = e.valueFrom?.configMapKeyRef ? { ...e.valueFrom.configMapKeyRef, kind: 'ConfigMap' as const } : e.valueFrom?.secretKeyRef ? { ...e.valueFrom.secretKeyRef, kind: 'Secret' as const } : null;
      if (!ref) {
        defined.add(e.name);
        continue;
      }
      const field = `env ${e.name} (valueFrom.${ref.kind === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef'})`;
      const source = sources[ref.kind].get(ref.name);
      const hidden = ref.optional ? ' — optional: true only hides the error, the variable would be unset' : '';
      if (!source) {
        return fail(`${where}: ${field} refers to ${ref.kind} ${ref.name}, which does not exist (${ref.kind}s here: ${list([...sources[ref.kind].keys()])})${hidden}`, {
          expected: `${ref.kind} ${ref.name} exists`,
          actual: 'not found',
        });
      }
      if (!keysOf(source).includes(ref.key ?? '')) {
        return fail(`${where}: ${field} refers to key "${ref.key}" of ${ref.kind} ${ref.name}, which has no such key (its keys: ${list(keysOf(source))})${hidden}`, {
          expected: `key ${ref.key}`,
          actual: list(keysOf(source)),
        });
      }
      defined.add(e.name);
    }
    for (const f of c.envFrom ?? []) {
      const ref: Ref | null = f.configMapRef ? { ...f.configMapRef, kind: 'ConfigMap' as const } : f.secretRef ? { ...f.secretRef, kind: 'Secret' as const } : null;
      if (!ref) continue;
      const source = sources[ref.kind].get(ref.name);
      if (!source) {
        if (ref.optional) continue;
        return fail(`${where}: envFrom ${ref.kind === 'ConfigMap' ? 'configMapRef' : 'secretRef'} refers to ${ref.kind} ${ref.name}, which does not exist`, {
          expected: `${ref.kind} ${ref.name} exists`,
          actual: 'not found',
        });
      }
      for (const k of keysOf(source)) defined.add(`${f.prefix ?? ''}${k}`);
    }
  }
  for (const v of options.env ?? []) {
    if (!defined.has(v)) {
      return fail(`Deployment ${name}: no container sets the environment variable ${v} (spec.template.spec.containers[].env); the app needs it`, {
        expected: `${v} is set`,
        actual: 'not set',
      });
    }
  }
  return pass(`Deployment ${name}: every ConfigMap and Secret reference resolves${options.env?.length ? ` and ${options.env.join(', ')} ${options.env.length === 1 ? 'is' : 'are'} set` : ''}`);
}

export default async function configRefs(ctx: CheckContext, raw: Record<string, unknown>): Promise<Outcome> {
  const options = raw as unknown as ConfigRefOptions;
  const view = ctx.kube();
  const [deployments, configMaps, secrets] = await Promise.all([
    view.list('Deployment', { namespace: ctx.namespace }),
    view.list('ConfigMap', { namespace: ctx.namespace }),
    view.list('Secret', { namespace: ctx.namespace }),
  ]);
  const deployment = deployments.find((d) => d.metadata?.name === options.deployment);
  if (!deployment) return fail(`Deployment "${options.deployment}" in namespace ${ctx.namespace} not found`, { expected: 'it exists', actual: 'not found' });
  const byName = (items: any[]) => new Map(items.map((o) => [o.metadata?.name as string, o]));
  return judgeConfigRefs(deployment, { ConfigMap: byName(configMaps), Secret: byName(secrets) }, options);
}
