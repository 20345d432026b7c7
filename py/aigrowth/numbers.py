"""Every headline number of the report as data, keyed by a stable name.

`headline_numbers(ds)` returns {key: {"value", "low", "high", "level", "n", "subset",
"method"}}; each entry is JSON-safe (None where a field does not apply, and for an unbounded
interval end such as a doubling time when growth could be zero). Chapters read their numbers from
here, so a data refresh rewrites the prose. `main` prints the whole set as JSON.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from aigrowth.aicompute import growth_between, record_runs, record_trend
from aigrowth.constants import (
    DL_ERA_START,
    LARGE_SCALE_ERA_START,
    LEVEL,
    N_BOOT,
    OPENAI_2018_END,
    OPENAI_2018_START,
    SEED,
)
from aigrowth.efficiency import (
    above_hardware_peak,
    add_efficiency_metrics,
    flag_implausible_cost,
    hardware_with_years,
)
from aigrowth.eras import find_break
from aigrowth.regression import fit_domain_regression
from aigrowth.trends import TrendFit, fit_trend

Entry = dict[str, Any]


def _clean(value: Any) -> Any:
    """JSON-safe scalar: numpy to Python, NaN and ±inf to None."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else None
    return value


def entry(
    value: Any,
    low: Any = None,
    high: Any = None,
    level: float | None = None,
    n: int | None = None,
    subset: str | None = None,
    method: str | None = None,
) -> Entry:
    """One headline number in the shared shape."""
    return {
        "value": _clean(value),
        "low": _clean(low),
        "high": _clean(high),
        "level": _clean(level),
        "n": _clean(n),
        "subset": subset,
        "method": method,
    }


def _trend_entries(
    quantity: str, group: str, fit: TrendFit, doubling: bool = True
) -> dict[str, Entry]:
    """`{quantity}_growth_per_year_{group}` (and `{quantity}_doubling_months_{group}`) entries
    of one trend fit."""
    window = f"{fit.subset}, {math.floor(fit.start)}–{math.floor(fit.end)}"
    out = {
        f"{quantity}_growth_per_year_{group}": entry(fit.growth_per_year, fit.growth_low, fit.growth_high,
                                        fit.level, fit.n, window, fit.method),
    }
    if doubling:
        out[f"{quantity}_doubling_months_{group}"] = entry(
            fit.doubling_months if fit.doubling_defined else None,
            fit.doubling_low, fit.doubling_high, fit.level, fit.n, window, fit.method,
        )
    return out


def _count(value: int, subset: str, method: str) -> Entry:
    return entry(value, n=value, subset=subset, method=method)


# The headline trends: (quantity, group) -> (metric, subset, start, end). Chapters draw these
# same fits (via `trend_fits`) so a chart's trend line and the prose number always agree.
TREND_SPECS: dict[tuple[str, str], tuple[str, str, Any, Any]] = {
    ("compute", "pre_dl"): ("compute_flop", "notable", None, DL_ERA_START - pd.Timedelta(days=1)),
    ("compute", "dl"): ("compute_flop", "notable", DL_ERA_START, None),
    ("compute", "frontier"): ("compute_flop", "frontier_top10", DL_ERA_START, None),
    ("compute", "frontier_epoch"): ("compute_flop", "frontier_epoch", DL_ERA_START, None),
    ("compute", "frontier_since_2018"): ("compute_flop", "frontier_top10", "2018-01-01", None),
    ("compute", "large_scale_era"): ("compute_flop", "residual_outliers", LARGE_SCALE_ERA_START, None),
    ("compute", "large_scale"): ("compute_flop", "large_scale", None, None),
    ("cost", "frontier"): ("cost_usd_2023", "frontier_top10", DL_ERA_START, None),
    # Cost, scale and efficiency chapter: the rest of the models beside the frontier.
    ("compute", "non_frontier"): ("compute_flop", "non_frontier_top10", DL_ERA_START, None),
    ("cost", "non_frontier"): ("cost_usd_2023", "non_frontier_top10", DL_ERA_START, None),
    ("power", "frontier"): ("power_w", "frontier_top10", DL_ERA_START, None),
    ("parameters", "dl"): ("parameters", "notable", DL_ERA_START, None),
    ("parameters", "frontier"): ("parameters", "frontier_top10", DL_ERA_START, None),
    ("training_time", "dl"): ("training_time_hours", "notable", DL_ERA_START, None),
    ("dataset_size", "dl"): ("dataset_size", "notable", DL_ERA_START, None),
    # AI and Compute, revisited: OpenAI's (2018) two eras split at 2012, and the pace of the
    # record-setting runs after OpenAI's window.
    ("compute", "pre_2012"): ("compute_flop", "notable", None, OPENAI_2018_START - pd.Timedelta(days=1)),
    ("compute", "since_2012"): ("compute_flop", "notable", OPENAI_2018_START, None),
    ("compute", "record_since_2019"): ("compute_flop", "record_setters", OPENAI_2018_END + pd.Timedelta(days=1), None),
}


