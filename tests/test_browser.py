"""The built report in headless Chromium: pages load cleanly and self-contained, charts draw
when they are scrolled to (once, in the layout their width calls for), the scrollytelling drives
its chart step by step, phones never scroll sideways, figures are described to assistive
technology, and each page's Content-Security-Policy stops script injected into its content."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, REFERENCE, built_report, serve

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


def _scroll_and_wait_drawn(chart) -> None:
    """Bring a chart near the viewport (charts draw lazily) and wait until plotly drew it."""
    chart.scroll_into_view_if_needed()
    chart.locator(".main-svg").first.wait_for(state="attached", timeout=10_000)


def test_every_plotly_chart_draws(site, browser) -> None:
    base, pages = site
    charts = 0
    for name in pages:
        page, problems = _open(browser, f"{base}/{name}")
        divs = page.locator(".plotly-graph-div")
        for i in range(divs.count()):
            _scroll_and_wait_drawn(divs.nth(i))
            charts += 1
        page.close()
        assert problems == [], f"{name}: {problems}"
    assert charts >= 20


# Counts plotly's drawing calls once the bundle defines window.Plotly (figures.js loads it).
COUNT_DRAWS = """(() => {
  window.__draws = {newPlot: 0, relayout: 0, react: 0, resize: 0, redraw: 0};
  let plotly;
  Object.defineProperty(window, "Plotly", {configurable: true, get() { return plotly; }, set(value) {
    plotly = value;
    for (const name of ["newPlot", "relayout", "react", "redraw"]) {
      const original = value[name];
      value[name] = function () { window.__draws[name] += 1; return original.apply(this, arguments); };
    }
    const resize = value.Plots.resize;
    value.Plots.resize = function () { window.__draws.resize += 1; return resize.apply(this, arguments); };
  }});
})();"""


def test_a_chart_below_the_fold_draws_only_when_scrolled_to_and_once_in_its_phone_layout(site, browser) -> None:
    base, _ = site
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.add_init_script(COUNT_DRAWS)
    bundles: list[str] = []
    page.on("request", lambda r: bundles.append(r.url) if "/plotly/" in r.url else None)
    page.goto(f"{base}/{SCROLLY_PAGE}", wait_until="networkidle")
    page.wait_for_timeout(1000)
    last = page.locator(".plotly-graph-div").last
    state = lambda: last.evaluate("gd => Boolean(gd._fullLayout) || gd.querySelector('.main-svg') !== null")  # noqa: E731
    assert state() is False, "the last chart of the page drew at load"
    drawn_at_load = page.evaluate("[...document.querySelectorAll('.plotly-graph-div')].filter(g => g._fullLayout).length")
    assert drawn_at_load <= 1, "the first screen holds text and one chart at most"
    _scroll_and_wait_drawn(last)
    assert state() is True
    charts = page.locator(".plotly-graph-div")
    for i in range(charts.count()):
        _scroll_and_wait_drawn(charts.nth(i))
    page.wait_for_timeout(500)
    draws = page.evaluate("window.__draws")
    # Each chart drew once, already in its narrow layout. What follows is small: a relayout that
    # moves touching labels apart (at most one per chart), and for a scrolly block's chart on a
    # phone one relayout and resize that give the space its compacted key freed back.
    blocks = page.locator(".scrolly").count()
    assert draws["newPlot"] == charts.count() and draws["react"] == 0 and draws["redraw"] == 0, draws
    assert draws["resize"] <= blocks and draws["relayout"] <= charts.count() + blocks, draws
    titles = page.evaluate("""[...document.querySelectorAll('.plotly-graph-div')].map(gd => {
        const narrow = gd.layout.meta && gd.layout.meta.narrow;
        return narrow ? [gd.layout.title.text, narrow['title.text']] : null; }).filter(Boolean)""")
    assert titles and all(shown == narrow for shown, narrow in titles)
    assert len({url.split("?")[0] for url in bundles}) == 1, f"one plotly.js bundle per page: {bundles}"
    page.close()


def test_a_page_without_charts_loads_no_chart_library(site, browser) -> None:
    base, _ = site
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{base}/report/methods.html", wait_until="networkidle")
    page.mouse.wheel(0, 20_000)
    page.wait_for_timeout(500)
    page.close()
    assert requested and not [url for url in requested if "plotly" in url]


def test_every_figure_is_described_to_assistive_technology(site, browser) -> None:
    base, pages = site
    described = 0
    for name in pages:
        page, _ = _open(browser, f"{base}/{name}")
        for figure in page.locator(".aigrowth-figure").all():
            # An image, or once drawn with a toolbar a figure (an image cannot hold buttons).
            label = figure.get_attribute("aria-label")
            role = figure.get_attribute("role")
            assert role in ("img", "figure") and label and len(label) > 20, name
            assert page.get_by_role(role, name=label, exact=True).count() >= 1, f"{name}: {label[:60]}"
            described += 1
        page.close()
    assert described >= 20


HOSTILE_MARKUP = ('<p>Entity <img src="x" onerror="window.__pwned=1"> <svg onload="window.__pwned=2"></svg>'
                  '<script>window.__pwned=3</script><a id="hostile-link" href="javascript:window.__pwned=4">x</a></p>')


def _with_injected_markup(site_dir: Path, page: str) -> Path:
    """A copy of the built site in which one page has hostile markup in its content and went
    through the build's last pass again (as if data text had reached it unescaped)."""
    from qmdrender.finish import secure_page

    copy = Path(tempfile.mkdtemp(prefix="csp-site-")) / "_site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns("*.pdf"))
    text = (copy / page).read_text(encoding="utf-8")
    start = text.index(">", text.index("<main")) + 1
    (copy / page).write_text(secure_page(text[:start] + HOSTILE_MARKUP + text[start:]), encoding="utf-8")
    return copy


