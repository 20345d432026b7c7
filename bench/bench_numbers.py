"""Time `headline_numbers` on the real data (run after `make data`).

    python bench/bench_numbers.py [--n-boot N] [--repeat R]
"""

from __future__ import annotations

import argparse
import time

from aigrowth.constants import N_BOOT
from aigrowth.data import load
from aigrowth.numbers import headline_numbers


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
        numbers = headline_numbers(ds, n_boot=args.n_boot)
        elapsed = time.perf_counter() - started
        print(f"headline_numbers run {i + 1}: {elapsed:.2f} s ({len(numbers)} numbers, "
              f"n_boot={args.n_boot})")


if __name__ == "__main__":
    main()
