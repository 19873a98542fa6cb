/**
 * Every pinned version of the lab environments, in one place. The kind node
 * image is the same Kubernetes release the Docker-free control plane builds,
 * so a lab behaves the same on both engines. Container image references
 * (node, nginx, registry…) are pinned in scripts/images/catalog.ts; lessons
 * are checked against both (scripts/lessons/lessons.test.ts).
 */
export const versions = {
  /** Kubernetes release for the control plane built from Go modules and for the kind node image. */
  kubernetes: '1.36.1',
  /** etcd server, built from go.etcd.io/etcd/server/v3. */
  etcd: '3.6.16',
  /** kwok and kwokctl (sigs.k8s.io/kwok); v0.8.0 targets Kubernetes 1.36. */
  kwok: '0.8.0',
  /** Helm (helm.sh/helm/v4), built with `go install`; its go.mod has no replace directives. Stores releases as `helm.sh/release.v1` Secrets. */
  helm: '4.3.1',
  /**
   * Docker Compose v2 CLI plugin (github.com/docker/compose/v2, the last v2 release), built from its Go
   * module in a wrapper module (its go.mod has `exclude` directives) when `docker compose` is missing.
   */
  compose: '2.40.3',
  /**
   * Docker buildx CLI plugin (github.com/docker/buildx), built with `go install` when `docker buildx` is
   * missing, so `docker build` runs through BuildKit instead of the deprecated legacy builder.
   */
  buildx: '0.38.2',
  /** kind release whose default node image is the Kubernetes release above. */
  kind: '0.32.0',
  /**
   * Parts of kind's offline node image (scripts/cluster/kind-node-image.ts), at the versions kind's
   * images/base/Dockerfile and images/local-path-provisioner/Makefile name, and the CoreDNS that
   * `kubeadm config images list` of the Kubernetes release above asks for.
   */
  kindContainerd: '2.3.1',
  kindCoredns: '1.14.2',
  kindCrictl: '1.36.0',
  /** kind's images/local-path-provisioner/Makefile names v0.0.34; the Go module proxy serves v0.0.30 as the newest. */
  kindLocalPathProvisioner: '0.0.30',
  /**
   * Traefik, the kind cluster's ingress controller (scripts/cluster/kind-addons.ts), built from its Go
   * module offline. v3.7.x is served too, but its go.mod replaces github.com/traefik/traefik/dynamic/ext
   * with a local path (and the proxy serves no such module), so no wrapper module can build it.
   */
  traefik: '3.6.12',
  /** metrics-server for `kubectl top` and the HPA on kind (v0.9.0 is served but not an approved release). */
  metricsServer: '0.8.0',
  /** Digest of kindest/node:v<kubernetes> published with that kind release. */
  kindNodeImageDigest: 'sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5',
} as const;

/**
 * Download sites of the official release binaries the Docker-free engine uses
 * where they can be fetched (scripts/cluster/release-artefacts.ts); each is
 * overridable (KUBECAMP_KUBERNETES_RELEASE_URL, KUBECAMP_GITHUB_URL,
 * KUBECAMP_GITHUB_API_URL), e.g. for a mirror or a test server.
 */
export const releaseSources = {
  /** `<base>/v<kubernetes>/bin/linux/<arch>/<binary>` with `<binary>.sha256` beside it. */
  kubernetes: 'https://dl.k8s.io/release',
  /** `<base>/<owner>/<repo>/releases/download/<tag>/<asset>`: etcd's tarballs + SHA256SUMS, kwok's bare binaries. */
  github: 'https://github.com',
  /** `<base>/repos/<owner>/<repo>/releases/tags/<tag>`: the asset digests GitHub lists (kwok publishes no checksum file). */
  githubApi: 'https://api.github.com',
} as const;

/**
 * Digests of release artefacts known in advance, keyed `<name> v<version> <os>/<arch>` (e.g.
 * `kube-apiserver v1.36.1 linux/amd64`), as `sha256:<hex>`. A download must match the digest its
 * project publishes *and* the one here when there is one. None is pinned yet: this machine reaches
 * none of the download sites, and a digest nobody has seen is not written down. Each download is
 * still verified against the checksum file published with it.
 */
export const releaseDigests: Readonly<Record<string, string>> = {};

export const kindNodeImage = `kindest/node:v${versions.kubernetes}@${versions.kindNodeImageDigest}`;

/** The name of the lab cluster on every engine; contexts are `kind-<name>` / `kwok-<name>`. */
export const clusterName = 'kubecamp';
