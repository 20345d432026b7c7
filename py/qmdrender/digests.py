"""What a document's results depend on besides its own text, as digests of the files themselves.

- The data: every file under the project's ``data`` hook paths (``[tool.qmdrender]``), read
  and hashed on each build. A record of what was fetched is not trusted: a fetch interrupted
  after some files were replaced changes these digests even if its record still shows the old
  checksums. Files and folders whose name starts with a dot (a fetch's temporary files) and the
  ``data-ignore`` files do not count.
- The code: each execution lists the project's own Python modules it imported (see
  ``execute.MODULES_CODE``); a document is executed again when one of those files changed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .project import Project

ABSENT = "absent"


def file_md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class DataFile:
    path: str  # relative to the project root, with forward slashes
    bytes: int
    sha256: str


@dataclass
class DataState:
    """The data as they are on disk now."""

    present: bool  # False while the fetched-data folder is missing (a fresh clone)
    files: list[DataFile] = field(default_factory=list)

    @property
    def digest(self) -> str:
        if not self.present:
            return ABSENT
        digest = hashlib.md5()
        for entry in self.files:
            digest.update(f"{entry.path}\0{entry.sha256}\n".encode())
        return digest.hexdigest()


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def data_state(project: Project) -> DataState:
    """Read and hash the project's data files (the ``data`` hook)."""
    hooks = project.hooks
    if hooks.fetched_data and not (project.root / hooks.fetched_data).is_dir():
        return DataState(present=False)
    ignored = {Path(p).as_posix() for p in hooks.data_ignore}
    found: dict[str, Path] = {}
    for entry in hooks.data:
        base = project.root / entry
        if base.is_file():
            found[Path(entry).as_posix()] = base
        for folder, dirs, files in os.walk(base, followlinks=True):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                path = Path(folder) / name
                rel = Path(entry) / path.relative_to(base)
                if not _hidden(rel) and rel.as_posix() not in ignored:
                    found[rel.as_posix()] = path
    data_files = [DataFile(rel, found[rel].stat().st_size, _sha256(found[rel])) for rel in sorted(found)]
    return DataState(present=True, files=data_files)


def changed_modules(project: Project, modules: dict[str, str]) -> list[str]:
    """The recorded modules (path -> md5) whose file is now different or gone."""
    changed = []
    for rel, digest in sorted(modules.items()):
        path = project.root / rel
        if not path.is_file() or file_md5(path) != digest:
            changed.append(rel)
    return changed
