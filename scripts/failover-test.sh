#!/usr/bin/env bash
# Two instances, one dies (issue 23; docs/DEPLOY.md): the compose topology without Docker.
# Two app processes on one PostgreSQL behind nginx (Debian package, the same server block as
# deploy/nginx/webrana.conf), load through nginx, orders paid and being built, a
# notification socket open; then the instance in the middle of building a server is killed
# with SIGKILL. scripts/lib/failover.py
# checks that no request was lost beyond those in flight on the dead instance, that every
# order still ends ACTIVE with one service, one server and one paid invoice (jobs the dead
# instance held are taken over after their lease), and that push went on from the survivor.
#   scripts/failover-test.sh          (after a debug build: cargo build -p server)
# Uses $PG_URL when a private PostgreSQL is already running (scripts/test.sh), else starts one.
source "$(dirname "$0")/lib.sh"
BIN="${WEBRANA_BIN:-$CARGO_TARGET_DIR/debug/webrana}"
NGINX=/usr/sbin/nginx
[ -x "$BIN" ] || die "no server binary at $BIN (cargo build -p server)"
[ -x "$NGINX" ] || die "nginx is missing (scripts/setup.sh --test installs it)"
[ -x "$DEPLOY_VENV/bin/python" ] || die "the deployment tools are missing (scripts/setup.sh --test)"

work="$(mktemp -d /tmp/webrana-failover.XXXXXX)"
PIDS=()
finish() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ ! -f "$work/nginx.pid" ] || "$NGINX" -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
  stop_own_postgres
  rm -rf "$work"
}
trap finish EXIT
use_or_start_postgres
PGOPTIONS=--client-min-messages=warning "$PG_BIN/psql" "$PG_URL" -q -c "DROP DATABASE IF EXISTS failover" -c "CREATE DATABASE failover" >/dev/null
export DATABASE_URL="${PG_URL%/postgres}/failover"

# What every instance shares: database, sealing key, the simulated gateway's signing secret.
export WEBRANA_SECRET_KEY
WEBRANA_SECRET_KEY="$(head -c 32 /dev/urandom | base64)"
export WEBRANA_SIMULATED_GATEWAY=true WEBRANA_SIMULATED_GATEWAY_SECRET=failover-signing-secret \
  WEBRANA_TRUSTED_PROXIES=127.0.0.1 WEBRANA_JOB_LEASE_SECS=5 WEBRANA_JOB_POLL_MS=200 \
  WEBRANA_SIMULATED_CLOUD_CREATE_SECS=3 WEBRANA_MAIL_OUTBOX="$work/outbox" \
  RUST_LOG=warn,app::jobs::worker=info
"$BIN" migrate >/dev/null
"$BIN" seed-demo >/dev/null

ports=()
for n in 1 2; do
  port="$(free_port)"
  ports+=("$port")
  LEPTOS_SITE_ADDR="127.0.0.1:$port" WEBRANA_PUBLIC_URL="http://127.0.0.1:$port" \
    "$BIN" serve >"$work/app-$n.log" 2>&1 &
  PIDS+=($!)
  disown # its death is the test, not news
done
for port in "${ports[@]}"; do wait_for_http "http://127.0.0.1:$port/ready" 60; done

# nginx with the compose stack's server block, pointed at the two processes.
proxy_port="$(free_port)"
mkdir -p "$work/logs"
sed -e "s/server app-1:3000/server 127.0.0.1:${ports[0]}/" -e "s/server app-2:3000/server 127.0.0.1:${ports[1]}/" \
  -e "s/listen 8080;/listen 127.0.0.1:$proxy_port;/" deploy/nginx/webrana.conf >"$work/webrana.conf"
cat >"$work/nginx.conf" <<CONF
daemon on;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  include $work/webrana.conf;
}
CONF
"$NGINX" -p "$work" -c "$work/nginx.conf"
proxy="http://127.0.0.1:$proxy_port"
wait_for_http "$proxy/ready" 30

key="$(scripts/lib/api-key.sh "$proxy" budi@webrana.test rahasia-pelanggan-demo-2026 failover)"
log "two instances (ports ${ports[*]}) behind nginx ($proxy_port); one dies under load"
"$DEPLOY_VENV/bin/python" scripts/lib/failover.py "$proxy" "$key" "$PG_BIN/psql" "$DATABASE_URL" \
  "${PIDS[0]}" "$work/app-1.log" "${PIDS[1]}" "$work/app-2.log" || {
  tail -n 20 "$work/app-1.log" "$work/app-2.log" "$work/logs/error.log" >&2
  exit 1
}
