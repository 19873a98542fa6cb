import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exec } from '../../checker/lib/exec.ts';
import { podnetConflist, podnetImage, podnetManifest, podnetScript } from './kind-podnet.ts';

const nodes = {
  items: [
    { metadata: { name: 'kubecamp-control-plane' }, spec: { podCIDR: '10.244.0.0/24' }, status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'x' }] } },
    { metadata: { name: 'kubecamp-worker' }, spec: { podCIDR: '10.244.1.0/24' }, status: { addresses: [{ type: 'InternalIP', address: '172.18.0.3' }] } },
    { metadata: { name: 'kubecamp-worker2' }, spec: {}, status: { addresses: [{ type: 'InternalIP', address: '172.18.0.4' }] } },
  ],
};

describe('podnet', () => {
  it("writes kindnetd's CNI config for the node's podCIDR", () => {
    expect(JSON.parse(podnetConflist('10.244.1.0/24'))).toEqual({
      cniVersion: '0.3.1',
      name: 'kindnet',
      plugins: [
        { type: 'ptp', ipMasq: true, ipam: { type: 'host-local', dataDir: '/run/cni-ipam-state', routes: [{ dst: '0.0.0.0/0' }], ranges: [[{ subnet: '10.244.1.0/24' }]] }, mtu: 1500 },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    });
  });

  it('runs as a host-network DaemonSet on every node, reading nodes with its own ServiceAccount', () => {
    const docs = parseAllDocuments(podnetManifest()).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'DaemonSet']);
    const pod = docs[3].spec.template.spec;
    expect(pod).toMatchObject({ hostNetwork: true, serviceAccountName: 'kindnet', tolerations: [{ operator: 'Exists' }] });
    expect(pod.containers[0]).toMatchObject({ image: podnetImage, imagePullPolicy: 'IfNotPresent', volumeMounts: [{ name: 'cni-cfg', mountPath: '/etc/cni/net.d' }] });
    expect(pod.containers[0].securityContext.capabilities.add).toEqual(['NET_RAW', 'NET_ADMIN']);
  });

  describe('the loop (one pass, with curl and ip stubbed)', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kubecamp-podnet-'));
      await mkdir(join(dir, 'bin'));
      await mkdir(join(dir, 'sa'));
      await writeFile(join(dir, 'sa/token'), 'tok');
      await writeFile(join(dir, 'sa/ca.crt'), 'ca');
      await writeFile(join(dir, 'nodes.json'), JSON.stringify(nodes));
      await writeFile(join(dir, 'bin/curl'), `#!/bin/sh\necho "$@" > ${dir}/curl-args\ncat ${dir}/nodes.json\n`);
      await writeFile(join(dir, 'bin/ip'), `#!/bin/sh\necho "$@" >> ${dir}/ip-calls\n`);
      await chmod(join(dir, 'bin/curl'), 0o755);
      await chmod(join(dir, 'bin/ip'), 0o755);
      await writeFile(join(dir, 'podnet'), podnetScript);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it("writes this node's config once and routes the other nodes' podCIDRs via their InternalIP", async () => {
      const env = {
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        NODE_NAME: 'kubecamp-worker',
        KUBERNETES_SERVICE_HOST: '10.96.0.1',
        KUBERNETES_SERVICE_PORT: '443',
        PODNET_SA_DIR: join(dir, 'sa'),
        PODNET_CNI_CONF: join(dir, '10-kindnet.conflist'),
        PODNET_ONCE: '1',
      };
      const first = await exec('bash', [join(dir, 'podnet')], { env });
      expect(first.stdout).toContain(`wrote ${join(dir, '10-kindnet.conflist')} for 10.244.1.0/24`);
      expect(JSON.parse(await readFile(join(dir, '10-kindnet.conflist'), 'utf8'))).toEqual(JSON.parse(podnetConflist('10.244.1.0/24')));
      expect(await readFile(join(dir, 'ip-calls'), 'utf8')).toBe('route replace 10.244.0.0/24 via 172.18.0.2\n');
      expect(await readFile(join(dir, 'curl-args'), 'utf8')).toContain('-H Authorization: Bearer tok https://10.96.0.1:443/api/v1/nodes');
      const second = await exec('bash', [join(dir, 'podnet')], { env });
      expect(second.stdout).not.toContain('wrote');
    });
  });
});
