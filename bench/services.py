"""Gives the demo customer a large control panel for bench/run.sh: copies one real order and
its service (made through the API beforehand) until the customer has `count` services.
Usage: python3 bench/services.py <sqlite file> <service id> <count>"""
import sqlite3
import sys
import uuid

path, service_id, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(path)
db.row_factory = sqlite3.Row


def copy(table, row, changes):
    values = dict(row)
    values.update(changes)
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))


service = db.execute("SELECT * FROM services WHERE id = ?", (service_id,)).fetchone()
order = db.execute("SELECT * FROM orders WHERE id = ?", (service["order_id"],)).fetchone()
have = db.execute("SELECT COUNT(*) FROM services WHERE user_id = ?", (service["user_id"],)).fetchone()[0]
for n in range(have, count):
    order_id = str(uuid.uuid4())
    copy("orders", order, {"id": order_id, "idempotency_key": f"bench-{n}", "hostname": f"bench-{n:04d}"})
    copy("services", service, {"id": str(uuid.uuid4()), "order_id": order_id, "hostname": f"bench-{n:04d}"})
db.commit()
print(db.execute("SELECT COUNT(*) FROM services WHERE user_id = ?", (service["user_id"],)).fetchone()[0])
