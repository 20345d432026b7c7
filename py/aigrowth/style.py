"""One look for every chart: palette, the "aigrowth" plotly template and chart helpers.

Importing this module registers the template under `plotly.io.templates["aigrowth"]` and
does nothing else; `apply_template()` makes it plotly's default. Figure builders set the
template on each figure explicitly, so they do not depend on the default.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common forms
of colour blindness. Each category keeps its colour in every chart: Language is always blue,
China always vermilion. Categories outside the fixed lists are grey, as is context.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence

import plotly.graph_objects as go
import plotly.io as pio

from aigrowth.fmt import fmt_power_of_ten

TEMPLATE_NAME = "aigrowth"

# -- Palette ---------------------------------------------------------------------------------

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermilion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""Okabe & Ito (2008), "Color Universal Design": eight colours safe for colour-blind readers."""

# Nine coloured domain groups need one colour beyond Okabe–Ito's eight: a dark wine from Paul
# Tol's colour-blind-safe "muted" scheme, distinct from all eight in hue and lightness.
WINE = "#882255"

GREY_CONTEXT = "#C8C8C8"
"""Points and lines that give context but are not what the chart is about."""
GREY_OTHER = "#8C8C8C"
"""The catch-all category ("Other", countries outside the fixed list)."""
GREY_TEXT = "#4D4D4D"
"""Secondary text: subtitles, source lines, axis labels."""
GRID = "#E6E6E6"
TEXT = "#1A1A1A"

DOMAIN_COLOURS: dict[str, str] = {
    "Language": OKABE_ITO["blue"],
    "Vision": OKABE_ITO["orange"],
    "Multimodal": OKABE_ITO["reddish_purple"],
    "Image generation": OKABE_ITO["vermilion"],
    "Video": OKABE_ITO["yellow"],
    "Speech & audio": OKABE_ITO["sky_blue"],
    "Biology & medicine": OKABE_ITO["bluish_green"],
    "Games": OKABE_ITO["black"],
    "Robotics": WINE,
    "Other": GREY_OTHER,
}
"""One fixed colour per `domain_group`, in the order the report lists the groups."""

ORGANIZATION_TYPE_COLOURS: dict[str, str] = {
    "Industry": OKABE_ITO["blue"],
    "Academia": OKABE_ITO["orange"],
    "Research collective": OKABE_ITO["bluish_green"],
    "Government": OKABE_ITO["vermilion"],
    "Industry–academia": OKABE_ITO["reddish_purple"],
    "Other collaboration": OKABE_ITO["sky_blue"],
}
"""One fixed colour per `organization_type`; missing types are grey."""

COUNTRY_COLOURS: dict[str, str] = {
    "USA": OKABE_ITO["blue"],
    "CHN": OKABE_ITO["vermilion"],
    "GBR": OKABE_ITO["bluish_green"],
    "FRA": OKABE_ITO["reddish_purple"],
    "CAN": OKABE_ITO["orange"],
    "DEU": OKABE_ITO["black"],
    "KOR": OKABE_ITO["sky_blue"],
    "JPN": OKABE_ITO["yellow"],
    "ISR": WINE,
}
"""Fixed colours for the countries that lead in model counts (ISO3); all others are grey."""

OPEN_WEIGHTS_COLOURS: dict[str, str] = {
    "Open weights": OKABE_ITO["bluish_green"],
    "Closed weights": OKABE_ITO["vermilion"],
    "Unknown": GREY_CONTEXT,
}

FRONTIER_COLOURS: dict[str, str] = {
    "Frontier": OKABE_ITO["vermilion"],
    "Other models": GREY_CONTEXT,
}

CATEGORY_COLOURS: dict[str, Mapping[str, str]] = {
    "domain_group": DOMAIN_COLOURS,
    "organization_type": ORGANIZATION_TYPE_COLOURS,
    "country": COUNTRY_COLOURS,
    "open_weights": OPEN_WEIGHTS_COLOURS,
    "frontier": FRONTIER_COLOURS,
}


