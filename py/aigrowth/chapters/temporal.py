"""Patterns over time (report/temporal.qmd): compute since 1950 and the break in its trend,
the other measures of scale, who builds the models, and open against closed weights.

Each figure function returns `(figure, data)` for `common.show`; the small `*_facts` functions
return the numbers and code-chosen words the prose states next to a figure, computed from the
same rows the figure draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from .. import fmt
from ..constants import DL_ERA_START, FRONTIER_TOP_N, LARGE_SCALE_THRESHOLD_FLOP
from ..eras import BreakResult, find_break
from ..figures.temporal import (
    compute_over_time_data,
    compute_over_time_figure,
    focus_share,
    metric_over_time_data,
    metric_over_time_figure,
    open_weights_by_compute_data,
    open_weights_by_compute_figure,
    open_weights_share_data,
    open_weights_share_figure,
    organization_share_data,
    organization_share_figure,
)
from ..trends import TrendFit, select_subset
from ..units import to_decimal_year
from .common import dataset, fits, numbers

# -- The scrolly chart: compute since 1950 ------------------------------------------------------

#: Trace names the scrolly steps in report/temporal.qmd refer to (data-trend, data-highlight).
TREND_PRE_DL = "trend: before 2010"
TREND_DL = "trend: since 2010"
TREND_BEFORE_BREAK = "trend: before the break"
TREND_AFTER_BREAK = "trend: after the break"
TREND_FRONTIER = "trend: frontier"
FRONTIER_TRACE = "Frontier models"
SCROLLY_TRENDS = (TREND_PRE_DL, TREND_DL, TREND_BEFORE_BREAK, TREND_AFTER_BREAK, TREND_FRONTIER)

#: Milestones the compute chart names (Epoch's names); the largest run is added from the data.
NAMED_MODELS = ("AlexNet", "AlphaGo Zero", "GPT-3 175B (davinci)", "GPT-4 (Mar 2023)")


@lru_cache(maxsize=1)
def compute_break() -> BreakResult:
    """The break in the compute trend of notable models, as `numbers` finds it. The date and
    the segment trends do not depend on the bootstrap, so no resamples are drawn here; the
    interval the prose states comes from the headline numbers."""
    return find_break(dataset().models, "compute_flop", "notable", n_boot=0)


def scrolly_trends() -> list[TrendFit]:
    """The trends the scrolly steps reveal, in the order of `SCROLLY_TRENDS`."""
    brk = compute_break()
    f = fits()
    return [f[("compute", "pre_dl")], f[("compute", "dl")], brk.before, brk.after,
            f[("compute", "frontier")]]


def compute_scrolly() -> tuple[go.Figure, pd.DataFrame]:
    """Every model's training compute since 1950, with hidden trends and frontier models for
    the steps to reveal. Trace names: the domain groups, `FRONTIER_TRACE`, `SCROLLY_TRENDS`."""
    data = compute_over_time_data(dataset().models, flags=("frontier_top10",))
    largest = data.loc[data["compute_flop"].idxmax(), "model"]
    named = [m for m in NAMED_MODELS if m in set(data["model"])]
    named += [largest] if largest not in named else []
    dl = fits()[("compute", "dl")]
    title = (f"Training compute of notable models has grown {fmt.fmt_growth(dl.growth_per_year)} "
             f"a year since {fmt.fmt_year(dl.start)}")
    fig = compute_over_time_figure(
        data, trends=scrolly_trends(), trend_names=SCROLLY_TRENDS, named_models=named,
        overlay="frontier_top10", overlay_name=FRONTIER_TRACE, title=title,
        subtitle="Training compute of each model with an estimate, FLOP (log scale), by domain",
        slug="temporal-compute")
    return fig, data


def scrolly_model_count() -> int:
    """How many models the compute chart draws."""
    return len(compute_over_time_data(dataset().models))


def break_words() -> dict[str, str]:
    """What the break search preferred, in words: `form` ("a change of slope with no jump"
    or "a change of slope with a jump in level") and `strength` (from the BIC gain)."""
    n = numbers()
    return {
        "preferred": "preferred" if n["compute_break_preferred"]["value"] else "did not prefer",
        "form": ("a change of slope together with a jump in level"
                 if n["compute_break_with_jump"]["value"] else "a change of slope with no jump in level"),
        "strength": bic_strength(n["compute_break_bic_gain"]["value"]),
    }


def bic_strength(gain: float | None) -> str:
    """Kass and Raftery's (1995) reading of a BIC difference."""
    if gain is None or gain <= 0:
        return "no evidence"
    if gain > 10:
        return "very strong evidence"
    if gain > 6:
        return "strong evidence"
    if gain > 2:
        return "positive evidence"
    return "weak evidence"


