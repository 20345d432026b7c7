"""OpenAI's "AI and Compute" (2018), redone on today's data, and the published figures to
compare with.

Amodei & Hernandez fitted the record-setting training runs from AlexNet (2012) to AlphaGo Zero
(2017) and found a 3.4-month doubling time, against about two years before 2012. Here the same
questions are asked of Epoch AI's data: the record-setting runs of 2012–2018, the trends before
and after 2012 (or after a break the data choose), and the growth between any two models.
The literature's figures, as their sources state them, are in `aigrowth.literature`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from aigrowth.constants import (
    LEVEL,
    N_BOOT,
    OPENAI_2018_END,
    OPENAI_2018_START,
    SEED,
)
from aigrowth.frontier import record_setter_mask, record_setters
from aigrowth.trends import TrendFit, decimal_years_of, fit_trend, select_subset
from aigrowth.units import growth_per_year_to_doubling_months
from aigrowth.years import to_decimal_year


def record_runs(
    df: pd.DataFrame,
    start: float | str | pd.Timestamp | None = OPENAI_2018_START,
    end: float | str | pd.Timestamp | None = OPENAI_2018_END,
    metric: str = "compute_flop",
) -> pd.DataFrame:
    """Record-setting runs published in [start, end] (records judged against all earlier
    models, also those before `start`), in date order with `record_factor`."""
    rec = record_setters(df, metric)
    lo, hi = to_decimal_year(start), to_decimal_year(end)
    keep = np.ones(len(rec), dtype=bool)
    if lo is not None:
        keep &= rec["decimal_year"].to_numpy() >= lo
    if hi is not None:
        keep &= rec["decimal_year"].to_numpy() <= hi
    return rec.loc[keep]


def record_trend(
    df: pd.DataFrame,
    start: float | str | pd.Timestamp | None = OPENAI_2018_START,
    end: float | str | pd.Timestamp | None = OPENAI_2018_END,
    metric: str = "compute_flop",
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
) -> TrendFit:
    """Trend of the record-setting runs in [start, end]: OpenAI's (2018) 3.4-month question."""
    mask = record_setter_mask(df, metric)
    return fit_trend(df, metric, start, end, mask, n_boot, seed, 0.0, level)


@dataclass(frozen=True)
class TwoEraComparison:
    """Trends before and after a split date, on the same subset."""

    split_year: float
    split_source: str
    before: TrendFit
    after: TrendFit
    speedup: float  # how many times faster the later doubling is (before / after months)


def before_after(
    df: pd.DataFrame,
    split: float | str | pd.Timestamp = OPENAI_2018_START,
    subset: str | pd.Series = "notable",
    metric: str = "compute_flop",
    end: float | str | pd.Timestamp | None = None,
    split_source: str = "OpenAI (2018): 2012",
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> TwoEraComparison:
    """Trends of `subset` before and after `split` (models on the split date count before).

    Pass a `find_break(...).year` as `split` with a `split_source` saying so to compare at the
    data's own break instead of 2012.
    """
    rows, _ = select_subset(df, subset)
    cut = to_decimal_year(split)
    before = fit_trend(rows, metric, None, cut, "all", n_boot, seed)
    after = fit_trend(rows, metric, cut + 1e-9, end, "all", n_boot, seed)
    speedup = (
        before.doubling_months / after.doubling_months
        if after.doubling_defined and before.doubling_defined
        else float("nan")
    )
    return TwoEraComparison(float(cut), split_source, before, after, float(speedup))


@dataclass(frozen=True)
class GrowthBetween:
    """How much more of `metric` model B used than model A, and the rate that implies."""

    model_a: str
    model_b: str
    value_a: float
    value_b: float
    factor: float
    years: float
    growth_per_year: float | None
    doubling_months: float | None


def _find_model(df: pd.DataFrame, name: str) -> pd.Series:
    keys = df["model_key"] if "model_key" in df.columns else df["model"].str.casefold()
    hits = df.loc[keys == " ".join(name.casefold().split())]
    if hits.empty:
        raise KeyError(f"no model named {name!r}")
    if len(hits) > 1:
        raise ValueError(f"{len(hits)} models are named {name!r}")
    return hits.iloc[0]


def growth_between(
    df: pd.DataFrame, model_a: str, model_b: str, metric: str = "compute_flop"
) -> GrowthBetween:
    """Factor by which `model_b`'s `metric` exceeds `model_a`'s (e.g. AlexNet → AlphaGo Zero),
    with the implied growth per year and doubling time when B is later than A.

    Models are matched by name, ignoring case and spacing (the `model_key` rule).
    """
    a, b = _find_model(df, model_a), _find_model(df, model_b)
    va, vb = float(a[metric]), float(b[metric])
    if not (va > 0 and vb > 0):
        raise ValueError(f"{metric} must be positive for both models, got {va} and {vb}")
    years_ab = decimal_years_of(pd.DataFrame([a, b]))
    years = float(years_ab[1] - years_ab[0])
    factor = vb / va
    if years > 0:
        growth = factor ** (1.0 / years)
        doubling = growth_per_year_to_doubling_months(growth)
    else:
        growth = doubling = None
    return GrowthBetween(
        str(a.get("model", model_a)), str(b.get("model", model_b)), va, vb, factor, years, growth, doubling
    )
