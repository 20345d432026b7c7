"""Fill data/raw with the source files: from a local mirror folder or the official URLs.

Rules: raw files are never edited, only replaced whole; every write goes to a temporary file
that is renamed into place once complete, so an interrupted fetch leaves no half-written file;
every file's sha256 is compared with the manifest (a different digest is a newer release,
accepted and reported); RECORD.json says what was fetched, from where, when, with what digest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .files import write_atomic as _atomic_write
from .paths import RECORD_NAME, raw_dir
from .sources import Manifest, SourceFile, manifest

MIRROR_VARIABLE = "AIGROWTH_DATA_MIRROR"


@dataclass(frozen=True)
class FetchedFile:
    file: str
    source: str  # "mirror:<path>" or the URL: never a local absolute path
    accessed: str  # ISO 8601, UTC
    sha256: str
    expected_sha256: str
    status: str  # "as tested" (digest as in the manifest) or "newer release"
    bytes: int


@dataclass
class FetchReport:
    fetched: list[FetchedFile]
    missing: list[tuple[SourceFile, str]]  # files that could not be had, with the reason

    @property
    def ok(self) -> bool:
        return not self.missing


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(url: str, dest: Path, timeout: float = 60.0) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "patterns-of-growth data fetch"})
    with urllib.request.urlopen(request, timeout=timeout) as response, open(dest, "wb") as out:
        shutil.copyfileobj(response, out)


def read_record(raw: Path | None = None) -> dict[str, dict]:
    """The record of the last fetch, keyed by file path; empty when there is none."""
    path = (raw or raw_dir()) / RECORD_NAME
    if not path.exists():
        return {}
    return {entry["file"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}


def fetch(
    mirror: Path | None = None,
    raw: Path | None = None,
    sources: Manifest | None = None,
    download: Callable[[str, Path], None] = _download,
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
) -> FetchReport:
    """Fetch every file of the manifest into `raw` and write RECORD.json.

    `mirror` defaults to $AIGROWTH_DATA_MIRROR; without one, files come from their URLs.
    A file with no URL and no mirror copy is reported as missing with the manifest's
    instructions; the other files are still fetched.
    """
    raw = raw or raw_dir()
    sources = sources or manifest()
    if mirror is None and os.environ.get(MIRROR_VARIABLE):
        mirror = Path(os.environ[MIRROR_VARIABLE])
    if mirror is not None and not mirror.is_dir():
        raise FileNotFoundError(f"{MIRROR_VARIABLE} points at {mirror}, which is not a folder")

    record = read_record(raw)
    fetched: list[FetchedFile] = []
    missing: list[tuple[SourceFile, str]] = []
    for src in sources.files:
        target = raw / src.path
        if mirror is not None and (mirror / src.path).is_file():
            origin = f"mirror:{src.path}"
            fill = lambda tmp, s=mirror / src.path: shutil.copyfile(s, tmp)  # noqa: E731
        elif src.url:
            origin = src.url
            fill = lambda tmp, u=src.url: download(u, tmp)  # noqa: E731
        else:
            where = f"not in the mirror folder ({src.path})" if mirror else "no mirror folder set"
            missing.append((src, f"{where}; {src.instructions}"))
            continue
        try:
            _atomic_write(target, fill)
        except OSError as err:  # network errors are OSErrors too (URLError)
            missing.append((src, f"could not fetch {origin}: {err}"))
            continue
        digest = sha256_of(target)
        status = "as tested" if digest == src.sha256 else "newer release"
        entry = FetchedFile(
            file=src.path,
            source=origin,
            accessed=now().isoformat(timespec="seconds"),
            sha256=digest,
            expected_sha256=src.sha256,
            status=status,
            bytes=target.stat().st_size,
        )
        fetched.append(entry)
        record[src.path] = asdict(entry)

    text = json.dumps([record[k] for k in sorted(record)], indent=2) + "\n"
    _atomic_write(raw / RECORD_NAME, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return FetchReport(fetched=fetched, missing=missing)
