"""Log-linear growth trends with bootstrap intervals.

A trend is an ordinary least-squares fit of log10(metric) on the decimal year of publication.
Its slope is in orders of magnitude per year; `units` turns it into a growth factor per year and
a doubling time. The interval on the slope is a percentile bootstrap over models (resampling
rows with replacement), vectorised with numpy: each resample's slope is the closed-form
cov(x, y) / var(x), so 1,000 resamples of 1,000 models take milliseconds. Optionally each
resample also adds Sevilla et al.'s (2022) uniform noise of ±log10(2) to log10 values, which
widens intervals to reflect that compute estimates are uncertain by about a factor of 2.

Subsets are named (see `SUBSETS`) so that a number in the report can say which models it is
about ("notable", "frontier_top10", ...).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from aigrowth.constants import LEVEL, N_BOOT, SEED
from aigrowth.frontier import record_setter_mask
from aigrowth.units import interval_slope_to_doubling, slope_to_doubling_months
from aigrowth.variables import VARIABLES
from aigrowth.years import decimal_years_of, to_decimal_year


def _flag(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    def select(df: pd.DataFrame) -> pd.Series:
        if column not in df.columns:
            raise KeyError(f"subset needs column {column!r}, which the frame lacks")
        return df[column].astype("boolean").fillna(False).astype(bool)

    return select


def _not_flag(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    flag = _flag(column)
    return lambda df: ~flag(df)


# Named subsets of the models table: name → (description, row selector).
SUBSETS: dict[str, tuple[str, Callable[[pd.DataFrame], pd.Series]]] = {
    "all": ("all models", lambda df: pd.Series(True, index=df.index)),
    "notable": ("notable models", _flag("is_notable")),
    "large_scale": ("large-scale models (>1e23 FLOP)", _flag("is_large_scale")),
    "frontier_epoch": ("frontier models (Epoch flag)", _flag("frontier_epoch")),
    "frontier_top10": ("frontier models (top 10 at release)", _flag("frontier_top10")),
    "non_frontier_top10": (
        "non-frontier models (outside the top 10 at release)",
        _not_flag("frontier_top10"),
    ),
    "record_setters": ("record-setting models", record_setter_mask),
}


def select_subset(df: pd.DataFrame, subset: str | pd.Series) -> tuple[pd.DataFrame, str]:
    """Rows of `df` in the named subset (see `SUBSETS`) or under a boolean mask.

    Returns the selected frame and the subset's name ("custom" for a mask).
    """
    if isinstance(subset, pd.Series):
        if subset.dtype != bool and str(subset.dtype) != "boolean":
            raise TypeError(f"a subset mask must be boolean, got dtype {subset.dtype}")
        mask = subset.reindex(df.index).astype("boolean").fillna(False).astype(bool)
        return df.loc[mask], "custom"
    if subset not in SUBSETS:
        raise ValueError(f"unknown subset {subset!r}; choose one of {sorted(SUBSETS)}")
    return df.loc[SUBSETS[subset][1](df)], subset


def subset_description(subset: str) -> str:
    """Plain-words description of a named subset ("notable models")."""
    return SUBSETS[subset][0] if subset in SUBSETS else subset


@dataclass(frozen=True)
class TrendFit:
    """A log-linear trend: log10(metric) = intercept + slope × decimal_year.

    Slopes are in orders of magnitude (log10 units) per year. `slope_low/high` are bootstrap
    percentile bounds (or the OLS t interval when no bootstrap was run: see `method`);
    `slope_low_ols/high_ols` are always the classical t interval. Doubling times are in months;
    `doubling_defined` is False when the slope is not positive, and then `doubling_months` is
    `math.inf`. Interval ends are ordered: `doubling_low` ≤ `doubling_high` (the short end
    comes from the steep slope).
    """

    metric: str
    subset: str
    n: int
    n_dropped: int
    start: float
    end: float
    slope: float
    intercept: float
    r2: float
    slope_low: float
    slope_high: float
    slope_low_ols: float
    slope_high_ols: float
    growth_per_year: float
    growth_low: float
    growth_high: float
    doubling_months: float
    doubling_low: float
    doubling_high: float
    doubling_defined: bool
    ooms_per_year: float
    level: float
    n_boot: int
    noise_ooms: float
    method: str
    label: str

    def predict(self, decimal_years: float | np.ndarray) -> np.ndarray:
        """log10 of the trend's value at the given decimal years."""
        x = np.asarray(decimal_years, dtype=float)
        return self.intercept + self.slope * x

    def as_dict(self) -> dict[str, float | int | str | bool]:
        """The fit's fields as a plain dict (JSON-safe apart from inf, which callers map)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _window_mask(x: np.ndarray, start: float | None, end: float | None) -> np.ndarray:
    mask = np.isfinite(x)
    if start is not None:
        mask &= x >= start
    if end is not None:
        mask &= x <= end
    return mask


def log_series(
    df: pd.DataFrame,
    metric: str,
    start: float | str | pd.Timestamp | None = None,
    end: float | str | pd.Timestamp | None = None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Decimal years and log10 values of `metric` inside [start, end], dropping rows whose value
    is missing or not positive (log undefined). Returns (x, log10 y, number dropped)."""
    if metric not in df.columns:
        raise KeyError(f"metric {metric!r} is not a column of the frame")
    x = decimal_years_of(df)
    y = pd.to_numeric(df[metric], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    in_window = _window_mask(x, to_decimal_year(start), to_decimal_year(end))
    usable = in_window & np.isfinite(y) & (y > 0)
    return x[usable], np.log10(y[usable]), int(in_window.sum() - usable.sum())


def ols_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    """Closed-form OLS of y on x: (slope, intercept, r2, standard error of the slope)."""
    n = x.size
    xm, ym = x.mean(), y.mean()
    sxx = float(((x - xm) ** 2).sum())
    if sxx == 0:
        raise ValueError("all points share one date: no trend can be fitted")
    sxy = float(((x - xm) * (y - ym)).sum())
    syy = float(((y - ym) ** 2).sum())
    slope = sxy / sxx
    intercept = ym - slope * xm
    rss = max(syy - slope * sxy, 0.0)
    r2 = 1.0 - rss / syy if syy > 0 else 1.0
    se = math.sqrt(rss / (n - 2) / sxx) if n > 2 else math.nan
    return slope, intercept, r2, se


def bootstrap_slopes(
    x: np.ndarray,
    y: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
    noise_ooms: float = 0.0,
    chunk_cells: int = 4_000_000,
) -> np.ndarray:
    """Slopes of `n_boot` pairs-bootstrap resamples of (x, y), in closed form.

    With `noise_ooms` > 0, each resampled y gets independent uniform noise on
    [-noise_ooms, +noise_ooms]. Resamples whose x values are all equal give NaN.
    Work is chunked so no intermediate array exceeds `chunk_cells` cells.
    """
    n = x.size
    out = np.empty(n_boot)
    per_chunk = max(1, chunk_cells // max(n, 1))
    for first in range(0, n_boot, per_chunk):
        b = min(per_chunk, n_boot - first)
        idx = rng.integers(0, n, size=(b, n))
        xb, yb = x[idx], y[idx]
        if noise_ooms > 0:
            yb = yb + rng.uniform(-noise_ooms, noise_ooms, size=(b, n))
        xc = xb - xb.mean(axis=1, keepdims=True)
        yc = yb - yb.mean(axis=1, keepdims=True)
        sxx = (xc * xc).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[first : first + b] = np.where(sxx > 0, (xc * yc).sum(axis=1) / sxx, np.nan)
    return out


def _label(metric: str) -> str:
    """The variable's label from its record, or the column name for an unregistered column."""
    return VARIABLES[metric].label if metric in VARIABLES else metric


def _window_label(start: float, end: float) -> str:
    return f"{math.floor(start)}–{math.floor(end)}"


def fit_trend(
    df: pd.DataFrame,
    metric: str = "compute_flop",
    start: float | str | pd.Timestamp | None = None,
    end: float | str | pd.Timestamp | None = None,
    subset: str | pd.Series = "notable",
    n_boot: int = N_BOOT,
    seed: int = SEED,
    noise_ooms: float = 0.0,
    level: float = LEVEL,
) -> TrendFit:
    """Fit log10(`metric`) on decimal year for models of `subset` published in [start, end].

    `start`/`end` take decimal years, date strings or timestamps (inclusive; None leaves the end
    open). Rows with a missing or non-positive value are dropped and counted in `n_dropped`.
    The slope interval is a seeded percentile bootstrap with `n_boot` resamples (0 → the OLS t
    interval), optionally with ±`noise_ooms` uniform noise on log10 values.

    Raises ValueError when fewer than 3 usable rows remain or the arguments are out of range.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if n_boot < 0:
        raise ValueError(f"n_boot must be 0 or more, got {n_boot}")
    if noise_ooms < 0:
        raise ValueError(f"noise_ooms must be 0 or more, got {noise_ooms}")
    rows, subset_name = select_subset(df, subset)
    x, y, n_dropped = log_series(rows, metric, start, end)
    if x.size < 3:
        raise ValueError(
            f"only {x.size} usable rows of {metric!r} for subset {subset_name!r} "
            f"between {start} and {end}: a trend needs at least 3"
        )
    slope, intercept, r2, se = ols_line(x, y)
    alpha = 1.0 - level
    t = stats.t.ppf(1 - alpha / 2, df=x.size - 2)
    slope_low_ols, slope_high_ols = slope - t * se, slope + t * se
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        slopes = bootstrap_slopes(x, y, n_boot, rng, noise_ooms)
        slope_low, slope_high = (
            float(v) for v in np.nanpercentile(slopes, [100 * alpha / 2, 100 * (1 - alpha / 2)])
        )
        noise_text = f", ±{noise_ooms:.3f} OOM uniform noise" if noise_ooms > 0 else ""
        method = (
            f"OLS of log10({metric}) on decimal year; {level:.0%} percentile bootstrap over "
            f"models ({n_boot} resamples, seed {seed}{noise_text})"
        )
    else:
        slope_low, slope_high = slope_low_ols, slope_high_ols
        method = f"OLS of log10({metric}) on decimal year; {level:.0%} t interval"
    doubling_low, doubling_high = interval_slope_to_doubling(slope_low, slope_high)
    window_start = float(to_decimal_year(start)) if start is not None else float(x.min())
    window_end = float(to_decimal_year(end)) if end is not None else float(x.max())
    label = f"{_label(metric)}, {subset_description(subset_name)}, {_window_label(window_start, window_end)}"
    return TrendFit(
        metric=metric,
        subset=subset_name,
        n=int(x.size),
        n_dropped=n_dropped,
        start=window_start,
        end=window_end,
        slope=float(slope),
        intercept=float(intercept),
        r2=float(r2),
        slope_low=slope_low,
        slope_high=slope_high,
        slope_low_ols=float(slope_low_ols),
        slope_high_ols=float(slope_high_ols),
        growth_per_year=10.0**slope,
        growth_low=10.0**slope_low,
        growth_high=10.0**slope_high,
        doubling_months=slope_to_doubling_months(slope),
        doubling_low=doubling_low,
        doubling_high=doubling_high,
        doubling_defined=bool(slope > 0),
        ooms_per_year=float(slope),
        level=level,
        n_boot=n_boot,
        noise_ooms=noise_ooms,
        method=method,
        label=label,
    )


def trend_table(fits: list[TrendFit]) -> pd.DataFrame:
    """Several fits as one frame, one row per fit (for tables and CSV downloads)."""
    return pd.DataFrame([f.as_dict() for f in fits])
