/**
 * Files written into stand-in images so they behave like the official images
 * where labs rely on it: the same paths, ports, entrypoint conventions and
 * environment variables. Kept apart from the catalog so the catalog reads as a
 * list of images.
 */

/** The official node image's entrypoint: `docker run node:20 -e "…"` runs node with those arguments. */
export const nodeEntrypoint = `#!/bin/sh
set -e
if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}" 2>/dev/null)" ] || { [ -f "\${1}" ] && ! [ -x "\${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
`;

/** /etc/nginx/nginx.conf as in the official image: user nginx, conf.d/*.conf, logs to the container's output. */
export const nginxConf = `user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    keepalive_timeout  65;

    include /etc/nginx/conf.d/*.conf;
}
`;

export const nginxDefaultSite = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

export const nginxIndex = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. (This is kubecamp's offline stand-in for the official nginx image.)</p>
</body>
</html>
`;

export const nginx50x = `<!DOCTYPE html>
<html>
<head><title>Error</title></head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.</p>
</body>
</html>
`;

/** The official registry image's config: v2 API on :5000, blobs under /var/lib/registry. */
export const registryConfig = `version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
`;

export const registryEntrypoint = `#!/bin/sh
set -e
case "$1" in
  *.yaml|*.yml) set -- registry serve "$@" ;;
  serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac
exec "$@"
`;

/**
 * The official redis entrypoint's behaviour: flags go to redis-server, it drops
 * to the redis user, and without a config file it listens on every interface.
 */
export const redisEntrypoint = `#!/bin/sh
set -e
if [ "\${1#-}" != "$1" ] || [ "\${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \\! -user redis -exec chown redis '{}' + 2>/dev/null || true
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$1" = redis-server ]; then
  case " $* " in
    *" --protected-mode "*|*.conf*) ;;
    *) set -- "$@" --protected-mode no ;;
  esac
fi
exec "$@"
`;

/**
 * A small version of the official postgres entrypoint: initialises PGDATA on
 * first start from POSTGRES_PASSWORD / POSTGRES_USER / POSTGRES_DB (or
 * POSTGRES_HOST_AUTH_METHOD=trust), runs /docker-entrypoint-initdb.d/*.sql and
 * *.sh, and runs postgres as the postgres user listening on every interface.
 */
export const postgresEntrypoint = `#!/bin/bash
set -Eeo pipefail
if [ "\${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi
for arg in "$@"; do
  case "$arg" in -V|--version|--help|'-?'|--describe-config) exec "$@" ;; esac
done
: "\${PGDATA:=/var/lib/postgresql/data}"
: "\${POSTGRES_USER:=postgres}"
: "\${POSTGRES_DB:=$POSTGRES_USER}"
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chmod 00700 "$PGDATA"
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    echo 'Error: Database is uninitialized and superuser password is not specified.' >&2
    echo '       You must specify POSTGRES_PASSWORD to a non-empty value for the superuser.' >&2
    echo '       For example, "-e POSTGRES_PASSWORD=password" on "docker run".' >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s' "\${POSTGRES_PASSWORD:-unused}" > "$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" $POSTGRES_INITDB_ARGS
  rm -f "$pwfile"
  auth="\${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  printf '\\nhost all all all %s\\n' "$auth" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  export PGUSER="$POSTGRES_USER" PGPASSWORD="$POSTGRES_PASSWORD"
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --dbname postgres -c "CREATE DATABASE \\"$POSTGRES_DB\\";"
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --dbname "$POSTGRES_DB" -f "$f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  echo 'PostgreSQL init process complete; ready for start up.'
fi
exec "$@" -c listen_addresses='*'
`;

/**
 * PID 1 of the Linux sandbox. It makes /sys and the cgroup mounts writable
 * (already so under --privileged; remounted when the sandbox runs with explicit
 * capabilities instead), and on cgroup v2 moves itself into a child cgroup so
 * lessons can enable controllers for the cgroups they create.
 */
export const sandboxInit = `#!/bin/sh
mount -o remount,rw /sys 2>/dev/null || true
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  mount -o remount,rw /sys/fs/cgroup 2>/dev/null || true
  mkdir -p /sys/fs/cgroup/init.scope
  for pid in $(cat /sys/fs/cgroup/cgroup.procs); do echo "$pid" > /sys/fs/cgroup/init.scope/cgroup.procs 2>/dev/null || true; done
  sed -e 's/ / +/g' -e 's/^/+/' /sys/fs/cgroup/cgroup.controllers > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
