"""Quarto's ``_freeze`` format and when a document must be executed again.

``_freeze/<doc path without .qmd>/execute-results/<ext>.json`` holds
``{"hash": MD5 of the LF-normalised .qmd text, "result": {"engine": "jupyter", "markdown": ...,
"supporting": [...], "filters": [], "includes": {...}}}``, written with two-space indentation
and ASCII escapes exactly as Quarto 1.10 writes it. The digest of the data record is stored
separately (``_freeze/.data-record``) so Quarto's own hash stays the plain MD5.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .qmd import Document

#: Freeze file extension per output format (the output file's extension).
FORMAT_EXTENSION = {"html": "html", "typst": "typ"}
DATA_RECORD_FILE = ".data-record"


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


def data_record_digest(project_root: Path) -> str:
    """MD5 of the files and checksums in ``data/raw/RECORD.json`` (the fetched data's
    provenance record), or ``absent``. Only what the data are counts: fetching the same files
    again records a new access time but changes nothing here, so nothing re-executes."""
    record = project_root / "data" / "raw" / "RECORD.json"
    if not record.is_file():
        return "absent"
    try:
        entries = json.loads(record.read_text(encoding="utf-8"))
        content = sorted((str(e["file"]), str(e["sha256"])) for e in entries)
    except (ValueError, KeyError, TypeError):
        return hashlib.md5(record.read_bytes()).hexdigest()  # not a record we can read: be safe
    return hashlib.md5(json.dumps(content).encode("utf-8")).hexdigest()


def stored_data_digest(freeze_dir: Path) -> str | None:
    try:
        return json.loads((freeze_dir / DATA_RECORD_FILE).read_text(encoding="utf-8"))["data_record_md5"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def data_record_json(digest: str) -> str:
    return json.dumps({"data_record_md5": digest}, indent=2) + "\n"


def needs_execution(doc: Document, freeze_dir: Path, data_changed: bool) -> str | None:
    """Why ``doc`` must run again (a short reason), or ``None`` when its freeze is current."""
    current = source_hash(doc.text)
    for fmt in FORMAT_EXTENSION:
        result = read_result(result_path(freeze_dir, doc.stem, fmt))
        if result is None:
            return f"no frozen {FORMAT_EXTENSION[fmt]} result"
        if result.hash != current:
            return "source changed"
    if data_changed:
        return "data record changed"
    return None
