import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { versions } from '../versions.ts';
import { kindConfig, kubeadmPatches } from './kind-engine.ts';
import { pullFailureReason } from './docker-image.ts';
import { componentImages, etcdImage, goStringConstant, localBaseImage, localNodeImage, type NodeParts } from './kind-node-image.ts';
import { staleBuildContainers } from './kind-node-image.ts';
import { podnetImage } from './kind-podnet.ts';

const goSource = `package nodeimage
const storageProvisionerImage = "docker.io/kindest/local-path-provisioner:v1"
const storageHelperImage = "docker.io/kindest/local-path-helper:v2"
var defaultStorageImages = []string{storageProvisionerImage, storageHelperImage}
const defaultStorageManifest = \`
image: \` + storageProvisionerImage + \`
helper: \` + storageHelperImage + \`
\`
`;

describe('goStringConstant', () => {
  it("reads kind's constants, joining literals and other constants", () => {
    expect(goStringConstant(goSource, 'storageHelperImage')).toBe('docker.io/kindest/local-path-helper:v2');
    expect(goStringConstant(goSource, 'defaultStorageManifest')).toBe('\nimage: docker.io/kindest/local-path-provisioner:v1\nhelper: docker.io/kindest/local-path-helper:v2\n');
    expect(() => goStringConstant(goSource, 'nope')).toThrow('constant nope not found in kind\'s source');
  });
});

const parts: NodeParts = {
  kubernetes: { kubelet: '/b/kubelet', kubeadm: '/b/kubeadm', kubectl: '/b/kubectl', 'kube-apiserver': '/b/kube-apiserver', 'kube-controller-manager': '/b/kcm', 'kube-scheduler': '/b/ks', 'kube-proxy': '/b/kube-proxy' },
  etcd: '/b/etcd',
  containerd: ['/b/containerd'],
  coredns: '/b/coredns',
  localPath: '/b/lpp',
  pause: '/b/pause',
  busybox: '/bin/busybox',
};

describe('componentImages', () => {
  it('names every image as `kubeadm config images list` v1.36.1 and kind\'s manifests ask for it', () => {
    const tags = componentImages(parts, { storageProvisioner: 'docker.io/kindest/local-path-provisioner:v1', storageHelper: 'docker.io/kindest/local-path-helper:v2' }).flatMap((i) => i.tags);
    expect(tags).toEqual([
      'registry.k8s.io/kube-apiserver:v1.36.1',
      'registry.k8s.io/kube-controller-manager:v1.36.1',
      'registry.k8s.io/kube-scheduler:v1.36.1',
      'registry.k8s.io/kube-proxy:v1.36.1',
      `registry.k8s.io/etcd:${versions.etcd}-0`,
      'registry.k8s.io/coredns/coredns:v1.14.2',
      'registry.k8s.io/pause:3.10.2',
      'registry.k8s.io/pause:3.10',
      podnetImage,
      'docker.io/kindest/local-path-provisioner:v1',
      'docker.io/kindest/local-path-helper:v2',
    ]);
  });

  it('tags the local images with the versions and a recipe digest', () => {
    expect(localNodeImage).toMatch(new RegExp(`^kubecamp-kind/node:v${versions.kubernetes}-[0-9a-f]{12}$`));
    expect(localBaseImage).toMatch(new RegExp(`^kubecamp-kind/base:v${versions.kind}-[0-9a-f]{12}$`));
  });
});

describe('kind config patches', () => {
  it('lets kubelet 1.36 run on cgroup v1 with every node image, and tells kubeadm the local etcd tag only for the local image', () => {
    expect(kubeadmPatches('kindest/node:x').map((p) => parse(p))).toEqual([{ kind: 'KubeletConfiguration', apiVersion: 'kubelet.config.k8s.io/v1beta1', failCgroupV1: false }]);
    const local = kubeadmPatches(localNodeImage).map((p) => parse(p));
    expect(local[1]).toEqual({ kind: 'ClusterConfiguration', apiVersion: 'kubeadm.k8s.io/v1beta4', etcd: { local: { imageTag: etcdImage.split(':')[1] } } });
    const config = parse(stringify(kindConfig(1, localNodeImage)));
    expect(config.nodes.map((n: { image: string }) => n.image)).toEqual([localNodeImage, localNodeImage]);
    expect(config.kubeadmConfigPatches).toHaveLength(2);
    // A node image preloaded from the local one keeps its etcd tag (a run with it here asked for kubeadm's default etcd and pulled).
    const preloaded = parse(stringify(kindConfig(1, 'kubecamp-kind/node-preloaded:abc', [], 'kubecamp', localNodeImage)));
    expect(preloaded.nodes.map((n: { image: string }) => n.image)).toEqual(['kubecamp-kind/node-preloaded:abc', 'kubecamp-kind/node-preloaded:abc']);
    expect(preloaded.kubeadmConfigPatches).toEqual(config.kubeadmConfigPatches);
  });

  it('says in one line why the pull failed', () => {
    expect(pullFailureReason('\nError response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host\nmore')).toBe(
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    );
  });
});

describe('staleBuildContainers', () => {
  it('picks the build containers whose builder is gone, and leaves running builds and unlabelled containers alone', () => {
    const alive = (pid: number) => pid === 4242;
    expect(staleBuildContainers('abc123 4242\ndef456 999999\n0a1b2c \n', alive)).toEqual(['def456']);
    expect(staleBuildContainers('', alive)).toEqual([]);
  });
});
