"""Time the corrected analyses on the real data (run after `make data`): the headline set
(`corrected_numbers`) and the full break analysis with its date intervals.

    python bench/bench_corrected.py [--n-boot N] [--repeat R]
"""

from __future__ import annotations

import argparse
import time

from aigrowth.breaks import break_analysis
from aigrowth.constants import N_BOOT
from aigrowth.corrected import corrected_numbers
from aigrowth.data import load


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
        numbers = corrected_numbers(ds, n_boot=args.n_boot)
        print(f"corrected_numbers run {i + 1}: {time.perf_counter() - started:.2f} s "
              f"({len(numbers)} numbers, n_boot={args.n_boot})")
    started = time.perf_counter()
    break_analysis(ds.models, n_boot=args.n_boot // 2, n_boot_dates=200)
    print(f"break_analysis (tests with {args.n_boot // 2}, dates with 200 resamples): "
          f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
