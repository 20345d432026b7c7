"""The whole report built from hostile data: text from the data never runs and always reads as
itself.

`fixtures.hostile` copies the real data and gives every source's text columns (Epoch's model,
organisation, country, hardware and notes columns, Global Trade Alert's titles and links, OECD's
country labels, every Our World in Data entity name) markup, `onerror` handlers, markdown links and
images, citations, `{python}` code, Typst markup, bidirectional marks, very long names, quotes,
`]]>`, `</script>` and CSV formulas, each between markers ⟪key⟫…⟪/key⟫. The report is built from
that copy in a temporary project (cold: every chapter executes) and then:

- the page sources hold no element or handler from the data, and between every pair of markers
  the text is the payload itself (escaped as HTML text, never markup);
- in Chromium, with every point of every chart hovered and the site search used, nothing runs,
  and every text node, hover label, title and attribute shows the payload literally;
- `search.json`, the download CSVs and `numbers.json` hold the payloads literally, and no
  download cell starts a spreadsheet formula;
- the PDFs show the payloads as text, never as Typst markup.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixtures.hostile import built_hostile, expected
from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = [pytest.mark.render, pytest.mark.realdata, pytest.mark.slow]

PAIR = re.compile(r"⟪([a-z]+)⟫(.*?)⟪/\1⟫", re.DOTALL)
OPEN, CLOSE = re.compile(r"⟪[a-z]+⟫"), re.compile(r"⟪/[a-z]+⟫")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The page frame's own handler (the site search form), not from the data.
SEARCH_FORM_HANDLER = ("form", "onsubmit", "return false")


def site() -> Path:
    return built_hostile() / "_site"


def pages() -> list[Path]:
    return sorted((site() / "report").glob("*.html"))


def same_text(found: str, key: str, casefold: bool = False) -> bool:
    got, want = " ".join(found.split()), expected(key)
    return got.casefold() == want.casefold() if casefold else got == want


def mismatches(text: str, where: str, casefold: bool = False) -> tuple[list[str], int]:
    """Payloads in `text` that do not read as themselves, and how many payloads it holds."""
    problems = []
    if len(OPEN.findall(text)) != len(CLOSE.findall(text)):
        problems.append(f"{where}: a payload is split (markup or a cut inside it): {text[:300]!r}")
    found = 0
    for match in PAIR.finditer(text):
        found += 1
        if not same_text(match.group(2), match.group(1), casefold):
            problems.append(f"{where}: {match.group(1)} reads as {match.group(2)[:200]!r}")
    return problems, found


class _Text(HTMLParser):
    """The text and attribute values of a page outside <script> and <style>, as a browser
    would decode them, and every tag with the attributes it carries."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._skip: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
        if tag in ("script", "style"):
            self._skip = tag

    def handle_endtag(self, tag):
        if tag == self._skip:
            self._skip = None

    def handle_data(self, data):
        (self.scripts if self._skip == "script" else self.texts if self._skip is None else []).append(data)


def parsed(page: Path) -> _Text:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_page_sources_hold_no_markup_from_the_data() -> None:
    problems, total = [], 0
    for page in pages():
        source = page.read_text(encoding="utf-8")
        outside = re.sub(r"<script\b.*?</script>", "", source, flags=re.DOTALL)
        for match in PAIR.finditer(outside):
            if "<" in match.group(2):
                problems.append(f"{page.name}: markup inside {match.group(1)}: {match.group(2)[:200]!r}")
        doc = parsed(page)
        # Text nodes are joined per page: a payload split by an element shows as unequal markers.
        for i, text in enumerate(doc.texts):
            found = mismatches(text, f"{page.name} text")
            problems += found[0]
            total += found[1]
        for tag, name, value in doc.attributes:
            if (tag, name, value) == SEARCH_FORM_HANDLER:
                continue
            if name.startswith("on") or (name in ("href", "src") and value.strip().lower().startswith("javascript:")):
                problems.append(f"{page.name}: <{tag} {name}={value[:80]!r}>")
            problems += mismatches(value, f"{page.name} <{tag} {name}>")[0]
        assert "window.__pwned=1</script>" not in source.replace("<\\/script>", ""), page.name
    assert not problems, "\n".join(problems[:40])
    assert total >= 50, f"only {total} payloads reached the page text: the crafting lost its way"


