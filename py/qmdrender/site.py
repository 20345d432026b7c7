"""Build the HTML website from the frozen markdown with Pandoc.

One page per document, laid out like Quarto's website (navbar over the chapters, a page table
of contents, search), with the project's CSS, includes and Lua filters from ``_quarto.yml``.
A page that shows figures the renderer's default way (``qmdrender.kernel``) loads plotly.js from
``site_libs/plotly/plotly.min.js``, copied once from the installed plotly package (never a CDN),
and ``site_libs/qmdrender/plotly-figures.js``, which draws them; a project that draws its own
figures (the report's ``figures.js``) loads its own bundles and neither file is copied.
"""

from __future__ import annotations

import glob
import html
import json
import os
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .errors import ConfigError, RenderError
from .freeze import read_result, result_path
from .pandoc import RESOURCES, run_pandoc
from .project import Project
from .qmd import Document

PLOTLY_SITE_PATH = "site_libs/plotly/plotly.min.js"
PLOTLY_FIGURES_PATH = "site_libs/qmdrender/plotly-figures.js"
BUILD_INFO = "build-info.json"
#: Packages the renderer itself uses (reported besides the project's own list).
RENDERER_PACKAGES = ("nbclient", "ipykernel", "jupyter-client", "plotly", "kaleido", "great-tables",
                     "pypandoc-binary", "typst", "pyyaml")


def page_path(relpath: str) -> str:
    """Output path of a document (``report/index.qmd`` -> ``report/index.html``)."""
    return relpath[: -len(".qmd")] + ".html"


def pdf_path(relpath: str) -> str:
    return relpath[: -len(".qmd")] + ".pdf"


def report_pdf_name(project: Project) -> str:
    """File name of the whole-report PDF, from the site title."""
    slug = re.sub(r"[^a-z0-9]+", "-", project.site_title.lower()).strip("-")
    return f"{slug or 'report'}.pdf"


def relative(target: str, from_page: str) -> str:
    """``target`` (relative to the site root) as seen from ``from_page``."""
    return Path(os.path.relpath(target, Path(from_page).parent.as_posix() or ".")).as_posix()


def copy_plotly_js(site_dir: Path) -> Path | None:
    """Copy plotly.min.js (from the installed plotly package) and the script that draws the
    default figures into the site, once, when a page loads them; call it after the pages are
    written. Returns plotly.min.js's path in the site, or None when no page needs it."""
    if not any(PLOTLY_SITE_PATH in page.read_text(encoding="utf-8") for page in site_dir.rglob("*.html")):
        return None
    import plotly

    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not source.is_file():
        raise RenderError(f"plotly.min.js not found in the installed plotly package ({source})")
    destination = site_dir / PLOTLY_SITE_PATH
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
    figures = site_dir / PLOTLY_FIGURES_PATH
    figures.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(RESOURCES / Path(PLOTLY_FIGURES_PATH).name, figures)
    return destination


def write_root_redirect(site_dir: Path, first_page: str) -> None:
    """A site-root ``index.html`` pointing at the first chapter (Quarto writes none)."""
    target = html.escape(first_page)
    (site_dir / "index.html").write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\"><title>Redirect</title></head>"
        f"<body><p><a href=\"{target}\">Open the report</a></p></body></html>\n",
        encoding="utf-8",
    )


def _include_files(project: Project, key: str) -> list[Path]:
    """Files (or inline text) listed under ``format.html.<key>``, as files to pass to Pandoc."""
    entries = project.html.get(key) or []
    if isinstance(entries, (str, dict)):
        entries = [entries]
    paths: list[Path] = []
    for entry in entries:
        file_name = entry.get("file") if isinstance(entry, dict) else entry
        if isinstance(entry, dict) and "text" in entry:
            raise ConfigError(f"_quarto.yml: format.html.{key}: inline 'text' is not supported offline; use a file")
        path = project.root / str(file_name)
        if not path.is_file():
            raise ConfigError(f"_quarto.yml: format.html.{key} lists {file_name!r}, which does not exist")
        paths.append(path)
    return paths


