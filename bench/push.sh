#!/usr/bin/env bash
# Push benchmark: 1000 WebSocket clients connected to one release instance (SQLite), one
# announcement published to all of them. Records push latency (send request to each
# socket's notification) p50/p99 and the server's RSS per connection, appended to
# docs/BENCHMARKS.md by the caller (bench/run.sh) or printed alone.
#   bench/push.sh            1000 sockets
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
PORT="$(free_port)"
SERVER_PID=""
trap '[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite://$WORK/bench.db" RUST_LOG=warn
"$BIN" seed-demo >/dev/null
LEPTOS_SITE_ADDR="127.0.0.1:$PORT" WEBRANA_TRUST_PROXY=true WEBRANA_JOB_POLL_MS=100 WEBRANA_MAIL_OUTBOX="$WORK/outbox" "$BIN" serve &
SERVER_PID=$!
wait_for_http "http://127.0.0.1:$PORT/ready" 60
line=$(python3 bench/push.py "http://127.0.0.1:$PORT" "$WORK/bench.db" "$SERVER_PID" "$SOCKETS" | grep '^RESULT')
eval "$(echo "$line" | sed 's/^RESULT //')"
cat <<TABLE
## Real-time push

Produced by \`bench/push.sh\` on $(date -u +%Y-%m-%d): release build, SQLite, one instance, $sockets WebSocket
clients ($users customers, 8 sockets each — the per-user limit) in one Python asyncio process on the same
$(nproc)-core machine. An admin sends one announcement to everyone; latency runs from the send request to
each socket receiving its \`notification:new\` (the job queue's 100 ms poll included).

| sockets | push p50 ms | push p99 ms | max ms | server RSS before | after | per socket |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| $sockets | $p50_ms | $p99_ms | $max_ms | $((rss_before_kib / 1024)) MiB | $((rss_after_kib / 1024)) MiB | $per_socket_kib KiB |
TABLE
