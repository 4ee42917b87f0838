#!/usr/bin/env bash
# Admin home benchmark: a release build on SQLite and on PostgreSQL, each with a generated
# history (`webrana generate-business`: 100k customers, 1M orders over two years by default,
# then rolled up), the business report over each preset period and the attention counts
# timed one request at a time as the demo admin (bench/analytics.py). Prints the table;
# docs/BENCHMARKS.md ("Admin home at scale") keeps the figures with this command.
#   bench/analytics.sh                                  1M orders, 100k customers, 50 rounds
#   BENCH_ORDERS=100000 BENCH_CUSTOMERS=10000 bench/analytics.sh
source "$(dirname "$0")/../scripts/lib.sh"

ORDERS="${BENCH_ORDERS:-1000000}"
CUSTOMERS="${BENCH_CUSTOMERS:-100000}"
ROUNDS="${BENCH_ROUNDS:-50}"

scripts/setup.sh --test
log "building release"
scripts/build-site.sh --release
cargo build --locked --release -p server
BIN="$CARGO_TARGET_DIR/release/webrana"

WORK="$(mktemp -d /tmp/webrana-bench.XXXXXX)"
SERVER_PID=""
trap '[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null; stop_private_postgres; rm -rf "$WORK"' EXIT
start_private_postgres
"$PG_BIN/psql" "$PG_URL" -q -c "CREATE DATABASE bench" >/dev/null

ROWS=()
for DATABASE_URL in "sqlite://$WORK/bench.db" "${PG_URL%/postgres}/bench"; do
  export DATABASE_URL RUST_LOG=warn
  engine="${DATABASE_URL%%:*}"
  "$BIN" seed-demo >/dev/null
  log "$engine: generating $ORDERS orders of $CUSTOMERS customers"
  "$BIN" generate-business --orders "$ORDERS" --customers "$CUSTOMERS"
  port="$(free_port)"
  LEPTOS_SITE_ADDR="127.0.0.1:$port" "$BIN" serve &
  SERVER_PID=$!
  wait_for_http "http://127.0.0.1:$port/ready" 120
  mapfile -t -O "${#ROWS[@]}" ROWS < <(python3 bench/analytics.py "http://127.0.0.1:$port" "$engine" "$ROUNDS")
  kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
done

echo "| Engine | Request | Rounds | p50 ms | p95 ms | max ms |"
echo "|---|---|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
