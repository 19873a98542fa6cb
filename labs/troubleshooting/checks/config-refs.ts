import { effectiveEnv, fail, pass, sourcesByName, type CheckContext, type EnvSources, type Outcome } from '../../../checker/kit.ts';

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

/** Pure: judge one Deployment against the ConfigMaps and Secrets of its namespace (checker/semantics/env.ts resolves each container's environment). */
export function judgeConfigRefs(deployment: any, sources: EnvSources, options: ConfigRefOptions): Outcome {
  const name = deployment.metadata?.name;
  const containers: any[] = [...(deployment.spec?.template?.spec?.initContainers ?? []), ...(deployment.spec?.template?.spec?.containers ?? [])];
  const defined = new Set<string>();
  for (const c of containers) {
    const where = `Deployment ${name}: container ${c.name}`;
    const env = effectiveEnv(c, sources);
    if (env.blocking.length) {
      return fail(`${where} cannot start (CreateContainerConfigError): ${env.blocking.join('; ')}`, { expected: 'every reference resolves', actual: env.blocking[0]! });
    }
    const hidden = env.skipped.find((s) => s.name !== undefined);
    if (hidden) {
      return fail(`${where}: ${hidden.reason} — optional: true only hides the error, the variable is left unset`, { expected: `${hidden.name} is set`, actual: 'unset (optional)' });
    }
    for (const v of env.vars.keys()) defined.add(v);
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
  return judgeConfigRefs(deployment, sourcesByName(configMaps, secrets), options);
}
