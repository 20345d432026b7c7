"""The source manifest (data/sources.yaml): what each raw file is and where it comes from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import DataError
from .paths import manifest_path

# How each kind of file is read (`loader:` in the manifest; see `aigrowth.loaders.LOADERS`).
LOADER_KINDS = ("epoch_models", "epoch_hardware", "gta", "oecd", "owid", "owid_models")


@dataclass(frozen=True)
class Publisher:
    key: str
    name: str
    licence: str
    licence_url: str
    citation: str
    credit: str
    licence_note: str = ""


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to data/raw and to the mirror folder
    publisher: Publisher
    title: str
    sha256: str
    url: str | None = None
    instructions: str | None = None
    # The date the publisher released the file (or, with no release date, the day it was
    # accessed): dates in the file are judged against it, never against today's date.
    released: date | None = None
    loader: str | None = None  # one of LOADER_KINDS; None: the file is only checked to be non-empty
    value_column: str | None = None  # Our World in Data exports: the title of the value column
    counts: bool = False  # the value column holds whole counts (blank or fractional is an error)


@dataclass(frozen=True)
class Manifest:
    publishers: dict[str, Publisher]
    files: tuple[SourceFile, ...]

    def file(self, path: str) -> SourceFile:
        for f in self.files:
            if f.path == path:
                return f
        raise KeyError(f"{path} is not in the source manifest")


def read_manifest(path: Path | None = None) -> Manifest:
    """Parse the manifest, checking that every file names a known publisher, a sha256, a
    release date and a loader (and, for Our World in Data exports, its value column)."""
    path = path or manifest_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        publishers = {
            key: Publisher(key=key, **{k: str(v).strip() for k, v in value.items()})
            for key, value in raw["publishers"].items()
        }
        entries = list(raw["files"])
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as err:
        raise DataError(path, f"not a readable source manifest: {err}") from None
    files = []
    for number, entry in enumerate(entries, start=1):
        where = f"file {entry.get('path')!r}" if isinstance(entry, dict) else f"entry {number}"
        if (
            not isinstance(entry, dict)
            or not entry.get("path")
            or not entry.get("title")
            or not entry.get("sha256")
        ):
            raise DataError(path, f"{where} needs a path, a title and a sha256", row=number)
        pub = entry.get("publisher")
        if pub not in publishers:
            raise DataError(path, f"{where} names unknown publisher {pub!r}", row=number)
        if not entry.get("url") and not entry.get("instructions"):
            raise DataError(path, f"{where} needs a url or instructions", row=number)
        released = entry.get("released")
        if not isinstance(released, date):
            raise DataError(
                path,
                f"{where} needs `released: YYYY-MM-DD` (the file's release date), not {released!r}",
                row=number,
            )
        loader = entry.get("loader")
        if loader not in LOADER_KINDS:
            raise DataError(
                path,
                f"{where} names unknown loader {loader!r} (expected one of {list(LOADER_KINDS)})",
                row=number,
            )
        if loader in ("owid", "owid_models") and not entry.get("value_column"):
            raise DataError(
                path, f"{where} needs `value_column:` (the title of its value column)", row=number
            )
        files.append(
            SourceFile(
                path=entry["path"],
                publisher=publishers[pub],
                title=entry["title"],
                sha256=entry["sha256"],
                url=entry.get("url"),
                instructions=(entry.get("instructions") or "").strip() or None,
                released=released,
                loader=loader,
                value_column=entry.get("value_column"),
                counts=bool(entry.get("counts", False)),
            )
        )
    return Manifest(publishers=publishers, files=tuple(files))


@lru_cache(maxsize=1)
def manifest() -> Manifest:
    """The project's manifest, read once per process."""
    return read_manifest()


def data_date(files: tuple[SourceFile, ...], record: Mapping[str, Mapping]) -> date | None:
    """The date of the data: the newest release among the files the fetch `record` lists (a file
    newer than the tested snapshot counts from the day it was fetched, its own release date being
    unknown); None when no file has been fetched. Every page and the PDF's cover state it."""
    days = []
    for src in files:
        got = record.get(src.path, {})
        if got.get("status") == "as tested" and src.released:
            days.append(src.released)
        elif got.get("accessed"):
            days.append(datetime.fromisoformat(str(got["accessed"])).date())
    return max(days, default=None)
