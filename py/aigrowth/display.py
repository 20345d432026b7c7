"""How the report shows a plotly figure, whichever renderer executes the chapter.

Every chapter's hidden setup cell calls :func:`setup`. It makes plotly's default renderer emit:

- **For a web page**: a container with the figure's stable id (``layout.meta["id"]``), its
  accessible description (``role="img"`` and ``aria-label``: the cell's ``fig-alt``) and the
  figure as a JSON data block, ``<script type="application/json">``, which the site script
  ``report/assets/figures.js`` reads and draws when the chart nears the viewport. Nothing in it
  runs by itself: the page needs no inline script, so its Content-Security-Policy forbids them.
  The description is part of the cell's output, so it survives Quarto, which drops ``fig-alt``
  on a cell whose output is HTML.
- **For the PDF**: a static image of the figure as print shows it (:func:`for_print`). Under the
  offline renderer the figure is queued and exported with the others in one browser session
  (the ``QMDRENDER_*`` environment protocol documented in ``qmdrender.kernel``); under Quarto it
  goes through plotly's own PNG renderer (kaleido).

The output format comes from Quarto's ``QUARTO_EXECUTE_INFO`` (Quarto 1.8.19 and later, and the
offline renderer). Where it is missing (older Quarto), one output carries both the page's HTML
and the PNG, and Quarto keeps the one its format prefers (HTML for a page, the image for Typst).
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .paths import project_root

#: The offline renderer's protocol (see ``qmdrender.kernel``): the mime type of a queued static
#: figure and the environment variables that ask for queued figures and for both formats at once.
QUEUED_FIGURE_MIME = "application/vnd.qmdrender.plotly+json"
QUEUE_ENV = "QMDRENDER_QUEUE_FIGURES"
BOTH_ENV = "QMDRENDER_BOTH_FORMATS"
#: Print size of static figures, in CSS pixels, and the scale applied on export.
STATIC_WIDTH = 900
STATIC_HEIGHT = 520
STATIC_SCALE = 2.5
#: Trace types drawn on a map: a page with one loads the map bundle of plotly.js.
MAP_TRACES = frozenset({"choropleth", "scattergeo"})
#: What plotly is told besides the figure (the site script adds the map outline's address).
PLOT_CONFIG = {"responsive": True, "displaylogo": False}
DEFAULT_HEIGHT = 480
#: The site's country outlines (plotly.js's topojson, built by `make assets`).
TOPOJSON_DIR = "report/assets/plotly/topojson"

_OPTION_LINE = re.compile(r"^#\s*\| ?")  # Quarto's own pattern for a cell option line
_CELL_OPEN = re.compile(r"^(`{3,})\s*\{python[^}]*\}\s*$")


# -- output format ---------------------------------------------------------------------------
def output_format() -> str | None:
    """The Pandoc output format of this execution (``html``, ``typst``...), or None when the
    renderer does not say (Quarto before 1.8.19)."""
    info_path = os.environ.get("QUARTO_EXECUTE_INFO")
    if not info_path:
        return None
    try:
        with open(info_path, encoding="utf-8") as handle:
            info = json.load(handle)
    except (OSError, ValueError):
        return None
    to = (info.get("format") or {}).get("pandoc", {}).get("to")
    return str(to) if to else None


# -- the figure as print shows it ------------------------------------------------------------
#: Print hooks a builder may set in ``layout.meta["print"]`` (a dict), applied by :func:`for_print`:
#: ``layout``: layout properties merged over the figure's for print only (a legend placed
#: elsewhere, another height, a range that shows the state the story builds up to);
#: ``show`` / ``hide``: trace names drawn or left out in print (a scrolly figure's final state).
PRINT_HOOKS = ("layout", "show", "hide")
#: Room between two end labels in print, in font heights.
LABEL_GAP_LINES = 1.25
#: Average width of a character of label text, in font sizes (to tell whether a label fits).
TEXT_WIDTH_EMS = 0.6


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def _print_hooks(layout: dict[str, Any]) -> dict[str, Any]:
    meta = layout.get("meta")
    hooks = meta.get("print") if isinstance(meta, dict) else None
    if hooks is None:
        return {}
    if not isinstance(hooks, dict) or set(hooks) - set(PRINT_HOOKS):
        raise ValueError(f"layout.meta.print must be a dict with keys among {PRINT_HOOKS}, got {hooks!r}")
    return hooks


def _numbers(values: Any) -> list[float]:
    """The finite numbers of a trace's x or y, as a list or plotly's typed-array encoding
    (``{"dtype": "f8", "bdata": base64}``, what ``plotly.io.to_json`` writes for arrays)."""
    if isinstance(values, dict) and "bdata" in values and "dtype" in values:
        import base64

        import numpy as np

        values = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    out = []
    for v in values if isinstance(values, (list, tuple)) else []:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            out.append(float(v))
    return out


def _y_span(fig_dict: dict[str, Any]) -> tuple[float, float] | None:
    """The y axis range in axis units (log10 on a log axis): as set, else the visible data's."""
    yaxis = (fig_dict.get("layout") or {}).get("yaxis") or {}
    if isinstance(yaxis.get("range"), (list, tuple)) and len(yaxis["range"]) == 2:
        low, high = (float(v) for v in yaxis["range"])
        return (low, high) if high > low else None
    ys: list[float] = []
    for trace in fig_dict.get("data") or []:
        if trace.get("visible") in (False, "legendonly") or trace.get("yaxis", "y") != "y":
            continue
        ys += _numbers(trace.get("y"))
    if yaxis.get("type") == "log":
        ys = [math.log10(y) for y in ys if y > 0]
    if not ys or max(ys) == min(ys):
        return None
    pad = 0.05 * (max(ys) - min(ys))  # plotly's autorange pads about this much
    return min(ys) - pad, max(ys) + pad


