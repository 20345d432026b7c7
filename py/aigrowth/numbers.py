"""Every headline number of the report, declared once and computed from the data.

The spec below declares each number: a `Trend` (a variable, a subset of models, a window; the
method is always least squares on log values with a seeded bootstrap) gives a growth per year
and a doubling time, and a `Derived` declaration names the numbers one small function computes
(counts, ratios, the break, the regression). From the spec come:

- `numbers.json` and `python -m aigrowth numbers` (`numbers_json`), with floats written to
  `JSON_DIGITS` significant digits, so the file does not differ between machines;
- the prose accessors: `compute(ds).numbers.compute_growth_per_year_dl.growth()` gives
  "4.4× (95% CI 4.0–4.8×)" (see `Number`);
- the trend lines the charts draw: `compute(ds).trends.compute_dl` is the fit behind those
  numbers, so a drawn line and a printed number cannot disagree.

`headline_numbers(ds)` returns the numbers in numbers.json's shape, {key: {"value", "low",
"high", "level", "n", "subset", "method"}} (None where a field does not apply, and for an
unbounded interval end such as a doubling time when growth could be zero). The chapters read
the results through `aigrowth.numbers_cache`, which computes them once per data and code.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeAlias, TypeVar

import numpy as np
import pandas as pd

from aigrowth import fmt
from aigrowth.aicompute import growth_between, record_runs
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
from aigrowth.eras import BreakResult, find_break
from aigrowth.regression import fit_domain_regression
from aigrowth.trends import TrendFit, fit_trend

Entry = dict[str, Any]
DateLike: TypeAlias = str | pd.Timestamp | float | None

#: Significant digits of every float in numbers.json: far more than the prose prints, and few
#: enough that floating-point noise between machines (about 1e-15) never shows.
JSON_DIGITS = 10

_DAY = pd.Timedelta(days=1)


# -- The spec --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """One headline trend: log10(`variable`) on decimal year for `subset` in [start, end].

    Its numbers are `{quantity}_growth_per_year_{group}` and, with `doubling`,
    `{quantity}_doubling_months_{group}`; its fit is `trends.{quantity}_{group}`. `subset` names
    a subset of `aigrowth.trends.SUBSETS` or a row filter of `ROW_FILTERS`; `table` says which
    rows it is fitted on ("models", or "hardware": Epoch's accelerators). `describe` is what
    the numbers' `subset` field says, with `{subset}` and `{window}` filled in.
    """

    quantity: str
    group: str
    variable: str
    subset: str
    start: DateLike = None
    end: DateLike = None
    doubling: bool = True
    table: str = "models"
    describe: str = "{subset}, {window}"

    @property
    def name(self) -> str:
        return f"{self.quantity}_{self.group}"

    @property
    def keys(self) -> tuple[str, ...]:
        growth = f"{self.quantity}_growth_per_year_{self.group}"
        return (growth, f"{self.quantity}_doubling_months_{self.group}") if self.doubling else (growth,)


TRENDS: tuple[Trend, ...] = (
    Trend("compute", "pre_dl", "compute_flop", "notable", None, DL_ERA_START - _DAY),
    Trend("compute", "dl", "compute_flop", "notable", DL_ERA_START),
    Trend("compute", "frontier", "compute_flop", "frontier_top10", DL_ERA_START),
    Trend("compute", "frontier_epoch", "compute_flop", "frontier_epoch", DL_ERA_START),
    Trend("compute", "frontier_since_2018", "compute_flop", "frontier_top10", "2018-01-01"),
    Trend("compute", "large_scale_era", "compute_flop", "residual_outliers", LARGE_SCALE_ERA_START),
    Trend("compute", "large_scale", "compute_flop", "large_scale"),
    Trend("cost", "frontier", "cost_usd_2023", "frontier_top10", DL_ERA_START),
    # Cost, scale and efficiency chapter: the rest of the models beside the frontier.
    Trend("compute", "non_frontier", "compute_flop", "non_frontier_top10", DL_ERA_START),
    Trend("cost", "non_frontier", "cost_usd_2023", "non_frontier_top10", DL_ERA_START),
    Trend("power", "frontier", "power_w", "frontier_top10", DL_ERA_START),
    Trend("parameters", "dl", "parameters", "notable", DL_ERA_START),
    Trend("parameters", "frontier", "parameters", "frontier_top10", DL_ERA_START),
    Trend("training_time", "dl", "training_time_hours", "notable", DL_ERA_START),
    Trend("dataset_size", "dl", "dataset_size", "notable", DL_ERA_START),
    # AI and Compute, revisited: OpenAI's (2018) two eras split at 2012, its window's
    # record-setting runs, and the pace of the records after the window.
    Trend("compute", "pre_2012", "compute_flop", "notable", None, OPENAI_2018_START - _DAY),
    Trend("compute", "since_2012", "compute_flop", "notable", OPENAI_2018_START),
    Trend("compute", "record_2012_2018", "compute_flop", "record_setters", OPENAI_2018_START,
          OPENAI_2018_END, describe="record-setting runs, 2012–2018"),
    Trend("compute", "record_since_2019", "compute_flop", "record_setters", OPENAI_2018_END + _DAY),
    # Efficiency, since the deep-learning era began: every run, and the runs whose figures
    # are possible; Epoch's accelerators for comparison.
    Trend("flop_per_dollar", "dl", "flop_per_dollar", "all", DL_ERA_START, doubling=False),
    Trend("flop_per_joule", "dl", "flop_per_joule", "all", DL_ERA_START, doubling=False),
    Trend("flop_per_dollar", "dl_plausible", "flop_per_dollar", "plausible_cost", DL_ERA_START,
          doubling=False, describe="all models, without flagged cost/compute pairs, {window}"),
    Trend("flop_per_joule", "dl_plausible", "flop_per_joule", "below_chip_peak", DL_ERA_START,
          doubling=False, describe="all models, without runs above the best chip's peak, {window}"),
    Trend("hardware_price_performance", "dl", "price_performance", "all", DL_ERA_START,
          doubling=False, table="hardware", describe="ML accelerators with a launch price, {window}"),
    Trend("hardware_energy_efficiency", "dl", "energy_efficiency", "all", DL_ERA_START,
          doubling=False, table="hardware", describe="ML accelerators with a power rating, {window}"),
)
"""The headline trends. The chapters draw these same fits, so a chart's trend line and the
prose number always agree."""


@dataclass
class Context:
    """What the derived numbers are computed from: the data, the fitted trends and results
    more than one declaration reads (computed once, on first use)."""

    ds: Any
    trends: dict[str, TrendFit]
    n_boot: int
    seed: int
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def models(self) -> pd.DataFrame:
        return self.ds.models

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    @property
    def has_hardware(self) -> bool:
        return getattr(self.ds, "hardware", None) is not None and not self.ds.hardware.empty

    def implausible_cost(self) -> pd.DataFrame:
        return self.once("implausible_cost", lambda: flag_implausible_cost(self.models))

    def above_peak(self) -> pd.DataFrame:
        return self.once("above_peak", lambda: above_hardware_peak(self.models, self.ds.hardware))

    def compute_break(self) -> BreakResult:
        # Each resample of the break search is a full grid search, so it draws half as many.
        return self.once("break", lambda: find_break(self.models, "compute_flop", "notable",
                                                     n_boot=max(self.n_boot // 2, 0), seed=self.seed))


def _plausible_cost(ctx: Context) -> pd.Series:
    flagged = ctx.implausible_cost()
    m = ctx.models
    return pd.Series(~m.index.isin(flagged.index[flagged["implausible"]]), index=m.index)


def _below_chip_peak(ctx: Context) -> pd.Series:
    peak = ctx.above_peak()
    m = ctx.models
    return pd.Series(~m.index.isin(peak.index[peak["above_peak"]]), index=m.index)


ROW_FILTERS: dict[str, Callable[[Context], pd.Series]] = {
    "plausible_cost": _plausible_cost,
    "below_chip_peak": _below_chip_peak,
}
"""Subsets of the models that depend on other results: without the cost/compute pairs
`flag_implausible_cost` flags, and without the runs above the best chip's peak (which need the
hardware table)."""


@dataclass(frozen=True)
class Derived:
    """Numbers one function computes from the `Context`: `keys` lists them (so the spec names
    every number without computing any); `optional` ones may be missing from the data (a model
    the comparison names is not in the release)."""

    keys: tuple[str, ...]
    compute: Callable[[Context], dict[str, Entry]]
    optional: bool = False


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


def _window(fit: TrendFit) -> str:
    return f"{math.floor(fit.start)}–{math.floor(fit.end)}"


def _trend_entries(keys: tuple[str, ...], fit: TrendFit, subset: str) -> dict[str, Entry]:
    """The growth (and doubling-time) entries of one fit."""
    out = {keys[0]: entry(fit.growth_per_year, fit.growth_low, fit.growth_high, fit.level, fit.n,
                          subset, fit.method)}
    if len(keys) > 1:
        out[keys[1]] = entry(fit.doubling_months if fit.doubling_defined else None,
                             fit.doubling_low, fit.doubling_high, fit.level, fit.n, subset, fit.method)
    return out


def _count(value: int, subset: str, method: str) -> Entry:
    return entry(value, n=value, subset=subset, method=method)


RECORDS_2012_2018 = "record-setting runs, 2012–2018"


def _records(ctx: Context) -> dict[str, Entry]:
    runs = record_runs(ctx.models)
    out = {"compute_record_count_2012_2018": _count(
        len(runs), RECORDS_2012_2018, "models whose compute exceeded every earlier model's")}
    if len(runs) >= 2:
        first, last = runs.iloc[0], runs.iloc[-1]
        out["compute_record_increase_2012_2018"] = entry(
            float(last["compute_flop"] / first["compute_flop"]), n=len(runs), subset=RECORDS_2012_2018,
            method=f"compute of {last['model']} over {first['model']}")
    return out


def _alexnet_to_alphago_zero(ctx: Context) -> dict[str, Entry]:
    try:
        ab = growth_between(ctx.models, "AlexNet", "AlphaGo Zero")
    except (KeyError, ValueError):
        return {}
    return {"compute_increase_alexnet_to_alphago_zero": entry(
        ab.factor, n=2, subset="AlexNet (2012) and AlphaGo Zero (2017)",
        method="ratio of training compute, as OpenAI (2018) compared them")}


def _alexnet_to_largest(ctx: Context) -> dict[str, Entry]:
    """AI and Compute, revisited: from AlexNet, OpenAI's starting point, to the largest run."""
    m = ctx.models
    largest = str(m.loc[m["compute_flop"].idxmax(), "model"])
    try:
        al = growth_between(m, "AlexNet", largest)
    except (KeyError, ValueError):
        return {}
    method = f"ratio of training compute, {largest} over AlexNet"
    subset = f"AlexNet (2012) and {largest}"
    return {
        "compute_increase_alexnet_to_largest": entry(al.factor, n=2, subset=subset, method=method),
        "compute_growth_per_year_alexnet_to_largest": entry(
            al.growth_per_year, n=2, subset=subset, method=f"{method}, per year between their publication dates"),
        "compute_doubling_months_alexnet_to_largest": entry(
            al.doubling_months, n=2, subset=subset, method=f"{method}, as a doubling time"),
    }