def trend_fits(ds: Any, n_boot: int = N_BOOT, seed: int = SEED) -> dict[tuple[str, str], TrendFit]:
    """The fitted headline trends, keyed like `TREND_SPECS`."""
    return {
        key: fit_trend(ds.models, metric, start, end, subset, n_boot, seed, 0.0, LEVEL)
        for key, (metric, subset, start, end) in TREND_SPECS.items()
    }


# -- Cost, scale and efficiency chapter (report/costs.qmd) ------------------------------------

def efficiency_fits(ds: Any, n_boot: int = N_BOOT, seed: int = SEED) -> dict[str, TrendFit]:
    """The efficiency trends the costs chapter states and draws, since 2010:
    "flop_per_dollar_plausible" (training runs, without the cost/compute pairs
    `flag_implausible_cost` flags), and Epoch's per-accelerator "hardware_price_performance"
    (highest listed operations per second per launch-price dollar) and
    "hardware_energy_efficiency" (per watt of thermal design power). The hardware trends are
    left out when the dataset has no hardware table."""
    m = ds.models
    eff = add_efficiency_metrics(m)
    flagged = flag_implausible_cost(m)
    plausible = pd.Series(~m.index.isin(flagged.index[flagged["implausible"]]), index=m.index)
    out = {"flop_per_dollar_plausible": fit_trend(eff, "flop_per_dollar", DL_ERA_START, None,
                                                  plausible, n_boot, seed, 0.0, LEVEL)}
    if getattr(ds, "hardware", None) is not None and not ds.hardware.empty:
        peak = above_hardware_peak(ds.models, ds.hardware)
        possible = pd.Series(~m.index.isin(peak.index[peak["above_peak"]]), index=m.index)
        out["flop_per_joule_plausible"] = fit_trend(eff, "flop_per_joule", DL_ERA_START, None,
                                                    possible, n_boot, seed, 0.0, LEVEL)
        hw = hardware_with_years(ds.hardware)
        for name, column in (("hardware_price_performance", "price_performance"),
                             ("hardware_energy_efficiency", "energy_efficiency")):
            out[name] = fit_trend(hw, column, DL_ERA_START, None, "all", n_boot, seed, 0.0, LEVEL)
    return out