def css_files(project: Project) -> list[str]:
    css = project.html.get("css") or []
    return [css] if isinstance(css, str) else [str(c) for c in css]


def copy_resources(project: Project, site_dir: Path) -> None:
    """Copy the CSS files and ``project.resources`` (globs) into the site, keeping paths."""
    patterns = css_files(project) + project.resources
    for pattern in patterns:
        matches = glob.glob(str(project.root / pattern), recursive=True)
        if not matches:
            raise ConfigError(f"_quarto.yml: resource {pattern!r} matches no file")
        for match in matches:
            source = Path(match)
            if source.is_file():
                destination = site_dir / source.relative_to(project.root)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)


class _TextExtractor(HTMLParser):
    """Visible text of a page's <main>, for the search index."""

    def __init__(self) -> None:
        super().__init__()
        self.depth_main = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth_main += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth_main -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth_main > 0 and self.skip == 0:
            self.parts.append(data)


def page_text(page_html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(page_html)
    return re.sub(r"\s+", " ", " ".join(extractor.parts)).strip()


@dataclass(frozen=True)
class SiteOptions:
    """What the pages link to besides each other."""

    chapter_pdfs: bool
    report_pdf: str | None  # file name at the site root, or None


def _page_metadata(project: Project, doc: Document, docs: list[Document], options: SiteOptions) -> dict[str, Any]:
    page = page_path(doc.relpath)
    root_prefix = relative(".", page) + "/" if Path(page).parent.as_posix() not in ("", ".") else ""
    if root_prefix == "./":
        root_prefix = ""
    navbar = [
        {"href": relative(page_path(item.href), page), "text": item.text, "current": item.href == doc.relpath}
        for item in project.navbar
    ]
    first = project.navbar[0].href if project.navbar else docs[0].relpath
    meta: dict[str, Any] = {
        "site-title": project.site_title,
        "site-root": root_prefix,
        "home-href": page_path(first),
        "navbar": navbar,
        "css": [relative(c, page) for c in css_files(project)],
        "qmdrender-docdir": Path(doc.relpath).parent.as_posix(),
        "link-citations": True,
        "pagetitle": doc.title,
    }
    if options.report_pdf:
        meta["report-pdf"] = relative(options.report_pdf, page)
    if options.chapter_pdfs:
        meta["chapter-pdf"] = Path(pdf_path(doc.relpath)).name
    return meta


def render_page(project: Project, doc: Document, docs: list[Document], site_dir: Path, work_dir: Path,
                options: SiteOptions) -> Path:
    """Render one document's frozen HTML markdown to ``site_dir/<doc>.html``."""
    frozen = read_result(result_path(project.freeze_dir, doc.stem, "html"))
    if frozen is None:
        raise RenderError(f"{doc.relpath}: no frozen HTML result in _freeze; execute it first")
    meta_file = work_dir / f"{doc.stem.replace('/', '__')}.html-meta.json"
    meta_file.parent.mkdir(parents=True, exist_ok=True)
    meta_file.write_text(json.dumps(_page_metadata(project, doc, docs, options)), encoding="utf-8")
    output = site_dir / page_path(doc.relpath)
    output.parent.mkdir(parents=True, exist_ok=True)
    args = [
        "--from=markdown", "--to=html5", "--standalone", "--wrap=none",
        f"--template={RESOURCES / 'page.html'}",
        "--toc", "--toc-depth=3", "--section-divs",
        f"--metadata-file={meta_file}",
        f"--lua-filter={RESOURCES / 'quarto-compat.lua'}",
    ]
    args += [f"--lua-filter={project.root / f}" for f in project.filters]
    args += [f"--include-in-header={p}" for p in _include_files(project, "include-in-header")]
    args += [f"--include-after-body={p}" for p in _include_files(project, "include-after-body")]
    if project.bibliography:
        args += ["--citeproc"] + [f"--bibliography={project.root / b}" for b in project.bibliography]
    args += [f"--output={output}"]
    run_pandoc(args, frozen.markdown, cwd=project.root, what=doc.relpath)
    ensure_plotly_script(output, page_path(doc.relpath))
    return output


def ensure_plotly_script(output: Path, page: str) -> None:
    """A page with figures in the renderer's default form (``data-plotly-figure`` blocks) must
    load plotly.js and the script that draws them: add to the head whichever of the two the
    project's own includes do not load (the charts would otherwise never draw)."""
    text = output.read_text(encoding="utf-8")
    if "data-plotly-figure=" not in text or "</head>" not in text:
        return
    tags = ""
    if "plotly.min.js" not in text:
        tags += f'<script src="{html.escape(relative(PLOTLY_SITE_PATH, page))}" charset="utf-8" defer></script>\n'
    if Path(PLOTLY_FIGURES_PATH).name not in text:
        tags += f'<script src="{html.escape(relative(PLOTLY_FIGURES_PATH, page))}" defer></script>\n'
    if tags:
        head, rest = text.split("</head>", 1)
        output.write_text(head + tags + "</head>" + rest, encoding="utf-8")


def build_search_index(site_dir: Path, docs: list[Document]) -> None:
    entries = []
    for doc in docs:
        page = page_path(doc.relpath)
        text = page_text((site_dir / page).read_text(encoding="utf-8"))
        entries.append({"href": page, "title": doc.title, "text": text[:20000]})
    (site_dir / "search.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def copy_frame_assets(site_dir: Path) -> None:
    """The offline page frame's own CSS and search script."""
    target = site_dir / "site_libs" / "qmdrender"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("site.css", "search.js"):
        shutil.copyfile(RESOURCES / name, target / name)


def package_versions() -> dict[str, str]:
    """Python and package versions: the project's own list (``aigrowth.provenance``) when it is
    importable, plus the renderer's packages, from the installed distributions' metadata."""
    import platform
    from importlib import metadata

    names = list(RENDERER_PACKAGES)
    versions = {"python": platform.python_version()}
    try:
        from aigrowth.provenance import package_versions as project_versions
    except ImportError:
        pass
    else:
        frame = project_versions()
        versions.update(zip(frame["package"].astype(str), frame["version"].astype(str)))
    for name in names:
        if name not in versions:
            try:
                versions[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                versions[name] = "not installed"
    from . import __version__

    versions["qmdrender"] = __version__
    return dict(sorted(versions.items()))


def data_checksums(project_root: Path) -> list[dict[str, Any]]:
    """File, size and sha256 of every fetched data file, from ``data/raw/RECORD.json`` (empty
    when the project has no record). Access times and origins are left out on purpose."""
    record = project_root / "data" / "raw" / "RECORD.json"
    try:
        entries = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if isinstance(entries, dict):  # {"files": [...]} or a mapping file -> entry
        listed = entries.get("files")
        entries = listed if isinstance(listed, list) else [
            {"file": name, **entry} for name, entry in entries.items() if isinstance(entry, dict)]
    if not isinstance(entries, list):
        return []
    rows = [{key: entry[key] for key in ("file", "bytes", "sha256", "status") if key in entry}
            for entry in entries if isinstance(entry, dict) and "file" in entry]
    return sorted(rows, key=lambda row: str(row["file"]))


def write_build_info(project: Project, site_dir: Path) -> Path:
    """``build-info.json``: the package versions and data checksums the build used. No times
    and no absolute paths, so two builds from the same inputs write the same bytes."""
    info = {
        "renderer": "qmdrender (offline)",
        "packages": package_versions(),
        "data": data_checksums(project.root),
    }
    path = site_dir / BUILD_INFO
    path.write_text(json.dumps(info, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
