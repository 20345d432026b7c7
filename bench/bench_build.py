"""Build benchmark: cold build (no _freeze), warm build (nothing changed; goal < 1 s), per-page
HTML weight with its own CSS/JS but without the plotly.js bundle it loads when a chart nears
(goal < 300 KB; `bench_pages.py` counts everything a reader downloads), PDF sizes and peak memory.

Builds a copy of the project (`_quarto.yml`, the renderer's hooks, `report/`, `py/`, the
committed `data/` files and a link to `data/raw`, no `_freeze`) in a temporary folder with the
offline renderer, so the working tree is never touched.
"""

from __future__ import annotations

import gzip
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "py"))
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.renderbuild import copy_report_project  # noqa: E402
from qmdrender.build import build_offline  # noqa: E402

PAGE_GOAL_KB = 300
WARM_GOAL_S = 1.0
_LOCAL_ASSET = re.compile(r'(?:src|href)="([^"#?]+\.(?:css|js))"')


def page_weight(page: Path, site: Path, compressed: bool = False) -> int:
    """Bytes of a page plus the local CSS/JS it links, except plotly.js; with
    `compressed`, the bytes a reader downloads from a server that gzips (as most static hosts
    do)."""
    def size(data: bytes) -> int:
        return len(gzip.compress(data, mtime=0)) if compressed else len(data)

    html = page.read_text(encoding="utf-8")
    total = size(html.encode("utf-8"))
    for ref in set(_LOCAL_ASSET.findall(html)):
        if ref.endswith("plotly.min.js") or "://" in ref:
            continue
        asset = (page.parent / ref).resolve()
        if asset.is_file() and asset.is_relative_to(site.resolve()):
            total += size(asset.read_bytes())
    return total


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        copy_report_project(work)
        shutil.rmtree(work / "_freeze", ignore_errors=True)  # cold: nothing frozen
        started = time.perf_counter()
        cold = build_offline(work, pdf=True)
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        warm = build_offline(work, pdf=True)
        warm_s = time.perf_counter() - started
        site = work / "_site"
        print("\n== build benchmark (offline renderer) ==")
        print(f"cold build (no _freeze, {len(cold.executed)} documents executed): {cold_s:6.2f} s")
        flag = "ok" if warm_s < WARM_GOAL_S else "OVER GOAL"
        print(f"warm build (nothing changed):              {warm_s:6.2f} s  (goal < {WARM_GOAL_S:.0f} s: {flag})")
        assert not warm.executed
        print("page weight without plotly.js:")
        for page in sorted(site.rglob("*.html")):
            if page.name == "index.html" and page.parent == site:
                continue  # the root redirect
            kb = page_weight(page, site) / 1024
            flag = "ok" if kb < PAGE_GOAL_KB else "OVER GOAL"
            print(f"  {page.relative_to(site).as_posix():28s} {kb:8.1f} KB  (goal < {PAGE_GOAL_KB} KB: {flag})")
        print("PDF sizes:")
        for pdf in sorted(site.rglob("*.pdf")):
            print(f"  {pdf.relative_to(site).as_posix():28s} {pdf.stat().st_size / 1024:8.1f} KB")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory: build process {own:.0f} MB; largest child (kernel, Pandoc, browser) {children:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