def colour_for(kind: str, value: object) -> str:
    """The fixed colour of category `value` of `kind` (a key of CATEGORY_COLOURS); grey for
    values outside the fixed list. Unknown kinds are an error, so typos do not go grey."""
    if kind not in CATEGORY_COLOURS:
        raise ValueError(f"unknown category kind {kind!r}; expected one of {sorted(CATEGORY_COLOURS)}")
    if not isinstance(value, str):
        return GREY_OTHER
    return CATEGORY_COLOURS[kind].get(value, GREY_OTHER)


def _relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a "#RRGGBB" colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_on_white(colour: str) -> float:
    return 1.05 / (_relative_luminance(colour) + 0.05)


def text_colour(colour: str, min_contrast: float = 4.5) -> str:
    """`colour` darkened just enough to be readable as text on white (WCAG contrast 4.5).

    Okabe–Ito's yellow, orange and sky blue are fine for markers but too light for labels;
    direct labels use this shade of the same hue.
    """
    if len(colour) != 7 or not colour.startswith("#"):
        raise ValueError(f"expected a colour like '#RRGGBB', got {colour!r}")
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    factor = 1.0
    shade = colour
    while _contrast_on_white(shade) < min_contrast and factor > 0:
        factor -= 0.05
        shade = "#" + "".join(f"{max(0, round(c * factor)):02X}" for c in rgb)
    return shade


# -- Template --------------------------------------------------------------------------------

FONT_STACK: tuple[str, ...] = (
    "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Noto Sans",
    "Liberation Sans", "Arial", "sans-serif",
)
"""The reader's own interface font: no web font to download, legible on every platform."""
FONT_FAMILY = ", ".join(f'"{f}"' if " " in f else f for f in FONT_STACK)
"""FONT_STACK as one CSS font-family value."""

BASE_FONT_SIZE = 13
SOURCE_FONT_SIZE = 11
TITLE_FONT_SIZE = 16
SUBTITLE_FONT_SIZE = 13

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
# Plot widths used to estimate how many rows a horizontal legend takes: a desktop page, and
# the narrowest phone the report supports beside wide tick labels such as "$100 million".
WIDE_PLOT_PX = 620
NARROW_PLOT_PX = 260

DEFAULT_SOURCE = "Data: Epoch AI (2026), CC BY 4.0"


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
        colorway=[OKABE_ITO[k] for k in ("blue", "vermilion", "bluish_green", "orange",
                                         "reddish_purple", "sky_blue", "black", "yellow")],
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


# -- Axes ------------------------------------------------------------------------------------


def _tick_text(exponent: int, plain: tuple[int, int]) -> str:
    """10^exponent as "10²³", or as a plain number ("1,000", "0.01") inside `plain`."""
    if plain[0] <= exponent <= plain[1]:
        value = 10.0**exponent
        return f"{value:,.0f}" if exponent >= 0 else f"{value:.{-exponent}f}"
    return fmt_power_of_ten(exponent)


_USD_WORDS = {6: "million", 9: "billion", 12: "trillion"}


def usd_tick_text(exponent: int) -> str:
    """A power of ten in dollars for a cost axis: 2 -> "$100", 7 -> "$10 million"."""
    if exponent < 0:
        return "$" + f"{10.0**exponent:.{-exponent}f}"
    if exponent < 6:
        return f"${10**exponent:,}"
    base = min(max(k for k in _USD_WORDS if k <= exponent), 12)
    return f"${10 ** (exponent - base):,} {_USD_WORDS[base]}"