else
  for d in /sys/fs/cgroup/*/; do mount -o remount,bind,rw "$d" 2>/dev/null || true; done
fi
mkdir -p /run/netns
trap 'exit 0' TERM INT
echo "kubecamp sandbox ready"
while :; do sleep 3600 & wait $!; done
`;

export const sandboxMotd = `kubecamp Linux sandbox: a disposable container for namespace and cgroup labs.
Nothing here touches your machine; \`npm run sandbox:down\` throws it away.
`;

const nextFreeId = `next_id() { awk -F: -v s="$2" -v e="$3" '{ used[$3] = 1 } END { for (i = s; i < e; i++) if (!(i in used)) { print i; exit } }' "$1"; }`;

/**
 * busybox's adduser, for the options Dockerfiles use (`adduser -D -u 1000 app`):
 * Debian's busybox-static leaves the applet out. Never asks for a password.
 */
export const busyboxAdduser = `#!/bin/sh
# kubecamp stand-in for busybox adduser (Debian's busybox-static has no adduser applet).
set -e
home= gecos='Linux User,,,' shell= group= uid= system= nohome=
while getopts "h:g:s:G:u:k:SDH" opt; do
  case $opt in
    h) home=$OPTARG ;; g) gecos=$OPTARG ;; s) shell=$OPTARG ;; G) group=$OPTARG ;; u) uid=$OPTARG ;;
    S) system=1 ;; H) nohome=1 ;; D|k) ;;
    *) echo "usage: adduser [-h DIR] [-g GECOS] [-s SHELL] [-G GROUP] [-S] [-D] [-H] [-u UID] USER [GROUP]" >&2; exit 1 ;;
  esac
done
shift $((OPTIND - 1))
user=$1
[ -n "$user" ] || { echo "adduser: missing user name" >&2; exit 1; }
[ -z "$2" ] || exec addgroup "$user" "$2"
! grep -q "^$user:" /etc/passwd || { echo "adduser: user '$user' in use" >&2; exit 1; }
${nextFreeId}
if [ -z "$uid" ]; then
  if [ -n "$system" ]; then uid=$(next_id /etc/passwd 100 1000); else uid=$(next_id /etc/passwd 1000 60000); fi
fi
if [ -n "$system" ]; then : "\${shell:=/bin/false}"; : "\${group:=nogroup}"; fi
: "\${shell:=/bin/sh}"
if [ -n "$group" ]; then
  gid=$(awk -F: -v g="$group" '$1 == g { print $3 }' /etc/group)
  [ -n "$gid" ] || { echo "adduser: unknown group $group" >&2; exit 1; }
else
  gid=$uid
  if awk -F: -v g="$gid" '$3 == g { found = 1 } END { exit !found }' /etc/group; then gid=$(next_id /etc/group 1000 60000); fi
  echo "$user:x:$gid:" >> /etc/group
fi
: "\${home:=/home/$user}"
echo "$user:x:$uid:$gid:$gecos:$home:$shell" >> /etc/passwd
if [ -z "$nohome" ] && [ ! -e "$home" ]; then
  mkdir -p "$home" && chown "$uid:$gid" "$home" && chmod 755 "$home"
fi
`;

/** busybox's addgroup: `addgroup [-g GID] [-S] GROUP` and `addgroup USER GROUP`. */
export const busyboxAddgroup = `#!/bin/sh
# kubecamp stand-in for busybox addgroup (Debian's busybox-static has no addgroup applet).
set -e
gid= system=
while getopts "g:S" opt; do
  case $opt in
    g) gid=$OPTARG ;; S) system=1 ;;
    *) echo "usage: addgroup [-g GID] [-S] [USER] GROUP" >&2; exit 1 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -eq 2 ]; then
  user=$1 group=$2
  grep -q "^$user:" /etc/passwd || { echo "addgroup: unknown user $user" >&2; exit 1; }
  members=$(awk -F: -v g="$group" '$1 == g { print "," $4 ","; found = 1 } END { exit !found }' /etc/group) || { echo "addgroup: unknown group $group" >&2; exit 1; }
  case "$members" in *",$user,"*) exit 0 ;; esac
  sed -i -e "/^$group:/{s/:\\$/:$user/;t" -e "s/\\$/,$user/;}" /etc/group
  exit 0
fi
group=$1
[ -n "$group" ] || { echo "addgroup: missing group name" >&2; exit 1; }
! grep -q "^$group:" /etc/group || { echo "addgroup: group '$group' in use" >&2; exit 1; }
${nextFreeId}
if [ -z "$gid" ]; then
  if [ -n "$system" ]; then gid=$(next_id /etc/group 100 1000); else gid=$(next_id /etc/group 1000 60000); fi
fi
echo "$group:x:$gid:" >> /etc/group
`;
