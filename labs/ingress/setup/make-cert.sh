#!/bin/sh
# A self-signed certificate and key for shop.example.com in the learner's workspace.
set -eu
cd "$LAB_WORKSPACE"
if [ -s tls.crt ] && [ -s tls.key ]; then exit 0; fi
openssl req -x509 -nodes -days 365 \
  -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -subj "/CN=shop.example.com" -addext "subjectAltName=DNS:shop.example.com" \
  -keyout tls.key -out tls.crt 2>/dev/null
