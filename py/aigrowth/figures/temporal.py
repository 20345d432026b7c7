"""Charts of the temporal chapter: compute and other metrics over time, open weights.

Builders come in pairs: `<chart>_data(models, ...)` returns exactly the rows plotted (the
reader's CSV download) and `<chart>_figure(data, ...)` draws them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aigrowth import fmt
from aigrowth.figures._base import (
    TrendLine,
    annotate_models,
    context_colour,
    finish,
    model_rows,
    points_trace,
    positive_values,
    require_columns,
    require_rows,
    ring_marker,
    trend_trace,
    uid,
    value_range,
)
from aigrowth.style import (
    COUNTRY_COLOURS,
    DOMAIN_COLOURS,
    FRONTIER_COLOURS,
    GREY_OTHER,
    GREY_TEXT,
    INK,
    INK_SOFT,
    OPEN_WEIGHTS_COLOURS,
    ORGANIZATION_TYPE_COLOURS,
    colour_for,
    mark_partial_year,
    plotly_text,
    set_log_axis,
    set_share_ticks,
    set_year_axis,
    share_opacity,
    usd_tick_text,
)
from aigrowth.variables import variable

OTHER_COUNTRIES = "Other countries"
UNKNOWN_TYPE = "Type unknown"

# Trend lines are ink and dark grey: a hue always names a category (see style.palette).
TREND_COLOURS = (INK, INK_SOFT)


def _domain_points(trace: go.Scatter, group: str) -> go.Scatter:
    """Domains carry no hue (see style.palette): their points are one grey, kept out of the
    legend, and the hover names the domain instead."""
    trace.showlegend = False
    trace.hovertemplate = trace.hovertemplate.replace("<extra></extra>", f"<br>{group}<extra></extra>")
    return trace


def _group_order(kind: str, present: Sequence[str], keys: dict[str, str] | None = None) -> list[str]:
    """Groups in the report's fixed order, then any others alphabetically, catch-alls last."""
    fixed = {"domain_group": list(DOMAIN_COLOURS), "organization_type": list(ORGANIZATION_TYPE_COLOURS)}
    order = [g for g in fixed.get(kind, []) if g in present]
    if kind == "country" and keys:
        # Countries follow the fixed country list (largest producers first); `keys` maps each
        # label to its ISO3 code.
        fixed_iso3 = list(COUNTRY_COLOURS)
        order = sorted(
            (g for g in present if keys.get(g) in fixed_iso3), key=lambda g: fixed_iso3.index(keys[g])
        )
    tail = {OTHER_COUNTRIES, UNKNOWN_TYPE, "Other"}
    order += sorted(g for g in present if g not in order and g not in tail)
    order += [g for g in ("Other", UNKNOWN_TYPE, OTHER_COUNTRIES) if g in present and g not in order]
    return order


# -- Compute over time -------------------------------------------------------------------------


def compute_over_time_data(
    models: pd.DataFrame, since: float = 1950.0, flags: Sequence[str] = ()
) -> pd.DataFrame:
    """Every model with a known training compute published in or after `since`.

    Columns: model_key, model, organization, publication_date, decimal_year, domain_group,
    compute_flop, then one boolean column per name in `flags` (e.g. "frontier_top10"; a
    missing flag counts as False); sorted by date.
    """
    require_columns(
        models,
        [
            "model_key",
            "model",
            "organization",
            "publication_date",
            "decimal_year",
            "domain_group",
            "compute_flop",
            *flags,
        ],
        "compute_over_time_data",
    )
    rows = model_rows(models, ["compute_flop"], extra=["domain_group", *flags])
    rows = rows[rows["decimal_year"] >= since].reset_index(drop=True)
    rows["domain_group"] = rows["domain_group"].fillna("Other")
    for flag in flags:
        rows[flag] = rows[flag].astype("boolean").fillna(False).astype(bool)
    return rows


