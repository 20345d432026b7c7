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

import dataclasses
import json
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeAlias, TypeVar

import numpy as np
import pandas as pd

from aigrowth import chips, fmt, literature
from aigrowth.aicompute import growth_between, record_runs
from aigrowth.breaks import (
    BreakAnalysis,
    break_analysis,
    compute_break_count,
    late_start_breaks,
    segment_fits,
)
from aigrowth.claims import Claims
from aigrowth.constants import (
    DL_ERA_START,
    LEVEL,
    MAX_BREAKS,
    N_BOOT,
    OPENAI_2018_START,
    SEED,
)
from aigrowth.controls import classify, coverage, data_end, export_controls_restrictive_total
from aigrowth.efficiency import (
    above_hardware_peak,
    add_efficiency_metrics,
    flag_implausible_cost,
)
from aigrowth.estimate import Estimate
from aigrowth.gaps import gap_change, rate_ratio, rest_composition
from aigrowth.records import record_range, record_sensitivity
from aigrowth.regression import fit_domain_regression
from aigrowth.selection import dataset_size_comparable, fine_tune_mask, large_scale_counts, median_by_period
from aigrowth.trends import TrendFit, fit_trend, log_series, select_subset

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
    rows it is fitted on ("models"; "chips": Epoch's accelerators with their throughput at each
    number format, see `aigrowth.chips`). `describe` is what the numbers' `subset` field says,
    with `{subset}` and `{window}` filled in. Without `bootstrap` the interval is the classical
    t interval (for a handful of points, where a percentile bootstrap is not honest); `note` is
    added to the method.
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
    bootstrap: bool = True
    note: str = ""

    @property
    def name(self) -> str:
        return f"{self.quantity}_{self.group}"

    @property
    def keys(self) -> tuple[str, ...]:
        growth = f"{self.quantity}_growth_per_year_{self.group}"
        return (growth, f"{self.quantity}_doubling_months_{self.group}") if self.doubling else (growth,)


# Windows of the published figures the report compares with (see `aigrowth.literature`).
_EPOCH_START, _EPOCH_END = literature.EPOCH_2024_START, literature.EPOCH_2024_END
_SAME_ROWS = (
    "notable language models with parameters, dataset size (tokens) and compute, no fine-tunes, {window}"
)
_CHIP_DOLLARS = "launch prices in US dollars of the launch year (the hardware file holds no price index)"

