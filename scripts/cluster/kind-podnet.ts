import { stringify } from 'yaml';

/**
 * Pod networking for the offline kind node image. kind's default CNI is
 * kindnetd, whose source is not a Go module the proxy serves, so the offline
 * image carries this stand-in doing the part of kindnetd the labs need: write
 * the node's CNI config for its podCIDR (ptp + host-local + portmap, the
 * plugins kind's base image ships) and route every other node's podCIDR via
 * that node's InternalIP. It reads nodes from the API with its ServiceAccount.
 * No NetworkPolicy enforcement (neither does kind's kindnetd before v0.24's
 * opt-in).
 */

export const podnetImage = 'docker.io/kubecamp-kind/podnet:1';

/** The CNI config kindnetd writes, for one node's podCIDR (pods masqueraded when leaving it). */
export function podnetConflist(podCidr: string): string {
  return JSON.stringify({
    cniVersion: '0.3.1',
    name: 'kindnet',
    plugins: [
      {
        type: 'ptp',
        ipMasq: true,
        ipam: { type: 'host-local', dataDir: '/run/cni-ipam-state', routes: [{ dst: '0.0.0.0/0' }], ranges: [[{ subnet: podCidr }]] },
        mtu: 1500,
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  });
}

/** The loop the podnet container runs (bash, curl, jq, iproute2). */
export const podnetScript = `#!/bin/bash
# kubecamp podnet: the CNI config and routes of kind's kindnetd, as a shell loop (scripts/cluster/kind-podnet.ts)
set -u
api="https://\${KUBERNETES_SERVICE_HOST}:\${KUBERNETES_SERVICE_PORT}"
sa=\${PODNET_SA_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}
conf=\${PODNET_CNI_CONF:-/etc/cni/net.d/10-kindnet.conflist}
echo "podnet on node \${NODE_NAME}"
while true; do
  if ! nodes=$(curl -sSf --max-time 10 --cacert "$sa/ca.crt" -H "Authorization: Bearer $(cat "$sa/token")" "$api/api/v1/nodes"); then
    echo "listing nodes failed; retrying in 2 s"; sleep 2; continue
  fi
  while IFS=$'\\t' read -r name cidr ip; do
    [ -n "$cidr" ] || continue
    if [ "$name" = "$NODE_NAME" ]; then
      want=$(jq -cn --arg cidr "$cidr" '${podnetConflist('CIDR').replace('"CIDR"', '$cidr')}')
      if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
        printf '%s\\n' "$want" > "$conf.tmp" && mv "$conf.tmp" "$conf" && echo "wrote $conf for $cidr"
      fi
    elif [ -n "$ip" ]; then
      ip route replace "$cidr" via "$ip" || echo "route to $cidr via $ip failed"
    fi
  done < <(printf '%s' "$nodes" | jq -r '.items[] | [.metadata.name, (.spec.podCIDR // ""), ([.status.addresses[]? | select(.type == "InternalIP") | .address][0] // "")] | @tsv')
  [ -z "\${PODNET_ONCE:-}" ] || exit 0
  sleep 5
done
`;

/** Written to /kind/manifests/default-cni.yaml, which kind applies on the first control-plane node. */
export function podnetManifest(image = podnetImage): string {
  const labels = { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' };
  const docs = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kindnet', namespace: 'kube-system' } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'kindnet' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch', 'get'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kindnet' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kindnet' },
      subjects: [{ kind: 'ServiceAccount', name: 'kindnet', namespace: 'kube-system' }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kindnet', namespace: 'kube-system', labels },
      spec: {
        selector: { matchLabels: { app: 'kindnet' } },
        template: {
          metadata: { labels },
          spec: {
            hostNetwork: true,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [{ operator: 'Exists' }],
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'kindnet',
            containers: [
              {
                name: 'kindnet-cni',
                image,
                imagePullPolicy: 'IfNotPresent',
                env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                securityContext: { capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } },
                volumeMounts: [{ name: 'cni-cfg', mountPath: '/etc/cni/net.d' }],
                resources: { requests: { cpu: '10m', memory: '20Mi' }, limits: { cpu: '100m', memory: '50Mi' } },
              },
            ],
            volumes: [{ name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d', type: 'DirectoryOrCreate' } }],
          },
        },
      },
    },
  ];
  return `# kubecamp podnet: kind's default CNI role, offline (scripts/cluster/kind-podnet.ts)\n${docs.map((d) => `---\n${stringify(d)}`).join('')}`;
}
