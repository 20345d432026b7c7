"""The page frame around a document, in Quarto's own markup: the navbar, the search box,
"Other Formats" under the table of contents, and the previous/next page navigation.

Everything here is HTML made from the project's configuration, escaped, and handed to Pandoc's
page template as ready-made variables (``resources/page.html``).
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

from .project import NavItem, Project
from .qmd import Document


def page_path(relpath: str) -> str:
    """Output path of a document (``report/index.qmd`` -> ``report/index.html``)."""
    return relpath[: -len(".qmd")] + ".html"


def pdf_path(relpath: str) -> str:
    return relpath[: -len(".qmd")] + ".pdf"


def offset(page: str) -> str:
    """From a page to the site root, as Quarto writes it ("" or "../", "../../")."""
    depth = len(Path(page).parent.parts)
    return "../" * depth


def relative(target: str, from_page: str) -> str:
    """``target`` (relative to the site root) as seen from ``from_page``."""
    return Path(os.path.relpath(target, Path(from_page).parent.as_posix() or ".")).as_posix()


def nav_href(item_href: str, page: str) -> str:
    """A navigation link as Quarto writes it: a project document becomes the site-root offset
    plus its page (``../report/costs.html``); any other file is made relative to the page;
    outside addresses stay as they are."""
    if "://" in item_href or item_href.startswith(("mailto:", "#")):
        return item_href
    target = page_path(item_href) if item_href.endswith(".qmd") else item_href.lstrip("/")
    return offset(page) + target


@dataclass(frozen=True)
class Link:
    href: str
    text: str


def _text(item: NavItem, docs: list[Document]) -> str:
    """An entry's text; without one, the document's title (as Quarto does)."""
    if item.text:
        return item.text
    for doc in docs:
        if doc.relpath == item.href:
            return doc.title
    return Path(item.href).stem


def _nav_list(items: list[NavItem], docs: list[Document], doc: Document, page: str, side: str) -> str:
    if not items:
        return ""
    rows = []
    for item in items:
        current = item.href == doc.relpath
        active = ' active" aria-current="page' if current else ""
        rows.append(
            f'  <li class="nav-item">\n    <a class="nav-link{active}" href="{html.escape(nav_href(item.href, page))}">'
            f'<span class="menu-text">{html.escape(_text(item, docs))}</span></a>\n  </li>'
        )
    return f'<ul class="navbar-nav navbar-nav-scroll {side}">\n' + "\n".join(rows) + "\n</ul>"


def search_box(page: str) -> str:
    """The site search, driven by ``site_libs/qmdrender/search.js`` and ``search.json``."""
    root = offset(page)
    return (
        '<div id="quarto-search" title="Search">\n'
        '<form class="site-search" role="search" action="#">\n'
        '<label class="visually-hidden" for="site-search-input">Search</label>\n'
        f'<input id="site-search-input" type="text" inputmode="search" enterkeyhint="search" placeholder="Search" autocomplete="off" spellcheck="false" '
        f'role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="site-search-results" '
        f'data-index="{html.escape(root)}search.json" data-root="{html.escape(root)}">\n'
        '<ul id="site-search-results" class="site-search-results" role="listbox" aria-label="Search results" hidden></ul>\n'
        "</form>\n</div>"
    )


def navbar(project: Project, doc: Document, docs: list[Document]) -> str:
    page = page_path(doc.relpath)
    brand = (
        f'<div class="navbar-brand-container mx-auto">\n<a class="navbar-brand" href="{html.escape(offset(page))}index.html">'
        f'<span class="navbar-title">{html.escape(project.site_title)}</span></a>\n</div>'
    )
    parts = [
        '<header id="quarto-header" class="headroom fixed-top">',
        '<nav class="navbar navbar-expand-lg" data-bs-theme="dark" aria-label="Site">',
        '<div class="navbar-container container-fluid">',
        brand,
        search_box(page) if project.search else "",
        '<div class="collapse navbar-collapse" id="navbarCollapse">',
        _nav_list(project.navbar, docs, doc, page, "me-auto"),
        _nav_list(project.navbar_right, docs, doc, page, "ms-auto"),
        "</div>",
        "</div>",
        "</nav>",
        "</header>",
    ]
    return "\n".join(part for part in parts if part)


def alternate_formats(doc: Document, chapter_pdf: bool) -> str:
    """Quarto's "Other Formats" list: the chapter's own PDF (Quarto names it by its format, Typst)."""
    if not chapter_pdf:
        return ""
    pdf = html.escape(Path(pdf_path(doc.relpath)).name)
    return (
        f'<div class="quarto-alternate-formats"><h2>Other Formats</h2><ul><li><a href="{pdf}">'
        '<i class="bi bi-file-pdf" aria-hidden="true"></i>Typst</a></li></ul></div>'
    )


def neighbours(project: Project, doc: Document, docs: list[Document]) -> tuple[Link | None, Link | None]:
    """The previous and next page in the page order (``website.sidebar``; Quarto's rule)."""
    order = project.page_order
    if doc.relpath not in order:
        return None, None
    page = page_path(doc.relpath)
    index = order.index(doc.relpath)

    def link(rel: str) -> Link:
        title = next((d.title for d in docs if d.relpath == rel), Path(rel).stem)
        return Link(href=nav_href(rel, page), text=title)

    return (
        link(order[index - 1]) if index > 0 else None,
        link(order[index + 1]) if index + 1 < len(order) else None,
    )


def page_navigation(previous: Link | None, following: Link | None) -> str:
    if previous is None and following is None:
        return ""
    prev_html = next_html = ""
    if previous:
        prev_html = (
            f'\n      <a href="{html.escape(previous.href)}" class="pagination-link" aria-label="{html.escape(previous.text)}">\n'
            f'        <i class="bi bi-arrow-left-short" aria-hidden="true"></i> <span class="nav-page-text">{html.escape(previous.text)}</span>\n      </a>'
        )
    if following:
        next_html = (
            f'\n      <a href="{html.escape(following.href)}" class="pagination-link" aria-label="{html.escape(following.text)}">\n'
            f'        <span class="nav-page-text">{html.escape(following.text)}</span> <i class="bi bi-arrow-right-short" aria-hidden="true"></i>\n      </a>'
        )
    return (
        '<nav class="page-navigation">\n'
        f'  <div class="nav-page nav-page-previous">{prev_html}\n  </div>\n'
        f'  <div class="nav-page nav-page-next">{next_html}\n  </div>\n'
        "</nav>"
    )


def page_links(previous: Link | None, following: Link | None) -> str:
    """``<link rel="prev/next">`` in the head, as Quarto adds with page navigation."""
    links = []
    if following:
        links.append(f'<link href="{html.escape(following.href)}" rel="next">')
    if previous:
        links.append(f'<link href="{html.escape(previous.href)}" rel="prev">')
    return "\n".join(links)
