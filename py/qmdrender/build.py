"""Orchestrate a build: execute stale documents into ``_freeze``, then build the site and PDFs.

Atomicity: new freeze results are written to a staging folder and moved into ``_freeze`` only
after every document executed and every figure exported; the site is built in a temporary
folder and swapped in at the end. A failed build leaves the previous ``_freeze`` and ``_site``
as they were.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .cellmarkdown import PendingFigure, Rendered, render_markdown, supporting_folders
from .errors import ConfigError, RenderError
from .finish import finish_site
from .execute import BOTH, DocumentRun, execute_document, serves_both_formats, split_run
from .freeze import (DATA_RECORD_FILE, FORMAT_EXTENSION, FreezeResult, data_record_digest, data_record_json,
                     needs_execution, source_hash, stored_data_digest)
from .pandoc import RESOURCES
from .project import Project, load_project
from .qmd import Document, read_document

STAMP_FILE = ".qmdrender-stamp"


def log(message: str) -> None:
    print(f"qmdrender: {message}", file=sys.stderr, flush=True)


@dataclass
class BuildReport:
    """What a build did (for tests and benchmarks)."""

    executed: list[str] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    skipped_site: bool = False
    seconds: float = 0.0


def select_documents(project: Project, only: str | None) -> list[Document]:
    docs = [read_document(project.root / rel, project.root) for rel in project.render]
    if only is None:
        return docs
    wanted = only.removesuffix(".qmd")
    chosen = [d for d in docs if d.stem == wanted or Path(d.stem).name == wanted]
    if not chosen:
        raise ConfigError(f"--only {only!r} matches none of: {', '.join(d.relpath for d in docs)}")
    return chosen


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def swap_directory(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with two renames (old copy removed afterwards)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)


# -- execution ------------------------------------------------------------------------------
def maybe_fetch_data(project: Project) -> None:
    """Fetch the data when a document must run and ``data/raw`` is missing (projects with data/)."""
    if (project.root / "data" / "raw").is_dir() or not (project.root / "data").is_dir():
        return
    log("data/raw is missing; running `python -m aigrowth fetch`")
    completed = subprocess.run([sys.executable, "-m", "aigrowth", "fetch"], cwd=project.root, check=False)
    if completed.returncode != 0:
        log("warning: `python -m aigrowth fetch` failed; documents that need the data will fail")


def _stage_results(project: Project, doc: Document, rendered: dict[str, Rendered], staging: Path) -> list[tuple[PendingFigure, Path]]:
    pending: list[tuple[PendingFigure, Path]] = []
    digest = source_hash(doc.text)
    doc_dir = staging / doc.stem
    for fmt, result in rendered.items():
        includes: dict[str, list[str]] = {}
        frozen = FreezeResult(hash=digest, markdown=result.markdown,
                              supporting=supporting_folders(doc, fmt), includes=includes)
        write_atomic(doc_dir / "execute-results" / f"{FORMAT_EXTENSION[fmt]}.json", frozen.to_json().encode("utf-8"))
        for rel, data in result.files.items():
            write_atomic(doc_dir / rel, data)
        pending += [(figure, doc_dir / figure.path) for figure in result.pending]
    return pending


def execution_jobs(docs: list[Document], one_execution: bool = True) -> list[tuple[Document, str]]:
    """(document, format) pairs to execute: one ``both`` job per document whose cells do not ask
    for their output format (its outputs serve the page and the PDF), else one job per format."""
    jobs: list[tuple[Document, str]] = []
    for doc in docs:
        if one_execution and serves_both_formats(doc):
            jobs.append((doc, BOTH))
        else:
            jobs += [(doc, fmt) for fmt in FORMAT_EXTENSION]
    return jobs


def execute_stale(project: Project, docs: list[Document], force: bool = False, one_execution: bool = True) -> list[str]:
    """Execute every document whose freeze is stale; commit the results atomically."""
    freeze_dir = project.freeze_dir
    current_data = data_record_digest(project.root)
    # Without data (a fresh clone) the committed freeze is the source: never re-run for that.
    data_changed = current_data != "absent" and stored_data_digest(freeze_dir) != current_data
    stale: list[tuple[Document, str]] = []
    for doc in docs:
        reason = "forced" if force else needs_execution(doc, freeze_dir, data_changed)
        if reason:
            stale.append((doc, reason))
        else:
            log(f"{doc.relpath}: frozen result is current")
    if not stale:
        if current_data != "absent" and stored_data_digest(freeze_dir) != current_data:
            write_atomic(freeze_dir / DATA_RECORD_FILE, data_record_json(current_data).encode())
        return []
    maybe_fetch_data(project)
    current_data = data_record_digest(project.root)
    staging = Path(tempfile.mkdtemp(prefix=".freeze-staging-", dir=project.root))
    try:
        pending: list[tuple[PendingFigure, Path]] = []
        # One kernel per document serves both formats unless the document asks for its format;
        # executions are independent kernels: run two at once.
        jobs = execution_jobs([doc for doc, _ in stale], one_execution)
        for doc, reason in stale:
            log(f"{doc.relpath}: executing ({reason})")
        options = dict(project.execute)
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(execute_document, doc, fmt, project.root, options) for doc, fmt in jobs]
            runs: list[DocumentRun] = [f.result() for f in futures]
        by_doc: dict[str, dict[str, Rendered]] = {}
        for run in (single for run in runs for single in split_run(run)):
            by_doc.setdefault(run.document.relpath, {})[run.fmt] = render_markdown(run, options)
        for doc, _ in stale:
            pending += _stage_results(project, doc, by_doc[doc.relpath], staging)
            log(f"{doc.relpath}: executed")
        from .staticfigures import export_figures

        export_figures(pending)
        for doc, _ in stale:
            swap_directory(staging / doc.stem, freeze_dir / doc.stem)
        write_atomic(freeze_dir / DATA_RECORD_FILE, data_record_json(current_data).encode())
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [doc.relpath for doc, _ in stale]


# -- site -----------------------------------------------------------------------------------
def inputs_digest(project: Project, docs: list[Document], pdf: bool) -> str:
    """Digest of everything the site and PDFs are built from (for the warm-build shortcut)."""
    digest = hashlib.md5(f"{__version__}|pdf={pdf}|{[d.relpath for d in docs]}".encode())
    paths: list[Path] = [project.root / "_quarto.yml"]
    paths += [project.root / b for b in project.bibliography]
    for doc in docs:
        folder = project.freeze_dir / doc.stem
        if folder.is_dir():
            paths += sorted(p for p in folder.rglob("*") if p.is_file())
    for folder in {(project.root / f).parent for f in project.filters} | {RESOURCES}:
        paths += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in paths:
        digest.update(str(path.relative_to(project.root) if path.is_relative_to(project.root) else path.name).encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def build_site_and_pdfs(project: Project, docs: list[Document], all_docs: list[Document], pdf: bool) -> tuple[list[Path], list[Path]]:
    from . import site
    from .pdf import build_pdfs

    site_dir = project.site_dir
    new_site = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=project.root))
    work = Path(tempfile.mkdtemp(prefix=".qmdrender-work-", dir=project.root))
    partial = len(docs) != len(all_docs)
    try:
        if partial and site_dir.is_dir():
            shutil.copytree(site_dir, new_site, dirs_exist_ok=True)
        report_pdf = site.report_pdf_name(project) if pdf else None
        options = site.SiteOptions(chapter_pdfs=pdf, report_pdf=report_pdf)
        site.copy_frame_assets(new_site)
        site.copy_resources(project, new_site)
        first = project.navbar[0].href if project.navbar else all_docs[0].relpath
        site.write_root_redirect(new_site, site.page_path(first))
        # The PDFs (Pandoc and Typst) and the pages (Pandoc) are independent: build them at once.
        with ThreadPoolExecutor(max_workers=1) as pdf_worker:
            pdf_future = pdf_worker.submit(build_pdfs, project, docs, new_site, work,
                                           None if partial else report_pdf) if pdf else None
            pages = []
            for doc in docs:
                log(f"{doc.relpath}: HTML page")
                pages.append(site.render_page(project, doc, all_docs, new_site, work, options))
            site.copy_plotly_js(new_site)
            finish_site(project, new_site)
            site.write_build_info(project, new_site)
            site.build_search_index(new_site, all_docs if not partial else [d for d in all_docs if (new_site / site.page_path(d.relpath)).is_file()])
            pdfs = pdf_future.result() if pdf_future else []
        final_pages = [site_dir / p.relative_to(new_site) for p in pages]
        final_pdfs = [site_dir / p.relative_to(new_site) for p in pdfs]
        os.chmod(new_site, 0o755)
        swap_directory(new_site, site_dir)
        return final_pages, final_pdfs
    finally:
        shutil.rmtree(new_site, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


def build_offline(root: Path, pdf: bool = True, only: str | None = None, force: bool = False,
                  one_execution: bool = True) -> BuildReport:
    """The whole offline build. Raises :class:`RenderError` naming what failed.

    ``one_execution=False`` executes every document once per output format, as Quarto does
    (the results are the same; it only costs twice the time)."""
    started = time.perf_counter()
    project = load_project(root)
    all_docs = select_documents(project, None)
    docs = select_documents(project, only)
    report = BuildReport()
    report.executed = execute_stale(project, docs, force=force, one_execution=one_execution)
    stamp_path = project.site_dir / STAMP_FILE
    stamp = inputs_digest(project, all_docs, pdf)
    if only is None and not report.executed and stamp_path.is_file() and stamp_path.read_text() == stamp:
        log("site and PDFs are up to date")
        report.skipped_site = True
    else:
        report.pages, report.pdfs = build_site_and_pdfs(project, docs, all_docs, pdf)
        if only is None:
            write_atomic(stamp_path, stamp.encode())
        else:
            stamp_path.unlink(missing_ok=True)
    report.seconds = time.perf_counter() - started
    log(f"done in {report.seconds:.1f} s")
    return report


def build_with_quarto(root: Path, pdf: bool, only: str | None) -> None:
    """Delegate to the Quarto binary (``quarto render``)."""
    args = ["quarto", "render"]
    if only:
        args.append(only)
    if not pdf:
        args += ["--to", "html"]
    log(" ".join(args))
    completed = subprocess.run(args, cwd=root, check=False)
    if completed.returncode != 0:
        raise RenderError(f"quarto render failed (exit {completed.returncode})")
