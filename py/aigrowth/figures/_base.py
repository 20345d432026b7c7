"""Shared parts of the figure builders: the trend-line protocol, column checks, point and
line traces with stable names and uids, and the finishing step every figure goes through."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from aigrowth import fmt
from aigrowth.checks import require_columns, require_rows  # noqa: F401  (re-exported to the builders)
from aigrowth.style import (
    DEFAULT_SOURCE,
    GREY_CONTEXT,
    TEMPLATE_NAME,
    add_source_line,
    model_hovertemplate,
    plotly_text,
    set_titles,
)

MODEL_COLUMNS = ("model_key", "model", "organization", "publication_date", "decimal_year")
"""Columns every per-model data frame carries so hover and CSV identify each model."""


@runtime_checkable
class TrendLine(Protocol):
    """What a figure needs from a fitted trend (`aigrowth.trends.TrendFit` satisfies it).

    `start` and `end` are decimal years; `predict` returns log10 values of the trend at the
    given decimal years; `label` names the trend ("2010–2025").
    """

    @property
    def start(self) -> float: ...

    @property
    def end(self) -> float: ...

    @property
    def growth_per_year(self) -> float: ...

    @property
    def doubling_months(self) -> float: ...

    @property
    def label(self) -> str: ...

    def predict(self, decimal_years: np.ndarray) -> np.ndarray: ...


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_slug(slug: str) -> str:
    """Figure ids are lowercase words joined by hyphens ("compute-over-time")."""
    if not _SLUG.match(slug):
        raise ValueError(f"figure id {slug!r} must be lowercase words joined by hyphens")
    return slug


def positive_values(df: pd.DataFrame, column: str) -> pd.Series:
    """True where `column` holds a positive, finite number (plottable on a log axis)."""
    values = pd.to_numeric(df[column], errors="coerce").astype(float)
    return values.notna() & np.isfinite(values) & (values > 0)


def model_rows(df: pd.DataFrame, value_columns: Sequence[str], extra: Sequence[str] = ()) -> pd.DataFrame:
    """The identifying columns plus `extra` and `value_columns` of the rows where every value
    column is positive and the date is known, sorted by date then model key (a stable order,
    so CSV downloads and figure JSON do not change between builds)."""
    keep = df["decimal_year"].notna()
    for column in value_columns:
        keep &= positive_values(df, column)
    columns = list(dict.fromkeys([*MODEL_COLUMNS, *extra, *value_columns]))
    out = df.loc[keep, columns].copy()
    for column in value_columns:
        out[column] = out[column].astype(float)
    out["decimal_year"] = out["decimal_year"].astype(float)
    return out.sort_values(["decimal_year", "model_key"], kind="mergesort").reset_index(drop=True)


HOVER_ORGANISATION_CHARS = 40


def short_organisations(cell: Any, limit: int = HOVER_ORGANISATION_CHARS) -> str:
    """Organisations for a hover label: each once, and past `limit` characters the rest
    counted ("Google DeepMind, Google Research and 3 more"), which keeps labels readable and
    pages light."""
    if not isinstance(cell, str) or not cell.strip():
        return "Organisation unknown"
    names: list[str] = []
    for name in cell.split(","):
        name = name.strip()
        if name and name not in names:
            names.append(name)
    shown = [names[0]]
    for name in names[1:]:
        if len(", ".join(shown + [name])) > limit:
            break
        shown.append(name)
    rest = len(names) - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest else "")


def hover_data(df: pd.DataFrame, value_column: str, formatter: Callable[[Any], str]) -> np.ndarray:
    """customdata rows (model, organisation, date, formatted value) for `model_hovertemplate`."""
    organisation = df["organization"].map(short_organisations)
    dates = [fmt.fmt_date(d) for d in df["publication_date"]]
    values = [formatter(v) for v in df[value_column]]
    return np.column_stack(
        [
            df["model"].map(plotly_text).to_numpy(dtype=object),
            organisation.map(plotly_text).to_numpy(dtype=object),
            np.asarray(dates, dtype=object),
            np.asarray(values, dtype=object),
        ]
    )


_NOT_CSS = re.compile(r"[^a-z0-9]+")


def uid(slug: str, name: str) -> str:
    """A trace uid fixed by figure id and trace name (plotly would otherwise draw a random one).

    plotly.js uses the uid in CSS class names, so it is reduced to lowercase letters, digits
    and hyphens: ("compute-over-time", "trend: 2010–2025") -> "compute-over-time--trend-2010-2025".
    """
    return f"{slug}--{_NOT_CSS.sub('-', name.lower()).strip('-')}"


def points_trace(
    df: pd.DataFrame,
    *,
    slug: str,
    name: str,
    y: str,
    colour: str,
    value_label: str,
    formatter: Callable[[Any], str],
    x: str = "decimal_year",
    visible: bool = True,
    size: int = 6,
    opacity: float = 0.75,
    yaxis: str = "y",
    showlegend: bool = True,
    own_colour: str | None = None,
) -> go.Scatter:
    """One model per point, with hover text.

    `meta.colour` records the category's own colour (`own_colour`, default `colour`), so a
    script can colour a trace drawn grey, or grey one out and restore it.
    """
    return go.Scatter(
        # Single precision is ample for a point on a chart (a decimal year to the hour, a value
        # to seven digits) and halves the bytes every page carries per point.
        x=df[x].to_numpy(dtype=np.float32),
        y=df[y].to_numpy(dtype=np.float32),
        mode="markers",
        name=name,
        uid=uid(slug, name),
        legendgroup=name,
        visible=visible,
        showlegend=showlegend,
        yaxis=yaxis,
        marker=dict(color=colour, size=size, opacity=opacity),
        customdata=hover_data(df, y, formatter),
        hovertemplate=model_hovertemplate(value_label),
        meta=dict(colour=own_colour or colour),
    )


def ring_marker(trace: go.Scatter, width: float = 1.6) -> go.Scatter:
    """Draw a trace's points as open rings: ink highlights (frontier models, record-setting
    runs) stay readable under an ink trend line drawn through them, and the grey points
    behind them show through."""
    trace.marker.symbol = "circle-open"
    trace.marker.line = dict(width=width)
    trace.marker.opacity = 1.0
    return trace


def value_range(values: pd.Series, trends: Iterable[TrendLine] = ()) -> tuple[float, float]:
    """Smallest and largest of `values` and of the trends' ends, so a log axis shows both the
    points and every trend line a step may reveal, without clipping."""
    lo, hi = float(values.min()), float(values.max())
    for trend in trends:
        ends = 10.0 ** np.asarray(trend.predict(np.array([trend.start, trend.end])), dtype=float)
        lo, hi = min(lo, float(ends.min())), max(hi, float(ends.max()))
    return lo, hi


def trend_name(trend: TrendLine) -> str:
    return f"trend: {trend.label}"


def trend_trace(
    trend: TrendLine,
    *,
    slug: str,
    colour: str,
    visible: bool = True,
    n: int = 60,
    dash: str = "solid",
    name: str | None = None,
) -> go.Scatter:
    """The trend drawn over its own window, with growth per year and doubling time on hover."""
    if not isinstance(trend, TrendLine):
        raise TypeError(f"expected a trend line (start, end, predict, ...), got {type(trend).__name__}")
    if not (math.isfinite(trend.start) and math.isfinite(trend.end) and trend.end > trend.start):
        raise ValueError(f"trend {trend.label!r} has an empty or unbounded window")
    xs = np.linspace(trend.start, trend.end, n)
    ys = 10.0 ** np.asarray(trend.predict(xs), dtype=float)
    doubling = (
        fmt.fmt_months(trend.doubling_months) if math.isfinite(trend.doubling_months) else "never doubles"
    )
    hover = (
        f"<b>Trend {trend.label}</b><br>{fmt.fmt_growth(trend.growth_per_year)} a year"
        f"<br>doubling every {doubling}<extra></extra>"
    )
    trace_name = name or trend_name(trend)
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        name=trace_name,
        uid=uid(slug, trace_name),
        visible=visible,
        showlegend=False,
        line=dict(color=colour, width=2.5, dash=dash),
        hovertemplate=hover,
        # A trend a scrolly step reveals on screen is drawn in print, where nothing scrolls.
        meta=dict(colour=colour, print="show"),
    )


def annotate_models(
    fig: go.Figure,
    df: pd.DataFrame,
    names: Sequence[str],
    y: str,
    x: str = "decimal_year",
    log_y: bool = True,
) -> go.Figure:
    """Arrowed labels on the models the text names (matched on display name, or on model key
    ignoring case: "GPT-4 (Mar 2023)" or "gpt-4 (mar 2023)").

    Each annotation is named "model: <name>" so a step can show or hide it. Labels alternate
    above and below so neighbours do not collide, and sit on the side of their model that faces
    the middle of the chart, their text ending at the arrow, so that none runs off the chart's
    edge. Unknown names are an error.
    """
    xs = pd.to_numeric(df[x], errors="coerce").dropna()
    middle = (float(xs.min()) + float(xs.max())) / 2 if len(xs) else 0.0
    for i, wanted in enumerate(names):
        match = df[(df["model"] == wanted) | (df["model_key"] == wanted.lower())]
        if match.empty:
            raise ValueError(f"cannot annotate {wanted!r}: no plotted model has that name or key")
        row = match.iloc[-1]
        value = float(row[y])
        above = i % 2 == 0
        toward_left = float(row[x]) > middle
        fig.add_annotation(
            name=f"model: {row['model']}",
            text=plotly_text(row["model"]),
            x=float(row[x]),
            y=math.log10(value) if log_y else value,
            xref="x",
            yref="y",
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="#4D4D4D",
            ax=-24 if toward_left else 24,
            ay=-28 if above else 28,
            xanchor="right" if toward_left else "left",
            font=dict(size=11, color="#1A1A1A"),
            bgcolor="rgba(255,255,255,0.8)",
        )
    return fig


def finish(
    fig: go.Figure,
    *,
    slug: str,
    title: str,
    subtitle: str,
    source: str = DEFAULT_SOURCE,
) -> go.Figure:
    """Every builder's last step: template, stable id, titles and the source line."""
    # Meta a builder recorded before (the partial year it marked) stays.
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(template=pio.templates[TEMPLATE_NAME], meta={**meta, "id": check_slug(slug)})
    uids = [trace.uid for trace in fig.data]
    if None in uids or len(set(uids)) != len(uids):
        raise ValueError(f"figure {slug!r}: every trace needs its own stable uid, got {uids}")
    add_source_line(fig, source)  # first: the height set with the titles includes its margin
    set_titles(fig, title, subtitle)
    return fig


def context_colour(highlighted: bool, colour: str) -> str:
    """The category's colour when highlighted, the context grey otherwise."""
    return colour if highlighted else GREY_CONTEXT
