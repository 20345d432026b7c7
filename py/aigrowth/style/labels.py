"""Direct labels: lines labelled at their ends in their own colour, pushed apart so they do not
collide."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

from aigrowth.style.palette import GREY_OTHER, text_colour


def spread_labels(targets: Sequence[float], gap: float, floor: float | None = None) -> list[float]:
    """Label positions as close as possible to the ascending `targets`, at least `gap` apart.

    Labels that would collide form a cluster centred on its members' mean (so no label
    drifts far from its line); clusters merge until none overlap. `floor` keeps the lowest
    label inside the axis.
    """
    # Each cluster: [first index, count, position of its lowest label].
    clusters: list[list[float]] = []
    for i, target in enumerate(targets):
        clusters.append([i, 1, target])
        while len(clusters) > 1:
            below, above = clusters[-2], clusters[-1]
            if below[2] + below[1] * gap <= above[2]:
                break
            first, members = int(below[0]), int(below[1] + above[1])
            mean = sum(targets[first : first + members]) / members
            clusters[-2:] = [[first, members, mean - (members - 1) * gap / 2]]
    if floor is not None and clusters and clusters[0][2] < floor:
        # Lift the bottom cluster onto the floor, merging upward if that causes overlaps.
        clusters[0][2] = floor
        merged = [clusters[0]]
        for cluster in clusters[1:]:
            top = merged[-1][2] + merged[-1][1] * gap
            if cluster[2] < top:
                merged[-1][1] += cluster[1]
            else:
                merged.append(cluster)
        clusters = merged
    positions: list[float] = []
    for _first, count, lowest in clusters:
        positions.extend(lowest + k * gap for k in range(int(count)))
    return positions


def label_line_ends(
    fig: go.Figure,
    trace_names: Iterable[str] | None = None,
    min_gap: float = 0.045,
    hide_legend: bool = True,
) -> go.Figure:
    """Label lines directly at their last point, in their own colour, instead of a legend.

    Labels that would overlap are pushed apart vertically to at least `min_gap` of the y
    range (in log10 units on a log axis). Each annotation is named "label: <trace name>" so a
    script can show or hide it together with its line. The right margin grows to fit.
    Call after the y axis range is set.
    """
    wanted = set(trace_names) if trace_names is not None else None
    log_y = fig.layout.yaxis.type == "log"
    ends: list[tuple[float, float, str, str]] = []
    for trace in fig.data:
        if wanted is not None and trace.name not in wanted:
            continue
        if trace.x is None or trace.y is None or len(trace.x) == 0:
            continue
        points = [
            (x, y)
            for x, y in zip(trace.x, trace.y, strict=False)
            if x is not None and y is not None and not (isinstance(y, float) and math.isnan(y))
        ]
        if not points:
            continue
        x_end, y_end = points[-1]
        if log_y:
            if y_end <= 0:
                continue
            y_end = math.log10(y_end)
        colour = trace.line.color or GREY_OTHER
        ends.append((float(x_end), float(y_end), trace.name, colour))
        if hide_legend:
            trace.showlegend = False
    if not ends:
        return fig
    y_range = fig.layout.yaxis.range
    if y_range is not None:
        span = float(y_range[1]) - float(y_range[0])
    else:
        ys = [e[1] for e in ends]
        span = (max(ys) - min(ys)) or 1.0
    gap = min_gap * span
    ends.sort(key=lambda e: e[1])
    # The floor is half a label above the axis, so the lowest label's text stays inside the plot.
    floor = float(y_range[0]) + gap / 2 if y_range is not None else None
    placed = spread_labels([e[1] for e in ends], gap, floor)
    longest = 0
    for (x, _, name, colour), y in zip(ends, placed, strict=False):
        fig.add_annotation(
            name=f"label: {name}",
            text=name,
            x=x,
            y=y,  # annotations on log axes take log10 positions
            xref="x",
            yref="y",
            xanchor="left",
            yanchor="middle",
            xshift=6,
            showarrow=False,
            font=dict(size=12, color=text_colour(colour)),
        )
        longest = max(longest, len(name))
    fig.update_layout(margin=dict(r=max(16, 7 * longest + 12)))
    return fig
