"""Build the HTML website from the frozen markdown with Pandoc.

One page per document in Quarto's page frame (``frame``: navbar, page grid, table of contents
with "Other Formats", previous/next navigation), with the project's CSS, includes and Lua
filters from ``_quarto.yml``, then Quarto's finishing touches (``htmlpost``) and the search
index (``search``). A page that shows figures the renderer's default way (``qmdrender.kernel``)
loads plotly.js from ``site_libs/plotly/plotly.min.js``, copied once from the installed plotly
package (never a CDN), and ``site_libs/qmdrender/plotly-figures.js``, which draws them; a
project that draws its own figures (the report's ``figures.js``) loads its own bundles and
neither file is copied.
"""

from __future__ import annotations

import datetime as dt
import glob
import html
import json
import os
import re
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import frame, pagemeta
from .digests import DataState
from .errors import ConfigError, RenderError
from .frame import page_path, pdf_path, relative
from .freeze import read_result, result_path
from .htmlpost import postprocess_page
from .pandoc import RESOURCES, run_pandoc
from .project import Project
from .qmd import Document
from .search import write_search_index

__all__ = ["page_path", "pdf_path", "relative", "write_search_index"]

PLOTLY_SITE_PATH = "site_libs/plotly/plotly.min.js"
PLOTLY_FIGURES_PATH = "site_libs/qmdrender/plotly-figures.js"
FRAME_ASSETS = "site_libs/qmdrender"
BUILD_INFO = "build-info.json"
#: Packages the renderer itself uses (reported besides the project's own list).
RENDERER_PACKAGES = (
    "nbclient",
    "ipykernel",
    "jupyter-client",
    "plotly",
    "kaleido",
    "great-tables",
    "pypandoc-binary",
    "typst",
    "pyyaml",
    "beautifulsoup4",
)


def report_pdf_name(project: Project) -> str:
    """File name of the whole-report PDF, from the site title."""
    slug = re.sub(r"[^a-z0-9]+", "-", project.site_title.lower()).strip("-")
    return f"{slug or 'report'}.pdf"


def first_page(project: Project, docs: list[Document]) -> str:
    """The document the site root opens: the navbar's first document, else the first rendered."""
    for item in project.navbar:
        if item.href.endswith(".qmd"):
            return item.href
    return docs[0].relpath


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


def write_root_redirect(site_dir: Path, first: str) -> None:
    """A site-root ``index.html`` pointing at the first chapter."""
    target = html.escape(first)
    (site_dir / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={target}"><title>Redirect</title></head>'
        f'<body><p><a href="{target}">Open the report</a></p></body></html>\n',
        encoding="utf-8",
    )


def _include_files(project: Project, key: str) -> list[Path]:
    """Files listed under ``format.html.<key>``, as files to pass to Pandoc."""
    entries = project.html.get(key) or []
    if isinstance(entries, (str, dict)):
        entries = [entries]
    paths: list[Path] = []
    for entry in entries:
        if isinstance(entry, dict) and set(entry) != {"file"}:
            raise ConfigError(
                f"_quarto.yml: format.html.{key}: only `file:` entries are supported offline, got {entry!r}"
            )
        file_name = entry["file"] if isinstance(entry, dict) else entry
        path = project.root / str(file_name)
        if not path.is_file():
            raise ConfigError(f"_quarto.yml: format.html.{key} lists {file_name!r}, which does not exist")
        paths.append(path)
    return paths


def css_files(project: Project) -> list[str]:
    css = project.html.get("css") or []
    return [css] if isinstance(css, str) else [str(c) for c in css]


def _resource_files(project: Project) -> list[Path]:
    found: list[Path] = []
    for pattern in css_files(project) + project.resources:
        matches = sorted(glob.glob(str(project.root / pattern), recursive=True))
        if not matches:
            raise ConfigError(f"_quarto.yml: resource {pattern!r} matches no file")
        found += [Path(m) for m in matches if Path(m).is_file()]
    return found


