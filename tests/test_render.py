"""The offline renderer end to end on a small fixture project (the Quarto reference's own
documents), compared with what Quarto 1.10 wrote for them (vendored in
`tests/fixtures/quarto-reference`, so the comparison always runs), and the Quarto conventions
it follows: links between documents, page navigation, `toc-depth`, `website.search`, and a
clear stop on any setting it does not support."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from fixtures.renderbuild import FIXTURE_PROJECT, REFERENCE, built_fixture
from qmdrender.build import build_offline
from qmdrender.errors import CellExecutionFailed, ConfigError, RenderError
from qmdrender.freeze import source_hash
from qmdrender.project import load_project
from qmdrender.qmd import parse_document

pytestmark = [pytest.mark.render, pytest.mark.slow]

FREEZE_FILES = [
    "report/index/execute-results/html.json",
    "report/index/execute-results/typ.json",
    "report/chapter/execute-results/html.json",
    "report/chapter/execute-results/typ.json",
]


def _reference_freeze() -> Path:
    return REFERENCE / "freeze"


def test_the_fixture_documents_are_the_references_own() -> None:
    for name in ("index.qmd", "chapter.qmd", "references.bib"):
        assert (FIXTURE_PROJECT / "report" / name).read_bytes() == (REFERENCE / "source" / "report" / name).read_bytes()


def _comparable(markdown: str) -> str:
    """Markdown with what legitimately differs between runs blanked: raw HTML payloads
    (plot and table markup), Jupyter's random cell ids and the extra fig-alt attribute."""
    markdown = re.sub(r"```\{=html\}\n.*?\n```", "```{=html}\n<payload>\n```", markdown, flags=re.S)
    markdown = re.sub(r"::: \{#[0-9a-f]{8} \.cell", "::: {#<cell-id> .cell", markdown)
    return re.sub(r"(\{#fig-[\w-]+ \.cell-output \.cell-output-display) fig-alt='[^']*'\}", r"\1}", markdown)


@pytest.mark.parametrize("relpath", FREEZE_FILES)
def test_freeze_file_has_quartos_structure_keys_and_hash(relpath: str) -> None:
    reference = json.loads((_reference_freeze() / relpath).read_text(encoding="utf-8"))
    root, _ = built_fixture()
    ours = json.loads((root / "_freeze" / relpath).read_text(encoding="utf-8"))
    assert list(ours) == list(reference) == ["hash", "result"]
    assert list(ours["result"]) == list(reference["result"])
    assert ours["hash"] == reference["hash"], "same source text must give Quarto's hash"
    assert ours["result"]["engine"] == reference["result"]["engine"]
    assert ours["result"]["supporting"] == reference["result"]["supporting"]
    assert ours["result"]["filters"] == reference["result"]["filters"]
    assert isinstance(ours["result"]["includes"], dict)
    assert _comparable(ours["result"]["markdown"]) == _comparable(reference["result"]["markdown"])


def test_freeze_file_is_written_like_quarto() -> None:
    """Two-space indentation and ASCII escapes, no trailing newline (as in the reference)."""
    root, _ = built_fixture()
    text = (root / "_freeze" / FREEZE_FILES[1]).read_text(encoding="utf-8")
    assert text.startswith('{\n  "hash": "')
    assert text.isascii() and "\\u00d7" in text  # the table's "×" escaped like Quarto's
    assert not text.endswith("\n")


def test_typst_figure_png_is_stored_in_the_freeze() -> None:
    root, _ = built_fixture()
    png = root / "_freeze" / "report" / "index" / "figure-typst" / "fig-growth-output-1.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_hash_is_md5_of_lf_normalised_text() -> None:
    text = "---\ntitle: x\n---\n\nHello\n"
    assert source_hash(text) == source_hash(text.replace("\n", "\r\n"))
    assert source_hash(text) != source_hash(text + " ")