def test_every_page_carries_a_policy_that_stops_script_injected_into_its_content(site, browser) -> None:
    _, pages = site
    site_dir = built_report()[0] / "_site"
    for name in pages:
        head = (site_dir / name).read_text(encoding="utf-8").split("</head>")[0]
        assert '<meta http-equiv="Content-Security-Policy"' in head and "script-src 'self'" in head, name
        assert '<meta name="description" content="' in head, name
    copy = _with_injected_markup(site_dir, SCROLLY_PAGE)
    try:
        with serve(copy) as base:
            page = browser.new_page()
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(f"{base}/{SCROLLY_PAGE}", wait_until="networkidle")
            page.click("#hostile-link")
            _scroll_and_wait_drawn(page.locator(".plotly-graph-div").first)
            assert page.evaluate("window.__pwned") is None
            assert len(violations) == 4, violations  # onerror, onload, the script, the javascript: link
            page.close()
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)


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
TRENDS = ("trend: before 2010", "trend: since 2010", "trend: segment 1", "trend: segment 2", "trend: segment 3",
          "trend: frontier")
SEGMENTS = {"trend: segment 1", "trend: segment 2", "trend: segment 3"}
FRONTIER = "Frontier models"


def _shown(visible: dict) -> set[str]:
    """The trend and frontier traces a step shows (the domain traces are always on)."""
    return {name for name in (*TRENDS, FRONTIER) if visible[name] is True}


def _scroll_to_step(page, i: int) -> dict:
    steps = page.locator(".scrolly > .step")
    steps.nth(i).evaluate("el => el.scrollIntoView({block: 'center'})")
    # A function, not an expression: the page's policy forbids eval, which expressions need.
    page.wait_for_function(f"() => document.querySelector('.scrolly').getAttribute('data-active-step') === '{i + 1}'")
    page.wait_for_timeout(600)  # let the transition finish
    return _chart_state(page)


def test_scrolling_through_the_scrolly_section_changes_the_chart_step_by_step(site, browser) -> None:
    base, _ = site
    page, problems = _open(browser, f"{base}/{SCROLLY_PAGE}")
    _scroll_and_wait_drawn(page.locator(".scrolly .sticky .plotly-graph-div").first)
    steps = page.locator(".scrolly > .step")
    assert steps.count() == 7
    states = [_scroll_to_step(page, i) for i in range(steps.count())]
    visible = [dict(s["visible"]) for s in states]
    names = [name for name, _ in states[0]["visible"]]
    domains = [n for n in names if n not in TRENDS and n != FRONTIER]
    assert "Language" in domains and all(visible[0][d] is True for d in domains), "step 1 shows every model"
    assert _shown(visible[0]) == set(), "step 1: no trend and no frontier overlay yet"
    assert _shown(visible[1]) == {"trend: before 2010"}
    assert _shown(visible[2]) == {"trend: before 2010", "trend: since 2010"}
    # The segments of the break analysis: as many lines as the data support breaks, plus one.
    assert _shown(visible[3]) and _shown(visible[3]) <= SEGMENTS
    assert _shown(visible[4]) == _shown(visible[3]) and states[4]["xrange"][0] == 1969, "step 5: the data from 1970"
    assert _shown(visible[5]) == {FRONTIER, "trend: frontier"}
    opacity = dict(zip(names, states[5]["opacity"]))
    assert opacity[FRONTIER] == 1 and opacity["trend: frontier"] == 1
    assert all(opacity[d] < 0.5 for d in domains), "step 6 greys every domain behind the frontier"
    assert all(o == 1 for o in states[4]["opacity"]), "steps before 6 highlight nothing"
    assert _shown(visible[6]) == {FRONTIER}
    assert states[6]["xrange"] == [2019, 2027], "step 7 zooms to the newest models"
    assert states[5]["xrange"] == states[0]["xrange"] and states[0]["xrange"][0] < 1960
    assert len({repr(s) for s in states}) == 7, "every step must change the chart"
    # Scrolling back up returns the chart to an earlier step's state.
    assert _scroll_to_step(page, 1) == states[1]
    assert problems == []
    page.close()


