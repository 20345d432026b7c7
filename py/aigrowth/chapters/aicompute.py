"""AI and Compute, revisited (report/ai-and-compute.qmd): OpenAI's 2018 analysis on today's data.

The chapter picks the subsets and wires them to the builders: the record-setting runs since
1950 with the trend of OpenAI's series (2012 to the end of 2017), the later record trend and
OpenAI's pace drawn in; that window in FLOP and petaflop/s-days; how its doubling time moves
with the window's end and the record rule; a table converting the key runs between the two
units; and the published figures beside this report's estimate on the same selection and
window. Words that judge a result come from the claims (`aigrowth.findings`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from great_tables import GT

from .. import fmt
from ..aicompute import record_runs
from ..constants import FLOP_PER_PETAFLOP_S_DAY
from ..figures.aicompute import NamedTrend, PaceLine, record_runs_data, record_runs_figure
from ..frontier import record_setter_mask
from ..literature import OPENAI_2018_SERIES_END, OPENAI_2018_SERIES_START, published
from ..records import RECORD_RULES, WINDOW_ENDS
from ..style import GREY_OTHER, INK, INK_SOFT
from ..tables import style_table
from ..trends import TrendFit
from ..units import flop_to_petaflop_s_days
from . import temporal
from .common import claims, credit, data_end, dataset, numbers, table, trends
from .facts import Facts

# Trace names the scrollytelling steps of the chapter refer to (no commas: steps split on them).
TREND_OPENAI_WINDOW = "Trend 2012–2017"
TREND_SINCE_2018 = "Trend since 2018"
PACE_LINE = "OpenAI's pace continued"

# The models OpenAI (2018) compared, and the milestones the chapter names.
ALEXNET = "AlexNet"
ALPHAGO_ZERO = "AlphaGo Zero"
UNIT_MODELS = (
    "AlexNet",
    "Seq2Seq LSTM",
    "AlphaGo Lee",
    "AlphaGo Zero",
    "ResNeXt-101 32x48d",
    "GPT-3 175B (davinci)",
    "GPT-4 (Mar 2023)",
)


# -- Numbers and words -------------------------------------------------------------------------


def window_trend() -> TrendFit:
    """The trend of the record-setting runs of OpenAI's series, 2012 to the end of 2017 (it
    ends with AlphaGo Zero): the fit behind `record_doubling_months_2012_2017`."""
    return trends().record_2012_2017


def _published_value(key: str) -> float:
    value = published(key).value
    if value is None:
        raise ValueError(f"the published figure {key!r} states no single value")
    return float(value)


def openai_doubling() -> float:
    return _published_value("amodei2018_doubling")


def openai_factor() -> float:
    return _published_value("amodei2018_increase")


def openai_moore_months() -> float:
    """Moore's law as OpenAI states it ("a 2-year doubling period"), in months."""
    return 12.0 * _published_value("amodei2018_moore")


@dataclass(frozen=True)
class RangeFacts(Facts):
    """How the 2012–2017 doubling time moves with the window's end and the record rule."""

    low: str
    high: str
    n_choices: int
    n_ends: int
    n_rules: int


def record_range_facts() -> RangeFacts:
    r = numbers().record_doubling_months_range
    return RangeFacts(
        fmt.fmt_months(r.low),
        fmt.fmt_months(r.high),
        len(WINDOW_ENDS) * len(RECORD_RULES),
        len(WINDOW_ENDS),
        len(RECORD_RULES),
    )


def record_sensitivity_table() -> GT:
    """The 2012-to-window-end doubling time for each window end and record rule, with its t
    interval and the leave-one-out range."""
    frame = table("record_sensitivity")
    shown = pd.DataFrame(
        {
            "Window ends": frame["window_end"].astype(str),
            "A record beats": frame["rule"].astype(str),
            "Runs": [fmt.fmt_count(v) for v in frame["n"]],
            "Doubling time (95% t interval)": [
                f"{fmt.fmt_months(v)} ({fmt.fmt_number(lo)}{fmt.EN_DASH}{fmt.fmt_number(hi)})"
                for v, lo, hi in zip(
                    frame["doubling_months"], frame["doubling_low"], frame["doubling_high"], strict=True
                )
            ],
            "Leaving one run out": [
                f"{fmt.fmt_number(lo)}{fmt.EN_DASH}{fmt.fmt_number(hi)} months"
                for lo, hi in zip(frame["loo_low"], frame["loo_high"], strict=True)
            ],
        }
    )
    gt = GT(shown, id="tbl-aicompute-sensitivity").cols_align(
        align="right", columns=["Runs", "Doubling time (95% t interval)", "Leaving one run out"]
    )
    return style_table(
        gt,
        source_note=(
            f"{credit('epoch')}. Record-setting runs from 2012 to each window end; OLS of log compute on "
            "date, t interval with n − 2 degrees of freedom; the last column is the range of the "
            "doubling time when each run in turn is left out."
        ),
    )


