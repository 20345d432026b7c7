"""The command line: `python -m aigrowth fetch | check | numbers | data-date`.

Every failure ends with one clear message on stderr and a non-zero exit, never a traceback:
bad input (`DataError`, naming file, column and row), a fetch that cannot go on (`FetchError`,
after the per-file failures it collected), an operating-system error (a full disk, a folder that
cannot be written), Ctrl-C, and, as a last resort, an unexpected error, named as a bug.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import DataError

INTERRUPTED = 130  # the shell's exit status for a process stopped by Ctrl-C
TRACEBACK_VARIABLE = "AIGROWTH_TRACEBACK"  # set to 1 to see the traceback of an unexpected error


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _print_failures(report) -> None:
    for src, reason in report.failed:
        print(f"\nFAILED {src.path}: {reason}", file=sys.stderr)


def _fetch(args: argparse.Namespace) -> int:
    from .acquire import MIRROR_VARIABLE, FetchError, fetch

    mirror = Path(args.mirror) if args.mirror else None
    try:
        report = fetch(
            mirror=mirror, progress=lambda message: print(f"  {message}", file=sys.stderr, flush=True)
        )
    except FetchError as err:
        _print_failures(err.report)
        _error(f"{err}; data/raw is unchanged")
        return 1
    except KeyboardInterrupt:
        _error("interrupted; data/raw holds the previous set of files or the new one, never a mix")
        return INTERRUPTED
    for item in report.fetched:
        note = (
            ""
            if item.status == "as tested"
            else (
                f"  NEWER RELEASE: sha256 {item.sha256[:12]}… differs from the tested "
                f"{item.expected_sha256[:12]}…; accepted and recorded"
            )
        )
        print(f"{item.file:<70} {item.bytes:>10,} bytes  {item.status}{note}")
    _print_failures(report)
    if not report.ok:
        print(
            f"\n{len(report.failed)} file(s) could not be fetched or did not pass their check; data/raw "
            f"keeps its previous copy of each. Set {MIRROR_VARIABLE} to a folder with the files, or "
            "follow the instructions above.",
            file=sys.stderr,
        )
        return 1
    print(f"\n{len(report.fetched)} files in data/raw; record written to data/raw/RECORD.json")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .data import READ_FILES, build
    from .loaders import load_source
    from .paths import raw_dir
    from .sources import manifest
    from .summary import summarise

    raw = Path(args.raw) if args.raw else raw_dir()
    dataset = build(raw)
    for src in manifest().files:  # the files the report does not read yet are checked too
        if src.path not in READ_FILES:
            load_source(src, raw / src.path, dataset.log)
    print(summarise(dataset))
    return 0


def _numbers(args: argparse.Namespace) -> int:
    from . import numbers

    return numbers.main(args.rest)


def _data_date(args: argparse.Namespace) -> int:
    from .acquire import read_record
    from .sources import data_date, manifest

    day = data_date(manifest().files, read_record())
    if day is not None:  # nothing fetched yet (a fresh clone): no date, and no error
        print(day.isoformat())
    return 0


def _guarded(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command, turning every failure into one message and an exit status."""
    try:
        return run(args)
    except DataError as err:
        _error(str(err))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return INTERRUPTED
    except OSError as err:
        _error(f"{err.strerror or err}" + (f": {err.filename}" if err.filename else ""))
        return 1
    except Exception as err:  # a bug: say so in one line rather than print a traceback
        if os.environ.get(TRACEBACK_VARIABLE):
            raise
        _error(
            f"unexpected {type(err).__name__}: {err} (a bug in aigrowth; set {TRACEBACK_VARIABLE}=1 "
            "to see where)"
        )
        return 70  # EX_SOFTWARE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aigrowth", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("fetch", help="fill data/raw from $AIGROWTH_DATA_MIRROR or the official URLs")
    p.add_argument("--mirror", help="a folder laid out like data/raw (overrides $AIGROWTH_DATA_MIRROR)")
    p.set_defaults(run=_fetch)
    p = sub.add_parser(
        "check", help="load and validate every source, build the merged table, print a summary"
    )
    p.add_argument("--raw", help="the folder with the raw files (default data/raw)")
    p.set_defaults(run=_check)
    p = sub.add_parser("numbers", help="print every headline number of the report as JSON")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(run=_numbers)
    p = sub.add_parser(
        "data-date",
        help="print the date of the data (YYYY-MM-DD: the newest release among the files fetched), "
        "or nothing before a fetch",
    )
    p.set_defaults(run=_data_date)
    args = parser.parse_args(argv)
    return _guarded(args.run, args)