def _break(ctx: Context) -> dict[str, Entry]:
    """The break in the compute trend of notable models, found from the data."""
    brk = ctx.compute_break()
    bics = {"continuous": brk.bic_continuous, "jump": brk.bic_jump}
    bic_break = bics[brk.form] if brk.form in bics else brk.bic_none
    assert bic_break is not None, "the preferred form has a BIC"
    out = {
        "compute_break_year": entry(brk.year, brk.year_low, brk.year_high, brk.level, brk.n, "notable",
                                    f"{brk.method}; preferred form: {brk.form}"),
        "compute_break_preferred": entry(brk.break_preferred, n=brk.n, subset="notable",
                                         method="BIC of break vs no-break models"),
        "compute_break_bic_gain": entry(
            brk.bic_none - bic_break, n=brk.n, subset="notable",
            method=f"BIC of one straight line minus BIC of the preferred form ({brk.form}); "
                   "above 10 is very strong evidence for the break"),
        "compute_break_with_jump": entry(brk.form == "jump", n=brk.n, subset="notable",
                                         method="preferred form has a jump in level at the break"),
    }
    for group, fit in (("before_break", brk.before), ("after_break", brk.after)):
        # The segment fits run on rows already restricted to notable models.
        out.update(_trend_entries((f"compute_growth_per_year_{group}", f"compute_doubling_months_{group}"),
                                  fit, f"notable, {_window(fit)}"))
    return out


