"""The last pass over a built site, the same after either renderer (the offline build calls it,
and under Quarto the project's post-render step does):

- **Content-Security-Policy.** Every page gets a ``<meta http-equiv="Content-Security-Policy">``
  as the first thing in its head. Scripts may come from the site itself and, inline, only the
  page frame's own: an inline script or event handler outside the document's content (``<main>``
  and the table of contents) is allowed by its SHA-256 hash, which is how Quarto's own inline
  scripts (``quarto-html-after-body``, the navbar toggle's ``onclick``) keep working. Anything
  inside the content, where data text lands, cannot run: no inline script, no ``onerror``, no
  ``javascript:`` URL. Styles may be inline (plotly and great-tables write style attributes).
- **A meta description.** A page without one gets its subtitle (or its first paragraph) as
  ``<meta name="description">``.
- **Cache-friendly assets.** The project's own CSS and JavaScript are also written under
  content-hashed names (``figures.3fa2c1d09b.js``) and every page refers to those, so a host can
  let browsers keep them for good; a changed file gets a new name.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import html
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from .project import Project
from .site import css_files

#: Everything but scripts: from the site itself; inline styles allowed (plotly, great-tables).
BASE_POLICY = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
_EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_DESCRIPTION_CHARS = 160


class _PageScan(HTMLParser):
    """Inline scripts and event handlers of a page, and whether each lies in its content; the
    subtitle and first paragraph (for the description)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, opens the document's content)
        self.content_depth = 0
        self.script: list[str] | None = None
        self.script_in_content = False
        self.scripts: list[tuple[str, bool]] = []  # (text, in content)
        self.handlers: list[tuple[str, bool]] = []  # (code, in content)
        self.has_description = False
        self.subtitle: list[str] | None = None
        self.subtitle_text = ""
        self.paragraph: list[str] | None = None
        self.first_paragraph = ""

    @staticmethod
    def _opens_content(tag: str, attrs: dict[str, str]) -> bool:
        return tag == "main" or (
            tag == "nav" and (attrs.get("id") == "TOC" or attrs.get("role") == "doc-toc")
        )

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        in_content = self.content_depth > 0 or self._opens_content(tag, attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append((value, in_content))
        if tag == "meta" and attrs.get("name", "").lower() == "description":
            self.has_description = True
        if tag == "script" and "src" not in attrs and attrs.get("type", "").lower() in _EXECUTABLE:
            self.script, self.script_in_content = [], in_content
        if tag == "p" and self.content_depth > 0:
            if "subtitle" in attrs.get("class", "").split() and not self.subtitle_text:
                self.subtitle = []
            elif not self.first_paragraph and self.paragraph is None:
                self.paragraph = []
        if tag not in _VOID:
            opens = self._opens_content(tag, attrs)
            self.stack.append((tag, opens))
            self.content_depth += opens

    def handle_startendtag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs_list)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.scripts.append(("".join(self.script), self.script_in_content))
            self.script = None
        if tag == "p":
            if self.subtitle is not None:
                self.subtitle_text, self.subtitle = " ".join("".join(self.subtitle).split()), None
            if self.paragraph is not None:
                self.first_paragraph, self.paragraph = " ".join("".join(self.paragraph).split()), None
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, opens = self.stack.pop()
            self.content_depth -= opens
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)
        if self.subtitle is not None:
            self.subtitle.append(data)
        if self.paragraph is not None:
            self.paragraph.append(data)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(page_html: str) -> str:
    """The policy for one page: the base policy, and scripts from the site plus the page frame's
    own inline scripts and handlers by hash (never those inside the document's content)."""
    scan = _PageScan()
    scan.feed(page_html)
    scan.close()
    scripts = sorted({_sha256(text) for text, in_content in scan.scripts if not in_content})
    handlers = sorted({_sha256(code) for code, in_content in scan.handlers if not in_content})
    script_src = ["script-src 'self'", *scripts]
    if handlers:
        script_src += ["'unsafe-hashes'", *handlers]
    return "; ".join([BASE_POLICY[0], " ".join(script_src), *BASE_POLICY[1:]])


