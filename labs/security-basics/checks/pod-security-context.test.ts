import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { judgePodSecurityContext } from './pod-security-context.ts';

/** The Deployment from one of the lab's manifests. */
const web = (file: string) =>
  parseAllDocuments(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'))
    .map((d) => d.toJSON())
    .find((d) => d.kind === 'Deployment');

describe('pod-security-context', () => {
  it('fails the starter on runAsNonRoot, naming both places it may go', () => {
    expect(judgePodSecurityContext(web('starter/web.yaml'))).toEqual({
      status: 'fail',
      message:
        'Deployment web: container web: runAsNonRoot is not set, expected true (set spec.template.spec.securityContext.runAsNonRoot or containers[name=web].securityContext.runAsNonRoot)',
      expected: 'runAsNonRoot: true',
      actual: 'not set',
    });
  });

  it('passes the solution (Pod level) and the same settings on the container', () => {
    expect(judgePodSecurityContext(web('solution/web.yaml')).status).toBe('pass');
    const d = web('solution/web.yaml');
    const pod = d.spec.template.spec.securityContext;
    delete d.spec.template.spec.securityContext;
    Object.assign(d.spec.template.spec.containers[0].securityContext, { runAsNonRoot: true, runAsUser: 1000, seccompProfile: pod.seccompProfile });
    expect(judgePodSecurityContext(d).status).toBe('pass');
  });

  it('lets the container override the Pod', () => {
    const d = web('solution/web.yaml');
    d.spec.template.spec.containers[0].securityContext.runAsUser = 0;
    expect(judgePodSecurityContext(d).message).toBe('Deployment web: container web: runAsUser is 0 (root), expected a non-zero user');
    d.spec.template.spec.containers[0].securityContext.runAsUser = 101;
    d.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' };
    expect(judgePodSecurityContext(d).message).toContain('seccompProfile.type is "Unconfined", expected "RuntimeDefault"');
  });

  it('fails the known-wrong variants', () => {
    expect(judgePodSecurityContext(web('wrong/non-root-without-uid/web.yaml')).message).toContain(
      'runAsUser is not set, but the image busybox:1.37 runs as root (uid 0)',
    );
    expect(judgePodSecurityContext(web('wrong/seccomp-forgotten/web.yaml')).message).toContain('seccompProfile.type is not set, expected "RuntimeDefault"');
  });

  it('asks every container, init containers and any name, for a read-only root filesystem', () => {
    const d = web('solution/web.yaml');
    d.spec.template.spec.containers[0].name = 'server';
    expect(judgePodSecurityContext(d).status).toBe('pass');
    d.spec.template.spec.initContainers = [{ name: 'check-content', image: 'busybox:1.37', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }];
    expect(judgePodSecurityContext(d)).toEqual({
      status: 'fail',
      message:
        'Deployment web: container check-content: readOnlyRootFilesystem is not set, so it can write to its root filesystem; expected true (set containers[name=check-content].securityContext.readOnlyRootFilesystem)',
      expected: 'readOnlyRootFilesystem: true',
      actual: 'not set',
    });
    d.spec.template.spec.initContainers = [];
    d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
    expect(judgePodSecurityContext(d).message).toBe(
      'Deployment web: container server: readOnlyRootFilesystem is false, so it can write to its root filesystem; expected true (set containers[name=server].securityContext.readOnlyRootFilesystem)',
    );
  });
});
