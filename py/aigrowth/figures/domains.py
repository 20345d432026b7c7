"""Charts of the compute-vs-parameters chapter: small multiples of the scatter with one panel
and fitted line per domain, and the per-domain slopes with their intervals."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from aigrowth import fmt
from aigrowth.figures._base import (
    context_colour,
    finish,
    model_rows,
    points_trace,
    require_columns,
    require_rows,
    uid,
)
from aigrowth.style import (
    DOMAIN_GROUPS,
    GREY_TEXT,
    INK,
    TEXT,
    fit_source_and_rows,
    log_ticks,
    plotly_text,
)
from aigrowth.style.source import grow


def compute_vs_parameters_data(models: pd.DataFrame, groups: Sequence[str] | None = None) -> pd.DataFrame:
    """Models with both a positive parameter count and training compute, optionally only the
    domain groups in `groups`.

    Columns: the model columns, domain_group, parameters, compute_flop.
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
            "parameters",
            "compute_flop",
        ],
        "compute_vs_parameters_data",
    )
    rows = model_rows(models, ["parameters", "compute_flop"], extra=["domain_group"])
    rows["domain_group"] = rows["domain_group"].fillna("Other")
    if groups is not None:
        unknown = sorted(set(groups) - set(DOMAIN_GROUPS))
        if unknown:
            raise ValueError(f"unknown domain groups {unknown}; expected some of {list(DOMAIN_GROUPS)}")
        rows = rows[rows["domain_group"].isin(groups)].reset_index(drop=True)
    return rows


