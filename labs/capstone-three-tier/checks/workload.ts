import { posix } from 'node:path';
import { describeOrigin, effectiveEnv, fail, pass, sourcesByName, type CheckContext, type EnvSources, type Outcome } from '../../../checker/kit.ts';

/**
 * Two things about a Deployment's first container that can be written more
 * than one valid way, so no single field path checks them:
 * - `secretEnv`: each variable comes from a key of the Secret, through
 *   `env[].valueFrom.secretKeyRef` or through `envFrom[].secretRef` (with its prefix),
 *   and the Secret has that key — never as a plain `value` in the Deployment;
 * - `runs`: the command line (`command` followed by `args`, relative paths read from
 *   `workingDir`) mentions this text.
 */
export interface WorkloadOptions {
  deployment: string;
  secretEnv?: { secret: string; vars: Record<string, string> };
  runs?: string;
}

/**
 * `command` + `args` as one line, each relative path argument (`server.js`, `./lib/app.js`) read
 * from the container's `workingDir`, as the program would open it. The image's own WORKDIR is not
 * known here, so without `workingDir` a relative path stays as written.
 */
export function commandLine(container: any): string {
  const words: string[] = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  const dir: string | undefined = container.workingDir;
  const relativePath = /^[\w.][\w.\-/]*$/;
  return words.map((w, i) => (dir && i > 0 && relativePath.test(w) && /[./]/.test(w) ? posix.join(dir, w) : w)).join(' ');
}

/** Pure: judge the Deployment against the ConfigMaps and Secrets of its namespace (checker/semantics/env.ts resolves its environment). */
export function judgeWorkload(deployment: any, sources: EnvSources, options: WorkloadOptions): Outcome {
  const name = deployment.metadata?.name;
  const container = deployment.spec?.template?.spec?.containers?.[0] ?? {};
  const where = `Deployment ${name}: container ${container.name}`;
  if (options.secretEnv) {
    const { secret, vars } = options.secretEnv;
    const env = effectiveEnv(container, sources);
    if (env.blocking.length) {
      return fail(`${where} cannot start (CreateContainerConfigError): ${env.blocking.join('; ')}`, { expected: `${Object.keys(vars).join(', ')} from Secret ${secret}`, actual: 'container cannot start' });
    }
    for (const [variable, key] of Object.entries(vars)) {
      const v = env.vars.get(variable);
      if (!v) {
        const hidden = env.skipped.find((s) => s.name === variable);
        return fail(`${where}: ${variable} is not set from Secret ${secret} (${hidden ? `${hidden.reason}, and optional: true leaves it unset` : 'neither env[].valueFrom.secretKeyRef nor envFrom[].secretRef'})`, {
          expected: `${variable} from Secret ${secret}`,
          actual: 'not set',
        });
      }
      if (v.origin.kind === 'value') {
        return fail(`${where}: ${variable} is written into the Deployment as a plain value (env[name=${variable}].value); take it from key ${key} of Secret ${secret}`, {
          expected: `from Secret ${secret}`,
          actual: 'a plain value',
        });
      }
      if (v.origin.kind !== 'Secret' || v.origin.name !== secret || v.origin.key !== key) {
        return fail(`${where}: ${variable} comes from ${describeOrigin(v.origin)}, expected key ${key} of Secret ${secret}`, {
          expected: `${secret}/${key}`,
          actual: describeOrigin(v.origin),
        });
      }
    }
  }
  if (options.runs) {
    const line = commandLine(container);
    if (!line.includes(options.runs)) {
      const relative = line && !container.workingDir ? ' (a relative path is read from the image\'s working directory, unknown here: set workingDir or write the full path)' : '';
      return fail(`${where}: its command line (command + args) is ${line ? JSON.stringify(line) : 'the image default'}, expected it to run ${options.runs}${relative}`, {
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
  const [deployments, configMaps, secrets] = await Promise.all(['Deployment', 'ConfigMap', 'Secret'].map((kind) => view.list(kind, { namespace: ctx.namespace })));
  const deployment = deployments.find((d) => d.metadata?.name === options.deployment);
  if (!deployment) return fail(`Deployment "${options.deployment}" in namespace ${ctx.namespace} not found`, { expected: 'it exists', actual: 'not found' });
  return judgeWorkload(deployment, sourcesByName(configMaps, secrets), options);
}
