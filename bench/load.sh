#!/usr/bin/env bash
# Open-loop load and soak: virtual users arrive at a fixed rate for a fixed time and each walks
# the customer journey (landing -> plans -> sign in -> dashboard -> service status polls every
# 5 s), against the release server on SQLite with 1000 customers of one service each
# (bench/load.mjs). At 20 users a second and a journey of about 50 s, about 1000 users are in
# flight at once. Goals (issue 21): p95 under 500 ms and no errors with 1000 users in flight;
# over a 10-minute run the server's memory stays flat. Writes the figures and a chart
# (docs/load.png: latency, memory, SQLite's write-ahead log and the job queue over time,
# bench/load-chart.py) to docs/BENCHMARKS.md.
#   bench/load.sh                          10 minutes at 20 users/s
#   LOAD_SECONDS=120 bench/load.sh         a shorter run
# What a user downloads is the HTML and the API answers; the hashed assets are immutable and
# cached after a first visit, and are measured by the browser tests' weight budgets instead.
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/lib.sh"

export LOAD_RATE="${LOAD_RATE:-20}" LOAD_SECONDS="${LOAD_SECONDS:-600}" LOAD_POLLS="${LOAD_POLLS:-10}" LOAD_POLL_SECONDS="${LOAD_POLL_SECONDS:-5}"
CUSTOMERS=1000
CHART_VENV="$HOME/.cache/webrana/bench-chart-1"

scripts/setup.sh
if [ ! -x "$CHART_VENV/bin/python" ] || ! "$CHART_VENV/bin/python" -c 'import matplotlib' 2>/dev/null; then
  log "installing matplotlib into $CHART_VENV (the chart)"
  rm -rf "$CHART_VENV"
  /usr/bin/python3 -m venv "$CHART_VENV"
  "$CHART_VENV/bin/pip" install -q --disable-pip-version-check "matplotlib==3.9.2"
fi
# Every user comes from an address of its own (X-Forwarded-For, trusted from loopback), so
# the per-address limits apply to each as they would in production; none is lifted.
start_release_server WEBRANA_TRUSTED_PROXIES=127.0.0.1

order_demo_service "$BASE"
made=$(python3 bench/services.py --customers "$WORK/bench.db" "$SERVICE_ID" "$CUSTOMERS" "$WORK/customers.json")
log "$made customers with a service each; $LOAD_RATE users/s for $LOAD_SECONDS s, $LOAD_POLLS status polls $LOAD_POLL_SECONDS s apart"
rss_idle=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
node bench/load.mjs "$BASE" "$WORK/customers.json" "$SERVER_PID" "$WORK/samples.csv" "$WORK/bench.db" | tee "$WORK/result.txt"
"$CHART_VENV/bin/python" bench/load-chart.py "$WORK/samples.csv" docs/load.png | tee "$WORK/memory.txt"

python3 - "$WORK/result.txt" "$WORK/memory.txt" "$rss_idle" <<'PY' | tee /dev/stderr | record_benchmark load
import os, subprocess, sys
results = [dict(part.split("=", 1) for part in line.split()[1:]) for line in open(sys.argv[1]) if line.startswith("RESULT")]
memory = dict(part.split("=", 1) for part in open(sys.argv[2]).read().split())
idle_mib = int(sys.argv[3]) // 1024
steps = [r for r in results if "step" in r]
run = next(r for r in results if "users" in r)
env = os.environ
date = subprocess.run(["date", "-u", "+%Y-%m-%d"], capture_output=True, text=True).stdout.strip()
print("## Load: the customer journey, open loop")
print()
print(f"Produced by `bench/load.sh` on {date}: release build on SQLite, {env['LOAD_RATE']} new users a second for "
      f"{env['LOAD_SECONDS']} s (open loop: arrivals on a fixed schedule, whatever the answers), each walking "
      f"landing -> plans -> sign in -> dashboard -> {env['LOAD_POLLS']} service status polls {env['LOAD_POLL_SECONDS']} s apart, "
      f"as one of 1000 customers with one service each, from an address of its own; the load generator "
      f"(bench/load.mjs, Node.js) on the same {os.cpu_count()}-core machine. Goals (issue 21): p95 under 500 ms and "
      f"no errors with 1000 users in flight; server memory flat over 10 minutes.")
print()
print(f"{run['users']} users, {run['done']} finished; at most {run['peak_in_flight']} in flight at once; {run['seconds']} s in all.")
print()
print("| step | requests | errors | p50 ms | p95 ms | p99 ms | max ms |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in steps:
    print(f"| {r['step']} | {r['requests']} | {r['errors']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['max_ms']} |")
print()
print(f"Server memory (RSS, mean of the samples each second): {idle_mib} MiB idle before the run; "
      f"{memory['rss_second_min_mib']} MiB in the second minute (users in flight ramped up), "
      f"{memory['rss_last_min_mib']} MiB in the last minute of arrivals, {memory['rss_after_mib']} MiB after the last "
      f"user left; {memory['rss_max_mib']} MiB at most.")
print()
print(f"SQLite's write-ahead log (sampled each second): {memory['wal_max_mib']} MiB at most, {memory['wal_last_mib']} MiB "
      f"at the end. The job queue (the server's /metrics, each second): {memory['queued_max']} jobs queued at most (due now or "
      f"later), the job due longest waited {memory['job_wait_max_s']} s at most. A log that keeps growing means checkpoints "
      f"cannot finish under the readers; a growing wait means the workers fall behind.")
print()
print("![Latency, memory, write-ahead log and job queue over the run](load.png)")
PY