def headline_numbers(
    ds: Any,
    n_boot: int = N_BOOT,
    seed: int = SEED,
    fits: dict[tuple[str, str], TrendFit] | None = None,
    efficiency: dict[str, TrendFit] | None = None,
) -> dict[str, Entry]:
    """Compute every headline number from a loaded `Dataset` (see `aigrowth.data.load`).

    `n_boot` sets the bootstrap size of every interval (the break search uses half as many,
    each resample being a full grid search). `fits` and `efficiency` take the results of
    `trend_fits` and `efficiency_fits` when the caller has them already (the chapters draw the
    same fits), so they are not computed twice.
    """
    m = ds.models
    out: dict[str, Entry] = {}

    headline_fits = fits if fits is not None else trend_fits(ds, n_boot, seed)
    for (quantity, group), fit in headline_fits.items():
        out.update(_trend_entries(quantity, group, fit))

    # OpenAI (2018) revisited: record-setting runs 2012–2018.
    records = record_trend(m, OPENAI_2018_START, OPENAI_2018_END, n_boot=n_boot, seed=seed)
    rec = _trend_entries("compute", "record_2012_2018", records)
    for value in rec.values():
        value["subset"] = "record-setting runs, 2012–2018"
    out.update(rec)
    runs = record_runs(m)
    out["compute_record_count_2012_2018"] = _count(
        len(runs), "record-setting runs, 2012–2018",
        "models whose compute exceeded every earlier model's")
    if len(runs) >= 2:
        first, last = runs.iloc[0], runs.iloc[-1]
        factor = float(last["compute_flop"] / first["compute_flop"])
        out["compute_record_increase_2012_2018"] = entry(
            factor, n=len(runs), subset="record-setting runs, 2012–2018",
            method=f"compute of {last['model']} over {first['model']}")
    try:
        ab = growth_between(m, "AlexNet", "AlphaGo Zero")
        out["compute_increase_alexnet_to_alphago_zero"] = entry(
            ab.factor, n=2, subset="AlexNet (2012) and AlphaGo Zero (2017)",
            method="ratio of training compute, as OpenAI (2018) compared them")
    except (KeyError, ValueError):
        pass

    # AI and Compute, revisited: from AlexNet, OpenAI's starting point, to the largest run today.
    largest_name = str(m.loc[m["compute_flop"].idxmax(), "model"])
    try:
        al = growth_between(m, "AlexNet", largest_name)
        method = f"ratio of training compute, {largest_name} over AlexNet"
        out["compute_increase_alexnet_to_largest"] = entry(
            al.factor, n=2, subset=f"AlexNet (2012) and {largest_name}", method=method)
        out["compute_growth_per_year_alexnet_to_largest"] = entry(
            al.growth_per_year, n=2, subset=f"AlexNet (2012) and {largest_name}",
            method=f"{method}, per year between their publication dates")
        out["compute_doubling_months_alexnet_to_largest"] = entry(
            al.doubling_months, n=2, subset=f"AlexNet (2012) and {largest_name}",
            method=f"{method}, as a doubling time")
    except (KeyError, ValueError):
        pass

    # The break, found from the data.
    brk = find_break(m, "compute_flop", "notable", n_boot=max(n_boot // 2, 0), seed=seed)
    out["compute_break_year"] = entry(
        brk.year, brk.year_low, brk.year_high, brk.level, brk.n, "notable",
        f"{brk.method}; preferred form: {brk.form}")
    out["compute_break_preferred"] = entry(brk.break_preferred, n=brk.n, subset="notable",
                                           method="BIC of break vs no-break models")
    # Temporal chapter: how strongly BIC prefers the break, and in which form.
    bic_break = {"continuous": brk.bic_continuous, "jump": brk.bic_jump}.get(brk.form, brk.bic_none)
    out["compute_break_bic_gain"] = entry(
        brk.bic_none - bic_break, n=brk.n, subset="notable",
        method=f"BIC of one straight line minus BIC of the preferred form ({brk.form}); "
               "above 10 is very strong evidence for the break")
    out["compute_break_with_jump"] = entry(brk.form == "jump", n=brk.n, subset="notable",
                                           method="preferred form has a jump in level at the break")
    for group, fit in (("before_break", brk.before), ("after_break", brk.after)):
        side = _trend_entries("compute", group, fit)
        for value in side.values():
            # The segment fits run on rows already restricted to notable models.
            value["subset"] = f"notable, {math.floor(fit.start)}–{math.floor(fit.end)}"
        out.update(side)

    # Efficiency.
    eff = add_efficiency_metrics(m)
    for metric in ("flop_per_dollar", "flop_per_joule"):
        fit = fit_trend(eff, metric, DL_ERA_START, None, "all", n_boot, seed, 0.0, LEVEL)
        out.update(_trend_entries(metric, "dl", fit, doubling=False))
    flagged = flag_implausible_cost(m)
    out["cost_implausible_rows"] = _count(
        int(flagged["implausible"].sum()), "models with compute and cost",
        "FLOP per dollar more than 1.5 orders of magnitude from models within ±2 years")
    median_fpd = float(np.median(flagged["flop_per_dollar"]))
    out["flop_per_dollar_median"] = entry(median_fpd, n=len(flagged),
                                          subset="models with compute and cost",
                                          method="median of compute / cost (2023 USD)")

    # -- Cost, scale and efficiency chapter (report/costs.qmd) --------------------------------
    subsets = {"flop_per_dollar_plausible": "all models, without flagged cost/compute pairs",
               "flop_per_joule_plausible": "all models, without runs above the best chip's peak",
               "hardware_price_performance": "ML accelerators with a launch price",
               "hardware_energy_efficiency": "ML accelerators with a power rating"}
    for name, fit in (efficiency if efficiency is not None else efficiency_fits(ds, n_boot, seed)).items():
        quantity, group = ((name.removesuffix("_plausible"), "dl_plausible")
                           if name.endswith("_plausible") else (name, "dl"))
        side = _trend_entries(quantity, group, fit, doubling=False)
        for value in side.values():
            value["subset"] = f"{subsets[name]}, {math.floor(fit.start)}–{math.floor(fit.end)}"
        out.update(side)
    # How far above the other models the frontier trend sits, where both trends begin and end.
    front, rest = headline_fits[("compute", "frontier")], headline_fits[("compute", "non_frontier")]
    for end, at in (("start", max(front.start, rest.start)), ("end", min(front.end, rest.end))):
        out[f"compute_frontier_gap_{end}"] = entry(
            float(10 ** (front.predict(at) - rest.predict(at))), n=front.n + rest.n,
            subset=f"frontier_top10 vs other models, at {at:.1f}",
            method=f"ratio of the frontier trend to the trend of all other models at the {end} "
                   "of the window both cover")
    if getattr(ds, "hardware", None) is not None and not ds.hardware.empty:
        out["energy_above_peak_rows"] = _count(
            int(above_hardware_peak(ds.models, ds.hardware)["above_peak"].sum()), "models with compute, power and time",
            "FLOP per joule above the best accelerator's peak energy efficiency released by then")
    cost_rows = m["cost_usd_2023"] > 0
    out["models_with_cost_frontier"] = _count(
        int((cost_rows & m["frontier_top10"].astype("boolean").fillna(False)).sum()),
        "frontier_top10", "frontier models with a training cost")
    out["models_with_cost_since_2024"] = _count(
        int((cost_rows & (pd.to_numeric(m["year"]) >= 2024)).sum()), "all models",
        "models published since 2024 with a training cost")

    # Compute vs parameters by domain.
    reg = fit_domain_regression(m)
    out["compute_params_interaction_p"] = entry(
        reg.interaction_test.p, n=reg.n, subset="models with compute and parameters",
        method=f"Wald F-test (HC3) that slopes differ by domain; F({reg.interaction_test.df_num},"
               f" {reg.interaction_test.df_den}) = {reg.interaction_test.f:.2f}")
    ref = reg.slopes.iloc[0]
    out["compute_params_slope_reference"] = entry(
        ref["slope"], ref["low"], ref["high"], reg.level, int(ref["n"]), ref["domain_group"],
        "log10 compute on log10 parameters, HC3 interval")

    # Counts.
    def flag_count(column: str) -> int:
        return int(m[column].astype("boolean").fillna(False).sum())

    out["models_total"] = _count(len(m), "all models", "rows of the merged table")
    out["models_notable"] = _count(flag_count("is_notable"), "notable", "Epoch notable file")
    out["models_large_scale"] = _count(flag_count("is_large_scale"), "large_scale",
                                       "Epoch large-scale list (>1e23 FLOP)")
    out["models_frontier_top10"] = _count(flag_count("frontier_top10"), "frontier_top10",
                                          "top 10 by compute at release")
    out["models_frontier_epoch"] = _count(flag_count("frontier_epoch"), "frontier_epoch",
                                          "Epoch 'Frontier model' flag")
    out["models_with_compute"] = _count(int((m["compute_flop"] > 0).sum()), "all models",
                                        "rows with a training compute estimate")
    out["models_with_cost"] = _count(int((m["cost_usd_2023"] > 0).sum()), "all models",
                                     "rows with a training cost")
    out["countries_with_models"] = _count(int(ds.model_countries["iso3"].nunique()),
                                          "all models", "countries credited with a model")
    largest = m.loc[m["compute_flop"].idxmax()]
    out["compute_largest_flop"] = entry(float(largest["compute_flop"]), n=1,
                                        subset="all models",
                                        method=f"largest training compute: {largest['model']}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print every headline number as JSON (sorted keys, indent 2). Returns an exit code."""
    import argparse

    from aigrowth.data import load

    parser = argparse.ArgumentParser(prog="aigrowth numbers", description=main.__doc__)
    parser.add_argument("--n-boot", type=int, default=N_BOOT,
                        help=f"bootstrap resamples per interval (default {N_BOOT})")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        ds = load()
    except FileNotFoundError as exc:
        print(f"data not found: {exc}", file=sys.stderr)
        return 1
    numbers = headline_numbers(ds, n_boot=args.n_boot)
    json.dump(numbers, sys.stdout, sort_keys=True, indent=2, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