def _cost_checks(ctx: Context) -> dict[str, Entry]:
    flagged = ctx.implausible_cost()
    m = ctx.models
    cost_rows = m["cost_usd_2023"] > 0
    return {
        "cost_implausible_rows": _count(
            int(flagged["implausible"].sum()), "models with compute and cost",
            "FLOP per dollar more than 1.5 orders of magnitude from models within ±2 years"),
        "flop_per_dollar_median": entry(float(np.median(flagged["flop_per_dollar"])), n=len(flagged),
                                        subset="models with compute and cost",
                                        method="median of compute / cost (2023 USD)"),
        "models_with_cost_frontier": _count(
            int((cost_rows & m["frontier_top10"].astype("boolean").fillna(False)).sum()),
            "frontier_top10", "frontier models with a training cost"),
        "models_with_cost_since_2024": _count(
            int((cost_rows & (pd.to_numeric(m["year"]) >= 2024)).sum()), "all models",
            "models published since 2024 with a training cost"),
    }


def _energy_checks(ctx: Context) -> dict[str, Entry]:
    if not ctx.has_hardware:
        return {}
    return {"energy_above_peak_rows": _count(
        int(ctx.above_peak()["above_peak"].sum()), "models with compute, power and time",
        "FLOP per joule above the best accelerator's peak energy efficiency released by then")}


