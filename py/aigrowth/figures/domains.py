"""Charts of the compute-vs-parameters chapter: the scatter with one fitted line per domain,
and the per-domain slopes with their intervals."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

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
from aigrowth.style import DOMAIN_COLOURS, GREY_TEXT, colour_for, set_log_axis


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
        unknown = sorted(set(groups) - set(DOMAIN_COLOURS))
        if unknown:
            raise ValueError(f"unknown domain groups {unknown}; expected some of {list(DOMAIN_COLOURS)}")
        rows = rows[rows["domain_group"].isin(groups)].reset_index(drop=True)
    return rows


def _fit_table(fits: Mapping[str, tuple[float, float]] | pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Intercept and slope per domain from a mapping or a frame (domain_group, intercept, slope)."""
    if isinstance(fits, pd.DataFrame):
        require_columns(fits, ["domain_group", "intercept", "slope"], "compute_vs_parameters_figure fits")
        return {str(r.domain_group): (float(r.intercept), float(r.slope)) for r in fits.itertuples()}
    return {str(k): (float(v[0]), float(v[1])) for k, v in fits.items()}


def compute_vs_parameters_figure(
    data: pd.DataFrame,
    fits: Mapping[str, tuple[float, float]] | pd.DataFrame | None = None,
    *,
    highlight: Sequence[str] | None = None,
    title: str | None = None,
    subtitle: str = "Training compute (FLOP) against parameters, both log scale; lines: fit per domain",
    slug: str = "compute-vs-parameters",
) -> go.Figure:
    """Compute against parameters, one trace of points per domain group, with a fitted line
    log10(compute) = intercept + slope · log10(parameters) per domain in `fits` (a mapping
    domain -> (intercept, slope), or a frame with domain_group, intercept, slope), drawn over
    that domain's range of parameters.

    Trace names: the domain groups present ("Language", ...), then "fit: <domain>" for each
    fitted domain. `highlight` greys out the other domains (each trace's colour stays in
    `meta.colour`). The default title names the steepest and shallowest fitted slopes.
    """
    require_columns(data, ["domain_group", "parameters", "compute_flop"], "compute_vs_parameters_figure")
    require_rows(data, "compute_vs_parameters_figure")
    table = _fit_table(fits) if fits is not None else {}
    present = [g for g in DOMAIN_COLOURS if g in set(data["domain_group"])]
    missing = sorted(set(table) - set(present))
    if missing:
        raise ValueError(f"fits given for domains with no plotted models: {missing}")
    fig = go.Figure()
    for group in present:
        rows = data[data["domain_group"] == group]
        own = colour_for("domain_group", group)
        colour = context_colour(highlight is None or group in highlight, own)
        trace = points_trace(
            rows,
            slug=slug,
            name=group,
            x="parameters",
            y="compute_flop",
            colour=colour,
            own_colour=own,
            value_label="Training compute",
            formatter=fmt.fmt_flop,
            size=5,
        )
        # Hover adds the parameter count to the usual model, organisation, date and compute.
        params = np.asarray([fmt.fmt_number(p) for p in rows["parameters"]], dtype=object)
        trace.customdata = np.column_stack([trace.customdata, params])
        trace.hovertemplate = trace.hovertemplate.replace(
            "<extra></extra>", "<br>Parameters: %{customdata[4]}<extra></extra>"
        )
        fig.add_trace(trace)
    for group in present:
        if group not in table:
            continue
        intercept, slope = table[group]
        params = data.loc[data["domain_group"] == group, "parameters"]
        xs = np.logspace(math.log10(params.min()), math.log10(params.max()), 40)
        own = colour_for("domain_group", group)
        colour = context_colour(highlight is None or group in highlight, own)
        name = f"fit: {group}"
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=10.0 ** (intercept + slope * np.log10(xs)),
                mode="lines",
                name=name,
                uid=uid(slug, name),
                legendgroup=group,
                showlegend=False,
                line=dict(color=colour, width=2.5),
                hovertemplate=(
                    f"<b>{group}</b><br>compute ∝ parameters^{fmt.fmt_number(slope, 3)}<extra></extra>"
                ),
                meta=dict(colour=own),
            )
        )
    set_log_axis(
        fig, data["parameters"].min(), data["parameters"].max(), axis="xaxis", title="Parameters", max_ticks=7
    )
    set_log_axis(fig, data["compute_flop"].min(), data["compute_flop"].max())
    if title is None:
        if len(table) >= 2:
            steep = max(table, key=lambda g: table[g][1])
            shallow = min(table, key=lambda g: table[g][1])
            title = f"Compute rises fastest with model size in {steep}, slowest in {shallow}"
        else:
            title = "Bigger models are trained with more compute"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)


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
    colours = [colour_for("domain_group", g) for g in rows["domain_group"]]
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
            marker=dict(color=colours, size=10),
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