def _spread_end_labels(fig_dict: dict[str, Any], height: int) -> None:
    """End labels (annotations named "label: ...", no arrow) at one x are moved apart so that
    none overlaps another, or the axis below, at the printed height."""
    from aigrowth.style.labels import spread_labels

    layout = fig_dict.get("layout") or {}
    annotations = [
        a
        for a in layout.get("annotations") or []
        if str(a.get("name", "")).startswith("label: ")
        and not a.get("showarrow", True)
        and a.get("yref") == "y"
    ]
    span = _y_span(fig_dict)
    if len(annotations) < 2 or span is None:
        return
    margin = layout.get("margin") or {}
    plot_px = height - float(margin.get("t", 60)) - float(margin.get("b", 48))
    if plot_px <= 0:
        return
    size = max(float((a.get("font") or {}).get("size", 12)) for a in annotations)
    gap = LABEL_GAP_LINES * size / plot_px * (span[1] - span[0])
    annotations.sort(key=lambda a: float(a["y"]))
    placed = spread_labels([float(a["y"]) for a in annotations], gap, span[0] + gap / 2)
    for annotation, y in zip(annotations, placed, strict=True):
        annotation["y"] = y


def _keep_arrowed_labels_inside(fig_dict: dict[str, Any], width: int) -> None:
    """An arrowed label whose text would run past the plot's right edge at the printed width
    points leftwards instead, so it stays inside the plot."""
    layout = fig_dict.get("layout") or {}
    xaxis = layout.get("xaxis") or {}
    xs: list[float] = []
    if isinstance(xaxis.get("range"), (list, tuple)) and len(xaxis["range"]) == 2:
        xs = _numbers(list(xaxis["range"]))
    else:
        for trace in fig_dict.get("data") or []:
            if trace.get("visible") not in (False, "legendonly"):
                xs += _numbers(trace.get("x"))
    margin = layout.get("margin") or {}
    plot_px = width - float(margin.get("l", 12)) - float(margin.get("r", 16))
    if len(xs) < 2 or max(xs) == min(xs) or plot_px <= 0:
        return
    low, high = min(xs), max(xs)
    for annotation in layout.get("annotations") or []:
        x = annotation.get("x")
        if not (
            annotation.get("showarrow", True)
            and annotation.get("xref", "x") == "x"
            and isinstance(x, (int, float))
        ):
            continue
        offset = float(annotation.get("ax", 0))
        size = float((annotation.get("font") or {}).get("size", 12))
        half_text = TEXT_WIDTH_EMS * size * len(str(annotation.get("text", ""))) / 2
        if offset > 0 and (x - low) / (high - low) * plot_px + offset + half_text > plot_px:
            annotation["ax"] = -offset


def for_print(
    fig_dict: dict[str, Any], width: int | None = None, height: int | None = None
) -> dict[str, Any]:
    """The figure as a static image shows it, drawn for its printed size:

    - traces that start hidden for a scrolly step to reveal, and that mark themselves
      ``meta.print == "show"`` (the trend lines), are drawn: nothing scrolls on paper, so the
      figure shows the state the story builds up to;
    - the builder's print hooks (:data:`PRINT_HOOKS`, in ``layout.meta["print"]``) are applied;
    - end labels are spread so none overlaps another or the axis at the printed height, and
      arrowed labels near the right edge point inwards, so every label stays inside the plot.
    """
    layout = fig_dict.setdefault("layout", {})
    hooks = _print_hooks(layout)
    show, hide = set(hooks.get("show") or []), set(hooks.get("hide") or [])
    for trace in fig_dict.get("data") or []:
        meta = trace.get("meta")
        marked = isinstance(meta, dict) and meta.get("print") == "show"
        if trace.get("name") in hide:
            trace["visible"] = False
        elif trace.get("name") in show or (trace.get("visible") is False and marked):
            trace["visible"] = True
    if hooks.get("layout"):
        _merge(layout, hooks["layout"])
    _spread_end_labels(fig_dict, int(layout.get("height") or height or STATIC_HEIGHT))
    _keep_arrowed_labels_inside(fig_dict, int(layout.get("width") or width or STATIC_WIDTH))
    return fig_dict


