"""Errors raised by the renderer. Each names what is wrong and where."""

from __future__ import annotations


class RenderError(RuntimeError):
    """A build step failed; the message says which document or file and why."""


class ConfigError(RenderError):
    """``_quarto.yml`` or a document's front matter is missing or malformed."""


class CellExecutionFailed(RenderError):
    """A code cell raised: names the document, the cell (label or number, line) and the traceback."""

    def __init__(self, document: str, cell_name: str, line: int, traceback_text: str) -> None:
        self.document = document
        self.cell_name = cell_name
        self.line = line
        self.traceback_text = traceback_text
        super().__init__(f"{document}: cell {cell_name} (line {line}) failed:\n{traceback_text}")
