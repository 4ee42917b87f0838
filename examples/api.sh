#!/usr/bin/env bash
# Orders a VPS through the WeBrana Cloud REST API, pays for it on the demo's simulated
# gateway, waits until it runs, reboots it and lists the invoices. Needs curl and jq.
#
#   WEBRANA_API_KEY=wbr_… examples/api.sh [BASE_URL]      (default http://127.0.0.1:3000)
#
# It orders from the demo's simulated cloud (`simulated`); set WEBRANA_PROVIDER to order
# from another (digitalocean, vultr, linode) on a real installation.
# The key needs orders:write, billing:write and services:write (Account → API keys). The
# order is sent twice with the same Idempotency-Key, as a client retrying after a lost
# answer would: there is still one order.
set -euo pipefail
base="${1:-http://127.0.0.1:3000}"
key="${WEBRANA_API_KEY:?set WEBRANA_API_KEY to an API key}"
provider="${WEBRANA_PROVIDER:-simulated}"

api() { # METHOD PATH [JSON BODY] [extra curl arguments…]
  local method="$1" path="$2" body="${3:-}"
  shift $(($# < 3 ? $# : 3))
  curl -sS --fail-with-body -X "$method" "$base$path" -H "Authorization: Bearer $key" \
    ${body:+-H "Content-Type: application/json" --data "$body"} "$@"
}

# 1. Something to order: the provider's cheapest plan, its first region, an Ubuntu image.
plan=$(api GET "/api/v1/catalog/plans?provider=$provider&sort=price&limit=1" | jq '.items[0]')
plan_id=$(jq -r .id <<<"$plan")
region_id=$(jq -r '.region_ids[0]' <<<"$plan")
image_id=$(api GET "/api/v1/catalog/images?provider=$provider&limit=100" |
  jq -r '[.items[] | select(.distro | test("ubuntu"; "i"))][0].id // empty')
[ -n "$image_id" ] || image_id=$(api GET "/api/v1/catalog/images?provider=$provider" | jq -r '.items[0].id')
echo "plan $(jq -r .name <<<"$plan") at $provider, region $region_id, image $image_id"

# 2. The order, sent twice with one idempotency key: one order.
idempotency="example-$(date +%s)-$RANDOM"
order_body=$(jq -n --arg plan "$plan_id" --arg region "$region_id" --arg image "$image_id" \
  '{plan_id: $plan, region_id: $region, image_id: $image, hostname: "api-example", cycle_months: 1}')
first=$(api POST /api/v1/orders "$order_body" -H "Idempotency-Key: $idempotency")
again=$(api POST /api/v1/orders "$order_body" -H "Idempotency-Key: $idempotency")
order_id=$(jq -r .id <<<"$first")
[ "$(jq -r .id <<<"$again")" = "$order_id" ] || { echo "the retry made a second order" >&2; exit 1; }
echo "order $(jq -r .reference <<<"$first"): Rp $(jq -r .price.total <<<"$first"), one order for two requests"

# 3. Pay its invoice (QRIS) and, in the demo, have the simulated gateway confirm it.
invoice_id=$(jq -r '.invoices[0].id' <<<"$first")
payment=$(api POST /api/v1/payments "$(jq -n --arg invoice "$invoice_id" '{invoice_id: $invoice, method: "qris"}')")
payment_id=$(jq -r .id <<<"$payment")
if [ "$(jq -r .simulated <<<"$payment")" = true ]; then
  api POST "/api/v1/payments/$payment_id/simulate" '{"outcome": "success"}' -o /dev/null
else
  echo "pay Rp $(jq -r .amount <<<"$payment") to $(jq -r .pay_to <<<"$payment"), then this script goes on"
fi

# 4. Wait until the server runs.
service_id=""
for _ in $(seq 1 120); do
  order=$(api GET "/api/v1/orders/$order_id")
  status=$(jq -r .status <<<"$order")
  service_id=$(jq -r '.service_id // empty' <<<"$order")
  [ "$status" = ACTIVE ] && [ -n "$service_id" ] && break
  case "$status" in CANCELLED | EXPIRED | PROVISIONING_FAILED)
    echo "the order ended $status" >&2; exit 1 ;;
  esac
  sleep 1
done
[ -n "$service_id" ] || { echo "the server was not up in time (order $status)" >&2; exit 1; }
until [ "$(api GET "/api/v1/services/$service_id" | jq -r .power_state)" = running ]; do sleep 1; done
echo "server $service_id is running at $(api GET "/api/v1/services/$service_id" | jq -r .ipv4)"

# 5. Reboot it and wait for the action to finish.
api POST "/api/v1/services/$service_id/actions" '{"action": "reboot"}' -o /dev/null
for _ in $(seq 1 120); do
  action=$(api GET "/api/v1/services/$service_id" | jq -r '.actions[0].status')
  [ "$action" = done ] && break
  [ "$action" != failed ] || { echo "the reboot failed" >&2; exit 1; }
  sleep 1
done
[ "$action" = done ] || { echo "the reboot did not finish in time" >&2; exit 1; }
echo "rebooted"

# 6. The invoices.
api GET /api/v1/invoices | jq -r '.items[] | "\(.number)  \(.status)  Rp \(.total)"'