def description(page_html: str) -> str | None:
    """What the page's meta description should say (None when it has one already)."""
    scan = _PageScan()
    scan.feed(page_html)
    scan.close()
    if scan.has_description:
        return None
    text = scan.subtitle_text or scan.first_paragraph
    if len(text) > _DESCRIPTION_CHARS:
        text = text[:_DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text or None


_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>\n?", re.I)


def _attribute(value: str) -> str:
    """A double-quoted attribute value (apostrophes, common in a policy, stay as they are)."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


# Quarto writes the "cite this" entry of its Citation appendix as a list item with no list
# around it (invalid ARIA, a critical axe finding); the entry is one paragraph, so the role goes.
_LONE_CITEAS = re.compile(r'(<div id="ref-[^"]*" class="csl-entry quarto-appendix-citeas") role="listitem"')


def secure_page(page_html: str) -> str:
    """The page with its Content-Security-Policy first in its head and a meta description (and
    the Citation appendix's lone list item made a plain entry)."""
    page_html = _LONE_CITEAS.sub(r"\1", _CSP_META.sub("", page_html))
    tags = f'<meta http-equiv="Content-Security-Policy" content="{_attribute(content_security_policy(page_html))}">\n'
    text = description(page_html)
    if text:
        tags += f'<meta name="description" content="{_attribute(text)}">\n'
    charset = _CHARSET.search(page_html)
    if charset:
        return page_html[: charset.end()] + tags + page_html[charset.end() :]
    head = re.search(r"<head[^>]*>\n?", page_html, re.I)
    if not head:
        return page_html
    return page_html[: head.end()] + tags + page_html[head.end() :]


# -- content-hashed assets -------------------------------------------------------------------
_ATTRIBUTE = re.compile(r'(\s(?:src|href|data-[\w-]+)=")([^"]*)(")')


def hashed_name(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f"{path.stem}.{digest}{path.suffix}"


def fingerprint_assets(site_dir: Path, assets: list[str]) -> dict[str, str]:
    """Write each asset (a path inside the site) also under its content-hashed name; returns
    the original path -> hashed path. The unhashed file stays, for anything that names it."""
    renamed: dict[str, str] = {}
    for asset in sorted(set(assets)):
        source = site_dir / asset
        if not source.is_file():
            continue
        target = source.with_name(hashed_name(source))
        shutil.copyfile(source, target)
        renamed[asset] = target.relative_to(site_dir).as_posix()
    return renamed


def rewrite_references(page_html: str, page: str, renamed: dict[str, str]) -> str:
    """Point the page's ``src``, ``href`` and ``data-*`` attributes at the hashed assets."""
    folder = posixpath.dirname(page)

    def replace(match: re.Match[str]) -> str:
        value = match.group(2)
        if not value or re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", value, re.I):
            return match.group(0)
        path, suffix = value, ""
        cut = re.search(r"[?#]", value)
        if cut:
            path, suffix = value[: cut.start()], value[cut.start() :]
        target = posixpath.normpath(posixpath.join(folder, html.unescape(path)))
        if target not in renamed:
            return match.group(0)
        new = posixpath.relpath(renamed[target], folder or ".")
        return match.group(1) + html.escape(new) + suffix + match.group(3)

    return _ATTRIBUTE.sub(replace, page_html)


def project_assets(project: Project, site_dir: Path) -> list[str]:
    """The CSS and JavaScript the project itself brings (its ``css`` and ``resources``) and the
    offline page frame's own, as paths inside the site. Quarto's own ``site_libs`` are left as
    Quarto names them."""
    found: set[str] = set()
    for pattern in css_files(project) + project.resources:
        for match in glob.glob(str(project.root / pattern), recursive=True):
            path = Path(match)
            if path.is_file() and path.suffix in (".css", ".js"):
                found.add(path.relative_to(project.root).as_posix())
    frame = site_dir / "site_libs" / "qmdrender"
    if frame.is_dir():
        found |= {
            p.relative_to(site_dir).as_posix()
            for p in frame.iterdir()
            if p.suffix in (".css", ".js") and p.name.count(".") == 1
        }
    return sorted(found)


def finish_site(project: Project, site_dir: Path) -> None:
    """Fingerprint the project's assets and give every page of the site its references to them,
    its Content-Security-Policy and its description."""
    renamed = fingerprint_assets(site_dir, project_assets(project, site_dir))
    for page in sorted(site_dir.rglob("*.html")):
        relpath = page.relative_to(site_dir).as_posix()
        text = page.read_text(encoding="utf-8")
        page.write_text(secure_page(rewrite_references(text, relpath, renamed)), encoding="utf-8")