@dataclass(frozen=True)
class LatestYears:
    """How complete the newest years are: models with a compute estimate per year."""

    data_end: pd.Timestamp
    partial_year: int
    full_year: int
    n_partial: int
    n_full: int
    n_before_full: int
    n_frontier_full: int


def latest_years() -> LatestYears:
    """Counts of models with a compute estimate in the last full year, the year before it and
    the partial year the data end in (the year of the newest publication date)."""
    data = compute_over_time_data(dataset().models, flags=("frontier_top10",))
    data_end = dataset().models["publication_date"].max()
    partial = int(data_end.year)
    years = data["publication_date"].dt.year
    count = lambda y: int((years == y).sum())  # noqa: E731
    return LatestYears(data_end=data_end, partial_year=partial, full_year=partial - 1,
                       n_partial=count(partial), n_full=count(partial - 1),
                       n_before_full=count(partial - 2),
                       n_frontier_full=int(data.loc[years == partial - 1, "frontier_top10"].sum()))


def frontier_rule_words() -> str:
    """The project's frontier rule in words, from the constant."""
    return f"the top {fmt.fmt_count(FRONTIER_TOP_N)} by training compute at the time of release"


# -- Other measures of scale --------------------------------------------------------------------


@dataclass(frozen=True)
class MetricSpec:
    metric: str
    trend: tuple[str, str]
    subject: str  # "Parameters of notable models", used in titles and prose
    verb: str  # "have" / "has"
    slug: str


METRICS: dict[str, MetricSpec] = {
    "parameters": MetricSpec("parameters", ("parameters", "dl"), "Parameters of notable models",
                             "have", "temporal-parameters"),
    "training_time": MetricSpec("training_time_hours", ("training_time", "dl"),
                                "Training time of notable models", "has", "temporal-training-time"),
    "power": MetricSpec("power_w", ("power", "frontier"), "Power drawn to train frontier models",
                        "has", "temporal-power"),
    "cost": MetricSpec("cost_usd_2023", ("cost", "frontier"), "Training cost of frontier models",
                       "has", "temporal-cost"),
}


def metric_rows(key: str) -> pd.DataFrame:
    """Exactly the models the metric's headline trend is fitted to, labelled by domain."""
    spec = METRICS[key]
    fit = fits()[spec.trend]
    rows, _ = select_subset(dataset().models, fit.subset)
    data = metric_over_time_data(rows, spec.metric, "domain_group", since=fit.start)
    return data[data["decimal_year"] <= fit.end].reset_index(drop=True)


def metric_title(key: str) -> str:
    spec = METRICS[key]
    fit = fits()[spec.trend]
    growth = fit.growth_per_year
    if growth >= 1:
        change = f"grown {fmt.fmt_growth(growth)} a year"
    else:
        change = f"shrunk to {fmt.fmt_growth(growth)} a year"
    return f"{spec.subject} {spec.verb} {change} since {fmt.fmt_year(fit.start)}"


def metric_figure(key: str) -> tuple[go.Figure, pd.DataFrame]:
    """One measure of scale over time, by domain, with its headline trend drawn."""
    spec = METRICS[key]
    fit = fits()[spec.trend]
    data = metric_rows(key)
    fig = metric_over_time_figure(data, spec.metric, "domain_group", trends=[fit],
                                  title=metric_title(key), slug=spec.slug)
    return fig, data


def growth_words(key: str, other: str) -> str:
    """How the growth of headline number `key` compares with `other`'s ("faster than", ...)."""
    n = numbers()
    return fmt.compare_words(n[key]["value"], n[other]["value"])


def share_of_growth(part_key: str, whole_key: str) -> float:
    """The share (percent) of `whole_key`'s growth, counted in orders of magnitude, that the
    growth of `part_key` matches: log(part) / log(whole). For training time against compute it
    says how much of compute's growth longer runs account for."""
    n = numbers()
    return 100.0 * math.log(n[part_key]["value"]) / math.log(n[whole_key]["value"])


def cost_clause(cost_growth: float | None = None, compute_growth: float | None = None) -> str:
    """What cost growing slower or faster than compute means for the compute a dollar buys."""
    n = numbers()
    cost = n["cost_growth_per_year_frontier"]["value"] if cost_growth is None else cost_growth
    compute = n["compute_growth_per_year_frontier"]["value"] if compute_growth is None else compute_growth
    words = fmt.compare_words(cost, compute, tol=0.05)
    if words == "slower than":
        return "so each dollar bought more computation every year"
    if words == "faster than":
        return "so each dollar bought less computation every year"
    return "so a dollar bought about the same computation from year to year"


# -- Who builds them ----------------------------------------------------------------------------

