#!/usr/bin/env bash
# Load benchmark: release build on SQLite, wrk against each route at 64 and 1000 concurrent
# connections, plus the same bytes as `/` served as a static file (the ceiling of this stack
# on this machine), and the order summary the wizard asks for on every choice (a POST that
# validates the draft against the catalog and prices it). Prints a table and writes it to
# docs/BENCHMARKS.md. The control panel is measured for a customer with 1000 services: the
# dashboard page and the service status endpoint its page polls. The REST API is measured on
# the public plans list and, with an API key, the first page of that customer's services;
# its rate-limit tiers are lifted so the rows show the work behind the limits (the counters
# are still kept, in the database, per request).
#   bench/run.sh                 10 s per run
#   BENCH_DURATION=30s bench/run.sh
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/lib.sh"

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS=(64 1000)
ROUTES=(/health / /login "/plans?provider=digitalocean&sort=price" /api/orders/quote /dashboard /api/services/get
  /api/v1/catalog/plans /api/v1/services)
QUOTE=/api/orders/quote
STATUS=/api/services/get
API_SERVICES=/api/v1/services
SERVICES=1000

scripts/setup.sh
command -v wrk >/dev/null || { log "installing wrk"; as_root apt-get install -y -qq wrk; }
log "building the release site"
scripts/build-site.sh --release
BENCH_CLEANUP="$LEPTOS_SITE_ROOT/__bench"
start_release_server WEBRANA_RATE_PUBLIC_PER_MIN=100000000 WEBRANA_RATE_AUTHENTICATED_PER_MIN=100000000 WEBRANA_JOB_POLL_MS=100

# The static ceiling: the exact bytes of `/`, served by the same server as a file.
mkdir -p "$LEPTOS_SITE_ROOT/__bench"
curl -fsS "$BASE/" -o "$LEPTOS_SITE_ROOT/__bench/home.html"
STATIC=/__bench/home.html
html_bytes=$(stat -c %s "$LEPTOS_SITE_ROOT/__bench/home.html")
wasm="$LEPTOS_SITE_ROOT/pkg/$(cat "$LEPTOS_SITE_ROOT/pkg/current")/webrana.wasm"
wasm_raw=$(( $(stat -c %s "$wasm") / 1024 ))
wasm_gz=$(( $(gzip -9 -c "$wasm" | wc -c) / 1024 ))

# A realistic summary request: a demo plan, its first region, its provider's first image and
# 12 months. Without a promo code: a quote with one counts against the client's promo-guessing
# limit (a few a minute), so a load of them from one address is refused by design.
QUOTE_BODY=$(curl -fsS -X POST "$BASE/api/catalog/orderable" | python3 -c '
import json, sys
catalog = json.load(sys.stdin)
plan = catalog["plans"][0]
image = [i for i in catalog["images"] if i["provider_slug"] == plan["provider_slug"]][0]
print("plan=%s&region=%s&image=%s&cycle=12" % (plan["id"], plan["region_ids"][0], image["id"]))
')

# The demo customer orders and pays one VPS through the API (bench/lib.sh); it is then
# copied until the customer has $SERVICES of them.
order_demo_service "$BASE"
services=$(python3 bench/services.py "$WORK/bench.db" "$SERVICE_ID" "$SERVICES")
log "the demo customer has $services services"
STATUS_BODY="id=$SERVICE_ID"
API_KEY=$(scripts/lib/api-key.sh "$BASE" budi@webrana.test rahasia-pelanggan-demo-2026 bench)

rows=()
declare -A RPS
for route in "${ROUTES[@]}" "$STATIC"; do
  body=""; [ "$route" = "$QUOTE" ] && body="$QUOTE_BODY"
  [ "$route" = "$STATUS" ] && body="$STATUS_BODY"
  cookie=""; case "$route" in /dashboard | "$STATUS") cookie="$COOKIE" ;; esac
  auth=""; [ "$route" = "$API_SERVICES" ] && auth="Bearer $API_KEY"
  export BENCH_POST_BODY="$body" BENCH_COOKIE="$cookie" BENCH_AUTHORIZATION="$auth"
  for c in "${CONNECTIONS[@]}"; do
    if [ -n "$body" ]; then
      curl -fsS -o /dev/null -H "cookie: $cookie" -d "$body" "$BASE$route" || die "$route does not answer 200"
    else
      curl -fsS -o /dev/null -H "cookie: $cookie" -H "authorization: $auth" "$BASE$route" || die "$route does not answer 200"
    fi
    wrk -t2 -c"$c" -d5s "$BASE$route" >/dev/null 2>&1  # warm-up
    line=$(wrk -t2 -c"$c" -d"$DURATION" --timeout 10s -s bench/report.lua "$BASE$route" | grep '^RESULT')
    eval "$(echo "$line" | sed 's/^RESULT //')"
    label="$route"
    [ "$route" = "$STATIC" ] && label="/ as static file"
    [ "$route" = "$QUOTE" ] && label="POST $route (order summary)"
    [ "$route" = "/dashboard" ] && label="/dashboard (first page of $SERVICES services)"
    [ "$route" = "$STATUS" ] && label="POST $route (service status, $SERVICES services)"
    [ "$route" = /api/v1/catalog/plans ] && label="API $route (first page, public)"
    [ "$route" = "$API_SERVICES" ] && label="API $route (first page of $SERVICES, API key)"
    rows+=("| \`$label\` | $c | $rps | $p50 | $p95 | $p99 | $errors |")
    RPS["$route:$c"]=$rps
    log "$label c=$c: $rps req/s, p50 $p50 ms, p95 $p95 ms, p99 $p99 ms, errors $errors"
  done
done

# The goals of issue 21: `/` and `/plans` at 60 % of the static row, `/dashboard` at 25 %.
ratios=""
for c in "${CONNECTIONS[@]}"; do
  ratios+="- $c connections:"
  for route in / "/plans?provider=digitalocean&sort=price" /dashboard; do
    ratios+=" \`${route%%\?*}\` $(python3 -c "print(f'{${RPS["$route:$c"]} / ${RPS["$STATIC:$c"]} * 100:.1f}')") %"
  done
  ratios+=$'\n'
done

{
  echo "## HTTP routes"
  echo
  echo "Produced by \`bench/run.sh\` (BENCH_DURATION=$DURATION) on $(date -u +%Y-%m-%d): release build, SQLite,"
  echo "wrk 2 threads on the same $(nproc)-core machine as the server (load generator and server share the CPU),"
  echo "\`RUST_LOG=warn\`. \`/\` is the home page for a visitor who is not signed in ($html_bytes bytes); the static row serves"
  echo "the same bytes as a file through the same server (read from disk for each request)."
  echo '`errors` counts socket errors (connect, read, write, timeout) and non-2xx responses.'
  echo "Browser bundle (release, wasm-opt -Oz): $wasm_raw KiB raw, $wasm_gz KiB gzip."
  echo
  echo "| route | connections | req/s | p50 ms | p95 ms | p99 ms | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Server-rendered pages as a share of the static row's rate:"
  echo
  printf '%s' "$ratios"
} | tee /dev/stderr | record_benchmark http
