"""The load run's chart (bench/load.sh): request latency p50/p95 per 10 s window, and the
server's memory and users in flight, over the run; and the memory figures it reports.
Usage: LOAD_SECONDS=600 load-chart.py SAMPLES_CSV OUT_PNG   (prints the memory figures as key=value)"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

samples_csv, out_png = sys.argv[1], sys.argv[2]
WINDOW = 10
latency, memory = {}, []
for row in csv.DictReader(open(samples_csv)):
    if row["kind"] == "request":
        latency.setdefault(int(float(row["second"]) // WINDOW), []).append(float(row["value"]))
    else:
        memory.append((int(row["second"]), int(row["value"]) / 1024, int(row["status"])))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


windows = sorted(latency)
seconds = [w * WINDOW for w in windows]
figure, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True)
top.plot(seconds, [percentile(latency[w], 50) for w in windows], label="p50")
top.plot(seconds, [percentile(latency[w], 95) for w in windows], label="p95")
top.axhline(500, color="tab:red", linestyle="--", linewidth=1, label="goal: p95 500 ms")
top.set_ylabel(f"latency per {WINDOW} s, ms")
top.set_yscale("log")
top.legend(loc="upper right")
top.grid(True, alpha=0.3)
bottom.plot([m[0] for m in memory], [m[1] for m in memory], color="tab:green", label="server RSS, MiB")
bottom.set_ylabel("server RSS, MiB")
bottom.set_ylim(bottom=0)
bottom.set_xlabel("seconds since the first user arrived")
flying = bottom.twinx()
flying.plot([m[0] for m in memory], [m[2] for m in memory], color="tab:gray", alpha=0.6, label="users in flight")
flying.set_ylabel("users in flight")
flying.set_ylim(bottom=0)
bottom.legend(loc="upper left")
flying.legend(loc="lower right")
bottom.grid(True, alpha=0.3)
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
    f"rss_after_mib={memory[-1][1]:.0f} rss_max_mib={max(m[1] for m in memory):.0f}"
)
