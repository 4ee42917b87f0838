"""Push benchmark: 1000 WebSocket clients on one or more instances, one announcement to all.

Usage: push.py BASE_URLS DATABASE_URL SERVER_PIDS SOCKETS
BASE_URLS and SERVER_PIDS are comma-separated, one per instance. Creates customers straight
in the database (SQLite through Python, PostgreSQL through psql; the demo customer's
password hash, so no hashing per account), signs each in and the demo admin too, then
hands the sessions to bench/push-clients.mjs, which opens SOCKETS sockets (BENCH_PER_USER
per customer, default 8: the per-user limit), has the admin send an announcement to
everyone and times each socket's `notification:new`; it prints one `RESULT key=value ...`
line.
"""

import base64
import hashlib
import hmac
import json
import os
import sqlite3
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid


# Sockets per customer: 1 (a notification per socket) up to 8 (the server's per-user limit).
PER_USER = int(os.environ.get("BENCH_PER_USER", "8"))
ADMIN = ("admin@webrana.test", "rahasia-admin-demo-2026", "WEBRANADEMOADMINTOTPSECRETKEY234")


def totp(secret: str) -> str:
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    offset = digest[19] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def post(base, path, form, cookie=None, ip="127.0.0.1"):
    request = urllib.request.Request(
        base + path,
        data=urllib.parse.urlencode(form).encode(),
        headers={"accept": "application/json", "x-forwarded-for": ip, **({"cookie": cookie} if cookie else {})},
    )
    with urllib.request.urlopen(request) as response:
        set_cookie = response.headers.get("set-cookie")
        return response.read(), (set_cookie.split(";")[0] if set_cookie else cookie)


def create_customers(database_url: str, count: int) -> list[str]:
    emails = [f"push-{n}@bench.test" for n in range(count)]
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    if database_url.startswith("sqlite://"):
        db = sqlite3.connect(database_url.removeprefix("sqlite://"), timeout=30)
        (password_hash,) = db.execute("SELECT password_hash FROM users WHERE email = 'budi@webrana.test'").fetchone()
        db.executemany(
            "INSERT INTO users (id, email, name, password_hash, role, email_verified_at, created_at, updated_at, language) "
            "VALUES (?, ?, ?, ?, 'customer', ?, ?, ?, 'id')",
            [(str(uuid.uuid4()), email, "Bench", password_hash, now, now, now) for email in emails],
        )
        db.commit()
    else:
        rows = ",".join(f"('{uuid.uuid4()}', '{email}')" for email in emails)
        sql = (
            "INSERT INTO users (id, email, name, password_hash, role, email_verified_at, created_at, updated_at, language) "
            f"SELECT v.id, v.email, 'Bench', u.password_hash, 'customer', now(), now(), now(), 'id' "
            f"FROM (VALUES {rows}) AS v(id, email), users u WHERE u.email = 'budi@webrana.test'"
        )
        psql = os.path.join(os.environ.get("PG_BIN", "/usr/bin"), "psql")
        subprocess.run([psql, "-q", "-v", "ON_ERROR_STOP=1", database_url], input=sql.encode(), check=True)
    return emails


def main():
    bases, database_url, pids, sockets = sys.argv[1].split(","), sys.argv[2], sys.argv[3].split(","), int(sys.argv[4])
    base = bases[0]
    users = (sockets + PER_USER - 1) // PER_USER
    emails = create_customers(database_url, users)
    cookies = []
    for n, email in enumerate(emails):
        _, cookie = post(base, "/api/auth/login", {"email": email, "password": "rahasia-pelanggan-demo-2026"}, ip=f"10.77.{n // 250}.{n % 250}")
        cookies.append(cookie)
    _, admin = post(base, "/api/auth/login", {"email": ADMIN[0], "password": ADMIN[1]}, ip="10.78.0.1")
    _, admin = post(base, "/api/auth/login-2fa", {"code": totp(ADMIN[2])}, cookie=admin, ip="10.78.0.1")

    clients = {
        "bases": bases,
        "pids": pids,
        "cookies": cookies,
        "admin": admin,
        "perUser": PER_USER,
        "sockets": sockets,
        "announcement": {
            "title_id": "Uji beban",
            "title_en": "Load test",
            "body_id": "Satu pengumuman untuk semua.",
            "body_en": "One announcement for all.",
            "severity": "info",
            "audience": "all",
            "banner_days": "0",
        },
    }
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "push-clients.mjs")
    subprocess.run(["node", script], input=json.dumps(clients).encode(), check=True)


if __name__ == "__main__":
    main()
