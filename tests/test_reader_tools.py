"""The reader's tools on the built report: every page's byline, "How to cite" appendix (its
BibTeX parses), social card and link to the code; previous/next links that resolve; and under
every chart a table of the plotted rows, PNG and SVG downloads that produce files, the CSV with
its description beside it, and a permalink."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import struct
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, built_report, serve

pytestmark = [pytest.mark.render, pytest.mark.slow]

CONFIG = yaml.safe_load((REPO_ROOT / "_quarto.yml").read_text(encoding="utf-8"))
SITE_URL = CONFIG["website"]["site-url"].rstrip("/") + "/"


@pytest.fixture(scope="module")
def site() -> tuple[Path, list[str]]:
    root, report = built_report()
    pages = sorted(p.relative_to(root / "_site").as_posix() for p in report.pages)
    return root / "_site", pages


def _soup(site_dir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / page).read_text(encoding="utf-8"), "html.parser")


def _chapters(pages: list[str]) -> list[str]:
    return [p for p in pages if p.startswith("report/")]


def test_every_page_has_a_byline_with_the_build_day_and_the_data_date(site) -> None:
    site_dir, pages = site
    for page in _chapters(pages):
        soup = _soup(site_dir, page)
        headings = [h.get_text(strip=True) for h in soup.select(".quarto-title-meta-heading")]
        assert headings == ["Author", "Built on"], page
        assert soup.select_one(".quarto-title-meta-contents p").get_text() == "The Patterns of Growth authors"
        assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", soup.select_one("p.date").get_text()), page
        data_date = soup.select_one(".report-data-date")
        assert data_date is not None and re.match(r"Data as of \d{1,2} [A-Z][a-z]{2} \d{4}", data_date.get_text()), page
        target = urllib.parse.urljoin(f"https://site/{page}", data_date.find("a")["href"])
        assert target == "https://site/report/methods.html#sources", page


def test_every_page_has_a_citation_whose_bibtex_parses(site) -> None:
    from pybtex.database import parse_string

    site_dir, pages = site
    for page in _chapters(pages):
        soup = _soup(site_dir, page)
        section = soup.select_one("#quarto-appendix #quarto-citation")
        assert section is not None, f"{page}: no How to cite section"
        entries = parse_string(section.select_one("pre.quarto-appendix-bibtex").get_text(), "bibtex").entries
        assert len(entries) == 1, page
        entry = next(iter(entries.values()))
        assert entry.fields["url"] == SITE_URL + page
        assert entry.fields["title"] == soup.select_one("h1.title").get_text(strip=True)
        cite_as = section.select_one(".quarto-appendix-citeas").get_text(" ", strip=True)
        assert "The Patterns of Growth authors" in cite_as and SITE_URL + page in cite_as


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_social_cards_name_the_page_and_a_built_image_of_its_lead_figure(site) -> None:
    site_dir, pages = site
    for page in _chapters(pages):
        soup = _soup(site_dir, page)
        meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.find_all("meta")}
        assert meta["og:title"].startswith(soup.select_one("h1.title").get_text(strip=True)), page
        assert meta.get("og:description"), page
        assert meta["twitter:title"] == meta["og:title"]
        image = meta.get("og:image")
        if "common.show(" not in (REPO_ROOT / page.replace(".html", ".qmd")).read_text(encoding="utf-8"):
            assert image is None, page
            continue
        assert image and image.startswith(SITE_URL), page
        assert meta["twitter:card"] == "summary_large_image"
        local = site_dir / image[len(SITE_URL):]
        assert local.is_file(), f"{page}: the social card {image} is not in the site"
        assert _png_size(local.read_bytes()) == (1200, 630)


def test_every_page_links_to_its_source_code(site) -> None:
    site_dir, pages = site
    repo = CONFIG["website"]["repo-url"].rstrip("/")
    for page in _chapters(pages):
        link = _soup(site_dir, page).select_one(".toc-actions a")
        assert link is not None and link["href"] == f"{repo}/blob/main/{page.replace('.html', '.qmd')}", page


def test_previous_and_next_links_resolve_in_the_sidebar_order(site) -> None:
    site_dir, pages = site
    order = [p.replace(".qmd", ".html") for p in CONFIG["website"]["sidebar"]["contents"]]
    with serve(site_dir) as base:
        for index, page in enumerate(order):
            links = _soup(site_dir, page).select("nav.page-navigation a.pagination-link")
            expected = ([order[index - 1]] if index else []) + ([order[index + 1]] if index + 1 < len(order) else [])
            targets = []
            for link in links:
                url = urllib.parse.urljoin(f"{base}/{page}", link["href"])
                with urllib.request.urlopen(url) as response:
                    assert response.status == 200, url
                    title = BeautifulSoup(response.read(), "html.parser").select_one("h1.title").get_text(strip=True)
                assert link.get_text(strip=True) == title, f"{page}: link text {link.get_text()!r} is not {title!r}"
                targets.append(url[len(base) + 1 :])
            assert targets == expected, page


def test_every_chart_download_has_its_description_beside_it(site) -> None:
    site_dir, _ = site
    downloads = site_dir / "report" / "downloads"
    figure_ids = set()
    for page in (site_dir / "report").glob("*.html"):
        figure_ids |= {d["id"] for d in _soup(site_dir, f"report/{page.name}").select(".aigrowth-figure .plotly-graph-div")}
    assert figure_ids
    for figure_id in sorted(figure_ids):
        csv_path = downloads / f"{figure_id}.csv"
        about = json.loads((downloads / f"{figure_id}.csv-metadata.json").read_text(encoding="utf-8"))
        header = next(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
        assert [c["titles"] for c in about["tableSchema"]["columns"]] == header, figure_id
        assert about["url"] == csv_path.name
        assert about["dc:source"] and about["dc:license"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", about["dc:created"])
        units = {c["titles"]: c.get("unit") for c in about["tableSchema"]["columns"]}
        for title, unit in units.items():
            if title.endswith(")") and unit:
                assert title.endswith(f"({unit})")


# -- in the browser ----------------------------------------------------------------------
def _until(page, predicate: str, seconds: float = 30) -> None:
    """Wait until `predicate` (a JavaScript function) is true in the page. (Playwright's
    wait_for_function evaluates a string in the page, which the pages' CSP forbids.)"""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        page.wait_for_timeout(100)


sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _decode(values) -> list:
    if isinstance(values, list):
        return values
    if isinstance(values, dict) and "bdata" in values:
        codes = {"f8": "d", "f4": "f", "i4": "i", "u4": "I", "i2": "h", "u2": "H", "i1": "b", "u1": "B"}
        raw = base64.b64decode(values["bdata"])
        code = codes[values["dtype"]]
        return list(struct.unpack(f"<{len(raw) // struct.calcsize(code)}{code}", raw))
    return []


def _plotted_rows(payload: dict) -> int:
    """How many points the chart plots: every drawn trace (or one print shows), point by point."""
    rows = 0
    for trace in payload["data"]:
        meta = trace.get("meta") if isinstance(trace.get("meta"), dict) else {}
        if trace.get("visible") is False and meta.get("print") != "show":
            continue
        if trace.get("type") == "choropleth":
            rows += len(_decode(trace.get("locations")))
        else:
            rows += max(len(_decode(trace.get("x"))), len(_decode(trace.get("y"))))
    return rows


@pytest.mark.browser
@pytest.mark.parametrize("page_name", ["report/costs.html", "report/domains.html"])
def test_table_toggle_shows_the_plotted_rows(site, browser, page_name: str) -> None:
    site_dir, _ = site
    soup = _soup(site_dir, page_name)
    container = soup.select(".aigrowth-figure")[0]
    payload = json.loads(container.select_one("script[type='application/json']").string)
    expected = min(_plotted_rows(payload), 5000)
    assert expected > 0
    figure_id = container.select_one(".plotly-graph-div")["id"]
    with serve(site_dir) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/{page_name}", wait_until="networkidle")
        toggle = page.locator(f"button[aria-controls='figure-table-{figure_id}']")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.focus()
        page.keyboard.press("Enter")  # a keyboard opens it
        panel = page.locator(f"#figure-table-{figure_id}")
        assert toggle.get_attribute("aria-expanded") == "true" and panel.is_visible()
        assert panel.locator("tbody tr").count() == expected
        assert panel.locator("thead th").count() >= 2
        toggle.click()
        assert panel.is_hidden()
        page.close()


@pytest.mark.browser
def test_png_and_svg_downloads_produce_files_and_the_permalink_resolves(site, browser, tmp_path: Path) -> None:
    site_dir, _ = site
    with serve(site_dir) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.goto(f"{base}/report/costs.html", wait_until="networkidle")
        bar = page.locator(".figure-tools").first
        figure_id = page.locator(".aigrowth-figure .plotly-graph-div").first.get_attribute("id")
        for kind, check in (("PNG", lambda b: b.startswith(b"\x89PNG")), ("SVG", lambda b: b"<svg" in b[:400])):
            with page.expect_download(timeout=30000) as info:
                bar.get_by_role("button", name=f"Download the chart as {'an' if kind == 'SVG' else 'a'} {kind} image").click()
            target = tmp_path / info.value.suggested_filename
            info.value.save_as(target)
            assert target.name == f"{figure_id}.{kind.lower()}"
            assert check(target.read_bytes()) and target.stat().st_size > 1000, kind
        csv_link = bar.get_by_role("link", name="CSV: download the data behind the chart")
        assert csv_link.get_attribute("href") == f"downloads/{figure_id}.csv"
        # The chapter's own download link became that control: the page says it once.
        assert "download" in (csv_link.get_attribute("class") or "").split()
        assert page.locator(f'a[href="downloads/{figure_id}.csv"]').count() == 1
        assert page.get_by_text("Download the data behind this chart").count() == 0
        anchor = bar.get_by_role("link", name="Permalink to this chart").get_attribute("href")
        assert anchor.startswith("#") and page.locator(anchor).count() == 1
        page.close()


@pytest.mark.browser
def test_the_world_map_draws_offline_from_the_sites_outlines_and_its_years_change_by_keyboard(site, browser) -> None:
    site_dir, _ = site
    with serve(site_dir) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/report/geography.html", wait_until="networkidle")
        gd = page.locator("#geography-map")
        gd.scroll_into_view_if_needed()
        _until(page, "() => document.querySelectorAll('#geography-map .choroplethlocation').length > 30")
        page.wait_for_load_state("networkidle")
        outside = [u for u in requests if not (u.startswith(base) or u.startswith("data:"))]
        assert outside == []
        assert any(u.endswith("/assets/plotly/topojson/world_110m.json") for u in requests)
        assert any(re.search(r"/plotly-maps[.\w]*\.js$", u) for u in requests)  # (a content-hashed name)
        visible = "() => Array.from(document.getElementById('geography-map').data, t => t.visible === true)"
        shown = page.evaluate(visible)
        assert shown[-1] and sum(shown) == 1
        years = page.locator("#figure-slider-geography-map")
        years.focus()
        page.keyboard.press("Home")
        _until(page, f"() => ({visible[6:]})[0] === true")
        assert sum(page.evaluate(visible)) == 1
        assert page.locator("output[for='figure-slider-geography-map']").inner_text().startswith("By the end of ")
        page.close()
