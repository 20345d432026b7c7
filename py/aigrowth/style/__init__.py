"""One look for every chart, in small modules by concern:

- `palette`: the Okabe–Ito colours, fixed colours per category, readable text shades;
- `template`: the "aigrowth" plotly template (registered on import) and its fonts;
- `axes`: log axes with power-of-ten ticks, dollar ticks, year axes;
- `titles`: titles and subtitles, wrapped for desktop and phone, and the space above the plot;
- `source`: the source line under a chart;
- `hover`: the hover template of a model point;
- `labels`: direct labels at the ends of lines;
- `partial`: the partial last year, marked on every chart by year;
- `shares`: share bars' n under each bar, and small-n bars faded;
- `text`: data text escaped for the labels plotly draws.

Everything is importable from `aigrowth.style` itself.
"""

from aigrowth.style.axes import log_ticks, set_log_axis, set_year_axis, usd_tick_text
from aigrowth.style.hover import HOVER_COLUMNS, model_hovertemplate
from aigrowth.style.labels import label_line_ends, spread_labels
from aigrowth.style.palette import (
    CATEGORY_COLOURS,
    COUNTRY_COLOURS,
    DOMAIN_COLOURS,
    DOMAIN_GROUPS,
    FRONTIER_COLOURS,
    GREY_CONTEXT,
    GREY_OTHER,
    GREY_POINTS,
    GREY_TEXT,
    GRID,
    INK,
    INK_SOFT,
    OKABE_ITO,
    OPEN_WEIGHTS_COLOURS,
    ORGANIZATION_TYPE_COLOURS,
    TEXT,
    WINE,
    colour_for,
    contrast_on_white,
    light_shade,
    text_colour,
)
from aigrowth.style.partial import PARTIAL_NAME, PartialYear, mark_partial_year, partial_year
from aigrowth.style.shares import (
    SMALL_SHARE_OPACITY,
    n_text,
    set_share_ticks,
    share_opacity,
    share_tick_text,
)
from aigrowth.style.source import (
    DEFAULT_SOURCE,
    SOURCE_ANNOTATION_NAME,
    add_source_line,
    combine_sources,
    fit_source_and_rows,
)
from aigrowth.style.template import (
    BASE_FONT_SIZE,
    FONT_FAMILY,
    FONT_STACK,
    SOURCE_FONT_SIZE,
    SUBTITLE_FONT_SIZE,
    TEMPLATE_NAME,
    TITLE_FONT_SIZE,
    apply_template,
    build_template,
)
from aigrowth.style.text import plotly_text
from aigrowth.style.titles import (
    NARROW_BREAK_PX,
    NARROW_PLOT_AREA_PX,
    NARROW_PLOT_PX,
    NARROW_SUBTITLE_WRAP,
    NARROW_TITLE_WRAP,
    PLOT_AREA_PX,
    SUBTITLE_WRAP,
    TITLE_WRAP,
    WIDE_PLOT_PX,
    narrow_layout,
    reserve_top_margin,
    set_titles,
)

__all__ = [
    "plotly_text",
    "BASE_FONT_SIZE",
    "CATEGORY_COLOURS",
    "COUNTRY_COLOURS",
    "DEFAULT_SOURCE",
    "DOMAIN_COLOURS",
    "DOMAIN_GROUPS",
    "FONT_FAMILY",
    "FONT_STACK",
    "FRONTIER_COLOURS",
    "GREY_CONTEXT",
    "GREY_OTHER",
    "GREY_POINTS",
    "GREY_TEXT",
    "GRID",
    "HOVER_COLUMNS",
    "INK",
    "INK_SOFT",
    "NARROW_BREAK_PX",
    "NARROW_PLOT_AREA_PX",
    "NARROW_PLOT_PX",
    "NARROW_SUBTITLE_WRAP",
    "NARROW_TITLE_WRAP",
    "OKABE_ITO",
    "OPEN_WEIGHTS_COLOURS",
    "PARTIAL_NAME",
    "PartialYear",
    "SMALL_SHARE_OPACITY",
    "ORGANIZATION_TYPE_COLOURS",
    "PLOT_AREA_PX",
    "SOURCE_ANNOTATION_NAME",
    "SOURCE_FONT_SIZE",
    "SUBTITLE_FONT_SIZE",
    "SUBTITLE_WRAP",
    "TEMPLATE_NAME",
    "TEXT",
    "TITLE_FONT_SIZE",
    "TITLE_WRAP",
    "WIDE_PLOT_PX",
    "WINE",
    "add_source_line",
    "apply_template",
    "build_template",
    "colour_for",
    "combine_sources",
    "contrast_on_white",
    "light_shade",
    "fit_source_and_rows",
    "label_line_ends",
    "log_ticks",
    "mark_partial_year",
    "n_text",
    "partial_year",
    "set_share_ticks",
    "share_opacity",
    "share_tick_text",
    "model_hovertemplate",
    "narrow_layout",
    "reserve_top_margin",
    "set_log_axis",
    "set_titles",
    "set_year_axis",
    "spread_labels",
    "text_colour",
    "usd_tick_text",
]