def log_ticks(
    lo: float,
    hi: float,
    max_ticks: int = 8,
    plain: tuple[int, int] = (0, 3),
    tick_text: Callable[[int], str] | None = None,
) -> tuple[list[float], list[str]]:
    """Tick values and texts for a log axis spanning data values `lo` to `hi`.

    Ticks sit on powers of ten ("10²³"); decades inside `plain` read as ordinary numbers
    ("1", "1,000"); `tick_text` replaces that labelling (e.g. `usd_tick_text`). When more than `max_ticks` decades are spanned the ticks thin out to every
    2nd, 3rd, 5th or 10th decade, on exponents divisible by that step so 10²⁰, 10²², ... line up.
    """
    if not (lo > 0 and hi > 0) or math.isnan(lo) or math.isnan(hi):
        raise ValueError(f"log axis bounds must be positive numbers, got {lo!r} and {hi!r}")
    if lo > hi:
        raise ValueError(f"lower bound {lo!r} is above upper bound {hi!r}")
    if max_ticks < 2:
        raise ValueError(f"max_ticks must be at least 2, got {max_ticks}")
    first = math.floor(math.log10(lo) + 1e-9)
    last = math.ceil(math.log10(hi) - 1e-9)
    last = max(last, first + 1)
    step = next((s for s in (1, 2, 3, 5, 10, 20, 50) if (last - first) // s + 1 <= max_ticks), 100)
    start = math.floor(first / step) * step
    stop = math.ceil(last / step) * step
    exponents = list(range(start, stop + 1, step))
    # float("1e23") is exactly the double nearest 10²³; 10.0**23 is one ulp off.
    label = tick_text or (lambda e: _tick_text(e, plain))
    return [float(f"1e{e}") for e in exponents], [label(e) for e in exponents]


def set_log_axis(
    fig: go.Figure,
    lo: float,
    hi: float,
    axis: str = "yaxis",
    title: str | None = None,
    max_ticks: int = 8,
    plain: tuple[int, int] = (0, 3),
    pad_decades: float = 0.15,
    tick_text: Callable[[int], str] | None = None,
) -> go.Figure:
    """Make `axis` ("yaxis", "xaxis", "yaxis2", ...) a log axis from `lo` to `hi` with
    power-of-ten ticks, padded by `pad_decades` on each side so end points are not clipped."""
    vals, text = log_ticks(lo, hi, max_ticks=max_ticks, plain=plain, tick_text=tick_text)
    rng = [math.log10(lo) - pad_decades, math.log10(hi) + pad_decades]
    fig.update_layout({axis: dict(type="log", range=rng, tickvals=vals, ticktext=text,
                                  tickmode="array")})
    if title is not None:
        fig.update_layout({axis: dict(title=dict(text=title))})
    return fig


def set_year_axis(
    fig: go.Figure, start: float, end: float, axis: str = "xaxis", title: str | None = None
) -> go.Figure:
    """A decimal-year axis from `start` to `end` with whole years as ticks ("2023", never
    "2,023"), at most about six of them."""
    if not end > start:
        raise ValueError(f"year axis end {end!r} must be after start {start!r}")
    span = end - start
    # At most about six labels: more would rotate or collide on a phone.
    dtick = next(s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= 6)
    fig.update_layout({axis: dict(type="linear", range=[start, end], tickformat="d",
                                  dtick=dtick, tick0=0, separatethousands=False,
                                  hoverformat="d")})
    if title is not None:
        fig.update_layout({axis: dict(title=dict(text=title))})
    return fig


# -- Titles, source line, hover ---------------------------------------------------------------


def plotly_text(text: object) -> str:
    """Text (a name from the data) as plotly.js shows it literally. Plotly reads a subset of
    HTML in every label (`<b>`, `<a href>`, entities) and `%{...}` in hover templates, so
    `&`, `<`, `>` become entities and the brace of `%{` a numeric entity, which plotly decodes
    back to the same characters on screen."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("%{", "%&#123;")


def _wrap(text: str, width: int) -> str:
    """Plain text (titles are plain: names from the data may sit in them) broken into lines."""
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
    meta["narrow"] = narrow_layout(fig, title, subtitle)
    fig.update_layout(meta=meta)
    return fig


def narrow_layout(fig: go.Figure, title: str, subtitle: str) -> dict:
    """The layout changes for a phone-width chart, as a Plotly.relayout update: titles wrapped
    shorter and the space above the plot recomputed for a legend of more rows. The page script
    (report/assets/figures.js) applies it below NARROW_BREAK_PX and restores the wide layout
    above."""
    probe = go.Figure(fig)
    probe.update_layout(title=dict(text=_wrap(title, NARROW_TITLE_WRAP),
                                   subtitle=dict(text=_wrap(subtitle, NARROW_SUBTITLE_WRAP))))
    reserve_top_margin(probe, legend_width_px=NARROW_PLOT_PX, plot_area_px=NARROW_PLOT_AREA_PX)
    return {
        "title.text": probe.layout.title.text,
        "title.subtitle.text": probe.layout.title.subtitle.text,
        "margin.t": probe.layout.margin.t,
        "title.pad.b": probe.layout.title.pad.b,
        "height": probe.layout.height,
    }


def _legend_rows(names: Sequence[str], width_px: int = NARROW_PLOT_PX) -> int:
    """How many rows a horizontal legend of `names` takes at `width_px` (greedy packing,
    about 7 px per character plus 40 px for the symbol and gap)."""
    rows, used = 0, width_px
    for name in names:
        item = 46 + 7.5 * len(name)
        if used + item > width_px:
            rows, used = rows + 1, 0
        used += item
    return rows


def reserve_top_margin(
    fig: go.Figure, legend_width_px: int = WIDE_PLOT_PX, plot_area_px: int = PLOT_AREA_PX
) -> go.Figure:
    """Set the top margin to fit the title, subtitle and a legend above the plot, and the
    figure's height so the plot area itself keeps PLOT_AREA_PX.

    Call again after traces change which of them appear in the legend.
    """
    title_lines = (fig.layout.title.text or "").count("<br>") + 1
    subtitle_text = fig.layout.title.subtitle.text or ""
    subtitle_lines = subtitle_text.count("<br>") + 1 if subtitle_text else 0
    in_legend = [t.name for t in fig.data if t.name and t.showlegend is not False
                 and t.visible is not False and (t.showlegend or len(fig.data) > 1)]
    show_legend = fig.layout.showlegend is not False and bool(in_legend)
    legend_px = _legend_rows(in_legend, legend_width_px) * LEGEND_ROW_PX + 8 if show_legend else 0
    lift = subtitle_lines * SUBTITLE_LINE_PX + legend_px + 10
    top = TITLE_PAD_TOP + title_lines * TITLE_LINE_PX + lift
    # plotly.js anchors a multi-line title's bottom as if it had one line, so every extra
    # line would overlap the subtitle by a line's height; lift it by that much more.
    pad_bottom = lift + (title_lines - 1) * TITLE_LINE_PX
    bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 80
    fig.update_layout(margin=dict(t=top), title=dict(pad=dict(b=pad_bottom)),
                      height=int(top + plot_area_px + bottom))
    return fig


SOURCE_ANNOTATION_NAME = "source"


def add_source_line(
    fig: go.Figure, text: str = DEFAULT_SOURCE, below_axis_px: int = 30
) -> go.Figure:
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


HOVER_COLUMNS = ("model", "organization", "date", "value_text")
"""The customdata columns `model_hovertemplate` reads, in this order."""


def model_hovertemplate(value_label: str, extra_lines: Sequence[str] = ()) -> str:
    """Hover text for one model: name (bold), organisation, date and the formatted value.

    Reads `customdata` columns in the order of HOVER_COLUMNS; the value arrives preformatted
    (e.g. "2.1 × 10²⁵ FLOP") so hover and prose print numbers the same way. `extra_lines`
    are appended as given (they may reference further customdata columns, from index 4 on).
    """
    lines = [
        "<b>%{customdata[0]}</b>",
        "%{customdata[1]}",
        "%{customdata[2]}",
        f"{value_label}: %{{customdata[3]}}",
        *extra_lines,
    ]
    return "<br>".join(lines) + "<extra></extra>"


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
            first, count = int(below[0]), int(below[1] + above[1])
            mean = sum(targets[first : first + count]) / count
            clusters[-2:] = [[first, count, mean - (count - 1) * gap / 2]]
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
    for _, count, lowest in clusters:
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
        points = [(x, y) for x, y in zip(trace.x, trace.y)
                  if x is not None and y is not None and not (isinstance(y, float) and math.isnan(y))]
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
    placed = spread_labels([e[1] for e in ends], gap,
                           float(y_range[0]) if y_range is not None else None)
    longest = 0
    for (x, _, name, colour), y in zip(ends, placed):
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
