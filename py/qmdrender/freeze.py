"""Quarto's ``_freeze`` format, the renderer's execution records, and when a document must run again.

``_freeze/<doc path without .qmd>/execute-results/<ext>.json`` holds
``{"hash": MD5 of the LF-normalised .qmd text, "result": {"engine": "jupyter", "markdown": ...,
"supporting": [...], "filters": [], "includes": {...}}}``, written with two-space indentation
and ASCII escapes exactly as Quarto 1.10 writes it. Quarto re-executes a document when that hash
differs from its source; it knows nothing of the data or the code the document imports.

Next to it the offline renderer keeps one execution record per document,
``_freeze/.qmdrender/<doc path without .qmd>.json``: the source hash it belongs to, the digest of
the data the execution read, every project module it imported with the module's MD5, and every
file it wrote into the project with that file's MD5. Quarto's own hash stays the plain MD5, so
both renderers keep reusing each other's results.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .digests import DataState, changed_modules, file_md5
from .project import Project
from .qmd import Document

#: Freeze file extension per output format (the output file's extension).
FORMAT_EXTENSION = {"html": "html", "typst": "typ"}
RECORDS_DIR = ".qmdrender"


def source_hash(text: str) -> str:
    """Quarto's freeze hash: MD5 hex digest of the LF-normalised document text."""
    return hashlib.md5(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FreezeResult:
    """One ``execute-results/<ext>.json`` file."""

    hash: str
    markdown: str
    supporting: list[str]
    includes: dict[str, Any]

    def to_json(self) -> str:
        payload = {
            "hash": self.hash,
            "result": {
                "engine": "jupyter",
                "markdown": self.markdown,
                "supporting": self.supporting,
                "filters": [],
                "includes": self.includes,
            },
        }
        return json.dumps(payload, indent=2)


def result_path(freeze_dir: Path, doc_stem: str, fmt: str) -> Path:
    return freeze_dir / doc_stem / "execute-results" / f"{FORMAT_EXTENSION[fmt]}.json"


def read_result(path: Path) -> FreezeResult | None:
    """Read a freeze file; ``None`` when it is absent or not in Quarto's format."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        result = payload["result"]
        return FreezeResult(
            hash=str(payload["hash"]),
            markdown=str(result["markdown"]),
            supporting=list(result.get("supporting", [])),
            includes=dict(result.get("includes", {})),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass
class ExecutionRecord:
    """What one execution of a document depended on and produced (see the module docstring)."""

    source: str
    data: str
    modules: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        payload = {
            "source": self.source,
            "data": self.data,
            "modules": dict(sorted(self.modules.items())),
            "outputs": dict(sorted(self.outputs.items())),
        }
        return json.dumps(payload, indent=2) + "\n"


def record_path(freeze_dir: Path, doc_stem: str) -> Path:
    return freeze_dir / RECORDS_DIR / f"{doc_stem}.json"


def read_record(path: Path) -> ExecutionRecord | None:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return ExecutionRecord(
            source=str(payload["source"]),
            data=str(payload["data"]),
            modules={str(k): str(v) for k, v in payload["modules"].items()},
            outputs={str(k): str(v) for k, v in payload["outputs"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def needs_execution(doc: Document, project: Project, data: DataState) -> str | None:
    """Why ``doc`` must run again (a short reason), or ``None`` when its freeze is current.

    Without the fetched data (a fresh clone) the committed freeze is the source: only a changed
    or missing result makes a document run, never the data or the code."""
    current = source_hash(doc.text)
    for fmt in FORMAT_EXTENSION:
        result = read_result(result_path(project.freeze_dir, doc.stem, fmt))
        if result is None:
            return f"no frozen {FORMAT_EXTENSION[fmt]} result"
        if result.hash != current:
            return "source changed"
    if not data.present:
        return None
    record = read_record(record_path(project.freeze_dir, doc.stem))
    if record is None or record.source != current:
        return "no record of the data and code it was executed with"
    if record.data != data.digest:
        return "data changed"
    changed = changed_modules(project, record.modules)
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        return f"code changed: {shown}"
    for rel, digest in sorted(record.outputs.items()):
        path = project.root / rel
        if not path.is_file() or file_md5(path) != digest:
            return f"{rel} is missing or differs from what the execution wrote"
    return None


def stale_code_note(doc: Document, project: Project) -> str | None:
    """With the data absent: which recorded modules changed since the committed freeze (for a note)."""
    record = read_record(record_path(project.freeze_dir, doc.stem))
    if record is None:
        return None
    changed = changed_modules(project, record.modules)
    return ", ".join(changed) if changed else None
