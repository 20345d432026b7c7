"""The report's colours: the Okabe–Ito palette, which stays distinguishable under the common
forms of colour blindness, with one fixed colour per category (Language is always blue, China
always vermilion; categories outside the fixed lists are grey, as is context), and the shade of a
colour that reads as text on white."""

from __future__ import annotations

from collections.abc import Mapping

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


def contrast_on_white(colour: str) -> float:
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
    while contrast_on_white(shade) < min_contrast and factor > 0:
        factor -= 0.05
        shade = "#" + "".join(f"{max(0, round(c * factor)):02X}" for c in rgb)
    return shade
