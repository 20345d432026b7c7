"""Text from the data never runs in a reader's browser.

The safety fixture (`tests/fixtures/safetyproject`) feeds the project's real builders (the
compute-over-time and models-per-country figures, the most-expensive-runs table and prose through
`aigrowth.fmt.fmt_text`) models, organisations and countries named `<script>…</script>`,
`<img onerror=…>`, `"><svg onload=…>` and `javascript:` links. Built offline and opened in
headless Chromium with every point hovered, nothing may run (`window.__pwned` stays undefined, no
dialog opens) and the markup must read as text in the prose, the table cells, the hover labels,
the annotations and the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, built_safety, serve

pytestmark = [pytest.mark.render, pytest.mark.slow]

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '"><svg onload=window.__pwned=1>'
MD_LINK = "[click me](javascript:window.__pwned=1)"
A_LINK = '<a href="javascript:window.__pwned=1">link</a>'


# plotly.js's hover layer assigns to the read-only `event.target` when the mouse crosses a
# hover label (plotly.min.js `n.onmousemove=function(a){a.target=...}`): a page error of
# plotly's own, unrelated to the data, that a real mouse triggers on any hovered chart.
PLOTLY_HOVERLAYER_BUG = "Cannot set property target of #<Event> which has only a getter"


def page_html() -> str:
    root, _ = built_safety()
    return (root / "_site" / "report" / "index.html").read_text(encoding="utf-8")


def test_page_source_has_no_live_markup_from_the_data() -> None:
    html = page_html()
    assert SCRIPT not in html and "<img src=x" not in html and "<svg onload" not in html
    assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", html, re.I), "a javascript: link in the page"
    assert not re.search(r"<(?:img|svg)[^>]*\son\w+=", html, re.I), "an inline event handler in the page"
    # The prose shows the names as text (HTML-escaped in the source).
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in html or "&lt;img src=x onerror=\"window.__pwned=1\"&gt;" in html


def test_pdf_shows_the_names_as_text() -> None:
    pypdf = pytest.importorskip("pypdf")
    root, _ = built_safety()
    pdf = root / "_site" / "report" / "index.pdf"
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages))
    assert "window.__pwned=1" in text
    assert "<script>" in text.replace(" ", "") or "<script>" in text


sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def opened() -> Iterator[tuple[object, list[str]]]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    root, _ = built_safety()
    with serve(root / "_site") as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.goto(f"{base}/report/index.html", wait_until="networkidle")
        page.locator(".plotly-graph-div .main-svg").first.wait_for(state="attached")
        yield page, problems
        browser.close()


def hover_every_point(page) -> list[str]:
    """Hover each point of each chart through plotly's own hover (as a mouse would) and return
    the hover label text of each."""
    return page.evaluate("""() => {
        const texts = [];
        for (const gd of document.querySelectorAll('.js-plotly-plot')) {
          gd.data.forEach((trace, curve) => {
            const n = (gd.calcdata[curve] || []).length;
            for (let point = 0; point < n; point++) {
              Plotly.Fx.hover(gd, [{curveNumber: curve, pointNumber: point}]);
              const layer = gd.querySelector('.hoverlayer');
              texts.push(layer ? layer.textContent : '');
              Plotly.Fx.unhover(gd);
            }
          });
        }
        return texts;
    }""")


def test_nothing_from_the_data_runs_and_hover_labels_show_it_as_text(opened) -> None:
    page, problems = opened
    # A real mouse over each chart first, then every point through plotly's hover.
    for i in range(page.locator(".plotly-graph-div .nsewdrag").count()):
        box = page.locator(".plotly-graph-div .nsewdrag").nth(i).bounding_box()
        for step in range(40):
            page.mouse.move(box["x"] + box["width"] * step / 40, box["y"] + box["height"] * (1 - step / 40))
    hovers = hover_every_point(page)
    assert len(hovers) >= 10, hovers
    joined = "\n".join(hovers)
    for name in (SCRIPT, IMG, MD_LINK):
        assert name in joined, f"hover labels do not show {name!r} as text"
    assert "link" in joined and "javascript:window.__pwned=1" in joined
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert [p for p in problems if PLOTLY_HOVERLAYER_BUG not in p] == [], problems


def test_table_cells_annotations_and_prose_show_the_markup_as_text(opened) -> None:
    page, _ = opened
    cells = page.evaluate("() => [...document.querySelectorAll('table td')].map(td => td.textContent.trim())")
    for name in (SCRIPT, IMG, SVG, MD_LINK, A_LINK):
        assert name in cells, f"table cells do not show {name!r}: {cells}"
    annotations = page.evaluate("() => [...document.querySelectorAll('.annotation-text')].map(a => a.textContent)")
    assert SCRIPT in annotations and SVG in annotations, annotations
    prose = page.evaluate("() => document.querySelector('main').innerText")
    for name in (SCRIPT, IMG, SVG, MD_LINK):
        assert name in prose, f"the prose does not show {name!r}"
    live = page.evaluate("""() => ({
        handlers: [...document.querySelectorAll('*:not(form.site-search)')].filter(el => [...el.attributes].some(a => /^on/i.test(a.name))).map(el => el.outerHTML.slice(0, 200)),
        jsLinks: [...document.querySelectorAll('a[href], [*|href]')].filter(el => /^\\s*javascript:/i.test(el.getAttribute('href') || el.getAttribute('xlink:href') || '')).length,
        // A figure's JSON data block carries the names as (escaped) data; it is not a script that runs.
        scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned=1') && s.type !== 'application/json').length,
    })""")
    assert live == {"handlers": [], "jsLinks": 0, "scripts": 0}, live
    assert page.evaluate("typeof window.__pwned") == "undefined"
