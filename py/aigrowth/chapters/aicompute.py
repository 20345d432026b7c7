"""AI and Compute, revisited (report/ai-and-compute.qmd): OpenAI's 2018 analysis on today's data.

The chapter picks the subsets and wires them to the builders: the record-setting runs since
1950 with the 2012–2018 trend, the later record trend and OpenAI's pace drawn in; the
2012–2018 window in FLOP and petaflop/s-days; a table converting the key runs between the two
units; and a table of this report's growth rates beside the published ones. Words whose choice
depends on a result (an interval includes a published value or not, a model is a record-setter
or not) are chosen here, so the story holds when the data are refreshed.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from great_tables import GT

from .. import fmt
from ..aicompute import published, published_table, record_runs
from ..constants import FLOP_PER_PETAFLOP_S_DAY, OPENAI_2018_END, OPENAI_2018_START
from ..figures.aicompute import NamedTrend, PaceLine, record_runs_data, record_runs_figure
from ..frontier import record_setter_mask
from ..numbers import Number
from ..style import OKABE_ITO
from ..tables import growth_comparison_table, style_table
from ..trends import TrendFit
from ..units import flop_to_petaflop_s_days, growth_per_year_to_doubling_months
from .common import credit, dataset, numbers, results, trends
from .facts import Facts

# Trace names the scrollytelling steps of the chapter refer to (no commas: steps split on them).
TREND_OPENAI_WINDOW = "Trend 2012–2018"
TREND_SINCE_2019 = "Trend since 2019"
PACE_LINE = "OpenAI's pace continued"

# The models OpenAI (2018) compared, and the milestones the chapter names.
ALEXNET = "AlexNet"
ALPHAGO_ZERO = "AlphaGo Zero"
UNIT_MODELS = ("AlexNet", "Seq2Seq LSTM", "AlphaGo Lee", "AlphaGo Zero", "ResNeXt-101 32x48d",
               "GPT-3 175B (davinci)", "GPT-4 (Mar 2023)")


# -- Numbers and words -------------------------------------------------------------------------


def window_trend() -> TrendFit:
    """The trend of the record-setting runs of 2012–2018: the fit behind the headline number
    `compute_doubling_months_record_2012_2018`."""
    return trends().compute_record_2012_2018


def openai_doubling() -> float:
    return published("openai2018_doubling").value


def openai_factor() -> float:
    return published("openai2018_increase").value


def openai_pre2012_doubling() -> float:
    return published("openai2018_pre2012_doubling").value


def interval_words(number: Number, value: float) -> fmt.Markdown:
    """"includes" or "excludes": does the interval of `number` contain `value`?"""
    return fmt.Markdown("includes" if number.includes(value) else "excludes")


def holds_up_words(number: Number, value: float) -> fmt.Markdown:
    """"holds up" when the interval of `number` contains the published `value`."""
    return fmt.Markdown("holds up" if number.includes(value) else "does not hold up")


def consistent_words(number: Number, value: float) -> fmt.Markdown:
    """How an estimate with an interval stands against a published value, for a sentence
    "today's data ___ OpenAI's figure"."""
    if number.includes(value):
        return fmt.Markdown("are consistent with")
    return fmt.Markdown("contradict" if not fmt.is_missing(number.low) else "cannot test")


def is_record_setter(name: str) -> bool:
    """Whether the model named `name` set a compute record (running-record rule)."""
    m = dataset().models
    mask = record_setter_mask(m, "compute_flop")
    hits = m["model_key"] == " ".join(name.casefold().split())
    if not hits.any():
        raise KeyError(f"no model named {name!r}")
    return bool(mask[hits].any())


def record_words(name: str) -> fmt.Markdown:
    """"set" or "did not set": the words for whether `name` set a compute record."""
    return fmt.Markdown("set" if is_record_setter(name) else "did not set")


def _model(name: str) -> pd.Series:
    m = dataset().models
    hits = m[m["model_key"] == " ".join(name.casefold().split())]
    if hits.empty:
        raise KeyError(f"no model named {name!r}")
    return hits.iloc[0]


def compute_of(name: str) -> float:
    return float(_model(name)["compute_flop"])


@dataclass(frozen=True)
class ModelFacts(Facts):
    """One model the prose names: its name (escaped), year and training compute in both units."""

    model: str
    year: int
    compute_flop: float
    petaflop_s_days: float

    @classmethod
    def of(cls, row: pd.Series) -> ModelFacts:
        flop = float(row["compute_flop"])
        return cls(str(row["model"]), int(row["year"]), flop, float(flop_to_petaflop_s_days(flop)))


def _largest_row() -> pd.Series:
    m = dataset().models
    return m.loc[m["compute_flop"].idxmax()]


def largest_model() -> ModelFacts:
    """The largest training run in the data."""
    return ModelFacts.of(_largest_row())


@dataclass(frozen=True)
class RevisionFacts(Facts):
    """OpenAI's 300,000× against today's AlexNet → AlphaGo Zero factor (see
    `alphago_zero_revision`)."""

    factor_today: float
    factor_openai: float
    alexnet_flop: float
    zero_flop: float
    openai_implied_flop: float
    revision: float


def alphago_zero_revision() -> RevisionFacts:
    """OpenAI's 300,000× against today's AlexNet → AlphaGo Zero factor.

    `openai_implied_flop` is AlphaGo Zero's compute implied by OpenAI's factor on today's AlexNet
    estimate (the same operation count OpenAI published); `revision` is how many times lower
    today's AlphaGo Zero estimate is than that.
    """
    alexnet, zero = compute_of(ALEXNET), compute_of(ALPHAGO_ZERO)
    implied = alexnet * openai_factor()
    return RevisionFacts(factor_today=zero / alexnet, factor_openai=openai_factor(), alexnet_flop=alexnet,
                         zero_flop=zero, openai_implied_flop=implied, revision=implied / zero)


def pace_line() -> PaceLine:
    """OpenAI's 3.4-month doubling continued from AlexNet, stopped where it reaches the largest
    run today."""
    alexnet = _model(ALEXNET)
    largest = _largest_row()
    return PaceLine(float(alexnet["decimal_year"]), float(alexnet["compute_flop"]), openai_doubling(),
                    float(largest["decimal_year"]), PACE_LINE, cap=float(largest["compute_flop"]) * 3)


@dataclass(frozen=True)
class PaceFacts(Facts):
    """Had compute kept doubling every 3.4 months from AlexNet: the year a run the size of
    today's largest would have come, how many years early that is, and how large a run of the
    largest one's date would be."""

    year_reaching_largest: float
    years_early: float
    flop_at_largest_date: float


