"""Drives the two-instance failover test (scripts/failover-test.sh): load through nginx,
one instance killed with SIGKILL, then checks that nothing was lost or done twice.

Usage: failover.py PROXY_URL API_KEY PSQL DATABASE_URL PID_1 LOG_1 PID_2 LOG_2
PROXY_URL is nginx in front of both instances, API_KEY the demo customer's (orders:write,
billing:write, notifications), PID_n and LOG_n each instance's process and log (its job
workers log their ids at start).

The instance killed is the one in the middle of building a server: the test holds a lock on
the simulated cloud's table, so the first provisioning job waits inside the provider call
on whichever instance claimed it; that instance dies there, and the survivor must take the
job over once its lease runs out, without building the server twice. Exits non-zero with
the reason when a check fails; prints what it measured.
"""

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import websockets

proxy, key, psql, database_url = sys.argv[1:5]
instances = [(int(sys.argv[5]), sys.argv[6]), (int(sys.argv[7]), sys.argv[8])]
ORDERS = 4
LOAD_CLIENTS = 8
LOAD_SECONDS = 14
KILL_AFTER = 4
# Pages that read the database; nginx may send a GET that failed on the dead instance to the
# survivor, so none of them should fail.
LOAD_PATHS = ["/plans", "/", "/ready"]


def fail(reason: str):
    print(f"FAILED: {reason}", file=sys.stderr)
    sys.exit(1)


