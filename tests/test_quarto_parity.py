"""The offline build against what Quarto 1.10.18 itself wrote for this report
(`tests/fixtures/quarto-reference/site`, rendered from the committed freeze of commit 0798532).

For every page: the same figure ids, table ids and section (heading) ids, in the same order,
and the same cross-reference numbers ("Figure 3" for the same figure). Where a chapter changed
since the reference was made (its source hash differs from `project-sources.json`), only what
stays stable is compared: ids present in both keep their kind and number. Every link in both
sites resolves: pages and anchors within each site; in the reference, a link to a file Quarto
copies or writes (downloads, assets, PDFs, its own site_libs, left out of the fixture) counts
when the offline build has that file. The search index has the same section entries.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from fixtures.pages import PageFacts, read_page, unresolved_links
from fixtures.renderbuild import REFERENCE, REPO_ROOT, built_report

pytestmark = [pytest.mark.render, pytest.mark.slow]

REFERENCE_SITE = REFERENCE / "site"
SOURCES = json.loads((REFERENCE / "project-sources.json").read_text(encoding="utf-8"))["sources"]
PAGES = sorted(f"{doc[:-len('.qmd')]}.html" for doc in SOURCES)
# The only ids a page frame adds that differ between the renderers (their search widgets and
# Quarto's own script and style blocks).
FRAME_IDS = {"quarto-bootstrap", "quarto-html-after-body", "quarto-search-options", "quarto-search-results",
             "quarto-text-highlighting-styles", "site-search-input", "site-search-results"}


def unchanged(page: str) -> bool:
    doc = page[: -len(".html")] + ".qmd"
    text = (REPO_ROOT / doc).read_bytes().decode("utf-8").replace("\r\n", "\n")
    return hashlib.md5(text.encode("utf-8")).hexdigest() == SOURCES[doc]


def site_pages(site: Path) -> dict[str, PageFacts]:
    return {p.relative_to(site).as_posix(): read_page(p) for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def offline() -> tuple[Path, dict[str, PageFacts]]:
    root, _ = built_report()
    return root / "_site", site_pages(root / "_site")


@pytest.fixture(scope="module")
def reference() -> dict[str, PageFacts]:
    return site_pages(REFERENCE_SITE)


def test_the_reference_is_vendored_and_complete(reference) -> None:
    assert set(PAGES) <= set(reference), sorted(reference)
    assert (REFERENCE_SITE / "search.json").is_file()


@pytest.mark.parametrize("page", PAGES)
def test_same_figures_tables_headings_and_numbers(page: str, offline, reference) -> None:
    _, pages = offline
    ours, theirs = pages[page], reference[page]
    if unchanged(page):
        assert ours.figures == theirs.figures
        assert ours.tables == theirs.tables
        assert ours.headings == theirs.headings
        assert ours.numbers == theirs.numbers
        assert ours.ids - FRAME_IDS == theirs.ids - FRAME_IDS
    else:  # the chapter changed since the reference: what both have must agree
        for kind in ("figures", "tables", "headings"):
            both = set(getattr(ours, kind)) & set(getattr(theirs, kind))
            assert [i for i in getattr(ours, kind) if i in both] == [i for i in getattr(theirs, kind) if i in both], kind
    for float_id in set(ours.numbers) & set(theirs.numbers):
        if unchanged(page):
            assert ours.numbers[float_id] == theirs.numbers[float_id], float_id
        assert ours.numbers[float_id].split()[0] == theirs.numbers[float_id].split()[0], float_id
    assert not [n for n in ours.numbers.values() if n.startswith("inconsistent")], ours.numbers


def test_every_link_of_the_offline_site_resolves(offline) -> None:
    site, pages = offline
    assert unresolved_links(site, pages) == []


def test_every_link_of_quartos_site_resolves(offline, reference) -> None:
    site, _ = offline

    def quarto_wrote(path: str) -> bool:
        # Quarto's own libraries (left out of the fixture) and the files both renderers copy or
        # write (downloads, assets, PDFs), which the offline build has at the same paths.
        return path.startswith("site_libs/") or (site / path).is_file()

    checked = {page: facts for page, facts in reference.items() if page == "index.html" or unchanged(page)}
    assert unresolved_links(REFERENCE_SITE, checked, exists=quarto_wrote) == []


def test_no_page_links_to_a_qmd_file(offline) -> None:
    _, pages = offline
    # (an address elsewhere, such as "View source" in the repository, may name a .qmd file)
    qmd = [f"{page}: {href}" for page, facts in pages.items() for href in facts.links
           if "://" not in href and href.split("#")[0].split("?")[0].endswith(".qmd")]
    assert qmd == []


def test_links_between_chapters_are_written_as_quarto_writes_them(offline, reference) -> None:
    _, pages = offline
    for page in PAGES:
        if not unchanged(page):
            continue
        ours = sorted(h for h in pages[page].links if h.startswith("../report/"))
        theirs = sorted(h for h in reference[page].links if h.startswith("../report/"))
        # Quarto's navbar links every chapter the same way; the offline pages add previous/next.
        assert set(theirs) <= set(ours), (page, sorted(set(theirs) - set(ours)))


def test_the_search_index_has_quartos_entries() -> None:
    root, _ = built_report()
    ours = json.loads((root / "_site" / "search.json").read_text(encoding="utf-8"))
    theirs = json.loads((REFERENCE_SITE / "search.json").read_text(encoding="utf-8"))
    stable = {p[: -len(".html")] + ".qmd" for p in PAGES if unchanged(p)}

    def keyed(entries):
        return {(e["objectID"], e["href"], e["title"], e["section"]) for e in entries
                if e["href"].split("#")[0][: -len(".html")] + ".qmd" in stable}

    assert keyed(ours) == keyed(theirs)
    assert all(set(e) >= {"objectID", "href", "title", "section", "text"} for e in ours)
    # The text is the section's, heading first, as Quarto writes it (the words themselves follow
    # the data the freeze was made from, which may be newer than the reference).
    for entry in ours:
        if entry["section"]:
            assert entry["text"].startswith(entry["section"]), entry["objectID"]
        assert "<" not in entry["text"] and entry["text"] == entry["text"].strip(), entry["objectID"]


# The page frame the report's CSS (report/assets/*.css) and the browser tests rely on: each must
# match in Quarto's page and in the offline page alike, so one set of CSS serves both.
FRAME_SELECTORS = [
    "body > #quarto-content.page-columns",
    "#quarto-content > #quarto-margin-sidebar > nav#TOC[role=doc-toc]",
    "#quarto-content > main.content#quarto-document-content",
    "main.content > header#title-block-header h1.title",
    "main section.level2[id] > h2.anchored[data-anchor-id]",
    "main .scrolly > .sticky .plotly-graph-div",
    "main .scrolly > .step[data-step][tabindex]",
    "div.quarto-float[id^=fig-] > figure > figcaption",
    "div.quarto-float[id^=tbl-] > figure > figcaption",
    "a.quarto-xref[href^='#fig-']",
    "#quarto-appendix #refs .csl-entry",
    "#TOC .quarto-alternate-formats a[href$='.pdf']",
]


@pytest.mark.parametrize("selector", FRAME_SELECTORS)
def test_the_page_frame_matches_in_both_renderers(selector: str) -> None:
    from bs4 import BeautifulSoup

    root, _ = built_report()
    for site in (REFERENCE_SITE, root / "_site"):
        found = [page for page in PAGES
                 if BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").select(selector)]
        assert found, f"{selector!r} matches nothing in the pages of {site.name}"


def test_every_frame_id_the_reports_css_names_exists_in_both() -> None:
    import re

    from bs4 import BeautifulSoup

    css = " ".join(p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / "report" / "assets").glob("*.css")))
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    names = {n for n in re.findall(r"#([A-Za-z][\w-]*)", css) if not re.fullmatch(r"[0-9a-fA-F]{3,8}", n)}
    assert names, "the report's CSS names frame ids"
    root, _ = built_report()
    for site in (REFERENCE_SITE, root / "_site"):
        soup = BeautifulSoup((site / "report" / "temporal.html").read_text(encoding="utf-8"), "html.parser")
        missing = sorted(n for n in names if soup.find(id=n) is None)
        assert missing == [], f"{site.name}: {missing}"