def _fit_table(fits: Mapping[str, tuple[float, float]] | pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Intercept and slope per domain from a mapping or a frame (domain_group, intercept, slope)."""
    if isinstance(fits, pd.DataFrame):
        require_columns(fits, ["domain_group", "intercept", "slope"], "compute_vs_parameters_figure fits")
        return {str(r.domain_group): (float(r.intercept), float(r.slope)) for r in fits.itertuples()}
    return {str(k): (float(v[0]), float(v[1])) for k, v in fits.items()}


# Small multiples: two columns read on a phone (each panel about 170 px wide) as on a page.
PANEL_COLUMNS = 2

PANEL_ROW_PX = 190
"""Plot height each row of panels adds beyond the first."""

CONTEXT_POINT = "#DEDEDE"
"""Every fitted model, behind each panel: lighter than the context grey, so a panel's own
models in ink stand out from the thousand others."""


MINOR_GRID = "#F2F2F2"

PANEL_TITLE_PX = 34
"""Room above the top row of panels for its two-line panel titles."""


def _decade_axis(lo: float, hi: float, max_labels: int) -> dict:
    """A log axis from `lo` to `hi` with a gridline at every power of ten: the labelled ones (at
    most `max_labels`, on aligned exponents as `log_ticks` thins them) in the grid colour, the
    others fainter, so a panel a few centimetres tall does not read as hatching."""
    vals, text = log_ticks(lo, hi, max_ticks=max_labels)
    # Every decade the labelled ticks span (they start on an aligned exponent below `lo`).
    first, last = round(math.log10(vals[0])), round(math.log10(vals[-1]))
    return dict(
        type="log",
        range=[math.log10(lo) - 0.15, math.log10(hi) + 0.15],
        tickmode="array",
        tickvals=vals,
        ticktext=text,
        showgrid=True,
        ticks="",
        minor=dict(
            tickmode="array",
            tickvals=[float(f"1e{e}") for e in range(first, last + 1)],
            showgrid=True,
            gridcolor=MINOR_GRID,
            ticks="",
        ),
    )


def _panel_title(group: str, fit: tuple[float, float] | None, n: int) -> str:
    """The panel's direct label: the domain in bold, its slope and models below."""
    detail = f"n = {fmt.fmt_count(n)}"
    if fit is not None:
        detail = f"slope {fmt.fmt_number(fit[1], 3)}, {detail}"
    return f"<b>{plotly_text(group)}</b><br>{detail}"


def compute_vs_parameters_figure(
    data: pd.DataFrame,
    fits: Mapping[str, tuple[float, float]] | pd.DataFrame | None = None,
    *,
    highlight: Sequence[str] | None = None,
    title: str | None = None,
    subtitle: str = (
        "Training compute (FLOP, up) against parameters (across), both log scale; each panel's "
        "models in black over all models in grey, with the panel's fitted line"
    ),
    slug: str = "compute-vs-parameters",
) -> go.Figure:
    """Small multiples of compute against parameters: one panel per domain group present (in
    the report's order, two columns, shared log axes with a gridline per power of ten), every
    model in light grey behind each panel, the panel's own models in ink and, for a domain in
    `fits`, its fitted line log10(compute) = intercept + slope · log10(parameters) drawn over
    that domain's range of parameters, above its points. `fits` is a mapping domain ->
    (intercept, slope) or a frame with domain_group, intercept, slope. Each panel's title names
    the domain, its slope and its models.

    Trace names, per panel: "context: <domain>" (every model, no hover), "<domain>" (its
    models), then for a fitted domain "fit outline: <domain>" (a white casing) and
    "fit: <domain>". `highlight` draws the other domains' models grey (each trace's own colour
    stays in `meta.colour`). The default title names the steepest and shallowest fitted slopes.
    """
    require_columns(data, ["domain_group", "parameters", "compute_flop"], "compute_vs_parameters_figure")
    require_rows(data, "compute_vs_parameters_figure")
    table = _fit_table(fits) if fits is not None else {}
    present = [g for g in DOMAIN_GROUPS if g in set(data["domain_group"])]
    present += sorted(set(data["domain_group"]) - set(present))
    missing = sorted(set(table) - set(present))
    if missing:
        raise ValueError(f"fits given for domains with no plotted models: {missing}")
    rows_n = math.ceil(len(present) / PANEL_COLUMNS)
    counts = data["domain_group"].value_counts()
    fig = make_subplots(
        rows=rows_n,
        cols=PANEL_COLUMNS,
        shared_xaxes=True,
        shared_yaxes=True,
        horizontal_spacing=0.06,
        vertical_spacing=0.34 / rows_n,
        subplot_titles=[_panel_title(g, table.get(g), int(counts[g])) for g in present],
    )
    all_x = data["parameters"].to_numpy(dtype=np.float32)
    all_y = data["compute_flop"].to_numpy(dtype=np.float32)
    for i, group in enumerate(present):
        row, col = i // PANEL_COLUMNS + 1, i % PANEL_COLUMNS + 1
        fig.add_trace(
            go.Scatter(
                x=all_x,
                y=all_y,
                mode="markers",
                name=f"context: {group}",
                uid=uid(slug, f"context: {group}"),
                showlegend=False,
                hoverinfo="skip",
                marker=dict(color=CONTEXT_POINT, size=3),
                meta=dict(colour=CONTEXT_POINT),
            ),
            row=row,
            col=col,
        )
        rows = data[data["domain_group"] == group]
        lit = highlight is None or group in highlight
        trace = points_trace(
            rows,
            slug=slug,
            name=group,
            x="parameters",
            y="compute_flop",
            colour=context_colour(lit, INK),
            own_colour=INK,
            value_label="Training compute",
            formatter=fmt.fmt_flop,
            size=4,
            opacity=0.45,
            showlegend=False,
        )
        # Hover adds the parameter count to the usual model, organisation, date and compute.
        params = np.asarray([fmt.fmt_number(p) for p in rows["parameters"]], dtype=object)
        trace.customdata = np.column_stack([trace.customdata, params])
        trace.hovertemplate = trace.hovertemplate.replace(
            "<extra></extra>", "<br>Parameters: %{customdata[4]}<extra></extra>"
        )
        fig.add_trace(trace, row=row, col=col)
        if group not in table:
            continue
        intercept, slope = table[group]
        xs = np.logspace(math.log10(rows["parameters"].min()), math.log10(rows["parameters"].max()), 40)
        ys = 10.0 ** (intercept + slope * np.log10(xs))
        # A white casing under the line keeps it readable where its own points are densest.
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=f"fit outline: {group}",
                uid=uid(slug, f"fit outline: {group}"),
                showlegend=False,
                hoverinfo="skip",
                line=dict(color="white", width=5),
                meta=dict(colour="white"),
            ),
            row=row,
            col=col,
        )
        name = f"fit: {group}"
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=name,
                uid=uid(slug, name),
                legendgroup=group,
                showlegend=False,
                line=dict(color=context_colour(lit, INK), width=2.5),
                hovertemplate=(
                    f"<b>{plotly_text(group)}</b><br>compute ∝ parameters^{fmt.fmt_number(slope, 3)}<extra></extra>"
                ),
                meta=dict(colour=INK),
            ),
            row=row,
            col=col,
        )
    fig.update_xaxes(_decade_axis(float(data["parameters"].min()), float(data["parameters"].max()), 5))
    fig.update_yaxes(_decade_axis(float(data["compute_flop"].min()), float(data["compute_flop"].max()), 6))
    fig.update_xaxes(title=dict(text="Parameters"), row=rows_n)
    for annotation in fig.layout.annotations:  # the panel titles: direct labels, left-aligned
        annotation.update(font=dict(size=12, color=TEXT), x=annotation.x, yanchor="bottom")
    fig.update_layout(showlegend=False)
    if title is None:
        if len(table) >= 2:
            steep = max(table, key=lambda g: table[g][1])
            shallow = min(table, key=lambda g: table[g][1])
            title = f"Compute rises fastest with model size in {steep}, slowest in {shallow}"
        else:
            title = "Bigger models are trained with more compute"
    finish(fig, slug=slug, title=title, subtitle=subtitle)
    _room_for_panel_titles(fig)
    return fit_source_and_rows(fig, below_px=10, rows_px=PANEL_ROW_PX * (rows_n - 1))


