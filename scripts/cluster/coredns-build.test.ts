import { describe, expect, it } from 'vitest';
import { corednsGoMod, corednsMainGo, corednsPlugins, corefileDirectives, missingPlugins } from './coredns-build.ts';

/** kubeadm v1.36's CoreDNS ConfigMap, as cmd/kubeadm/app/phases/addons/dns/manifests.go writes it. */
const kubeadmManifest = `
	CoreDNSConfigMap = \`
apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
    .:53 {
        errors
        health {
           lameduck 5s
        }
        ready
        kubernetes {{ .DNSDomain }} in-addr.arpa ip6.arpa {
           pods insecure
           fallthrough in-addr.arpa ip6.arpa
           ttl 30
        }
        prometheus :9153
        forward . /etc/resolv.conf {
           max_concurrent 1000
        }
        cache 30
        {{- if .DNSDomain }} {
           disable success {{ .DNSDomain }}
           disable denial {{ .DNSDomain }}
        }
        {{- end }}
        loop
        reload
        loadbalance
    }
\`
	// CoreDNSClusterRole is the CoreDNS ClusterRole manifest
`;

describe('CoreDNS with kind\'s plugins only', () => {
  it("reads the directives of kubeadm's Corefile (nested blocks and template actions skipped)", () => {
    expect(corefileDirectives(kubeadmManifest)).toEqual(['errors', 'health', 'ready', 'kubernetes', 'prometheus', 'forward', 'cache', 'loop', 'reload', 'loadbalance']);
    expect(() => corefileDirectives('no manifest here')).toThrow("no Corefile found in kubeadm's CoreDNS manifest");
  });

  it("builds in every plugin kubeadm's Corefile uses, and names the ones missing", () => {
    expect(missingPlugins(corefileDirectives(kubeadmManifest))).toEqual([]);
    expect(missingPlugins(['errors', 'route53', 'etcd'])).toEqual(['route53', 'etcd']);
  });

  it('generates a main package that imports each plugin package once, and none of the cloud ones', () => {
    const main = corednsMainGo();
    expect(main).toContain('\t"github.com/coredns/coredns/coremain"\n');
    expect(main).toContain('\t_ "github.com/coredns/coredns/plugin/metrics"\n');
    expect(main).toContain('func main() {\n\tcoremain.Run()\n}\n');
    expect(main).not.toContain('core/plugin"');
    for (const cloud of ['route53', 'azure', 'clouddns']) expect(main).not.toContain(`plugin/${cloud}"`);
    const imports = [...main.matchAll(/_ "github.com\/coredns\/coredns\/plugin\/([\w-]+)"/g)].map((m) => m[1]);
    expect(imports).toEqual([...new Set(Object.values(corednsPlugins))].sort());
    expect(corednsGoMod('1.14.2')).toContain('require github.com/coredns/coredns v1.14.2\n');
  });
});
