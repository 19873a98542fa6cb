#!/bin/sh
# NodePorts are cluster-wide: only one Service in the whole cluster can hold 30080.
# This lab is the only one that uses it; free it from any earlier run of this lab
# (the learner's namespace or the harness's), never from another lab's namespace.
set -eu
port=30080
for ns in $(kubectl get namespaces -l kubecamp.io/lab=services -o jsonpath='{.items[*].metadata.name}'); do
  kubectl get services -n "$ns" \
    -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.spec.ports[*].nodePort}{"\n"}{end}' |
    awk -v port="$port" '{ for (i = 2; i <= NF; i++) if ($i == port) print $1 }' |
    while read -r svc; do
      kubectl delete service -n "$ns" "$svc" --ignore-not-found >/dev/null
    done
done
