"""Orchestrate a build: execute stale documents into ``_freeze``, then build the site and PDFs.

Old state or new state, never a mix: everything a build makes goes to a staging folder first
and is published by :class:`commit.Transaction`, in two steps. First the executed documents:
their ``_freeze`` folders, their execution records and the files they wrote into the project
(downloads), together. Then the site (``_site``, PDFs included), from the published freeze. An
interrupt or a failure before a step leaves what that step would replace as it was; the next
build carries on from there. One build at a time per project (:func:`commit.project_lock`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .cellmarkdown import PendingFigure, Rendered, render_markdown, supporting_folders
from .commit import Transaction, deferred_interrupts, new_staging, project_lock, recover
from .digests import DataState, data_state, file_md5
from .errors import ConfigError, RenderError
from .finish import finish_site
from .execute import (
    BOTH,
    DocumentRun,
    allow_executions,
    execute_document,
    serves_both_formats,
    split_run,
    stop_running_kernels,
)
from .files import remove_tree, write_atomic
from .freeze import (
    FORMAT_EXTENSION,
    ExecutionRecord,
    FreezeResult,
    needs_execution,
    read_record,
    record_path,
    source_hash,
    stale_code_note,
)
from .project import CONFIG_NAME, HOOKS_FILE, Project, load_project
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


# -- execution ------------------------------------------------------------------------------
def maybe_fetch_data(project: Project) -> bool:
    """Run the project's fetch hook when a document must execute and the fetched data are missing."""
    hooks = project.hooks
    if not hooks.fetched_data or (project.root / hooks.fetched_data).is_dir() or not hooks.fetch:
        return False
    command = hooks.fetch_command()
    log(f"{hooks.fetched_data} is missing; running `{' '.join(hooks.fetch)}`")
    completed = subprocess.run(command, cwd=project.root, check=False)
    if completed.returncode != 0:
        log(f"warning: `{' '.join(hooks.fetch)}` failed; documents that need the data will fail")
    return True


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


def _run_jobs(project: Project, jobs: list[tuple[Document, str]], staging: Path) -> list[DocumentRun]:
    """Execute the jobs, two kernels at a time. On a failure or Ctrl-C the other executions stop
    at once, and the build waits for them to end before anything else (a kernel left running
    would go on writing into the staging folder); the first real failure is what is raised."""
    allow_executions()
    pool = ThreadPoolExecutor(max_workers=2)
    futures = []
    try:
        futures = [
            pool.submit(execute_document, doc, fmt, project, staging / "outputs" / doc.stem)
            for doc, fmt in jobs
        ]
        for future in as_completed(futures):
            future.result()
        return [future.result() for future in futures]
    except BaseException:
        stop_running_kernels()
        raise
    finally:
        with deferred_interrupts():
            pool.shutdown(wait=True, cancel_futures=True)


def _stage_freeze(
    doc: Document, rendered: dict[str, Rendered], staging: Path
) -> list[tuple[PendingFigure, Path]]:
    pending: list[tuple[PendingFigure, Path]] = []
    digest = source_hash(doc.text)
    doc_dir = staging / "freeze" / doc.stem
    for fmt, result in rendered.items():
        frozen = FreezeResult(
            hash=digest, markdown=result.markdown, supporting=supporting_folders(doc, fmt), includes={}
        )
        write_atomic(doc_dir / "execute-results" / f"{FORMAT_EXTENSION[fmt]}.json", frozen.to_json())
        for rel, data in result.files.items():
            write_atomic(doc_dir / rel, data)
        pending += [(figure, doc_dir / figure.path) for figure in result.pending]
    return pending


def _staged_outputs(staging: Path, docs: list[Document]) -> dict[str, dict[str, Path]]:
    """Per document, the files its execution wrote (project-relative path -> staged file)."""
    written: dict[str, dict[str, Path]] = {}
    owner: dict[str, str] = {}
    for doc in docs:
        base = staging / "outputs" / doc.stem
        files = (
            sorted(p for p in base.rglob("*") if p.is_file() and not p.name.startswith("."))
            if base.is_dir()
            else []
        )
        written[doc.relpath] = {}
        for path in files:
            rel = path.relative_to(base).as_posix()
            if rel in owner:
                raise RenderError(
                    f"{owner[rel]} and {doc.relpath} both write {rel}; a file belongs to one document"
                )
            owner[rel] = doc.relpath
            written[doc.relpath][rel] = path
    return written