def is_record_setter(name: str) -> bool:
    """Whether the model named `name` set a compute record (running-record rule)."""
    m = dataset().models
    mask = record_setter_mask(m, "compute_flop")
    hits = m["model_key"] == " ".join(name.casefold().split())
    if not hits.any():
        raise KeyError(f"no model named {name!r}")
    return bool(mask[hits].any())


def record_words(name: str) -> fmt.Markdown:
    """ "set" or "did not set": the words for whether `name` set a compute record."""
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
    return RevisionFacts(
        factor_today=zero / alexnet,
        factor_openai=openai_factor(),
        alexnet_flop=alexnet,
        zero_flop=zero,
        openai_implied_flop=implied,
        revision=implied / zero,
    )


def pace_line() -> PaceLine:
    """OpenAI's 3.4-month doubling continued from AlexNet, stopped where it reaches the largest
    run today."""
    alexnet = _model(ALEXNET)
    largest = _largest_row()
    return PaceLine(
        float(alexnet["decimal_year"]),
        float(alexnet["compute_flop"]),
        openai_doubling(),
        float(largest["decimal_year"]),
        PACE_LINE,
        cap=float(largest["compute_flop"]) * 3,
    )


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
    return PaceFacts(
        year_reaching_largest=reach,
        years_early=float(largest["decimal_year"]) - reach,
        flop_at_largest_date=10 ** float(line.predict(float(largest["decimal_year"]))),
    )


# -- Figures -----------------------------------------------------------------------------------


def record_history() -> tuple[go.Figure, pd.DataFrame]:
    """Every model with a compute estimate since 1950, the record-setting runs as ink rings, the
    trend of the 2012–2018 records, the trend of the records since 2019, and OpenAI's 3.4-month
    pace continued from AlexNet. All drawn (the static and PDF view); the scrolly steps show
    them one by one. No petaflop/s-day axis: the steps zoom the left axis only."""
    m = dataset().models
    data = record_runs_data(m, start=1950.0, end=float(m["decimal_year"].max()) + 1e-6)
    later = trends().compute_record_since_2018
    drawn = [
        NamedTrend(
            TREND_OPENAI_WINDOW,
            dataclasses.replace(window_trend(), label="record-setting runs, 2012–2017"),
            INK,
        ),
        NamedTrend(
            TREND_SINCE_2018,
            dataclasses.replace(later, label="record-setting runs since 2018"),
            INK_SOFT,
        ),
        NamedTrend(PACE_LINE, pace_line(), GREY_OTHER, dash="dash"),
    ]
    largest = str(_largest_row()["model"])
    named = [ALEXNET, ALPHAGO_ZERO, largest, "GPT-3 175B (davinci)"]
    n = numbers()
    title = (
        f"Record-setting runs doubled every "
        f"{n.record_doubling_months_2012_2017.months(interval=False)} in 2012–2017 "
        f"and every {n.compute_doubling_months_record_since_2018.months(interval=False)} since 2018"
    )
    fig = record_runs_figure(
        data,
        None,
        named_models=named,
        title=title,
        subtitle="Training compute of each model, FLOP (log scale); record-setting runs as black rings",
        slug="aicompute-record-history",
        trends=drawn,
        pfs_axis=False,
        data_end=data_end(),
    )
    # The scrollytelling steps zoom both axes: let plotly choose the ticks for each view (fixed
    # tick lists would leave a zoomed view with one tick or none).
    fig.update_xaxes(tickmode="auto", nticks=7, dtick=None, tick0=None)
    fig.update_yaxes(
        tickmode="auto", nticks=7, tickvals=None, ticktext=None, exponentformat="power", showexponent="all"
    )
    return fig, data


def record_window() -> tuple[go.Figure, pd.DataFrame]:
    """OpenAI's window, 2012–2017, in both units: the record-setting runs with their trend."""
    data = record_runs_data(dataset().models, start=OPENAI_2018_SERIES_START, end=OPENAI_2018_SERIES_END)
    named = [ALEXNET, ALPHAGO_ZERO, "AlphaGo Lee", "ResNeXt-101 32x48d"]
    present = set(data["model"])
    trend = dataclasses.replace(window_trend(), label="record-setting runs, 2012–2017")
    n = numbers().record_doubling_months_2012_2017
    title = (
        f"Today's data put the 2012–2017 doubling time of the largest runs at "
        f"{n.months(interval=False)}; OpenAI reported {fmt.fmt_months(openai_doubling())}"
    )
    fig = record_runs_figure(
        data,
        None,
        named_models=[x for x in named if x in present],
        title=title,
        slug="aicompute-record-window",
        trends=[NamedTrend(TREND_OPENAI_WINDOW, trend)],
        data_end=data_end(),
    )
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
        rows.append(
            {
                "model": row["model"],
                "organization": row["organization"],
                "year": int(row["year"]),
                "compute_flop": float(row["compute_flop"]),
                "petaflop_s_days": float(flop_to_petaflop_s_days(float(row["compute_flop"]))),
                "record_setter": bool(mask.loc[row.name]),
            }
        )
    return pd.DataFrame(rows).sort_values(["year", "compute_flop"], kind="mergesort").reset_index(drop=True)


