"""Times the admin home on a database with a generated history (bench/analytics.sh): signs
in as the demo admin (password, then the TOTP code of its public demo secret), then asks for
the business report over each preset period and the attention counts, one request at a time
as staff would, and prints p50/p95/max per request in milliseconds as Markdown table rows.
Usage: python3 bench/analytics.py BASE_URL ENGINE ROUNDS"""
import base64
import hashlib
import hmac
import http.cookiejar
import struct
import sys
import time
import urllib.parse
import urllib.request

base, engine, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
SECRET = "WEBRANADEMOADMINTOTPSECRETKEY234"  # server/src/seed/mod.rs, public by design
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def post(path, **fields):
    request = urllib.request.Request(base + path, data=urllib.parse.urlencode(fields).encode(), method="POST")
    with opener.open(request) as answer:
        return answer.read()


def totp(secret):
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), counter, hashlib.sha1).digest()
    offset = digest[19] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


post("/api/auth/login", email="admin@webrana.test", password="rahasia-admin-demo-2026")
post("/api/auth/login-2fa", code=totp(SECRET))

requests = [
    ("report, 7 days", "/api/admin/analytics", {"days": "7"}),
    ("report, 30 days", "/api/admin/analytics", {"days": "30"}),
    ("report, 90 days", "/api/admin/analytics", {"days": "90"}),
    ("report, 12 months", "/api/admin/analytics", {"days": "365"}),
    ("report, 2 years by month", "/api/admin/analytics", {"days": "730", "grain": "month"}),
    ("attention counts", "/api/admin/attention", {}),
]
for label, path, fields in requests:
    post(path, **fields)  # warm the connection pool and page cache
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        post(path, **fields)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50, p95 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"| {engine} | {label} | {rounds} | {p50:.1f} | {p95:.1f} | {times[-1]:.1f} |")
