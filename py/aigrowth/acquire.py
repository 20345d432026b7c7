"""Fill data/raw with the source files: from a local mirror folder or the official URLs.

Rules:
- Raw files are never edited, only replaced whole, and only as a set: every file is fetched into
  a staging folder beside data/raw and checked there (not empty, and its loader reads it); then
  the staging folder, holding the new files, the old copies of the files not fetched this time
  and the new RECORD.json, takes data/raw's place in one swap. An interrupted or failed fetch
  leaves data/raw as it was; an empty, truncated or unreadable file never replaces a good copy.
- A mirror entry that exists but cannot be read is an error naming the mirror: the fetch does
  not quietly fall back to the network.
- Every file's sha256 is compared with the manifest (a different digest is a newer release,
  accepted and reported); RECORD.json says what was fetched, from where, when, with what digest.
- Fetched files are readable by everyone (0644), as files a user saves are.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .cleaning import CleaningLog
from .errors import DataError
from .paths import RECORD_NAME, raw_dir
from .sources import Manifest, SourceFile, manifest

MIRROR_VARIABLE = "AIGROWTH_DATA_MIRROR"
FILE_MODE, FOLDER_MODE = 0o644, 0o755
HAND_PLACED = "placed in data/raw by hand"


@dataclass(frozen=True)
class FetchedFile:
    file: str
    source: str  # "mirror:<path>", the URL or HAND_PLACED: never a local absolute path
    accessed: str  # ISO 8601, UTC
    sha256: str
    expected_sha256: str
    status: str  # "as tested" (digest as in the manifest) or "newer release"
    bytes: int


@dataclass
class FetchReport:
    fetched: list[FetchedFile] = field(default_factory=list)
    failed: list[tuple[SourceFile, str]] = field(default_factory=list)  # with the reason
    kept: list[str] = field(default_factory=list)  # files whose copy in data/raw stays as it was

    @property
    def ok(self) -> bool:
        return not self.failed


class FetchError(Exception):
    """The fetch cannot go on (a mirror that is not a folder, a data/raw that cannot be
    written). `report` holds what was collected before, so the caller can print it."""

    def __init__(self, message: str, report: FetchReport | None = None) -> None:
        super().__init__(message)
        self.report = report or FetchReport()


class _Failed(Exception):
    """One file could not be had or did not pass its check (the reason is the message)."""


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
    try:
        return {entry["file"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}
    except (OSError, ValueError, TypeError, KeyError) as err:
        raise DataError(
            path,
            f"the fetch record cannot be read: {err}",
            hint="run `make data` to fetch the sources and write a new record",
        ) from None


# -- the swap -----------------------------------------------------------------------------------
HELD_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT), SIGTERM and SIGHUP for the two renames of the swap: a signal that
    arrives meanwhile is recorded and raised again right after, when data/raw is whole."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {
        number: signal.signal(number, lambda number, frame: received.append(number))
        for number in HELD_SIGNALS
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        for number in received:
            signal.raise_signal(number)


def _old_name(raw: Path) -> Path:
    return raw.with_name(f".{raw.name}.old-{os.getpid()}")


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


_LEFTOVER = re.compile(r"\.(?:old|staging)-(\d+)")


def _owner_alive(path: Path) -> bool:
    """Whether the process that made this staging folder or old copy is still running."""
    match = _LEFTOVER.search(path.name)
    if not match:
        return False
    pid = int(match.group(1))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def _tidy_after_interruption(raw: Path) -> None:
    """Undo what an interrupted fetch left beside data/raw: a swap cut between its renames (a
    process killed outright) gets the old copy back; staging folders and old copies of
    processes that are gone are removed."""
    leftovers = sorted(raw.parent.glob(f".{raw.name}.old-*")) + sorted(
        raw.parent.glob(f".{raw.name}.staging-*")
    )
    for path in leftovers:
        if _owner_alive(path):
            continue
        if ".old-" in path.name and not (raw.exists() or raw.is_symlink()):
            os.replace(path, raw)
        else:
            _remove(path)


def _swap(staging: Path, raw: Path) -> None:
    """Put `staging` in `raw`'s place with two renames and remove the old copy, signals held
    throughout (a few milliseconds), so an interrupt leaves nothing beside data/raw."""
    old = _old_name(raw)
    with _signals_held():
        if raw.exists() or raw.is_symlink():
            os.replace(raw, old)
        os.replace(staging, raw)
        _remove(old)


# -- one file -----------------------------------------------------------------------------------
def _stage_from(
    src: SourceFile,
    staged: Path,
    raw: Path,
    mirror: Path | None,
    download: Callable[[str, Path], None],
    record: dict[str, dict],
) -> tuple[str, bool]:
    """Put the file into `staged`; return where it came from and whether it is a new copy
    (False: the copy already in data/raw, for a file with no mirror copy and no URL). _Failed
    says why it could not be had."""
    staged.parent.mkdir(parents=True, exist_ok=True)
    if mirror is not None:
        entry = mirror / src.path
        if entry.exists() or entry.is_symlink():
            try:
                if not entry.is_file():
                    raise OSError(f"{entry} is not a regular file")
                with open(entry, "rb") as source, open(staged, "wb") as out:
                    shutil.copyfileobj(source, out)
            except OSError as err:
                raise _Failed(
                    f"the mirror's copy cannot be read ({MIRROR_VARIABLE}={mirror}): {err}"
                ) from None
            return f"mirror:{src.path}", True
    if src.url:
        try:
            download(src.url, staged)
        except OSError as err:  # network errors are OSErrors too (URLError)
            raise _Failed(f"could not download {src.url}: {err}") from None
        return src.url, True
    existing = raw / src.path
    if existing.is_file():  # saved by hand, as the instructions say
        shutil.copyfile(existing, staged)
        return record.get(src.path, {}).get("source", HAND_PLACED), False
    where = f"not in the mirror folder ({src.path})" if mirror else "no mirror folder set"
    raise _Failed(f"{where}; {src.instructions}")


def _check(src: SourceFile, staged: Path, origin: str) -> None:
    """The staged file must be non-empty and pass its loader; _Failed says what is wrong,
    naming the file by where it came from (the staging path means nothing to a reader)."""
    from .loaders import (
        load_source,  # the loaders need pandas; importing late keeps `fetch` light
    )

    if staged.stat().st_size == 0:
        raise _Failed(f"fails its check: file {origin}: the file is empty")
    try:
        load_source(src, staged, CleaningLog())
    except DataError as err:
        raise _Failed(f"fails its check: {str(err).replace(str(staged), origin)}") from None


def _carry_over(raw: Path, staging: Path, replaced: set[str]) -> list[str]:
    """Copy every file of data/raw that this fetch does not replace into the staging folder
    (copies, not links: data/raw may be a link into another project's folder)."""
    kept: list[str] = []
    if not raw.is_dir():
        return kept
    for path in sorted(raw.rglob("*")):
        rel = path.relative_to(raw).as_posix()
        if path.is_file() and rel not in replaced and rel != RECORD_NAME:
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, staging / rel)
            kept.append(rel)
    return kept


