"""Frontier against the rest: does the gap between their compute trends change?

The gap (in orders of magnitude) between two log-linear trends changes at the rate of the
difference of their slopes. "Narrowed" or "widened" is claimed only when an interval for that
difference excludes zero. The interval resamples whole calendar years (models of one year move
together, in both groups at once: the groups share the years' circumstances), each resample
refitting both slopes by weighted least squares in closed form.

The "rest" is not a fixed population: which models Epoch records, and which of them are outside
the top 10, changes over time (few small models are recorded before 2015; many fine-tunes and
small open models after 2022). `rest_composition` quantifies that per period.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from aigrowth.constants import DL_ERA_START, LEVEL, N_BOOT, SEED
from aigrowth.estimate import Estimate
from aigrowth.trends import log_series, ols_line, select_subset


def _weighted_slopes(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted least-squares slopes of y on x for every row of weights (B, n)."""
    sw = w.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        xm = (w * x).sum(axis=1, keepdims=True) / sw
        ym = (w * y).sum(axis=1, keepdims=True) / sw
        sxx = (w * (x - xm) ** 2).sum(axis=1)
        sxy = (w * (x - xm) * (y - ym)).sum(axis=1)
        return np.where(sxx > 0, sxy / sxx, np.nan)


def year_bootstrap_weights(years: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Multiplicity of each row when calendar years are drawn with replacement: (n_boot, n)."""
    codes, inverse = np.unique(years, return_inverse=True)
    draws = rng.multinomial(codes.size, np.full(codes.size, 1.0 / codes.size), size=n_boot)
    return draws[:, inverse].astype(float)


def slope_difference_by_year(
    a: tuple[np.ndarray, np.ndarray],
    b: tuple[np.ndarray, np.ndarray],
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
) -> tuple[float, float, float, np.ndarray]:
    """Slope of a minus slope of b (log10 units a year), with a percentile interval from
    resampling calendar years jointly in both groups. Returns (difference, low, high, draws)."""
    xa, ya = a
    xb, yb = b
    point = ols_line(xa, ya)[0] - ols_line(xb, yb)[0]
    years = np.concatenate([np.floor(xa), np.floor(xb)]).astype(int)
    rng = np.random.default_rng(seed)
    w = year_bootstrap_weights(years, n_boot, rng)
    draws = _weighted_slopes(xa, ya, w[:, : xa.size]) - _weighted_slopes(xb, yb, w[:, xa.size :])
    alpha = 1 - level
    low, high = np.nanpercentile(draws, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(point), float(low), float(high), draws


_QUANTITY = {"compute_flop": "compute", "cost_usd_2023": "cost", "parameters": "parameters"}


def rate_ratio(
    key: str,
    a: tuple,
    b: tuple,
    start=DL_ERA_START,
    end=None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
    words: tuple[str, str] = ("a", "b"),
) -> Estimate:
    """How many times faster trend `a` grows than trend `b` each year: 10^(slope a − slope b),
    above 1 when `a` is faster. Each of `a` and `b` is (frame, metric, subset) fitted over
    [start, end], or (frame, metric, subset, start, end) with its own window; the two may share
    rows (parameters and compute of the same models). The interval resamples whole calendar
    years in both at once, as `gap_change` does, so a year's models move together."""
    sides = []
    for side in (a, b):
        frame, metric, subset, *window = side
        lo, hi = window if window else (start, end)
        rows, name = select_subset(frame, subset)
        x, y, _ = log_series(rows, metric, lo, hi)
        sides.append((x, y, metric, name))
    (xa, ya, metric_a, name_a), (xb, yb, metric_b, name_b) = sides
    diff, low, high, _ = slope_difference_by_year((xa, ya), (xb, yb), n_boot, seed, level)
    first = min(xa.min(), xb.min())
    return Estimate(
        key,
        10**diff,
        10**low,
        10**high,
        level,
        int(xa.size + xb.size),
        f"{words[0]} ({xa.size} rows) against {words[1]} ({xb.size} rows), from {first:.0f}",
        f"ratio of the growth factors per year of log10({metric_a}) of {name_a} and "
        f"log10({metric_b}) of {name_b} (10^(slope difference), OLS on decimal year); {level:.0%} "
        f"percentile interval from {n_boot} bootstrap resamples of whole calendar years, both "
        f"trends together (seed {seed}); above 1 the first grows faster",
    )


def gap_change(
    models: pd.DataFrame,
    metric: str = "compute_flop",
    frontier: str = "frontier_top10",
    rest: str = "non_frontier_top10",
    start=DL_ERA_START,
    end=None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
) -> Estimate:
    """How fast the gap between the frontier's and the rest's trends changes, as a factor per
    year (frontier growth ÷ rest growth): above 1 the gap widens, below 1 it narrows. The
    interval resamples calendar years in both groups at once."""
    rows_f, _ = select_subset(models, frontier)
    rows_r, _ = select_subset(models, rest)
    xf, yf, _ = log_series(rows_f, metric, start, end)
    xr, yr, _ = log_series(rows_r, metric, start, end)
    diff, low, high, _ = slope_difference_by_year((xf, yf), (xr, yr), n_boot, seed, level)
    return Estimate(
        f"{_QUANTITY.get(metric, metric)}_frontier_gap_change_per_year",
        10**diff,
        10**low,
        10**high,
        level,
        int(xf.size + xr.size),
        f"{frontier} ({xf.size}) against {rest} ({xr.size}), from {xf.min():.0f}",
        f"ratio of the two log-linear growth factors per year (10^(slope difference)); {level:.0%} "
        f"percentile interval from {n_boot} bootstrap resamples of whole calendar years, both "
        f"groups together (seed {seed}); above 1 the gap widens, below 1 it narrows",
    )


def gap_word(change: Estimate) -> str:
    """ "widened", "narrowed" or "no detectable change": the word the evidence allows."""
    if change.low is not None and change.low > 1:
        return "widened"
    if change.high is not None and change.high < 1:
        return "narrowed"
    return "no detectable change"


def rest_composition(
    models: pd.DataFrame,
    rest: str = "non_frontier_top10",
    periods: Sequence[tuple[int, int]] = ((2010, 2014), (2015, 2019), (2020, 2022), (2023, 2026)),
    metric: str = "compute_flop",
) -> pd.DataFrame:
    """What the "rest" is made of in each period, among models with a value of `metric`:
    n, share notable, share fine-tunes (a base model given), share language, share industry,
    and the median and interquartile range of log10(metric)."""
    rows_r, _ = select_subset(models, rest)
    rows_r = rows_r[pd.to_numeric(rows_r[metric], errors="coerce") > 0]
    out = []
    for first, last in periods:
        p = rows_r[rows_r["year"].between(first, last)]
        logv = np.log10(p[metric].astype(float))
        out.append(
            {
                "period": f"{first}–{last}",
                "n": len(p),
                "share_notable": float(p["is_notable"].mean()) if len(p) else np.nan,
                "share_fine_tunes": float(p["base_model"].notna().mean()) if len(p) else np.nan,
                "share_language": float((p["domain_group"] == "Language").mean()) if len(p) else np.nan,
                "share_industry": float((p["organization_type"] == "Industry").mean()) if len(p) else np.nan,
                "median_log10": float(logv.median()) if len(p) else np.nan,
                "iqr_log10": float(logv.quantile(0.75) - logv.quantile(0.25)) if len(p) else np.nan,
            }
        )
    return pd.DataFrame(out)
