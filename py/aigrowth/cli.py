"""The command line: `python -m aigrowth fetch | check | numbers`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataError


def _fetch(args: argparse.Namespace) -> int:
    from .acquire import MIRROR_VARIABLE, fetch

    mirror = Path(args.mirror) if args.mirror else None
    try:
        report = fetch(mirror=mirror)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for item in report.fetched:
        note = "" if item.status == "as tested" else (
            f"  NEWER RELEASE: sha256 {item.sha256[:12]}… differs from the tested "
            f"{item.expected_sha256[:12]}…; accepted and recorded"
        )
        print(f"{item.file:<70} {item.bytes:>10,} bytes  {item.status}{note}")
    for src, reason in report.missing:
        print(f"\nMISSING {src.path}: {reason}", file=sys.stderr)
    if not report.ok:
        print(
            f"\n{len(report.missing)} file(s) could not be fetched. Set {MIRROR_VARIABLE} to a "
            "folder with the files, or follow the instructions above.",
            file=sys.stderr,
        )
        return 1
    print(f"\n{len(report.fetched)} files in data/raw; record written to data/raw/RECORD.json")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .data import build
    from .paths import raw_dir
    from .summary import summarise

    raw = Path(args.raw) if args.raw else raw_dir()
    try:
        dataset = build(raw)
    except DataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(summarise(dataset))
    return 0


def _numbers(args: argparse.Namespace) -> int:
    from . import numbers

    return numbers.main(args.rest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aigrowth", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("fetch", help="fill data/raw from $AIGROWTH_DATA_MIRROR or the official URLs")
    p.add_argument("--mirror", help="a folder laid out like data/raw (overrides $AIGROWTH_DATA_MIRROR)")
    p.set_defaults(run=_fetch)
    p = sub.add_parser("check", help="load and validate every source, build the merged table, print a summary")
    p.add_argument("--raw", help="the folder with the raw files (default data/raw)")
    p.set_defaults(run=_check)
    p = sub.add_parser("numbers", help="print every headline number of the report as JSON")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(run=_numbers)
    args = parser.parse_args(argv)
    return args.run(args)
