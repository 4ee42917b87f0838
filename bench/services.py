"""Copies of one real service (ordered and paid through the API beforehand), for the benchmarks.
  python3 bench/services.py <sqlite file> <service id> <count>
    bench/run.sh: the service's owner gets copies until it has `count` services (a large
    control panel); prints how many it has.
  python3 bench/services.py --customers <sqlite file> <service id> <count> <out json>
    bench/load.sh: `count` new customers (the demo customer's password) with one copy each;
    writes [{"email", "service"}] for bench/load.mjs."""
import json
import sqlite3
import sys
import uuid

from push import create_customers

customers_mode = sys.argv[1] == "--customers"
args = sys.argv[2:] if customers_mode else sys.argv[1:]
path, service_id, count = args[0], args[1], int(args[2])
db = sqlite3.connect(path)
db.row_factory = sqlite3.Row


def copy(table, row, changes):
    values = dict(row)
    values.update(changes)
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))


def copy_service(n, changes):
    """One more order and service like the original, with `changes` to both; the new service's id."""
    order_id, new_id = str(uuid.uuid4()), str(uuid.uuid4())
    copy("orders", order, {"id": order_id, "idempotency_key": f"bench-{n}", "hostname": f"bench-{n:04d}", **changes})
    copy("services", service, {"id": new_id, "order_id": order_id, "hostname": f"bench-{n:04d}", **changes})
    return new_id


service = db.execute("SELECT * FROM services WHERE id = ?", (service_id,)).fetchone()
order = db.execute("SELECT * FROM orders WHERE id = ?", (service["order_id"],)).fetchone()
if customers_mode:
    emails = create_customers(f"sqlite://{path}", count)
    owners = dict(db.execute(f"SELECT email, id FROM users WHERE email IN ({', '.join('?' for _ in emails)})", emails).fetchall())
    made = [{"email": email, "service": copy_service(n, {"user_id": owners[email]})} for n, email in enumerate(emails)]
    db.commit()
    json.dump(made, open(args[3], "w"))
    print(len(made))
else:
    have = db.execute("SELECT COUNT(*) FROM services WHERE user_id = ?", (service["user_id"],)).fetchone()[0]
    for n in range(have, count):
        copy_service(n, {})
    db.commit()
    print(db.execute("SELECT COUNT(*) FROM services WHERE user_id = ?", (service["user_id"],)).fetchone()[0])
