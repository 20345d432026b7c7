"""Export every queued plotly figure of a build to PNG with ONE browser (kaleido).

Starting Chromium costs about two seconds, so figures from all documents are exported in a
single kaleido call (``write_fig_from_object_sync``: ``write_fig_sync`` with a path
and size per figure). Kaleido finds the browser through ``BROWSER_PATH``;
Debian's ``/usr/bin/chromium`` is used when that is unset.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .cellmarkdown import PendingFigure
from .errors import RenderError

DEBIAN_CHROMIUM = "/usr/bin/chromium"


def ensure_browser_path() -> None:
    """Point kaleido at a system Chromium when ``BROWSER_PATH`` is not set."""
    if os.environ.get("BROWSER_PATH"):
        return
    for candidate in (
        DEBIAN_CHROMIUM,
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            os.environ["BROWSER_PATH"] = candidate
            return


def export_figures(figures: list[tuple[PendingFigure, Path]]) -> None:
    """Write each figure to its absolute path (second item) in one browser session."""
    if not figures:
        return
    import kaleido

    ensure_browser_path()
    jobs = []
    for pending, destination in figures:
        destination.parent.mkdir(parents=True, exist_ok=True)
        job: dict[str, object] = {
            "fig": pending.figure,
            "path": str(destination),
            "opts": {
                "format": "png",
                "width": pending.width,
                "height": pending.height,
                "scale": pending.scale,
            },
        }
        if pending.topojson:  # a map: its outlines from the project, never plotly's CDN
            job["topojson"] = pending.topojson
        jobs.append(job)
    print(f"qmdrender: exporting {len(jobs)} static figure(s) with one browser", file=sys.stderr)
    try:
        kaleido.write_fig_from_object_sync(jobs, cancel_on_error=True)
    except Exception as exc:  # kaleido raises several types; all mean the same to the user
        raise RenderError(
            f"static figure export failed ({type(exc).__name__}: {exc}); is Chromium installed "
            f"and BROWSER_PATH={os.environ.get('BROWSER_PATH')!r} correct?"
        ) from exc
    missing = [str(dest) for _, dest in figures if not dest.is_file()]
    if missing:
        raise RenderError(f"kaleido did not write: {', '.join(missing)}")
