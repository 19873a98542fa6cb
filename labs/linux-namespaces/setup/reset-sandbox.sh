# Put the sandbox back as the lab found it. Run as `docker exec -i kubecamp-sandbox sh -s < reset-sandbox.sh`,
# so this text is not on any process's command line (the loop below looks for the word "isolated" there).

# Started without --uts, `hostname isolated` renamed the sandbox itself.
[ "$(hostname)" = isolated ] && hostname kubecamp-sandbox

# The lab's processes: those whose hostname (in their UTS namespace) is "isolated", and the
# unshare commands that set it; their children are the sleeps in the new PID namespaces.
for p in $(ls /proc | grep -E '^[0-9]+$'); do
  [ "$p" = "$$" ] && continue
  if [ "$(nsenter -t "$p" -u hostname 2>/dev/null)" = isolated ] || grep -qs isolated "/proc/$p/cmdline"; then
    pkill -9 -P "$p" 2>/dev/null
    kill -9 "$p" 2>/dev/null
  fi
done

# The network namespace and the veth pair (deleting one end deletes the other).
ip netns delete blue 2>/dev/null
ip link delete veth-host 2>/dev/null
ip link delete veth-blue 2>/dev/null
true
