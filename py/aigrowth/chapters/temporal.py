"""Patterns over time (report/temporal.qmd): compute since 1950 and the break in its trend,
the other measures of scale, who builds the models, and open against closed weights.

Each figure function returns `(figure, data)` for `common.show`; the small `*_facts` functions
return the numbers and code-chosen words the prose states next to a figure, as typed facts
(`Facts`), computed from the same rows the figure draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from .. import findings, fmt
from ..constants import DL_ERA_START, FRONTIER_TOP_N, LARGE_SCALE_THRESHOLD_FLOP
from ..constants import SMALL_SHARE_N as SMALL_SHARE_N  # the prose states it
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
from ..numbers import Number, subset_rows
from ..trends import TrendFit, select_subset
from ..variables import variable
from ..years import to_decimal_year
from .common import claims, data_end, dataset, numbers, trends
from .facts import Facts

# -- The scrolly chart: compute since 1950 ------------------------------------------------------

#: Trace names the scrolly steps in report/temporal.qmd refer to (data-trend, data-highlight).
TREND_PRE_DL = "trend: before 2010"
TREND_DL = "trend: since 2010"
TREND_FRONTIER = "trend: frontier"
FRONTIER_TRACE = "Frontier models"


def segment_trend_name(i: int) -> str:
    """The trace name of the break analysis' segment `i` (1 the earliest)."""
    return f"trend: segment {i}"


#: Milestones the compute chart names (Epoch's names); the largest run is added from the data.
NAMED_MODELS = ("AlexNet", "AlphaGo Zero", "GPT-3 175B (davinci)", "GPT-4 (Mar 2023)")


def segments() -> list[TrendFit]:
    """The segments of the break analysis' fit, earliest first (one when no break is found:
    then the single line of notable models since 1950 is the pre- and post-2010 pair)."""
    t = trends()
    out, i = [], 1
    while f"compute_segment_{i}" in t:
        out.append(getattr(t, f"compute_segment_{i}"))
        i += 1
    return out


def scrolly_trend_names() -> tuple[str, ...]:
    return (
        TREND_PRE_DL,
        TREND_DL,
        *(segment_trend_name(i) for i in range(1, len(segments()) + 1)),
        TREND_FRONTIER,
    )


def scrolly_trends() -> list[TrendFit]:
    """The trends the scrolly steps reveal, in the order of `scrolly_trend_names()`: the
    headline fits and the break analysis' segments."""
    t = trends()
    return [t.compute_pre_dl, t.compute_dl, *segments(), t.compute_frontier]


def compute_scrolly() -> tuple[go.Figure, pd.DataFrame]:
    """Every model's training compute since 1950, with hidden trends and frontier models for
    the steps to reveal. Trace names: the domain groups, `FRONTIER_TRACE`, the trend names."""
    data = compute_over_time_data(dataset().models, flags=("frontier_top10",))
    largest = data.loc[data["compute_flop"].idxmax(), "model"]
    named = [m for m in NAMED_MODELS if m in set(data["model"])]
    named += [largest] if largest not in named else []
    last = segments()[-1] if segments() else trends().compute_dl
    title = (
        f"Training compute of notable models has grown {fmt.fmt_growth(last.growth_per_year)} a year "
        f"since {fmt.fmt_year(last.start)}"
    )
    fig = compute_over_time_figure(
        data,
        trends=scrolly_trends(),
        trend_names=scrolly_trend_names(),
        named_models=named,
        overlay="frontier_top10",
        overlay_name=FRONTIER_TRACE,
        title=title,
        subtitle="Training compute of each model with an estimate, FLOP (log scale)",
        slug="temporal-compute",
        data_end=data_end(),
    )
    return fig, data


def scrolly_model_count() -> int:
    """How many models the compute chart draws."""
    return len(compute_over_time_data(dataset().models))


@dataclass(frozen=True)
class SegmentFacts(Facts):
    """One segment of the break analysis' fit: its years, models and growth with interval."""

    first_year: str
    last_year: str
    n: int
    growth: str


def segment_facts() -> list[SegmentFacts]:
    """The segments of the broken trend, earliest first."""
    n = numbers()
    out = []
    for i, seg in enumerate(segments(), start=1):
        out.append(
            SegmentFacts(
                fmt.fmt_year(seg.start),
                fmt.fmt_year(seg.end),
                seg.n,
                getattr(n, f"compute_growth_per_year_segment_{i}").growth(),
            )
        )
    return out


