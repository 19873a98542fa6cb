# Remove the lab's cgroup "capped" from the sandbox (v2: /sys/fs/cgroup/capped; v1: one per controller,
# /sys/fs/cgroup/<controller>/capped). A cgroup can only be removed once no process is in it.
dirs() { for d in /sys/fs/cgroup/capped /sys/fs/cgroup/*/capped; do [ -d "$d" ] && echo "$d"; done; }
for d in $(dirs); do
  find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r p; do kill -9 "$p" 2>/dev/null; done
done
# Killed processes take a moment to leave; remove child cgroups before their parents.
for i in 1 2 3 4 5 6 7 8 9 10; do
  [ -z "$(dirs)" ] && break
  for d in $(dirs); do find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null; done
  sleep 0.2
done
true
