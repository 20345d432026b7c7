"""Hover labels: one template for every model point, reading preformatted values."""

from __future__ import annotations

from collections.abc import Sequence

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