def units_table() -> GT:
    frame = units_frame()
    shown = pd.DataFrame(
        {
            "Model": frame["model"].astype(str).to_numpy(),
            "Year": [fmt.fmt_year(y) for y in frame["year"]],
            "Training compute": [fmt.fmt_flop(v) for v in frame["compute_flop"]],
            "Petaflop/s-days": [fmt.fmt_number(v) for v in frame["petaflop_s_days"]],
            "Set a record": ["yes" if r else "no" for r in frame["record_setter"]],
        }
    )
    gt = GT(shown, id="tbl-aicompute-units").cols_align(
        align="right", columns=["Year", "Training compute", "Petaflop/s-days"]
    )
    note = (
        f"{credit('epoch')}. One petaflop/s-day is {fmt.fmt_scientific(FLOP_PER_PETAFLOP_S_DAY)} "
        "FLOP: a quadrillion operations a second for a day. A record: more compute than every "
        "model published before it."
    )
    return style_table(gt, source_note=note)


@dataclass(frozen=True)
class Comparison:
    """One row of the literature table: a published figure, this report's estimate on the
    same selection and window (a numbers key), the claim that judges them, and why the two may
    differ."""

    published: str
    ours: str
    kind: str  # "growth", "months" or "factor"
    claim: str
    reason: str


_NEWER = "Epoch AI has added and revised models since, so the same window holds other rows. "

COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "sevilla2024_notable",
        "compute_growth_per_year_notable_2010_2024",
        "growth",
        "literature-notable-2010-2024",
        _NEWER + "The source states a summary range, not an estimate with an interval.",
    ),
    Comparison(
        "sevilla2024_frontier_since_2018",
        "compute_growth_per_year_top10_2018_2024",
        "growth",
        "literature-top10-2018-2024",
        _NEWER + "Epoch AI ranks the top 10 among its notable models; this report ranks among every "
        "model with a compute estimate.",
    ),
    Comparison(
        "cottier2024_cost",
        "cost_growth_per_year_frontier_2016_2023",
        "growth",
        "literature-cottier-cost",
        "Epoch AI's cost column is one estimate per model in 2023 dollars, and the top-10 rule may "
        "pick other models than the paper's. The figure quoted is the paper's first version; "
        + published("cottier2024_cost").note
        + ".",
    ),
    Comparison(
        "amodei2018_doubling",
        "record_doubling_months_2012_2017",
        "months",
        "literature-openai-doubling",
        "Epoch AI has since re-estimated the same runs (AlphaGo Zero's estimate was revised down), and records "
        "are judged against every model Epoch AI lists, not OpenAI's selection.",
    ),
    Comparison(
        "amodei2018_increase",
        "compute_increase_alexnet_to_alphago_zero",
        "factor",
        "openai-increase-today",
        "AlphaGo Zero's estimate now leaves out the compute of generating its training games.",
    ),
)


def _published_text(key: str) -> str:
    """A published figure with the digits its source gives: "4–5× a year", "2.4× a year
    (2.0×–3.1×)": one decimal for every number when any has one, as the sources write them."""
    p = published(key)
    numbers = [v for v in (p.value, p.low, p.high) if v is not None]
    places = 1 if any(v != int(v) for v in numbers) else 0

    def _as_published(value: float | None) -> str:
        return f"{value:,.{places}f}" if value is not None else fmt.MISSING

    if p.quantity == "doubling_months":
        return f"{_as_published(p.value)} months"
    if p.quantity == "growth_factor":
        return f"more than {_as_published(p.value)}{fmt.TIMES}"
    if p.value is None:
        return f"{_as_published(p.low)}{fmt.EN_DASH}{_as_published(p.high)}{fmt.TIMES} a year"
    if p.low is not None:
        return (
            f"{_as_published(p.value)}{fmt.TIMES} a year "
            f"({_as_published(p.low)}{fmt.TIMES}{fmt.EN_DASH}{_as_published(p.high)}{fmt.TIMES})"
        )
    return f"{_as_published(p.value)}{fmt.TIMES} a year"