def _publish_executions(
    project: Project, stale: list[Document], runs: list[DocumentRun], data: DataState, staging: Path
) -> None:
    """Stage every record and publish the freeze folders, records and written files at once."""
    transaction = Transaction(project.root, staging)
    outputs = _staged_outputs(staging, stale)
    new_paths = {rel for files in outputs.values() for rel in files}
    for doc in stale:
        modules: dict[str, str] = {}
        for run in runs:
            if run.document.relpath == doc.relpath:
                modules.update(run.modules)
        written = outputs[doc.relpath]
        record = ExecutionRecord(
            source=source_hash(doc.text),
            data=data.digest,
            modules=modules,
            outputs={rel: file_md5(path) for rel, path in written.items()},
        )
        staged_record = staging / "records" / f"{doc.stem}.json"
        write_atomic(staged_record, record.to_json())
        transaction.replace_directory(staging / "freeze" / doc.stem, project.freeze_dir / doc.stem)
        transaction.replace_file(staged_record, record_path(project.freeze_dir, doc.stem))
        for rel, path in written.items():
            transaction.replace_file(path, project.root / rel)
        previous = read_record(record_path(project.freeze_dir, doc.stem))
        for rel in sorted(set(previous.outputs) - new_paths) if previous else []:
            transaction.delete(project.root / rel)  # no longer written by the document
    transaction.commit()


def execute_stale(
    project: Project,
    docs: list[Document],
    force: bool = False,
    one_execution: bool = True,
    data: DataState | None = None,
) -> list[str]:
    """Execute every document whose freeze is stale and publish the results together."""
    data = data if data is not None else data_state(project)
    stale: list[tuple[Document, str]] = []
    for doc in docs:
        reason = "forced" if force else needs_execution(doc, project, data)
        if reason:
            stale.append((doc, reason))
        else:
            log(f"{doc.relpath}: frozen result is current")
            note = None if data.present else stale_code_note(doc, project)
            if note:
                log(
                    f"{doc.relpath}: note: {note} changed since it was frozen; without "
                    f"{project.hooks.fetched_data} the committed result is used (fetch the data to execute it again)"
                )
    if not stale:
        return []
    if maybe_fetch_data(project):
        data = data_state(project)
    staging = new_staging(project.root)
    try:
        for doc, reason in stale:
            log(f"{doc.relpath}: executing ({reason})")
        stale_docs = [doc for doc, _ in stale]
        runs = _run_jobs(project, execution_jobs(stale_docs, one_execution), staging)
        by_doc: dict[str, dict[str, Rendered]] = {}
        for run in (single for run in runs for single in split_run(run)):
            by_doc.setdefault(run.document.relpath, {})[run.fmt] = render_markdown(run, dict(project.execute))
        pending: list[tuple[PendingFigure, Path]] = []
        for doc in stale_docs:
            pending += _stage_freeze(doc, by_doc[doc.relpath], staging)
            log(f"{doc.relpath}: executed")
        from .staticfigures import export_figures

        export_figures(pending)
        _publish_executions(project, stale_docs, runs, data, staging)
    finally:
        remove_tree(staging)
    return [doc.relpath for doc in stale_docs]


