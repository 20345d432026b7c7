"""What Quarto adds to a page from the project's metadata, in Quarto's own markup:

- **The byline** (``author``, ``date``): the title block's "Author" and "Published" entries
  (``quarto-title-meta``); ``date: today`` is the day of the build, and the "Published" label
  can be renamed with ``language: title-block-published``, as in Quarto.
- **The citation** (``citation: true``): the appendix section "Citation" with the page's BibTeX
  entry and its attribution text, made from the author, the page title, the date and the page's
  address (``website.site-url`` plus the page path).
- **Social cards** (``website.open-graph``, ``website.twitter-card``): ``og:`` and ``twitter:``
  meta tags naming the page's title, description and preview image (the document's ``image``).
- **A link to the code** (``website.repo-url`` with ``website.repo-actions: [source]``): the
  table of contents' "View source" link to the document in the repository.

Everything here is escaped: titles and descriptions come from the documents.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError

CONFIG_NAME = "_quarto.yml"
#: ``language`` keys the renderer honours, with Quarto's English defaults.
LANGUAGE_DEFAULTS = {
    "title-block-author-single": "Author",
    "title-block-author-plural": "Authors",
    "title-block-published": "Published",
}
REPO_ACTIONS = {"source": "View source"}


@dataclass(frozen=True)
class PageMeta:
    """The project-wide metadata of every page."""

    authors: list[str] = field(default_factory=list)
    date: str | None = None  # "today" or an ISO date
    citation: bool = False
    site_url: str | None = None
    repo_url: str | None = None
    repo_branch: str = "main"
    repo_actions: list[str] = field(default_factory=list)
    open_graph: bool = False
    twitter_card: bool = False
    language: dict[str, str] = field(default_factory=lambda: dict(LANGUAGE_DEFAULTS))

    def label(self, key: str) -> str:
        return self.language.get(key, LANGUAGE_DEFAULTS[key])

    def built_on(self, today: dt.date) -> dt.date | None:
        """The page's date: the build's day for ``today``, else the date written."""
        if self.date is None:
            return None
        if self.date == "today":
            return today
        return dt.date.fromisoformat(self.date)


def _authors(value: Any) -> list[str]:
    """``author`` as Quarto accepts it: a name, a list of names, or entries with ``name``."""
    if value is None:
        return []
    entries = value if isinstance(value, list) else [value]
    names = []
    for entry in entries:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{CONFIG_NAME}: every `author` needs a name, got {entry!r}")
        names.append(name.strip())
    return names


def _flag(value: Any, key: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ConfigError(f"{CONFIG_NAME}: `{key}` must be true or false offline, got {value!r}")
    return value


def _url(value: Any, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.match(r"^https?://[^\s\"'<>]+$", value):
        raise ConfigError(f"{CONFIG_NAME}: `{key}` must be an http(s) address, got {value!r}")
    return value.rstrip("/") + "/"


def read_page_meta(raw: dict[str, Any]) -> PageMeta:
    """The page metadata of ``_quarto.yml`` (checked; a bad value stops with its key)."""
    website = raw.get("website") or {}
    date = raw.get("date")
    if isinstance(date, dt.date):
        date = date.isoformat()
    if date is not None and date != "today":
        try:
            dt.date.fromisoformat(str(date))
        except ValueError:
            raise ConfigError(
                f"{CONFIG_NAME}: `date` must be `today` or YYYY-MM-DD offline, got {date!r}"
            ) from None
    actions = website.get("repo-actions") or []
    if isinstance(actions, str):
        actions = [actions]
    for action in actions:
        if action not in REPO_ACTIONS:
            raise ConfigError(
                f"{CONFIG_NAME}: `website.repo-actions` entry {action!r} is not supported offline "
                f"(supported: {', '.join(REPO_ACTIONS)})"
            )
    language = dict(LANGUAGE_DEFAULTS)
    for key, value in (raw.get("language") or {}).items():
        if key not in LANGUAGE_DEFAULTS:
            raise ConfigError(
                f"{CONFIG_NAME}: `language.{key}` is not supported offline (supported: {', '.join(LANGUAGE_DEFAULTS)})"
            )
        language[key] = str(value)
    meta = PageMeta(
        authors=_authors(raw.get("author")),
        date=None if date is None else str(date),
        citation=_flag(raw.get("citation"), "citation"),
        site_url=_url(website.get("site-url"), "website.site-url"),
        repo_url=_url(website.get("repo-url"), "website.repo-url"),
        repo_branch=str(website.get("repo-branch", "main")),
        repo_actions=list(actions),
        open_graph=_flag(website.get("open-graph"), "website.open-graph"),
        twitter_card=_flag(website.get("twitter-card"), "website.twitter-card"),
        language=language,
    )
    if meta.citation and not (meta.authors and meta.site_url):
        raise ConfigError(f"{CONFIG_NAME}: `citation: true` needs an `author` and `website.site-url` to cite")
    if meta.repo_actions and not meta.repo_url:
        raise ConfigError(f"{CONFIG_NAME}: `website.repo-actions` needs `website.repo-url`")
    return meta


def long_date(day: dt.date) -> str:
    """A date as Quarto's title block writes it by default: ``December 2, 2026``."""
    return f"{day.strftime('%B')} {day.day}, {day.year}"


