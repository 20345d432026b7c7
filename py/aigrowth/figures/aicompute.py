"""Charts of "AI and Compute, revisited": the record-setting runs of 2012–2018 and their trend,
in FLOP and in OpenAI's unit, petaflop/s-days."""

from __future__ import annotations

import math

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
    trend_trace,
    uid,
    value_range,
)
from aigrowth.frontier import record_setter_mask
from aigrowth.style import GREY_CONTEXT, GREY_TEXT, OKABE_ITO, log_ticks, set_year_axis
from aigrowth.units import flop_to_petaflop_s_days, to_decimal_year

RECORDS = "Record-setting runs"
OTHERS = "Other models"


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
    require_columns(models, ["model_key", "model", "organization", "publication_date",
                             "decimal_year", "compute_flop"], "record_runs_data")
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
    named_models: tuple[str, ...] = (),
    title: str | None = None,
    subtitle: str = ("Training compute of record-setting models, FLOP (left) and "
                     "petaflop/s-days (right), log scale"),
    slug: str = "record-runs-2012-2018",
) -> go.Figure:
    """The record-setting runs in the window with their fitted trend.

    Trace names: "Other models" (grey context, hidden unless `show_others`), "Record-setting
    runs", "trend: <label>" when a trend is given, and "petaflop/s-day axis" (an empty
    trace that makes plotly draw the right axis). The right axis repeats the left in
    petaflop/s-days (1 pfs-day = 8.64 × 10¹⁹ FLOP); hover shows both units. The default title
    states the trend's doubling time.
    """
    require_columns(data, ["decimal_year", "compute_flop", "is_record"], "record_runs_figure")
    require_rows(data, "record_runs_figure")
    records = data[data["is_record"]]
    if records.empty:
        raise ValueError("record_runs_figure: no record-setting run in the data")
    others = data[~data["is_record"]]
    fig = go.Figure()
    fig.add_trace(points_trace(others, slug=slug, name=OTHERS, y="compute_flop", colour=GREY_CONTEXT,
                               value_label="Training compute", formatter=_flop_and_pfs,
                               visible=show_others, size=5, opacity=0.8))
    fig.add_trace(points_trace(records, slug=slug, name=RECORDS, y="compute_flop",
                               colour=OKABE_ITO["vermilion"], value_label="Training compute",
                               formatter=_flop_and_pfs, size=9, opacity=1.0))
    if trend is not None:
        fig.add_trace(trend_trace(trend, slug=slug, colour=OKABE_ITO["black"]))
    lo, hi = value_range(data["compute_flop"], [trend] if trend is not None else [])
    _dual_log_axes(fig, lo, hi, slug)
    set_year_axis(fig, math.floor(data["decimal_year"].min()), math.floor(data["decimal_year"].max()) + 1)
    fig.update_layout(legend=dict(traceorder="reversed"))
    annotate_models(fig, data, list(named_models), y="compute_flop")
    if title is None:
        if trend is not None and math.isfinite(trend.doubling_months):
            title = (f"From {fmt.fmt_year(trend.start)} to {fmt.fmt_year(trend.end)} the largest "
                     f"training runs doubled every {fmt.fmt_months(trend.doubling_months)}")
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
        yaxis2=dict(type="log", range=[r - shift for r in rng], tickvals=vals2, ticktext=text2,
                    tickmode="array", overlaying="y", side="right", showgrid=False,
                    showline=True, ticks="outside", tickfont=dict(color=GREY_TEXT, size=12)),
    )
    # An axis only draws when a trace uses it: an invisible, hover-less anchor trace does.
    fig.add_trace(go.Scatter(x=[None], y=[None], yaxis="y2", name="petaflop/s-day axis",
                             uid=uid(slug, "petaflop/s-day axis"),
                             showlegend=False, hoverinfo="skip", mode="markers"))