def break_sentence() -> fmt.Markdown:
    """Where the breaks lie, in words the evidence allows: "the first consistent with a change
    somewhere between 1989 and 2009, the second …"."""
    c = claims()
    ordinals = ("first", "second", "third")
    parts = []
    i = 1
    while f"compute-break-{i}-dates" in c:
        parts.append(
            fmt.markdown("the {} {}", fmt.Markdown(ordinals[i - 1]), c[f"compute-break-{i}-dates"].md())
        )
        i += 1
    if not parts:
        return fmt.Markdown("")
    if len(parts) == 1:
        return fmt.markdown("{}", parts[0].replace("the first ", "", 1))
    return fmt.fmt_series(parts)


def segment_sentence() -> fmt.Markdown:
    """The segments' growth rates: "1.4× (95% CI …) a year in 1950–1994, …"."""
    parts = [
        fmt.markdown(
            "{} a year in {}–{} ({} models)", f.growth, f.first_year, f.last_year, fmt.fmt_count(f.n)
        )
        for f in segment_facts()
    ]
    return fmt.fmt_series(parts)


@dataclass(frozen=True)
class LatestYears(Facts):
    """How complete the newest years are: models with a compute estimate per year. The latest
    complete calendar year is itself still filling in (Epoch AI adds models with a lag)."""

    data_end: pd.Timestamp
    partial_year: int
    complete_year: int
    n_partial: int
    n_complete: int
    n_before_complete: int


def latest_years() -> LatestYears:
    """Counts of models with a compute estimate in the latest complete calendar year, the year
    before it and the partial year the data end in (the year of the newest publication date);
    the two complete years' counts are the evidence of claim `latest-complete-year-count`."""
    end = data_end()
    partial = int(end.year)
    years = compute_over_time_data(dataset().models)["publication_date"].dt.year
    complete, before = claims().latest_complete_year_count.evidence.counts or (0, 0)
    return LatestYears(
        data_end=end,
        partial_year=partial,
        complete_year=partial - 1,
        n_partial=int((years == partial).sum()),
        n_complete=int(complete),
        n_before_complete=int(before),
    )


def frontier_rule_words() -> fmt.Markdown:
    """The project's frontier rule in words, from the constant."""
    return fmt.markdown(
        "the top {} by training compute at the time of release", fmt.fmt_count(FRONTIER_TOP_N)
    )


# -- Other measures of scale --------------------------------------------------------------------


#: The other measures of scale, by the key a figure cell names: the headline trend each chart
#: draws (see `aigrowth.numbers.TRENDS`) and the models it is about, as the title says them.
METRIC_CHARTS: dict[str, tuple[str, str, str]] = {
    "parameters": ("parameters_dl", "notable models", "notable"),
    "training_time": ("training_time_dl", "notable models", "notable_no_fine_tunes"),
    "power": ("power_frontier", "frontier models", "frontier_top10"),
    "cost": ("cost_frontier", "frontier models", "frontier_top10"),
}


def _metric_trend(key: str) -> TrendFit:
    if key not in METRIC_CHARTS:
        raise ValueError(f"unknown measure {key!r}; expected one of {sorted(METRIC_CHARTS)}")
    return getattr(trends(), METRIC_CHARTS[key][0])


def metric_rows(key: str) -> pd.DataFrame:
    """Exactly the models the metric's headline trend is fitted to, labelled by domain."""
    fit = _metric_trend(key)
    rows = subset_rows(dataset().models, METRIC_CHARTS[key][2])
    data = metric_over_time_data(rows, fit.metric, "domain_group", since=fit.start)
    return data[data["decimal_year"] <= fit.end].reset_index(drop=True)


def metric_title(key: str) -> str:
    fit = _metric_trend(key)
    record = variable(fit.metric)
    growth = fit.growth_per_year
    if growth >= 1:
        change = f"grown {fmt.fmt_growth(growth)} a year"
    else:
        change = f"shrunk to {fmt.fmt_growth(growth)} a year"
    return f"{record.label} of {METRIC_CHARTS[key][1]} {record.verb} {change} since {fmt.fmt_year(fit.start)}"