def pace_numbers() -> PaceFacts:
    line = pace_line()
    largest = _largest_row()
    reach = line.year_reaching(float(largest["compute_flop"]))
    return PaceFacts(year_reaching_largest=reach, years_early=float(largest["decimal_year"]) - reach,
                     flop_at_largest_date=10 ** float(line.predict(float(largest["decimal_year"]))))


def pace_words() -> fmt.Markdown:
    """"slowed" when the record-setting runs since 2019 doubled more slowly than in 2012–2018
    (the central estimates), else "sped up" (or "held")."""
    n = numbers()
    return fmt.compare_words(n.compute_doubling_months_record_since_2019.value,
                             n.compute_doubling_months_record_2012_2018.value,
                             tol=0.05, words=("slowed", "sped up", "held"))


def overlap_words() -> fmt.Markdown:
    """Whether the later record pace lies inside the 2012–2018 interval: the data then cannot
    tell the two periods apart."""
    n = numbers()
    inside = n.compute_doubling_months_record_2012_2018.includes(n.compute_doubling_months_record_since_2019.value)
    return fmt.Markdown("too wide to tell the two periods apart" if inside
                        else "narrow enough to tell the two periods apart")


def era_speedup() -> float:
    """How many times shorter the doubling time since 2012 is than before (notable models)."""
    n = numbers()
    return n.compute_doubling_months_pre_2012.value / n.compute_doubling_months_since_2012.value


# -- Figures -----------------------------------------------------------------------------------


