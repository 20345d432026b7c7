"""Parse a ``.qmd`` document: YAML front matter, ``{python}`` code cells with ``#|``
options, and inline `` `{python} expr` `` expressions.

The document is kept as an ordered list of segments (text or cell) so that the freeze
markdown can be assembled by replacing each cell in place, as Quarto does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

# A cell opens with ```{python} (optionally with a space-separated label after the engine)
# and closes with a fence of at least the same length.
_CELL_OPEN = re.compile(r"^(?P<fence>`{3,})\s*\{python(?:[ ,][^}]*)?\}\s*$")
_OPTION_LINE = re.compile(r"^#\|\s?(?P<body>.*)$")
#: Cell options the offline renderer honours; any other stops the build (it would be ignored).
SUPPORTED_CELL_OPTIONS = frozenset(
    {"label", "fig-cap", "fig-alt", "tbl-cap", "echo", "output", "warning", "include"}
)
#: Front matter keys the offline renderer honours.
SUPPORTED_FRONT_MATTER = frozenset({"title", "subtitle", "description", "image", "jupyter"})
INLINE_EXPRESSION = re.compile(r"`\{python\}\s+(?P<expr>[^`]+?)\s*`")


@dataclass(frozen=True)
class Cell:
    """One ``{python}`` code cell."""

    index: int  # 0-based position among the document's cells
    source: str  # the code without the ``#|`` option lines
    options: dict[str, Any]
    line: int  # 1-based line of the opening fence in the .qmd

    @property
    def label(self) -> str | None:
        label = self.options.get("label")
        return str(label) if label is not None else None

    def display_name(self) -> str:
        """The cell's label, or its number when it has none (for error messages)."""
        return self.label or f"#{self.index + 1}"


@dataclass(frozen=True)
class TextSegment:
    """Markdown text between cells (may contain inline expressions)."""

    text: str


@dataclass
class Document:
    """A parsed ``.qmd`` file."""

    path: Path  # absolute path of the .qmd file
    relpath: str  # path relative to the project root, with forward slashes
    text: str  # the LF-normalised text
    front_matter: dict[str, Any]
    front_matter_text: str  # the raw front matter block including both '---' lines
    segments: list[TextSegment | Cell] = field(default_factory=list)

    @property
    def cells(self) -> list[Cell]:
        return [s for s in self.segments if isinstance(s, Cell)]

    @property
    def title(self) -> str:
        title = self.front_matter.get("title")
        return str(title) if title else Path(self.relpath).stem

    @property
    def subtitle(self) -> str | None:
        subtitle = self.front_matter.get("subtitle")
        return str(subtitle) if subtitle else None

    @property
    def stem(self) -> str:
        """The path without ``.qmd`` (the key of its ``_freeze`` folder)."""
        return self.relpath[: -len(".qmd")] if self.relpath.endswith(".qmd") else self.relpath

    def inline_expressions(self) -> list[str]:
        """Every inline expression in document order (duplicates kept)."""
        found: list[str] = []
        for segment in self.segments:
            if isinstance(segment, TextSegment):
                found.extend(m.group("expr") for m in INLINE_EXPRESSION.finditer(segment.text))
        return found


def normalise_newlines(text: str) -> str:
    """CRLF and CR to LF, as Quarto does before hashing."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: Path, project_root: Path) -> Document:
    """Read and parse one ``.qmd`` file."""
    if not path.is_file():
        raise ConfigError(
            f"document not found: {path.relative_to(project_root) if path.is_relative_to(project_root) else path}"
        )
    text = normalise_newlines(path.read_text(encoding="utf-8"))
    relpath = path.resolve().relative_to(project_root.resolve()).as_posix()
    return parse_document(text, path=path, relpath=relpath)


def _split_front_matter(text: str, relpath: str) -> tuple[dict[str, Any], str, str, int]:
    """Return (front matter dict, its raw block, the rest, line offset of the rest)."""
    if not text.startswith("---\n"):
        return {}, "", text, 0
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise ConfigError(f"{relpath}: front matter starts with '---' but never closes")
    block = text[: end + 5]
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{relpath}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ConfigError(f"{relpath}: front matter must be a mapping, got {type(meta).__name__}")
    for key in meta:
        if key not in SUPPORTED_FRONT_MATTER:
            raise ConfigError(
                f"{relpath}: front matter key `{key}` is not supported by the offline renderer "
                f"(it would be ignored; supported: {', '.join(sorted(SUPPORTED_FRONT_MATTER))})"
            )
    if meta.get("jupyter", "python3") != "python3":
        raise ConfigError(
            f"{relpath}: the offline renderer runs the python3 kernel only, got jupyter: {meta['jupyter']!r}"
        )
    return meta, block, text[end + 5 :], block.count("\n")


def _parse_options(lines: list[str], relpath: str, line_no: int) -> tuple[dict[str, Any], list[str]]:
    """Split leading ``#|`` lines (YAML) from the code."""
    option_lines: list[str] = []
    index = 0
    while index < len(lines):
        match = _OPTION_LINE.match(lines[index])
        if not match:
            break
        option_lines.append(match.group("body"))
        index += 1
    options: dict[str, Any] = {}
    if option_lines:
        try:
            parsed = yaml.safe_load("\n".join(option_lines)) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{relpath}: cell at line {line_no}: bad '#|' options: {exc}") from exc
        if not isinstance(parsed, dict):
            raise ConfigError(f"{relpath}: cell at line {line_no}: '#|' options must be key: value lines")
        options = parsed
    for key in options:
        if key not in SUPPORTED_CELL_OPTIONS:
            raise ConfigError(
                f"{relpath}: cell at line {line_no}: option `{key}` is not supported by the offline "
                f"renderer (it would be ignored; supported: {', '.join(sorted(SUPPORTED_CELL_OPTIONS))})"
            )
    return options, lines[index:]


def parse_document(text: str, path: Path, relpath: str) -> Document:
    """Parse LF-normalised ``.qmd`` text into front matter and segments."""
    meta, block, body, offset = _split_front_matter(text, relpath)
    doc = Document(path=path, relpath=relpath, text=text, front_matter=meta, front_matter_text=block)
    lines = body.split("\n")
    text_lines: list[str] = []
    i = 0
    cell_index = 0
    while i < len(lines):
        opening = _CELL_OPEN.match(lines[i])
        if not opening:
            text_lines.append(lines[i])
            i += 1
            continue
        fence = opening.group("fence")
        start_line = offset + i + 1
        j = i + 1
        closing = re.compile(r"^`{%d,}\s*$" % len(fence))
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        if j >= len(lines):
            raise ConfigError(f"{relpath}: code cell at line {start_line} is never closed with {fence}")
        options, code_lines = _parse_options(lines[i + 1 : j], relpath, start_line)
        doc.segments.append(TextSegment("\n".join(text_lines)))
        text_lines = []
        doc.segments.append(Cell(cell_index, "\n".join(code_lines).strip("\n"), options, start_line))
        cell_index += 1
        i = j + 1
    doc.segments.append(TextSegment("\n".join(text_lines)))
    return doc