TRENDS: tuple[Trend, ...] = (
    Trend("compute", "pre_dl", "compute_flop", "notable", None, DL_ERA_START - _DAY),
    Trend(
        "compute",
        "dl",
        "compute_flop",
        "notable",
        DL_ERA_START,
        describe="{subset}, {window} (one line over the regimes the break analysis finds)",
    ),
    Trend(
        "compute",
        "dl_without_fine_tunes",
        "compute_flop",
        "notable_no_fine_tunes",
        DL_ERA_START,
        doubling=False,
        describe="notable models without fine-tunes, {window}",
    ),
    Trend("compute", "frontier", "compute_flop", "frontier_top10", DL_ERA_START),
    Trend("compute", "frontier_epoch", "compute_flop", "frontier_epoch", DL_ERA_START),
    # The literature's selections and windows, like for like (Sevilla & Roldán 2024; Cottier
    # et al. 2024), and the frontier since 2018 to the end of the data.
    Trend("compute", "notable_2010_2024", "compute_flop", "notable", _EPOCH_START, _EPOCH_END),
    Trend(
        "compute", "top10_since_2018", "compute_flop", "frontier_top10", literature.EPOCH_2024_FRONTIER_START
    ),
    Trend(
        "compute",
        "top10_2018_2024",
        "compute_flop",
        "frontier_top10",
        literature.EPOCH_2024_FRONTIER_START,
        _EPOCH_END,
    ),
    Trend("cost", "frontier", "cost_usd_2023", "frontier_top10", DL_ERA_START),
    Trend(
        "cost",
        "frontier_2016_2023",
        "cost_usd_2023",
        "frontier_top10",
        literature.COTTIER_2024_START,
        literature.COTTIER_2024_END,
    ),
    # Cost, scale and efficiency chapter: the rest of the models beside the frontier.
    Trend("compute", "non_frontier", "compute_flop", "non_frontier_top10", DL_ERA_START),
    Trend("cost", "non_frontier", "cost_usd_2023", "non_frontier_top10", DL_ERA_START),
    Trend("power", "frontier", "power_w", "frontier_top10", DL_ERA_START),
    Trend("parameters", "dl", "parameters", "notable", DL_ERA_START),
    Trend("parameters", "frontier", "parameters", "frontier_top10", DL_ERA_START),
    # A fine-tune's training time covers the fine-tuning only; its compute includes the base
    # model's. Dataset sizes count tokens for language and images or other units elsewhere.
    Trend(
        "training_time",
        "dl",
        "training_time_hours",
        "notable_no_fine_tunes",
        DL_ERA_START,
        describe="notable models without fine-tunes, {window}",
    ),
    Trend(
        "dataset_size",
        "language",
        "dataset_size",
        "language_tokens",
        DL_ERA_START,
        describe="notable language models without fine-tunes (dataset size in tokens), {window}",
    ),
    # Parameters × data against compute, all on the same rows (compute ≈ 6 × parameters × tokens
    # × passes over the data).
    Trend(
        "parameters",
        "language_same_rows",
        "parameters",
        "language_same_rows",
        DL_ERA_START,
        doubling=False,
        describe=_SAME_ROWS,
    ),
    Trend(
        "dataset_size",
        "language_same_rows",
        "dataset_size",
        "language_same_rows",
        DL_ERA_START,
        doubling=False,
        describe=_SAME_ROWS,
    ),
    Trend(
        "compute",
        "language_same_rows",
        "compute_flop",
        "language_same_rows",
        DL_ERA_START,
        doubling=False,
        describe=_SAME_ROWS,
    ),
    Trend(
        "passes",
        "language_same_rows",
        "passes_over_data",
        "language_same_rows",
        DL_ERA_START,
        doubling=False,
        describe=_SAME_ROWS,
    ),
    # AI and Compute, revisited: OpenAI's (2018) two eras split at 2012, the record-setting runs
    # of its series (which ends with AlphaGo Zero, October 2017) with the t interval honest for
    # so few points, and the records since.
    Trend("compute", "pre_2012", "compute_flop", "notable", None, OPENAI_2018_START - _DAY),
    Trend("compute", "since_2012", "compute_flop", "notable", OPENAI_2018_START),
    Trend(
        "record",
        "2012_2017",
        "compute_flop",
        "record_setters",
        literature.OPENAI_2018_SERIES_START,
        literature.OPENAI_2018_SERIES_END,
        bootstrap=False,
        describe="record-setting runs, {window} (OpenAI's series)",
    ),
    Trend(
        "compute",
        "record_since_2018",
        "compute_flop",
        "record_setters",
        "2018-01-01",
        bootstrap=False,
        describe="record-setting runs, {window}",
    ),
    # Efficiency, since the deep-learning era began: every run, and the runs whose figures
    # measure one thing (no flagged pair, no fine-tune); Epoch's accelerators at three number
    # formats for comparison.
    Trend("flop_per_dollar", "dl", "flop_per_dollar", "all", DL_ERA_START, doubling=False),
    Trend("flop_per_joule", "dl", "flop_per_joule", "all", DL_ERA_START, doubling=False),
    Trend(
        "flop_per_dollar",
        "dl_plausible",
        "flop_per_dollar",
        "plausible_cost",
        DL_ERA_START,
        doubling=False,
        describe="all models, without flagged cost/compute pairs and fine-tunes, {window}",
    ),
    Trend(
        "flop_per_joule",
        "dl_plausible",
        "flop_per_joule",
        "below_chip_peak",
        DL_ERA_START,
        doubling=False,
        describe="all models, without runs above the best chip's peak and fine-tunes, {window}",
    ),
    *(
        Trend(
            f"chip_{measure}",
            fmt_key,
            f"{measure}_{fmt_key}",
            "all",
            DL_ERA_START,
            doubling=False,
            table="chips",
            note=_CHIP_DOLLARS if measure == "price_performance" else "",
            describe=f"ML accelerators with a {'launch price' if measure == 'price_performance' else 'power rating'} "
            f"and a {chips.FORMAT_WORDS[fmt_key]} rating, {{window}}",
        )
        for measure in ("price_performance", "energy_efficiency")
        for fmt_key in chips.FORMATS
    ),
)
"""The headline trends. The chapters draw these same fits, so a chart's trend line and the
prose number always agree."""


