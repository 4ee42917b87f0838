#!/usr/bin/env bash
# The restore drill (issue 23; docs/RUNBOOK.md, "Backups and restore"), on each engine: a
# running app with a business made through the REST API (examples/api.sh: an order paid,
# its server built and rebooted) is backed up while it serves, on SQLite into a folder, on
# PostgreSQL into an S3 bucket (moto's S3 server); the backup is restored into an empty
# database; the app started on the restored database must serve the same account, orders,
# invoices, services and wallet. Prints how long the backup and the restore took.
#   scripts/restore-drill.sh          (after a debug build: cargo build -p server)
# Uses $PG_URL when a private PostgreSQL is already running (scripts/test.sh), else starts one.
source "$(dirname "$0")/lib.sh"
BIN="${WEBRANA_BIN:-$CARGO_TARGET_DIR/debug/webrana}"
[ -x "$BIN" ] || die "no server binary at $BIN (cargo build -p server)"
command -v jq >/dev/null || die "jq is missing (scripts/setup.sh --test)"
[ -x "$MOTO_VENV/bin/moto_server" ] || die "the moto S3 server is missing (scripts/setup.sh --test)"

work="$(mktemp -d /tmp/webrana-drill.XXXXXX)"
server_pid=""
s3_pid=""
finish() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  [ -z "$s3_pid" ] || kill "$s3_pid" 2>/dev/null || true
  stop_own_postgres
  rm -rf "$work"
}
trap finish EXIT
use_or_start_postgres

# An S3 server and a bucket, reached as any S3-compatible store is (docs/CONFIGURATION.md).
s3_port="$(free_port)"
"$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$s3_port" >"$work/s3.log" 2>&1 &
s3_pid=$!
wait_for_http "http://127.0.0.1:$s3_port/moto-api/" 60
curl -fsS -X PUT "http://127.0.0.1:$s3_port/webrana-backups" -o /dev/null
export AWS_ENDPOINT="http://127.0.0.1:$s3_port" AWS_ALLOW_HTTP=true AWS_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=drill AWS_SECRET_ACCESS_KEY=drill-secret

# The sealing key goes with the backups (kept apart from them): restored root passwords and
# TOTP secrets open only with it.
export WEBRANA_SECRET_KEY
WEBRANA_SECRET_KEY="$(head -c 32 /dev/urandom | base64)"
export WEBRANA_SIMULATED_GATEWAY=true WEBRANA_JOB_POLL_MS=100 WEBRANA_SIMULATED_CLOUD_CREATE_SECS=2 \
  WEBRANA_SIMULATED_CLOUD_ACTION_SECS=1 WEBRANA_MAIL_OUTBOX="$work/outbox" RUST_LOG=warn

start_server() { # DATABASE_URL LOG
  local port
  port="$(free_port)"
  DATABASE_URL="$1" LEPTOS_SITE_ADDR="127.0.0.1:$port" WEBRANA_PUBLIC_URL="http://127.0.0.1:$port" \
    "$BIN" serve >"$2" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  wait_for_http "$base/ready" 60
}

stop_server() {
  stop_server_within 30 "$server_pid"
  server_pid=""
}

# What the customer sees of the business, in a stable order.
business() {
  local path
  for path in /api/v1/me /api/v1/orders /api/v1/invoices /api/v1/services /api/v1/wallet /api/v1/wallet/ledger; do
    curl -fsS "$base$path" -H "Authorization: Bearer $key" | jq -S --arg path "$path" '{($path): .}'
  done
}

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

for engine in sqlite postgres; do
  case "$engine" in
    sqlite)
      live="sqlite://$work/live.db"
      restored="sqlite://$work/restored.db"
      place="$work/backups"
      ;;
    postgres)
      PGOPTIONS=--client-min-messages=warning "$PG_BIN/psql" "$PG_URL" -q \
        -c "DROP DATABASE IF EXISTS drill_live" -c "CREATE DATABASE drill_live" \
        -c "DROP DATABASE IF EXISTS drill_restored" -c "CREATE DATABASE drill_restored" >/dev/null
      live="${PG_URL%/postgres}/drill_live"
      restored="${PG_URL%/postgres}/drill_restored"
      place="s3://webrana-backups/drill/postgres"
      ;;
  esac
  DATABASE_URL="$live" "$BIN" migrate >/dev/null
  DATABASE_URL="$live" "$BIN" seed-demo >/dev/null
  start_server "$live" "$work/live-$engine.log"
  key="$(scripts/lib/api-key.sh "$base" budi@webrana.test rahasia-pelanggan-demo-2026 drill)"
  WEBRANA_API_KEY="$key" examples/api.sh "$base" >/dev/null
  business >"$work/before.json"
  [ "$(jq -s '[.[] | ."/api/v1/services"? // empty | .items[]] | length' "$work/before.json")" -ge 1 ] ||
    die "$engine: the drill's business has no service"

  # Backed up while the app serves; the first of two is then dropped (--keep 1).
  DATABASE_URL="$live" "$BIN" backup --to "$place" --keep 1 >"$work/first.out"
  sleep 1
  started=$(date +%s%N)
  DATABASE_URL="$live" "$BIN" backup --to "$place" --keep 1 >"$work/second.out"
  backup_ms=$(ms_since "$started")
  first="$(sed -n 's/^backup written: \(.*\) (.*/\1/p' "$work/first.out")"
  grep -qxF "removed the older backup $first" "$work/second.out" || die "$engine: the older backup was not removed"
  business >"$work/after-backup.json"
  cmp -s "$work/before.json" "$work/after-backup.json" || die "$engine: the business changed during the drill"
  stop_server

  started=$(date +%s%N)
  DATABASE_URL="$restored" "$BIN" restore --from "$place" >"$work/restore.out"
  restore_ms=$(ms_since "$started")
  start_server "$restored" "$work/restored-$engine.log"
  business >"$work/restored.json"
  stop_server
  if ! diff -u "$work/before.json" "$work/restored.json" >"$work/diff"; then
    head -n 40 "$work/diff" >&2
    die "$engine: the restored app serves a different business"
  fi
  log "$engine: backup ${backup_ms} ms, restore ${restore_ms} ms ($(sed 's/.*: //' "$work/restore.out")); the restored app serves the same business"
done
