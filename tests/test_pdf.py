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
    raw = raw.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')  # typographic quotes
    return re.sub(r"\s+", " ", raw)


def _image_count(pdf: Path) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(pdf).pages)


REPORT = Path(__file__).resolve().parents[1] / "report"
_CAPTION = re.compile(r'^#\| (fig|tbl)-cap: "(.*)"\s*$', re.M)


def _chapters() -> list[Path]:
    from qmdrender.build import select_documents
    from qmdrender.project import load_project

    root = REPORT.parent
    return [root / doc.relpath for doc in select_documents(load_project(root), None)]


def _captions(kind: str) -> list[str]:
    """Every figure or table caption the chapters declare, in report order."""
    found = []
    for chapter in _chapters():
        found += [text for k, text in _CAPTION.findall(chapter.read_text(encoding="utf-8")) if k == kind]
    return found


def _words(text: str, n: int = 6) -> str:
    return " ".join(text.split()[:n])


def test_report_pdf_has_toc_chapter_titles_captions_and_images() -> None:
    root, pdf = _report_pdf()
    text = _text(pdf)
    assert "Contents" in text
    from qmdrender.build import select_documents
    from qmdrender.project import load_project

    docs = select_documents(load_project(root), None)
    for doc in docs:
        assert text.count(doc.title) >= 2, f"chapter {doc.title!r} missing from the TOC or the body"
    figures, tables = _captions("fig"), _captions("tbl")
    assert figures and tables
    # Numbered across the whole report, each caption once, in order.
    for kind, captions in (("Figure", figures), ("Table", tables)):
        for number, caption in enumerate(captions, start=1):
            assert f"{kind} {number}: {_words(caption)}" in text, f"{kind} {number}: {caption!r}"
        assert f"{kind} {len(captions) + 1}:" not in text
    assert _image_count(pdf) >= len(figures)
    outline = pypdf.PdfReader(pdf).outline
    assert len(outline) >= len(docs), "the PDF should carry bookmarks for its chapters"


def _scrolly_blocks(text: str) -> list[tuple[str, str]]:
    """(figure caption, opening words of the first step) of each scrolly block."""
    blocks = []
    for block in re.split(r"^::: \{\.scrolly", text, flags=re.M)[1:]:
        caption = _CAPTION.search(block)
        step = re.search(r"^::: \{\.step[^}]*\}\n(.*?)\n:::", block, re.M | re.S)
        if caption and step:
            words = [w for w in step.group(1).split() if not re.search(r"[`{}@\[\]()*]", w)]
            blocks.append((caption.group(2), " ".join(words[:3])))
    return blocks


def test_scrolly_degrades_to_figure_then_text_in_the_pdf() -> None:
    _, pdf = _report_pdf()
    text = _text(pdf)
    blocks = [b for chapter in _chapters() for b in _scrolly_blocks(chapter.read_text(encoding="utf-8"))]
    assert blocks, "the report should have scrollytelling blocks"
    for caption, step in blocks:
        at = text.index(_words(caption))
        assert text.index(step, at) > at, f"step text {step!r} should follow its figure {caption[:40]!r}"


def test_one_pdf_per_chapter_linked_from_its_page() -> None:
    root, _ = _report_pdf()
    site = root / "_site"
    for page in (site / "report").glob("*.html"):
        pdf = page.with_suffix(".pdf")
        assert pdf.is_file(), pdf
        figures = len(re.findall(r"^#\| label: fig-", (REPORT / f"{page.stem}.qmd").read_text(encoding="utf-8"), re.M))
        assert _image_count(pdf) >= figures, pdf
        html = page.read_text(encoding="utf-8")
        # the chapter's PDF under "Other Formats", as Quarto links it
        assert f'<div class="quarto-alternate-formats"><h2>Other Formats</h2><ul><li><a href="{pdf.name}">' in html
    # the whole report, from the overview (Quarto's pages carry no site-wide link to it)
    assert 'href="../patterns-of-growth.pdf"' in (site / "report" / "index.html").read_text(encoding="utf-8")