def _frontier_gap(ctx: Context) -> dict[str, Entry]:
    """How far above the other models the frontier trend sits, where both trends begin and end."""
    front, rest = ctx.trends["compute_frontier"], ctx.trends["compute_non_frontier"]
    out = {}
    for end, at in (("start", max(front.start, rest.start)), ("end", min(front.end, rest.end))):
        out[f"compute_frontier_gap_{end}"] = entry(
            float(10 ** (front.predict(at) - rest.predict(at))), n=front.n + rest.n,
            subset=f"frontier_top10 vs other models, at {at:.1f}",
            method=f"ratio of the frontier trend to the trend of all other models at the {end} "
                   "of the window both cover")
    return out


def _regression(ctx: Context) -> dict[str, Entry]:
    """Compute against parameters by domain."""
    reg = fit_domain_regression(ctx.models)
    test = reg.interaction_test
    ref = reg.slopes.iloc[0]
    return {
        "compute_params_interaction_p": entry(
            test.p, n=reg.n, subset="models with compute and parameters",
            method=f"Wald F-test (HC3) that slopes differ by domain; F({test.df_num}, {test.df_den}) = {test.f:.2f}"),
        "compute_params_slope_reference": entry(
            ref["slope"], ref["low"], ref["high"], reg.level, int(ref["n"]), ref["domain_group"],
            "log10 compute on log10 parameters, HC3 interval"),
    }


def _counts(ctx: Context) -> dict[str, Entry]:
    m = ctx.models

    def flag_count(column: str) -> int:
        return int(m[column].astype("boolean").fillna(False).sum())

    largest = m.loc[m["compute_flop"].idxmax()]
    return {
        "models_total": _count(len(m), "all models", "rows of the merged table"),
        "models_notable": _count(flag_count("is_notable"), "notable", "Epoch notable file"),
        "models_large_scale": _count(flag_count("is_large_scale"), "large_scale", "Epoch large-scale list (>1e23 FLOP)"),
        "models_frontier_top10": _count(flag_count("frontier_top10"), "frontier_top10", "top 10 by compute at release"),
        "models_frontier_epoch": _count(flag_count("frontier_epoch"), "frontier_epoch", "Epoch 'Frontier model' flag"),
        "models_with_compute": _count(int((m["compute_flop"] > 0).sum()), "all models",
                                      "rows with a training compute estimate"),
        "models_with_cost": _count(int((m["cost_usd_2023"] > 0).sum()), "all models", "rows with a training cost"),
        "countries_with_models": _count(int(ctx.ds.model_countries["iso3"].nunique()), "all models",
                                        "countries credited with a model"),
        "compute_largest_flop": entry(float(largest["compute_flop"]), n=1, subset="all models",
                                      method=f"largest training compute: {largest['model']}"),
    }


