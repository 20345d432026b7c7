"""The renderer's one way to write a file or replace a folder without leaving half of it behind.

``write_atomic`` writes next to the target and renames over it, so a reader (or an interrupted
build) sees the old file or the new one, never a partial one. ``replace_directory`` puts a
complete new folder in place of an old one with two renames.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder (0644)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_directory(new: Path, target: Path, trash: Path) -> None:
    """Put folder ``new`` where ``target`` is; the old ``target`` goes to ``trash`` (a path that
    must not exist yet, removed by the caller). Each step is a rename, so repeating the call after
    an interruption finishes the job: it is a no-op once ``new`` is gone."""
    if not new.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        trash.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, trash)
    os.replace(new, target)


def remove_tree(path: Path) -> None:
    """Remove a file or folder if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
