"""Every scrolly step of every chapter as a reader sees it on a phone (390x844), a tablet
(768x1024) and a desktop (1440x900): the step's card leaves the plot's data readable, the
chart's title and axes are on screen and clear of the sticky header, the current card covers
neither the title nor the key, a phone's key takes at most two rows, phones get no chart
toolbar, no two labels overlap, nothing scrolls sideways, and direct labels sit inside the chart beside their line,
also after a step zooms; and every step changes the chart. One browser; each page loads once per size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, built_report, serve

pytestmark = [pytest.mark.browser, pytest.mark.render, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")

SIZES = [(390, 844), (768, 1024), (1440, 900)]
PHONE_BELOW = 600
MAX_COVER = 0.15  # of plotly's plot rectangle
MAX_KEY_ROWS = 2  # a phone's key (plotly's legend): direct labels take the rest
LABEL_SLACK_PX = 20  # a direct label's box to the last point of its line in view
MEASURE = (Path(__file__).parent / "fixtures" / "scrolly_measure.js").read_text(encoding="utf-8")

# Scroll a step to where a reader reads it: beside the chart, its card in the middle of the
# screen; over the chart, its card as high as the block's activation line allows (just below
# the plot) or, when it is too tall for the space there, wholly on screen above the bottom edge.
READ = """([b, s]) => {
  const section = document.querySelectorAll('.scrolly')[b];
  const card = section.querySelectorAll(':scope > .step')[s].firstElementChild;
  const line = section._scrolly.line(), height = window.innerHeight;
  if (Math.abs(line - height / 2) < 1) { card.scrollIntoView({block: 'center'}); return; }
  const box = card.getBoundingClientRect();
  window.scrollBy(0, box.top - Math.min(line - 4, height - box.height - 8));
}"""


# Until the step's drawing has settled: the update, then the key and the labels placed for it
# (a redraw for a new key replaces the promise).
SETTLED = """async b => {
  const s = document.querySelectorAll('.scrolly')[b]._scrolly;
  let p;
  do { p = s.drawing; await p; } while (p !== s.drawing);
  return true;
}"""


@pytest.fixture(scope="module")
def scrolly_site() -> Iterator[tuple[str, list[str]]]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    root, report = built_report()
    pages = sorted(p.relative_to(root / "_site").as_posix() for p in report.pages
                   if 'class="scrolly' in p.read_text(encoding="utf-8"))
    with serve(root / "_site") as base:
        yield base, pages


def _overlap(a: dict, b: dict) -> float:
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(width, 0) * max(height, 0)


def _shrunk(box: dict, by: float = 0.5) -> dict:
    """A box less a hair on every side: labels that only touch at an edge do not count."""
    return {"left": box["left"] + by, "right": box["right"] - by, "top": box["top"] + by, "bottom": box["bottom"] - by}


def _problems(m: dict, where: str, width: int) -> list[str]:
    found = []
    height = m["viewport"][1]
    top = m["header"]
    if m["cover"] > MAX_COVER:
        found.append(f"{where}: the card covers {m['cover']:.0%} of the plot")
    title = m["title"]
    if not title or title["top"] < top - 1 or title["bottom"] > height:
        found.append(f"{where}: the title is off screen or under the header ({title and round(title['top'])}, header {top})")
    plot = m["plot"]
    for other in m["others"]:
        if _overlap(other, plot) > MAX_COVER * (plot["right"] - plot["left"]) * (plot["bottom"] - plot["top"]) \
                or (title and _overlap(other, title) > 0):
            found.append(f"{where}: another step's card lies over the plot or the title")
            break
    if plot["top"] < top - 1 or plot["bottom"] > height or plot["left"] < 0 or plot["right"] > m["viewport"][0]:
        found.append(f"{where}: the plot area is off screen or under the header {plot}")
    for axis in ("xaxis", "yaxis"):
        box = m[axis]
        if box and box["height"] > 0 and (box["top"] < top - 1 or box["bottom"] > height or box["left"] < 0):
            found.append(f"{where}: the {axis[0]} axis is off screen or under the header {box}")
    if width < PHONE_BELOW and m["modebar"]:
        found.append(f"{where}: a chart toolbar shows on a phone")
    if width < PHONE_BELOW and m["legendRows"] > MAX_KEY_ROWS:
        found.append(f"{where}: the key takes {m['legendRows']} rows on a phone")
    for part in ("title", "subtitle", "legend"):
        box = m[part]
        if box and box["height"] > 0 and _overlap(m["card"], box) > 0:
            found.append(f"{where}: the card covers the chart's {part}")
    boxes = [(label["name"], label["rect"]) for label in m["labels"]] + [(n["name"], n["rect"]) for n in m["notes"]]
    for i, (name, box) in enumerate(boxes):
        for other, box2 in boxes[i + 1:]:
            if _overlap(_shrunk(box), _shrunk(box2)) > 0:
                found.append(f"{where}: the labels {name!r} and {other!r} overlap")
    if m["sideways"] > 0:
        found.append(f"{where}: the page scrolls sideways by {m['sideways']}px")
    figure = m["figure"]
    for label in m["labels"]:
        box, end = label["rect"], label["end"]
        inside = (box["left"] >= figure["left"] - 1 and box["right"] <= figure["right"] + 1
                  and box["top"] >= plot["top"] - 8 and box["bottom"] <= plot["bottom"] + 8)
        if not inside:
            found.append(f"{where}: {label['name']} lies outside the chart {box}")
        if end is None:
            found.append(f"{where}: {label['name']} shows while its line is out of view")
            continue
        if label["point"] is not None:
            # Pushed apart from its neighbours, the label draws a leader from its line's end.
            gap = max(abs(label["point"][0] - end[0]), abs(label["point"][1] - end[1]))
            if gap > 3:
                found.append(f"{where}: {label['name']}'s leader starts {gap:.0f}px from its line")
            continue
        dx = max(box["left"] - end[0], end[0] - box["right"], 0)
        dy = max(box["top"] - end[1], end[1] - box["bottom"], 0)
        if max(dx, dy) > LABEL_SLACK_PX:
            found.append(f"{where}: {label['name']} is {max(dx, dy):.0f}px from its line")
    for note in m["notes"]:
        box = note["rect"]
        if box["left"] < figure["left"] - 1 or box["right"] > figure["right"] + 1:
            found.append(f"{where}: the annotation {note['name']!r} runs off the chart {box}")
    return found


def test_every_scrolly_step_reads_on_a_phone_a_tablet_and_a_desktop(scrolly_site) -> None:
    base, pages = scrolly_site
    assert len(pages) >= 4, pages
    problems: list[str] = []
    steps_seen = 0
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
            for name in pages:
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.goto(f"{base}/{name}", wait_until="networkidle")
                blocks = page.locator(".scrolly").count()
                for b in range(blocks):
                    block = page.locator(".scrolly").nth(b)
                    block.scroll_into_view_if_needed()
                    page.wait_for_function("b => { const s = document.querySelectorAll('.scrolly')[b]._scrolly;"
                                           " return s && s.started; }", arg=b)
                    for s in range(block.locator(":scope > .step").count()):
                        where = f"{width}x{height} {name} block {b + 1} step {s + 1}"
                        page.evaluate(READ, [b, s])
                        page.wait_for_timeout(80)
                        page.evaluate(READ, [b, s])  # again, now that the chart is pinned
                        page.wait_for_function(
                            "([b, s]) => document.querySelectorAll('.scrolly')[b].getAttribute('data-active-step') === String(s + 1)",
                            arg=[b, s], timeout=5_000)
                        page.wait_for_timeout(120)
                        # The step's drawing: the update, then the key and the labels placed for it.
                        page.evaluate(SETTLED, b)
                        measured = page.evaluate(MEASURE, [b, s])
                        problems += _problems(measured, where, width)
                        if s > 0 and measured["state"] == previous:
                            problems.append(f"{where}: the step does not change the chart")
                        previous = measured["state"]
                        steps_seen += 1
                problems += [f"{width}x{height} {name}: {e}" for e in errors]
                page.close()
            context.close()
        browser.close()
    assert steps_seen >= 3 * 20
    assert problems == [], "\n".join(problems)


# The world map's year control on a phone, a tablet and a desktop: one control (the page's
# range input; plotly's own slider taken out), year labels that neither crowd one another nor
# touch the chart's source line, and fewer of them on a phone.
MAP_CONTROL = """id => {
  const gd = document.getElementById(id), wrap = gd.closest('.aigrowth-figure');
  const box = el => { const b = el.getBoundingClientRect(); return {left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height}; };
  const source = [...gd.querySelectorAll('.annotation-text-g')].map(box).filter(b => b.width > 0)
    .sort((p, q) => q.bottom - p.bottom)[0];
  const ticks = [...document.querySelectorAll(`#figure-slider-${id} ~ .figure-slider-ticks > *`)]
    .map(box).filter(b => b.width > 0);
  return {plotlySliders: gd.querySelectorAll('.slider-container').length,
          inputs: document.querySelectorAll('input[type=range]#figure-slider-' + id).length,
          control: box(document.getElementById('figure-slider-' + id).closest('.figure-slider')),
          figure: box(wrap), source, ticks, sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def test_the_world_map_has_one_year_control_with_readable_years(scrolly_site) -> None:
    base, _ = scrolly_site
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{base}/report/geography.html", wait_until="networkidle")
            ids = page.evaluate("() => [...document.querySelectorAll('.figure-slider input')].map(i => i.id.slice(14))")
            assert ids, "no chart with a year control"
            for figure_id in ids:
                page.locator(f"#{figure_id}").scroll_into_view_if_needed()
                page.wait_for_function(f"() => document.querySelectorAll('#{figure_id} .choroplethlocation').length > 10")
                m = page.evaluate(MAP_CONTROL, figure_id)
                where = f"{width}x{height} {figure_id}"
                if m["plotlySliders"] or m["inputs"] != 1:
                    problems.append(f"{where}: {m['plotlySliders']} plotly sliders and {m['inputs']} year inputs")
                ticks = m["ticks"]
                if not 2 <= len(ticks) <= (5 if width < PHONE_BELOW else 8):
                    problems.append(f"{where}: {len(ticks)} year labels")
                for left, right in zip(ticks, ticks[1:], strict=False):
                    if right["left"] - left["right"] < 8:
                        problems.append(f"{where}: the year labels crowd one another {left} {right}")
                if m["source"] and _overlap(m["source"], m["control"]) > 0:
                    problems.append(f"{where}: the year control touches the source line")
                if any(t["left"] < 0 or t["right"] > width for t in ticks) or m["sideways"] > 0:
                    problems.append(f"{where}: a year label runs off the screen")
            page.close()
        browser.close()
    assert problems == [], "\n".join(problems)