def compute_over_time_figure(
    data: pd.DataFrame,
    *,
    highlight: Sequence[str] | None = None,
    trends: Sequence[TrendLine] = (),
    show_trends: bool = False,
    named_models: Sequence[str] = (),
    title: str | None = None,
    subtitle: str = "Training compute of each model, FLOP (log scale)",
    slug: str = "compute-over-time",
    trend_names: Sequence[str] | None = None,
    overlay: str | None = None,
    overlay_name: str | None = None,
    show_overlay: bool = False,
    data_end: Any = None,
) -> go.Figure:
    """All models' training compute over time, one trace per domain group.

    Trace names: one per domain group present (e.g. "Language", "Vision"), in the fixed
    domain order; then, when `overlay` names a boolean column of `data` (one of the
    `flags` of `compute_over_time_data`), one trace `overlay_name` (default: the column
    name) redrawing those models in the frontier colour, hidden unless `show_overlay`;
    then "trend: <label>" for each trend (e.g. "trend: 2010–2025"), or the names given in
    `trend_names`, hidden unless `show_trends`, so a scrollytelling step can reveal them.
    `highlight` lists the groups drawn in colour (None: all; an empty list: every point
    grey); each trace's own colour is in its `meta.colour`. Annotations of `named_models`
    are named "model: <name>". The default title states the latest trend's growth when
    trends are given. `data_end` (the day the data end) marks a partial last year.
    """
    require_columns(data, ["decimal_year", "compute_flop", "domain_group"], "compute_over_time_figure")
    require_rows(data, "compute_over_time_figure")
    metric = variable("compute_flop")
    fig = go.Figure()
    for group in _group_order("domain_group", data["domain_group"].unique().tolist()):
        rows = data[data["domain_group"] == group]
        own = colour_for("domain_group", group)
        colour = context_colour(highlight is None or group in highlight, own)
        trace = points_trace(
            rows,
            slug=slug,
            name=group,
            y="compute_flop",
            colour=colour,
            own_colour=own,
            value_label=metric.label,
            formatter=metric.text,
            size=5,
        )
        fig.add_trace(_domain_points(trace, group))
    if overlay is not None:
        require_columns(data, [overlay], "compute_over_time_figure (overlay)")
        picked = data[data[overlay].astype(bool)]
        if picked.empty:
            raise ValueError(f"compute_over_time_figure: no plotted model has {overlay!r} set")
        colour = FRONTIER_COLOURS["Frontier"]
        trace = points_trace(
            picked,
            slug=slug,
            name=overlay_name or overlay,
            y="compute_flop",
            colour=colour,
            value_label=metric.label,
            formatter=metric.text,
            size=7,
            opacity=0.9,
            visible=show_overlay,
        )
        fig.add_trace(ring_marker(trace))
    if trend_names is not None and len(trend_names) != len(trends):
        raise ValueError(f"got {len(trend_names)} trend names for {len(trends)} trends")
    for i, trend in enumerate(trends):
        fig.add_trace(
            trend_trace(
                trend,
                slug=slug,
                colour=TREND_COLOURS[i % len(TREND_COLOURS)],
                visible=show_trends,
                name=trend_names[i] if trend_names is not None else None,
            )
        )
    lo, hi = value_range(data["compute_flop"], trends)
    set_log_axis(fig, lo, hi)
    start = math.floor(data["decimal_year"].min())
    set_year_axis(fig, start, math.ceil(data["decimal_year"].max()) + 0.5)
    annotate_models(fig, data, named_models, y="compute_flop")
    # Fixed ranges, so a scrollytelling step that resets the zoom returns to these exact axes
    # rather than to plotly's autorange (which pads for the model labels).
    # Year ticks chosen by plotly (at most about six) rather than a fixed step, so they stay
    # readable when a step zooms to a few recent years.
    fig.update_xaxes(autorange=False, tickmode="auto", nticks=6, dtick=None, tick0=None)
    fig.update_yaxes(autorange=False)
    mark_partial_year(fig, data_end)
    if title is None:
        if trends:
            latest = max(trends, key=lambda t: t.end)
            title = (
                f"Training compute has grown {fmt.fmt_growth(latest.growth_per_year)} "
                f"a year since {fmt.fmt_year(latest.start)}"
            )
        else:
            title = f"Training compute has risen by {_orders_of_magnitude(lo, hi)} orders of magnitude since {start}"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)