def record_history() -> tuple[go.Figure, pd.DataFrame]:
    """Every model with a compute estimate since 1950, the record-setting runs in colour, the
    trend of the 2012–2018 records, the trend of the records since 2019, and OpenAI's 3.4-month
    pace continued from AlexNet. All drawn (the static and PDF view); the scrolly steps show
    them one by one. No petaflop/s-day axis: the steps zoom the left axis only."""
    m = dataset().models
    data = record_runs_data(m, start=1950.0, end=float(m["decimal_year"].max()) + 1e-6)
    later = trends().compute_record_since_2019
    drawn = [
        NamedTrend(TREND_OPENAI_WINDOW, dataclasses.replace(window_trend(), label="record-setting runs, 2012–2018"),
                   OKABE_ITO["black"]),
        NamedTrend(TREND_SINCE_2019, dataclasses.replace(later, label="record-setting runs since 2019"),
                   OKABE_ITO["blue"]),
        NamedTrend(PACE_LINE, pace_line(), OKABE_ITO["reddish_purple"], dash="dash"),
    ]
    largest = str(_largest_row()["model"])
    named = [ALEXNET, ALPHAGO_ZERO, largest, "GPT-3 175B (davinci)"]
    n = numbers()
    title = (f"Record-setting runs doubled every "
             f"{n.compute_doubling_months_record_2012_2018.months(interval=False)} in 2012–2018 "
             f"and every {n.compute_doubling_months_record_since_2019.months(interval=False)} since")
    fig = record_runs_figure(
        data, None, named_models=named, title=title,
        subtitle="Training compute of each model, FLOP (log scale); record-setting runs in colour",
        slug="aicompute-record-history", trends=drawn, pfs_axis=False)
    # The scrollytelling steps zoom both axes: let plotly choose the ticks for each view (fixed
    # tick lists would leave a zoomed view with one tick or none).
    fig.update_xaxes(tickmode="auto", nticks=7, dtick=None, tick0=None)
    fig.update_yaxes(tickmode="auto", nticks=7, tickvals=None, ticktext=None,
                     exponentformat="power", showexponent="all")
    return fig, data


def record_window() -> tuple[go.Figure, pd.DataFrame]:
    """OpenAI's window, 2012–2018, in both units: the record-setting runs with their trend."""
    data = record_runs_data(dataset().models)
    named = [ALEXNET, ALPHAGO_ZERO, "AlphaGo Lee", "ResNeXt-101 32x48d"]
    present = set(data["model"])
    trend = dataclasses.replace(window_trend(), label="record-setting runs, 2012–2018")
    n = numbers().compute_doubling_months_record_2012_2018
    title = (f"Today's data put the 2012–2018 doubling time of the largest runs at "
             f"{n.months(interval=False)}; OpenAI reported {fmt.fmt_months(openai_doubling())}")
    fig = record_runs_figure(data, None, named_models=[x for x in named if x in present],
                             title=title, slug="aicompute-record-window",
                             trends=[NamedTrend(TREND_OPENAI_WINDOW, trend)])
    return fig, data


# -- Tables ------------------------------------------------------------------------------------


def units_frame() -> pd.DataFrame:
    """The key runs in FLOP and petaflop/s-days, with whether each set a record."""
    m = dataset().models
    mask = record_setter_mask(m, "compute_flop")
    names = list(UNIT_MODELS) + [str(_largest_row()["model"])]
    rows = []
    for name in dict.fromkeys(names):
        row = _model(name)
        rows.append({
            "model": row["model"], "organization": row["organization"], "year": int(row["year"]),
            "compute_flop": float(row["compute_flop"]),
            "petaflop_s_days": float(flop_to_petaflop_s_days(float(row["compute_flop"]))),
            "record_setter": bool(mask.loc[row.name]),
        })
    return pd.DataFrame(rows).sort_values(["year", "compute_flop"], kind="mergesort").reset_index(drop=True)


def units_table() -> GT:
    frame = units_frame()
    shown = pd.DataFrame({
        "Model": frame["model"].astype(str).to_numpy(),
        "Year": [fmt.fmt_year(y) for y in frame["year"]],
        "Training compute": [fmt.fmt_flop(v) for v in frame["compute_flop"]],
        "Petaflop/s-days": [fmt.fmt_number(v) for v in frame["petaflop_s_days"]],
        "Set a record": ["yes" if r else "no" for r in frame["record_setter"]],
    })
    gt = GT(shown, id="tbl-aicompute-units").cols_align(
        align="right", columns=["Year", "Training compute", "Petaflop/s-days"])
    note = (f"{credit('epoch')}. One petaflop/s-day is {fmt.fmt_scientific(FLOP_PER_PETAFLOP_S_DAY)} "
            "FLOP: a quadrillion operations a second for a day. A record: more compute than every "
            "model published before it.")
    return style_table(gt, source_note=note)


SUBSET_WORDS = {"record_setters": "record-setting runs", "record-setting runs": "record-setting runs",
                "notable": "notable models", "frontier_top10": "frontier models (top 10)"}


def _own_row(key_growth: str, key_doubling: str) -> dict[str, Any]:
    n = results().entries
    g, d = n[key_growth], n[key_doubling]
    subset, _, period = g["subset"].rpartition(", ")
    return {"source": "This report", "subset": SUBSET_WORDS.get(subset, subset), "period": period,
            "growth_per_year": g["value"], "low": g["low"], "high": g["high"],
            "doubling_months": d["value"], "doubling_low": d["low"],
            "doubling_high": d["high"] if d["high"] is not None else math.inf}