DERIVED: tuple[Derived, ...] = (
    Derived(("compute_record_count_2012_2018", "compute_record_increase_2012_2018"), _records),
    Derived(("compute_increase_alexnet_to_alphago_zero",), _alexnet_to_alphago_zero, optional=True),
    Derived(("compute_increase_alexnet_to_largest", "compute_growth_per_year_alexnet_to_largest",
             "compute_doubling_months_alexnet_to_largest"), _alexnet_to_largest, optional=True),
    Derived(("compute_break_year", "compute_break_preferred", "compute_break_bic_gain",
             "compute_break_with_jump", "compute_growth_per_year_before_break",
             "compute_doubling_months_before_break", "compute_growth_per_year_after_break",
             "compute_doubling_months_after_break"), _break),
    Derived(("cost_implausible_rows", "flop_per_dollar_median", "models_with_cost_frontier",
             "models_with_cost_since_2024"), _cost_checks),
    Derived(("energy_above_peak_rows",), _energy_checks, optional=True),
    Derived(("compute_frontier_gap_start", "compute_frontier_gap_end"), _frontier_gap),
    Derived(("compute_params_interaction_p", "compute_params_slope_reference"), _regression),
    Derived(("models_total", "models_notable", "models_large_scale", "models_frontier_top10",
             "models_frontier_epoch", "models_with_compute", "models_with_cost",
             "countries_with_models", "compute_largest_flop"), _counts),
)
"""The headline numbers that are not trends."""


def declared_keys() -> tuple[str, ...]:
    """Every number the spec declares, in declaration order."""
    keys = [k for t in TRENDS for k in t.keys] + [k for d in DERIVED for k in d.keys]
    if len(set(keys)) != len(keys):
        raise ValueError("a headline number is declared twice")
    return tuple(keys)


# -- Computing the spec ----------------------------------------------------------------------


def _fit(spec: Trend, ctx: Context, tables: Mapping[str, pd.DataFrame]) -> TrendFit:
    rows = tables[spec.table]
    subset: str | pd.Series = (ROW_FILTERS[spec.subset](ctx) if spec.subset in ROW_FILTERS else spec.subset)
    return fit_trend(rows, spec.variable, spec.start, spec.end, subset, ctx.n_boot, ctx.seed, 0.0, LEVEL)


@dataclass(frozen=True)
class Results:
    """The computed spec: every number in numbers.json's shape and every declared trend's fit
    (the break's segment fits too, as `compute_before_break` and `compute_after_break`)."""

    entries: dict[str, Entry]
    fits: dict[str, TrendFit]

    @property
    def numbers(self) -> Numbers:
        return Numbers(self.entries)

    @property
    def trends(self) -> Named[TrendFit]:
        return Named(self.fits, "trend", "see aigrowth.numbers.TRENDS")


def compute(ds: Any, n_boot: int = N_BOOT, seed: int = SEED) -> Results:
    """Compute every declared number from a loaded `Dataset` (see `aigrowth.data.load`).

    `n_boot` sets the bootstrap size of every interval (the break search uses half as many,
    each resample being a full grid search). Trends on the hardware table, and the numbers that
    need it, are left out when the dataset has none.
    """
    ctx = Context(ds, {}, n_boot, seed)
    tables = {"models": add_efficiency_metrics(ds.models)}
    if ctx.has_hardware:
        tables["hardware"] = hardware_with_years(ds.hardware)
    entries: dict[str, Entry] = {}
    for spec in TRENDS:
        if spec.table not in tables or (spec.subset == "below_chip_peak" and not ctx.has_hardware):
            continue
        fit = _fit(spec, ctx, tables)
        ctx.trends[spec.name] = fit
        entries.update(_trend_entries(spec.keys, fit, spec.describe.format(subset=fit.subset, window=_window(fit))))
    for derived in DERIVED:
        got = derived.compute(ctx)
        unexpected = set(got) - set(derived.keys)
        if unexpected or (not derived.optional and set(got) != set(derived.keys)):
            raise ValueError(f"{derived.compute.__name__} gave {sorted(got)}, declared {list(derived.keys)}")
        entries.update(got)
    brk = ctx.compute_break()
    fits = {**ctx.trends, "compute_before_break": brk.before, "compute_after_break": brk.after}
    return Results(entries, fits)


