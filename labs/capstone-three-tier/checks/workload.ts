import { fail, pass, type CheckContext, type Outcome } from '../../../checker/kit.ts';

/**
 * Two things about a Deployment's first container that can be written more
 * than one valid way, so no single field path checks them:
 * - `secretEnv`: each variable comes from a key of the Secret, through
 *   `env[].valueFrom.secretKeyRef` or through `envFrom[].secretRef` (with its prefix),
 *   and the Secret has that key — never as a plain `value` in the Deployment;
 * - `runs`: the command line (`command` followed by `args`) mentions this text.
 */
export interface WorkloadOptions {
  deployment: string;
  secretEnv?: { secret: string; vars: Record<string, string> };
  runs?: string;
}

/** Pure: judge the Deployment against the Secrets of its namespace. */
export function judgeWorkload(deployment: any, secrets: Map<string, any>, options: WorkloadOptions): Outcome {
  const name = deployment.metadata?.name;
  const container = deployment.spec?.template?.spec?.containers?.[0] ?? {};
  const where = `Deployment ${name}: container ${container.name}`;
  if (options.secretEnv) {
    const { secret, vars } = options.secretEnv;
    const source = secrets.get(secret);
    const keys = Object.keys(source?.data ?? {});
    for (const [variable, key] of Object.entries(vars)) {
      const entry = (container.env ?? []).find((e: any) => e.name === variable);
      if (entry && !entry.valueFrom) {
        return fail(`${where}: ${variable} is written into the Deployment as a plain value (env[name=${variable}].value); take it from key ${key} of Secret ${secret}`, {
          expected: `from Secret ${secret}`,
          actual: 'a plain value',
        });
      }
      const ref = entry?.valueFrom?.secretKeyRef;
      if (entry && !ref) {
        return fail(`${where}: ${variable} comes from ${Object.keys(entry.valueFrom).join(', ')}, expected key ${key} of Secret ${secret}`, {
          expected: `secretKeyRef ${secret}/${key}`,
          actual: Object.keys(entry.valueFrom).join(', '),
        });
      }
      if (ref && (ref.name !== secret || ref.key !== key)) {
        return fail(`${where}: ${variable} comes from key ${ref.key} of Secret ${ref.name} (env[name=${variable}].valueFrom.secretKeyRef), expected key ${key} of Secret ${secret}`, {
          expected: `${secret}/${key}`,
          actual: `${ref.name}/${ref.key}`,
        });
      }
      const viaEnvFrom = !entry && (container.envFrom ?? []).some((f: any) => f.secretRef?.name === secret && `${f.prefix ?? ''}${key}` === variable);
      if (!entry && !viaEnvFrom) {
        return fail(`${where}: ${variable} is not set from Secret ${secret} (neither env[].valueFrom.secretKeyRef nor envFrom[].secretRef)`, {
          expected: `${variable} from Secret ${secret}`,
          actual: 'not set',
        });
      }
      if (!source) return fail(`${where}: ${variable} refers to Secret ${secret}, which does not exist`, { expected: `Secret ${secret}`, actual: 'not found' });
      if (!keys.includes(key)) {
        return fail(`${where}: ${variable} needs key ${key} of Secret ${secret}, which has no such key (its keys: ${keys.join(', ') || 'none'})`, {
          expected: `key ${key}`,
          actual: keys.join(', ') || 'none',
        });
      }
    }
  }
  if (options.runs) {
    const line = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
    if (!line.includes(options.runs)) {
      return fail(`${where}: its command line (command + args) is ${line ? JSON.stringify(line) : 'the image default'}, expected it to run ${options.runs}`, {
        expected: options.runs,
        actual: line || 'image default',
      });
    }
  }
  const parts = [options.secretEnv && `${Object.keys(options.secretEnv.vars).join(', ')} from Secret ${options.secretEnv.secret}`, options.runs && `runs ${options.runs}`].filter(Boolean);
  return pass(`${where}: ${parts.join('; ')}`);
}

export default async function workload(ctx: CheckContext, raw: Record<string, unknown>): Promise<Outcome> {
  const options = raw as unknown as WorkloadOptions;
  const view = ctx.kube();
  const [deployments, secrets] = await Promise.all([view.list('Deployment', { namespace: ctx.namespace }), view.list('Secret', { namespace: ctx.namespace })]);
  const deployment = deployments.find((d) => d.metadata?.name === options.deployment);
  if (!deployment) return fail(`Deployment "${options.deployment}" in namespace ${ctx.namespace} not found`, { expected: 'it exists', actual: 'not found' });
  return judgeWorkload(deployment, new Map(secrets.map((s) => [s.metadata?.name as string, s])), options);
}
