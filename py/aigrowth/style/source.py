"""The source line under each chart, and room for a source of several lines."""

from __future__ import annotations

import plotly.graph_objects as go

from aigrowth.style.palette import GREY_TEXT
from aigrowth.style.template import SOURCE_FONT_SIZE

DEFAULT_SOURCE = "Data: Epoch AI (2026), CC BY 4.0"

SOURCE_ANNOTATION_NAME = "source"


def add_source_line(fig: go.Figure, text: str = DEFAULT_SOURCE, below_axis_px: int = 30) -> go.Figure:
    """Put the source line under the plot, left-aligned, and reserve the margin for it.

    The annotation sits `below_axis_px` pixels under the plot area (room for the x tick
    labels, plus an axis title if there is one) so its place does not depend on the figure's
    height. It is named "source" so tests and scripts can find it.
    """
    if not text or not text.strip():
        raise ValueError("the source line must name the data source")
    has_x_title = bool(fig.layout.xaxis.title.text)
    shift = below_axis_px + (20 if has_x_title else 0)
    fig.add_annotation(
        name=SOURCE_ANNOTATION_NAME,
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-shift,
        showarrow=False,
        align="left",
        font=dict(size=SOURCE_FONT_SIZE, color=GREY_TEXT),
    )
    old_bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 80
    fig.update_layout(margin=dict(b=shift + 24))
    if fig.layout.height is not None:  # titles already set the height: keep the plot area's
        fig.update_layout(height=fig.layout.height + (shift + 24 - old_bottom))
    return fig


def combine_sources(*credits: str) -> str:
    """Several source lines as one, a line each so a phone does not cut them off:
    "Data: OECD.AI (2025), from OpenAlex<br>Data: Epoch AI (2026), CC BY 4.0"."""
    return "<br>".join(credits)


def grow(fig: go.Figure, px: int) -> None:
    """Add `px` to the figure's height, wide and narrow (the plot area takes it)."""
    fig.update_layout(height=int(fig.layout.height) + px)
    meta = dict(fig.layout.meta)
    if isinstance(meta.get("narrow"), dict) and meta["narrow"].get("height"):
        meta["narrow"] = {**meta["narrow"], "height": int(meta["narrow"]["height"]) + px}
        fig.update_layout(meta=meta)


def fit_source_and_rows(fig: go.Figure, below_px: int = 0, rows_px: int = 0) -> go.Figure:
    """After a figure is finished: move the source line `below_px` further down (two-line tick
    labels), make room for every line of a multi-line source, and add `rows_px` to the plot
    area (charts with many rows)."""
    lines = 1
    for annotation in fig.layout.annotations:
        if annotation.name == SOURCE_ANNOTATION_NAME:
            annotation.yshift = (annotation.yshift or 0) - below_px
            lines = str(annotation.text).count("<br>") + 1
    extra = below_px + 15 * (lines - 1)
    fig.update_layout(margin=dict(b=int(fig.layout.margin.b) + extra))
    grow(fig, extra + rows_px)
    return fig