def metric_figure(key: str) -> tuple[go.Figure, pd.DataFrame]:
    """One measure of scale over time, by domain, with its headline trend drawn."""
    fit = _metric_trend(key)
    data = metric_rows(key)
    fig = metric_over_time_figure(
        data,
        fit.metric,
        "domain_group",
        trends=[fit],
        title=metric_title(key),
        slug=f"temporal-{key.replace('_', '-')}",
        data_end=data_end(),
    )
    return fig, data


def share_of_growth(part: Number, whole: Number) -> float:
    """The share (percent) of `whole`'s growth, counted in orders of magnitude, that the
    growth `part` matches: log(part) / log(whole). For training time against compute it says
    how much of compute's growth longer runs account for."""
    return 100.0 * math.log(part.value) / math.log(whole.value)


@dataclass(frozen=True)
class ScalingFacts(Facts):
    """Parameters, dataset size and compute of the same notable language models: the growth of
    each and of parameters × data, which compute ≈ 6 × parameters × tokens × passes ties together."""

    n: int
    parameters: str
    data: str
    product: str
    compute: str
    passes: str


def scaling_facts() -> ScalingFacts:
    n = numbers()
    product = (
        n.parameters_growth_per_year_language_same_rows.value
        * n.dataset_size_growth_per_year_language_same_rows.value
    )
    return ScalingFacts(
        n=int(n.compute_growth_per_year_language_same_rows.n or 0),
        parameters=n.parameters_growth_per_year_language_same_rows.growth(interval=False),
        data=n.dataset_size_growth_per_year_language_same_rows.growth(interval=False),
        product=fmt.fmt_growth(product),
        compute=n.compute_growth_per_year_language_same_rows.growth(interval=False),
        passes=n.passes_growth_per_year_language_same_rows.growth(),
    )


# -- Who builds them ----------------------------------------------------------------------------

#: The pooled years of the organisation-type shares (see `aigrowth.findings`).
EARLY_YEARS = findings.EARLY_YEARS
RECENT_YEARS = findings.RECENT_YEARS


def organization_rows() -> pd.DataFrame:
    models, _ = select_subset(dataset().models, "notable")
    return organization_share_data(models, since=DL_ERA_START.year)


@dataclass(frozen=True)
class ShareFacts(Facts):
    """An organisation type's pooled share of notable models, early and recent."""

    early_years: tuple[int, int]
    recent_years: tuple[int, int]
    early_pct: float
    early_n: int
    early_total: int
    recent_pct: float
    recent_n: int
    recent_total: int


def organization_facts(
    data: pd.DataFrame | None = None, focus: str = "Industry", partial_year: int | None = None
) -> ShareFacts:
    """`focus`'s pooled share of notable models in the first `EARLY_YEARS` years and in the
    last `RECENT_YEARS` complete years."""
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
    change = claims().industry_share_change
    title = (
        f"Industry's share of notable models {change.title()} from {fmt.fmt_pct(f.early_pct)} in "
        f"{f.early_years[0]}–{f.early_years[1]} to {fmt.fmt_pct(f.recent_pct)} in "
        f"{f.recent_years[0]}–{f.recent_years[1]}"
    )
    fig = organization_share_figure(
        data,
        title=title,
        slug="temporal-organization-share",
        subtitle="Share of notable models published each year, by type of organisation",
        data_end=data_end(),
    )
    fig.layout.meta = {**fig.layout.meta, "claims": [change.id]}
    return fig, data


@dataclass(frozen=True)
class FrontierIndustryFacts(Facts):
    """Industry's share of frontier models (top ten at release) since the deep-learning era."""

    share_pct: float
    n_industry: int
    n_total: int


def frontier_industry_facts() -> FrontierIndustryFacts:
    k, n = claims().frontier_industry_share.evidence.counts or (0, 1)
    return FrontierIndustryFacts(100.0 * k / n, int(k), int(n))


def country_rows() -> pd.DataFrame:
    models, _ = select_subset(dataset().models, "notable")
    return metric_over_time_data(models, "compute_flop", "country", since=to_decimal_year(DL_ERA_START))


@dataclass(frozen=True)
class CountryFacts(Facts):
    """The countries of the organisations behind the largest runs; names as they read
    mid-sentence ("the United States")."""

    n_large: int
    top: str
    n_top: int
    second: str
    n_second: int
    threshold: str