def _room_for_panel_titles(fig: go.Figure) -> None:
    """Lower the plot below the titles by PANEL_TITLE_PX, wide and narrow, keeping the plot area."""
    # The title sits on the plot's top edge, lifted by its bottom padding: lift it as far.
    fig.update_layout(
        margin=dict(t=int(fig.layout.margin.t) + PANEL_TITLE_PX),
        title=dict(pad=dict(b=int(fig.layout.title.pad.b or 0) + PANEL_TITLE_PX)),
    )
    meta = dict(fig.layout.meta)
    narrow = dict(meta.get("narrow") or {})
    for key in ("margin.t", "title.pad.b"):
        if narrow.get(key) is not None:
            narrow[key] = int(narrow[key]) + PANEL_TITLE_PX
    meta["narrow"] = narrow
    fig.update_layout(meta=meta)
    grow(fig, PANEL_TITLE_PX)


def domain_slopes_figure(
    slopes: pd.DataFrame,
    *,
    reference: float | None = None,
    reference_label: str = "All domains",
    title: str | None = None,
    subtitle: str = (
        "Slope of log10 compute on log10 parameters per domain, "
        "with 95% confidence interval (robust standard errors)"
    ),
    slug: str = "domain-slopes",
    source: str | None = None,
) -> go.Figure:
    """Dot-and-whisker chart of the slope per domain (frame columns domain_group, slope, low,
    high; optionally n), sorted by slope; a dashed vertical line marks `reference`.

    Trace names: "Slope" (the dots with whiskers) and, with a reference, `reference_label`.
    """
    require_columns(slopes, ["domain_group", "slope", "low", "high"], "domain_slopes_figure")
    require_rows(slopes, "domain_slopes_figure")
    rows = slopes.sort_values("slope", kind="mergesort").reset_index(drop=True)
    n_text = [fmt.fmt_count(v) for v in rows["n"]] if "n" in rows.columns else [fmt.MISSING] * len(rows)
    custom = np.column_stack(
        [
            [fmt.fmt_number(v, 3) for v in rows["slope"]],
            [fmt.fmt_number(v, 3) for v in rows["low"]],
            [fmt.fmt_number(v, 3) for v in rows["high"]],
            n_text,
        ]
    ).astype(object)
    fig = go.Figure(
        go.Scatter(
            x=rows["slope"].to_numpy(dtype=float),
            y=rows["domain_group"].tolist(),
            mode="markers",
            name="Slope",
            uid=uid(slug, "Slope"),
            showlegend=False,
            # Ink: the domain is named on the axis, and a hue would name a country or a type.
            marker=dict(color=INK, size=10),
            error_x=dict(
                type="data",
                symmetric=False,
                array=(rows["high"] - rows["slope"]).to_numpy(dtype=float),
                arrayminus=(rows["slope"] - rows["low"]).to_numpy(dtype=float),
                color=GREY_TEXT,
                thickness=1.5,
                width=0,
            ),
            customdata=custom,
            hovertemplate=(
                "<b>%{y}</b><br>slope %{customdata[0]} (95% CI %{customdata[1]}–"
                "%{customdata[2]})<br>n = %{customdata[3]}<extra></extra>"
            ),
        )
    )
    if reference is not None:
        fig.add_trace(
            go.Scatter(
                x=[reference, reference],
                y=[rows["domain_group"].iloc[0], rows["domain_group"].iloc[-1]],
                mode="lines",
                name=reference_label,
                uid=uid(slug, reference_label),
                showlegend=False,
                line=dict(color=GREY_TEXT, dash="dash", width=1),
                hovertemplate=f"{reference_label}: {fmt.fmt_number(reference, 3)}<extra></extra>",
            )
        )
    fig.update_yaxes(type="category", showgrid=False, ticks="")
    fig.update_xaxes(title=dict(text="Slope (compute per parameters, log–log)"), tickformat=".1f")
    if title is None:
        top, bottom = rows.iloc[-1], rows.iloc[0]
        title = (
            f"Slopes range from {fmt.fmt_number(bottom['slope'])} in {bottom['domain_group']} "
            f"to {fmt.fmt_number(top['slope'])} in {top['domain_group']}"
        )
    kwargs = {"source": source} if source else {}
    return finish(fig, slug=slug, title=title, subtitle=subtitle, **kwargs)