@dataclass
class Context:
    """What the derived numbers are computed from: the data, the fitted trends, the numbers
    computed so far and results more than one declaration reads (computed once, on first use)."""

    ds: Any
    trends: dict[str, TrendFit]
    n_boot: int
    seed: int
    entries: dict[str, Entry] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def models(self) -> pd.DataFrame:
        return self.ds.models

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    def has(self, table: str) -> bool:
        frame = getattr(self.ds, table, None)
        return frame is not None and not frame.empty

    @property
    def has_hardware(self) -> bool:
        return self.has("hardware")

    def fine_tunes(self) -> pd.Series:
        return self.once("fine_tunes", lambda: fine_tune_mask(self.models))

    def implausible_cost(self) -> pd.DataFrame:
        return self.once("implausible_cost", lambda: flag_implausible_cost(self.models))

    def above_peak(self) -> pd.DataFrame:
        return self.once("above_peak", lambda: above_hardware_peak(self.models, self.ds.hardware))

    def late_breaks(self) -> BreakAnalysis:
        """The break analysis with the data starting in 1970."""
        return self.once("breaks_1970", lambda: late_start_breaks(self.models, 1970, self.n_boot, self.seed))

    def breaks(self) -> BreakAnalysis:
        # The sequential tests draw half as many resamples as a trend (each is a full grid
        # search for every resample); 499 at the default, the date intervals 200.
        return self.once(
            "breaks",
            lambda: break_analysis(
                self.models,
                n_boot=max(self.n_boot // 2 - 1, 19),
                n_boot_dates=max(self.n_boot // 5, 19),
                seed=self.seed,
            ),
        )


def _not_fine_tune(ctx: Context) -> pd.Series:
    return ~ctx.fine_tunes()


def _notable_no_fine_tunes(ctx: Context) -> pd.Series:
    return ctx.models["is_notable"].astype("boolean").fillna(False).astype(bool) & _not_fine_tune(ctx)


def _plausible_cost(ctx: Context) -> pd.Series:
    flagged = ctx.implausible_cost()
    m = ctx.models
    return pd.Series(~m.index.isin(flagged.index[flagged["implausible"]]), index=m.index) & _not_fine_tune(
        ctx
    )


def _below_chip_peak(ctx: Context) -> pd.Series:
    peak = ctx.above_peak()
    m = ctx.models
    return pd.Series(~m.index.isin(peak.index[peak["above_peak"]]), index=m.index) & _not_fine_tune(ctx)


def _language_tokens(ctx: Context) -> pd.Series:
    notable = ctx.models["is_notable"].astype("boolean").fillna(False).astype(bool)
    return notable & dataset_size_comparable(ctx.models, "Language")


def _language_same_rows(ctx: Context) -> pd.Series:
    m = ctx.models
    return (
        _language_tokens(ctx)
        & pd.to_numeric(m["parameters"], errors="coerce").gt(0)
        & pd.to_numeric(m["compute_flop"], errors="coerce").gt(0)
    )


ROW_FILTERS: dict[str, Callable[[Context], pd.Series]] = {
    "notable_no_fine_tunes": _notable_no_fine_tunes,
    "plausible_cost": _plausible_cost,
    "below_chip_peak": _below_chip_peak,
    "language_tokens": _language_tokens,
    "language_same_rows": _language_same_rows,
}
"""Subsets of the models that depend on other results or several columns: without fine-tunes
(Epoch's "Base model" is filled: their compute includes the base model's, their cost, power and
hours often only the fine-tuning), without the cost/compute pairs `flag_implausible_cost` flags,
without the runs above the best chip's peak (which need the hardware table), and the notable
language models whose dataset size counts tokens."""


def subset_rows(models: pd.DataFrame, subset: str, ds: Any = None) -> pd.DataFrame:
    """The rows of a named subset (`aigrowth.trends.SUBSETS`) or row filter (`ROW_FILTERS`), as
    the trends select them: what a chart of a trend draws. Row filters that need more than the
    models table (the hardware) take `ds`."""
    if subset not in ROW_FILTERS:
        return select_subset(models, subset)[0]
    from types import SimpleNamespace

    ctx = Context(ds if ds is not None else SimpleNamespace(models=models), {}, 0, SEED)
    return models.loc[ROW_FILTERS[subset](ctx).reindex(models.index, fill_value=False)]


@dataclass(frozen=True)
class Derived:
    """Numbers one function computes from the `Context`: `keys` lists them (so the spec names
    every number without computing any); `optional` ones may be missing from the data (a model
    the comparison names is not in the release, a table the dataset lacks, a break the data do
    not support)."""

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
    out = {
        keys[0]: entry(
            fit.growth_per_year, fit.growth_low, fit.growth_high, fit.level, fit.n, subset, fit.method
        )
    }
    if len(keys) > 1:
        out[keys[1]] = entry(
            fit.doubling_months if fit.doubling_defined else None,
            fit.doubling_low,
            fit.doubling_high,
            fit.level,
            fit.n,
            subset,
            fit.method,
        )
    return out


def _count(value: int, subset: str, method: str) -> Entry:
    return entry(value, n=value, subset=subset, method=method)


def _estimate(est: Estimate) -> Entry:
    return entry(**{k: v for k, v in est.as_entry().items()})


RECORDS_2012_2017 = "record-setting runs, 2012–2017 (OpenAI's series)"


def _records(ctx: Context) -> dict[str, Entry]:
    runs = record_runs(ctx.models, literature.OPENAI_2018_SERIES_START, literature.OPENAI_2018_SERIES_END)
    out = {
        "compute_record_count_2012_2017": _count(
            len(runs), RECORDS_2012_2017, "models whose compute exceeded every earlier model's"
        )
    }
    if len(runs) >= 2:
        first, last = runs.iloc[0], runs.iloc[-1]
        out["compute_record_increase_2012_2017"] = entry(
            float(last["compute_flop"] / first["compute_flop"]),
            n=len(runs),
            subset=RECORDS_2012_2017,
            method=f"compute of {last['model']} over {first['model']}",
        )
    return out


def _record_range(ctx: Context) -> dict[str, Entry]:
    """How much the 2012–2017 doubling time moves with the window's end and the record rule."""
    ctx.tables["record_sensitivity"] = record_sensitivity(ctx.models)
    return {"record_doubling_months_range": _estimate(record_range(ctx.models))}


def _alexnet_to_alphago_zero(ctx: Context) -> dict[str, Entry]:
    try:
        ab = growth_between(ctx.models, "AlexNet", "AlphaGo Zero")
    except (KeyError, ValueError):
        return {}
    return {
        "compute_increase_alexnet_to_alphago_zero": entry(
            ab.factor,
            n=2,
            subset="AlexNet (2012) and AlphaGo Zero (2017)",
            method="ratio of training compute, as OpenAI (2018) compared them",
        )
    }


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
            al.growth_per_year,
            n=2,
            subset=subset,
            method=f"{method}, per year between their publication dates",
        ),
        "compute_doubling_months_alexnet_to_largest": entry(
            al.doubling_months, n=2, subset=subset, method=f"{method}, as a doubling time"
        ),
    }


