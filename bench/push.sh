#!/usr/bin/env bash
# Push benchmark: 1000 WebSocket clients connected to one release instance (SQLite), one
# announcement published to all of them. Measured twice: 1000 customers with one socket
# each (1000 notifications written and pushed), and 125 customers with 8 sockets each (the
# per-user limit: one notification fanned out to 8 sockets). Records push latency (send
# request to each socket's notification) p50/p99 and the server's RSS per connection in
# its section of docs/BENCHMARKS.md.
#   bench/push.sh                    1000 sockets
#   BENCH_SOCKETS=2000 bench/push.sh
source "$(dirname "$0")/../scripts/lib.sh"

SOCKETS="${BENCH_SOCKETS:-1000}"
python3 -c 'import websockets' 2>/dev/null || { log "installing websockets (PyPI)"; python3 -m pip install -q websockets; }
# Only the server: the benchmark uses the API and the socket, not the browser bundle.
log "building the release server"
cargo build --locked --release -p server
BIN="$CARGO_TARGET_DIR/release/webrana"

ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"
WORK="$(mktemp -d /tmp/webrana-push.XXXXXX)"
SERVER_PID=""
trap '[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
export RUST_LOG=warn

# One measurement on a fresh database and server, $1 sockets per customer; adds a table row.
measure() {
  local per_user="$1" port database line
  port="$(free_port)"
  database="$WORK/bench-$per_user.db"
  export DATABASE_URL="sqlite://$database"
  "$BIN" seed-demo >/dev/null
  LEPTOS_SITE_ADDR="127.0.0.1:$port" WEBRANA_TRUSTED_PROXIES=127.0.0.1 WEBRANA_JOB_POLL_MS=100 \
    WEBRANA_MAIL_OUTBOX="$WORK/outbox" "$BIN" serve &
  SERVER_PID=$!
  wait_for_http "http://127.0.0.1:$port/ready" 60
  log "measuring $SOCKETS sockets, $per_user per customer"
  line=$(BENCH_PER_USER="$per_user" python3 bench/push.py "http://127.0.0.1:$port" "$database" "$SERVER_PID" "$SOCKETS" | grep '^RESULT')
  kill "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
  eval "$(echo "$line" | sed 's/^RESULT //')"
  rows+=("| $sockets | $users | $p50_ms | $p99_ms | $max_ms | $((rss_before_kib / 1024)) MiB | $((rss_after_kib / 1024)) MiB | $per_socket_kib KiB |")
}

rows=()
measure 1
measure 8
{
  echo "## Real-time push"
  echo
  echo "Produced by \`bench/push.sh\` on $(date -u +%Y-%m-%d): release build, SQLite, one instance, $SOCKETS WebSocket"
  echo "clients in one Python asyncio process on the same $(nproc)-core machine. An admin sends one announcement to"
  echo "everyone; latency runs from the send request to each socket receiving its \`notification:new\` (the job"
  echo "job starts on its commit, not at a poll). RSS is the server's before the sockets open and 2 s after the last one did."
  echo
  echo "| sockets | customers | push p50 ms | push p99 ms | max ms | server RSS before | after | per socket |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
} | tee /dev/stderr | record_benchmark push