def _published_row(key: str) -> dict[str, Any]:
    p = published_table().set_index("key").loc[key]
    low = high = d_low = d_high = None
    if p["quantity"] == "growth_per_year" and not fmt.is_missing(p["low"]):
        low, high = float(p["low"]), float(p["high"])
        d_low, d_high = growth_per_year_to_doubling_months(high), growth_per_year_to_doubling_months(low)
    source = str(p["source"])
    return {"source": source.split("),")[0] + ")" if ")," in source else source,
            "subset": p["subset"], "period": p["period"], "growth_per_year": p["growth_per_year"],
            "low": low, "high": high, "doubling_months": p["doubling_months"],
            "doubling_low": d_low, "doubling_high": d_high}


# The comparison table's rows, grouped by the question they answer: a published key, or this
# report's (growth key, doubling key).
COMPARISON_ROWS: tuple[str | tuple[str, str], ...] = (
    "openai2018_doubling",
    ("compute_growth_per_year_record_2012_2018", "compute_doubling_months_record_2012_2018"),
    "openai2018_pre2012_doubling",
    "sevilla2022_pre_dl",
    ("compute_growth_per_year_pre_2012", "compute_doubling_months_pre_2012"),
    "sevilla2022_dl",
    "epoch2024_notable_frontier",
    ("compute_growth_per_year_since_2012", "compute_doubling_months_since_2012"),
    ("compute_growth_per_year_frontier", "compute_doubling_months_frontier"),
    "sevilla2022_large_scale",
    "epoch2024_frontier_since_2018",
    ("compute_growth_per_year_record_since_2019", "compute_doubling_months_record_since_2019"),
)


def comparison_frame() -> pd.DataFrame:
    """This report's growth rates with intervals beside the published rates (OpenAI 2018,
    Sevilla et al. 2022, Epoch AI 2024), one row each, grouped by question."""
    rows = [_own_row(*spec) if isinstance(spec, tuple) else _published_row(spec)
            for spec in COMPARISON_ROWS]
    return pd.DataFrame(rows)


def comparison_table() -> GT:
    return growth_comparison_table(
        comparison_frame(), table_id="tbl-aicompute-comparison",
        source_note=f"{credit('epoch')}; published estimates as cited. This report: least squares "
                    "on log compute, bootstrap intervals over models")


def record_holder_before(name: str) -> ModelFacts:
    """The model holding the compute record when `name` was published (the record-setter with
    the largest compute published before it)."""
    m = dataset().models
    row = _model(name)
    mask = record_setter_mask(m, "compute_flop") & (m["decimal_year"] < float(row["decimal_year"]))
    earlier = m.loc[mask]
    if earlier.empty:
        raise ValueError(f"no record was set before {name!r}")
    return ModelFacts.of(earlier.loc[earlier["compute_flop"].idxmax()])


def record_count(start: float | None = None, end: float | None = None) -> int:
    """How many record-setting runs were published in [start, end] (open ends allowed)."""
    m = dataset().models
    mask = record_setter_mask(m, "compute_flop")
    years = m["decimal_year"]
    if start is not None:
        mask &= years >= start
    if end is not None:
        mask &= years <= end
    return int(mask.sum())


def window_records() -> pd.DataFrame:
    """The record-setting runs of OpenAI's window (2012–2018), in date order."""
    return record_runs(dataset().models, OPENAI_2018_START, OPENAI_2018_END)


def window_record(position: int) -> ModelFacts:
    """One record-setting run of OpenAI's window by position: 0 the first, -1 the last."""
    return ModelFacts.of(window_records().iloc[position])


def later_vs_frontier_words() -> fmt.Markdown:
    """How the records' growth since 2019 compares with frontier models' growth since 2010:
    "faster than", "slower than" or "in line with" (within 10%)."""
    n = numbers()
    return fmt.compare_words(n.compute_growth_per_year_record_since_2019.value,
                             n.compute_growth_per_year_frontier.value,
                             words=("faster than", "slower than", "in line with"))


def era_words(speedup: float | None = None) -> fmt.Markdown:
    """"far faster" when the doubling time since 2012 is over twice as short as before, "faster"
    when shorter at all, else "no faster"."""
    s = era_speedup() if speedup is None else speedup
    return fmt.Markdown("far faster" if s > 2 else ("faster" if s > 1 else "no faster"))