BREAK_KEYS = (
    "compute_break_count",
    "compute_break_count_bic",
    "compute_break_count_from_1970",
    "compute_break_year_from_1970",
    "compute_break_davies_p",
    *(f"compute_break_{i}_year" for i in range(1, MAX_BREAKS + 1)),
    *(f"compute_break_sup_f_{i}" for i in range(1, MAX_BREAKS + 1)),
    *(f"compute_break_p_{i}" for i in range(1, MAX_BREAKS + 1)),
    *(f"compute_growth_per_year_segment_{i}" for i in range(1, MAX_BREAKS + 2)),
)


def _breaks(ctx: Context) -> dict[str, Entry]:
    """How many breaks the compute trend of notable models has, where, how fast each segment
    grew, and how that depends on the start year (see `aigrowth.breaks`)."""
    a = ctx.breaks()
    c = a.count
    subset = "notable models with a compute estimate, all dates"
    out = {
        "compute_break_count": _estimate(compute_break_count(ctx.models, analysis=a)),
        "compute_break_count_bic": entry(
            c.bic_count,
            n=c.n,
            subset=subset,
            method=f"number of {c.form} breaks (0–{MAX_BREAKS}) with the lowest BIC",
        ),
    }
    for i, test in enumerate(c.tests, start=1):
        words = (
            f"sup-F of {test.null_breaks} against {test.null_breaks + 1} {c.form} break(s), "
            f"F({test.df_num}, {test.df_den}); p from {test.n_boot} fixed-regressor wild bootstrap "
            "resamples, one sign per calendar year (Hansen 2000)"
        )
        out[f"compute_break_sup_f_{i}"] = entry(test.stat, n=test.n, subset=subset, method=words)
        out[f"compute_break_p_{i}"] = entry(test.p, n=test.n, subset=subset, method=words)
    if a.dates is not None:
        for i, (date, low, high) in enumerate(
            zip(a.dates.fit.dates, a.dates.date_low, a.dates.date_high, strict=True), start=1
        ):
            out[f"compute_break_{i}_year"] = entry(
                date, low, high, a.dates.level, c.n, subset, a.dates.method
            )
        for i, seg in enumerate(a.dates.segments.itertuples(), start=1):
            out[f"compute_growth_per_year_segment_{i}"] = entry(
                seg.growth_per_year,
                seg.growth_low,
                seg.growth_high,
                a.dates.level,
                int(seg.n),
                f"notable models, {seg.start:.1f}–{seg.end:.1f} (segment {i} of the {c.form} {c.count}-break fit)",
                a.dates.method,
            )
    out["compute_break_davies_p"] = entry(
        a.davies.p,
        n=a.n,
        subset=subset,
        method=f"Davies (1987) test of a kink at {a.davies.k} candidate dates "
        "(independent errors assumed; the sup-F test is the one that "
        "respects the clustering)",
    )
    late = ctx.late_breaks()
    out["compute_break_count_from_1970"] = entry(
        late.count.count,
        n=late.count.n,
        subset="notable models with a compute estimate from 1970",
        method=late.count.method,
    )
    if late.dates is not None:
        out["compute_break_year_from_1970"] = entry(
            late.dates.fit.dates[-1],
            late.dates.date_low[-1],
            late.dates.date_high[-1],
            late.dates.level,
            late.count.n,
            "notable models with a compute estimate from 1970 (the latest break)",
            late.dates.method,
        )
    ctx.tables["break_sensitivity"] = a.sensitivity
    ctx.tables["break_counts"] = c.table()
    return out


def _cost_checks(ctx: Context) -> dict[str, Entry]:
    flagged = ctx.implausible_cost()
    m = ctx.models
    cost_rows = m["cost_usd_2023"] > 0
    by_period = median_by_period(m, n_boot=ctx.n_boot, seed=ctx.seed)
    by_period.attrs.pop("trend", None)
    ctx.tables["flop_per_dollar_by_period"] = by_period
    first, last = by_period.iloc[0], by_period.iloc[-1]
    method = (
        "median of compute / cost (2023 USD) of the runs published in the period, without "
        "flagged cost/compute pairs; interquartile range {:.2g}–{:.2g}"
    )
    return {
        "cost_implausible_rows": _count(
            int(flagged["implausible"].sum()),
            "models with compute and cost",
            "FLOP per dollar more than 1.5 orders of magnitude from models within ±2 years",
        ),
        "flop_per_dollar_median_first_period": entry(
            first["median"],
            n=int(first["n"]),
            subset=f"runs published {first['period']}",
            method=method.format(first["q25"], first["q75"]),
        ),
        "flop_per_dollar_median_last_period": entry(
            last["median"],
            n=int(last["n"]),
            subset=f"runs published {last['period']}",
            method=method.format(last["q25"], last["q75"]),
        ),
        "models_with_cost_frontier": _count(
            int((cost_rows & m["frontier_top10"].astype("boolean").fillna(False)).sum()),
            "frontier_top10",
            "frontier models with a training cost",
        ),
        "models_with_cost_since_2024": _count(
            int((cost_rows & (pd.to_numeric(m["year"]) >= 2024)).sum()),
            "all models",
            "models published since 2024 with a training cost",
        ),
    }


def _energy_checks(ctx: Context) -> dict[str, Entry]:
    if not ctx.has_hardware:
        return {}
    return {
        "energy_above_peak_rows": _count(
            int(ctx.above_peak()["above_peak"].sum()),
            "models with compute, power and time",
            "FLOP per joule above the best accelerator's peak energy efficiency released by then",
        )
    }