def test_figure_payloads_cannot_end_their_script() -> None:
    """The figures' JSON sits in <script> elements: a payload's `</script>` must not end one."""
    for page in pages():
        for script in parsed(page).scripts:
            assert "window.__pwned=1</script>" not in script
            assert "<script>window.__pwned" not in script, page.name


def test_search_index_holds_the_text_literally() -> None:
    """search.json has Quarto's format, whose text is HTML-escaped (the search box shows it as
    HTML): no payload is markup there, and unescaped each reads as itself."""
    entries = json.loads((site() / "search.json").read_text(encoding="utf-8"))
    problems, total = [], 0
    for entry in entries:
        for field in ("title", "text"):
            value = str(entry.get(field, ""))
            if "<" in value or ">" in value:
                problems.append(f"search.json {entry.get('href')} {field}: unescaped markup {value[:200]!r}")
            found = mismatches(html.unescape(value), f"search.json {entry.get('href')} {field}")
            problems += found[0]
            total += found[1]
    assert not problems, "\n".join(problems[:40])
    assert total >= 20, total


def download_cells() -> Iterator[tuple[str, str, str]]:
    for path in sorted((site() / "report" / "downloads").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        for row in rows[1:]:
            for column, cell in zip(rows[0], row):
                yield path.name, column, cell


def test_download_csvs_hold_the_text_literally_and_no_formula() -> None:
    problems, total, neutralised = [], 0, 0
    for name, column, cell in download_cells():
        if cell.startswith(FORMULA_START):
            try:
                float(cell)
            except ValueError:
                problems.append(f"{name} {column}: a cell starts a formula: {cell[:80]!r}")
        if cell.startswith("'") and cell[1:2] in FORMULA_START:
            neutralised += 1
        found = mismatches(cell, f"{name} {column}", casefold=column == "model_key")  # keys are casefolded names
        problems += found[0]
        total += found[1]
    assert not problems, "\n".join(problems[:40])
    assert total >= 50 and neutralised >= 1, (total, neutralised)


def test_numbers_json_holds_the_text_literally() -> None:
    text = (site() / "report" / "downloads" / "numbers.json").read_text(encoding="utf-8")
    strings = []

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            strings.append(value)

    walk(json.loads(text))
    problems = [p for s in strings for p in mismatches(s, "numbers.json")[0]]
    assert not problems, "\n".join(problems[:20])


def pdf_text(pdf: Path) -> str:
    """The PDF's text in content order (table cells stay whole), without the page numbers that
    end each page (a payload may run across a page break)."""
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return re.sub(r"\n\d+\n\f", "\n", text)


def squeeze(text: str) -> str:
    """Text without what line breaking adds or extraction loses: white space, hyphens (a line
    may break at one, and the extraction then drops it), soft hyphens and direction marks. Single
    quotes read as one: Pandoc's Typst writer hands ’ to Typst's smart quotes as ', which may
    print it as ‘ (typography, not markup)."""
    text = re.sub(r"[\s\-\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", text)
    return re.sub("[‘’]", "'", text)


def test_pdfs_show_the_text_never_as_typst_markup() -> None:
    problems, total = [], 0
    pdfs = sorted((site() / "report").glob("*.pdf")) + sorted(site().glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        squeezed = squeeze(pdf_text(pdf))
        for match in PAIR.finditer(squeezed):
            total += 1
            want = squeeze(expected(match.group(1)))
            if match.group(2) != want:
                problems.append(f"{pdf.name}: {match.group(1)} reads as {match.group(2)[:200]!r}")
        if len(OPEN.findall(squeezed)) != len(CLOSE.findall(squeezed)):
            problems.append(f"{pdf.name}: a payload is split or cut")
    assert not problems, "\n".join(problems[:40])
    assert total >= 20, total


# -- in the browser -----------------------------------------------------------------------------
sync_api = pytest.importorskip("playwright.sync_api")

# Every text node and attribute that holds a payload. Chart text (SVG) is read per <text>
# element with its lines joined by a space, as a reader sees a wrapped title; plotly keeps the
# source string of each in `data-unformatted` (an attribute nobody sees), which is left out.
DOM_TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && parent.closest('script, style, svg text')) continue;
    if (node.nodeValue.includes('\\u27ea')) out.push(['text in <' + (parent ? parent.tagName.toLowerCase() : '?') + '>', node.nodeValue]);
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name !== 'data-unformatted' && a.value.includes('\\u27ea')) out.push(['<' + el.tagName.toLowerCase() + ' ' + a.name + '>', a.value]);
    }
  }
  for (const t of document.querySelectorAll('svg text')) {
    const lines = t.querySelectorAll('tspan.line');
    const text = lines.length ? [...lines].map(l => l.textContent).join(' ') : t.textContent;
    if (text.includes('\\u27ea')) out.push(['svg <text>', text]);
  }
  return out;
}"""

HOVER_ALL = """() => {
  const texts = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    (gd.data || []).forEach((trace, curve) => {
      const n = (gd.calcdata && gd.calcdata[curve] || []).length;
      for (let point = 0; point < n; point++) {
        // A trace on a subplot (small multiples) is hovered on its own axes.
        const subplot = trace.xaxis || trace.yaxis ? (trace.xaxis || 'x') + (trace.yaxis || 'y') : undefined;
        Plotly.Fx.hover(gd, [{curveNumber: curve, pointNumber: point}], subplot);
        const layer = gd.querySelector('.hoverlayer');
        if (layer) for (const t of layer.querySelectorAll('text')) texts.push(t.textContent);
        Plotly.Fx.unhover(gd);
      }
    });
  }
  return texts;
}"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    root = built_hostile()
    with serve(root / "_site") as base, sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium, base
        chromium.close()