def test_html_page_numbers_and_links_figures_tables_citations_callouts() -> None:
    root, _ = built_fixture()
    page = (root / "_site" / "report" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="#fig-growth"[^>]*>Figure\xa01</a>', page)
    assert re.search(r'<a href="#tbl-models"[^>]*>Table\xa01</a>', page)
    assert "Figure\xa01: Training compute over time" in page
    assert "Table\xa01: Models" in page
    assert "Epoch AI" in page and 'id="refs"' in page
    assert 'class="callout callout-style-default callout-note callout-titled"' in page
    assert "The data hold 4 models" in page


def test_pages_load_plotly_once_from_the_site_and_never_a_cdn() -> None:
    root, _ = built_fixture()
    site = root / "_site"
    assert (site / "site_libs" / "plotly" / "plotly.min.js").stat().st_size > 1_000_000
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "cdn." not in text and "mathjax" not in text.lower(), page
        assert len(text) < 300_000, f"{page} embeds a large bundle"


def test_site_has_quartos_frame_navbar_search_and_other_formats() -> None:
    root, report = built_fixture()
    site = root / "_site"
    page = (site / "report" / "chapter.html").read_text(encoding="utf-8")
    assert '<div id="quarto-content" class="quarto-container page-columns' in page
    assert '<main class="content" id="quarto-document-content">' in page
    assert re.search(r'<a class="nav-link active" aria-current="page" href="\.\./report/chapter\.html">', page)
    assert 'href="../report/index.html"' in page and 'href="../index.html"' in page  # as Quarto links them
    # "Other Formats": the chapter's PDF, where Quarto puts it (after the contents, in the margin)
    assert '<div class="quarto-alternate-formats"><h2>Other Formats</h2><ul><li><a href="chapter.pdf">' in page
    entries = json.loads((site / "search.json").read_text())
    assert entries[0]["title"] == "Reference index" and entries[0]["objectID"] == "report/index.html"
    assert {p.name for p in report.pdfs} == {"index.pdf", "chapter.pdf", "reference-project.pdf"}


def test_figures_tables_callouts_and_references_use_quartos_markup() -> None:
    root, _ = built_fixture()
    page = (root / "_site" / "report" / "index.html").read_text(encoding="utf-8")
    uuid = "0ceaefa1-69ba-4598-a22c-09a6ac19f8ca"
    assert '<div id="fig-growth" class="cell-output cell-output-display quarto-float quarto-figure quarto-figure-center anchored">' in page
    assert f'<figcaption class="quarto-float-caption-bottom quarto-float-caption quarto-float-fig" id="fig-growth-caption-{uuid}">' in page
    assert '<div id="tbl-models" class="cell quarto-float quarto-figure quarto-figure-center anchored" data-execution_count="3">' in page
    assert f'<figcaption class="quarto-float-caption-top quarto-float-caption quarto-float-tbl" id="tbl-models-caption-{uuid}">' in page
    assert '<div class="callout callout-style-default callout-note callout-titled">' in page
    assert ('<div id="quarto-appendix" class="default"><section class="quarto-appendix-contents" role="doc-bibliography" '
            'id="quarto-bibliography"><h2 class="anchored quarto-appendix-heading">References</h2>') in page
    # the appendix follows the document's sections, outside them, inside <main>
    assert page.index('id="quarto-appendix"') < page.index("</main>")


def test_warm_build_does_nothing_and_is_fast() -> None:
    root, _ = built_fixture()
    started = time.perf_counter()
    report = build_offline(root, pdf=True)
    assert report.executed == [] and report.skipped_site
    assert time.perf_counter() - started < 1.0


def test_site_rebuild_is_byte_identical(tmp_path: Path) -> None:
    root, _ = built_fixture()
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    (copy / "_site" / ".qmdrender-stamp").unlink()
    build_offline(copy, pdf=True)
    for name in ("report/index.html", "report/chapter.html", "search.json"):
        assert (copy / "_site" / name).read_bytes() == (root / "_site" / name).read_bytes(), name


def test_only_changed_document_is_executed_again(tmp_path: Path) -> None:
    root, _ = built_fixture()
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    chapter = copy / "report" / "chapter.qmd"
    chapter.write_text(chapter.read_text().replace("41 + 1", "40 + 3"))
    report = build_offline(copy, pdf=False)
    assert report.executed == ["report/chapter.qmd"]
    frozen = json.loads((copy / "_freeze/report/chapter/execute-results/html.json").read_text())
    assert frozen["hash"] == source_hash(chapter.read_text())
    assert "The answer is 43." in frozen["result"]["markdown"]


HOOKS = """[tool.qmdrender]
data = ["data"]
data-ignore = ["data/record.json"]
"""
DATA_CONFIG = """project:
  type: website
  render: [one.qmd, two.qmd]
  execute-dir: project
website:
  title: Data
"""


def test_a_change_to_the_data_files_executes_again(tmp_path: Path) -> None:
    """The data digest comes from the data files themselves: a changed file executes every
    document again; a record beside them, dot files and Quarto's own hash do not count."""
    (tmp_path / "_quarto.yml").write_text(DATA_CONFIG)
    for name in ("one", "two"):
        (tmp_path / f"{name}.qmd").write_text(f"---\ntitle: {name}\n---\n\nValue `{{python}} 6 * 7`.\n")
    (tmp_path / "pyproject.toml").write_text(HOOKS)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "models.csv").write_text("name,flop\nA,1e17\n")
    assert build_offline(tmp_path, pdf=False).executed == ["one.qmd", "two.qmd"]
    assert build_offline(tmp_path, pdf=False).executed == []
    (tmp_path / "data" / "record.json").write_text('{"accessed": "today"}')
    (tmp_path / "data" / ".models.csv.partial").write_text("half a file")
    assert build_offline(tmp_path, pdf=False).executed == []
    (tmp_path / "data" / "models.csv").write_text("name,flop\nA,1e18\n")
    assert build_offline(tmp_path, pdf=False, only="two.qmd").executed == ["two.qmd"]
    # The other document still knows it was executed with the old data.
    assert build_offline(tmp_path, pdf=False).executed == ["one.qmd"]
    # The data digest sits in the renderer's record; Quarto's hash stays the plain MD5.
    frozen = json.loads((tmp_path / "_freeze/two/execute-results/typ.json").read_text())
    assert frozen["hash"] == source_hash((tmp_path / "two.qmd").read_text())
    record = json.loads((tmp_path / "_freeze/.qmdrender/two.json").read_text())
    assert set(record) == {"source", "data", "modules", "outputs"} and record["source"] == frozen["hash"]


