import { fail, pass, type CheckContext, type Outcome } from '../../../checker/kit.ts';

/**
 * The settings that may sit in the Pod's securityContext or in each
 * container's (the container's wins), judged as the kubelet and Pod Security
 * admission see them: every container must end up with runAsNonRoot true, a
 * non-zero runAsUser (busybox's image user is root, so runAsNonRoot alone makes
 * the kubelet refuse to start it), a RuntimeDefault or Localhost seccomp profile,
 * and (a container setting) a read-only root filesystem, whatever the container is called.
 */
export interface SecurityContextOptions {
  deployment: string;
}

const podField = (f: string) => `spec.template.spec.securityContext.${f}`;
const containerField = (c: string, f: string) => `containers[name=${c}].securityContext.${f}`;

/** Pure: judge one Deployment's Pod template. */
export function judgePodSecurityContext(deployment: any): Outcome {
  const name = deployment.metadata?.name;
  const spec = deployment.spec?.template?.spec ?? {};
  const pod = spec.securityContext ?? {};
  const containers: any[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  for (const c of containers) {
    const own = c.securityContext ?? {};
    const where = `Deployment ${name}: container ${c.name}`;
    const both = (f: string) => `${podField(f)} or ${containerField(c.name, f)}`;
    const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
    if (nonRoot !== true) {
      return fail(`${where}: runAsNonRoot is ${nonRoot === undefined ? 'not set' : String(nonRoot)}, expected true (set ${both('runAsNonRoot')})`, {
        expected: 'runAsNonRoot: true',
        actual: nonRoot === undefined ? 'not set' : String(nonRoot),
      });
    }
    const user = own.runAsUser ?? pod.runAsUser;
    if (user === undefined || user === null) {
      return fail(
        `${where}: runAsUser is not set, but the image ${c.image} runs as root (uid 0): with runAsNonRoot the kubelet would refuse to start it (CreateContainerConfigError). Set a non-zero user in ${both('runAsUser')}, e.g. 65534`,
        { expected: 'a non-zero runAsUser', actual: 'not set' },
      );
    }
    if (Number(user) === 0) {
      return fail(`${where}: runAsUser is 0 (root), expected a non-zero user`, { expected: 'a non-zero runAsUser', actual: '0' });
    }
    const seccomp = own.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      return fail(`${where}: seccompProfile.type is ${seccomp === undefined ? 'not set' : JSON.stringify(seccomp)}, expected "RuntimeDefault" (set ${both('seccompProfile.type')})`, {
        expected: 'RuntimeDefault',
        actual: seccomp ?? 'not set',
      });
    }
    // A container setting only (the Pod's securityContext has no such field).
    if (own.readOnlyRootFilesystem !== true) {
      const actual = own.readOnlyRootFilesystem === undefined ? 'not set' : String(own.readOnlyRootFilesystem);
      return fail(`${where}: readOnlyRootFilesystem is ${actual}, so it can write to its root filesystem; expected true (set ${containerField(c.name, 'readOnlyRootFilesystem')})`, {
        expected: 'readOnlyRootFilesystem: true',
        actual,
      });
    }
  }
  return pass(`Deployment ${name}: every container runs as a non-root user (runAsNonRoot, runAsUser) with the runtime's default seccomp profile and a read-only root filesystem`);
}

export default async function podSecurityContext(ctx: CheckContext, raw: Record<string, unknown>): Promise<Outcome> {
  const { deployment: wanted } = raw as unknown as SecurityContextOptions;
  const deployment = (await ctx.kube().list('Deployment', { namespace: ctx.namespace })).find((d) => d.metadata?.name === wanted);
  if (!deployment) return fail(`Deployment "${wanted}" in namespace ${ctx.namespace} not found`, { expected: 'it exists', actual: 'not found' });
  return judgePodSecurityContext(deployment);
}
