"""Build PDFs with Pandoc's Typst writer and the ``typst`` package.

One PDF per chapter and one for the whole report (chapters as level-1 headings, with a table
of contents). The project's Typst template is a Quarto ``template-partials`` file
(``typst-template.typ`` defining ``article(...)``), so real Quarto uses the same look; the
offline build prepends it and calls ``article`` the way Quarto's ``typst-show.typ`` does.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from .edition import Edition, edition, long_date
from .errors import ConfigError, RenderError
from .freeze import read_result, result_path
from .pandoc import RESOURCES, run_pandoc
from .project import DEFAULT_TOC_DEPTH, Project
from .qmd import Document

_LABEL = re.compile(r"\{#((?:fig|tbl)-[A-Za-z0-9_-]+)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# The whole report's contents list chapters and their sections.
REPORT_TOC_DEPTH = 2


def typst_template(project: Project) -> str:
    """The text of the project's ``typst-template.typ`` partial (or the renderer's default)."""
    partials = project.typst.get("template-partials") or []
    partials = [partials] if isinstance(partials, str) else partials
    for partial in partials:
        if Path(str(partial)).name == "typst-template.typ":
            path = project.root / str(partial)
            if not path.is_file():
                raise ConfigError(
                    f"_quarto.yml: format.typst.template-partials lists {partial!r}, which does not exist"
                )
            return path.read_text(encoding="utf-8")
    return (RESOURCES / "typst-template.typ").read_text(encoding="utf-8")


def typst_string(text: str) -> str:
    """A Typst string literal."""
    return json.dumps(text, ensure_ascii=False)


def frozen_typst_markdown(project: Project, doc: Document) -> str:
    frozen = read_result(result_path(project.freeze_dir, doc.stem, "typst"))
    if frozen is None:
        raise RenderError(f"{doc.relpath}: no frozen Typst result in _freeze; execute it first")
    return frozen.markdown


def check_unique_labels(project: Project, docs: list[Document]) -> None:
    """Figure and table labels must be unique across chapters for the whole-report PDF."""
    seen: dict[str, str] = {}
    for doc in docs:
        for label in set(_LABEL.findall(frozen_typst_markdown(project, doc))):
            if label in seen:
                raise RenderError(
                    f"label #{label} is used in both {seen[label]} and {doc.relpath}; "
                    "labels must be unique across the report"
                )
            seen[label] = doc.relpath


def chapter_markdown(project: Project, doc: Document, keep_front_matter: bool = True) -> str:
    """A document's frozen Typst markdown as a chapter of the whole report: its title becomes
    a level-1 heading; its front matter stays in front (for Pandoc's metadata) or is dropped
    when the chapter follows another."""
    markdown = frozen_typst_markdown(project, doc)
    match = _FRONT_MATTER.match(markdown)
    head, rest = (match.group(0), markdown[match.end() :]) if match else ("", markdown)
    label = "chapter-" + re.sub(r"[^A-Za-z0-9]+", "-", doc.stem).strip("-")
    return f"{head if keep_front_matter else ''}\n# {doc.title} {{#{label}}}\n\n{rest}"


def markdown_to_typst(project: Project, markdown: str, docdir: str, what: str, mode: str) -> str:
    """Frozen markdown to Typst markup (no preamble), with the project's filters and citations.
    ``mode`` is ``chapter`` (a link to another chapter opens its PDF) or ``report`` (it goes to
    the chapter inside the whole-report PDF)."""
    args = [
        "--from=markdown",
        "--to=typst",
        "--wrap=preserve",
        f"--lua-filter={RESOURCES / 'quarto-compat.lua'}",
        f"--metadata=qmdrender-docdir:{docdir}",
        f"--metadata=qmdrender-inputs:{'|'.join(project.render)}",
        f"--metadata=qmdrender-pdf:{mode}",
    ]
    args += [f"--lua-filter={project.root / f}" for f in project.filters]
    if project.bibliography:
        args += ["--citeproc"] + [f"--bibliography={project.root / b}" for b in project.bibliography]
    return run_pandoc(args, markdown, cwd=project.root, what=what)


def typst_body(project: Project, doc: Document) -> str:
    """One document's frozen Typst markdown converted to Typst markup, for its own PDF."""
    return markdown_to_typst(
        project,
        frozen_typst_markdown(project, doc),
        Path(doc.relpath).parent.as_posix(),
        f"{doc.relpath} (typst)",
        "chapter",
    )


def report_body(project: Project, docs: list[Document]) -> str:
    """The whole report as one Typst body: the chapters in order, converted together so that
    figures and tables number straight through and one list of references closes the report."""
    dirs = {Path(doc.relpath).parent.as_posix() for doc in docs}
    if len(dirs) != 1:
        raise ConfigError(f"the whole-report PDF needs every chapter in one folder, found {sorted(dirs)}")
    parts = [chapter_markdown(project, doc, keep_front_matter=i == 0) for i, doc in enumerate(docs)]
    return markdown_to_typst(project, "\n\n".join(parts), dirs.pop(), "whole report (typst)", "report")


def _stage_figures(project: Project, docs: list[Document], build_dir: Path) -> None:
    """Copy each document's frozen figures to where its markdown points (``<name>_files/``)."""
    for doc in docs:
        source = project.freeze_dir / doc.stem / "figure-typst"
        if source.is_dir():
            target = build_dir / Path(doc.relpath).parent / f"{Path(doc.relpath).stem}_files" / "figure-typst"
            shutil.copytree(source, target, dirs_exist_ok=True)


def _compile(main: Path, output: Path, root: Path, what: str, standard: str | None = None) -> None:
    """Compile to a tagged PDF (Typst's default), meeting ``standard`` when given (``ua-1``:
    PDF/UA-1, which Typst checks: a title, a language, alt text on every image)."""
    import typst

    standards: Any = [standard] if standard else []  # checked by Typst, which names the valid ones
    try:
        typst.compile(str(main), output=str(output), root=str(root), pdf_standards=standards)
    except Exception as exc:  # the typst binding raises its own error types
        raise RenderError(f"Typst failed on {what}:\n{exc}") from exc


def edition_argument(facts: Edition) -> str:
    """The template's ``edition`` argument: the cover's facts (label, text) and the citation."""
    rows = []
    if facts.authors:
        rows.append(("Authors", ", ".join(facts.authors)))
    if facts.data_date:
        rows.append(("Data as of", long_date(facts.data_date)))
    rows.append(("Built", long_date(facts.build_date)))
    if facts.version_text:
        rows.append(("Version", facts.version_text))
    pairs = ", ".join(f"({typst_string(k)}, [{typst_content(v)}])" for k, v in rows)
    if facts.site_url:
        pairs += f", ({typst_string('Online')}, link({typst_string(facts.site_url + '/')}))"
    return f"(facts: ({pairs},), citation: [{typst_content(facts.citation)}])"


def typst_content(text: str) -> str:
    """Plain text as Typst markup (every markup character escaped)."""
    return re.sub(r"([\\#*_`$<>@\[\]~/=\-+])", r"\\\1", text)


def _document_source(
    project: Project,
    title: str,
    toc: bool,
    body: str,
    toc_depth: int,
    subtitle: str | None = None,
    facts: Edition | None = None,
) -> str:
    toc_title = project.typst.get("toc-title", "Contents")
    arguments = [
        f"title: {typst_string(title)}",
        f"toc: {'true' if toc else 'false'}",
        f"toc_title: {typst_string(str(toc_title))}",
        f"toc_depth: {toc_depth}",
    ]
    if subtitle:
        arguments.append(f"subtitle: [{typst_content(subtitle)}]")
    if facts is not None:
        arguments += [f"edition: {edition_argument(facts)}", "lists: true"]
    return (
        # No creation date in the PDF's metadata: the same inputs give the same bytes.
        "#set document(date: none)\n"
        + typst_template(project)
        + "\n#show: doc => article(\n"
        + "".join(f"  {argument},\n" for argument in arguments)
        + "  doc,\n)\n\n"
        + body
    )


def build_pdfs(
    project: Project,
    docs: list[Document],
    site_dir: Path,
    work_dir: Path,
    report_pdf: str | None,
    chapters: bool = True,
) -> list[Path]:
    """Write one PDF per document next to its page and, if named, the whole-report PDF."""
    build_dir = work_dir / "typst"
    build_dir.mkdir(parents=True, exist_ok=True)
    _stage_figures(project, docs, build_dir)
    written: list[Path] = []
    chapter_toc = bool(project.typst.get("toc", False))
    chapter_depth = int(project.typst.get("toc-depth", DEFAULT_TOC_DEPTH))
    for doc in docs if chapters else []:
        print(f"qmdrender: PDF {doc.relpath}", file=sys.stderr)
        main = build_dir / (doc.stem + ".typ")
        main.parent.mkdir(parents=True, exist_ok=True)
        main.write_text(
            _document_source(
                project,
                doc.title,
                chapter_toc,
                typst_body(project, doc),
                chapter_depth,
                subtitle=doc.subtitle,
            ),
            encoding="utf-8",
        )
        output = site_dir / (doc.stem + ".pdf")
        output.parent.mkdir(parents=True, exist_ok=True)
        _compile(main, output, build_dir, doc.relpath, project.hooks.pdf_standard)
        written.append(output)
    if report_pdf:
        check_unique_labels(project, docs)
        print(f"qmdrender: PDF {report_pdf} (whole report)", file=sys.stderr)
        main = build_dir / "report-all.typ"
        main.write_text(
            _document_source(
                project,
                project.site_title,
                True,
                report_body(project, docs),
                REPORT_TOC_DEPTH,
                subtitle=docs[0].subtitle if docs else None,
                facts=edition(project, docs[0].subtitle if docs else None),
            ),
            encoding="utf-8",
        )
        output = site_dir / report_pdf
        _compile(main, output, build_dir, report_pdf, project.hooks.pdf_standard)
        written.append(output)
    return written
