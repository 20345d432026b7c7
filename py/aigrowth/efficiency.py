"""Cost, scale and efficiency: what training runs cost, and how much computation each dollar,
joule and hour buys.

Efficiency metrics are ratios of the models table's columns; each one's record in
`aigrowth.variables` states its unit and whether higher or lower is the good direction, so a
chart or sentence never has to guess. Energy is
estimated as power draw × training time (W × h × 3,600 s/h = J), so FLOP per joule covers only
models with both. Costs are sparse (a few hundred models) and a few are off by orders of
magnitude; `flag_implausible_cost` finds them by their FLOP per dollar against models of the
same time, and says why.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from aigrowth.constants import DL_ERA_START, LEVEL, N_BOOT, SECONDS_PER_HOUR, SEED
from aigrowth.trends import fit_trend, trend_table
from aigrowth.variables import VARIABLES
from aigrowth.years import decimal_year, decimal_years_of

EFFICIENCY_METRICS = ("flop_per_dollar", "flop_per_joule", "flop_per_training_hour", "cost_per_parameter")
"""The columns `add_efficiency_metrics` adds (their records are in `aigrowth.variables`)."""


def _positive(df: pd.DataFrame, column: str) -> pd.Series:
    if column not in df.columns:
        raise KeyError(f"efficiency metrics need column {column!r}")
    values = pd.to_numeric(df[column], errors="coerce").astype(float)
    return values.where(values > 0)


def add_efficiency_metrics(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with the columns of `EFFICIENCY_METRICS` added (NaN where an input is missing or not
    positive): flop_per_dollar = compute / cost; flop_per_joule = compute / (power × hours ×
    3,600); flop_per_training_hour = compute / hours; cost_per_parameter = cost / parameters."""
    out = df.copy()
    compute = _positive(df, "compute_flop")
    cost = _positive(df, "cost_usd_2023")
    power = _positive(df, "power_w")
    hours = _positive(df, "training_time_hours")
    params = _positive(df, "parameters")
    out["flop_per_dollar"] = compute / cost
    out["flop_per_joule"] = compute / (power * hours * SECONDS_PER_HOUR)
    out["flop_per_training_hour"] = compute / hours
    out["cost_per_parameter"] = cost / params
    return out


def frontier_vs_rest_trends(
    df: pd.DataFrame,
    metrics: Sequence[str] = ("compute_flop", "cost_usd_2023"),
    frontier: str = "frontier_top10",
    start: float | str | pd.Timestamp | None = DL_ERA_START,
    end: float | str | pd.Timestamp | None = None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
) -> pd.DataFrame:
    """Trends of each metric for frontier models and for all other models, side by side.

    `frontier` names a boolean column. Groups with fewer than 3 values are left out (a row
    with `n` = 0 would say nothing). Columns: group, plus every TrendFit field.
    """
    if frontier not in df.columns:
        raise KeyError(f"frontier column {frontier!r} is not in the frame")
    flag = df[frontier].astype("boolean").fillna(False).astype(bool)
    fits, groups = [], []
    for metric in metrics:
        for group, mask in (("frontier", flag), ("non-frontier", ~flag)):
            try:
                fits.append(fit_trend(df, metric, start, end, mask, n_boot, seed, 0.0, level))
            except ValueError:
                continue
            groups.append(group)
    table = trend_table(fits)
    if not table.empty:
        table.insert(0, "group", groups)
        table["frontier_rule"] = frontier
    return table


def efficiency_trends(
    df: pd.DataFrame,
    metrics: Sequence[str] = EFFICIENCY_METRICS,
    subset: str | pd.Series = "all",
    start: float | str | pd.Timestamp | None = DL_ERA_START,
    end: float | str | pd.Timestamp | None = None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
) -> pd.DataFrame:
    """Log-linear trend of each efficiency metric, with `better` ("higher"/"lower") and
    `improving` (whether the trend moves in the better direction)."""
    with_metrics = add_efficiency_metrics(df)
    if isinstance(subset, pd.Series):
        subset = subset.reindex(with_metrics.index)
    fits = [fit_trend(with_metrics, m, start, end, subset, n_boot, seed, 0.0, level) for m in metrics]
    table = trend_table(fits)
    records = [VARIABLES.get(m) for m in metrics]
    table["better"] = [r.better if r is not None and r.better else "n/a" for r in records]
    table["unit"] = [r.unit if r is not None else m for r, m in zip(records, metrics, strict=True)]
    table["improving"] = np.where(table["better"] == "higher", table["slope"] > 0, table["slope"] < 0)
    return table