def literature_frame() -> pd.DataFrame:
    """Each published figure as its source states it, beside this report's estimate on the
    same selection and window, the verdict and why they may differ (written for download).

    Columns: key, source, citation, as_stated, published, interval_type, selection, window,
    ours, ours_interval, n, verdict, claim, reason."""
    n = numbers()
    c = claims()
    rows = []
    for comp in COMPARISONS:
        p = published(comp.published)
        ours = getattr(n, comp.ours)
        if comp.kind == "growth":
            text = ours.growth()
        elif comp.kind == "months":
            text = ours.months()
        else:
            text = fmt.fmt_growth(ours.value)
        rows.append(
            {
                "key": p.key,
                "source": p.source,
                "citation": p.citation,
                "as_stated": p.as_stated,
                "published": _published_text(p.key),
                "interval_type": p.interval,
                "selection": p.selection,
                "window": p.window,
                "ours": str(text),
                "ours_interval": ours.method or "",
                "n": ours.n,
                "verdict": c[comp.claim].word,
                "claim": comp.claim,
                "reason": comp.reason,
            }
        )
    return pd.DataFrame(rows)


def literature_reasons() -> fmt.Markdown:
    """Why each published figure and this report's may differ, as a list under the table."""
    frame = literature_frame()
    return fmt.Markdown(
        "\n".join(
            str(
                fmt.markdown(
                    "- **{}**, {}: {}",
                    fmt.fmt_text(row.source),
                    fmt.fmt_text(row.selection),
                    fmt.fmt_text(row.reason),
                )
            )
            for row in frame.itertuples()
        )
    )


def literature_table() -> GT:
    frame = literature_frame()
    shown = pd.DataFrame(
        {
            "Source": frame["source"],
            "As the source states it": [f"“{t}”" for t in frame["as_stated"]],
            "Published figure (interval type)": [
                f"{v} ({t})" for v, t in zip(frame["published"], frame["interval_type"], strict=True)
            ],
            "Window": frame["window"],
            "This report, same selection and window": [
                f"{v}, n = {fmt.fmt_count(k)}" for v, k in zip(frame["ours"], frame["n"], strict=True)
            ],
            "Verdict": frame["verdict"],
        }
    )
    gt = GT(shown, id="tbl-aicompute-comparison")
    return style_table(
        gt,
        source_note=(
            f"{credit('epoch')}; published figures as their sources state them (see the references). "
            "This report: least squares on log values with 95% percentile bootstrap intervals over "
            "models; the record-setting runs with the t interval for so few points. The verdict "
            "compares this report's interval with the published figure, range or interval (for "
            "Cottier et al., the ratio of the two estimates with both uncertainties)."
        ),
    )


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
    """The record-setting runs of OpenAI's series (2012 to the end of 2017), in date order."""
    return record_runs(dataset().models, OPENAI_2018_SERIES_START, OPENAI_2018_SERIES_END)


def window_record(position: int) -> ModelFacts:
    """One record-setting run of OpenAI's window by position: 0 the first, -1 the last."""
    return ModelFacts.of(window_records().iloc[position])


def highlights() -> list[fmt.Markdown]:
    """The chapter's "in short" sentences, each built from claims."""
    n, c = numbers(), claims()
    r = record_range_facts()
    revision = alphago_zero_revision()
    return [
        fmt.markdown(
            "The record-setting runs of OpenAI's own window, 2012 to the end of 2017, doubled every {}: {} "
            "OpenAI's {}, but with only {} runs the interval is wide.",
            n.record_doubling_months_2012_2017.months(),
            c.literature_openai_doubling.md(),
            fmt.fmt_months(openai_doubling()),
            n.compute_record_count_2012_2017.count(),
        ),
        fmt.markdown(
            "Over {} choices of where the window ends and which earlier models a record must beat, the "
            "doubling time runs from {} to {}, {}.",
            fmt.fmt_count(r.n_choices),
            r.low,
            r.high,
            c.record_choices_include_openai.md(),
        ),
        fmt.markdown(
            "Today's estimates put AlphaGo Zero at {} AlexNet's compute, {} OpenAI's more than {}.",
            fmt.fmt_growth(revision.factor_today),
            c.openai_increase_today.md(),
            fmt.fmt_growth(openai_factor()),
        ),
        fmt.markdown(
            "Since 2018 the record-setting runs doubled every {}, {} in OpenAI's window, and "
            "{} frontier models in general.",
            n.compute_doubling_months_record_since_2018.months(interval=False),
            c.records_since_2018_vs_2012_2017.md(),
            c.records_since_2018_vs_frontier.md(),
        ),
    ]


def break_sentence() -> fmt.Markdown:
    """Where the breaks in the trend of notable models lie (see the over-time chapter)."""
    return temporal.break_sentence()


def era_speedup() -> float:
    """How many times shorter the doubling time since 2012 is than before (notable models)."""
    n = numbers()
    return n.compute_doubling_months_pre_2012.value / n.compute_doubling_months_since_2012.value
