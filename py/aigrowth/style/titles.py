"""Titles and the space above the plot: a title that states the finding, a subtitle with the
measure and unit, wrapped for a desktop page and for a phone, and the top margin and height that
keep the plot area the same whatever the title and legend take.

Titles are plain text, not markup: each wrapped line goes through `text.plotly_text`, so a
name from the data in a title reads as the characters it holds.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from aigrowth.style.text import plotly_text

# Title lines wrap at these widths on a desktop page (the figure is about 700 px wide); a
# phone gets a narrow layout (see `narrow_layout`) with about 34 characters of 16 px bold text
# per line, which the page's script applies when the chart is narrower than NARROW_BREAK_PX.
TITLE_WRAP = 64

SUBTITLE_WRAP = 84

NARROW_TITLE_WRAP = 34

NARROW_SUBTITLE_WRAP = 46

NARROW_BREAK_PX = 560

# The plot area keeps this height whatever the title and legend take above it; on a phone it
# is lower, so a pinned chart leaves room on screen for the text scrolling past it.
PLOT_AREA_PX = 380

NARROW_PLOT_AREA_PX = 300

TITLE_PAD_TOP = 12

TITLE_LINE_PX = 23

SUBTITLE_LINE_PX = 18

LEGEND_ROW_PX = 27

# A phone's legend is a compact key: smaller text, a short symbol, rows packed tight, so that
# it costs a line or two of the screen instead of a third of it.
NARROW_LEGEND = {"legend.font.size": 10.5, "legend.itemwidth": 30, "legend.tracegroupgap": 0}

NARROW_LEGEND_ROW_PX = 18

# Plot widths used to estimate how many rows a horizontal legend takes: a desktop page, and
# the narrowest phone the report supports beside wide tick labels such as "$100 million".
WIDE_PLOT_PX = 620

NARROW_PLOT_PX = 260


def _wrap(text: str, width: int) -> str:
    """Plain text broken into lines of at most `width` characters, each escaped for plotly."""
    lines = textwrap.wrap(text, width=width, break_long_words=False) if text else []
    return "<br>".join(plotly_text(line) for line in lines)


def set_titles(
    fig: go.Figure,
    title: str,
    subtitle: str = "",
    title_wrap: int = TITLE_WRAP,
    subtitle_wrap: int = SUBTITLE_WRAP,
) -> go.Figure:
    """Title (the finding, "Training compute has grown 4× a year since 2010") and subtitle
    (the measure and unit, "Training compute of each model, FLOP, log scale").

    Plotly does not wrap text, so both are broken into lines here, short enough for a phone.
    """
    if not title or not title.strip():
        raise ValueError("a chart needs a title that states its finding")
    title_text, subtitle_text = _wrap(title, title_wrap), _wrap(subtitle, subtitle_wrap)
    fig.update_layout(title=dict(text=title_text, subtitle=dict(text=subtitle_text)))
    reserve_top_margin(fig)
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    # Keys a builder set for the phone before (its tick labels) stay.
    meta["narrow"] = {**(meta.get("narrow") or {}), **narrow_layout(fig, title, subtitle)}
    fig.update_layout(meta=meta)
    return fig


def narrow_layout(fig: go.Figure, title: str, subtitle: str) -> dict:
    """The layout changes for a phone-width chart, as a Plotly.relayout update: titles wrapped
    shorter and the space above the plot recomputed for a legend of more rows. The page script
    (report/assets/figures.js) applies it below NARROW_BREAK_PX and restores the wide layout
    above."""
    probe = go.Figure(fig)
    probe.update_layout(
        title=dict(
            text=_wrap(title, NARROW_TITLE_WRAP),
            subtitle=dict(text=_wrap(subtitle, NARROW_SUBTITLE_WRAP)),
        )
    )
    reserve_top_margin(probe, legend_width_px=NARROW_PLOT_PX, plot_area_px=NARROW_PLOT_AREA_PX, compact=True)
    return {
        "title.text": probe.layout.title.text,
        "title.subtitle.text": probe.layout.title.subtitle.text,
        "margin.t": probe.layout.margin.t,
        "title.pad.b": probe.layout.title.pad.b,
        "height": probe.layout.height,
        **NARROW_LEGEND,
    }


def _legend_rows(names: Sequence[str], width_px: int = NARROW_PLOT_PX, compact: bool = False) -> int:
    """How many rows a horizontal legend of `names` takes at `width_px` (greedy packing,
    about 7 px per character plus 40 px for the symbol and gap; the compact key about 6 px
    per character plus 40 px)."""
    rows, used = 0, float(width_px)
    for name in names:
        item = (42 + 6.2 * len(name)) if compact else (46 + 7.5 * len(name))
        if used + item > width_px:
            rows, used = rows + 1, 0
        used += item
    return rows


def reserve_top_margin(
    fig: go.Figure,
    legend_width_px: int = WIDE_PLOT_PX,
    plot_area_px: int = PLOT_AREA_PX,
    compact: bool = False,
) -> go.Figure:
    """Set the top margin to fit the title, subtitle and a legend above the plot, and the
    figure's height so the plot area itself keeps PLOT_AREA_PX.

    Traces hidden at first count too: a scrollytelling step may show them, and their legend
    entries must not then run into the subtitle. Call again after traces change which of them
    appear in the legend.
    """
    title_lines = (fig.layout.title.text or "").count("<br>") + 1
    subtitle_text = fig.layout.title.subtitle.text or ""
    subtitle_lines = subtitle_text.count("<br>") + 1 if subtitle_text else 0
    in_legend = [
        t.name
        for t in fig.data
        if t.name and t.showlegend is not False and (t.showlegend or len(fig.data) > 1)
    ]
    show_legend = fig.layout.showlegend is not False and bool(in_legend)
    row_px = NARROW_LEGEND_ROW_PX if compact else LEGEND_ROW_PX
    legend_px = _legend_rows(in_legend, legend_width_px, compact) * row_px + 8 if show_legend else 0
    lift = subtitle_lines * SUBTITLE_LINE_PX + legend_px + 10
    top = TITLE_PAD_TOP + title_lines * TITLE_LINE_PX + lift
    # plotly.js anchors a multi-line title's bottom as if it had one line, so every extra
    # line would overlap the subtitle by a line's height; lift it by that much more.
    pad_bottom = lift + (title_lines - 1) * TITLE_LINE_PX
    bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 80
    fig.update_layout(
        margin=dict(t=top),
        title=dict(pad=dict(b=pad_bottom)),
        height=int(top + plot_area_px + bottom),
    )
    return fig
