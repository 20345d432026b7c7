"""The partial year: the data end part-way through their last year, so a chart by year marks
that year (a light band, and its bars hatched) with a note of how far it runs ("2026: to
15 Jul"). Without the mark, a last bar or a thin last cloud of points reads as a fall.

Every chart whose x axis is the year calls `mark_partial_year` with the date the data end on
(the newest publication date); data that end on 31 December mark nothing. The mark is made
of layout shapes, annotations and bar patterns, which the web page and the static print
figure both draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from aigrowth.fmt import fmt_day_month
from aigrowth.style.palette import GREY_TEXT

#: The name of the band and of its note (so a test, a script or print can find them).
PARTIAL_NAME = "partial year"

# Light enough to sit behind points and grid lines without hiding them.
BAND_FILL = "rgba(0, 0, 0, 0.06)"

# Hatching over the bar's own colour: the colour still names the category, the stripes say
# "not a whole year".
BAR_PATTERN = dict(fillmode="overlay", fgcolor="white", fgopacity=0.7, size=6, solidity=0.35)

NOTE_FONT_SIZE = 11


@dataclass(frozen=True)
class PartialYear:
    """The last year of the data when it is not complete, and the day the data end."""

    year: int
    end: pd.Timestamp

    @property
    def to_text(self) -> str:
        """ "to 15 Jul" """
        return f"to {fmt_day_month(self.end)}"

    @property
    def note(self) -> str:
        """ "2026: to 15 Jul" """
        return f"{self.year}: {self.to_text}"


def partial_year(data_end: Any) -> PartialYear | None:
    """The partial year of data ending on `data_end` (a date), or None when there is none:
    no date, or data that run to 31 December."""
    if data_end is None or pd.isna(data_end):
        return None
    end = pd.Timestamp(data_end).normalize()
    if end.month == 12 and end.day == 31:
        return None
    return PartialYear(int(end.year), end)


def mark_partial_year(
    fig: go.Figure,
    data_end: Any,
    *,
    bars: bool = False,
    centred: bool = False,
    note: Literal["bottom", "top", "none"] = "bottom",
    at: float | None = None,
    bar_x: Any = None,
) -> PartialYear | None:
    """Mark the partial year of data ending on `data_end` on `fig`'s x axis (the year):

    - a light band over the year, drawn below the data: from 1 January to the next on a
      decimal-year axis; over the year's slot (the year ± 0.5) for `bars`, or `centred` for
      one point a year;
    - with `bars`, the year's bars hatched (every vertical bar trace);
    - unless `note` is "none", the note "<year>: to <d Mon>" inside the plot at its `note`
      edge, its text ending at the band so that it never runs off the chart's right edge
      (a builder that writes the note into its tick labels instead passes "none").

    On an axis of periods (categories), `at` is the slot's place (its index) and `bar_x` the
    bars' x value there (the period's label).

    `layout.meta["partial_year"]` records the year and the end date. Returns the partial
    year, or None (and changes nothing) when the data end on 31 December or the chart does
    not reach their last year (an x range set before, else the traces' x values, decide)."""
    part = partial_year(data_end)
    if part is None:
        return None
    centre = float(part.year if at is None else at)
    x0, x1 = (centre - 0.5, centre + 0.5) if bars or centred else (centre, centre + 1)
    hatched = part.year if bar_x is None else bar_x
    # A chart of an earlier window has no partial year to mark.
    if not (_has_bar_at(fig, bar_x) if bar_x is not None else _shows(fig, x0, x1)):
        return None
    fig.add_shape(
        type="rect",
        name=PARTIAL_NAME,
        xref="x",
        yref="paper",
        x0=x0,
        x1=x1,
        y0=0,
        y1=1,
        fillcolor=BAND_FILL,
        line=dict(width=0),
        layer="below",
    )
    if bars:
        for trace in fig.data:
            if isinstance(trace, go.Bar) and trace.orientation != "h" and trace.x is not None:
                shapes = ["/" if _same(x, hatched) else "" for x in trace.x]
                trace.marker.pattern = dict(shape=shapes, **BAR_PATTERN)
    if note != "none":
        top = note == "top"
        fig.add_annotation(
            name=PARTIAL_NAME,
            text=part.note,
            x=x0,
            xref="x",
            xanchor="right",
            xshift=-3,
            y=1 if top else 0,
            yref="paper",
            yanchor="top" if top else "bottom",
            yshift=-2 if top else 2,
            showarrow=False,
            font=dict(size=NOTE_FONT_SIZE, color=GREY_TEXT),
            bgcolor="rgba(255, 255, 255, 0.75)",
        )
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["partial_year"] = {"year": part.year, "to": part.end.date().isoformat()}
    fig.update_layout(meta=meta)
    return part


def _shows(fig: go.Figure, x0: float, x1: float) -> bool:
    """Whether the chart's x axis reaches into [x0, x1)."""
    rng = fig.layout.xaxis.range
    if rng is not None and None not in rng:
        return float(rng[0]) < x1 and float(rng[1]) > x0
    for trace in fig.data:
        xs = getattr(trace, "x", None)
        for x in xs if xs is not None else ():
            try:
                if x0 <= float(x) < x1:
                    return True
            except (TypeError, ValueError):
                continue
    return False


def _has_bar_at(fig: go.Figure, bar_x: Any) -> bool:
    return any(trace.x is not None and any(_same(x, bar_x) for x in trace.x) for trace in fig.data)


def _same(x: Any, wanted: Any) -> bool:
    """Whether the x value `x` is `wanted` (a year, or a category's label)."""
    if isinstance(wanted, str) or isinstance(x, str):
        return x == wanted
    try:
        return float(x) == float(wanted)
    except (TypeError, ValueError):
        return False