def _runs_vs_chips(ctx: Context) -> dict[str, Entry]:
    """How many times faster training runs' FLOP per dollar (per joule) grew than chips'
    price-performance (energy efficiency) at each number format: runs without flagged pairs and
    fine-tunes, chips released since 2010; independent samples, each resampled on its own."""
    if not ctx.has_hardware:
        return {}
    out = {}
    for run, measure in (("flop_per_dollar", "price_performance"), ("flop_per_joule", "energy_efficiency")):
        runs = ctx.trends[f"{run}_dl_plausible"]
        keep = ROW_FILTERS["plausible_cost" if run == "flop_per_dollar" else "below_chip_peak"](ctx)
        xr, yr, _ = log_series(add_efficiency_metrics(ctx.models).loc[keep], run, DL_ERA_START)
        for fmt_key in chips.FORMATS:
            fit = ctx.trends[f"chip_{measure}_{fmt_key}"]
            xc, yc, _ = log_series(
                ctx.once("chips", lambda: chips.chip_metrics(ctx.ds.hardware)),
                f"{measure}_{fmt_key}",
                DL_ERA_START,
            )
            diff, low, high = chips.slope_difference((xr, yr), (xc, yc), ctx.n_boot, ctx.seed + 1)
            out[f"{run}_vs_chips_{fmt_key}"] = entry(
                10**diff,
                10**low,
                10**high,
                LEVEL,
                runs.n + fit.n,
                f"training runs ({runs.n}) against accelerators at {chips.FORMAT_WORDS[fmt_key]} ({fit.n}), from 2010",
                f"ratio of the growth factors per year (10^(slope difference)); {LEVEL:.0%} percentile "
                f"interval from {ctx.n_boot} bootstrap resamples of each sample on its own"
                + (
                    "; runs in 2023 dollars, chips in launch-year dollars"
                    if measure == "price_performance"
                    else ""
                ),
            )
    return out


RUNS_VS_CHIPS_KEYS = tuple(
    f"{run}_vs_chips_{f}" for run in ("flop_per_dollar", "flop_per_joule") for f in chips.FORMATS
)


def _frontier_gap(ctx: Context) -> dict[str, Entry]:
    """How far above the other models the frontier trend sits, where both trends begin and end,
    and whether the gap changes: the ratio of the two growth rates with a year-resampled
    interval (`aigrowth.gaps`)."""
    front, rest = ctx.trends["compute_frontier"], ctx.trends["compute_non_frontier"]
    out = {}
    for end, at in (("start", max(front.start, rest.start)), ("end", min(front.end, rest.end))):
        out[f"compute_frontier_gap_{end}"] = entry(
            float(10 ** (front.predict(at) - rest.predict(at))),
            n=front.n + rest.n,
            subset=f"frontier_top10 vs other models, at {at:.1f}",
            method=f"ratio of the frontier trend to the trend of all other models at the {end} "
            "of the window both cover",
        )
    for metric in ("compute_flop", "cost_usd_2023"):
        est = gap_change(ctx.models, metric, n_boot=ctx.n_boot, seed=ctx.seed)
        out[est.key] = _estimate(est)
    ctx.tables["rest_composition"] = rest_composition(ctx.models)
    return out


def _rate_ratios(ctx: Context) -> dict[str, Entry]:
    """Is one headline trend faster than another? The ratio of their growth factors with an
    interval that resamples calendar years in both (`aigrowth.gaps.rate_ratio`)."""
    m = add_efficiency_metrics(ctx.models)
    pairs = {
        "compute_frontier_vs_notable": (
            (m, "compute_flop", "frontier_top10"),
            (m, "compute_flop", "notable"),
            DL_ERA_START,
            ("frontier models", "notable models"),
        ),
        "parameters_vs_compute_notable": (
            (m, "parameters", "notable"),
            (m, "compute_flop", "notable"),
            DL_ERA_START,
            ("parameters of notable models", "their compute"),
        ),
        "cost_vs_compute_frontier": (
            (m, "cost_usd_2023", "frontier_top10"),
            (m, "compute_flop", "frontier_top10"),
            DL_ERA_START,
            ("cost of frontier models", "their compute"),
        ),
        "records_since_2018_vs_frontier": (
            (m, "compute_flop", "record_setters"),
            (m, "compute_flop", "frontier_top10"),
            "2018-01-01",
            ("record-setting runs", "frontier models"),
        ),
        "compute_dl_vs_pre_dl": (
            (m, "compute_flop", "notable", DL_ERA_START, None),
            (m, "compute_flop", "notable", None, DL_ERA_START - _DAY),
            None,
            ("notable models since 2010", "notable models before 2010"),
        ),
        "compute_since_2012_vs_pre_2012": (
            (m, "compute_flop", "notable", OPENAI_2018_START, None),
            (m, "compute_flop", "notable", None, OPENAI_2018_START - _DAY),
            None,
            ("notable models since 2012", "notable models before 2012"),
        ),
    }
    out = {}
    for key, (a, b, start, words) in pairs.items():
        out[f"{key}_ratio"] = _estimate(
            rate_ratio(f"{key}_ratio", a, b, start, n_boot=ctx.n_boot, seed=ctx.seed, words=words)
        )
    # The records of OpenAI's series against the records since: few points each, so the two
    # slopes' t intervals give the difference's (independent samples, Welch-style).
    early, later = ctx.trends["record_2012_2017"], ctx.trends["compute_record_since_2018"]
    out["records_since_2018_vs_2012_2017_ratio"] = _slope_difference_t(later, early)
    return out


