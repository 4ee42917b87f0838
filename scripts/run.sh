#!/usr/bin/env bash
# Sets up everything and runs WeBrana Cloud on SQLite with demo data (release build).
#   scripts/run.sh            http://127.0.0.1:3000
#   LEPTOS_SITE_ADDR=0.0.0.0:8080 scripts/run.sh
source "$(dirname "$0")/lib.sh"

scripts/setup.sh
log "building (release; the first build takes several minutes)"
scripts/build-site.sh --release
cargo build --locked --release -p server
BIN="$CARGO_TARGET_DIR/release/webrana"

export DATABASE_URL="${DATABASE_URL:-sqlite://data/webrana.db}"
export WEBRANA_LOG_FORMAT="${WEBRANA_LOG_FORMAT:-pretty}"
# The demo takes no money: its pay page simulates the gateway (docs/CONFIGURATION.md).
export WEBRANA_SIMULATED_GATEWAY="${WEBRANA_SIMULATED_GATEWAY:-true}"
"$BIN" migrate >/dev/null
log "demo accounts:"
"$BIN" seed-demo
addr="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
log "WeBrana Cloud is starting at http://$addr  (Ctrl+C to stop)"
exec "$BIN" serve
