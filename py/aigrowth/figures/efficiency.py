"""Charts of the cost, scale and efficiency chapter: frontier models against the rest, and
resource efficiency (FLOP per dollar, FLOP per joule) over time.

The efficiency metrics are computed once, in `aigrowth.efficiency` (`add_efficiency_metrics`),
and described once, in their records in `aigrowth.variables` (label, unit, inputs, which
direction is better); the builders here only select and draw them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aigrowth import fmt
from aigrowth.efficiency import add_efficiency_metrics, flag_implausible_cost
from aigrowth.figures._base import (
    TrendLine,
    finish,
    model_rows,
    points_trace,
    require_columns,
    require_rows,
    ring_marker,
    trend_trace,
    value_range,
)
from aigrowth.style import (
    FRONTIER_COLOURS,
    GREY_POINTS,
    INK,
    INK_SOFT,
    mark_partial_year,
    model_hovertemplate,
    set_log_axis,
    set_year_axis,
    usd_tick_text,
)
from aigrowth.variables import Variable, variable

FRONTIER = "Frontier"
OTHERS = "Other models"


def frontier_vs_rest_data(
    models: pd.DataFrame,
    metric: str = "compute_flop",
    frontier_column: str = "frontier_top10",
    since: float = 2010.0,
) -> pd.DataFrame:
    """Models with a positive `metric` since `since`, each labelled "Frontier" or "Other
    models" by the boolean `frontier_column` (frontier_top10, the project's rule, or
    frontier_epoch, Epoch AI's flag, which stops in mid-2025).

    Columns: the model columns, group, the metric.
    """
    variable(metric)
    if frontier_column not in ("frontier_top10", "frontier_epoch"):
        raise ValueError(f"frontier_column must be frontier_top10 or frontier_epoch, got {frontier_column!r}")
    require_columns(
        models,
        ["model_key", "model", "organization", "publication_date", "decimal_year", metric, frontier_column],
        "frontier_vs_rest_data",
    )
    rows = model_rows(models[models["decimal_year"] >= since], [metric], extra=[frontier_column])
    is_frontier = rows.pop(frontier_column).fillna(False).astype(bool)
    rows.insert(5, "group", is_frontier.map({True: FRONTIER, False: OTHERS}).to_numpy())
    return rows


def frontier_vs_rest_figure(
    data: pd.DataFrame,
    metric: str = "compute_flop",
    trends: Mapping[str, TrendLine] | None = None,
    *,
    show_trends: bool = True,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str | None = None,
    data_end: Any = None,
) -> go.Figure:
    """Frontier models as ink rings over the other models in grey, with optional trends keyed by
    group ("Frontier", "Other models").

    Trace names: "Other models", "Frontier", then "trend: Frontier" / "trend: Other models".
    Figure id "frontier-<metric>" unless `slug` is given. The default title compares the
    two groups' growth when both trends are given ("about as fast as" when their growth
    intervals overlap, since the data then cannot order them). `data_end` (the day the data
    end) marks a partial last year.
    """
    info = variable(metric)
    require_columns(data, ["decimal_year", "group", metric], "frontier_vs_rest_figure")
    require_rows(data, "frontier_vs_rest_figure")
    trends = dict(trends or {})
    unknown = sorted(set(trends) - {FRONTIER, OTHERS})
    if unknown:
        raise ValueError(f"trends must be keyed by {FRONTIER!r} or {OTHERS!r}, got {unknown}")
    slug = slug or f"frontier-{metric.replace('_', '-')}"
    fig = go.Figure()
    for group, size, opacity in ((OTHERS, 5, 0.7), (FRONTIER, 8, 0.95)):
        rows = data[data["group"] == group]
        if rows.empty:
            continue
        trace = points_trace(
            rows,
            slug=slug,
            name=group,
            y=metric,
            colour=FRONTIER_COLOURS[group],
            value_label=info.label,
            formatter=info.text,
            size=size,
            opacity=opacity,
        )
        if group == FRONTIER:
            ring_marker(trace)
        fig.add_trace(trace)
    for group in (FRONTIER, OTHERS):
        if group in trends:
            # Ink lines read through the ink rings and over the grey points; the dash tells the
            # two trends apart.
            colour = INK if group == FRONTIER else INK_SOFT
            fig.add_trace(
                trend_trace(
                    trends[group],
                    slug=slug,
                    colour=colour,
                    visible=show_trends,
                    name=f"trend: {group}",
                    dash="solid" if group == FRONTIER else "dash",
                )
            )
    set_log_axis(
        fig,
        *value_range(data[metric], trends.values()),
        tick_text=usd_tick_text if metric == "cost_usd_2023" else None,
    )
    set_year_axis(fig, math.floor(data["decimal_year"].min()), math.ceil(data["decimal_year"].max()) + 0.5)
    mark_partial_year(fig, data_end)
    if title is None:
        # Numbers only: a word comparing the two rates needs the interval of their ratio,
        # which the chapter's claims carry (`aigrowth.findings`).
        if FRONTIER in trends and OTHERS in trends:
            a, b = trends[FRONTIER].growth_per_year, trends[OTHERS].growth_per_year
            title = f"{info.label}: frontier models {fmt.fmt_growth(a)} a year, the rest {fmt.fmt_growth(b)}"
        else:
            title = f"{info.label} of frontier models and the rest"
    if subtitle is None:
        subtitle = f"{info.label} of each model, {info.unit} (log scale); frontier: top 10 at release"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)


CHARTED = ("flop_per_dollar", "flop_per_joule")
"""The efficiency measures a chart can show (see their records in `aigrowth.variables`)."""

FLAGGED = "Flagged: price of compute far from its time"
"""Trace of the training runs whose cost and compute `flag_implausible_cost` flags."""


def _measure(measure: str) -> Variable:
    if measure not in CHARTED:
        raise ValueError(f"unknown measure {measure!r}; expected one of {sorted(CHARTED)}")
    return variable(measure)


def efficiency_data(
    models: pd.DataFrame,
    measure: str = "flop_per_dollar",
    since: float = 2010.0,
    flag_implausible: bool | None = None,
) -> pd.DataFrame:
    """Each model's training compute per dollar or per joule, as `add_efficiency_metrics`
    defines them, since `since`.

    Only models with every input positive appear. Columns: the model columns, domain_group,
    the inputs (compute_flop and cost_usd_2023, or compute_flop, power_w and
    training_time_hours) and the measure. With `flag_implausible` (the default for FLOP per
    dollar) two more: `implausible` and `flag_reason`, from `flag_implausible_cost` run on all
    of `models` (so each run is judged against every contemporary, not only those plotted).
    """
    inputs = _measure(measure).inputs
    require_columns(
        models,
        ["model_key", "model", "organization", "publication_date", "decimal_year", "domain_group", *inputs],
        "efficiency_data",
    )
    with_metrics = add_efficiency_metrics(models)
    rows = model_rows(
        with_metrics[with_metrics["decimal_year"] >= since], [*inputs, measure], extra=["domain_group"]
    )
    if flag_implausible is None:
        flag_implausible = measure == "flop_per_dollar"
    if flag_implausible:
        if measure != "flop_per_dollar":
            raise ValueError("only FLOP per dollar has an implausibility flag (cost against compute)")
        flags = flag_implausible_cost(models)
        by_key = pd.DataFrame(
            {
                "implausible": flags["implausible"].to_numpy(dtype=bool),
                "flag_reason": flags["reason"].to_numpy(dtype=object),
            },
            index=models.loc[flags.index, "model_key"].to_numpy(),
        )
        by_key = by_key[~by_key.index.duplicated()]
        rows["implausible"] = rows["model_key"].map(by_key["implausible"]).fillna(False).astype(bool)
        rows["flag_reason"] = rows["model_key"].map(by_key["flag_reason"]).fillna("")
    return rows


def efficiency_title(measure: str, trend: TrendLine) -> str:
    """The finding of an efficiency trend in words, the direction chosen from the slope and the
    variable's better direction: "Training compute per dollar has improved 1.3× a year since 2010"."""
    record = _measure(measure)
    growth = trend.growth_per_year
    improving = growth >= 1 if record.better == "higher" else growth <= 1
    verb = "improved" if improving else "worsened"
    change = fmt.fmt_growth(growth) if growth >= 1 else f"by {fmt.fmt_pct(100 * (1 - growth))}"
    return f"{record.label} {record.verb} {verb} {change} a year since {fmt.fmt_year(trend.start)}"