def _slope_difference_t(a: TrendFit, b: TrendFit) -> Entry:
    """10^(slope a − slope b) with a t interval from the two fits' standard errors (independent
    samples; Welch–Satterthwaite degrees of freedom)."""
    from scipy import stats

    def se(fit: TrendFit) -> float:
        t = stats.t.ppf(0.5 + fit.level / 2, fit.n - 2)
        return (fit.slope_high_ols - fit.slope_low_ols) / (2 * t)

    sa, sb = se(a), se(b)
    dof = (sa**2 + sb**2) ** 2 / (sa**4 / (a.n - 2) + sb**4 / (b.n - 2))
    half = stats.t.ppf(0.5 + LEVEL / 2, dof) * math.sqrt(sa**2 + sb**2)
    diff = a.slope - b.slope
    return entry(
        10**diff,
        10 ** (diff - half),
        10 ** (diff + half),
        LEVEL,
        a.n + b.n,
        f"{a.label} against {b.label}",
        f"ratio of the growth factors per year (10^(slope difference)); {LEVEL:.0%} t interval "
        f"from the two OLS standard errors, Welch–Satterthwaite {dof:.1f} degrees of freedom",
    )


RATE_RATIO_KEYS = (
    "compute_frontier_vs_notable_ratio",
    "parameters_vs_compute_notable_ratio",
    "cost_vs_compute_frontier_ratio",
    "records_since_2018_vs_frontier_ratio",
    "compute_dl_vs_pre_dl_ratio",
    "compute_since_2012_vs_pre_2012_ratio",
    "records_since_2018_vs_2012_2017_ratio",
)


def _export_controls(ctx: Context) -> dict[str, Entry]:
    """Restrictive semiconductor export controls in force (Global Trade Alert), and what the
    count leaves out."""
    if not ctx.has("gta"):
        return {}
    gta = ctx.ds.gta
    table = classify(gta)
    ctx.tables["export_controls_coverage"] = coverage(gta)
    est = export_controls_restrictive_total(gta)
    as_of = f"as of {data_end(gta).date()}"
    return {
        "export_controls_restrictive_total": _estimate(est),
        "export_controls_entries": _count(
            len(table),
            f"GTA semiconductor export-control entries, {as_of}",
            "every entry of the file, whatever its evaluation or status",
        ),
        "export_controls_liberalising": _count(
            int((~table["restrictive"]).sum()),
            "GTA entries evaluated Green",
            "liberalising measures (GTA evaluation Green)",
        ),
        "export_controls_not_implemented": _count(
            int((table["restrictive"] & ~table["implemented"]).sum()),
            "Red or Amber GTA entries",
            f"restrictive measures not implemented {as_of}",
        ),
        "export_controls_not_in_force": _count(
            int((table["restrictive"] & table["implemented"] & ~table["in_force"]).sum()),
            "Red or Amber GTA entries",
            f"restrictive measures implemented but no longer in force {as_of}",
        ),
    }


def _regression(ctx: Context) -> dict[str, Entry]:
    """Compute against parameters by domain."""
    reg = fit_domain_regression(ctx.models)
    test = reg.interaction_test
    ref = reg.slopes.iloc[0]
    return {
        "compute_params_interaction_p": entry(
            test.p,
            n=reg.n,
            subset="models with compute and parameters",
            method=f"Wald F-test (HC3) that slopes differ by domain; F({test.df_num}, {test.df_den}) = {test.f:.2f}",
        ),
        "compute_params_slope_reference": entry(
            ref["slope"],
            ref["low"],
            ref["high"],
            reg.level,
            int(ref["n"]),
            ref["domain_group"],
            "log10 compute on log10 parameters, HC3 interval",
        ),
    }


def _large_scale_counts(ctx: Context) -> dict[str, Entry]:
    """Models above the large-scale threshold published each year: a count selects on nothing
    it measures, unlike a trend fitted to those models (see `aigrowth.selection`)."""
    counts = large_scale_counts(ctx.models)
    ctx.tables["large_scale_counts"] = counts
    first = counts[counts["models"] > 0].iloc[0]
    return {
        "models_above_threshold_first_year": entry(
            int(first["year"]),
            n=int(counts["models"].sum()),
            subset="models with compute above 10^23 FLOP",
            method="year of the first model above the threshold",
        )
    }


def _counts(ctx: Context) -> dict[str, Entry]:
    m = ctx.models

    def flag_count(column: str) -> int:
        return int(m[column].astype("boolean").fillna(False).sum())

    largest = m.loc[m["compute_flop"].idxmax()]
    return {
        "models_total": _count(len(m), "all models", "rows of the merged table"),
        "models_notable": _count(flag_count("is_notable"), "notable", "Epoch notable file"),
        "models_large_scale": _count(
            flag_count("is_large_scale"), "large_scale", "Epoch large-scale list (>1e23 FLOP)"
        ),
        "models_frontier_top10": _count(
            flag_count("frontier_top10"), "frontier_top10", "top 10 by compute at release"
        ),
        "models_frontier_epoch": _count(
            flag_count("frontier_epoch"), "frontier_epoch", "Epoch 'Frontier model' flag"
        ),
        "models_with_compute": _count(
            int((m["compute_flop"] > 0).sum()), "all models", "rows with a training compute estimate"
        ),
        "models_with_cost": _count(
            int((m["cost_usd_2023"] > 0).sum()), "all models", "rows with a training cost"
        ),
        "models_fine_tunes": _count(
            int(ctx.fine_tunes().sum()), "all models", "models with a base model (fine-tunes)"
        ),
        "countries_with_models": _count(
            int(ctx.ds.model_countries["iso3"].nunique()), "all models", "countries credited with a model"
        ),
        "compute_largest_flop": entry(
            float(largest["compute_flop"]),
            n=1,
            subset="all models",
            method=f"largest training compute: {largest['model']}",
        ),
    }


