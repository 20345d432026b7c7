"""Rates that select on their outcome, and rows whose quantities are not like the others'.

- A trend fitted to "models above 10^23 FLOP" selects on the quantity it measures: near the
  threshold only the models that happened to land above it are kept, so early points sit high
  and the slope comes out too flat, by construction (truncated regression). `above_threshold_fit`
  shows it; the valid replacements are a rule that ranks a model among its contemporaries
  (the top 10 at release, which moves with the field) and the count of models above the
  threshold per year, which is what "more large-scale models" means.
- Sevilla et al.'s (2022) residual rule also selects on the outcome (models far above the trend
  of their time), and its cut-off could not be checked against the paper's text, so the report
  does not use it.
- Fine-tunes: Epoch's training compute of a fine-tuned model includes its base model's, while
  its cost, power and hours often cover only the fine-tuning step; in a ratio (FLOP per dollar,
  per joule) or a count over time (a base model counted again at a later date) they bias.
  `fine_tune_mask` flags them; `fine_tune_effects` shows what leaving them out changes.
- Dataset sizes: Epoch's "Training dataset size (total)" counts tokens for language, images for
  vision, and other units elsewhere; only one domain at a time is like for like
  (`dataset_size_comparable`).
- One pooled median over years in which a quantity rose by orders of magnitude describes no
  year: `median_by_period` gives medians per period and the trend's value at each.
- Parameters × data against compute: `scaling_decomposition` fits all three on the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from aigrowth.constants import (
    DL_ERA_START,
    FRONTIER_TOP_N,
    LARGE_SCALE_ERA_START,
    LARGE_SCALE_THRESHOLD_FLOP,
    LEVEL,
    N_BOOT,
    SEED,
)
from aigrowth.efficiency import add_efficiency_metrics, flag_implausible_cost
from aigrowth.trends import TrendFit, fit_trend, log_series, ols_line, select_subset, trend_table


def fine_tune_mask(models: pd.DataFrame) -> pd.Series:
    """True for a model fine-tuned from another (Epoch's "Base model" is filled)."""
    if "base_model" not in models.columns:
        raise KeyError("the fine-tune flag needs column 'base_model'")
    return models["base_model"].astype("string").str.strip().fillna("").ne("")


def above_threshold_fit(
    models: pd.DataFrame,
    threshold: float = LARGE_SCALE_THRESHOLD_FLOP,
    start=None,
    end=None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> TrendFit:
    """The outcome-selected trend (models with compute above `threshold`): biased toward zero
    by construction; kept only to show the bias, never to report."""
    above = pd.to_numeric(models["compute_flop"], errors="coerce") > threshold
    return fit_trend(models, "compute_flop", start, end, above, n_boot, seed, 0.0, LEVEL)


def large_scale_alternatives(
    models: pd.DataFrame, start=LARGE_SCALE_ERA_START, end=None, n_boot: int = N_BOOT, seed: int = SEED
) -> pd.DataFrame:
    """The biased above-threshold trend beside the valid replacement on the same window, the
    top 10 at release. Columns: rule, valid, plus TrendFit fields."""
    fits = [
        above_threshold_fit(models, start=start, end=end, n_boot=n_boot, seed=seed),
        fit_trend(models, "compute_flop", start, end, "frontier_top10", n_boot, seed),
    ]
    table = trend_table(fits)
    table.insert(
        0,
        "rule",
        [
            f"above {LARGE_SCALE_THRESHOLD_FLOP:.0e} FLOP (selected on the outcome)",
            f"top {FRONTIER_TOP_N} at release",
        ],
    )
    table.insert(1, "valid", [False, True])
    return table


def large_scale_counts(models: pd.DataFrame, threshold: float = LARGE_SCALE_THRESHOLD_FLOP) -> pd.DataFrame:
    """Models published each year with compute above `threshold` (a count selects on nothing
    it measures). Columns: year, models."""
    above = models[pd.to_numeric(models["compute_flop"], errors="coerce") > threshold]
    counts = above.groupby(above["year"].astype(int)).size()
    years = range(int(counts.index.min()), int(models["year"].max()) + 1) if len(counts) else []
    return counts.reindex(years, fill_value=0).rename("models").rename_axis("year").reset_index()


def fine_tune_effects(
    models: pd.DataFrame, start=DL_ERA_START, n_boot: int = N_BOOT, seed: int = SEED
) -> pd.DataFrame:
    """Trends with and without fine-tunes, for the measures they can bias.

    One row per measure: metric, subset, growth_all, n_all, growth_without, n_without,
    n_fine_tunes, median_all, median_without (of the metric, over the window).
    """
    eff = add_efficiency_metrics(models)
    tuned = fine_tune_mask(eff)
    rows = []
    for metric, subset in (
        ("compute_flop", "notable"),
        ("flop_per_dollar", "all"),
        ("flop_per_joule", "all"),
        ("training_time_hours", "notable"),
        ("cost_usd_2023", "notable"),
        ("dataset_size", "notable"),
    ):
        base, _ = select_subset(eff, subset)
        with_all = fit_trend(base, metric, start, None, "all", n_boot, seed)
        without = fit_trend(base, metric, start, None, ~tuned.reindex(base.index), n_boot, seed)
        _, y_all, _ = log_series(base, metric, start)
        _, y_wo, _ = log_series(base.loc[~tuned.reindex(base.index)], metric, start)
        rows.append(
            {
                "metric": metric,
                "subset": subset,
                "growth_all": with_all.growth_per_year,
                "n_all": with_all.n,
                "growth_without": without.growth_per_year,
                "low_without": without.growth_low,
                "high_without": without.growth_high,
                "n_without": without.n,
                "n_fine_tunes": with_all.n - without.n,
                "median_all": float(10 ** np.median(y_all)),
                "median_without": float(10 ** np.median(y_wo)),
            }
        )
    return pd.DataFrame(rows)


def dataset_size_comparable(models: pd.DataFrame, domain: str = "Language") -> pd.Series:
    """True where the dataset size is in the unit of `domain`'s models (one domain group at a
    time; language models count tokens) and the model is not a fine-tune."""
    return (
        models["domain_group"].astype("string").eq(domain).fillna(False)
        & pd.to_numeric(models["dataset_size"], errors="coerce").gt(0)
        & ~fine_tune_mask(models)
    ).astype(bool)


def median_by_period(
    models: pd.DataFrame,
    metric: str = "flop_per_dollar",
    periods: Sequence[tuple[int, int]] = (
        (2010, 2014),
        (2015, 2017),
        (2018, 2020),
        (2021, 2023),
        (2024, 2026),
    ),
    exclude_implausible: bool = True,
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> pd.DataFrame:
    """Median of `metric` per period with its n and interquartile range, and the log-linear
    trend's value at each period's middle (fitted to all the periods' rows), instead of one
    pooled median. With `exclude_implausible`, cost/compute pairs `flag_implausible_cost`
    flags are left out (FLOP per dollar only)."""
    eff = add_efficiency_metrics(models)
    keep = pd.Series(True, index=eff.index)
    if exclude_implausible and metric == "flop_per_dollar":
        flagged = flag_implausible_cost(models)
        keep &= ~eff.index.isin(flagged.index[flagged["implausible"]])
    rows = eff.loc[keep]
    first, last = periods[0][0], periods[-1][1]
    trend = fit_trend(rows, metric, f"{first}-01-01", f"{last}-12-31", "all", n_boot, seed)
    out = []
    for lo, hi in periods:
        _, y, _ = log_series(rows, metric, f"{lo}-01-01", f"{hi}-12-31")
        mid = (lo + hi + 1) / 2
        out.append(
            {
                "period": f"{lo}–{hi}",
                "n": int(y.size),
                "median": float(10 ** np.median(y)) if y.size else np.nan,
                "q25": float(10 ** np.quantile(y, 0.25)) if y.size else np.nan,
                "q75": float(10 ** np.quantile(y, 0.75)) if y.size else np.nan,
                "trend_at_middle": float(10 ** trend.predict(mid)),
            }
        )
    frame = pd.DataFrame(out)
    frame.attrs["trend"] = trend
    return frame


def scaling_decomposition(
    models: pd.DataFrame, domain: str = "Language", start=DL_ERA_START, subset: str = "notable"
) -> pd.DataFrame:
    """Growth of parameters, dataset size and compute: each on its own rows (as separate
    headline trends are), and all three on the same rows (models of `domain`, not fine-tunes,
    with all three values), where compute ≈ 6 × parameters × tokens should hold.

    One row per sample: sample, n, params_growth, data_growth, product_growth (params × data),
    compute_growth, and on the same rows passes_growth: the trend of compute ÷ (6 × parameters ×
    dataset size), the number of passes over the dataset (epochs) the compute implies; below 1
    it explains why compute grew slower than parameters × data (each per year).
    """
    base, _ = select_subset(models, subset)
    rows = []
    separate = {m: log_series(base, m, start)[:2] for m in ("parameters", "dataset_size", "compute_flop")}
    slopes = {m: ols_line(*xy)[0] for m, xy in separate.items()}
    rows.append(
        {
            "sample": f"{subset}, each measure on its own rows (all domains)",
            "n": "/".join(str(xy[0].size) for xy in separate.values()),
            "params_growth": 10 ** slopes["parameters"],
            "data_growth": 10 ** slopes["dataset_size"],
            "product_growth": 10 ** (slopes["parameters"] + slopes["dataset_size"]),
            "compute_growth": 10 ** slopes["compute_flop"],
            "passes_growth": np.nan,
        }
    )
    same = base[dataset_size_comparable(base, domain) & (base["parameters"] > 0) & (base["compute_flop"] > 0)]
    slopes = {
        m: ols_line(*log_series(same, m, start)[:2])[0]
        for m in ("parameters", "dataset_size", "compute_flop")
    }
    n_same = log_series(same, "compute_flop", start)[0].size
    passes = same.assign(passes=same["compute_flop"] / (6 * same["parameters"] * same["dataset_size"]))
    slopes["passes"] = ols_line(*log_series(passes, "passes", start)[:2])[0]
    rows.append(
        {
            "sample": f"{subset} {domain.lower()} models with all three, no fine-tunes",
            "n": str(n_same),
            "params_growth": 10 ** slopes["parameters"],
            "data_growth": 10 ** slopes["dataset_size"],
            "product_growth": 10 ** (slopes["parameters"] + slopes["dataset_size"]),
            "compute_growth": 10 ** slopes["compute_flop"],
            "passes_growth": 10 ** slopes["passes"],
        }
    )
    return pd.DataFrame(rows)