def _set_modes(folder: Path) -> None:
    os.chmod(folder, FOLDER_MODE)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            os.chmod(path, FOLDER_MODE if path.is_dir() else FILE_MODE)


# -- the fetch ----------------------------------------------------------------------------------
def fetch(
    mirror: Path | None = None,
    raw: Path | None = None,
    sources: Manifest | None = None,
    download: Callable[[str, Path], None] = _download,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    progress: Callable[[str], None] = lambda message: None,
) -> FetchReport:
    """Fetch every file of the manifest, check each, and swap the set into `raw` with its record.

    `mirror` defaults to $AIGROWTH_DATA_MIRROR; without one, files come from their URLs. A file
    with no URL and no mirror copy keeps the copy already in `raw` (saved there by hand, as its
    instructions say; it is checked like a fetched file) or is reported with the instructions.
    Files that fail keep their old copy and are reported; the others are still fetched.
    `progress` is told each step ("fetching", "checking", "swapping"). Raises FetchError when the
    fetch cannot start or data/raw cannot be written, with the report collected so far.
    """
    raw = Path(raw or raw_dir())
    sources = sources or manifest()
    if mirror is None and os.environ.get(MIRROR_VARIABLE):
        mirror = Path(os.environ[MIRROR_VARIABLE])
    if mirror is not None and not mirror.is_dir():
        raise FetchError(f"{MIRROR_VARIABLE} points at {mirror}, which is not a folder")

    report = FetchReport()
    try:
        raw.parent.mkdir(parents=True, exist_ok=True)
        _tidy_after_interruption(raw)
        try:
            record = read_record(raw)
        except DataError as err:  # this fetch writes a new one
            progress(f"{RECORD_NAME}: {err.problem}; a new record will be written")
            record = {}
        staging = Path(tempfile.mkdtemp(prefix=f".{raw.name}.staging-{os.getpid()}-", dir=raw.parent))
    except OSError as err:
        raise FetchError(f"cannot prepare a staging folder beside {raw}: {err}", report) from None
    try:
        new_record: dict[str, dict] = {}
        for src in sources.files:
            staged = staging / src.path
            try:
                progress(f"fetching {src.path}")
                origin, fresh = _stage_from(src, staged, raw, mirror, download, record)
                progress(f"checking {src.path}")
                _check(src, staged, origin)
            except _Failed as failure:
                report.failed.append((src, str(failure)))
                _remove(staged)
                continue
            digest = sha256_of(staged)
            previous = record.get(src.path, {})
            kept_copy = not fresh and previous.get("sha256") == digest
            entry = FetchedFile(
                file=src.path,
                source=origin,
                accessed=previous["accessed"] if kept_copy else now().isoformat(timespec="seconds"),
                sha256=digest,
                expected_sha256=src.sha256,
                status="as tested" if digest == src.sha256 else "newer release",
                bytes=staged.stat().st_size,
            )
            report.fetched.append(entry)
            new_record[src.path] = asdict(entry)
        if not report.fetched:
            return report  # nothing new: data/raw stays exactly as it was
        if raw.exists() and not os.access(raw, os.W_OK):
            raise FetchError(f"{raw} is read-only: nothing was replaced", report)
        report.kept = _carry_over(raw, staging, set(new_record))
        for rel in report.kept:
            if rel in record and rel not in new_record:
                new_record[rel] = record[rel]
        text = json.dumps([new_record[k] for k in sorted(new_record)], indent=2) + "\n"
        (staging / RECORD_NAME).write_text(text, encoding="utf-8")
        _set_modes(staging)
        progress("swapping the new files into data/raw")
        _swap(staging, raw)
    except OSError as err:
        raise FetchError(f"cannot write {raw}: {err}", report) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return report
