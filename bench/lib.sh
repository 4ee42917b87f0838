# Shared by the benchmarks that need a real service (bench/run.sh, bench/load.sh).

# Signs the demo customer in at $1 and has it order and pay one VPS on the simulated cloud and
# gateway, through the API, as the browser would; waits until it is provisioned. Sets COOKIE
# (the customer's session) and SERVICE_ID, and defines `api` (curl with that session).
order_demo_service() {
  local base="$1" order_form order_id invoice_id intent_id
  COOKIE=$(curl -fsS -o /dev/null -D - -H 'accept: application/json' \
    --data-urlencode email=budi@webrana.test --data-urlencode password=rahasia-pelanggan-demo-2026 \
    "$base/api/auth/login" | awk -F'[: ;]+' 'tolower($1) == "set-cookie" { print $2; exit }')
  [ -n "$COOKIE" ] || die "could not sign the demo customer in"
  api() { curl -fsS -H "cookie: $COOKIE" -H 'accept: application/json' "$@"; }
  order_form=$(curl -fsS -X POST "$base/api/catalog/orderable" | python3 -c '
import json, sys
catalog = json.load(sys.stdin)
plan = [p for p in catalog["plans"] if p["provider_slug"] == "simulated"][0]
image = [i for i in catalog["images"] if i["provider_slug"] == "simulated"][0]
print("plan=%s&region=%s&image=%s&cycle=1&hostname=bench-0000&checkout=bench" % (plan["id"], plan["region_ids"][0], image["id"]))
')
  order_id=$(api -X POST -d "$order_form" "$base/api/orders/place" | tr -d '"')
  invoice_id=$(api -X POST -d "id=$order_id" "$base/api/orders/get" | python3 -c 'import json,sys; print(json.load(sys.stdin)["invoices"][0]["id"])')
  intent_id=$(api -X POST -d "invoice=$invoice_id&method=qris" "$base/api/payments/start" | tr -d '"')
  api -X POST -d "id=$intent_id&outcome=success" "$base/api/payments/simulate" >/dev/null
  SERVICE_ID=""
  for _ in $(seq 1 120); do
    SERVICE_ID=$(api -X POST "$base/api/services/mine" | python3 -c 'import json,sys; s=json.load(sys.stdin)["services"]; print(s[0]["id"] if s else "")')
    [ -n "$SERVICE_ID" ] && break
    sleep 0.5
  done
  [ -n "$SERVICE_ID" ] || die "the bench VPS was not provisioned"
}

# Builds the release server, seeds a fresh SQLite database ($WORK/bench.db) and starts the
# server on it with the simulated gateway and cloud, plus the given environment (VAR=value
# ...). Sets BIN, WORK, BASE and SERVER_PID; the server, $WORK and $BENCH_CLEANUP (more paths)
# go when the script exits.
start_release_server() {
  local port
  log "building the release server"
  cargo build --locked --release -p server
  BIN="$CARGO_TARGET_DIR/release/webrana"
  ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  WORK="$(mktemp -d /tmp/webrana-bench.XXXXXX)"
  SERVER_PID=""
  trap '[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK" ${BENCH_CLEANUP:-}' EXIT
  export DATABASE_URL="sqlite://$WORK/bench.db" RUST_LOG=warn
  "$BIN" seed-demo >/dev/null
  port="$(free_port)"
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" WEBRANA_SIMULATED_GATEWAY=true WEBRANA_SIMULATED_CLOUD_CREATE_SECS=1 "$@" "$BIN" serve &
  SERVER_PID=$!
  BASE="http://127.0.0.1:$port"
  wait_for_http "$BASE/ready" 60
}
