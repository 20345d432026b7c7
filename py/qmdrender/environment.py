"""``python -m qmdrender ensure-deps``: make a fresh machine ready for ``make report``.

Installs the pinned Python packages when one is missing, and Debian's Chromium (for the static
figures) when it is missing and the build runs as root on a system with apt.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .build import log
from .errors import RenderError

REQUIRED_MODULES = (
    "nbclient",
    "ipykernel",
    "pypandoc",
    "typst",
    "kaleido",
    "plotly",
    "great_tables",
    "yaml",
    "pandas",
    "bs4",
)


def missing_modules() -> list[str]:
    return [name for name in REQUIRED_MODULES if importlib.util.find_spec(name) is None]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("BROWSER_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def ensure_dependencies(root: Path) -> None:
    missing = missing_modules()
    if missing:
        requirements = root / "requirements.txt"
        if not requirements.is_file():
            raise RenderError(f"missing Python packages {missing} and no requirements.txt in {root}")
        log(f"installing missing Python packages ({', '.join(missing)})")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "-r", str(requirements)], cwd=root, check=True
        )
    if chromium_path() is None:
        if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
            log("installing Chromium with apt-get (needed for the PDF's static figures)")
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True)
        else:
            log("warning: no Chromium found; install it (or set BROWSER_PATH) to build the PDF figures")