#: The earliest years of the deep-learning era, pooled so the share rests on enough models.
EARLY_YEARS = 5
#: Recent full years, pooled likewise (the partial year the data end in is left out).
RECENT_YEARS = 3


def organization_rows() -> pd.DataFrame:
    models, _ = select_subset(dataset().models, "notable")
    return organization_share_data(models, since=int(to_decimal_year(DL_ERA_START)))


@dataclass(frozen=True)
class ShareFacts:
    early_years: tuple[int, int]
    recent_years: tuple[int, int]
    early_pct: float
    early_n: int
    early_total: int
    recent_pct: float
    recent_n: int
    recent_total: int

    @property
    def verb(self) -> str:
        return fmt.rose_or_fell(round(self.recent_pct) - round(self.early_pct))


def organization_facts(data: pd.DataFrame | None = None, focus: str = "Industry",
                       partial_year: int | None = None) -> ShareFacts:
    """`focus`'s pooled share of notable models in the first `EARLY_YEARS` years and in the
    last `RECENT_YEARS` full years."""
    data = organization_rows() if data is None else data
    partial = latest_years().partial_year if partial_year is None else partial_year
    first = int(data["year"].min())
    early = list(range(first, first + EARLY_YEARS))
    recent = list(range(partial - RECENT_YEARS, partial))
    e = focus_share(data, focus, early)
    r = focus_share(data, focus, recent)
    return ShareFacts((early[0], early[-1]), (recent[0], recent[-1]), e[0], e[1], e[2], r[0], r[1], r[2])


def organization_figure() -> tuple[go.Figure, pd.DataFrame]:
    data = organization_rows()
    f = organization_facts(data)
    title = (f"Industry's share of notable models {f.verb} from {fmt.fmt_pct(f.early_pct)} in "
             f"{f.early_years[0]}–{f.early_years[1]} to {fmt.fmt_pct(f.recent_pct)} in "
             f"{f.recent_years[0]}–{f.recent_years[1]}")
    fig = organization_share_figure(data, title=title, slug="temporal-organization-share",
                                    subtitle="Share of notable models published each year, by type of organisation")
    return fig, data


def frontier_industry_facts() -> tuple[float, int, int]:
    """Industry's share of frontier models (top ten at release) since the deep-learning era
    began: (share_pct, n_industry, n_total)."""
    models, _ = select_subset(dataset().models, "frontier_top10")
    models = models[models["publication_date"] >= DL_ERA_START]
    n_total = len(models)
    n_industry = int((models["organization_type"] == "Industry").sum())
    return 100.0 * n_industry / n_total, n_industry, n_total


#: Country names that read with "the" in running text.
_WITH_ARTICLE = ("United States", "United Kingdom", "Netherlands", "United Arab Emirates")


def country_in_text(name: str, capital: bool = False) -> str:
    """A country name as it reads in a sentence: "the United States", "China"."""
    if name in _WITH_ARTICLE:
        return f"{'The' if capital else 'the'} {name}"
    return name


def country_rows() -> pd.DataFrame:
    models, _ = select_subset(dataset().models, "notable")
    return metric_over_time_data(models, "compute_flop", "country", since=to_decimal_year(DL_ERA_START))


def country_facts(data: pd.DataFrame | None = None) -> dict[str, Any]:
    """The country whose organisations lead the largest runs: notable models since 2010 with at
    least the large-scale threshold of compute, counted by primary country."""
    data = country_rows() if data is None else data
    large = data[data["compute_flop"] >= LARGE_SCALE_THRESHOLD_FLOP]
    counts = large["group"].value_counts()
    counts = counts.drop(labels=["Other countries"], errors="ignore")
    top, second = counts.index[0], counts.index[1]
    return {"n_large": len(large), "top": fmt.fmt_text(country_in_text(top)), "n_top": int(counts.iloc[0]),
            "second": fmt.fmt_text(country_in_text(second)), "n_second": int(counts.iloc[1]), "top_name": top,
            "threshold": fmt.fmt_power_of_ten(int(math.log10(LARGE_SCALE_THRESHOLD_FLOP))),
            "n": len(data)}


def country_figure() -> tuple[go.Figure, pd.DataFrame]:
    data = country_rows()
    c = country_facts(data)
    title = (f"{country_in_text(c['top_name'], capital=True)} leads the largest runs: {fmt.fmt_count(c['n_top'])} of the "
             f"{fmt.fmt_count(c['n_large'])} notable models trained with {c['threshold']} FLOP or more")
    fig = metric_over_time_figure(data, "compute_flop", "country", title=title,
                                  subtitle="Training compute of notable models, FLOP (log scale), by the "
                                           "country of the first organisation",
                                  slug="temporal-compute-by-country")
    return fig, data