def _orders_of_magnitude(lo: float, hi: float) -> str:
    return fmt.fmt_count(round(math.log10(hi / lo)))


# -- Any metric over time, by group ------------------------------------------------------------

GROUPINGS = {
    "domain_group": "domain",
    "organization_type": "organisation type",
    "country": "country",
}


def _group_labels(models: pd.DataFrame, group_by: str) -> tuple[pd.Series, pd.Series]:
    """Group label per row and the key its colour is looked up by."""
    if group_by == "domain_group":
        labels = models["domain_group"].astype(object).where(models["domain_group"].notna(), "Other")
        return labels, labels
    if group_by == "organization_type":
        labels = (
            models["organization_type"]
            .astype(object)
            .where(models["organization_type"].notna(), UNKNOWN_TYPE)
        )
        return labels, labels
    iso3 = models["primary_country"].astype(object)
    known = iso3.isin(list(COUNTRY_COLOURS))
    names = models["primary_country_name"].astype(object)
    labels = names.where(known & names.notna(), OTHER_COUNTRIES)
    keys = iso3.where(known, "")
    return labels, keys


def metric_over_time_data(
    models: pd.DataFrame, metric: str, group_by: str = "domain_group", since: float = 1950.0
) -> pd.DataFrame:
    """Models with a positive value of `metric` since `since`, labelled by group.

    `metric` is one of parameters, power_w, cost_usd_2023, training_time_hours, compute_flop,
    dataset_size; `group_by` one of domain_group, organization_type, country (the model's
    primary country; countries without a fixed colour become "Other countries").
    Columns: the model columns, `group`, `colour_key` and the metric.
    """
    variable(metric)
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}; expected one of {sorted(GROUPINGS)}")
    needed = {
        "domain_group": ["domain_group"],
        "organization_type": ["organization_type"],
        "country": ["primary_country", "primary_country_name"],
    }[group_by]
    require_columns(
        models,
        ["model_key", "model", "organization", "publication_date", "decimal_year", metric, *needed],
        "metric_over_time_data",
    )
    subset = models[models["decimal_year"] >= since] if since is not None else models
    rows = model_rows(subset, [metric], extra=needed)
    labels, keys = _group_labels(rows, group_by)
    rows = rows.drop(columns=needed)
    rows.insert(5, "group", labels.to_numpy())
    rows.insert(6, "colour_key", keys.to_numpy())
    return rows