DERIVED: tuple[Derived, ...] = (
    Derived(("compute_record_count_2012_2017", "compute_record_increase_2012_2017"), _records),
    Derived(("record_doubling_months_range",), _record_range),
    Derived(("compute_increase_alexnet_to_alphago_zero",), _alexnet_to_alphago_zero, optional=True),
    Derived(
        (
            "compute_increase_alexnet_to_largest",
            "compute_growth_per_year_alexnet_to_largest",
            "compute_doubling_months_alexnet_to_largest",
        ),
        _alexnet_to_largest,
        optional=True,
    ),
    Derived(BREAK_KEYS, _breaks, optional=True),
    Derived(
        (
            "cost_implausible_rows",
            "flop_per_dollar_median_first_period",
            "flop_per_dollar_median_last_period",
            "models_with_cost_frontier",
            "models_with_cost_since_2024",
        ),
        _cost_checks,
    ),
    Derived(("energy_above_peak_rows",), _energy_checks, optional=True),
    Derived(RUNS_VS_CHIPS_KEYS, _runs_vs_chips, optional=True),
    Derived(
        (
            "compute_frontier_gap_start",
            "compute_frontier_gap_end",
            "compute_frontier_gap_change_per_year",
            "cost_frontier_gap_change_per_year",
        ),
        _frontier_gap,
    ),
    Derived(RATE_RATIO_KEYS, _rate_ratios),
    Derived(
        (
            "export_controls_restrictive_total",
            "export_controls_entries",
            "export_controls_liberalising",
            "export_controls_not_implemented",
            "export_controls_not_in_force",
        ),
        _export_controls,
        optional=True,
    ),
    Derived(("compute_params_interaction_p", "compute_params_slope_reference"), _regression),
    Derived(("models_above_threshold_first_year",), _large_scale_counts),
    Derived(
        (
            "models_total",
            "models_notable",
            "models_large_scale",
            "models_frontier_top10",
            "models_frontier_epoch",
            "models_with_compute",
            "models_with_cost",
            "models_fine_tunes",
            "countries_with_models",
            "compute_largest_flop",
        ),
        _counts,
    ),
)
"""The headline numbers that are not trends."""

REQUIRED_BREAK_KEYS = (
    "compute_break_count",
    "compute_break_count_bic",
    "compute_break_count_from_1970",
    "compute_break_davies_p",
    "compute_break_sup_f_1",
    "compute_break_p_1",
)
"""The break numbers every dataset gives, whatever the number of breaks it supports."""


def declared_keys() -> tuple[str, ...]:
    """Every number the spec declares, in declaration order."""
    keys = [k for t in TRENDS for k in t.keys] + [k for d in DERIVED for k in d.keys]
    if len(set(keys)) != len(keys):
        raise ValueError("a headline number is declared twice")
    return tuple(keys)


# -- Computing the spec ----------------------------------------------------------------------


def _fit(spec: Trend, ctx: Context, tables: Mapping[str, pd.DataFrame]) -> TrendFit:
    rows = tables[spec.table]
    subset: str | pd.Series = ROW_FILTERS[spec.subset](ctx) if spec.subset in ROW_FILTERS else spec.subset
    fit = fit_trend(
        rows,
        spec.variable,
        spec.start,
        spec.end,
        subset,
        ctx.n_boot if spec.bootstrap else 0,
        ctx.seed,
        0.0,
        LEVEL,
    )
    if not spec.bootstrap:
        fit = dataclasses.replace(
            fit, method=f"{fit.method} with {fit.n - 2} degrees of freedom (few points: no bootstrap)"
        )
    return dataclasses.replace(fit, method=f"{fit.method}; {spec.note}") if spec.note else fit


def _tables(ds: Any, ctx: Context) -> dict[str, pd.DataFrame]:
    """The rows the trends are fitted on: the models with their efficiency ratios and the
    passes over the data their compute implies, and (when the dataset has them) the
    accelerators with their throughput per dollar and per watt at each number format."""
    models = add_efficiency_metrics(ds.models)
    tokens = pd.to_numeric(models["parameters"], errors="coerce") * pd.to_numeric(
        models["dataset_size"], errors="coerce"
    )
    # Compute ≈ 6 × parameters × tokens per pass (Kaplan et al. 2020): what is left over is the
    # number of passes over the data the compute implies.
    models["passes_over_data"] = pd.to_numeric(models["compute_flop"], errors="coerce") / (6 * tokens)
    tables = {"models": models}
    if ctx.has_hardware:
        tables["chips"] = ctx.once("chips", lambda: chips.chip_metrics(ds.hardware))
    return tables