def efficiency_figure(
    data: pd.DataFrame,
    measure: str = "flop_per_dollar",
    trend: TrendLine | None = None,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str | None = None,
    flagged_name: str = FLAGGED,
    data_end: Any = None,
) -> go.Figure:
    """Efficiency of each training run over time, with an optional trend.

    Trace names: "Models"; `flagged_name` (FLAGGED by default; when `data` has an
    `implausible` column with a flagged row: drawn as crosses, their `flag_reason` on hover,
    so they are shown rather than silently mixed in); and "trend: <label>" with a trend. The
    subtitle states the better direction (from the variable's record). Figure id
    "efficiency-flop-per-dollar" or "efficiency-flop-per-joule". `data_end` (the day the data
    end) marks a partial last year.
    """
    record = _measure(measure)
    label = record.label
    require_columns(data, ["decimal_year", measure], "efficiency_figure")
    require_rows(data, "efficiency_figure")
    slug = slug or f"efficiency-{measure.replace('_', '-')}"
    flagged = (
        data["implausible"].astype(bool)
        if "implausible" in data.columns
        else pd.Series(False, index=data.index)
    )
    fig = go.Figure()
    fig.add_trace(
        points_trace(
            data[~flagged],
            slug=slug,
            name="Models",
            y=measure,
            colour=GREY_POINTS,
            value_label=label,
            formatter=record.text,
            showlegend=False,
        )
    )
    if flagged.any():
        rows = data[flagged]
        trace = points_trace(
            rows,
            slug=slug,
            name=flagged_name,
            y=measure,
            colour=INK,
            value_label=label,
            formatter=record.text,
            size=9,
            opacity=1.0,
        )
        reasons = (
            rows["flag_reason"].astype(str).to_numpy(dtype=object)
            if "flag_reason" in rows.columns
            else np.full(len(rows), "", dtype=object)
        )
        trace.customdata = np.column_stack([trace.customdata, reasons])
        trace.hovertemplate = model_hovertemplate(label, ["<i>%{customdata[4]}</i>"])
        trace.marker.symbol = "x"
        fig.add_trace(trace)
    if trend is not None:
        fig.add_trace(trend_trace(trend, slug=slug, colour=INK))
    set_log_axis(fig, *value_range(data[measure], [trend] if trend is not None else []))
    set_year_axis(fig, math.floor(data["decimal_year"].min()), math.ceil(data["decimal_year"].max()) + 0.5)
    mark_partial_year(fig, data_end)
    if title is None:
        title = efficiency_title(measure, trend) if trend is not None else f"{label} of each training run"
    if subtitle is None:
        subtitle = f"{record.direction_text()}. {record.unit} (log scale)"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)
