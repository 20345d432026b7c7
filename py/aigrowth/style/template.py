"""The "aigrowth" plotly template: fonts, axes, legend, hover labels and margins.

Importing this module registers the template under `plotly.io.templates["aigrowth"]` and does
nothing else; `apply_template()` makes it plotly's default. Figure builders set the template on
each figure explicitly, so they do not depend on the default.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from aigrowth.style.palette import GREY_TEXT, GRID, OKABE_ITO, TEXT

TEMPLATE_NAME = "aigrowth"

FONT_STACK: tuple[str, ...] = (
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "Roboto",
    "Helvetica Neue",
    "Noto Sans",
    "Liberation Sans",
    "Arial",
    "sans-serif",
)
"""The reader's own interface font: no web font to download, legible on every platform."""

FONT_FAMILY = ", ".join(f'"{f}"' if " " in f else f for f in FONT_STACK)
"""FONT_STACK as one CSS font-family value."""

BASE_FONT_SIZE = 13

SOURCE_FONT_SIZE = 11

TITLE_FONT_SIZE = 16

SUBTITLE_FONT_SIZE = 13


def _axis_defaults() -> dict:
    return dict(
        showgrid=True,
        gridcolor=GRID,
        gridwidth=1,
        zeroline=False,
        showline=True,
        linecolor="#B3B3B3",
        ticks="outside",
        ticklen=4,
        tickcolor="#B3B3B3",
        tickfont=dict(color=GREY_TEXT, size=12),
        title=dict(font=dict(color=GREY_TEXT, size=12), standoff=8),
        automargin=True,
        separatethousands=True,
        exponentformat="power",  # a fallback: builders set explicit log ticks anyway
    )


def build_template() -> go.layout.Template:
    """The report's plotly template (a fresh object each call)."""
    layout = go.Layout(
        font=dict(family=FONT_FAMILY, size=BASE_FONT_SIZE, color=TEXT),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=[
            OKABE_ITO[k]
            for k in (
                "blue",
                "vermilion",
                "bluish_green",
                "orange",
                "reddish_purple",
                "sky_blue",
                "black",
                "yellow",
            )
        ],
        separators=".,",
        # The title sits on the plot area's top edge, lifted by a pixel padding that leaves
        # room for the subtitle and the legend; `reserve_top_margin` sets both. (Anchoring to
        # the container top misplaces multi-line titles, and plotly's title automargin pushes
        # a container-anchored title out of view, in plotly.js 3–4.)
        title=dict(
            x=0,
            xanchor="left",
            xref="container",
            y=1,
            yanchor="bottom",
            yref="paper",
            pad=dict(l=12),
            font=dict(size=TITLE_FONT_SIZE, color=TEXT, weight=600),
            subtitle=dict(font=dict(size=SUBTITLE_FONT_SIZE, color=GREY_TEXT)),
            automargin=False,
        ),
        xaxis=_axis_defaults(),
        yaxis=_axis_defaults(),
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            y=1.0,
            yanchor="bottom",
            font=dict(size=12, color=GREY_TEXT),
            itemsizing="constant",
            bgcolor="rgba(255,255,255,0)",
        ),
        hoverlabel=dict(
            font=dict(family=FONT_FAMILY, size=12, color=TEXT),
            bgcolor="white",
            bordercolor="#B3B3B3",
            align="left",
        ),
        hovermode="closest",
        margin=dict(l=12, r=16, t=60, b=48),
    )
    data = go.layout.template.Data(
        scatter=[go.Scatter(marker=dict(size=6, line=dict(width=0)), line=dict(width=2))],
        bar=[go.Bar(marker=dict(line=dict(width=0)))],
    )
    return go.layout.Template(layout=layout, data=data)


pio.templates[TEMPLATE_NAME] = build_template()


def apply_template() -> None:
    """Make the report's template plotly's default for figures created afterwards."""
    pio.templates.default = TEMPLATE_NAME