def metric_over_time_figure(
    data: pd.DataFrame,
    metric: str,
    group_by: str = "domain_group",
    *,
    highlight: Sequence[str] | None = None,
    trends: Sequence[TrendLine] = (),
    show_trends: bool = True,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str | None = None,
    data_end: Any = None,
) -> go.Figure:
    """`metric` over time on a log axis, one trace per group.

    Trace names: the group labels (domains, organisation types or country names, with
    "Other countries" / "Type unknown" / "Other" last), then "trend: <label>" per trend.
    `highlight` works as in `compute_over_time_figure`. Figure id
    "<metric>-over-time-by-<grouping>" unless `slug` is given. `data_end` (the day the data
    end) marks a partial last year.
    """
    info = variable(metric)
    require_columns(data, ["decimal_year", "group", "colour_key", metric], "metric_over_time_figure")
    require_rows(data, "metric_over_time_figure")
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}; expected one of {sorted(GROUPINGS)}")
    slug = slug or f"{metric.replace('_', '-')}-over-time-by-{group_by.replace('_', '-')}"
    kind = "country" if group_by == "country" else group_by
    fig = go.Figure()
    keys = dict(zip(data["group"], data["colour_key"], strict=False))
    for group in _group_order(kind, data["group"].unique().tolist(), keys):
        rows = data[data["group"] == group]
        own = (
            colour_for(kind, rows["colour_key"].iloc[0])
            if group not in (OTHER_COUNTRIES, UNKNOWN_TYPE)
            else GREY_OTHER
        )
        colour = context_colour(highlight is None or group in highlight, own)
        name = plotly_text(group) if group_by == "country" else group  # country names come from the data
        trace = points_trace(
            rows,
            slug=slug,
            name=name,
            y=metric,
            colour=colour,
            own_colour=own,
            value_label=info.label,
            formatter=info.text,
            size=5,
        )
        fig.add_trace(_domain_points(trace, group) if group_by == "domain_group" else trace)
    for i, trend in enumerate(trends):
        fig.add_trace(
            trend_trace(trend, slug=slug, colour=TREND_COLOURS[i % len(TREND_COLOURS)], visible=show_trends)
        )
    set_log_axis(
        fig,
        *value_range(data[metric], trends),
        tick_text=usd_tick_text if metric == "cost_usd_2023" else None,
    )
    set_year_axis(fig, math.floor(data["decimal_year"].min()), math.ceil(data["decimal_year"].max()) + 0.5)
    mark_partial_year(fig, data_end)
    if title is None:
        if trends:
            latest = max(trends, key=lambda t: t.end)
            title = (
                f"{info.label} has grown {fmt.fmt_growth(latest.growth_per_year)} a year "
                f"since {fmt.fmt_year(latest.start)}"
            )
        else:
            title = f"{info.label} by {GROUPINGS[group_by]}, model by model"
    if subtitle is None:
        by = "" if group_by == "domain_group" else f", by {GROUPINGS[group_by]}"  # domains: no hue
        subtitle = f"{info.label} of each model, {info.unit} (log scale){by}"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)


# -- Who builds them: organisation types per year ---------------------------------------------


def organization_share_data(models: pd.DataFrame, since: int = 2010) -> pd.DataFrame:
    """Per publication year from `since`: how many of `models` each organisation type
    published, and its share of that year's models (unknown types count as "Type unknown",
    so the shares of a year add up to 100%).

    Columns: year, organization_type, n, n_year, share_pct; one row per year and type present,
    types in the report's fixed order.
    """
    require_columns(models, ["year", "organization_type"], "organization_share_data")
    rows = models[models["year"].notna()]
    rows = rows[rows["year"] >= since]
    if rows.empty:
        raise ValueError(f"organization_share_data: no model published since {since}")
    types = rows["organization_type"].astype(object).where(rows["organization_type"].notna(), UNKNOWN_TYPE)
    counts = pd.DataFrame(
        {"year": rows["year"].astype(int).to_numpy(), "organization_type": types.to_numpy()}
    )
    counts = counts.groupby(["year", "organization_type"]).size().rename("n").reset_index()
    counts["n_year"] = counts.groupby("year")["n"].transform("sum")
    counts["share_pct"] = 100.0 * counts["n"] / counts["n_year"]
    order = _group_order("organization_type", counts["organization_type"].unique().tolist())
    counts["_order"] = counts["organization_type"].map({g: i for i, g in enumerate(order)})
    counts = counts.sort_values(["year", "_order"], kind="mergesort").drop(columns="_order")
    return counts.reset_index(drop=True)


