#!/usr/bin/env bash
# Sets up everything and runs every check and test:
#   formatting, clippy (server and browser builds), RustSec audit, WASM dependency check,
#   deployment files (hadolint, Compose schema, promtool, kustomize + Kubernetes schemas),
#   Rust unit + integration tests on SQLite and PostgreSQL, the two-instance failover test,
#   the backup-and-restore drill on both engines,
#   Playwright end-to-end tests in
#   Chromium (JavaScript on and off) against the real server on SQLite and on PostgreSQL,
#   property tests of the REST API from its OpenAPI document (schemathesis), a bounded
#   vulnerability scan (wapiti),
#   on the release build of the browser bundle (weight budgets, axe on every page).
# Starts and stops its own PostgreSQL and app servers.
source "$(dirname "$0")/lib.sh"
started=$SECONDS

scripts/setup.sh --test
prune_build_cache

log "formatting"
cargo fmt --all --check

log "clippy (server build)"
cargo clippy --locked -p app --features ssr -p server -p wasm-split-site --all-targets -- -D warnings
log "clippy (browser build)"
cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

log "dependency audit (offline RustSec database)"
bash "$ROOT/../shared/tools/audit.sh" "$ROOT"
# The one ignored advisory (.cargo/audit.toml) is only valid while rsa is not compiled in.
if [ -n "$(cargo tree --locked -i rsa --target all -e normal 2>/dev/null)" ]; then
  die "rsa is now compiled into the build: RUSTSEC-2023-0071 can no longer be ignored"
fi

scripts/check-wasm-deps.sh
log "patched dependencies (vendor/) against their releases"
scripts/check-vendored.sh
log "import cycles across capability folders"
python3 scripts/check-import-cycles.py
log "one writing folder per table"
python3 scripts/check-table-owners.py
log "deployment files (Dockerfile, compose, Prometheus rules and their tests, dashboards, Kubernetes)"
scripts/check-deploy.sh

SERVER_PID=""
cleanup() {
  [ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
  stop_private_postgres
  stop_provider_mocks
}
trap cleanup EXIT
start_private_postgres
start_provider_mocks

log "Rust tests (SQLite and PostgreSQL)"
export WEBRANA_TEST_POSTGRES_URL="$PG_URL" WEBRANA_REQUIRE_POSTGRES=1 WEBRANA_REQUIRE_SMTP_SINK=1 WEBRANA_REQUIRE_PRISM=1
if cargo nextest --version >/dev/null 2>&1; then
  # One process per test (see .config/nextest.toml).
  cargo nextest run --locked -p app --features ssr -p server
else
  # Without nextest: one test at a time per binary, same isolation of runtimes.
  cargo test --locked -p app --features ssr -p server -- --test-threads=1
fi
stop_provider_mocks

log "building the site for the browser tests (release: what customers download, held to its budget)"
scripts/build-site.sh --release
cargo build --locked -p server
BIN="$CARGO_TARGET_DIR/debug/webrana"

log "two instances behind nginx, one killed under load (failover)"
WEBRANA_BIN="$BIN" PG_URL="$PG_URL" scripts/failover-test.sh

log "the restore drill: backed up while serving, restored into empty databases (both engines)"
WEBRANA_BIN="$BIN" PG_URL="$PG_URL" scripts/restore-drill.sh

# Runs Playwright against a fresh server on $1 (a DATABASE_URL), with `scan` as $2 also the
# vulnerability scan, then stops the server with SIGTERM and requires a clean exit
# (graceful shutdown).
e2e_against() {
  local database_url="$1" port outbox
  port="$(free_port)"
  outbox="$(mktemp -d "$E2E_DIR/outbox.XXXXXX")"
  log "browser tests against ${database_url%%:*} (port $port)"
  DATABASE_URL="$database_url" "$BIN" seed-demo >/dev/null
  # Administrators without 2FA, as `create-admin` makes them (end2end/tests/helpers.ts,
  # ordering.js.spec.ts).
  for admin in admin-baru admin-lain admin-kasir admin-katalog admin-cloud admin-layanan admin-pengumuman admin-saldo admin-refund admin-akses admin-kunci admin-analitik; do
    printf '%s\n' 'menara-pandang-tepi-danau-toba-88' |
      DATABASE_URL="$database_url" "$BIN" create-admin --email "$admin@webrana.test" --name "Admin Baru" >/dev/null
  done
  # Each Playwright test presents its own X-Forwarded-For address (see helpers.ts), so the
  # server trusts that header here; e-mails go to a folder the tests read. The API's read and
  # write tiers are lifted for the property tests' thousands of calls a minute (the tiers are
  # proven by server/tests/rate_limits.rs); sign-in, checkout and payment keep theirs.
  DATABASE_URL="$database_url" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
    WEBRANA_RATE_PUBLIC_PER_MIN=100000 WEBRANA_RATE_AUTHENTICATED_PER_MIN=100000 WEBRANA_RATE_WRITE_PER_MIN=100000 \
    WEBRANA_MAIL_OUTBOX="$outbox" WEBRANA_SIMULATED_GATEWAY=true WEBRANA_TRUSTED_PROXIES=127.0.0.1 WEBRANA_JOB_POLL_MS=100 WEBRANA_SIMULATED_CLOUD_CREATE_SECS=3 \
    "$BIN" serve &
  SERVER_PID=$!
  wait_for_http "http://127.0.0.1:$port/ready" 60
  (cd end2end && WEBRANA_E2E_URL="http://127.0.0.1:$port" WEBRANA_E2E_OUTBOX="$outbox" WEBRANA_E2E_BIN="$BIN" \
    npx --no-install playwright test)
  # After the browser tests: the property tests change the demo customer's data.
  # The API example end to end, as its README says to run it, with a key of the demo customer.
  if [ "${2:-}" = scan ]; then
    log "examples/api.sh against the demo"
    WEBRANA_API_KEY="$(scripts/lib/api-key.sh "http://127.0.0.1:$port" budi@webrana.test rahasia-pelanggan-demo-2026 example)" \
      examples/api.sh "http://127.0.0.1:$port"
  fi
  [ "${2:-}" != scan ] || scripts/api-check.sh "http://127.0.0.1:$port"
  [ "${2:-}" != scan ] || scripts/scan.sh "http://127.0.0.1:$port"
  stop_server_within 30 "$SERVER_PID"
  SERVER_PID=""
}

E2E_DIR="$(mktemp -d /tmp/webrana-e2e.XXXXXX)"
e2e_against "sqlite://$E2E_DIR/webrana.db" scan
psql_url="${PG_URL%/postgres}/e2e"
"$PG_BIN/psql" "$PG_URL" -q -c "CREATE DATABASE e2e" >/dev/null
e2e_against "$psql_url"
rm -rf "$E2E_DIR"

log "all checks and tests passed in $((SECONDS - started)) s"
