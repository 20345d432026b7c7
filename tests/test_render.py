"""The offline renderer end to end on a small fixture project (the Quarto reference's own
documents), compared with what Quarto 1.10 wrote for them."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from fixtures.renderbuild import REFERENCE, built_fixture
from qmdrender.build import build_offline
from qmdrender.errors import CellExecutionFailed, ConfigError
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
    freeze = REFERENCE / "freeze"
    if not freeze.is_dir():
        pytest.skip(f"Quarto reference freeze not found at {freeze}")
    return freeze


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
    assert 'class="callout callout-note"' in page
    assert "The data hold 4 models" in page


def test_pages_load_plotly_once_from_the_site_and_never_a_cdn() -> None:
    root, _ = built_fixture()
    site = root / "_site"
    assert (site / "site_libs" / "plotly" / "plotly.min.js").stat().st_size > 1_000_000
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "cdn." not in text and "mathjax" not in text.lower(), page
        assert len(text) < 300_000, f"{page} embeds a large bundle"


def test_site_has_navbar_toc_search_and_pdf_links() -> None:
    root, report = built_fixture()
    site = root / "_site"
    page = (site / "report" / "chapter.html").read_text(encoding="utf-8")
    assert 'href="index.html"' in page and 'aria-current="page"' in page
    assert 'href="../reference-project.pdf"' in page and 'href="chapter.pdf"' in page
    assert json.loads((site / "search.json").read_text())[0]["title"] == "Reference index"
    assert {p.name for p in report.pdfs} == {"index.pdf", "chapter.pdf", "reference-project.pdf"}


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


def test_data_record_change_executes_again(tmp_path: Path) -> None:
    root, _ = built_fixture()
    copy = tmp_path / "project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("_site"))
    (copy / "data" / "raw").mkdir(parents=True)
    (copy / "data" / "raw" / "RECORD.json").write_text('{"files": []}')
    report = build_offline(copy, pdf=False, only="report/chapter.qmd")
    assert report.executed == ["report/chapter.qmd"]
    # the data digest sits apart from Quarto's hash, which stays the plain MD5
    frozen = json.loads((copy / "_freeze/report/chapter/execute-results/typ.json").read_text())
    assert frozen["hash"] == source_hash((copy / "report/chapter.qmd").read_text())


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
    assert not list(tmp_path.glob(".freeze-staging-*")) and not list(tmp_path.glob("._site-new-*"))


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