def organization_share_figure(
    data: pd.DataFrame,
    *,
    focus: str = "Industry",
    title: str | None = None,
    subtitle: str = "Share of models published each year, by type of organisation",
    slug: str = "organization-share",
    data_end: Any = None,
) -> go.Figure:
    """Stacked bars of each organisation type's share per year, `focus` at the bottom.

    Trace names: the organisation types present ("Industry", "Academia", ...,
    "Type unknown" last), `focus` first. Hover shows each share with its count and the
    year's total, and each year's total is written under its bar ("n=223"); a year of
    few models is faded. The default title compares the `focus` share of the last and first
    years. `data_end` (the day the data end) hatches a partial last year.
    """
    require_columns(
        data, ["year", "organization_type", "n", "n_year", "share_pct"], "organization_share_figure"
    )
    require_rows(data, "organization_share_figure")
    present = data["organization_type"].unique().tolist()
    order = _group_order("organization_type", present)
    if focus in order:
        order = [focus] + [g for g in order if g != focus]
    years = sorted(data["year"].astype(int).unique().tolist())
    totals = data.groupby("year")["n_year"].first().reindex(years).astype(int)
    fig = go.Figure()
    for group in order:
        rows = data[data["organization_type"] == group].set_index("year").reindex(years)
        rows["n"] = rows["n"].fillna(0).astype(int)
        rows["share_pct"] = rows["share_pct"].fillna(0.0)
        colour = colour_for("organization_type", group)
        custom = np.column_stack(
            [
                rows["n"].to_numpy(),
                totals.to_numpy(),
                [fmt.fmt_pct(v) for v in rows["share_pct"]],
                [str(y) for y in years],
            ]
        ).astype(object)
        fig.add_trace(
            go.Bar(
                x=years,
                y=rows["share_pct"].to_numpy(dtype=float),
                name=group,
                uid=uid(slug, group),
                marker=dict(color=colour, opacity=share_opacity(totals)),
                customdata=custom,
                hovertemplate=(
                    f"<b>%{{customdata[3]}}</b><br>{group}: %{{customdata[2]}}"
                    "<br>%{customdata[0]:,} of %{customdata[1]:,} models<extra></extra>"
                ),
                meta=dict(colour=colour),
            )
        )
    fig.update_layout(barmode="stack", bargap=0.15, legend=dict(traceorder="normal"))
    fig.update_yaxes(range=[0, 100], ticksuffix="%", dtick=25, tickformat="d")
    fig.update_xaxes(type="linear", showgrid=False)
    partial = mark_partial_year(fig, data_end, bars=True, note="none")
    if title is None:
        title = _organization_share_title(data, focus)
    finish(fig, slug=slug, title=title, subtitle=subtitle)
    return set_share_ticks(fig, years, [str(y) for y in years], totals.tolist(), partial=partial)


def focus_share(data: pd.DataFrame, focus: str, years: Sequence[int]) -> tuple[float, int, int]:
    """The `focus` type's pooled share (percent) of the models of `years`, with its count and
    the total: (share_pct, n_focus, n_total)."""
    rows = data[data["year"].isin(list(years))]
    total = int(rows.groupby("year")["n_year"].first().sum())
    n_focus = int(rows.loc[rows["organization_type"] == focus, "n"].sum())
    if total == 0:
        raise ValueError(f"no models in years {list(years)}")
    return 100.0 * n_focus / total, n_focus, total


def _organization_share_title(data: pd.DataFrame, focus: str) -> str:
    first, last = int(data["year"].min()), int(data["year"].max())
    first_pct, _, _ = focus_share(data, focus, [first])
    last_pct, _, _ = focus_share(data, focus, [last])
    verb = fmt.rose_or_fell(round(last_pct) - round(first_pct))
    return (
        f"{focus}'s share of models {verb} from {fmt.fmt_pct(first_pct)} in {first} "
        f"to {fmt.fmt_pct(last_pct)} in {last}"
    )


# -- Open weights --------------------------------------------------------------------------------


