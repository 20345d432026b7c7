"""The corrected headline numbers, each as an `Estimate`, in one place
so numbers.json can take them as they are.

`corrected_numbers(ds)` returns {key: Estimate}. Each function it calls is documented where it
lives (breaks, literature, records, controls, chips, gaps).
"""

from __future__ import annotations

from typing import Any

from aigrowth.breaks import compute_break_count
from aigrowth.chips import chip_price_performance_growth_per_year_fp32
from aigrowth.constants import N_BOOT, SEED
from aigrowth.controls import export_controls_restrictive_total
from aigrowth.estimate import Estimate
from aigrowth.gaps import gap_change
from aigrowth.literature import (
    compute_growth_per_year_notable_2010_2024,
    compute_growth_per_year_top10_since_2018,
    cost_growth_per_year_frontier_2016_2023,
    record_doubling_months_2012_2017,
)
from aigrowth.records import record_range


def corrected_numbers(ds: Any, n_boot: int = N_BOOT, seed: int = SEED) -> dict[str, Estimate]:
    """Every corrected headline number from a loaded `Dataset`. The break tests use half of
    `n_boot` resamples (each is a full grid search)."""
    m = ds.models
    estimates = [
        compute_growth_per_year_notable_2010_2024(m, n_boot, seed),
        compute_growth_per_year_top10_since_2018(m, n_boot, seed),
        cost_growth_per_year_frontier_2016_2023(m, n_boot, seed),
        record_doubling_months_2012_2017(m),
        record_range(m),
        export_controls_restrictive_total(ds.gta),
        chip_price_performance_growth_per_year_fp32(ds.hardware, n_boot, seed),
        compute_break_count(m, n_boot=max(n_boot // 2, 19), seed=seed),
        gap_change(m, "compute_flop", n_boot=n_boot, seed=seed),
        gap_change(m, "cost_usd_2023", n_boot=n_boot, seed=seed),
    ]
    return {e.key: e for e in estimates}


def main() -> int:  # pragma: no cover - a convenience for `python -m aigrowth.corrected`
    import json
    import sys

    from aigrowth.data import load

    numbers = {k: e.as_entry() for k, e in corrected_numbers(load()).items()}
    json.dump(numbers, sys.stdout, indent=2, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