SITE_CONFIG = """project:
  type: website
  render: [report/index.qmd, report/one.qmd, report/two.qmd]
  execute-dir: project
website:
  title: Conventions
  page-navigation: true
  sidebar:
    contents: [report/index.qmd, report/one.qmd, report/two.qmd]
  navbar:
    left:
      - href: report/index.qmd
        text: Home
      - report/one.qmd
sidebar: false
format:
  html:
    toc: true
    toc-depth: 2
"""
PAGES = {
    "report/index.qmd": "---\ntitle: Home\n---\n\nSee [the first chapter](one.qmd#details) and [the second](../report/two.qmd).\n\n## Start\n\nText.\n",
    "report/one.qmd": "---\ntitle: One\n---\n\nBack [home](index.qmd), on to [two](./two.qmd#end).\n\n## Details\n\nText.\n\n### Deeper\n\nNot in a depth-2 contents.\n",
    "report/two.qmd": "---\ntitle: Two\n---\n\n## End\n\nThe end.\n",
}


@pytest.fixture(scope="module")
def conventions_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("conventions")
    (root / "_quarto.yml").write_text(SITE_CONFIG)
    for rel, text in PAGES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    build_offline(root, pdf=True)
    return root / "_site"


def test_links_between_documents_are_resolved_as_quarto_resolves_them(conventions_site: Path) -> None:
    index = (conventions_site / "report" / "index.html").read_text(encoding="utf-8")
    one = (conventions_site / "report" / "one.html").read_text(encoding="utf-8")
    # Quarto writes the offset to the site root and the project path of the page; anchors stay.
    assert 'href="../report/one.html#details"' in index and 'href="../report/two.html"' in index
    assert 'href="../report/index.html"' in one and 'href="../report/two.html#end"' in one
    for page in conventions_site.rglob("*.html"):
        assert ".qmd" not in page.read_text(encoding="utf-8"), page
    # A chapter's PDF keeps a link to another chapter as written, as Quarto's typst output does
    # (the report's own print-links filter points such links at the published site).
    pypdf = pytest.importorskip("pypdf")
    uris = [annotation.get_object().get("/A", {}).get("/URI") for page in pypdf.PdfReader(conventions_site / "report" / "one.pdf").pages
            for annotation in page.get("/Annots") or []]
    assert "./two.qmd#end" in uris and "index.qmd" in uris


