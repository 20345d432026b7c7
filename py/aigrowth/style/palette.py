"""The report's colours, and the rule that keeps one meaning per colour.

The hues are Okabe & Ito's, which stay distinguishable under the common forms of colour
blindness, plus one dark wine from Paul Tol's "muted" scheme. Eight hues cannot carry the
thirty-odd categories the report draws (domains, countries, organisation types, weights
status, frontier, record-setting runs, trends, measures), so colours have roles:

- **Ink and greys are never a category.** Ink (near-black) marks what a chart or a step is
  about when that is not a category: frontier models, record-setting runs, flagged runs, a
  fitted trend (a second trend in dark grey), a single measure. Light grey is context; a mid
  grey is the catch-all ("Other", countries outside the fixed list, an unknown type).
- **A hue belongs to one dimension, wherever a reader meets it.** Blue is the United States,
  vermilion China, reddish purple the United Kingdom and yellow Canada in every chart by
  country; orange is industry and sky blue academia in every chart by organisation type,
  their light shades the mixed type closest to them (industry–academia, research
  collectives), and wine is government; bluish green is open weights, its light shade closed
  weights.
- **Domains carry no hue.** The domains chapter draws one small panel per domain (the
  panel's models in ink over every model in grey), so a domain is named by its panel's title;
  the charts over time draw every model in one grey, the domain in its hover text.
- A chart that needs no category uses ink and greys only, so that a hue always answers the
  question "which country / organisation type / weights status?". Two measures drawn side by
  side (publications against models, controls imposed against received) are ink and grey,
  told apart by shape or position too.
- The world map's sequential blues (`figures/geomap.py`) are a quantity read against its own
  colour bar, not a category, and stay outside this rule.

`tests/test_style.py` builds every figure of the report and fails when one colour stands for
two different names. `text_colour` gives the shade of a colour that reads as text on white."""

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

# One hue beyond Okabe–Ito's eight: a dark wine from Paul Tol's colour-blind-safe "muted"
# scheme, distinct from all eight in hue and lightness.
WINE = "#882255"

TEXT = "#1A1A1A"

INK = TEXT
"""What a chart or a step is about when it is not a category (frontier, records, a trend)."""

INK_SOFT = "#5A5A5A"
"""A second ink: the other of two trends drawn together."""

GREY_CONTEXT = "#C8C8C8"
"""Points and lines that give context but are not what the chart is about."""

GREY_POINTS = "#A0A0A0"
"""Every model of a chart over time when no category is coloured (points under an ink trend)."""

GREY_OTHER = "#8C8C8C"
"""The catch-all category ("Other", countries outside the fixed list)."""

GREY_TEXT = "#4D4D4D"
"""Secondary text: subtitles, source lines, axis labels."""

GRID = "#E6E6E6"


def light_shade(colour: str, amount: float = 0.55) -> str:
    """`colour` mixed with white by `amount`: the sibling shade of a hue within its dimension
    (closed weights beside open weights, industry–academia beside industry)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


DOMAIN_GROUPS: tuple[str, ...] = (
    "Language",
    "Vision",
    "Multimodal",
    "Image generation",
    "Video",
    "Speech & audio",
    "Biology & medicine",
    "Games",
    "Robotics",
    "Other",
)
"""The domain groups in the order the report lists them."""

DOMAIN_COLOURS: dict[str, str] = {group: GREY_POINTS for group in DOMAIN_GROUPS}
"""Domains carry no hue (see the module's rule): every group is drawn in the points grey."""

ORGANIZATION_TYPE_COLOURS: dict[str, str] = {
    "Industry": OKABE_ITO["orange"],
    "Academia": OKABE_ITO["sky_blue"],
    "Research collective": light_shade(OKABE_ITO["sky_blue"]),
    "Government": WINE,
    "Industry–academia": light_shade(OKABE_ITO["orange"]),
    "Other collaboration": GREY_OTHER,
    "Type unknown": GREY_CONTEXT,
}
"""One fixed colour per `organization_type`; missing types are grey."""

COUNTRY_COLOURS: dict[str, str] = {
    "USA": OKABE_ITO["blue"],
    "CHN": OKABE_ITO["vermilion"],
    "GBR": OKABE_ITO["reddish_purple"],
    "CAN": OKABE_ITO["yellow"],
}
"""Fixed colours for the countries that lead in model counts (ISO3); all others are grey."""

OPEN_WEIGHTS_COLOURS: dict[str, str] = {
    "Open weights": OKABE_ITO["bluish_green"],
    "Closed weights": light_shade(OKABE_ITO["bluish_green"]),
    "Unknown": GREY_CONTEXT,
}

FRONTIER_COLOURS: dict[str, str] = {
    "Frontier": INK,
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
