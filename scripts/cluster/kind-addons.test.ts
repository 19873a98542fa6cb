import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { clusterPortMappings } from '../../checker/lib/host-ports.ts';
import {
  defaultIngressClass,
  manifestsYaml,
  metricsServerManifests,
  moduleReplaces,
  nodeApplyArgs,
  traefikController,
  traefikManifests,
  traefikWrapperGoMod,
} from './kind-addons.ts';

const goMod = `module github.com/traefik/traefik/v3

go 1.25.0

require (
	github.com/abbot/go-http-auth v0.0.0-00010101000000-000000000000
)

// Containous forks
replace (
	github.com/abbot/go-http-auth => github.com/containous/go-http-auth v0.4.1-0.20200324110947-a37a7636d23e
	github.com/gorilla/mux => github.com/containous/mux v0.0.0-20250523120546-41b6ec3aed59 // a fork
)

replace github.com/mailgun/minheap v0.0.0-1 => github.com/containous/minheap v0.0.0-20190809180810-6e71eb837595
`;

const byKind = (ms: Record<string, unknown>[], kind: string) => ms.filter((m) => m.kind === kind) as Record<string, any>[];

describe('building Traefik in a wrapper module', () => {
  it('repeats every replace directive of its go.mod, block or single line, version pins kept', () => {
    expect(moduleReplaces(goMod)).toEqual([
      'github.com/abbot/go-http-auth => github.com/containous/go-http-auth v0.4.1-0.20200324110947-a37a7636d23e',
      'github.com/gorilla/mux => github.com/containous/mux v0.0.0-20250523120546-41b6ec3aed59',
      'github.com/mailgun/minheap => github.com/containous/minheap v0.0.0-20190809180810-6e71eb837595',
    ]);
  });

  it('refuses a replace with a local path (why Traefik v3.7 cannot be built this way)', () => {
    expect(() => moduleReplaces(`${goMod}\nreplace github.com/traefik/traefik/dynamic/ext => ./pkg/config/dynamic/ext\n`)).toThrow(
      'the replace directive "github.com/traefik/traefik/dynamic/ext => ./pkg/config/dynamic/ext" points at a local path, which a wrapper module cannot reach',
    );
  });

  it('writes a go.mod that requires the release and keeps its Go version', () => {
    const out = traefikWrapperGoMod(goMod, '3.6.12');
    expect(out).toContain('module kubecamp.local/traefik-build\n\ngo 1.25.0\n\nrequire github.com/traefik/traefik/v3 v3.6.12\n\nreplace (\n');
    expect(out).toContain('\tgithub.com/gorilla/mux => github.com/containous/mux v0.0.0-20250523120546-41b6ec3aed59\n');
  });
});

describe('the add-on manifests', () => {
  it('Traefik claims the default IngressClass and listens on the node ports kind maps to the host', () => {
    const ms = traefikManifests('img:1');
    const [ic] = byKind(ms, 'IngressClass');
    expect(ic.metadata.name).toBe(defaultIngressClass);
    expect(ic.metadata.annotations['ingressclass.kubernetes.io/is-default-class']).toBe('true');
    expect(ic.spec.controller).toBe(traefikController);
    const pod = byKind(ms, 'Deployment')[0].spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'ingress-ready': 'true' });
    const hostPorts = pod.containers[0].ports.filter((p: { hostPort?: number }) => p.hostPort).map((p: { hostPort: number }) => p.hostPort);
    const mapped = clusterPortMappings.filter((m) => m.what.startsWith('the ingress controller')).map((m) => m.containerPort);
    expect(hostPorts).toEqual(mapped);
    expect(pod.containers[0].image).toBe('img:1');
    expect(pod.containers[0].args).toContain('--global.checkNewVersion=false');
    // Kubernetes' Prefix semantics (the ingress lab's /apidocs question depends on them).
    expect(pod.containers[0].args).toContain('--providers.kubernetesingress.strictPrefixMatching=true');
  });

  it('metrics-server trusts the kubelets\' self-signed certificates and registers the metrics API', () => {
    const ms = metricsServerManifests('ms:1');
    const c = byKind(ms, 'Deployment')[0].spec.template.spec.containers[0];
    expect(c.args).toContain('--kubelet-insecure-tls');
    expect(c.image).toBe('ms:1');
    const [api] = byKind(ms, 'APIService');
    expect(api.metadata.name).toBe('v1beta1.metrics.k8s.io');
    expect(api.spec.service).toEqual({ name: 'metrics-server', namespace: 'kube-system' });
  });

  it('joins both into one multi-document YAML that kubectl in the control-plane node applies', () => {
    const docs = parseAllDocuments(manifestsYaml([...traefikManifests('a'), ...metricsServerManifests('b')])).map((d) => d.toJS());
    expect(docs).toHaveLength(traefikManifests('a').length + metricsServerManifests('b').length);
    expect(docs.every((d) => d.apiVersion && d.kind && d.metadata?.name)).toBe(true);
    expect(nodeApplyArgs('kubecamp')).toEqual(['exec', '-i', 'kubecamp-control-plane', 'kubectl', '--kubeconfig=/etc/kubernetes/admin.conf', 'apply', '-f', '-']);
  });
});
