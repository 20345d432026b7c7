"""Benchmark: time and peak memory to load, validate and merge every source from data/raw.

Prints one line per measure. Imports are timed apart from the work itself; the build is run
several times in fresh caches and the median reported (goal: under 1 s on 2 cores)."""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

start = time.perf_counter()
from aigrowth.data import build  # noqa: E402
from aigrowth.paths import raw_dir  # noqa: E402

import_seconds = time.perf_counter() - start


def main(repeats: int = 5) -> int:
    raw = Path(sys.argv[1]) if len(sys.argv) > 1 else raw_dir()
    if not (raw / "epoch" / "all_ai_models.csv").exists():
        print("bench_data: no data in data/raw (run `make data`)", file=sys.stderr)
        return 1
    build(raw)  # warm the country lookups and file cache once
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        dataset = build(raw)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    build(raw)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"data: import aigrowth.data            {import_seconds:8.2f} s")
    print(f"data: load, validate, merge (median)  {statistics.median(times):8.2f} s   (min {min(times):.2f}, n={repeats})")
    print(f"data: peak traced memory during build {peak / 2**20:8.1f} MiB")
    print(f"data: merged table                    {len(dataset.models):8,d} rows x {dataset.models.shape[1]} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
