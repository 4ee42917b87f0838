#!/usr/bin/env bash
# Prints a new API key of an account, made the way its owner would: sign in, then create a
# key (account/api-keys). Used by scripts/api-check.sh and examples/api.sh's test.
#   scripts/lib/api-key.sh BASE_URL EMAIL PASSWORD NAME
set -euo pipefail
base="$1" email="$2" password="$3" name="$4"
jar="$(mktemp)"
trap 'rm -f "$jar"' EXIT
curl -sf -c "$jar" -o /dev/null -X POST "$base/api/auth/login" \
  --data-urlencode "email=$email" --data-urlencode "password=$password"
# Every area at its widest: catalog is read-only for customers.
curl -sf -b "$jar" -X POST "$base/api/account/api-keys/create" --data-urlencode "name=$name" \
  -d catalog=read -d orders=write -d billing=write -d services=write -d notifications=write |
  python3 -c 'import json, sys; print(json.load(sys.stdin))'