def test_the_pinned_chart_fits_its_column(site, browser) -> None:
    base, _ = site
    page, _ = _open(browser, f"{base}/{SCROLLY_PAGE}")
    page.wait_for_function("() => document.querySelector('.scrolly').classList.contains('scrolly-active')")
    _scroll_and_wait_drawn(page.locator(".scrolly .sticky .plotly-graph-div").first)
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
    _scroll_and_wait_drawn(page.locator(".scrolly .sticky .plotly-graph-div").first)
    # Focus again until the script has attached its listeners (it starts once the chart is drawn).
    page.wait_for_function("""() => {
        const step = document.querySelector('.scrolly > .step[data-step="7"]');
        step.blur();
        step.focus();
        return document.querySelector('.scrolly').getAttribute('data-active-step') === '7';
    }""", polling=250)
    page.wait_for_timeout(600)
    assert _chart_state(page)["xrange"] == [2019, 2027]
    page.close()


def test_arrow_keys_and_j_k_move_between_steps_and_focus_follows(site, browser) -> None:
    base, _ = site
    page, problems = _open(browser, f"{base}/{SCROLLY_PAGE}")
    _scroll_and_wait_drawn(page.locator(".scrolly .sticky .plotly-graph-div").first)
    page.wait_for_function("() => { const s = document.querySelector('.scrolly')._scrolly; return s && s.started; }")
    page.locator('.scrolly > .step[data-step="1"]').focus()
    where = "() => [document.querySelector('.scrolly').getAttribute('data-active-step'), document.activeElement.getAttribute('data-step')]"
    for key, step in (("ArrowDown", "2"), ("j", "3"), ("k", "2"), ("ArrowUp", "1")):
        page.keyboard.press(key)
        page.wait_for_function(f"() => document.querySelector('.scrolly').getAttribute('data-active-step') === '{step}'")
        assert page.evaluate(where) == [step, step], key
    # One short status line speaks for the chart; the chart itself is no live region.
    assert page.locator(".scrolly [aria-live]").count() == 0
    status = page.locator(".scrolly .scrolly-status[role=status]").inner_text()
    assert status == "Chart at step 1 of 7", status
    assert problems == []
    page.close()


def test_the_contents_column_leaves_the_screen_and_the_tab_order_while_a_scrolly_block_is_on_screen(site, browser) -> None:
    base, _ = site
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{base}/{SCROLLY_PAGE}", wait_until="networkidle")
    toc = "() => getComputedStyle(document.querySelector('#quarto-margin-sidebar')).visibility"
    assert page.evaluate(toc) == "visible"
    page.locator(".scrolly > .step").nth(2).evaluate("el => el.scrollIntoView({block: 'center'})")
    page.wait_for_function(f"() => ({toc})() === 'hidden'")
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


QUARTO_PAGE = REFERENCE / "site" / "report" / "methods.html"


def test_under_quarto_the_policy_keeps_quartos_own_scripts_and_stops_injected_ones(browser, tmp_path) -> None:
    """A page Quarto 1.10 wrote, with hostile markup in its content, after the post-render pass:
    Quarto's inline script and its navbar handler run, the injected code does not."""
    if not QUARTO_PAGE.is_file():
        pytest.skip(f"no Quarto reference page at {QUARTO_PAGE}")
    from qmdrender.finish import secure_page

    text = QUARTO_PAGE.read_text(encoding="utf-8")
    start = text.index(">", text.index("<main")) + 1
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "methods.html").write_text(secure_page(text[:start] + HOSTILE_MARKUP + text[start:]), encoding="utf-8")
    with serve(tmp_path) as base:
        page = browser.new_page()
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{base}/report/methods.html")
        page.wait_for_timeout(500)
        page.click("#hostile-link")
        page.locator("button.navbar-toggler").first.dispatch_event("click")  # Quarto's own onclick
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        page.close()
    # Exactly the four injected pieces were refused; Quarto's script and handler were not.
    assert len(violations) == 4, violations


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
