"""Helpers that run *inside* the Jupyter kernel, imported by a document's setup cell.

A chapter's hidden setup cell calls ``qmdrender.kernel.setup()`` so that the same code works
under real Quarto and under the offline renderer:

- For HTML, plotly figures render as an empty plot ``<div>`` and the figure as a JSON data
  block (``<script type="application/json" data-plotly-figure="<div id>">``), with no plotly.js
  bundle, no MathJax, no CDN and no inline script (pages forbid inline scripts; the site's
  ``site_libs/qmdrender/plotly-figures.js`` draws every such figure with the site's
  ``site_libs/plotly/plotly.min.js``), and with a stable div id: ``fig.layout.meta["id"]`` when
  the figure builder set one, else ``plot-<n>`` numbered in document order.
- For other formats (Typst/PDF), plotly figures become static PNGs. Under the offline renderer
  they are queued as JSON and exported in one batch with one browser after all documents ran;
  under Quarto they go through plotly's ``png`` renderer (kaleido) directly.
- When the offline renderer executes a document once for both formats (``QMDRENDER_BOTH_FORMATS``),
  each figure carries both: the plot ``<div>`` for the page and the queued JSON for the PDF.

The output format is read from Quarto's ``QUARTO_EXECUTE_INFO`` JSON, which both renderers
provide.

A project may show figures its own way (the report's ``aigrowth.display``): its setup cell
replaces this default after the renderer's preamble has run. The protocol it then follows for
the PDF is the one below: with ``QMDRENDER_QUEUE_FIGURES`` set, a figure's output carries
``QUEUED_FIGURE_MIME`` ``{"figure": <plotly JSON>, "width": px, "height": px, "scale": s}`` and
the renderer exports it after execution; with ``QMDRENDER_BOTH_FORMATS`` set too, one output
serves the page (``text/html``) and the PDF (the queued figure).
"""

from __future__ import annotations

import html
import json
import os
import re
from typing import Any

#: Mime type of a queued static figure (the offline renderer exports it after execution).
QUEUED_FIGURE_MIME = "application/vnd.qmdrender.plotly+json"
#: Environment variable the offline renderer sets to ask for queued figures.
QUEUE_ENV = "QMDRENDER_QUEUE_FIGURES"
#: Environment variable the offline renderer sets when one execution serves HTML and Typst.
BOTH_ENV = "QMDRENDER_BOTH_FORMATS"
#: Print size of static figures, in CSS pixels, and the scale applied on export.
STATIC_WIDTH = 900
STATIC_HEIGHT = 520
STATIC_SCALE = 2.5


def output_format() -> str:
    """The Pandoc output format of this execution (``html``, ``typst``...); ``html`` if unknown."""
    info_path = os.environ.get("QUARTO_EXECUTE_INFO")
    if not info_path:
        return "html"
    try:
        with open(info_path, encoding="utf-8") as handle:
            info = json.load(handle)
    except (OSError, ValueError):
        return "html"
    return str(info.get("format", {}).get("pandoc", {}).get("to", "html") or "html")


def is_html() -> bool:
    """True when the document is being executed for an HTML page."""
    return output_format().startswith("html")


def figure_div_id(fig_dict: dict[str, Any], fallback_number: int) -> str:
    """The plot div id: ``layout.meta.id`` when set, else ``plot-<n>``."""
    meta = (fig_dict.get("layout") or {}).get("meta")
    if isinstance(meta, dict) and meta.get("id"):
        return str(meta["id"])
    return f"plot-{fallback_number}"


_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def json_for_html(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` and the line
    separators are written as escapes, so no text in a figure can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _figure_height(fig_dict: dict[str, Any]) -> int:
    height = (fig_dict.get("layout") or {}).get("height")
    return int(height) if isinstance(height, (int, float)) else 480


def setup() -> None:
    """Configure plotly's default renderer for this execution's output format."""
    try:
        import plotly.io as pio
        from plotly.io.base_renderers import MimetypeRenderer
    except ImportError:  # a document without plotly needs nothing
        return

    class SiteHtmlRenderer(MimetypeRenderer):
        """A plot div with a stable id; plotly.js comes once from the site."""

        def __init__(self) -> None:
            self.used_ids: set[str] = set()
            self.count = 0

        def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, str]:
            self.count += 1
            div_id = figure_div_id(fig_dict, self.count)
            while div_id in self.used_ids:  # the same figure shown twice on one page
                div_id = f"{div_id}-{self.count}"
            self.used_ids.add(div_id)
            figure = json.loads(pio.to_json(fig_dict, validate=False))
            payload = {
                "data": figure.get("data") or [],
                "layout": figure.get("layout") or {},
                "config": {"responsive": True, "displaylogo": False},
            }
            safe_id = html.escape(div_id, quote=True)
            markup = (
                f'<div id="{safe_id}" class="plotly-graph-div" '
                f'style="height:{_figure_height(fig_dict)}px; width:100%;"></div>\n'
                f'<script type="application/json" data-plotly-figure="{safe_id}">{json_for_html(payload)}</script>'
            )
            return {"text/html": markup}

    class QueuedStaticRenderer(MimetypeRenderer):
        """The figure's JSON, for one batched kaleido export after execution."""

        def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
            figure = json.loads(pio.to_json(fig_dict, validate=False))
            layout = figure.get("layout") or {}
            return {
                QUEUED_FIGURE_MIME: {
                    "figure": figure,
                    "width": int(layout.get("width") or STATIC_WIDTH),
                    "height": int(layout.get("height") or STATIC_HEIGHT),
                    "scale": STATIC_SCALE,
                },
                "text/plain": "<static figure>",
            }

    if os.environ.get(BOTH_ENV) and os.environ.get(QUEUE_ENV):
        site_renderer, queue_renderer = SiteHtmlRenderer(), QueuedStaticRenderer()

        class BothRenderer(MimetypeRenderer):
            """The page's plot div and the PDF's queued figure in one output."""

            def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
                return {**queue_renderer.to_mimebundle(fig_dict), **site_renderer.to_mimebundle(fig_dict)}

        pio.renderers["qmdrender_both"] = BothRenderer()
        pio.renderers.default = "qmdrender_both"
    elif is_html():
        pio.renderers["qmdrender_site"] = SiteHtmlRenderer()
        pio.renderers.default = "qmdrender_site"
    elif os.environ.get(QUEUE_ENV):
        pio.renderers["qmdrender_queue"] = QueuedStaticRenderer()
        pio.renderers.default = "qmdrender_queue"
    else:
        from plotly.io.base_renderers import PngRenderer

        pio.renderers["qmdrender_png"] = PngRenderer(
            width=STATIC_WIDTH, height=STATIC_HEIGHT, scale=STATIC_SCALE
        )
        pio.renderers.default = "qmdrender_png"