# -- Open and closed weights --------------------------------------------------------------------

OPEN_SINCE = 2015
OPEN_BY_COMPUTE_SINCE = 2018


def open_share_rows() -> pd.DataFrame:
    return open_weights_share_data(dataset().models, since=OPEN_SINCE)


def open_share_figure() -> tuple[go.Figure, pd.DataFrame]:
    data = open_share_rows()
    full = latest_years().full_year
    last = data[data["year"] == full].iloc[0]
    first = data.iloc[0]
    verb = fmt.rose_or_fell(round(last["share_open_pct"]) - round(first["share_open_pct"]))
    title = (f"The open share of models {verb} from {fmt.fmt_pct(first['share_open_pct'])} in "
             f"{int(first['year'])} to {fmt.fmt_pct(last['share_open_pct'])} in {full}")
    fig = open_weights_share_figure(data, title=title, slug="temporal-open-share")
    return fig, data


def open_share_facts(data: pd.DataFrame | None = None, full_year: int | None = None) -> dict[str, Any]:
    data = open_share_rows() if data is None else data
    full = latest_years().full_year if full_year is None else full_year
    row = data[data["year"] == full].iloc[0]
    first = data.iloc[0]
    return {"first_year": int(first["year"]), "first_pct": float(first["share_open_pct"]),
            "first_n": int(first["n_known"]), "full_year": full,
            "full_pct": float(row["share_open_pct"]), "full_n": int(row["n_known"]),
            "n_known": int(data["n_known"].sum()),
            "verb": fmt.rose_or_fell(round(row["share_open_pct"]) - round(first["share_open_pct"]))}


def open_compute_rows() -> pd.DataFrame:
    return open_weights_by_compute_data(dataset().models, since=OPEN_BY_COMPUTE_SINCE)


def open_compute_figure() -> tuple[go.Figure, pd.DataFrame]:
    data = open_compute_rows()
    f = open_scale_facts(data)
    title = (f"{fmt.fmt_pct(f['top_pct'])} of models trained with {f['top_threshold']} FLOP or more "
             f"have open weights, against {fmt.fmt_pct(f['below_top_pct'])} of smaller ones")
    return open_weights_by_compute_figure(data, title=title, slug="temporal-open-by-compute"), data


#: The very largest runs: from 10^25 FLOP, the scale of GPT-4 (Epoch estimates about 2e25 FLOP)
#: and of the frontier since 2023; the EU AI Act also presumes systemic risk from 10^25 FLOP.
TOP_SCALE_EXPONENT = 25


def _pooled_open_pct(rows: pd.DataFrame) -> tuple[float, int]:
    known = int(rows["n_known"].sum())
    return (100.0 * rows["n_open"].sum() / known if known else math.nan), known


def open_scale_facts(data: pd.DataFrame | None = None) -> dict[str, Any]:
    """Open shares by scale (pooled counts, models since `OPEN_BY_COMPUTE_SINCE`): at or above
    the large-scale threshold against below it, and at or above `TOP_SCALE_EXPONENT` against
    below it, with the words comparing each pair."""
    data = open_compute_rows() if data is None else data
    exponent = int(math.log10(LARGE_SCALE_THRESHOLD_FLOP))
    large_pct, large_n = _pooled_open_pct(data[data["log10_compute"] >= exponent])
    small_pct, small_n = _pooled_open_pct(data[data["log10_compute"] < exponent])
    top_pct, top_n = _pooled_open_pct(data[data["log10_compute"] >= TOP_SCALE_EXPONENT])
    below_pct, below_n = _pooled_open_pct(data[data["log10_compute"] < TOP_SCALE_EXPONENT])
    words = ("more common", "less common", "about as common")
    return {"large_pct": large_pct, "large_n": large_n, "small_pct": small_pct, "small_n": small_n,
            "threshold": fmt.fmt_power_of_ten(exponent),
            "words": fmt.compare_words(large_pct, small_pct, words=words),
            "top_pct": top_pct, "top_n": top_n, "below_top_pct": below_pct, "below_top_n": below_n,
            "top_threshold": fmt.fmt_power_of_ten(TOP_SCALE_EXPONENT),
            "top_words": fmt.compare_words(top_pct, below_pct, words=words)}


def open_scale_sentence(facts: dict[str, Any] | None = None) -> str:
    """The closing sentence on open weights at the largest scale, chosen by the result."""
    f = open_scale_facts() if facts is None else facts
    if f["top_words"] == "less common":
        return "The largest runs, which cost the most, are the ones their makers most often keep closed."
    if f["top_words"] == "more common":
        return "Even the largest runs are more often released with open weights than smaller ones."
    return "At the largest scale, releasing the weights is about as common as below it."