def open_weights_share_data(models: pd.DataFrame, since: int = 2015) -> pd.DataFrame:
    """Per publication year from `since`: models with open and with closed weights among those
    whose status is known, and the open share in percent.

    Columns: year, n_open, n_closed, n_known, share_open_pct, share_closed_pct.
    """
    require_columns(models, ["year", "open_weights"], "open_weights_share_data")
    known = models[models["open_weights"].notna() & models["year"].notna()]
    known = known[known["year"] >= since]
    if known.empty:
        raise ValueError(f"open_weights_share_data: no model since {since} has a known weights status")
    is_open = known["open_weights"].astype(bool)
    years = known["year"].astype(int)
    counts = pd.DataFrame({"year": years, "open": is_open}).groupby("year")["open"].agg(["sum", "count"])
    out = pd.DataFrame(
        {
            "year": counts.index.astype(int),
            "n_open": counts["sum"].astype(int).to_numpy(),
            "n_known": counts["count"].astype(int).to_numpy(),
        }
    )
    out.insert(2, "n_closed", out["n_known"] - out["n_open"])
    out["share_open_pct"] = 100.0 * out["n_open"] / out["n_known"]
    out["share_closed_pct"] = 100.0 - out["share_open_pct"]
    return out.reset_index(drop=True)


def _share_bars(
    fig: go.Figure, data: pd.DataFrame, x: list, x_text: list[str], slug: str, x_label: str
) -> None:
    """Stacked open/closed percentage bars, with counts on hover (`x_text` names each bar).

    A bar resting on few models is drawn faint (`style.share_opacity`): a "100% closed" from
    three models should not look as solid as one from two hundred."""
    faint = share_opacity(data["n_known"].tolist())
    for status, share, count in (
        ("Open weights", "share_open_pct", "n_open"),
        ("Closed weights", "share_closed_pct", "n_closed"),
    ):
        custom = np.column_stack(
            [
                data[count].to_numpy(),
                data["n_known"].to_numpy(),
                [fmt.fmt_pct(v) for v in data[share]],
                x_text,
            ]
        ).astype(object)
        fig.add_trace(
            go.Bar(
                x=x,
                y=data[share].to_numpy(dtype=float),
                name=status,
                uid=uid(slug, status),
                marker=dict(color=OPEN_WEIGHTS_COLOURS[status], opacity=faint),
                customdata=custom,
                hovertemplate=(
                    f"<b>{x_label} %{{customdata[3]}}</b><br>{status}: %{{customdata[2]}}"
                    "<br>%{customdata[0]:,} of %{customdata[1]:,} models<extra></extra>"
                ),
                meta=dict(colour=OPEN_WEIGHTS_COLOURS[status]),
            )
        )
    # Open weights first in the legend, matching the bottom-up order of the stack.
    fig.update_layout(barmode="stack", bargap=0.15, legend=dict(traceorder="normal"))
    fig.update_yaxes(range=[0, 100], ticksuffix="%", dtick=25, tickformat="d")


def open_weights_share_figure(
    data: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str = "Share of models with known weights status, by year of publication",
    slug: str = "open-weights-share",
    data_end: Any = None,
) -> go.Figure:
    """Stacked bars of the open and closed shares per year, each year's n under its bar, a
    year of few models faded.

    Trace names: "Open weights", "Closed weights". The default title compares the latest
    year's open share with the first year's. `data_end` (the day the data end) hatches a
    partial last year.
    """
    require_columns(
        data,
        ["year", "n_open", "n_closed", "n_known", "share_open_pct", "share_closed_pct"],
        "open_weights_share_figure",
    )
    require_rows(data, "open_weights_share_figure")
    fig = go.Figure()
    years = data["year"].astype(int).tolist()
    _share_bars(fig, data, years, [str(y) for y in years], slug, "Year")
    fig.update_xaxes(type="linear", showgrid=False)
    partial = mark_partial_year(fig, data_end, bars=True, note="none")
    if title is None:
        first, last = data.iloc[0], data.iloc[-1]
        title = (
            f"{fmt.fmt_pct(last['share_open_pct'])} of models published in {int(last['year'])} "
            f"had open weights, against {fmt.fmt_pct(first['share_open_pct'])} in {int(first['year'])}"
        )
    finish(fig, slug=slug, title=title, subtitle=subtitle)
    return set_share_ticks(fig, years, [str(y) for y in years], data["n_known"].tolist(), partial=partial)


