"""Turn a document run into Quarto's freeze markdown.

Each cell is replaced, in place, by Quarto's ``::: {.cell}`` / ``::: {.cell-output ...}``
divs; each inline expression by its value. Figure and table cells carry their label and
caption the way Quarto 1.10 writes them (see the reference freeze): in HTML the figure id sits
on the output div with the caption as its last paragraph; in Typst the figure is an image
with the id on it; a table cell's div carries the id and ``tbl-cap``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .execute import DocumentRun
from .kernel import QUEUED_FIGURE_MIME
from .qmd import INLINE_EXPRESSION, Cell, Document, TextSegment

HTML_PRIORITY = ("text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain")
TYPST_PRIORITY = (QUEUED_FIGURE_MIME, "image/png", "image/jpeg", "text/markdown", "text/html", "text/plain")
IMAGE_EXTENSION = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
# great-tables gives each table a random 10-letter id; it is replaced by a stable one.
_GT_RANDOM_ID = re.compile(r'<div id="(?P<id>[a-z]{10})" style="padding-left:')


@dataclass
class PendingFigure:
    """A static figure to export with kaleido after all documents ran."""

    figure: dict[str, Any]
    width: int
    height: int
    scale: float
    path: Path  # where the PNG must be written (inside the staged freeze folder)
    topojson: str | None = None  # where a map's country outlines are read from (a folder URL)


@dataclass
class Rendered:
    """The freeze markdown of one run and the files it refers to."""

    markdown: str
    files: dict[str, bytes] = field(default_factory=dict)  # path relative to _freeze/<doc>/ -> bytes
    pending: list[PendingFigure] = field(default_factory=list)


def _quote_attr(value: str) -> str:
    return "'" + str(value).replace("'", "\\'") + "'"


def stable_id(*parts: object, length: int = 8) -> str:
    """A short hex id derived from its parts (stands in for Jupyter's random cell ids)."""
    return hashlib.md5("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:length]


def stabilise_html(html: str, doc: Document, cell: Cell, output_number: int) -> str:
    """Replace great-tables' random element id by one derived from the document and cell."""
    match = _GT_RANDOM_ID.search(html)
    if not match:
        return html
    random_id = match.group("id")
    new_id = f"gt-{cell.label or 'cell-' + str(cell.index + 1)}-{output_number}"
    return re.sub(rf"\b{random_id}\b", new_id, html)


def _text_of(data: Any) -> str:
    return "".join(data) if isinstance(data, list) else str(data)


def _fenced(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}\n{text.rstrip(chr(10))}\n{fence}"


def _bool_option(cell: Cell, defaults: dict[str, Any], name: str, default: bool) -> bool:
    value = cell.options.get(name, defaults.get(name, default))
    return bool(value)


class MarkdownBuilder:
    """Builds one document's freeze markdown for one format."""

    def __init__(self, run: DocumentRun, execute_defaults: dict[str, Any]) -> None:
        self.run = run
        self.doc = run.document
        self.fmt = run.fmt
        self.defaults = execute_defaults
        self.rendered = Rendered(markdown="")
        self.figure_folder = f"figure-{'typst' if self.fmt == 'typst' else 'html'}"
        self.doc_name = Path(self.doc.relpath).stem

    def build(self) -> Rendered:
        # Segments alternate text, cell, text...; joined with newlines as in the source, except
        # that an excluded cell disappears with its line break (Quarto's own spacing).
        values = iter(self.run.inline_values)
        out = self.doc.front_matter_text
        for segment in self.doc.segments:
            if isinstance(segment, TextSegment):
                out += INLINE_EXPRESSION.sub(lambda _m: next(values), segment.text)
                continue
            if not _bool_option(segment, self.defaults, "include", True):
                out += "\n"
                continue
            out += "\n" + self._cell(segment) + "\n"
        self.rendered.markdown = out + "\n"
        return self.rendered

    # -- one cell --------------------------------------------------------------------------
    def _cell(self, cell: Cell) -> str:
        echo = _bool_option(cell, self.defaults, "echo", False)
        show_output = _bool_option(cell, self.defaults, "output", True)
        show_warnings = _bool_option(cell, self.defaults, "warning", True)
        number = cell.index + 1
        blocks: list[str] = []
        if echo:
            blocks.append(f"```{{.python .cell-code}}\n{cell.source}\n```")
        label = cell.label or ""
        figure_placed = False
        if show_output:
            for output_number, output in enumerate(self.run.outputs.get(cell.index, []), start=1):
                block, is_display = self._output(cell, output, output_number, show_warnings, figure_placed)
                if block:
                    blocks.append(block)
                    figure_placed = figure_placed or (is_display and label.startswith("fig-"))
        if not blocks:
            return ""
        attributes = self._cell_attributes(cell, number)
        body = "\n\n".join(blocks)
        return f"::: {{{attributes}}}\n\n{body}\n:::\n"

    def _cell_attributes(self, cell: Cell, number: int) -> str:
        label = cell.label or ""
        if label.startswith("tbl-"):
            caption = cell.options.get("tbl-cap")
            cap = f" tbl-cap={_quote_attr(caption)}" if caption else ""
            return f"#{label} .cell{cap} execution_count={number}"
        if self.fmt == "html":
            cell_id = f"cell-{label}" if label else stable_id(self.doc.relpath, cell.index)
            return f"#{cell_id} .cell execution_count={number}"
        return f".cell execution_count={number}"

    def _output(
        self, cell: Cell, output: dict[str, Any], output_number: int, show_warnings: bool, figure_placed: bool
    ) -> tuple[str, bool]:
        kind = output.get("output_type")
        if kind == "stream":
            name = output.get("name", "stdout")
            if name == "stderr" and not show_warnings:
                return "", False
            return (
                f"::: {{.cell-output .cell-output-{name}}}\n{_fenced(_text_of(output.get('text', '')))}\n:::",
                False,
            )
        if kind not in ("display_data", "execute_result"):
            return "", False
        data = output.get("data", {})
        priority = HTML_PRIORITY if self.fmt == "html" else TYPST_PRIORITY
        mime = next((m for m in priority if m in data), None)
        if mime is None:
            return "", False
        label = cell.label or ""
        is_figure = label.startswith("fig-") and not figure_placed and mime != "text/plain"
        count = f" execution_count={cell.index + 1}" if kind == "execute_result" else ""
        content = self._content(cell, mime, data[mime], output_number, is_figure)
        if is_figure and self.fmt == "html":
            caption = cell.options.get("fig-cap", "")
            alt = cell.options.get("fig-alt")
            alt_attr = f" fig-alt={_quote_attr(alt)}" if alt else ""
            return (
                f"::: {{#{label} .cell-output .cell-output-display{alt_attr}}}\n{content}\n\n{caption}\n:::",
                True,
            )
        return f"::: {{.cell-output .cell-output-display{count}}}\n{content}\n:::", is_figure

    def _content(self, cell: Cell, mime: str, payload: Any, output_number: int, is_figure: bool) -> str:
        if mime == "text/html":
            return (
                "```{=html}\n"
                + stabilise_html(_text_of(payload), self.doc, cell, output_number).rstrip("\n")
                + "\n```"
            )
        if mime == "text/markdown":
            return _text_of(payload)
        if mime == "text/plain":
            return _fenced(_text_of(payload))
        stem = f"{cell.label or 'cell-' + str(cell.index + 1)}-output-{output_number}"
        if mime == QUEUED_FIGURE_MIME:
            filename = f"{stem}.png"
            self.rendered.pending.append(
                PendingFigure(
                    figure=payload["figure"],
                    width=int(payload["width"]),
                    height=int(payload["height"]),
                    scale=float(payload["scale"]),
                    path=Path(self.figure_folder) / filename,
                    topojson=payload.get("topojson"),
                )
            )
        else:
            filename = f"{stem}.{IMAGE_EXTENSION[mime]}"
            raw = _text_of(payload)
            self.rendered.files[f"{self.figure_folder}/{filename}"] = (
                raw.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(raw)
            )
        src = f"{self.doc_name}_files/{self.figure_folder}/{filename}"
        caption = str(cell.options.get("fig-cap", "")) if is_figure else ""
        attrs = []
        if is_figure:
            attrs.append(f"#{cell.label}")
        alt = cell.options.get("fig-alt")
        if alt:
            attrs.append(f"fig-alt={_quote_attr(alt)}")
        suffix = "{" + " ".join(attrs) + "}" if attrs else ""
        return f"![{caption}]({src}){suffix}"


def supporting_folders(doc: Document, fmt: str) -> list[str]:
    """Quarto's ``supporting`` list: the document's figure folder(s), relative to its folder."""
    name = Path(doc.relpath).stem
    return [f"{name}_files/figure-typst"] if fmt == "typst" else [f"{name}_files"]


def render_markdown(run: DocumentRun, execute_defaults: dict[str, Any]) -> Rendered:
    """The freeze markdown (and figure files) of one document run."""
    return MarkdownBuilder(run, execute_defaults).build()