def api(method: str, path: str, body=None, headers=None):
    request = urllib.request.Request(
        proxy + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"authorization": f"Bearer {key}", "content-type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        text = response.read()
        return json.loads(text) if text else None


def sql(query: str) -> str:
    return subprocess.run([psql, database_url, "-tAc", query], check=True, capture_output=True, text=True).stdout.strip()


def workers_of(log_path: str) -> set[str]:
    with open(log_path) as log:
        return set(re.findall(r"worker-[0-9a-f]{32}", "".join(line for line in log if "job worker started" in line)))


def hold_cloud_lock() -> subprocess.Popen:
    """A transaction that keeps the simulated cloud from creating servers until released."""
    holder = subprocess.Popen([psql, database_url, "-q"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    holder.stdin.write("BEGIN; LOCK TABLE simulated_instances IN EXCLUSIVE MODE;\n")
    holder.stdin.flush()
    deadline = time.monotonic() + 10
    while sql("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
              "WHERE c.relname = 'simulated_instances' AND l.mode = 'ExclusiveLock' AND l.granted") != "1":
        if time.monotonic() > deadline:
            fail("could not lock the simulated cloud's table")
        time.sleep(0.05)
    return holder


def release(holder: subprocess.Popen):
    holder.stdin.write("COMMIT;\n")
    holder.stdin.close()
    holder.wait(timeout=10)


def order_and_pay(n: int) -> str:
    plan = api("GET", "/api/v1/catalog/plans?provider=simulated&sort=price&limit=1")["items"][0]
    image = api("GET", "/api/v1/catalog/images?provider=simulated&limit=1")["items"][0]
    body = {
        "plan_id": plan["id"],
        "region_id": plan["region_ids"][0],
        "image_id": image["id"],
        "hostname": f"failover-{n}",
        "cycle_months": 1,
    }
    order = api("POST", "/api/v1/orders", body, {"idempotency-key": f"failover-{os.getpid()}-{n}"})
    payment = api("POST", "/api/v1/payments", {"invoice_id": order["invoices"][0]["id"], "method": "qris"})
    api("POST", f"/api/v1/payments/{payment['id']}/simulate", {"outcome": "success"})
    return order["id"]


# --- load: clients requesting pages through the proxy, every answer recorded ----------
results = []  # (finished at, ok, what)
results_lock = threading.Lock()
stop_load = threading.Event()


def load_client(n: int):
    i = n
    while not stop_load.is_set():
        path = LOAD_PATHS[i % len(LOAD_PATHS)]
        i += 1
        try:
            with urllib.request.urlopen(proxy + path, timeout=10) as response:
                response.read()
                ok, what = response.status == 200, str(response.status)
        except urllib.error.HTTPError as error:
            ok, what = False, f"{error.code} {path}"
        except Exception as error:  # connection reset, timeout: a lost request
            ok, what = False, f"{type(error).__name__} {path}"
        with results_lock:
            results.append((time.monotonic(), ok, what))


# --- push: a socket through the proxy that reconnects as a browser tab does -------------
pushed = []  # notification titles received
socket_opens = []


async def listen(deadline: float):
    url = proxy.replace("http://", "ws://") + "/api/v1/notifications/socket"
    while time.monotonic() < deadline:
        try:
            async with websockets.connect(url, additional_headers={"authorization": f"Bearer {key}"}, open_timeout=5) as socket:
                socket_opens.append(time.monotonic())
                while time.monotonic() < deadline:
                    message = json.loads(await asyncio.wait_for(socket.recv(), timeout=max(0.1, deadline - time.monotonic())))
                    if message.get("event") == "notification:new":
                        pushed.append((time.monotonic(), message))
        except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException):
            await asyncio.sleep(0.5)


def main():
    listener = threading.Thread(target=lambda: asyncio.run(listen(time.monotonic() + 90)), daemon=True)
    listener.start()
    time.sleep(1)
    if not socket_opens:
        fail("the notification socket did not open through the proxy")

    holder = hold_cloud_lock()
    orders = [order_and_pay(n) for n in range(ORDERS // 2)]
    # The first provisioning job to reach the provider waits there: its instance is the victim.
    deadline = time.monotonic() + 30
    held = ""
    while not held:
        held = sql("SELECT id || ' ' || locked_by FROM jobs WHERE kind = 'provisioning.run' AND status = 'running' LIMIT 1")
        if time.monotonic() > deadline:
            fail("no provisioning job started")
        time.sleep(0.05)
    held_job, held_by = held.split()
    victims = [pid for pid, log in instances if held_by in workers_of(log)]
    if len(victims) != 1:
        fail(f"the job's worker {held_by} is not in exactly one instance's log")
    victim = victims[0]
    print(f"job {held_job} is building a server on instance {victim}: killing it under load")

    clients = [threading.Thread(target=load_client, args=(n,), daemon=True) for n in range(LOAD_CLIENTS)]
    for client in clients:
        client.start()
    time.sleep(KILL_AFTER)
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    time.sleep(0.5)
    release(holder)
    # Orders placed after the death: the survivor takes them, and its jobs pay and build them.
    time.sleep(1)
    orders += [order_and_pay(n) for n in range(ORDERS // 2, ORDERS)]
    time.sleep(max(0, LOAD_SECONDS - KILL_AFTER - 1))
    stop_load.set()
    for client in clients:
        client.join()

    failed = [(at - killed_at, what) for at, ok, what in results if not ok]
    print(f"{len(results)} requests through the proxy, {len(failed)} failed; killed after {KILL_AFTER} s")
    for offset, what in failed:
        print(f"  failed {offset:+.2f} s from the kill: {what}")
    # At most the requests in flight on the dead instance when it died: one per client.
    if len(failed) > LOAD_CLIENTS:
        fail(f"{len(failed)} requests failed, more than the {LOAD_CLIENTS} that could be in flight")
    if any(offset > 2 for offset, _ in failed):
        fail("requests still failed more than 2 s after the kill")
    after = [at for at, ok, _ in results if ok and at > killed_at + 1]
    if not after:
        fail("no request succeeded after the kill")

    # Every order ends ACTIVE, with one service and one server: jobs the dead instance held
    # are taken over after their lease, and none runs twice.
    deadline = time.monotonic() + 60
    statuses = {}
    while time.monotonic() < deadline:
        statuses = {order: api("GET", f"/api/v1/orders/{order}")["status"] for order in orders}
        if all(status == "ACTIVE" for status in statuses.values()):
            break
        time.sleep(1)
    print(f"orders: {statuses}")
    if not all(status == "ACTIVE" for status in statuses.values()):
        fail(f"not every order became ACTIVE: {statuses}")
    ids = ",".join(f"'{order}'" for order in orders)
    services = sql(f"SELECT count(*) FROM services WHERE order_id IN ({ids})")
    servers = sql(f"SELECT count(*) FROM simulated_instances WHERE state <> 'deleted' AND hostname LIKE 'failover-%'")
    payments = sql(f"SELECT count(*) FROM invoices WHERE order_id IN ({ids}) AND status = 'paid'")
    print(f"services {services}, servers {servers}, paid invoices {payments}")
    if (services, servers, payments) != (str(ORDERS),) * 3:
        fail(f"expected {ORDERS} services, servers and paid invoices")
    # The job the dead instance held was taken over: a second attempt, by another worker.
    status, attempts = sql(f"SELECT status || ' ' || attempts FROM jobs WHERE id = '{held_job}'").split()
    print(f"the dead instance's job: {status} after {attempts} attempts")
    if status != "succeeded" or int(attempts) < 2:
        fail(f"the dead instance's job was not taken over ({status}, {attempts} attempts)")
    if sql("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running') AND run_at < now() - interval '30 seconds'") != "0":
        fail("jobs are stuck in the queue")

    # Push went on: the survivor's socket got the notifications of what happened after.
    time.sleep(2)
    late = [message for at, message in pushed if at > killed_at]
    print(f"socket opened {len(socket_opens)} times; {len(late)} notifications pushed after the kill")
    if not late:
        fail("no notification was pushed after the kill")
    print("failover: OK")


main()