def open_weights_by_compute_data(models: pd.DataFrame, since: int = 2018) -> pd.DataFrame:
    """Open and closed weights by order of magnitude of training compute, for models published
    from `since` with known weights status and compute.

    Columns: log10_compute (the decade's lower edge), decade (label "10²³"), n_open, n_closed,
    n_known, share_open_pct, share_closed_pct.
    """
    require_columns(models, ["year", "open_weights", "compute_flop"], "open_weights_by_compute_data")
    keep = models["open_weights"].notna() & models["year"].notna() & positive_values(models, "compute_flop")
    known = models[keep & (models["year"] >= since)]
    if known.empty:
        raise ValueError(
            f"open_weights_by_compute_data: no model since {since} has compute and weights status"
        )
    decade = np.floor(np.log10(known["compute_flop"].astype(float))).astype(int)
    frame = pd.DataFrame({"decade": decade.to_numpy(), "open": known["open_weights"].astype(bool).to_numpy()})
    counts = frame.groupby("decade")["open"].agg(["sum", "count"])
    out = pd.DataFrame(
        {
            "log10_compute": counts.index.astype(int),
            "decade": [fmt.fmt_power_of_ten(e) for e in counts.index],
            "n_open": counts["sum"].astype(int).to_numpy(),
            "n_known": counts["count"].astype(int).to_numpy(),
        }
    )
    out.insert(3, "n_closed", out["n_known"] - out["n_open"])
    out["share_open_pct"] = 100.0 * out["n_open"] / out["n_known"]
    out["share_closed_pct"] = 100.0 - out["share_open_pct"]
    return out.reset_index(drop=True)


def open_weights_by_compute_figure(
    data: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str = "Share of models by training compute (FLOP, lower edge of each order of magnitude)",
    slug: str = "open-weights-by-compute",
) -> go.Figure:
    """Stacked open/closed shares per order of magnitude of compute.

    Trace names: "Open weights", "Closed weights". The default title contrasts the open share
    of the smallest and largest compute decades.
    """
    require_columns(
        data,
        ["decade", "n_open", "n_closed", "n_known", "share_open_pct", "share_closed_pct"],
        "open_weights_by_compute_figure",
    )
    require_rows(data, "open_weights_by_compute_figure")
    fig = go.Figure()
    exponents = data["log10_compute"].astype(int).tolist()
    _share_bars(fig, data, exponents, data["decade"].tolist(), slug, "Compute from")
    # A numeric axis with labels under the bars (thinned on a phone): category labels would
    # rotate on phones.
    fig.update_xaxes(type="linear", showgrid=False, tickfont=dict(color=GREY_TEXT))
    if title is None:
        title = _open_weights_by_scale_title(data)
    finish(fig, slug=slug, title=title, subtitle=subtitle)
    labels = [fmt.fmt_power_of_ten(e) for e in exponents]
    return set_share_ticks(fig, exponents, labels, data["n_known"].tolist())


def _open_weights_by_scale_title(data: pd.DataFrame, threshold_exponent: int = 23) -> str:
    """Open share of large-scale runs (from 10²³ FLOP) against smaller ones, pooled counts."""
    large = data[data["log10_compute"] >= threshold_exponent]
    small = data[data["log10_compute"] < threshold_exponent]
    if large["n_known"].sum() == 0 or small["n_known"].sum() == 0:
        return "Open weights by training compute"
    large_pct = 100.0 * large["n_open"].sum() / large["n_known"].sum()
    small_pct = 100.0 * small["n_open"].sum() / small["n_known"].sum()
    return (
        f"{fmt.fmt_pct(large_pct)} of models trained with "
        f"{fmt.fmt_power_of_ten(threshold_exponent)} FLOP or more have open weights, "
        f"against {fmt.fmt_pct(small_pct)} of smaller ones"
    )
