#!/usr/bin/env python3
"""Draws a soak run's CSV (written by io.streamtrain.bench.soak.SoakBenchmark) as one PNG of four panels.

Usage: python3 plot_soak.py SOAK.csv OUT.png   (Debian: apt-get install python3-matplotlib)
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {key: [float(row[key]) for row in rows] for key in rows[0]}


def present(xs, ys):
    """Samples without a value (-1) are left out."""
    pairs = [(x, y) for x, y in zip(xs, ys) if y >= 0]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def main(source, target):
    data = read(source)
    minutes = [s / 60 for s in data["elapsed_s"]]
    fig, axes = plt.subplots(4, 1, figsize=(9, 11), sharex=True)

    axes[0].plot(minutes, data["heap_after_gc_mb"], color="tab:blue", label="streamtrain services + load generator")
    if "broker_heap_after_gc_mb" in data and min(data["broker_heap_after_gc_mb"]) >= 0:
        axes[0].plot(minutes, data["broker_heap_after_gc_mb"], color="tab:gray", label="Kafka broker (own JVM)")
    axes[0].set_ylabel("heap after GC (MB)")
    axes[0].set_ylim(bottom=0)
    axes[0].legend(loc="lower right", fontsize="small")

    axes[1].plot(minutes, data["streams_lag"], label="streams-app (input records)")
    axes[1].plot(minutes, data["trainer_lag"], label="trainer (batch messages)")
    axes[1].plot(minutes, data["scorer_lag"], label="scorer (score requests)")
    axes[1].set_ylabel("consumer lag")
    # The streams-app's lag is in records, the others' in messages: a log scale shows all three.
    axes[1].set_yscale("symlog", linthresh=10)
    axes[1].set_ylim(bottom=0)
    axes[1].legend(loc="upper right", fontsize="small")

    axes[2].plot(*present(minutes, data["request_p50_ms"]), label="p50")
    axes[2].plot(*present(minutes, data["request_p99_ms"]), label="p99")
    axes[2].set_ylabel("score request to\nprediction (ms)")
    axes[2].set_ylim(bottom=0)
    axes[2].legend(loc="upper right", fontsize="small")

    freshness = present(minutes, data["model_freshness_ms"])
    axes[3].plot(*freshness, marker="o", linestyle="-", markersize=3, color="tab:green")
    if not freshness[0]:
        # Windows that close on window.max.records end in the future: window end to serving does not apply.
        axes[3].text(0.5, 0.5, "no window closed on time (all closed on window.max.records)", ha="center",
                     va="center", transform=axes[3].transAxes, fontsize="small")
    axes[3].set_ylabel("window end to model\nserved (ms)")
    axes[3].set_ylim(bottom=0)
    axes[3].set_xlabel("minutes of load")

    rate = sorted(data["records_per_s"])[len(data["records_per_s"]) // 2]
    fig.suptitle("streamtrain soak: %.0f input records/s" % rate)
    fig.tight_layout()
    fig.savefig(target, dpi=90)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