def headline_numbers(ds: Any, n_boot: int = N_BOOT, seed: int = SEED) -> dict[str, Entry]:
    """Every headline number in numbers.json's shape (see the module's docstring)."""
    return compute(ds, n_boot, seed).entries


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.{JSON_DIGITS}g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def numbers_json(entries: Mapping[str, Entry]) -> str:
    """The numbers as numbers.json holds them: sorted keys, indent 2, floats to `JSON_DIGITS`
    significant digits, a final newline."""
    return json.dumps(_rounded(dict(entries)), indent=2, sort_keys=True, allow_nan=False) + "\n"


# -- Reading the numbers in prose ------------------------------------------------------------

T = TypeVar("T")


class Named(Generic[T]):
    """Declared results by attribute: `results.trends.compute_dl`; an unknown name is an
    error that names the choices."""

    def __init__(self, items: Mapping[str, T], what: str, hint: str) -> None:
        self._items = dict(items)
        self._what = what
        self._hint = hint

    def __getattr__(self, name: str) -> T:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(f"no {self._what} named {name!r} ({self._hint}); "
                                 f"known: {', '.join(sorted(self._items))}") from None

    def __dir__(self) -> list[str]:
        return sorted(self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items


@dataclass(frozen=True)
class Number:
    """One headline number with its interval and the words of the prose, each through `fmt`:
    `numbers.compute_growth_per_year_dl.growth()` -> "4.4× (95% CI 4.0–4.8×)"."""

    key: str
    value: Any
    low: float | None
    high: float | None
    level: float | None
    n: int | None
    subset: str | None
    method: str | None

    @classmethod
    def of(cls, key: str, item: Mapping[str, Any]) -> Number:
        """From a numbers.json entry (fields it lacks are None)."""
        return cls(key, *(item.get(f) for f in ("value", "low", "high", "level", "n", "subset", "method")))

    def as_entry(self) -> Entry:
        return {"value": self.value, "low": self.low, "high": self.high, "level": self.level,
                "n": self.n, "subset": self.subset, "method": self.method}

    def growth(self, interval: bool = True) -> fmt.Markdown:
        return fmt.fmt_entry(self.as_entry(), "growth") if interval else fmt.fmt_growth(self.value)  # type: ignore[return-value]

    def months(self, interval: bool = True) -> fmt.Markdown:
        return fmt.fmt_entry(self.as_entry(), "months") if interval else fmt.fmt_months(self.value)  # type: ignore[return-value]

    def count(self) -> fmt.Markdown:
        return fmt.fmt_count(self.value)

    def flop(self) -> fmt.Markdown:
        return fmt.fmt_flop(self.value)

    def number(self, sig: int = 2) -> fmt.Markdown:
        return fmt.fmt_number(self.value, sig=sig)

    def scientific(self) -> fmt.Markdown:
        return fmt.fmt_scientific(self.value)

    def year(self) -> fmt.Markdown:
        return fmt.fmt_year(self.value)

    def n_text(self) -> fmt.Markdown:
        """How many models (rows) the number rests on: "1,031"."""
        return fmt.fmt_count(self.n)

    def level_text(self) -> fmt.Markdown:
        """The confidence level of the interval: "95%"."""
        return fmt.fmt_pct(self.level, fraction=True)

    def includes(self, value: float) -> bool:
        """Whether the interval contains `value` (False without an interval)."""
        return fmt.interval_includes(self.low, self.high, value)

    def overlaps(self, other: Number) -> bool:
        """Whether this number's interval overlaps `other`'s."""
        return fmt.intervals_overlap((self.low, self.high), (other.low, other.high))


class Numbers(Named[Number]):
    """Every headline number by attribute, named as in numbers.json."""

    def __init__(self, entries: Mapping[str, Entry]) -> None:
        super().__init__({k: Number.of(k, v) for k, v in entries.items()}, "headline number",
                         "see `python -m aigrowth numbers`")


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
    sys.stdout.write(numbers_json(headline_numbers(ds, n_boot=args.n_boot)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