# -- site -----------------------------------------------------------------------------------
def _renderer_files() -> list[Path]:
    package = Path(__file__).parent
    return sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def inputs_digest(project: Project, docs: list[Document], pdf: bool, data: DataState) -> str:
    """Digest of everything the site and PDFs are built from (for the warm-build shortcut):
    the configuration, the documents and their freeze, the project's assets and resources, the
    renderer's own code, and what build-info.json reports. Ordered, so the same inputs always
    give the same digest."""
    from . import site

    digest = hashlib.md5(f"{__version__}|pdf={pdf}|{[d.relpath for d in docs]}".encode())
    project_files: set[Path] = {project.root / CONFIG_NAME, project.root / HOOKS_FILE}
    project_files |= {project.root / b for b in project.bibliography}
    project_files |= {project.root / f for f in project.filters}
    project_files |= set(site.site_asset_files(project))
    for doc in docs:
        project_files.add(doc.path)
        folder = project.freeze_dir / doc.stem
        if folder.is_dir():
            project_files |= {p for p in folder.rglob("*") if p.is_file()}
    for path in sorted(project_files):
        digest.update(path.relative_to(project.root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    for path in _renderer_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(json.dumps(site.build_info(project, data), sort_keys=True).encode())
    return digest.hexdigest()


def build_site_and_pdfs(
    project: Project,
    docs: list[Document],
    all_docs: list[Document],
    pdf: bool,
    data: DataState,
    stamp: str | None,
) -> tuple[list[Path], list[Path]]:
    """Build the site (with PDFs) in a staging folder and publish it in one rename."""
    from . import site
    from .pdf import build_pdfs

    site_dir = project.site_dir
    staging = new_staging(project.root)
    new_site, work = staging / "site", staging / "work"
    partial = len(docs) != len(all_docs)
    try:
        if partial and site_dir.is_dir():
            shutil.copytree(site_dir, new_site)
            (new_site / STAMP_FILE).unlink(missing_ok=True)
        new_site.mkdir(exist_ok=True)
        work.mkdir()
        report_pdf = site.report_pdf_name(project) if pdf else None
        options = site.SiteOptions(chapter_pdfs=pdf, report_pdf=report_pdf)
        site.copy_frame_assets(new_site)
        site.copy_resources(project, new_site)
        site.write_root_redirect(new_site, site.page_path(site.first_page(project, all_docs)))
        # The PDFs (Pandoc and Typst) and the pages (Pandoc) are independent: build them at once.
        with ThreadPoolExecutor(max_workers=1) as pdf_worker:
            pdf_future = (
                pdf_worker.submit(build_pdfs, project, docs, new_site, work, None if partial else report_pdf)
                if pdf
                else None
            )
            pages = []
            for doc in docs:
                log(f"{doc.relpath}: HTML page")
                pages.append(site.render_page(project, doc, all_docs, new_site, work, options))
            site.copy_plotly_js(new_site)
            finish_site(project, new_site)
            site.write_build_info(project, new_site, data)
            if project.search:
                built = [d for d in all_docs if (new_site / site.page_path(d.relpath)).is_file()]
                site.write_search_index(project, new_site, built)
            pdfs = pdf_future.result() if pdf_future else []
        if stamp is not None:
            write_atomic(new_site / STAMP_FILE, stamp)
        os.chmod(new_site, 0o755)
        transaction = Transaction(project.root, staging)
        transaction.replace_directory(new_site, site_dir)
        transaction.commit()
        return (
            [site_dir / p.relative_to(new_site) for p in pages],
            [site_dir / p.relative_to(new_site) for p in pdfs],
        )
    finally:
        remove_tree(staging)


def build_offline(
    root: Path, pdf: bool = True, only: str | None = None, force: bool = False, one_execution: bool = True
) -> BuildReport:
    """The whole offline build. Raises :class:`RenderError` naming what failed.

    ``one_execution=False`` executes every document once per output format, as Quarto does
    (the results are the same; it only costs twice the time)."""
    started = time.perf_counter()
    project = load_project(root)
    report = BuildReport()
    with project_lock(project.root):
        recover(project.root)
        all_docs = select_documents(project, None)
        docs = select_documents(project, only)
        data = data_state(project)
        report.executed = execute_stale(project, docs, force=force, one_execution=one_execution, data=data)
        data = data_state(project) if report.executed else data
        stamp_path = project.site_dir / STAMP_FILE
        stamp = inputs_digest(project, all_docs, pdf, data)
        if only is None and not report.executed and stamp_path.is_file() and stamp_path.read_text() == stamp:
            log("site and PDFs are up to date")
            report.skipped_site = True
        else:
            report.pages, report.pdfs = build_site_and_pdfs(
                project, docs, all_docs, pdf, data, stamp if only is None else None
            )
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
