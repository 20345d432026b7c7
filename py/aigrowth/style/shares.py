"""Share bars (percentages of the models of a year, a period, a country): each bar says how
many models it rests on ("n=223" under it), and a bar on few models is faded, so that a
"100% closed" from three models does not look as solid as one from two hundred.

On a phone the labels under the bars thin out to at most NARROW_SHARE_TICKS (the last bar is
always labelled, the partial year being the one to notice); every bar's hover carries its n.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from aigrowth.constants import SMALL_SHARE_N
from aigrowth.fmt import fmt_count
from aigrowth.style.partial import PartialYear
from aigrowth.style.source import fit_source_and_rows

# The height of one more line of tick labels under the axis, which moves the source line down.
TICK_LINE_PX = 16

#: The opacity of a bar resting on fewer than SMALL_SHARE_N models.
SMALL_SHARE_OPACITY = 0.4

# Labels under the bars, at most: about 38 px a label on a desktop chart, and on a phone, where
# a plot is about 300 px wide, a label every 50 px.
WIDE_SHARE_TICKS = 17

NARROW_SHARE_TICKS = 6


def share_opacity(counts: Sequence[Any]) -> list[float]:
    """Each bar's opacity from the number of models it rests on."""
    return [SMALL_SHARE_OPACITY if int(n) < SMALL_SHARE_N else 1.0 for n in counts]


def n_text(n: Any) -> str:
    """ "n=223": a bar's number of models, short enough to sit under a bar on a phone."""
    return f"n={fmt_count(n)}"


def share_tick_text(label: str, n: Any, partial: PartialYear | None = None, is_partial: bool = False) -> str:
    """A bar's tick label: its label (plotly text) over its n, and under them how far the
    partial year runs when this bar is the partial year ("2026<br>n=42<br>to 15 Jul")."""
    text = f"{label}<br>{n_text(n)}"
    if partial is not None and is_partial:
        text += f"<br>{partial.to_text}"
    return text


def _every(count: int, most: int) -> list[int]:
    """Indices of `count` bars to label, at most `most`, evenly spaced and ending on the last."""
    step = max(1, math.ceil(count / most))
    return [i for i in range(count) if (count - 1 - i) % step == 0]


def set_share_ticks(
    fig: go.Figure,
    positions: Sequence[Any],
    labels: Sequence[str],
    counts: Sequence[Any],
    *,
    partial: PartialYear | None = None,
    partial_at: Any = None,
    axis: str = "xaxis",
) -> go.Figure:
    """Label each bar at `positions` with its label and its n (`counts`), thinned to
    WIDE_SHARE_TICKS labels, and for a phone (`layout.meta["narrow"]`, applied by the page
    script) to NARROW_SHARE_TICKS. The bar at `partial_at` (default: the partial year) also
    says how far the partial year runs. Call after `finish` (it keeps the phone layout); the
    source line moves down below the extra lines."""
    if not len(positions) == len(labels) == len(counts):
        raise ValueError("share ticks need one label and one count per bar")
    at = partial.year if partial is not None and partial_at is None else partial_at
    texts = [
        share_tick_text(lab, n, partial, pos == at)
        for pos, lab, n in zip(positions, labels, counts, strict=True)
    ]

    def ticks(most: int) -> tuple[list[Any], list[str]]:
        keep = _every(len(positions), most)
        return [positions[i] for i in keep], [texts[i] for i in keep]

    vals, text = ticks(WIDE_SHARE_TICKS)
    fig.update_layout({axis: dict(tickmode="array", tickvals=vals, ticktext=text, tickangle=0)})
    narrow_vals, narrow_text = ticks(NARROW_SHARE_TICKS)
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    narrow = dict(meta.get("narrow") or {})
    narrow[f"{axis}.tickvals"] = narrow_vals
    narrow[f"{axis}.ticktext"] = narrow_text
    meta["narrow"] = narrow
    fig.update_layout(meta=meta)
    extra_lines = max(t.count("<br>") for t in texts)
    return fit_source_and_rows(fig, below_px=TICK_LINE_PX * extra_lines)
