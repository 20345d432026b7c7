"""The source manifest (data/sources.yaml): what each raw file is and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .paths import manifest_path


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
    """Parse the manifest, checking that every file names a known publisher and a sha256."""
    path = path or manifest_path()
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    publishers = {
        key: Publisher(key=key, **{k: str(v).strip() for k, v in value.items()})
        for key, value in raw["publishers"].items()
    }
    files = []
    for entry in raw["files"]:
        pub = entry.get("publisher")
        if pub not in publishers:
            raise ValueError(f"{path}: file {entry.get('path')} names unknown publisher {pub!r}")
        if not entry.get("url") and not entry.get("instructions"):
            raise ValueError(f"{path}: file {entry['path']} needs a url or instructions")
        files.append(
            SourceFile(
                path=entry["path"],
                publisher=publishers[pub],
                title=entry["title"],
                sha256=entry["sha256"],
                url=entry.get("url"),
                instructions=(entry.get("instructions") or "").strip() or None,
            )
        )
    return Manifest(publishers=publishers, files=tuple(files))


@lru_cache(maxsize=1)
def manifest() -> Manifest:
    """The project's manifest, read once per process."""
    return read_manifest()
