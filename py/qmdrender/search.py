"""The site's search index, ``search.json``, built the way Quarto 1.10 builds it.

One entry per page and one per level-2 section, each ``{"objectID", "href", "title",
"section", "text"}`` (plus ``crumbs`` when the page is in the website's sidebar): a section's
``href`` ends in ``#<section id>``, so a result lands on the section. The page entry holds the
text before the first section. Scripts, styles, the title block and the table of contents are
left out; ``<`` and ``>`` in the text are written as entities, as Quarto writes them.
``resources/search.js`` searches it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from .frame import page_path
from .project import Project
from .qmd import Document


def _encode(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _crumbs(project: Project, doc: Document) -> list[str] | None:
    """Quarto's breadcrumbs for a page in the sidebar: the sidebar's navbar entry, then the page."""
    if doc.relpath not in project.page_order:
        return None
    crumbs = [doc.title]
    if project.navbar and project.navbar[0].text and project.navbar[0].text != doc.title:
        crumbs.insert(0, project.navbar[0].text)
    return crumbs


def page_entries(
    page_html: str, href: str, title_fallback: str, crumbs: list[str] | None = None
) -> list[dict[str, Any]]:
    """The index entries of one built page."""
    soup = BeautifulSoup(page_html, "html.parser")
    heading = soup.select_one("h1.title") or soup.select_one("main h1")
    title = heading.get_text() if heading else title_fallback
    for selector in ("#title-block-header", 'nav[role="doc-toc"]', "script", "style"):
        for element in soup.select(selector):
            element.decompose()
    main = soup.select_one("main.content") or soup.select_one("main")
    if main is None:
        return []

    def entry(anchor: str, section: str, text: str) -> dict[str, Any]:
        item: dict[str, Any] = {
            "objectID": href + anchor,
            "href": href + anchor,
            "title": title,
            "section": section,
            "text": _encode(text),
        }
        if crumbs:
            item["crumbs"] = crumbs
        return item

    sections = [s for s in main.select("section.level2, section.footnotes") if isinstance(s, Tag)]
    if not sections:
        text = main.get_text().strip()
        return [entry("", "", text)] if text else []
    entries: list[dict[str, Any]] = []
    page_text: list[str] = []
    first = next((child for child in main.children if isinstance(child, Tag)), None)
    if first is not None and first not in sections:
        for heading_el in first.select("h1, h2, h3, h4, h5, h6"):
            heading_el.decompose()
        if first.get_text().strip():
            page_text.append(first.get_text().strip())
        first.decompose()
    for child in list(main.children):
        if isinstance(child, Tag) and (
            child.name == "p" or (child.name == "div" and "cell" in (child.get("class") or []))
        ):
            if child.get_text().strip():
                page_text.append(child.get_text().strip())
            child.decompose()
    if page_text:
        entries.append(entry("", "", "\n".join(page_text)))
    for section in sections:
        if not section.get("id"):
            continue
        h2 = section.find("h2")
        text = section.get_text().strip()
        if text:
            entries.append(entry(f"#{section['id']}", h2.get_text().strip() if h2 else "", text))
    return entries


def write_search_index(project: Project, site_dir: Path, docs: list[Document]) -> Path:
    """``search.json`` for the pages of ``docs``, in the order of project.render."""
    entries: list[dict[str, Any]] = []
    for doc in docs:
        page = page_path(doc.relpath)
        entries += page_entries(
            (site_dir / page).read_text(encoding="utf-8"), page, project.site_title, _crumbs(project, doc)
        )
    path = site_dir / "search.json"
    path.write_text(json.dumps(entries, indent=2, ensure_ascii=False), encoding="utf-8")
    return path
