#!/usr/bin/env python3
"""Fails when a database table is written from more than one capability folder.

The rule (docs/ARCHITECTURE.md, "One owner per table"): every table has one folder whose
store module holds the statements that change it; others call that module. Reads may join
other tables (a list with the customer's e-mail), writes may not leave their folder, so a
rule about a row (a service is suspended only while active) lives in one place.

A write is `INSERT INTO t`, `UPDATE t` (not `DO UPDATE SET` or `FOR UPDATE`) or
`DELETE FROM t` in a string of a file under app/src. Tables are matched by name, not parsed.

Usage: scripts/check-table-owners.py [SRC_DIR]   (default app/src); prints every table
with more than one writing folder and the files that write it.
"""
import os
import re
import sys
from collections import defaultdict

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "app", "src")
WRITE = re.compile(r"(?<!DO )(?<!FOR )\b(?:INSERT INTO|UPDATE|DELETE FROM)\s+([a-z_]+)\b")


def main():
    writers = defaultdict(lambda: defaultdict(set))
    for root, _, files in os.walk(SRC):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            relative = os.path.relpath(path, SRC)
            folder = relative.split(os.sep)[0].removesuffix(".rs")
            with open(path, encoding="utf-8") as source:
                text = source.read()
            for table in WRITE.findall(text):
                writers[table][folder].add(relative)
    shared = {table: folders for table, folders in writers.items() if len(folders) > 1}
    for table, folders in sorted(shared.items()):
        files = ", ".join(sorted(f for paths in folders.values() for f in paths))
        print(f"table {table} is written from {len(folders)} folders: {files}")
    print(f"tables: {len(writers)} written, {len(shared)} from more than one folder")
    return 1 if shared else 0


if __name__ == "__main__":
    sys.exit(main())
