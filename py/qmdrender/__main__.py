"""Command line: ``python -m qmdrender build [--renderer auto|quarto|offline] [--no-pdf] [--only DOC]``."""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
from pathlib import Path

from .errors import RenderError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qmdrender", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="execute stale documents and build the site and PDFs")
    build.add_argument(
        "--renderer",
        choices=("auto", "quarto", "offline"),
        default="auto",
        help="auto: Quarto when `quarto` is on PATH, else the offline renderer",
    )
    build.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    build.add_argument(
        "--only", metavar="DOC", help="execute and render only this document (e.g. report/index.qmd)"
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="execute every document even when its freeze is current (`make refreeze`)",
    )
    build.add_argument(
        "--project", type=Path, default=Path("."), help="project root (default: current folder)"
    )
    post = sub.add_parser(
        "post-render", help="Quarto post-render step: plotly.js once, root redirect, whole-report PDF"
    )
    post.add_argument("--project", type=Path, default=Path("."))
    deps = sub.add_parser(
        "ensure-deps", help="install missing Python packages and Chromium (for `make report`)"
    )
    deps.add_argument("--project", type=Path, default=Path("."))
    return parser


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A terminated build cleans up like an interrupted one (the staging folder goes, nothing
    # half-published stays).
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    try:
        if args.command == "build":
            from .build import build_offline, build_with_quarto

            use_quarto = args.renderer == "quarto" or (args.renderer == "auto" and shutil.which("quarto"))
            if args.renderer == "quarto" and not shutil.which("quarto"):
                raise RenderError("--renderer quarto: the `quarto` program is not on PATH")
            if use_quarto:
                build_with_quarto(args.project, pdf=not args.no_pdf, only=args.only)
            else:
                build_offline(args.project, pdf=not args.no_pdf, only=args.only, force=args.force)
        elif args.command == "post-render":
            from .postrender import post_render

            post_render(args.project)
        elif args.command == "ensure-deps":
            from .environment import ensure_dependencies

            ensure_dependencies(args.project)
    except RenderError as exc:
        print(f"qmdrender: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "qmdrender: interrupted; nothing was published half-way (_freeze, the files the documents "
            "write and _site are each as before or complete); the next build carries on",
            file=sys.stderr,
        )
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
