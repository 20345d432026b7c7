"""Quarto's post-render step (``project.post-render`` in ``_quarto.yml``).

Real Quarto does a few things differently from what the report wants; this step closes the
gap so a Quarto reader sees the same site as a reader of the offline build: plotly.js is copied
to ``site_libs/plotly/`` when a page shows figures the renderer's default way, the site root
gets a redirect to the first chapter, every page gets the offline build's last pass
(``qmdrender.finish``: Content-Security-Policy, meta description, content-hashed assets), and
the whole-report PDF is built from the frozen Typst results.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .build import log, select_documents
from .finish import finish_site
from .pdf import build_pdfs
from .project import load_project
from .site import copy_plotly_js, first_page, page_path, report_pdf_name, write_root_redirect


def post_render(root: Path) -> None:
    project = load_project(root)
    output_dir = Path(os.environ.get("QUARTO_PROJECT_OUTPUT_DIR") or project.site_dir)
    if not output_dir.is_absolute():
        output_dir = project.root / output_dir
    copy_plotly_js(output_dir)
    docs = select_documents(project, None)
    write_root_redirect(output_dir, page_path(first_page(project, docs)))
    finish_site(project, output_dir)
    work = Path(tempfile.mkdtemp(prefix=".qmdrender-post-", dir=project.root))
    try:
        # Quarto writes the chapter PDFs itself; only the whole-report PDF is added here.
        report_pdf = report_pdf_name(project)
        build_pdfs(project, docs, output_dir, work, report_pdf, chapters=False)
        log(f"post-render: root redirect, page policies and {report_pdf} written to {output_dir.name}/")
    finally:
        shutil.rmtree(work, ignore_errors=True)