def test_page_navigation_follows_the_sidebar_order(conventions_site: Path) -> None:
    one = (conventions_site / "report" / "one.html").read_text(encoding="utf-8")
    navigation = one[one.index('<nav class="page-navigation">'):]
    assert re.search(r'nav-page-previous">\s*<a href="\.\./report/index\.html" class="pagination-link" aria-label="Home">', navigation)
    assert re.search(r'nav-page-next">\s*<a href="\.\./report/two\.html" class="pagination-link" aria-label="Two">', navigation)
    assert '<link href="../report/two.html" rel="next">' in one and '<link href="../report/index.html" rel="prev">' in one
    home = (conventions_site / "report" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'nav-page-previous">\s*</div>', home), "the first page has no previous page"
    # The sidebar that orders the pages is not drawn.
    assert "quarto-sidebar" not in home and "sidebar-navigation" not in home


def test_toc_depth_and_heading_anchors_follow_quarto(conventions_site: Path) -> None:
    one = (conventions_site / "report" / "one.html").read_text(encoding="utf-8")
    toc = one[one.index('<nav id="TOC"'):one.index("</nav>", one.index('<nav id="TOC"'))]
    assert 'href="#details"' in toc and "#deeper" not in toc, "toc-depth: 2 leaves level-3 headings out"
    assert ('<a href="#details" id="toc-details" class="nav-link" data-scroll-target="#details">') in toc
    assert re.search(r'<section id="details" class="level2">\s*<h2 class="anchored" data-anchor-id="details">Details'
                     r'<a class="anchorjs-link" aria-label="Anchor" href="#details"></a></h2>', one)
    assert '<h3 class="anchored" data-anchor-id="deeper">' in one


def test_search_index_has_one_entry_per_section_landing_on_it(conventions_site: Path) -> None:
    entries = json.loads((conventions_site / "search.json").read_text(encoding="utf-8"))
    by_id = {e["objectID"]: e for e in entries}
    assert by_id["report/one.html#details"]["section"] == "Details"
    assert by_id["report/one.html#details"]["href"] == "report/one.html#details"
    assert "Not in a depth-2 contents." in by_id["report/one.html#details"]["text"]
    assert by_id["report/one.html"]["text"].startswith("Back home")
    assert by_id["report/one.html"]["crumbs"] == ["Home", "One"]


