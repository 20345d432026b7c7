"""Axes: log axes with power-of-ten ticks ("10²³", never 1e+23), dollar ticks, and year axes."""

from __future__ import annotations

import math
from collections.abc import Callable

import plotly.graph_objects as go

from aigrowth.fmt import fmt_power_of_ten


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
    step = next(
        (s for s in (1, 2, 3, 5, 10, 20, 50) if (last - first) // s + 1 <= max_ticks),
        100,
    )
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
    fig.update_layout({axis: dict(type="log", range=rng, tickvals=vals, ticktext=text, tickmode="array")})
    if title is not None:
        fig.update_layout({axis: dict(title=dict(text=title))})
    return fig


def set_year_axis(
    fig: go.Figure,
    start: float,
    end: float,
    axis: str = "xaxis",
    title: str | None = None,
) -> go.Figure:
    """A decimal-year axis from `start` to `end` with whole years as ticks ("2023", never
    "2,023"), at most about six of them."""
    if not end > start:
        raise ValueError(f"year axis end {end!r} must be after start {start!r}")
    span = end - start
    # At most about six labels: more would rotate or collide on a phone.
    dtick = next(s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= 6)
    fig.update_layout(
        {
            axis: dict(
                type="linear",
                range=[start, end],
                tickformat="d",
                dtick=dtick,
                tick0=0,
                separatethousands=False,
                hoverformat="d",
            )
        }
    )
    if title is not None:
        fig.update_layout({axis: dict(title=dict(text=title))})
    return fig
