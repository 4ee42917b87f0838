#!/usr/bin/env bash
# Fails if a server-only crate reaches the browser (hydrate) build.
source "$(dirname "$0")/lib.sh"

SERVER_ONLY='^(sqlx|sqlx-core|tokio|tokio-util|hyper|hyper-util|axum|axum-core|mio|socket2|tower|tower-http|leptos_axum|argon2|zxcvbn|lettre|rustls|ring|qrcode|prometheus-client|tracing-subscriber)$'
found=$(cargo tree -p frontend --target wasm32-unknown-unknown -e normal --prefix none \
  | awk '{print $1}' | sort -u | grep -E "$SERVER_ONLY" || true)
if [ -n "$found" ]; then
  die "server-only crates in the WASM build: $(echo $found)"
fi
log "WASM dependency tree: $(cargo tree -p frontend --target wasm32-unknown-unknown -e normal --prefix none | awk '{print $1}' | sort -u | wc -l) crates, none server-only"