def test_website_search_false_leaves_search_out(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text(TINY_CONFIG + "  search: false\n")
    (tmp_path / "page.qmd").write_text("---\ntitle: Tiny\n---\n\n## A section\n\nText.\n")
    build_offline(tmp_path, pdf=False)
    page = (tmp_path / "_site" / "page.html").read_text(encoding="utf-8")
    assert not (tmp_path / "_site" / "search.json").exists()
    assert "site-search" not in page and "search.js" not in page


@pytest.mark.parametrize(("config_extra", "key"), [
    ("  theme: cosmo\n", "website.theme"),
    ("format:\n  html:\n    theme: cosmo\n", "format.html.theme"),
    ("format:\n  pdf: default\n", "format.pdf"),
    ("execute:\n  cache: true\n", "execute.cache"),
    ("lang: fr\n", "lang"),
    ("format:\n  html:\n    plotly-connected: false\n", "format.html.plotly-connected"),
])
def test_an_unsupported_setting_stops_with_its_name(tmp_path: Path, config_extra: str, key: str) -> None:
    (tmp_path / "_quarto.yml").write_text(TINY_CONFIG + config_extra)
    (tmp_path / "page.qmd").write_text("---\ntitle: Tiny\n---\n")
    with pytest.raises(ConfigError, match=re.escape(f"`{key}` is not supported by the offline renderer")):
        load_project(tmp_path)


def test_an_unsupported_cell_option_front_matter_key_or_hook_stops_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"t\.qmd: cell at line 5: option `fig-width` is not supported"):
        parse_document("---\ntitle: T\n---\n\n```{python}\n#| fig-width: 6\n1\n```\n", path=Path("t.qmd"), relpath="t.qmd")
    with pytest.raises(ConfigError, match=r"t\.qmd: front matter key `toc` is not supported"):
        parse_document("---\ntitle: T\ntoc: false\n---\n", path=Path("t.qmd"), relpath="t.qmd")
    (tmp_path / "_quarto.yml").write_text(TINY_CONFIG)
    (tmp_path / "page.qmd").write_text("---\ntitle: Tiny\n---\n")
    (tmp_path / "pyproject.toml").write_text('[tool.qmdrender]\ndata-dirs = ["data"]\n')
    with pytest.raises(ConfigError, match=r"`tool\.qmdrender\.data-dirs` is not a hook"):
        load_project(tmp_path)


def test_a_link_to_a_document_outside_the_project_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text(TINY_CONFIG)
    (tmp_path / "page.qmd").write_text("---\ntitle: Tiny\n---\n\nSee [elsewhere](other.qmd).\n")
    with pytest.raises(RenderError, match=r"other\.qmd names no document of this project"):
        build_offline(tmp_path, pdf=False)


TINY_CONFIG = """project:
  type: website
  render: [page.qmd]
  execute-dir: project
website:
  title: Tiny
"""


def test_cell_error_names_document_cell_line_and_keeps_previous_output(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text(TINY_CONFIG)
    page = tmp_path / "page.qmd"
    page.write_text("---\ntitle: Tiny\n---\n\n```{python}\nprint('fine')\n```\n")
    build_offline(tmp_path, pdf=False)
    freeze_before = (tmp_path / "_freeze/page/execute-results/html.json").read_bytes()
    site_before = (tmp_path / "_site/page.html").read_bytes()
    page.write_text("---\ntitle: Tiny\n---\n\nText.\n\n```{python}\n#| label: broken-cell\nx = 1 / 0\n```\n")
    with pytest.raises(CellExecutionFailed) as failure:
        build_offline(tmp_path, pdf=False)
    message = str(failure.value)
    assert "page.qmd" in message and "broken-cell" in message and "line 7" in message
    assert "ZeroDivisionError" in message
    assert (tmp_path / "_freeze/page/execute-results/html.json").read_bytes() == freeze_before
    assert (tmp_path / "_site/page.html").read_bytes() == site_before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no staging folder is left"


def test_bad_config_raises_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text(TINY_CONFIG.replace("page.qmd", "missing.qmd"))
    with pytest.raises(ConfigError, match="missing.qmd"):
        load_project(tmp_path)
    (tmp_path / "page.qmd").write_text("---\ntitle: Tiny\n---\n")
    (tmp_path / "_quarto.yml").write_text(TINY_CONFIG.replace("execute-dir: project", "execute-dir: file"))
    with pytest.raises(ConfigError, match="execute-dir"):
        load_project(tmp_path)


def test_parser_reads_options_inline_expressions_and_reports_unclosed_cells() -> None:
    text = "---\ntitle: T\n---\n\nValue `{python} a + 1` here.\n\n```{python}\n#| label: fig-x\n#| fig-cap: \"Cap\"\na = 1\n```\n"
    doc = parse_document(text, path=Path("t.qmd"), relpath="t.qmd")
    (cell,) = doc.cells
    assert cell.options == {"label": "fig-x", "fig-cap": "Cap"} and cell.source == "a = 1" and cell.line == 7
    assert doc.inline_expressions() == ["a + 1"]
    with pytest.raises(ConfigError, match="never closed"):
        parse_document("```{python}\nx = 1\n", path=Path("u.qmd"), relpath="u.qmd")