# -- the title block -------------------------------------------------------------------------
def title_meta(meta: PageMeta, day: dt.date | None) -> str:
    """Quarto's ``quarto-title-meta`` block: the authors and the date."""
    parts = []
    if meta.authors:
        heading = meta.label(
            "title-block-author-plural" if len(meta.authors) > 1 else "title-block-author-single"
        )
        names = "".join(f"<p>{html.escape(name)}</p>" for name in meta.authors)
        parts.append(
            f'<div>\n<div class="quarto-title-meta-heading">{html.escape(heading)}</div>\n'
            f'<div class="quarto-title-meta-contents">{names}</div>\n</div>'
        )
    if day is not None:
        parts.append(
            f'<div>\n<div class="quarto-title-meta-heading">{html.escape(meta.label("title-block-published"))}</div>\n'
            f'<div class="quarto-title-meta-contents"><p class="date">{html.escape(long_date(day))}</p></div>\n</div>'
        )
    if not parts:
        return ""
    return '<div class="quarto-title-meta">\n' + "\n".join(parts) + "\n</div>"


# -- the citation ----------------------------------------------------------------------------
def page_url(meta: PageMeta, page: str) -> str | None:
    return meta.site_url + page if meta.site_url else None


def _bibtex_value(text: str) -> str:
    """Text for a BibTeX field: braces and backslashes cannot close or escape the field."""
    return re.sub(r"[{}\\]", "", " ".join(text.split()))


def citation_key(meta: PageMeta, page: str, day: dt.date) -> str:
    """A key like Quarto's (first author's last word and year), with the page's name."""
    first = re.sub(r"[^a-z0-9]", "", (meta.authors[0].split() or ["report"])[-1].lower()) or "report"
    stem = re.sub(r"[^a-z0-9]+", "", page.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower())
    return f"{first}{day.year}{stem}"


def bibtex(meta: PageMeta, title: str, container: str, page: str, day: dt.date) -> str:
    """The page's BibTeX entry (``@online``, as Quarto writes for a web page). A group author is
    written in double braces so that BibTeX keeps it as one name."""
    authors = " and ".join("{" + _bibtex_value(name) + "}" for name in meta.authors)
    fields = [
        ("author", authors),
        ("title", _bibtex_value(title)),
        ("booktitle", _bibtex_value(container)),
        ("date", day.isoformat()),
        ("url", page_url(meta, page) or ""),
        ("langid", "en"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{citation_key(meta, page, day)},\n{body}\n}}"


def attribution(meta: PageMeta, title: str, container: str, page: str, day: dt.date) -> str:
    """The "cite as" text, in Quarto's default (Chicago author-date) form for a web page."""
    authors = ", ".join(html.escape(name) for name in meta.authors)
    url = html.escape(page_url(meta, page) or "")
    return (
        f"{authors}. {day.year}. “{html.escape(title)}.” <em>{html.escape(container)}</em>, "
        f'{day.strftime("%B")} {day.day}. <a href="{url}">{url}</a>.'
    )


def citation_section(meta: PageMeta, title: str, container: str, page: str, day: dt.date) -> str:
    """Quarto's appendix section "Citation" (``#quarto-citation``)."""
    key = citation_key(meta, page, day)
    return (
        '<section class="quarto-appendix-contents" id="quarto-citation"><h2 class="anchored quarto-appendix-heading">Citation</h2>'
        '<div><div class="quarto-appendix-secondary-label">BibTeX citation:</div>'
        '<pre class="sourceCode code-with-copy quarto-appendix-bibtex"><code class="sourceCode bibtex">'
        f"{html.escape(bibtex(meta, title, container, page, day))}</code></pre>"
        '<div class="quarto-appendix-secondary-label">For attribution, please cite this work as:</div>'
        f'<div id="ref-{html.escape(key)}" class="csl-entry quarto-appendix-citeas" role="listitem">'
        f"{attribution(meta, title, container, page, day)}</div></div></section>"
    )


def add_citation(page_html: str, section: str) -> str:
    """The citation section at the end of the page's appendix (made when there is none)."""
    appendix = '<div id="quarto-appendix" class="default">'
    if appendix in page_html:
        start = page_html.index(appendix)
        end = page_html.index("</main>", start)
        closing = page_html.rindex("</div>", start, end)
        return page_html[:closing] + section + page_html[closing:]
    return page_html.replace("</main>", f"{appendix}{section}</div></main>", 1)


# -- social cards and the link to the code ---------------------------------------------------
def social_tags(
    meta: PageMeta, title: str, site_title: str, description: str | None, image: str | None
) -> str:
    """Quarto's Open Graph and Twitter Card tags for one page (``image``: its address)."""
    tags: list[tuple[str, str, str]] = []
    if meta.open_graph:
        tags += [
            ("property", "og:title", f"{title} – {site_title}"),
            ("property", "og:site_name", site_title),
        ]
        if description:
            tags.append(("property", "og:description", description))
        if image:
            tags.append(("property", "og:image", image))
    if meta.twitter_card:
        tags += [("name", "twitter:title", f"{title} – {site_title}")]
        if description:
            tags.append(("name", "twitter:description", description))
        if image:
            tags.append(("name", "twitter:image", image))
        tags.append(("name", "twitter:card", "summary_large_image" if image else "summary"))
    return "\n".join(
        f'<meta {kind}="{name}" content="{html.escape(value, quote=True)}">' for kind, name, value in tags
    )


def repo_actions(meta: PageMeta, relpath: str) -> str:
    """The table of contents' links to the document in the repository (``toc-actions``)."""
    if not meta.repo_actions or not meta.repo_url:
        return ""
    href = html.escape(f"{meta.repo_url}blob/{meta.repo_branch}/{relpath}", quote=True)
    items = "".join(
        f'<li><a href="{href}" class="toc-action"><i class="bi bi-github" aria-hidden="true"></i>{REPO_ACTIONS[a]}</a></li>'
        for a in meta.repo_actions
    )
    return f'<div class="toc-actions"><ul>{items}</ul></div>'
