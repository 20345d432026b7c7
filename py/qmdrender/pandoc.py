"""Run the Pandoc binary shipped in the ``pypandoc-binary`` wheel."""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

from .errors import RenderError

RESOURCES = Path(__file__).parent / "resources"


@lru_cache(maxsize=1)
def pandoc_executable() -> str:
    """Path of the Pandoc binary (from pypandoc-binary)."""
    try:
        import pypandoc
    except ImportError as exc:
        raise RenderError("pypandoc-binary is not installed (pip install -r requirements.txt)") from exc
    return pypandoc.get_pandoc_path()


def run_pandoc(args: list[str], markdown: str, cwd: Path, what: str) -> str:
    """Convert ``markdown`` with Pandoc; ``what`` names the document in error messages."""
    completed = subprocess.run(
        [pandoc_executable(), *args],
        input=markdown.encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        check=False,
    )
    stderr = completed.stderr.decode("utf-8", "replace").strip()
    if completed.returncode != 0:
        raise RenderError(f"Pandoc failed on {what} (exit {completed.returncode}):\n{stderr}")
    if stderr:
        for line in stderr.splitlines():
            print(f"qmdrender: pandoc ({what}): {line}", file=__import__("sys").stderr)
    return completed.stdout.decode("utf-8")
