#!/bin/sh
# A self-signed certificate and key for shop.<namespace>.example.com (this learner's host) in the workspace.
set -eu
cd "$LAB_WORKSPACE"
host="shop.$LAB_NAMESPACE.example.com"
if [ -s tls.crt ] && [ -s tls.key ] && openssl x509 -in tls.crt -noout -checkhost "$host" 2>/dev/null | grep -q 'does match'; then exit 0; fi
openssl req -x509 -nodes -days 365 \
  -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -subj "/CN=$host" -addext "subjectAltName=DNS:$host" \
  -keyout tls.key -out tls.crt 2>/dev/null