def test_pages_convert_to_images_for_inspection(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Renders the pages at 60 dpi to a temporary folder (look at them when changing the look)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) not installed")
    _, pdf = _report_pdf()
    out = tmp_path_factory.mktemp("pdf-pages")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "page")], check=True)
    pages = sorted(out.glob("page-*.png"))
    assert len(pages) == len(pypdf.PdfReader(pdf).pages)


def test_the_whole_report_closes_with_one_list_of_references() -> None:
    _, pdf = _report_pdf()
    text = _text(pdf)
    # Once in the table of contents, once as the heading before the list.
    assert text.count("References") == 2
    assert text.rindex("References") > text.index("Data and methods", text.index("Contents") + 400)


def _all_pdfs() -> list[Path]:
    root, report = built_report()
    return sorted(report.pdfs)


def test_no_pdf_carries_a_relative_link() -> None:
    """On paper a relative address resolves to nothing: every link annotation of every PDF is
    an absolute address (the published site, a source) or a place inside the PDF."""
    site_url = None
    for pdf in _all_pdfs():
        uris = [
            annotation.get_object().get("/A", {}).get("/URI")
            for page in pypdf.PdfReader(pdf).pages
            for annotation in page.get("/Annots") or []
        ]
        uris = [str(u) for u in uris if u is not None]
        relative = [u for u in uris if not re.match(r"^(https?|mailto):", u)]
        assert not relative, f"{pdf.name}: relative links {relative[:5]}"
        if site_url is None:
            from qmdrender.project import load_project

            site_url = load_project(REPORT.parent).site_url
        if pdf.name != "patterns-of-growth.pdf" and "downloads/" in " ".join(uris):
            assert any(u.startswith(f"{site_url}/report/downloads/") for u in uris), pdf.name


# Words that only make sense on a screen: what a pointer or a finger does, and the page's layout.
_SCREEN_WORDS = re.compile(
    r"\b(hover\w*|click\w*|tap|taps|tapping|tapped|scroll\w*|mouse|cursor|"
    r"(?:on|at) the (?:left|right|top) of (?:the|this) page|in the (?:sidebar|margin)|"
    r"linked at the top of its page)\b",
    re.I,
)


def test_no_pdf_text_speaks_of_the_screen() -> None:
    for pdf in _all_pdfs():
        found = sorted({m.group(0).lower() for m in _SCREEN_WORDS.finditer(_text(pdf))})
        assert not found, f"{pdf.name} speaks of the screen: {found}"


_LONG_DATE = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b")


def test_the_cover_holds_title_subtitle_dates_version_address_and_citation() -> None:
    root, pdf = _report_pdf()
    from qmdrender.edition import edition
    from qmdrender.project import load_project

    project = load_project(root)
    cover = re.sub(r"\s+", " ", pypdf.PdfReader(pdf).pages[0].extract_text())
    assert project.site_title in cover
    assert project.site_url and project.site_url in cover.replace(" ", "")
    assert _LONG_DATE.search(cover), cover
    assert "Built" in cover and "Version" in cover and "How to cite" in cover
    facts = edition(project, None)
    assert facts.version and facts.version in cover
    index = next(doc for doc in _chapter_docs(root) if doc.relpath == "report/index.qmd")
    assert _words(index.subtitle, 5) in cover


def _chapter_docs(root: Path) -> list:
    from qmdrender.build import select_documents
    from qmdrender.project import load_project

    return select_documents(load_project(root), None)


def test_contents_are_followed_by_lists_of_figures_and_tables() -> None:
    _, pdf = _report_pdf()
    text = _text(pdf)
    front = text[: text.index("In short")]  # up to the first chapter's highlights
    assert "List of figures" in front and "List of tables" in front
    for number, caption in enumerate(_captions("fig"), start=1):
        assert f"Figure {number} {_words(caption, 3)}" in front, caption
    for number, caption in enumerate(_captions("tbl"), start=1):
        assert f"Table {number} {_words(caption, 3)}" in front, caption