def metric_correlations(
    df: pd.DataFrame,
    metrics: Sequence[str] = (
        "compute_flop",
        "parameters",
        "cost_usd_2023",
        "power_w",
        "training_time_hours",
    ),
    periods: Sequence[tuple[int, int]] = ((2010, 2019), (2020, 2025)),
) -> pd.DataFrame:
    """Pairwise correlations among metrics per period, each with its own n (rows with both
    values positive): Pearson on log10 values and Spearman on ranks.

    Columns: period, x, y, n, pearson_log, spearman, spearman_p.
    """
    rows = []
    for start, end in periods:
        if start > end:
            raise ValueError(f"period {start}–{end} ends before it starts")
        window = df.loc[pd.to_numeric(df["year"]).between(start, end)]
        logs = {m: np.log10(_positive(window, m)) for m in metrics}
        for i, x in enumerate(metrics):
            for y in metrics[i + 1 :]:
                both = pd.concat([logs[x], logs[y]], axis=1).dropna()
                n = len(both)
                if n >= 3:
                    pearson = float(np.corrcoef(both.iloc[:, 0], both.iloc[:, 1])[0, 1])
                    spear = stats.spearmanr(both.iloc[:, 0], both.iloc[:, 1])
                    rho, p = float(spear.statistic), float(spear.pvalue)
                else:
                    pearson = rho = p = np.nan
                rows.append(
                    {
                        "period": f"{start}–{end}",
                        "x": x,
                        "y": y,
                        "n": n,
                        "pearson_log": pearson,
                        "spearman": rho,
                        "spearman_p": p,
                    }
                )
    return pd.DataFrame(rows)


def flag_implausible_cost(
    df: pd.DataFrame, k: float = 1.5, window_years: float = 2.0, min_neighbours: int = 5
) -> pd.DataFrame:
    """Rows whose FLOP per dollar lies more than `k` orders of magnitude from the median of
    models published within ±`window_years` (a moving "period", since hardware price-
    performance drifts by about an order of magnitude a decade).

    Example: LLaVA, 7.8e22 FLOP against $42, buys about 2e21 FLOP per dollar, some 3–4 orders
    above its contemporaries: its cost covers a fine-tuning step, its compute the base model.
    Returns, for every row with compute and cost: model (if present), decimal_year,
    flop_per_dollar, window_median, ooms_from_median, n_window, implausible, reason.
    """
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")
    ratio = add_efficiency_metrics(df)["flop_per_dollar"]
    years = pd.Series(decimal_years_of(df), index=df.index)
    usable = ratio.notna() & years.notna()
    log_ratio = np.log10(ratio[usable].to_numpy())
    x = years[usable].to_numpy()
    near = np.abs(x[:, None] - x[None, :]) <= window_years
    np.fill_diagonal(near, False)  # judge each row against the others, not itself
    medians = np.array([np.median(log_ratio[row]) if row.sum() >= min_neighbours else np.nan for row in near])
    distance = log_ratio - medians
    implausible = np.abs(np.nan_to_num(distance, nan=0.0)) > k
    reasons = [
        (
            f"FLOP per dollar {10**v:.1e} is {abs(d):.1f} orders of magnitude "
            f"{'above' if d > 0 else 'below'} the median {10**m:.1e} of models within "
            f"±{window_years:g} years"
        )
        if flag
        else ""
        for v, d, m, flag in zip(log_ratio, distance, medians, implausible, strict=True)
    ]
    out = pd.DataFrame(
        {
            "decimal_year": x,
            "flop_per_dollar": 10**log_ratio,
            "window_median": 10**medians,
            "ooms_from_median": distance,
            "n_window": near.sum(axis=1),
            "implausible": implausible,
            "reason": reasons,
        },
        index=ratio[usable].index,
    )
    if "model" in df.columns:
        out.insert(0, "model", df.loc[out.index, "model"])
    return out


# Training runs against the hardware they could have used.


def hardware_with_years(hardware: pd.DataFrame) -> pd.DataFrame:
    """Epoch's ML hardware table with each accelerator's release date as its decimal year
    (accelerators without a release date get none and drop out of trends)."""
    hw = hardware.copy()
    hw["decimal_year"] = decimal_year(hw["release_date"])
    return hw


def above_hardware_peak(models: pd.DataFrame, hardware: pd.DataFrame) -> pd.DataFrame:
    """Training runs whose FLOP per joule exceeds the best peak energy efficiency (Epoch's
    hardware "Energy efficiency", operations per second per watt at any number format) of any
    accelerator released by the run's date: no run can beat the best chip's peak rating, so
    such a pair of compute and energy cannot both be right (typically a fine-tune whose compute
    includes its base model while its power and hours cover only the fine-tuning).

    One row per model with FLOP per joule and an earlier accelerator: model, decimal_year,
    flop_per_joule, hardware_peak, above_peak, reason (index of `models`).
    """
    eff = add_efficiency_metrics(models)
    hw = hardware_with_years(hardware).dropna(subset=["decimal_year", "energy_efficiency"])
    hw = hw.sort_values("decimal_year", kind="mergesort")
    best = np.maximum.accumulate(hw["energy_efficiency"].to_numpy(dtype=float))
    released = hw["decimal_year"].to_numpy(dtype=float)
    runs = eff[(eff["flop_per_joule"] > 0) & eff["decimal_year"].notna()]
    at = np.searchsorted(released, runs["decimal_year"].to_numpy(dtype=float), side="right") - 1
    runs = runs[at >= 0]
    peak = best[at[at >= 0]]
    value = runs["flop_per_joule"].to_numpy(dtype=float)
    above = value > peak
    reasons = [
        f"FLOP per joule {v:.1e} exceeds {p:.1e}, the best accelerator's peak rating by then" if a else ""
        for v, p, a in zip(value, peak, above, strict=True)
    ]
    return pd.DataFrame(
        {
            "model": runs["model"].to_numpy(),
            "decimal_year": runs["decimal_year"].to_numpy(dtype=float),
            "flop_per_joule": value,
            "hardware_peak": peak,
            "above_peak": above,
            "reason": reasons,
        },
        index=runs.index,
    )
