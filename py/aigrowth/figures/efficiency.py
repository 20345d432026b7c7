"""Charts of the cost, scale and efficiency chapter: frontier models against the rest, and
resource efficiency (FLOP per dollar, FLOP per joule) over time."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from aigrowth import fmt
from aigrowth.figures._base import (
    TrendLine,
    finish,
    metric_for,
    model_rows,
    points_trace,
    require_columns,
    require_rows,
    trend_trace,
    value_range,
)
from aigrowth.style import FRONTIER_COLOURS, OKABE_ITO, set_log_axis, set_year_axis, usd_tick_text

FRONTIER = "Frontier"
OTHERS = "Other models"
SECONDS_PER_HOUR = 3600.0


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
    metric_for(metric)
    if frontier_column not in ("frontier_top10", "frontier_epoch"):
        raise ValueError(f"frontier_column must be frontier_top10 or frontier_epoch, got {frontier_column!r}")
    require_columns(models, ["model_key", "model", "organization", "publication_date",
                             "decimal_year", metric, frontier_column], "frontier_vs_rest_data")
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
) -> go.Figure:
    """Frontier models in colour over the other models in grey, with optional trends keyed by
    group ("Frontier", "Other models").

    Trace names: "Other models", "Frontier", then "trend: Frontier" / "trend: Other models".
    Figure id "frontier-<metric>" unless `slug` is given. The default title compares the
    two groups' growth when both trends are given.
    """
    info = metric_for(metric)
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
        fig.add_trace(points_trace(rows, slug=slug, name=group, y=metric, colour=FRONTIER_COLOURS[group],
                                   value_label=info.label, formatter=info.formatter,
                                   size=size, opacity=opacity))
    for group in (FRONTIER, OTHERS):
        if group in trends:
            # Dark lines read over the coloured points; the dash tells the two trends apart.
            colour = OKABE_ITO["black"] if group == FRONTIER else "#6E6E6E"
            fig.add_trace(trend_trace(trends[group], slug=slug, colour=colour,
                                      visible=show_trends, name=f"trend: {group}",
                                      dash="solid" if group == FRONTIER else "dash"))
    set_log_axis(fig, *value_range(data[metric], trends.values()),
                 tick_text=usd_tick_text if metric == "cost_usd_2023" else None)
    set_year_axis(fig, math.floor(data["decimal_year"].min()), math.ceil(data["decimal_year"].max()) + 0.5)
    if title is None:
        if FRONTIER in trends and OTHERS in trends:
            a, b = trends[FRONTIER].growth_per_year, trends[OTHERS].growth_per_year
            title = (f"{info.label} of frontier models grows {fmt.compare_words(a, b)} the rest: "
                     f"{fmt.fmt_growth(a)} against {fmt.fmt_growth(b)} a year")
        else:
            title = f"Frontier models lead in {info.label.lower()}"
    if subtitle is None:
        subtitle = f"{info.label} of each model, {info.unit} (log scale); frontier: top 10 at release"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)


MEASURES = {
    "flop_per_usd": ("Training compute per dollar", "FLOP per 2023 US dollar", "cost_usd_2023"),
    "flop_per_joule": ("Training compute per unit of energy", "FLOP per joule", "energy_j"),
}
"""Efficiency measures: title label, unit, and the denominator column."""


def efficiency_data(models: pd.DataFrame, measure: str = "flop_per_usd", since: float = 2010.0) -> pd.DataFrame:
    """Each model's training compute per dollar (compute_flop / cost_usd_2023) or per joule
    (compute_flop / energy, energy = power_w × training_time_hours × 3,600 s), since `since`.

    Only models with every input positive appear. Columns: the model columns, domain_group,
    compute_flop, the denominator (cost_usd_2023 or energy_j) and the measure.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {sorted(MEASURES)}")
    inputs = ["compute_flop", "cost_usd_2023"] if measure == "flop_per_usd" else \
        ["compute_flop", "power_w", "training_time_hours"]
    require_columns(models, ["model_key", "model", "organization", "publication_date",
                             "decimal_year", "domain_group", *inputs], "efficiency_data")
    rows = model_rows(models[models["decimal_year"] >= since], inputs, extra=["domain_group"])
    if measure == "flop_per_joule":
        rows["energy_j"] = rows.pop("power_w") * rows.pop("training_time_hours") * SECONDS_PER_HOUR
    denominator = MEASURES[measure][2]
    rows[measure] = rows["compute_flop"] / rows[denominator]
    return rows


def _efficiency_text(measure: str):
    unit = "FLOP per dollar" if measure == "flop_per_usd" else "FLOP per joule"

    def format_value(x: float) -> str:
        return f"{fmt.fmt_scientific(x)} {unit}"

    return format_value


def efficiency_figure(
    data: pd.DataFrame,
    measure: str = "flop_per_usd",
    trend: TrendLine | None = None,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str | None = None,
) -> go.Figure:
    """Efficiency of each training run over time, with an optional trend.

    Trace names: "Models", and "trend: <label>" with a trend. The subtitle says that higher
    is better. Figure id "efficiency-flop-per-usd" or "efficiency-flop-per-joule".
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {sorted(MEASURES)}")
    require_columns(data, ["decimal_year", measure], "efficiency_figure")
    require_rows(data, "efficiency_figure")
    label, unit, _ = MEASURES[measure]
    slug = slug or f"efficiency-{measure.replace('_', '-')}"
    fig = go.Figure()
    fig.add_trace(points_trace(data, slug=slug, name="Models", y=measure, colour=OKABE_ITO["blue"],
                               value_label=label, formatter=_efficiency_text(measure),
                               showlegend=False))
    if trend is not None:
        fig.add_trace(trend_trace(trend, slug=slug, colour=OKABE_ITO["black"]))
    set_log_axis(fig, *value_range(data[measure], [trend] if trend is not None else []))
    set_year_axis(fig, math.floor(data["decimal_year"].min()), math.ceil(data["decimal_year"].max()) + 0.5)
    if title is None:
        if trend is not None and trend.growth_per_year >= 1:
            title = (f"{label} has improved {fmt.fmt_growth(trend.growth_per_year)} a year "
                     f"since {fmt.fmt_year(trend.start)}")
        elif trend is not None:
            title = (f"{label} has fallen by {fmt.fmt_pct(100 * (1 - trend.growth_per_year))} "
                     f"a year since {fmt.fmt_year(trend.start)}")
        else:
            title = f"{label} of each training run"
    if subtitle is None:
        subtitle = f"Higher is better: {unit} (log scale)"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)
