"""Publishing a build's results all at once: old state or new state, never a mix.

A build writes everything new into a staging folder inside the project (new ``_freeze``
folders, the execution records, the files the documents wrote, the new site). Publishing is a
short list of renames, recorded first in a journal (``.qmdrender-commit.json``) and run with
Ctrl-C held back, so an interrupt either lands before it (nothing changed) or after it
(everything changed). Should the process die in the middle anyway (power cut, SIGKILL), the
next build finds the journal and finishes the renames before doing anything else.

One build at a time per project: :func:`project_lock` holds an exclusive lock on the project
folder for the whole build, which also makes it safe to clear what a dead build left behind.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .files import remove_tree, replace_directory, write_atomic

JOURNAL = ".qmdrender-commit.json"
STAGING_PREFIX = ".qmdrender-staging-"
# Folders older versions of the renderer staged into.
_LEGACY_PREFIXES = (".freeze-staging-", ".qmdrender-work-")


def _log(message: str) -> None:
    print(f"qmdrender: {message}", file=sys.stderr, flush=True)


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the project folder (waits while another build holds it)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            _log(f"waiting for another build of {root.name} to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP while the block runs; act on them afterwards.

    Only the main thread can install signal handlers; elsewhere the block runs as is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    watched = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {
        signum: signal.signal(signum, lambda signum, _frame: received.append(signum)) for signum in watched
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            if received[0] == signal.SIGINT:
                raise KeyboardInterrupt
            os.kill(os.getpid(), received[0])


@dataclass
class Transaction:
    """Renames that publish staged results, run together by :meth:`commit`."""

    root: Path
    staging: Path
    operations: list[dict[str, str]] = field(default_factory=list)

    def replace_directory(self, staged: Path, target: Path) -> None:
        self.operations.append({"op": "dir", "from": self._rel(staged), "to": self._rel(target)})

    def replace_file(self, staged: Path, target: Path) -> None:
        self.operations.append({"op": "file", "from": self._rel(staged), "to": self._rel(target)})

    def delete(self, target: Path) -> None:
        self.operations.append({"op": "delete", "to": self._rel(target)})

    def commit(self) -> None:
        """Publish: journal first, then the renames, then drop the journal (interrupts held back)."""
        if not self.operations:
            return
        journal = {"staging": self._rel(self.staging), "operations": self.operations}
        with deferred_interrupts():
            write_atomic(self.root / JOURNAL, json.dumps(journal, indent=2) + "\n")
            _apply(self.root, journal)
            (self.root / JOURNAL).unlink()
        self.operations = []

    def _rel(self, path: Path) -> str:
        # normpath, not resolve: a target that is a link is replaced, not followed
        return Path(os.path.normpath(path.absolute())).relative_to(self.root).as_posix()


def _apply(root: Path, journal: dict) -> None:
    """Run a journal's renames; each one is skipped when already done, so this can be repeated."""
    trash = root / journal["staging"] / "trash"
    for number, operation in enumerate(journal["operations"]):
        target = root / operation["to"]
        if operation["op"] == "delete":
            target.unlink(missing_ok=True)
            continue
        source = root / operation["from"]
        if operation["op"] == "dir":
            replace_directory(source, target, trash / str(number))
        elif source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)


def new_staging(root: Path) -> Path:
    """A fresh staging folder inside the project (same file system, so publishing is renames)."""
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root)).resolve()


def recover(root: Path) -> None:
    """Finish a publication a dead build left half done, and clear what dead builds left behind.
    Call it holding :func:`project_lock`."""
    journal_path = root / JOURNAL
    if journal_path.is_file():
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            operations = journal["operations"]
        except (ValueError, KeyError, TypeError):
            journal, operations = None, None
        if journal is not None and operations is not None:
            _log("finishing the publication an interrupted build had begun")
            with deferred_interrupts():
                _apply(root, journal)
                journal_path.unlink()
        else:
            _log(f"warning: {JOURNAL} is unreadable; removed")
            journal_path.unlink()
    for leftover in sorted(root.iterdir()):
        if leftover.name.startswith((STAGING_PREFIX, *_LEGACY_PREFIXES)):
            remove_tree(leftover)