def site_asset_files(project: Project) -> list[Path]:
    """The project files a page is built with besides its freeze (for the warm-build digest)."""
    files = _resource_files(project)
    files += _include_files(project, "include-in-header") + _include_files(project, "include-after-body")
    partials = project.typst.get("template-partials") or []
    files += [project.root / str(p) for p in ([partials] if isinstance(partials, str) else partials)]
    return files


def copy_resources(project: Project, site_dir: Path) -> None:
    """Copy the CSS files and ``project.resources`` (globs) into the site, keeping paths."""
    for source in _resource_files(project):
        destination = site_dir / source.relative_to(project.root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)


def build_day() -> dt.date:
    """The day of this build (UTC), or of ``SOURCE_DATE_EPOCH`` when set, so that a build can
    be repeated byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date()


def preview_image(project: Project, doc: Document) -> str | None:
    """The address of the document's ``image`` (its social card): absolute under
    ``website.site-url``, else relative to the page. The file must exist."""
    image = doc.front_matter.get("image")
    if not image:
        return None
    target = (Path(doc.relpath).parent / str(image)).as_posix()
    if not (project.root / target).is_file():
        raise RenderError(f"{doc.relpath}: `image` names {image!r}, which does not exist ({target})")
    if project.page_meta.site_url:
        return project.page_meta.site_url + target
    return str(image)


def _description(doc: Document) -> str | None:
    for key in ("description", "subtitle"):
        value = doc.front_matter.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


@dataclass(frozen=True)
class SiteOptions:
    """What the pages link to besides each other."""

    chapter_pdfs: bool
    report_pdf: str | None  # file name at the site root, or None


def _frame_variables(
    project: Project, doc: Document, docs: list[Document], options: SiteOptions
) -> list[str]:
    """Pandoc template variables (``-V``, used verbatim) holding the page frame's HTML."""
    page = page_path(doc.relpath)
    previous, following = frame.neighbours(project, doc, docs)
    variables = {
        "site-title": html.escape(project.site_title),
        "site-root": frame.offset(page),
        "pagetitle": html.escape(doc.title),
        "toc-title": html.escape(project.toc_title),
        "navbar": frame.navbar(project, doc, docs),
        "alternate-formats": frame.alternate_formats(doc, options.chapter_pdfs),
        "page-navigation": frame.page_navigation(previous, following),
        "page-links": frame.page_links(previous, following),
        "title-meta": pagemeta.title_meta(project.page_meta, project.page_meta.built_on(build_day())),
        "social-tags": pagemeta.social_tags(
            project.page_meta, doc.title, project.site_title, _description(doc), preview_image(project, doc)
        ),
        "repo-actions": pagemeta.repo_actions(project.page_meta, doc.relpath),
    }
    if project.search:
        variables["search-script"] = f"{frame.offset(page)}{FRAME_ASSETS}/search.js"
    args = []
    for name, value in variables.items():
        args.append(f"--variable={name}:{value}")
    for css in css_files(project):  # as Quarto links them: from the site root
        args.append(f"--variable=css:{frame.offset(page)}{css}")
    return args