def test_in_the_browser_nothing_runs_and_every_label_reads_as_text(browser) -> None:
    chromium, base = browser
    problems, total, hovered = [], 0, 0
    for page_path in pages():
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("dialog", lambda d, errors=errors: (errors.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e, errors=errors: errors.append(f"page error: {e}"))
        page.goto(f"{base}/report/{page_path.name}", wait_until="networkidle")
        page.wait_for_timeout(300)
        for where, text in page.evaluate(DOM_TEXTS):
            found = mismatches(text, f"{page_path.name} {where}")
            problems += found[0]
            total += found[1]
        charts = page.locator(".aigrowth-figure .plotly-graph-div")
        for i in range(charts.count()):  # charts draw lazily, when they near the viewport
            charts.nth(i).scroll_into_view_if_needed()
            charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=10_000)
        if page.locator(".js-plotly-plot").count():
            hovers = page.evaluate(HOVER_ALL)
            hovered += len(hovers)
            for text in hovers:
                found = mismatches(text, f"{page_path.name} hover label")
                problems += found[0]
                total += found[1]
        if page.locator("#site-search-input").count():
            page.fill("#site-search-input", "onerror")
            page.wait_for_timeout(300)
            results = page.evaluate("() => [...document.querySelectorAll('#site-search-results li')].map(li => li.innerHTML)")
            problems += [f"{page_path.name} search result holds markup: {r[:200]!r}" for r in results
                         if re.search(r"<(?:img|svg|script)\b", r, re.IGNORECASE)]
        if page.evaluate("typeof window.__pwned") != "undefined":
            problems.append(f"{page_path.name}: a payload ran")
        problems += [f"{page_path.name}: {e}" for e in errors if "Cannot set property target" not in e]
        page.close()
    assert not problems, "\n".join(problems[:60])
    assert total >= 100 and hovered >= 100, (total, hovered)
