#!/usr/bin/env bash
# Push benchmark: 1000 WebSocket clients, one announcement published to all of them.
# Measured three ways on release builds, each after one untimed announcement: one SQLite
# instance with 1000 customers of one socket each (1000 notifications written and pushed),
# and with 125 customers of 8 sockets each (the per-user limit: one notification fanned out
# to 8 sockets); and two instances on one PostgreSQL, the sockets spread over both, the
# announcement sent through the first (its events reach the second through the database).
# Records push latency (send request to each socket's notification) p50/p99 and the servers'
# RSS per connection in its section of docs/BENCHMARKS.md.
#   bench/push.sh                    1000 sockets
#   BENCH_SOCKETS=2000 bench/push.sh
source "$(dirname "$0")/../scripts/lib.sh"

SOCKETS="${BENCH_SOCKETS:-1000}"
[ -d node_modules/ws ] || scripts/setup.sh
# Only the server: the benchmark uses the API and the socket, not the browser bundle.
log "building the release server"
cargo build --locked --release -p server
BIN="$CARGO_TARGET_DIR/release/webrana"

ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"
WORK="$(mktemp -d /tmp/webrana-push.XXXXXX)"
SERVER_PIDS=()
stop_servers() {
  [ ${#SERVER_PIDS[@]} -eq 0 ] || { kill "${SERVER_PIDS[@]}" 2>/dev/null; wait "${SERVER_PIDS[@]}" 2>/dev/null || true; }
  SERVER_PIDS=()
}
trap 'stop_servers; stop_private_postgres; rm -rf "$WORK"' EXIT
export RUST_LOG=warn PG_BIN

# One measurement on a fresh database: $1 sqlite|postgres, $2 instances, $3 sockets per
# customer; adds a table row.
measure() {
  local engine="$1" instances="$2" per_user="$3" n port urls="" pids="" line
  case "$engine" in
    sqlite) DATABASE_URL="sqlite://$WORK/bench-$per_user.db" ;;
    postgres)
      "$PG_BIN/psql" "$PG_URL" -q -c "CREATE DATABASE push_$per_user" >/dev/null
      DATABASE_URL="${PG_URL%/postgres}/push_$per_user"
      ;;
  esac
  export DATABASE_URL
  "$BIN" seed-demo >/dev/null
  for n in $(seq "$instances"); do
    port="$(free_port)"
    LEPTOS_SITE_ADDR="127.0.0.1:$port" WEBRANA_TRUSTED_PROXIES=127.0.0.1 WEBRANA_JOB_POLL_MS=100 \
      WEBRANA_MAIL_OUTBOX="$WORK/outbox" "$BIN" serve &
    SERVER_PIDS+=($!)
    wait_for_http "http://127.0.0.1:$port/ready" 60
    urls="${urls:+$urls,}http://127.0.0.1:$port"
    pids="${pids:+$pids,}${SERVER_PIDS[-1]}"
  done
  log "measuring $SOCKETS sockets, $per_user per customer, $instances instance(s) on $engine"
  line=$(BENCH_PER_USER="$per_user" python3 bench/push.py "$urls" "$DATABASE_URL" "$pids" "$SOCKETS" | grep '^RESULT')
  stop_servers
  eval "$(echo "$line" | sed 's/^RESULT //')"
  rows+=("| $engine | $instances | $sockets | $users | $p50_ms | $p99_ms | $max_ms | $((rss_before_kib / 1024)) MiB | $((rss_after_kib / 1024)) MiB | $per_socket_kib KiB |")
}

rows=()
measure sqlite 1 1
measure sqlite 1 8
start_private_postgres
measure postgres 2 1
{
  echo "## Real-time push"
  echo
  echo "Produced by \`bench/push.sh\` on $(date -u +%Y-%m-%d): release build, $SOCKETS WebSocket clients in one Node.js"
  echo "process (bench/push-clients.mjs) on the same $(nproc)-core machine as the servers. An admin sends an announcement to"
  echo "everyone, untimed, then a second one; latency runs from the second's send request to each socket receiving its"
  echo "\`notification:new\` (the job starts on its commit, not at a poll; the untimed one lets Node compile its message"
  echo "handler outside the measurement). With two instances the sockets alternate between them and the"
  echo "announcement goes through the first. RSS is the instances' together, before the sockets open and 2 s"
  echo "after the last one did. Target (issue 21): p99 under 100 ms for 1000 customers."
  echo
  echo "| engine | instances | sockets | customers | push p50 ms | push p99 ms | max ms | server RSS before | after | per socket |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
} | tee /dev/stderr | record_benchmark push
