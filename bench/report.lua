-- wrk reporter: prints one machine-readable line with throughput, latency percentiles and
-- errors, for bench/run.sh to turn into the table in docs/BENCHMARKS.md. With BENCH_POST_BODY
-- set, every request is a form POST of that body; with BENCH_COOKIE, it carries that cookie
-- (a signed-in customer); with BENCH_AUTHORIZATION, that Authorization header (an API key).
local body = os.getenv("BENCH_POST_BODY")
local cookie = os.getenv("BENCH_COOKIE")
local authorization = os.getenv("BENCH_AUTHORIZATION")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
if body and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT rps=%.0f p50=%.2f p95=%.2f p99=%.2f errors=%d requests=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end
