"""Chip price-performance and energy efficiency at a fixed number format, beside training runs.

Epoch's hardware columns "Price-performance" and "Energy efficiency" divide each chip's
*fastest* listed throughput ("Max performance": INT8, FP8 or FP4 on recent parts, FP32 on old
ones) by its launch price or power. A trend of those mixes formats: much of its rise is the move
to narrower numbers, not more operations of the kind a training run performs. Here the
throughput is held at one format: FP32 (every chip lists it) or FP16/BF16 on tensor cores (the
format large training runs use since about 2018; listed for fewer chips).

Dollars: the hardware file gives launch prices in US dollars of the launch year ("Release price
(USD)") and no price index; the models' costs are in 2023 dollars. Deflating the chip prices
would need a price index the data do not hold, so chip price-performance is stated in launch-year
dollars and the method says so. Deflating would raise the growth factor of FLOP per constant
dollar by the yearly inflation rate (prices rise, so an older dollar was worth more): a few
percent a year in 2010–2025, against differences between the trends compared here of tens of
percent a year.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from aigrowth.constants import DL_ERA_START, LEVEL, N_BOOT, SEED
from aigrowth.efficiency import add_efficiency_metrics, hardware_with_years
from aigrowth.estimate import Estimate, growth_estimate
from aigrowth.trends import bootstrap_slopes, fit_trend, log_series

FORMATS: dict[str, str] = {
    "fp32": "fp32_flops",
    "fp16_tensor": "fp16_tensor_flops",
    "fastest": "max_performance",
}
FORMAT_WORDS: dict[str, str] = {
    "fp32": "FP32",
    "fp16_tensor": "FP16/BF16 tensor",
    "fastest": "each chip's fastest format",
}


def chip_metrics(hardware: pd.DataFrame) -> pd.DataFrame:
    """The hardware table with decimal years and, per format, FLOP/s per launch dollar
    (`price_performance_<fmt>`) and per watt of TDP (`energy_efficiency_<fmt>`)."""
    for column in ("release_price_usd", "tdp_w", *FORMATS.values()):
        if column not in hardware.columns:
            raise KeyError(f"the chip comparison needs hardware column {column!r}")
    hw = hardware_with_years(hardware)
    price = hw["release_price_usd"].where(hw["release_price_usd"] > 0)
    tdp = hw["tdp_w"].where(hw["tdp_w"] > 0)
    for fmt, column in FORMATS.items():
        hw[f"price_performance_{fmt}"] = hw[column] / price
        hw[f"energy_efficiency_{fmt}"] = hw[column] / tdp
    return hw


def chips_counted(
    hardware: pd.DataFrame,
    measure: str = "price_performance",
    fmt: str = "fp32",
    start=DL_ERA_START,
    end=None,
) -> pd.DataFrame:
    """The chips a fixed-format trend rests on: name, manufacturer, type, release date and the
    value, in date order."""
    hw = chip_metrics(hardware)
    column = f"{measure}_{fmt}"
    x, _, _ = log_series(hw, column, start, end)
    rows = hw[hw[column].gt(0) & hw["decimal_year"].between(x.min(), x.max())] if x.size else hw.iloc[:0]
    return (
        rows[["hardware_name", "manufacturer", "type", "release_date", column]]
        .sort_values("release_date", kind="mergesort")
        .reset_index(drop=True)
    )


def chip_price_performance_growth_per_year_fp32(
    hardware: pd.DataFrame, n_boot: int = N_BOOT, seed: int = SEED
) -> Estimate:
    """Growth per year of FP32 FLOP/s per launch-price dollar of accelerators released since
    2010."""
    hw = chip_metrics(hardware)
    fit = fit_trend(hw, "price_performance_fp32", DL_ERA_START, None, "all", n_boot, seed, 0.0, LEVEL)
    fit = dataclasses.replace(
        fit,
        method=f"{fit.method}; launch prices in US dollars of the "
        "launch year (the hardware file holds no price index)",
    )
    return growth_estimate(
        "chip_price_performance_growth_per_year_fp32",
        fit,
        f"ML accelerators with a launch price and an FP32 rating, released {fit.start:.0f}–{fit.end:.0f}",
    )


def slope_difference(
    a: tuple[np.ndarray, np.ndarray],
    b: tuple[np.ndarray, np.ndarray],
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
) -> tuple[float, float, float]:
    """Difference of two OLS slopes (a − b) fitted on independent samples, with a percentile
    interval from resampling each sample separately."""
    rng = np.random.default_rng(seed)
    sa = bootstrap_slopes(a[0], a[1], n_boot, rng)
    sb = bootstrap_slopes(b[0], b[1], n_boot, rng)
    point = np.polyfit(a[0], a[1], 1)[0] - np.polyfit(b[0], b[1], 1)[0]
    alpha = 1 - level
    low, high = np.nanpercentile(sa - sb, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(point), float(low), float(high)


def runs_vs_chips(
    models: pd.DataFrame,
    hardware: pd.DataFrame,
    start=DL_ERA_START,
    end=None,
    exclude: pd.Series | None = None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
) -> pd.DataFrame:
    """Training runs' FLOP per dollar and per joule beside chips' price-performance and energy
    efficiency at FP32, FP16/BF16 tensor and the fastest format.

    `exclude` (a boolean mask over `models`) leaves runs out, e.g. fine-tunes whose compute
    includes the base model. One row per (measure, chip format): measure, chip_format, n_runs,
    runs_growth, n_chips, chips_growth (each per year, with intervals), ratio (runs ÷ chips
    growth per year) and its interval, and dollars (what each side's dollars are).
    """
    eff = add_efficiency_metrics(models)
    keep = (
        pd.Series(True, index=eff.index) if exclude is None else ~exclude.reindex(eff.index, fill_value=False)
    )
    hw = chip_metrics(hardware)
    rows = []
    for measure, run_metric in (
        ("price_performance", "flop_per_dollar"),
        ("energy_efficiency", "flop_per_joule"),
    ):
        runs = fit_trend(eff, run_metric, start, end, keep, n_boot, seed, 0.0, level)
        xr, yr, _ = log_series(eff.loc[keep], run_metric, start, end)
        for fmt in FORMATS:
            column = f"{measure}_{fmt}"
            chips = fit_trend(hw, column, start, end, "all", n_boot, seed, 0.0, level)
            xc, yc, _ = log_series(hw, column, start, end)
            diff, low, high = slope_difference((xr, yr), (xc, yc), n_boot, seed + 1, level)
            rows.append(
                {
                    "measure": measure,
                    "chip_format": FORMAT_WORDS[fmt],
                    "n_runs": runs.n,
                    "runs_growth": runs.growth_per_year,
                    "runs_low": runs.growth_low,
                    "runs_high": runs.growth_high,
                    "n_chips": chips.n,
                    "chips_growth": chips.growth_per_year,
                    "chips_low": chips.growth_low,
                    "chips_high": chips.growth_high,
                    "ratio": 10**diff,
                    "ratio_low": 10**low,
                    "ratio_high": 10**high,
                    "dollars": (
                        "runs: 2023 US dollars; chips: launch-year US dollars"
                        if measure == "price_performance"
                        else "not applicable"
                    ),
                }
            )
    return pd.DataFrame(rows)


def formats_listed(hardware: pd.DataFrame, formats: Sequence[str] = tuple(FORMATS)) -> pd.DataFrame:
    """How many accelerators list each format's throughput, with a price and with a TDP."""
    hw = chip_metrics(hardware)
    return pd.DataFrame(
        [
            {
                "format": FORMAT_WORDS[f],
                "listed": int(hw[FORMATS[f]].gt(0).sum()),
                "with_price": int(hw[f"price_performance_{f}"].gt(0).sum()),
                "with_tdp": int(hw[f"energy_efficiency_{f}"].gt(0).sum()),
            }
            for f in formats
        ]
    )
