"""Writing files so that a reader never sees half of one: the one atomic-write helper.

A file is written to a temporary file beside its target and renamed into place, which is atomic
on one file system: an interrupted write leaves the old file (or none), never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(target: Path, fill: Callable[[Path], object]) -> None:
    """Write `target` by letting `fill` write a temporary file beside it, then renaming that
    file into place. The temporary file is removed when `fill` fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        fill(tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(target: Path, text: str) -> None:
    """Write `text` to `target` as UTF-8 with the line ends as given, atomically."""

    def fill(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            out.write(text)

    write_atomic(target, fill)


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target`, atomically."""
    write_atomic(target, lambda tmp: tmp.write_bytes(data))
