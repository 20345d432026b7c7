"""Every chart of every chapter page on a phone (390x844), as drawn: its title, subtitle,
legend, plot area and source line each keep to their own space (no two overlap), and the
legend is never taller than the plot it explains. Charts in scrolly sections are measured as
they first draw; tests/test_screens.py follows them through their steps."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest

from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, built_report, serve

pytestmark = [pytest.mark.browser, pytest.mark.render, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")

PHONE = (390, 844)
EDGE_PX = 1.0  # boxes that only touch at an edge (a glyph's descender) do not count
PARTS = (Path(__file__).parent / "fixtures" / "figure_parts.js").read_text(encoding="utf-8")

# Until the chart has drawn: figures.js draws a chart as it nears the viewport.
DRAWN = "id => { const gd = document.getElementById(id); return !!(gd && gd._fullLayout && gd._fullLayout._size && gd.querySelector('.main-svg')); }"


@pytest.fixture(scope="module")
def chapter_site() -> Iterator[tuple[str, list[str]]]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    root, report = built_report()
    pages = sorted(
        p.relative_to(root / "_site").as_posix()
        for p in report.pages
        if "aigrowth-figure" in p.read_text(encoding="utf-8")
    )
    with serve(root / "_site") as base:
        yield base, pages


def _overlap(a: dict, b: dict) -> float:
    width = min(a["right"], b["right"]) - max(a["left"], b["left"]) - 2 * EDGE_PX
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) - 2 * EDGE_PX
    return max(width, 0) * max(height, 0)


def _problems(m: dict, where: str) -> list[str]:
    found = []
    parts = {name: m[name] for name in ("title", "subtitle", "legend", "plot", "source") if m[name]}
    for (one, a), (other, b) in combinations(parts.items(), 2):
        if _overlap(a, b) > 0:
            found.append(f"{where}: the {one} overlaps the {other} ({_rounded(a)} / {_rounded(b)})")
    title, figure = m["title"], m["figure"]
    if title and title["top"] < figure["top"] - EDGE_PX:
        found.append(
            f"{where}: the title runs off the chart's top ({round(title['top'] - figure['top'])} px)"
        )
    legend, plot = m["legend"], m["plot"]
    if legend and legend["height"] > plot["height"]:
        found.append(
            f"{where}: the legend ({legend['height']:.0f} px) is taller than the plot ({plot['height']:.0f} px)"
        )
    return found


def _rounded(box: dict) -> dict:
    return {k: round(box[k]) for k in ("left", "top", "right", "bottom")}


def test_no_chart_part_overlaps_another_on_a_phone(chapter_site) -> None:
    base, pages = chapter_site
    assert len(pages) >= 5, pages
    problems: list[str] = []
    charts = 0
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": PHONE[0], "height": PHONE[1]}, reduced_motion="reduce"
        )
        for name in pages:
            page = context.new_page()
            page.goto(f"{base}/{name}", wait_until="networkidle")
            ids = page.evaluate(
                "() => [...document.querySelectorAll('.aigrowth-figure .plotly-graph-div')].map(d => d.id)"
            )
            for figure_id in ids:
                page.locator(f"#{figure_id}").scroll_into_view_if_needed()
                page.wait_for_function(DRAWN, arg=figure_id, timeout=15_000)
                page.wait_for_timeout(300)  # a phone key or a narrow layout settles after the first draw
                problems += _problems(page.evaluate(PARTS, figure_id), f"{name} #{figure_id}")
                charts += 1
            page.close()
        context.close()
        browser.close()
    assert charts >= 20
    assert problems == [], "\n".join(problems)
