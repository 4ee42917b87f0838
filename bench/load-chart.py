"""The load run's chart (bench/load.sh): request latency p50/p95 per 10 s window, the server's
memory and users in flight, and the SQLite write-ahead log's size and the job queue's wait, over the
run; and the memory, log and queue figures it reports.
Usage: LOAD_SECONDS=600 load-chart.py SAMPLES_CSV OUT_PNG   (prints the memory figures as key=value)"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

samples_csv, out_png = sys.argv[1], sys.argv[2]
WINDOW = 10
latency, memory, storage = {}, [], []
for row in csv.DictReader(open(samples_csv)):
    if row["kind"] == "request":
        latency.setdefault(int(float(row["second"]) // WINDOW), []).append(float(row["value"]))
    elif row["kind"] == "memory":
        memory.append((int(row["second"]), int(row["value"]) / 1024, int(row["status"])))
    else:
        queued, wait = row["status"].split("/")
        storage.append((int(row["second"]), int(row["value"]) / 1024, float(wait), int(queued)))
storage.sort()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


windows = sorted(latency)
seconds = [w * WINDOW for w in windows]
figure, (top, bottom, log) = plt.subplots(3, 1, figsize=(10, 9), sharex=True)
top.plot(seconds, [percentile(latency[w], 50) for w in windows], label="p50")
top.plot(seconds, [percentile(latency[w], 95) for w in windows], label="p95")
top.axhline(500, color="tab:red", linestyle="--", linewidth=1, label="goal: p95 500 ms")
top.set_ylabel(f"latency per {WINDOW} s, ms")
top.set_yscale("log")
top.legend(loc="upper right")
top.grid(True, alpha=0.3)


def two_scales(axis, rows, left, right):
    """One panel of `rows` (second, left value, right value): the left series on the panel's
    own axis, the right one on a second axis; each (label, colour), both from zero."""
    seconds = [row[0] for row in rows]
    other = axis.twinx()
    for column, side, (label, colour), where in ((1, axis, left, "upper left"), (2, other, right, "lower right")):
        side.plot(seconds, [row[column] for row in rows], color=colour, label=label)
        side.set_ylabel(label)
        side.set_ylim(bottom=0)
        side.legend(loc=where)
    axis.grid(True, alpha=0.3)


two_scales(bottom, memory, ("server RSS, MiB", "tab:green"), ("users in flight", "tab:gray"))
two_scales(log, storage, ("SQLite write-ahead log, MiB", "tab:purple"), ("oldest due job's wait, s", "tab:orange"))
log.set_xlabel("seconds since the first user arrived")
figure.suptitle("bench/load.sh: the customer journey, open loop")
figure.tight_layout()
figure.savefig(out_png, dpi=100)

# Memory once the users in flight have ramped up (the second minute), in the last minute of
# arrivals, and after the last user left: flat means the first two agree and the last is
# back near idle.
arrivals = int(os.environ.get("LOAD_SECONDS", "600"))


def mean_rss(start, end):
    values = [m[1] for m in memory if start <= m[0] < end] or [memory[-1][1]]
    return sum(values) / len(values)


print(
    f"rss_second_min_mib={mean_rss(60, 120):.0f} rss_last_min_mib={mean_rss(arrivals - 60, arrivals):.0f} "
    f"rss_after_mib={memory[-1][1]:.0f} rss_max_mib={max(m[1] for m in memory):.0f} "
    f"wal_max_mib={max((s[1] for s in storage), default=0):.1f} wal_last_mib={storage[-1][1] if storage else 0:.1f} "
    f"queued_max={max((s[3] for s in storage), default=0)} job_wait_max_s={max((s[2] for s in storage), default=0):.1f}"
)