# -- the cell's fig-alt ----------------------------------------------------------------------
def _body(source: str) -> str:
    """A cell's code without its leading ``#|`` option lines, as both renderers execute it."""
    lines = source.replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines) and _OPTION_LINE.match(lines[index]):
        index += 1
    return "\n".join(line.rstrip() for line in lines[index:]).strip("\n")


def qmd_cells(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(code body, options) of every ``{python}`` cell of a ``.qmd`` text."""
    cells: list[tuple[str, dict[str, Any]]] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        opening = _CELL_OPEN.match(lines[i])
        if not opening:
            i += 1
            continue
        closing = re.compile(rf"^`{{{len(opening.group(1))},}}\s*$")
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        source = lines[i + 1 : j]
        options_text = "\n".join(
            _OPTION_LINE.sub("", line, count=1) for line in source if _OPTION_LINE.match(line)
        )
        try:
            options = yaml.safe_load(options_text) or {} if options_text else {}
        except yaml.YAMLError:
            options = {}
        cells.append((_body("\n".join(source)), options if isinstance(options, dict) else {}))
        i = j + 1
    return cells


@lru_cache(maxsize=1)
def _alt_by_body(root: Path) -> dict[str, set[str]]:
    """Every ``fig-alt`` of the project's chapters, by the code of its cell."""
    found: dict[str, set[str]] = {}
    for path in sorted((root / "report").glob("*.qmd")):
        for body, options in qmd_cells(path.read_text(encoding="utf-8")):
            alt = options.get("fig-alt")
            if isinstance(alt, str) and alt.strip():
                found.setdefault(body, set()).add(alt.strip())
    return found


def cell_alt_text(cell_source: str | None, root: Path | None = None) -> str | None:
    """The ``fig-alt`` of the chapter cell whose code is ``cell_source``. Both renderers hand the
    kernel a cell's code without its options, so the option is read from the ``.qmd`` itself;
    None when no cell (or no single alt text) matches."""
    if not cell_source:
        return None
    alts = _alt_by_body((root or project_root()).resolve()).get(_body(cell_source), set())
    return next(iter(alts)) if len(alts) == 1 else None


def title_text(fig_dict: dict[str, Any]) -> str:
    title = (fig_dict.get("layout") or {}).get("title") or {}
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    text = re.sub(r"<br\s*/?>", " ", str(text or ""), flags=re.I)
    return " ".join(re.sub(r"<[^>]*>", "", text).split())


# -- HTML ------------------------------------------------------------------------------------
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def json_for_html(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>`` and ``&``
    are written as escapes, so text from the data can never close the element or open a
    comment, and the line separators U+2028/U+2029 too (JavaScript string literals once
    rejected them)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def figure_id(fig_dict: dict[str, Any], fallback_number: int) -> str:
    """The figure's id: ``layout.meta.id`` when the builder set one, else ``figure-<n>``."""
    meta = (fig_dict.get("layout") or {}).get("meta")
    if isinstance(meta, dict) and meta.get("id"):
        return str(meta["id"])
    return f"figure-{fallback_number}"


def figure_height(fig_dict: dict[str, Any]) -> int:
    height = (fig_dict.get("layout") or {}).get("height")
    return int(height) if isinstance(height, (int, float)) else DEFAULT_HEIGHT


def needs_map_bundle(fig_dict: dict[str, Any]) -> bool:
    return any(trace.get("type") in MAP_TRACES for trace in fig_dict.get("data") or [])


def figure_html(fig_dict: dict[str, Any], div_id: str, alt: str) -> str:
    """The page's figure: an empty plot div to draw into, with its description and its data."""
    payload = {
        "data": fig_dict.get("data") or [],
        "layout": fig_dict.get("layout") or {},
        "config": PLOT_CONFIG,
    }
    bundle = "maps" if needs_map_bundle(fig_dict) else "charts"
    return (
        f'<div class="aigrowth-figure" role="img" aria-label="{html.escape(alt, quote=True)}" '
        f'data-plotly-bundle="{bundle}" style="height:{figure_height(fig_dict)}px">'
        f'<div id="{html.escape(div_id, quote=True)}" class="plotly-graph-div" style="height:100%;width:100%"></div>'
        f'<script type="application/json" class="aigrowth-figure-data">{json_for_html(payload)}</script>'
        "</div>"
    )


# -- plotly renderers ------------------------------------------------------------------------
class _CellWatcher:
    """Remembers the code of the cell being executed (IPython's ``pre_run_cell`` event)."""

    source: str | None = None

    def __call__(self, info: Any) -> None:
        self.source = getattr(info, "raw_cell", None)


def _plain(fig_dict: dict[str, Any]) -> dict[str, Any]:
    """The figure as plain JSON types (numpy arrays as plotly's typed-array encoding)."""
    import plotly.io as pio

    return json.loads(pio.to_json(fig_dict, validate=False))


class _PageRenderer:
    """The figure for a web page (see :func:`figure_html`), one id per figure of the page."""

    def __init__(self, cell: _CellWatcher) -> None:
        self.cell = cell
        self.used_ids: set[str] = set()
        self.count = 0

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, str]:
        self.count += 1
        div_id = figure_id(fig_dict, self.count)
        while div_id in self.used_ids:  # the same figure shown twice on one page
            div_id = f"{div_id}-{self.count}"
        self.used_ids.add(div_id)
        alt = cell_alt_text(self.cell.source) or title_text(fig_dict) or "Chart"
        return {"text/html": figure_html(_plain(fig_dict), div_id, alt)}


def topojson_url(root: Path | None = None) -> str:
    """The folder of the site's country outlines (``make assets`` builds it from npm), as the
    address a static export reads them from: a map is never drawn from plotly's CDN."""
    folder = (root or project_root()) / TOPOJSON_DIR
    if not (folder / "world_110m.json").is_file():
        raise FileNotFoundError(f"{TOPOJSON_DIR}/world_110m.json is missing: run `make assets` to build it")
    return folder.resolve().as_uri() + "/"


class _QueuedRenderer:
    """The figure's JSON, for the offline renderer's batched export after execution."""

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
        figure = for_print(_plain(fig_dict))
        layout = figure.get("layout") or {}
        queued: dict[str, Any] = {
            "figure": figure,
            "width": int(layout.get("width") or STATIC_WIDTH),
            "height": int(layout.get("height") or STATIC_HEIGHT),
            "scale": STATIC_SCALE,
        }
        if needs_map_bundle(figure):
            queued["topojson"] = topojson_url()
        return {QUEUED_FIGURE_MIME: queued, "text/plain": "<static figure>"}


class _PngRenderer:
    """plotly's PNG export of the figure as print shows it (kaleido)."""

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
        import base64

        import plotly.io as pio

        figure = for_print(_plain(fig_dict))
        layout = figure.get("layout") or {}
        png = pio.to_image(
            figure,
            format="png",
            width=int(layout.get("width") or STATIC_WIDTH),
            height=int(layout.get("height") or STATIC_HEIGHT),
            scale=STATIC_SCALE,
            validate=False,
        )
        return {"image/png": base64.b64encode(png).decode("ascii")}


class _Combined:
    """Several renderers' outputs in one mime bundle (the renderer keeps the one it wants)."""

    def __init__(self, *renderers: Any) -> None:
        self.renderers = renderers

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
        bundle: dict[str, Any] = {}
        for renderer in reversed(self.renderers):
            bundle.update(renderer.to_mimebundle(fig_dict))
        return bundle


def choose_renderer(cell: _CellWatcher, fmt: str | None = None, environ: dict[str, str] | None = None) -> Any:
    """The renderer for this execution's output format (see the module's docstring)."""
    env = os.environ if environ is None else environ
    queue = bool(env.get(QUEUE_ENV))
    if env.get(BOTH_ENV) and queue:
        return _Combined(_PageRenderer(cell), _QueuedRenderer())
    if fmt is None:
        return _Combined(_PageRenderer(cell), _QueuedRenderer() if queue else _PngRenderer())
    if fmt.startswith("html"):
        return _PageRenderer(cell)
    return _QueuedRenderer() if queue else _PngRenderer()


def setup() -> None:
    """Make plotly's default renderer show figures as the report does (called by every
    chapter's setup cell)."""
    import plotly.io as pio
    from plotly.io.base_renderers import MimetypeRenderer

    cell = _CellWatcher()
    try:
        from IPython import get_ipython
    except ImportError:  # outside IPython no cell is running
        shell = None
    else:
        shell = get_ipython()
    if shell is not None:
        shell.events.register("pre_run_cell", cell)
    chosen = choose_renderer(cell, output_format())

    class ReportRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
            return chosen.to_mimebundle(fig_dict)

    pio.renderers["aigrowth"] = ReportRenderer()
    pio.renderers.default = "aigrowth"
    # plotly's own static export (kaleido) draws maps from the site's outlines, not its CDN.
    try:
        pio.defaults.topojson = topojson_url()
    except FileNotFoundError:
        pass  # no map can be exported; topojson_url says why when one is