def country_facts(data: pd.DataFrame | None = None) -> CountryFacts:
    """The two countries with most notable models since 2010 with at least the large-scale
    threshold of compute, counted by primary country."""
    data = country_rows() if data is None else data
    counts = _large_run_counts(data)
    return CountryFacts(
        n_large=len(_large(data)),
        top=fmt.with_article(counts.index[0]),
        n_top=int(counts.iloc[0]),
        second=fmt.with_article(counts.index[1]),
        n_second=int(counts.iloc[1]),
        threshold=fmt.fmt_power_of_ten(int(math.log10(LARGE_SCALE_THRESHOLD_FLOP))),
    )


def _large(data: pd.DataFrame) -> pd.DataFrame:
    return data[data["compute_flop"] >= LARGE_SCALE_THRESHOLD_FLOP]


def _large_run_counts(data: pd.DataFrame) -> pd.Series:
    counts = _large(data)["group"].value_counts().drop(labels=["Other countries"], errors="ignore")
    # Ties keep a fixed order (by name), so no country drops out of a sentence by chance.
    frame = counts.rename_axis("group").reset_index(name="n")
    frame = frame.sort_values(["n", "group"], ascending=[False, True], kind="mergesort")
    return frame.set_index("group")["n"]


def country_figure() -> tuple[go.Figure, pd.DataFrame]:
    data = country_rows()
    counts = _large_run_counts(data)
    title = (
        f"{fmt.fmt_count(counts.iloc[0])} of the {fmt.fmt_count(len(_large(data)))} notable models trained "
        f"with {fmt.fmt_power_of_ten(int(math.log10(LARGE_SCALE_THRESHOLD_FLOP)))} FLOP or more came first "
        f"from {fmt.with_article(str(counts.index[0]))}"
    )
    fig = metric_over_time_figure(
        data,
        "compute_flop",
        "country",
        title=title,
        subtitle="Training compute of notable models, FLOP (log scale), by the "
        "country of the first organisation",
        slug="temporal-compute-by-country",
        data_end=data_end(),
    )
    return fig, data


# -- Open and closed weights --------------------------------------------------------------------

OPEN_SINCE = findings.OPEN_SINCE
OPEN_BY_COMPUTE_SINCE = findings.OPEN_BY_COMPUTE_SINCE
TOP_SCALE_EXPONENT = findings.TOP_SCALE_EXPONENT


def open_share_rows() -> pd.DataFrame:
    return open_weights_share_data(dataset().models, since=OPEN_SINCE)


@dataclass(frozen=True)
class OpenShareFacts(Facts):
    """The open share of models in the first year shown and in the latest complete year, with
    the counts (open and known status) behind each."""

    first_year: int
    first_pct: float
    first_open: int
    first_known: int
    complete_year: int
    complete_pct: float
    complete_open: int
    complete_known: int
    n_known: int


def open_share_facts(data: pd.DataFrame | None = None, complete_year: int | None = None) -> OpenShareFacts:
    data = open_share_rows() if data is None else data
    year = latest_years().complete_year if complete_year is None else complete_year
    row = data[data["year"] == year].iloc[0]
    first = data.iloc[0]
    return OpenShareFacts(
        first_year=int(first["year"]),
        first_pct=float(first["share_open_pct"]),
        first_open=int(first["n_open"]),
        first_known=int(first["n_known"]),
        complete_year=year,
        complete_pct=float(row["share_open_pct"]),
        complete_open=int(row["n_open"]),
        complete_known=int(row["n_known"]),
        n_known=int(data["n_known"].sum()),
    )


def open_share_figure() -> tuple[go.Figure, pd.DataFrame]:
    data = open_share_rows()
    f = open_share_facts(data)
    title = (
        f"{fmt.fmt_pct(f.complete_pct)} of models published in {f.complete_year} whose weights status "
        f"is known had open weights, against {fmt.fmt_pct(f.first_pct)} in {f.first_year}"
    )
    fig = open_weights_share_figure(data, title=title, slug="temporal-open-share", data_end=data_end())
    return fig, data


def open_compute_rows() -> pd.DataFrame:
    return open_weights_by_compute_data(dataset().models, since=OPEN_BY_COMPUTE_SINCE)


