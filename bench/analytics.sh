#!/usr/bin/env bash
# Admin home benchmark: a release build on SQLite and on PostgreSQL, each with a generated
# history (`webrana generate-business`: 100k customers, 1M orders over two years by default,
# then rolled up), the business report over each preset period and the attention counts
# timed one request at a time as the demo admin (bench/analytics.py). The same business
# then measures `webrana backup` (while the server runs) and `webrana restore` into an
# empty database: the restore time is the RTO docs/RUNBOOK.md states. Prints both tables;
# docs/BENCHMARKS.md ("Admin home at scale", "Backup and restore") keeps the figures with
# this command.
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
BACKUPS=()
for DATABASE_URL in "sqlite://$WORK/bench.db" "${PG_URL%/postgres}/bench"; do
  export DATABASE_URL RUST_LOG=warn
  engine="${DATABASE_URL%%:*}"
  "$BIN" seed-demo >/dev/null
  log "$engine: generating $ORDERS orders of $CUSTOMERS customers"
  # Bulk inserts are slow statements by design: sqlx's warning for each would flood the log.
  RUST_LOG=warn,sqlx::query=error "$BIN" generate-business --orders "$ORDERS" --customers "$CUSTOMERS"
  port="$(free_port)"
  LEPTOS_SITE_ADDR="127.0.0.1:$port" "$BIN" serve &
  SERVER_PID=$!
  wait_for_http "http://127.0.0.1:$port/ready" 120
  mapfile -t -O "${#ROWS[@]}" ROWS < <(python3 bench/analytics.py "http://127.0.0.1:$port" "$engine" "$ROUNDS")

  log "$engine: backup while serving, then restore into an empty database"
  started=$(date +%s%N)
  "$BIN" backup --to "$WORK/backups-$engine" >/dev/null
  backup_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  bytes=$(du -b "$WORK/backups-$engine"/webrana-* | awk '{ print $1 }')
  case "$engine" in
    sqlite) restored="sqlite://$WORK/restored.db" ;;
    *) "$PG_BIN/psql" "$PG_URL" -q -c "CREATE DATABASE restored" >/dev/null; restored="${PG_URL%/postgres}/restored" ;;
  esac
  started=$(date +%s%N)
  DATABASE_URL="$restored" "$BIN" restore --from "$WORK/backups-$engine" >/dev/null
  restore_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  BACKUPS+=("| $engine | $((bytes / 1048576)) MiB | $(awk "BEGIN { printf \"%.1f\", $backup_ms / 1000 }") s | $(awk "BEGIN { printf \"%.1f\", $restore_ms / 1000 }") s |")
done

echo "| Engine | Request | Rounds | p50 ms | p95 ms | max ms |"
echo "|---|---|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"

echo
echo "| Engine | Backup file | Backup (serving) | Restore (into empty, with migrations) |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${BACKUPS[@]}"
