"""Time the headline numbers and claims on the real data (run after `make data`): the whole
spec (`aigrowth.numbers.compute`: trends, derived numbers with the break analysis, every claim),
the break analysis alone, and the cached read a chapter's kernel does.

    python bench/bench_corrected.py [--n-boot N] [--repeat R]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from aigrowth.breaks import break_analysis
from aigrowth.constants import N_BOOT
from aigrowth.data import load
from aigrowth.numbers import compute
from aigrowth.numbers_cache import cached_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n-boot", type=int, default=N_BOOT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    ds = load()
    print(f"load: {time.perf_counter() - started:.2f} s")
    for i in range(args.repeat):
        started = time.perf_counter()
        results = compute(ds, n_boot=args.n_boot)
        print(f"numbers.compute run {i + 1}: {time.perf_counter() - started:.2f} s "
              f"({len(results.entries)} numbers, {len(results.claim_list)} claims, n_boot={args.n_boot})")
    started = time.perf_counter()
    break_analysis(ds.models, n_boot=args.n_boot // 2 - 1, n_boot_dates=args.n_boot // 5)
    print(f"break_analysis (tests with {args.n_boot // 2 - 1}, dates with {args.n_boot // 5} resamples): "
          f"{time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        cached_results(ds, n_boot=args.n_boot, folder=Path(folder))
        started = time.perf_counter()
        cached_results(ds, n_boot=args.n_boot, folder=Path(folder))
        print(f"cached read (what each chapter's kernel does): {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
