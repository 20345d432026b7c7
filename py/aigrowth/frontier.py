"""Which models count as "frontier": the definitions the report uses, side by side.

Epoch AI's own `Frontier model` flag marks models that were among the top 10 by training
compute when released, but the flag stops in mid-2025 (see PROVENANCE.md), so the report also
computes the same rule itself from the compute column: `top_n_at_release`. A further rule
comes from the literature: record-setters (OpenAI, 2018). `frontier_definitions` describes each
in words for the report. (Sevilla et al.'s (2022) residual rule is not used: its cut-off could not
be checked against the paper, and like any rule that keeps models far above a trend it selects
on the outcome it would measure.)
"""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd

from aigrowth.constants import FRONTIER_TOP_N
from aigrowth.years import decimal_years_of


def top_n_at_release(dates: pd.Series, compute: pd.Series, n: int = 10) -> pd.Series:
    """True where a model's compute was among the `n` largest of all models released up to and
    including its publication date (ties at the date count as released together).

    Models without a date or a compute value are never frontier under this rule.
    Returns a boolean Series aligned with the inputs.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    known = dates.notna() & compute.notna() & (compute > 0)
    result = pd.Series(False, index=dates.index)
    if not known.any():
        return result
    order = dates[known].sort_values(kind="mergesort").index
    d = dates.loc[order].to_numpy()
    c = compute.loc[order].to_numpy(dtype=float)
    flags = np.zeros(len(order), dtype=bool)
    # Walk through release dates keeping the n largest values seen so far in a min-heap; every
    # model released on the same day joins the heap before that day's models are judged.
    top: list[float] = []
    start = 0
    while start < len(order):
        end = start
        while end < len(order) and d[end] == d[start]:
            end += 1
        for value in c[start:end]:
            if len(top) < n:
                heapq.heappush(top, value)
            elif value > top[0]:
                heapq.heapreplace(top, value)
        threshold = top[0] if len(top) >= n else -np.inf
        flags[start:end] = c[start:end] >= threshold
        start = end
    result.loc[order] = flags
    return result


def _dated_compute(df: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Rows with a decimal year and a positive value of `metric`, sorted by date."""
    if metric not in df.columns:
        raise KeyError(f"metric {metric!r} is not a column of the frame")
    x = decimal_years_of(df)
    y = pd.to_numeric(df[metric], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    keep = np.isfinite(x) & np.isfinite(y) & (y > 0)
    out = pd.DataFrame({"x": x[keep], "value": y[keep]}, index=df.index[keep])
    return out.sort_values(["x", "value"], ascending=[True, False], kind="mergesort")


def record_setter_mask(df: pd.DataFrame, metric: str = "compute_flop") -> pd.Series:
    """True for each model that set a new record of `metric` on its publication date: its value
    exceeds every model published before it, and it is the largest of its own day (so two
    models released the same day cannot both be records). Aligned with `df.index`."""
    rows = _dated_compute(df, metric)
    mask = pd.Series(False, index=df.index)
    if rows.empty:
        return mask
    # Largest of its day: the first row of each date after sorting value descending.
    first_of_day = ~rows["x"].duplicated(keep="first")
    day_max = rows["value"].where(first_of_day)
    previous_best = rows["value"].cummax().shift(1, fill_value=-np.inf)
    is_record = first_of_day & (day_max > previous_best)
    mask.loc[rows.index[is_record.to_numpy()]] = True
    return mask


def record_setters(df: pd.DataFrame, metric: str = "compute_flop") -> pd.DataFrame:
    """The models that set a new record of `metric`, in date order, with the factor by which
    each beat the previous record (`record_factor`, NaN for the first)."""
    mask = record_setter_mask(df, metric)
    out = df.loc[mask].copy()
    out["decimal_year"] = decimal_years_of(out)
    out = out.sort_values("decimal_year", kind="mergesort")
    out["record_factor"] = out[metric] / out[metric].shift(1)
    return out


def frontier_definitions() -> pd.DataFrame:
    """The frontier rules the report uses, one row each, so every chart can state its rule.

    Columns: `key` (as in `aigrowth.trends.SUBSETS`), `name`, `rule`, `source`, `caveat`.
    """
    rows = [
        {
            "key": "frontier_epoch",
            "name": "Epoch frontier flag",
            "rule": "Epoch AI's 'Frontier model' column: among the top 10 by training compute when released.",
            "source": "Epoch AI, Data on AI Models",
            "caveat": "The flag stops in July 2025; a blank after that date does not mean 'not frontier'.",
        },
        {
            "key": "frontier_top10",
            "name": f"Top {FRONTIER_TOP_N} at release",
            "rule": f"The same rule computed by the project from the compute column: among the "
            f"{FRONTIER_TOP_N} largest training runs published up to the model's date.",
            "source": "This project, after Epoch AI (2024)",
            "caveat": "Covers every dated model with a compute estimate, including those after "
            "July 2025; models without a compute estimate are never frontier.",
        },
        {
            "key": "record_setters",
            "name": "Record-setters",
            "rule": "Models whose training compute exceeded every earlier model's.",
            "source": "This project, after Amodei & Hernandez (OpenAI, 2018)",
            "caveat": "A strict selection: few models per year, sensitive to a single overestimated value.",
        },
    ]
    return pd.DataFrame(rows, columns=["key", "name", "rule", "source", "caveat"])