def test_each_chapter_pdf_opens_with_its_title_and_subtitle() -> None:
    root, _ = _report_pdf()
    for doc in _chapter_docs(root):
        pdf = root / "_site" / f"{doc.stem}.pdf"
        first = re.sub(r"\s+", " ", pypdf.PdfReader(pdf).pages[0].extract_text()).replace("\u2019", "'")
        assert doc.title in first, pdf.name
        assert doc.subtitle, f"{doc.relpath} has no subtitle"
        assert _words(doc.subtitle.replace("\u2019", "'"), 5) in first, f"{pdf.name}: no subtitle {doc.subtitle!r}"


_NUMBER_CELL = re.compile(r"^(?:[−–+~≈<>≤≥$€£-]|\\[$~<>-]|\s)*\d")
_NUMBERED_ITEM = re.compile(r"^\d+\.\s+[A-Za-z]")
_MISSING_CELL = {"", "–", "—", "-", "--", "\\-"}


def _typst_tables(source: str) -> list[tuple[list[str], list[list[str]]]]:
    """(column alignments, body rows as cell texts) of every table in Typst source from
    Pandoc (one row a line after the header's `table.hline()`)."""
    found = []
    for block in source.split("#table(")[1:]:
        align = re.search(r"^\s*align: \(([^)]*)\),", block, re.M)
        body = block.split("table.hline(),", 1)[1].split("table.hline(),", 1)[0]
        rows = [
            [cell.strip() for cell in re.findall(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]", line)]
            for line in body.splitlines()
            if line.strip().startswith("[")
        ]
        found.append(([a.strip() for a in align.group(1).split(",") if a.strip()] if align else [], rows))
    return found


def test_every_table_has_number_columns_right_and_text_left() -> None:
    """Checked in the Typst source each PDF is compiled from (the same filters under Quarto)."""
    root, _ = _report_pdf()
    from qmdrender.pdf import typst_body
    from qmdrender.project import load_project

    project = load_project(root)
    tables = 0
    for doc in _chapter_docs(root):
        for align, rows in _typst_tables(typst_body(project, doc)):
            tables += 1
            assert align, f"{doc.relpath}: a table without column alignments (Typst would centre it)"
            assert "auto" not in align and "center" not in align, f"{doc.relpath}: {align}"
            for col, alignment in enumerate(align):
                cells = [r[col] for r in rows if len(r) == len(align) and r[col] not in _MISSING_CELL]
                numeric = bool(cells) and all(_NUMBER_CELL.match(c) and not _NUMBERED_ITEM.match(c) for c in cells)
                expected = "right" if numeric else "left"
                assert alignment == expected, f"{doc.relpath}: column {col + 1} {cells[:3]} is {alignment}"
    assert tables >= len(_captions("tbl"))


def _struct_elements(node, found: list) -> list:
    node = node.get_object()
    if isinstance(node, pypdf.generic.DictionaryObject):
        found.append(node)
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else None
        for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids] if kids is not None else []:
            _struct_elements(kid, found)
    return found


def test_pdfs_are_tagged_with_language_title_and_figure_descriptions() -> None:
    root, _ = _report_pdf()
    for pdf in _all_pdfs():
        reader = pypdf.PdfReader(pdf)
        catalog = reader.trailer["/Root"]
        assert bool(catalog.get("/MarkInfo", {}).get("/Marked")), f"{pdf.name} is not tagged"
        assert catalog.get("/Lang") == "en", pdf.name
        assert reader.metadata and reader.metadata.get("/Title"), f"{pdf.name} has no title"
        assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data(), f"{pdf.name} does not claim PDF/UA"
        figures = [e for e in _struct_elements(catalog["/StructTreeRoot"], []) if e.get("/S") == "/Figure"]
        images = _image_count(pdf)
        assert len(figures) >= images, f"{pdf.name}: {images} images, {len(figures)} tagged figures"
        assert all(str(e.get("/Alt", "")).strip() for e in figures), f"{pdf.name}: a figure without alt text"
