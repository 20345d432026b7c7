"""Charts of "AI and Compute, revisited": the record-setting runs of 2012–2018 and their trend,
in FLOP and in OpenAI's unit, petaflop/s-days."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aigrowth import fmt
from aigrowth.constants import FLOP_PER_PETAFLOP_S_DAY, OPENAI_2018_END, OPENAI_2018_START
from aigrowth.figures._base import (
    TrendLine,
    annotate_models,
    finish,
    model_rows,
    points_trace,
    require_columns,
    require_rows,
    ring_marker,
    trend_trace,
    uid,
    value_range,
)
from aigrowth.frontier import record_setter_mask
from aigrowth.style import GREY_CONTEXT, GREY_TEXT, INK, log_ticks, mark_partial_year, set_year_axis
from aigrowth.units import doubling_months_to_slope, flop_to_petaflop_s_days
from aigrowth.years import to_decimal_year

RECORDS = "Record-setting runs"
OTHERS = "Other models"


@dataclass(frozen=True)
class NamedTrend:
    """A trend line to draw under a name of the chart's choosing (the trace name a
    scrollytelling step refers to, so it must not contain commas), in `colour` and `dash`."""

    name: str
    trend: TrendLine
    colour: str = INK
    dash: str = "solid"

    def __post_init__(self) -> None:
        if not self.name or "," in self.name:
            raise ValueError(f"a trend's trace name must be non-empty and free of commas, got {self.name!r}")


@dataclass(frozen=True)
class PaceLine:
    """A line of constant doubling time through one anchor point: "had compute kept doubling
    every 3.4 months from AlexNet on". Satisfies `TrendLine`, so figures draw it like a trend.

    The line runs from `start` (the anchor's year) to `end`, or to the year it reaches `cap`
    when a cap is given and reached earlier (so it does not stretch a chart's axis by orders of
    magnitude).
    """

    anchor_year: float
    anchor_value: float
    doubling_months: float
    end_year: float
    label: str
    cap: float | None = None

    def __post_init__(self) -> None:
        if not (self.anchor_value > 0 and self.doubling_months > 0):
            raise ValueError("a pace line needs a positive anchor value and doubling time")
        if not self.end_year > self.anchor_year:
            raise ValueError("a pace line must end after its anchor year")

    @property
    def slope(self) -> float:
        return doubling_months_to_slope(self.doubling_months)

    @property
    def start(self) -> float:
        return self.anchor_year

    @property
    def end(self) -> float:
        if self.cap is not None and self.cap > self.anchor_value:
            reach = self.anchor_year + (math.log10(self.cap) - math.log10(self.anchor_value)) / self.slope
            return min(self.end_year, reach)
        return self.end_year

    @property
    def growth_per_year(self) -> float:
        return 10.0**self.slope

    def predict(self, decimal_years: float | np.ndarray) -> np.ndarray:
        x = np.asarray(decimal_years, dtype=float)
        return math.log10(self.anchor_value) + self.slope * (x - self.anchor_year)

    def year_reaching(self, value: float) -> float:
        """The decimal year at which the line reaches `value`."""
        return self.anchor_year + (math.log10(value) - math.log10(self.anchor_value)) / self.slope


def record_runs_data(
    models: pd.DataFrame,
    start: float | str | pd.Timestamp = OPENAI_2018_START,
    end: float | str | pd.Timestamp = OPENAI_2018_END,
) -> pd.DataFrame:
    """Models with known compute published between `start` and `end` (inclusive), each marked
    `is_record` when it beat every earlier model's compute (records are judged against the
    whole history, not only the window), with compute also in petaflop/s-days.

    Columns: the model columns, compute_flop, petaflop_s_days, is_record.
    """
    require_columns(
        models,
        ["model_key", "model", "organization", "publication_date", "decimal_year", "compute_flop"],
        "record_runs_data",
    )
    lo, hi = to_decimal_year(start), to_decimal_year(end)
    if lo is None or hi is None or not hi > lo:
        raise ValueError(f"record_runs_data needs a window with end after start, got {start!r}–{end!r}")
    is_record = record_setter_mask(models, "compute_flop")
    marked = models.assign(is_record=is_record.to_numpy())
    rows = model_rows(marked, ["compute_flop"], extra=["is_record"])
    rows = rows[(rows["decimal_year"] >= lo) & (rows["decimal_year"] <= hi)].reset_index(drop=True)
    rows["petaflop_s_days"] = flop_to_petaflop_s_days(rows["compute_flop"].to_numpy())
    rows["is_record"] = rows["is_record"].astype(bool)
    return rows


def _flop_and_pfs(x: float) -> str:
    """Hover value in both units: "1.9 × 10²³ FLOP (2,200 petaflop/s-days)"."""
    return f"{fmt.fmt_flop(x)} ({fmt.fmt_number(x / FLOP_PER_PETAFLOP_S_DAY)} petaflop/s-days)"


def record_runs_figure(
    data: pd.DataFrame,
    trend: TrendLine | None = None,
    *,
    show_others: bool = True,
    named_models: Sequence[str] = (),
    title: str | None = None,
    subtitle: str = (
        "Training compute of record-setting models, FLOP (left) and petaflop/s-days (right), log scale"
    ),
    slug: str = "record-runs-2012-2018",
    trends: Sequence[NamedTrend] = (),
    pfs_axis: bool = True,
    data_end: Any = None,
) -> go.Figure:
    """The record-setting runs in the window with their fitted trend.

    Trace names: "Other models" (grey context, hidden unless `show_others`), "Record-setting
    runs", "trend: <label>" when a trend is given, each `NamedTrend` of `trends` under its own
    name (shown in the legend), and, with `pfs_axis`, "petaflop/s-day axis" (an empty trace
    that makes plotly draw the right axis). The right axis repeats the left in petaflop/s-days
    (1 pfs-day = 8.64 × 10¹⁹ FLOP); hover shows both units. Leave the right axis out
    (`pfs_axis=False`) on a chart whose y range a scrollytelling step changes: only the left
    axis follows a zoom. The default title states the trend's doubling time. `data_end` (the
    day the data end) marks a partial last year when the chart reaches it.
    """
    require_columns(data, ["decimal_year", "compute_flop", "is_record"], "record_runs_figure")
    require_rows(data, "record_runs_figure")
    records = data[data["is_record"]]
    if records.empty:
        raise ValueError("record_runs_figure: no record-setting run in the data")
    others = data[~data["is_record"]]
    fig = go.Figure()
    fig.add_trace(
        points_trace(
            others,
            slug=slug,
            name=OTHERS,
            y="compute_flop",
            colour=GREY_CONTEXT,
            value_label="Training compute",
            formatter=_flop_and_pfs,
            visible=show_others,
            size=5,
            opacity=0.8,
        )
    )
    records_trace = points_trace(
        records,
        slug=slug,
        name=RECORDS,
        y="compute_flop",
        colour=INK,
        value_label="Training compute",
        formatter=_flop_and_pfs,
        size=9,
        opacity=1.0,
    )
    fig.add_trace(ring_marker(records_trace))
    if trend is not None:
        fig.add_trace(trend_trace(trend, slug=slug, colour=INK))
    names = [t.name for t in trends]
    if len(set(names)) != len(names) or {OTHERS, RECORDS} & set(names):
        raise ValueError(
            f"record_runs_figure: trend names must be unique and differ from the points', got {names}"
        )
    for named in trends:
        line = trend_trace(named.trend, slug=slug, colour=named.colour, dash=named.dash, name=named.name)
        line.showlegend = True
        fig.add_trace(line)
    drawn = ([trend] if trend is not None else []) + [t.trend for t in trends]
    lo, hi = value_range(data["compute_flop"], drawn)
    if pfs_axis:
        _dual_log_axes(fig, lo, hi, slug)
    else:
        rng = [math.log10(lo) - 0.2, math.log10(hi) + 0.2]
        vals, text = log_ticks(lo, hi, max_ticks=7)
        fig.update_layout(yaxis=dict(type="log", range=rng, tickvals=vals, ticktext=text, tickmode="array"))
    set_year_axis(fig, math.floor(data["decimal_year"].min()), math.floor(data["decimal_year"].max()) + 1)
    mark_partial_year(fig, data_end)
    fig.update_layout(legend=dict(traceorder="reversed"))
    annotate_models(fig, data, list(named_models), y="compute_flop")
    if title is None:
        if trend is not None and math.isfinite(trend.doubling_months):
            title = (
                f"From {fmt.fmt_year(trend.start)} to {fmt.fmt_year(trend.end)} the largest "
                f"training runs doubled every {fmt.fmt_months(trend.doubling_months)}"
            )
        else:
            factor = records["compute_flop"].max() / records["compute_flop"].min()
            title = f"The largest training run grew {fmt.fmt_growth(factor)} in the window"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)


def _dual_log_axes(fig: go.Figure, lo: float, hi: float, slug: str, pad: float = 0.2) -> None:
    """Left axis in FLOP, right axis in petaflop/s-days, spanning exactly the same range."""
    rng = [math.log10(lo) - pad, math.log10(hi) + pad]
    vals, text = log_ticks(lo, hi, max_ticks=7)
    shift = math.log10(FLOP_PER_PETAFLOP_S_DAY)
    pfs_lo, pfs_hi = 10 ** (rng[0] - shift), 10 ** (rng[1] - shift)
    vals2, text2 = log_ticks(pfs_lo, pfs_hi, max_ticks=7)
    fig.update_layout(
        yaxis=dict(type="log", range=rng, tickvals=vals, ticktext=text, tickmode="array"),
        yaxis2=dict(
            type="log",
            range=[r - shift for r in rng],
            tickvals=vals2,
            ticktext=text2,
            tickmode="array",
            overlaying="y",
            side="right",
            showgrid=False,
            showline=True,
            ticks="outside",
            tickfont=dict(color=GREY_TEXT, size=12),
        ),
    )
    # An axis only draws when a trace uses it: an invisible, hover-less anchor trace does.
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            yaxis="y2",
            name="petaflop/s-day axis",
            uid=uid(slug, "petaflop/s-day axis"),
            showlegend=False,
            hoverinfo="skip",
            mode="markers",
        )
    )
