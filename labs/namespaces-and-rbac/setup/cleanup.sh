#!/bin/sh
# Reset for namespaces-and-rbac: cluster-scoped RBAC survives the namespace, so remove what this lab
# (or a learner doing it) may have created for this namespace only (the lab runs in several at
# once): ClusterRoleBindings that grant anything to this namespace's user <namespace>-jane or to a
# ServiceAccount of the lab namespace, and the variants' ClusterRoles labelled with this namespace.
set -eu
ns="${LAB_NAMESPACE:?}"
kubectl get clusterrolebindings -o go-template='{{range .items}}{{$name := .metadata.name}}{{range .subjects}}{{if or (and (eq .kind "User") (eq .name "'"$ns-jane"'")) (and (eq .kind "ServiceAccount") (eq (or .namespace "") "'"$ns"'"))}}{{$name}}{{"\n"}}{{end}}{{end}}{{end}}' \
  | sort -u | xargs -r kubectl delete clusterrolebinding --ignore-not-found >/dev/null
kubectl delete clusterrole -l "kubecamp.io/lab=namespaces-and-rbac,kubecamp.io/namespace=$ns" --ignore-not-found >/dev/null