@dataclass(frozen=True)
class Results:
    """The computed spec: every number in numbers.json's shape, every declared trend's fit (and
    the break analysis' segments as `compute_segment_1`, ...), every claim, and the tables the
    chapters show (the break's sensitivity, the record-setters' sensitivity, ...)."""

    entries: dict[str, Entry]
    fits: dict[str, TrendFit]
    claim_list: tuple[Any, ...] = ()
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def numbers(self) -> Numbers:
        return Numbers(self.entries)

    @property
    def trends(self) -> Named[TrendFit]:
        return Named(self.fits, "trend", "see aigrowth.numbers.TRENDS")

    @property
    def claims(self) -> Claims:
        return Claims(self.claim_list)

    def table(self, name: str) -> pd.DataFrame:
        """A table of the results by name (a copy: the chapters may change it)."""
        if name not in self.tables:
            raise KeyError(f"no results table {name!r}; known: {', '.join(sorted(self.tables))}")
        return self.tables[name].copy()


def compute(ds: Any, n_boot: int = N_BOOT, seed: int = SEED) -> Results:
    """Compute every declared number and claim from a loaded `Dataset` (see
    `aigrowth.data.load`).

    `n_boot` sets the bootstrap size of every interval (the break tests use about half as many,
    each resample being a full grid search). Trends on the hardware table, and the numbers that
    need it or Global Trade Alert's file, are left out when the dataset has none.
    """
    from aigrowth.findings import compute_claims

    ctx = Context(ds, {}, n_boot, seed)
    tables = _tables(ds, ctx)
    entries = ctx.entries
    for spec in TRENDS:
        if spec.table not in tables or (spec.subset == "below_chip_peak" and not ctx.has_hardware):
            continue
        fit = _fit(spec, ctx, tables)
        ctx.trends[spec.name] = fit
        entries.update(
            _trend_entries(spec.keys, fit, spec.describe.format(subset=fit.subset, window=_window(fit)))
        )
    for derived in DERIVED:
        got = derived.compute(ctx)
        unexpected = set(got) - set(derived.keys)
        if unexpected or (not derived.optional and set(got) != set(derived.keys)):
            raise ValueError(f"{derived.compute.__name__} gave {sorted(got)}, declared {list(derived.keys)}")
        entries.update(got)
    missing = [k for k in REQUIRED_BREAK_KEYS if k not in entries]
    if missing:
        raise ValueError(f"the break analysis gave no {missing}")
    fits = dict(ctx.trends)
    a = ctx.breaks()
    if a.dates is not None:
        for i, line in enumerate(segment_fits(a.dates, "compute_flop", "notable"), start=1):
            fits[f"compute_segment_{i}"] = line
    claims = compute_claims(ctx)
    return Results(dict(entries), fits, tuple(claims), dict(ctx.tables))


def headline_numbers(ds: Any, n_boot: int = N_BOOT, seed: int = SEED) -> dict[str, Entry]:
    """Every headline number in numbers.json's shape (see the module's docstring)."""
    return compute(ds, n_boot, seed).entries


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.{JSON_DIGITS}g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def numbers_json(
    entries: Mapping[str, Entry],
    claims: Sequence[Mapping[str, Any]] | None = None,
    sections: Mapping[str, Any] | None = None,
) -> str:
    """The numbers as numbers.json holds them: sorted keys, indent 2, floats to `JSON_DIGITS`
    significant digits, a final newline. With `claims` (`Claims.as_list()`), a `claims` key
    holds the list of every judging word with its evidence, outcome and rule; `sections` adds
    further top-level keys (such as the changes since the last data release)."""
    data: dict[str, Any] = dict(entries)
    if claims is not None:
        if "claims" in data:
            raise ValueError("no headline number may be called 'claims'")
        data["claims"] = [_rounded(dict(c)) for c in claims]
    for name, section in (sections or {}).items():
        if name in data:
            raise ValueError(f"numbers.json already has a key {name!r}")
        data[name] = section
    return json.dumps(_rounded(data), indent=2, sort_keys=True, allow_nan=False) + "\n"


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
            raise AttributeError(
                f"no {self._what} named {name!r} ({self._hint}); known: {', '.join(sorted(self._items))}"
            ) from None

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
        return {
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "level": self.level,
            "n": self.n,
            "subset": self.subset,
            "method": self.method,
        }

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
        super().__init__(
            {k: Number.of(k, v) for k, v in entries.items()},
            "headline number",
            "see `python -m aigrowth numbers`",
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Print every headline number as JSON (sorted keys, indent 2). Returns an exit code."""
    import argparse

    from aigrowth.data import load

    parser = argparse.ArgumentParser(prog="aigrowth numbers", description=main.__doc__)
    parser.add_argument(
        "--n-boot", type=int, default=N_BOOT, help=f"bootstrap resamples per interval (default {N_BOOT})"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        ds = load()
    except FileNotFoundError as exc:
        print(f"data not found: {exc}", file=sys.stderr)
        return 1
    results = compute(ds, n_boot=args.n_boot)
    from aigrowth.chapters.changelog import section  # imported here: the chapters build on this module

    # Data read from a fetch have a release to compare with the previous one (a dataset made
    # in memory has none).
    changes = (
        {"changes_since_last_release": section(ds, results.entries)} if getattr(ds, "record", None) else {}
    )
    sys.stdout.write(numbers_json(results.entries, results.claims.as_list(), changes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
