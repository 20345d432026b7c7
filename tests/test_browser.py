"""The built report in headless Chromium: pages load cleanly and self-contained, charts draw,
the scrollytelling drives its chart step by step, and phones never scroll sideways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, built_report, serve

pytestmark = [pytest.mark.browser, pytest.mark.render, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, list[str]]]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    root, report = built_report()
    pages = sorted(p.relative_to(root / "_site").as_posix() for p in report.pages)
    with serve(root / "_site") as base:
        yield base, pages


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    base = url.split("/report/")[0]
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"outside request: {r.url}")
            if not (r.url.startswith(base) or r.url.startswith("data:")) else None)
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    return page, problems


def test_every_page_loads_without_errors_or_outside_requests(site, browser) -> None:
    base, pages = site
    assert pages, "the build produced no pages"
    for name in pages:
        page, problems = _open(browser, f"{base}/{name}")
        page.close()
        assert problems == [], f"{name}: {problems}"


def test_every_plotly_chart_draws(site, browser) -> None:
    base, pages = site
    charts = 0
    for name in pages:
        page, _ = _open(browser, f"{base}/{name}")
        divs = page.locator(".plotly-graph-div")
        for i in range(divs.count()):
            divs.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=10_000)
            charts += 1
        page.close()
    assert charts >= 2


def _chart_state(page) -> dict:
    return page.evaluate("""() => {
        const gd = document.querySelector('.scrolly .sticky .plotly-graph-div');
        return {
          step: gd.closest('.scrolly').getAttribute('data-active-step'),
          visible: gd.data.map(t => [t.name, t.visible === undefined ? true : t.visible]),
          opacity: gd.data.map(t => t.opacity === undefined ? 1 : t.opacity),
          xrange: gd.layout.xaxis.range.map(v => typeof v === 'number' ? Math.round(v * 100) / 100 : v),
          annotations: (gd.layout.annotations || []).map(a => a.text),
        };
    }""")


SCROLLY_PAGE = "report/temporal.html"
TRENDS = ("trend: before 2010", "trend: since 2010", "trend: before the break", "trend: after the break",
          "trend: frontier")
FRONTIER = "Frontier models"


def _shown(visible: dict) -> set[str]:
    """The trend and frontier traces a step shows (the domain traces are always on)."""
    return {name for name in (*TRENDS, FRONTIER) if visible[name] is True}


def _scroll_to_step(page, i: int) -> dict:
    steps = page.locator(".scrolly > .step")
    steps.nth(i).evaluate("el => el.scrollIntoView({block: 'center'})")
    page.wait_for_function(f"document.querySelector('.scrolly').getAttribute('data-active-step') === '{i + 1}'")
    page.wait_for_timeout(600)  # let the transition finish
    return _chart_state(page)


def test_scrolling_through_the_scrolly_section_changes_the_chart_step_by_step(site, browser) -> None:
    base, _ = site
    page, problems = _open(browser, f"{base}/{SCROLLY_PAGE}")
    page.locator(".scrolly .sticky .main-svg").first.wait_for(state="attached")
    steps = page.locator(".scrolly > .step")
    assert steps.count() == 6
    states = [_scroll_to_step(page, i) for i in range(steps.count())]
    visible = [dict(s["visible"]) for s in states]
    names = [name for name, _ in states[0]["visible"]]
    domains = [n for n in names if n not in TRENDS and n != FRONTIER]
    assert "Language" in domains and all(visible[0][d] is True for d in domains), "step 1 shows every model"
    assert _shown(visible[0]) == set(), "step 1: no trend and no frontier overlay yet"
    assert _shown(visible[1]) == {"trend: before 2010"}
    assert _shown(visible[2]) == {"trend: before 2010", "trend: since 2010"}
    assert _shown(visible[3]) == {"trend: before the break", "trend: after the break"}
    assert _shown(visible[4]) == {FRONTIER, "trend: frontier"}
    opacity = dict(zip(names, states[4]["opacity"]))
    assert opacity[FRONTIER] == 1 and opacity["trend: frontier"] == 1
    assert all(opacity[d] < 0.5 for d in domains), "step 5 greys every domain behind the frontier"
    assert all(o == 1 for o in states[3]["opacity"]), "steps before 5 highlight nothing"
    assert _shown(visible[5]) == {FRONTIER}
    assert states[5]["xrange"] == [2019, 2027], "step 6 zooms to the newest models"
    assert states[4]["xrange"] == states[0]["xrange"] and states[0]["xrange"][0] < 1960
    assert len({repr(s) for s in states}) == 6, "every step must change the chart"
    # Scrolling back up returns the chart to an earlier step's state.
    assert _scroll_to_step(page, 1) == states[1]
    assert problems == []
    page.close()


def test_the_pinned_chart_fits_its_column(site, browser) -> None:
    base, _ = site
    page, _ = _open(browser, f"{base}/{SCROLLY_PAGE}")
    page.wait_for_function("document.querySelector('.scrolly').classList.contains('scrolly-active')")
    page.wait_for_timeout(800)
    widths = page.evaluate("""() => {
        const sticky = document.querySelector('.scrolly > .sticky');
        const gd = sticky.querySelector('.plotly-graph-div');
        return [sticky.getBoundingClientRect().width, gd._fullLayout.width];
    }""")
    page.close()
    assert widths[1] <= widths[0] + 1, f"chart {widths[1]}px wide in a {widths[0]}px column"


def test_steps_are_keyboard_focusable_and_drive_the_chart(site, browser) -> None:
    base, _ = site
    page, _ = _open(browser, f"{base}/{SCROLLY_PAGE}")
    page.locator(".scrolly .sticky .main-svg").first.wait_for(state="attached")
    # Focus again until the script has attached its listeners (it starts once the chart is drawn).
    page.wait_for_function("""() => {
        const step = document.querySelector('.scrolly > .step[data-step="6"]');
        step.blur();
        step.focus();
        return document.querySelector('.scrolly').getAttribute('data-active-step') === '6';
    }""", polling=250)
    page.wait_for_timeout(600)
    assert _chart_state(page)["xrange"] == [2019, 2027]
    page.close()


def test_nothing_scrolls_sideways_at_375_px(site, browser) -> None:
    base, pages = site
    for name in pages:
        page, _ = _open(browser, f"{base}/{name}", width=375)
        for _ in range(3):  # also after scrolling into the sticky sections
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 375px"
            page.mouse.wheel(0, 900)
            page.wait_for_timeout(200)
        page.close()


def test_search_matches_words_and_enter_lands_on_the_section(site, browser) -> None:
    """Section-level search: the words of a query may come in any order and need not be next to
    each other; Enter opens the first result, on its section."""
    base, _ = site
    page, problems = _open(browser, f"{base}/{SCROLLY_PAGE}")
    page.wait_for_load_state("load")  # the search script runs once the page is parsed
    box = page.locator("#site-search-input")
    box.fill("compute doubling frontier")  # words of a section, not a phrase in it
    page.locator("#site-search-results [role=option]").first.wait_for(state="visible")
    hrefs = page.evaluate("() => [...document.querySelectorAll('#site-search-results a')].map(a => a.getAttribute('href'))")
    assert hrefs and all("#" in h or h.endswith(".html") for h in hrefs), hrefs
    assert any("#" in h for h in hrefs), "results name sections"
    marked = page.evaluate("() => [...document.querySelectorAll('#site-search-results mark')].map(m => m.textContent.toLowerCase())")
    assert any(m.startswith("doubling") for m in marked), marked
    box.press("ArrowDown")
    assert page.locator("#site-search-results [aria-selected=true]").count() == 1
    box.press("ArrowUp")
    chosen = page.evaluate("() => document.querySelector('#site-search-results [aria-selected=true] a').getAttribute('href')")
    with page.expect_navigation():
        box.press("Enter")
    section = chosen.split("#", 1)[1] if "#" in chosen else None
    assert page.url.endswith(chosen.replace("../", "")), (page.url, chosen)
    if section:
        assert page.evaluate(f"() => document.getElementById({section!r}).tagName") == "SECTION"
    page.close()
    page, _ = _open(browser, f"{base}/{SCROLLY_PAGE}")
    page.wait_for_load_state("load")
    page.locator("#site-search-input").fill("qqxxzzy")
    page.locator("#site-search-results .search-no-results").wait_for(state="visible")
    page.close()
    assert problems == []


def test_previous_and_next_chapter_links_lead_to_the_chapters(site, browser) -> None:
    base, _ = site
    page, _ = _open(browser, f"{base}/report/index.html")
    assert page.locator(".page-navigation .nav-page-previous a").count() == 0, "the first chapter has no previous one"
    with page.expect_navigation():
        page.locator(".page-navigation .nav-page-next a").click()
    assert page.url.endswith("/report/temporal.html")
    assert page.locator(".page-navigation .nav-page-previous a .nav-page-text").inner_text() == "Patterns of Growth"
    page.close()