def render_page(
    project: Project,
    doc: Document,
    docs: list[Document],
    site_dir: Path,
    work_dir: Path,
    options: SiteOptions,
) -> Path:
    """Render one document's frozen HTML markdown to ``site_dir/<doc>.html``."""
    frozen = read_result(result_path(project.freeze_dir, doc.stem, "html"))
    if frozen is None:
        raise RenderError(f"{doc.relpath}: no frozen HTML result in _freeze; execute it first")
    page = page_path(doc.relpath)
    output = site_dir / page
    output.parent.mkdir(parents=True, exist_ok=True)
    args = [
        "--from=markdown",
        "--to=html5",
        "--standalone",
        "--wrap=none",
        "--section-divs",
        f"--template={RESOURCES / 'page.html'}",
        f"--metadata=qmdrender-docdir:{Path(doc.relpath).parent.as_posix()}",
        f"--metadata=qmdrender-offset:{frame.offset(page)}",
        f"--metadata=qmdrender-inputs:{'|'.join(project.render)}",
        "--metadata=link-citations:true",
        f"--lua-filter={RESOURCES / 'quarto-compat.lua'}",
    ]
    if project.toc:
        args += ["--toc", f"--toc-depth={project.toc_depth}"]
    args += [f"--lua-filter={project.root / f}" for f in project.filters]
    args.append(f"--lua-filter={RESOURCES / 'quarto-post.lua'}")
    args += _frame_variables(project, doc, docs, options)
    args += [f"--include-in-header={p}" for p in _include_files(project, "include-in-header")]
    args += [f"--include-after-body={p}" for p in _include_files(project, "include-after-body")]
    if project.bibliography:
        args += ["--citeproc"] + [f"--bibliography={project.root / b}" for b in project.bibliography]
    written = run_pandoc(args, frozen.markdown, cwd=project.root, what=doc.relpath)
    day = project.page_meta.built_on(build_day())
    if project.page_meta.citation and day is not None:
        section = pagemeta.citation_section(project.page_meta, doc.title, project.site_title, page, day)
        written = pagemeta.add_citation(written, section)
    output.write_text(postprocess_page(written, page), encoding="utf-8")
    ensure_plotly_script(output, page)
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
        tags += (
            f'<script src="{html.escape(relative(PLOTLY_SITE_PATH, page))}" charset="utf-8" defer></script>\n'
        )
    if Path(PLOTLY_FIGURES_PATH).name not in text:
        tags += f'<script src="{html.escape(relative(PLOTLY_FIGURES_PATH, page))}" defer></script>\n'
    if tags:
        head, rest = text.split("</head>", 1)
        output.write_text(head + tags + "</head>" + rest, encoding="utf-8")


def copy_frame_assets(site_dir: Path) -> None:
    """The offline page frame's own CSS and search script."""
    target = site_dir / FRAME_ASSETS
    target.mkdir(parents=True, exist_ok=True)
    for name in ("site.css", "search.js"):
        shutil.copyfile(RESOURCES / name, target / name)


_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[=<>!~]=|===)")


def _required_packages(project: Project) -> list[str]:
    """Package names pinned in the ``versions-from`` requirements file."""
    name = project.hooks.versions_from
    if not name:
        return []
    path = project.root / name
    if not path.is_file():
        raise ConfigError(
            f"pyproject.toml: tool.qmdrender.versions-from names {name!r}, which does not exist"
        )
    packages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _REQUIREMENT.match(line.split("#", 1)[0])
        if match:
            packages.append(match.group(1))
    return packages


def package_versions(project: Project) -> dict[str, str]:
    """Python, the renderer's packages and the project's pinned ones, with installed versions."""
    import platform

    from . import __version__

    versions = {"python": platform.python_version(), "qmdrender": __version__}
    for name in [*RENDERER_PACKAGES, *_required_packages(project)]:
        try:
            versions.setdefault(name, metadata.version(name))
        except metadata.PackageNotFoundError:
            versions.setdefault(name, "not installed")
    return dict(sorted(versions.items()))


def build_info(project: Project, data: DataState) -> dict[str, Any]:
    """What the build used: package versions and, for every data file, its size and sha256
    (read from the files). No times and no absolute paths, so the same inputs give the same bytes."""
    return {
        "renderer": "qmdrender (offline)",
        "packages": package_versions(project),
        "data": [{"file": f.path, "bytes": f.bytes, "sha256": f.sha256} for f in data.files],
    }


def write_build_info(project: Project, site_dir: Path, data: DataState) -> Path:
    path = site_dir / BUILD_INFO
    path.write_text(
        json.dumps(build_info(project, data), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return path
