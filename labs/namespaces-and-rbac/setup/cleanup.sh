#!/bin/sh
# Reset for namespaces-and-rbac: cluster-scoped RBAC survives the namespace, so remove what this lab
# (or a learner doing it) may have created: ClusterRoleBindings that grant anything to the user jane
# or to a ServiceAccount of the lab namespace, and ClusterRoles named after the lab.
set -eu
ns="${LAB_NAMESPACE:?}"
kubectl get clusterrolebindings -o go-template='{{range .items}}{{$name := .metadata.name}}{{range .subjects}}{{if or (and (eq .kind "User") (eq .name "jane")) (and (eq .kind "ServiceAccount") (eq (or .namespace "") "'"$ns"'"))}}{{$name}}{{"\n"}}{{end}}{{end}}{{end}}' \
  | sort -u | xargs -r kubectl delete clusterrolebinding --ignore-not-found >/dev/null
kubectl get clusterroles -o name | grep '^clusterrole.rbac.authorization.k8s.io/namespaces-and-rbac-' \
  | xargs -r kubectl delete --ignore-not-found >/dev/null || true
