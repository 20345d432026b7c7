"""The report's PDFs: a whole-report PDF with a table of contents, every chapter title,
figure captions and embedded images, plus one PDF per chapter linked from the site."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fixtures.renderbuild import built_report

pytestmark = [pytest.mark.render, pytest.mark.slow]
pypdf = pytest.importorskip("pypdf")


def _report_pdf() -> tuple[Path, Path]:
    root, report = built_report()
    pdfs = {p.name: p for p in report.pdfs}
    assert "patterns-of-growth.pdf" in pdfs, f"no whole-report PDF among {sorted(pdfs)}"
    return root, pdfs["patterns-of-growth.pdf"]


def _text(pdf: Path) -> str:
    """The PDF's text with all runs of whitespace (incl. no-break spaces) as one space."""
    raw = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages)
    return re.sub(r"\s+", " ", raw)


def _image_count(pdf: Path) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(pdf).pages)


def test_report_pdf_has_toc_chapter_titles_captions_and_images() -> None:
    root, pdf = _report_pdf()
    text = _text(pdf)
    assert "Contents" in text
    from qmdrender.build import select_documents
    from qmdrender.project import load_project

    docs = select_documents(load_project(root), None)
    for doc in docs:
        assert text.count(doc.title) >= 2, f"chapter {doc.title!r} missing from the TOC or the body"
    assert "Figure 1: Training compute of six example models" in text
    assert "Figure 2: Training compute by domain" in text
    assert "Table 1: Example models" in text
    assert _image_count(pdf) >= 2
    outline = pypdf.PdfReader(pdf).outline
    assert len(outline) >= len(docs), "the PDF should carry bookmarks for its chapters"


def test_scrolly_degrades_to_figure_then_text_in_the_pdf() -> None:
    _, pdf = _report_pdf()
    text = _text(pdf)
    caption = text.index("Training compute by domain")
    assert caption < text.index("Language models grow fastest.") < text.index("Vision on its own")


def test_one_pdf_per_chapter_linked_from_its_page() -> None:
    root, _ = _report_pdf()
    site = root / "_site"
    for page in (site / "report").glob("*.html"):
        pdf = page.with_suffix(".pdf")
        assert pdf.is_file() and _image_count(pdf) >= 1, pdf
        html = page.read_text(encoding="utf-8")
        assert f'href="{pdf.name}"' in html and 'href="../patterns-of-growth.pdf"' in html


def test_pages_convert_to_images_for_inspection(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Renders the pages at 60 dpi to a temporary folder (look at them when changing the look)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) not installed")
    _, pdf = _report_pdf()
    out = tmp_path_factory.mktemp("pdf-pages")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "page")], check=True)
    pages = sorted(out.glob("page-*.png"))
    assert len(pages) == len(pypdf.PdfReader(pdf).pages)