def open_compute_figure() -> tuple[go.Figure, pd.DataFrame]:
    data = open_compute_rows()
    f = open_scale_facts(data)
    title = (
        f"{fmt.fmt_pct(f.top_pct)} of models trained with {f.top_threshold} FLOP or more "
        f"have open weights, against {fmt.fmt_pct(f.below_top_pct)} of smaller ones"
    )
    return open_weights_by_compute_figure(data, title=title, slug="temporal-open-by-compute"), data


def _pooled_open(rows: pd.DataFrame) -> tuple[float, int]:
    known = int(rows["n_known"].sum())
    return (100.0 * rows["n_open"].sum() / known if known else math.nan), known


@dataclass(frozen=True)
class OpenScaleFacts(Facts):
    """Open shares by scale, at or above each threshold against below it."""

    large_pct: float
    large_n: int
    small_pct: float
    small_n: int
    threshold: str
    top_pct: float
    top_n: int
    below_top_pct: float
    below_top_n: int
    top_threshold: str


def open_scale_facts(data: pd.DataFrame | None = None) -> OpenScaleFacts:
    """Open shares by scale (pooled counts, models since `OPEN_BY_COMPUTE_SINCE`): at or above
    the large-scale threshold against below it, and at or above `TOP_SCALE_EXPONENT` against
    below it (the evidence of claims `open-share-large-scale` and `open-share-top-scale`)."""
    data = open_compute_rows() if data is None else data
    exponent = int(math.log10(LARGE_SCALE_THRESHOLD_FLOP))
    large_pct, large_n = _pooled_open(data[data["log10_compute"] >= exponent])
    small_pct, small_n = _pooled_open(data[data["log10_compute"] < exponent])
    top_pct, top_n = _pooled_open(data[data["log10_compute"] >= TOP_SCALE_EXPONENT])
    below_pct, below_n = _pooled_open(data[data["log10_compute"] < TOP_SCALE_EXPONENT])
    return OpenScaleFacts(
        large_pct=large_pct,
        large_n=large_n,
        small_pct=small_pct,
        small_n=small_n,
        threshold=fmt.fmt_power_of_ten(exponent),
        top_pct=top_pct,
        top_n=top_n,
        below_top_pct=below_pct,
        below_top_n=below_n,
        top_threshold=fmt.fmt_power_of_ten(TOP_SCALE_EXPONENT),
    )


# -- In short -----------------------------------------------------------------------------------


def highlights() -> list[fmt.Markdown]:
    """The chapter's "in short" sentences, each built from claims."""
    c, n = claims(), numbers()
    org = organization_facts()
    scale = open_scale_facts()
    last = segment_facts()[-1] if segment_facts() else None
    out = [
        fmt.markdown(
            "Training compute of notable models did not grow along one straight line: sequential tests "
            "support {}, {}.",
            c.compute_break_count.md(),
            break_sentence(),
        )
    ]
    if last is not None:
        out.append(
            fmt.markdown(
                "Since the latest break, around {}, compute grew {} a year; frontier models since 2010 grew {} a "
                "year, {} notable models as a whole.",
                last.first_year,
                last.growth,
                n.compute_growth_per_year_frontier.growth(interval=False),
                c.compute_frontier_vs_notable.md(),
            )
        )
    out.append(
        fmt.markdown(
            "Parameters grew {} a year, {} compute; on the same language models the passes over the data that "
            "compute implies {}.",
            n.parameters_growth_per_year_dl.growth(interval=False),
            c.parameters_vs_compute.md(),
            c.passes_over_data.md(),
        )
    )
    out.append(
        fmt.markdown(
            "Industry's share of notable models {} from {} in {}–{} to {} in {}–{}.",
            c.industry_share_change.md(),
            fmt.fmt_pct(org.early_pct),
            fmt.fmt_year(org.early_years[0]),
            fmt.fmt_year(org.early_years[1]),
            fmt.fmt_pct(org.recent_pct),
            fmt.fmt_year(org.recent_years[0]),
            fmt.fmt_year(org.recent_years[1]),
        )
    )
    out.append(
        fmt.markdown(
            "Open weights are {} among models trained with {} FLOP or more ({} of {}) than below it ({}).",
            c.open_share_top_scale.md(),
            scale.top_threshold,
            fmt.fmt_pct(scale.top_pct),
            fmt.fmt_count(scale.top_n),
            fmt.fmt_pct(scale.below_top_pct),
        )
    )
    return out
