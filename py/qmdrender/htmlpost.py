"""What Quarto does to a page after Pandoc wrote it, done to the offline page the same way.

- Headings of sections get ``class="anchored" data-anchor-id="<section id>"`` and a link to
  their own anchor (Quarto adds that link with anchor.js in the browser; here it is in the page,
  so it works without JavaScript).
- The table of contents' links get Quarto's ``nav-link`` class and ``data-scroll-target``.
- No link may point at a ``.qmd`` file: the links between documents must have been resolved.
"""

from __future__ import annotations

import re

from .errors import RenderError

_SECTION_HEADING = re.compile(
    r'(<section id="(?P<id>[^"]+)" class="level(?P<level>[1-6])[^"]*"[^>]*>\s*)<h(?P=level)>(?P<body>.*?)</h(?P=level)>',
    re.S,
)
_TOC = re.compile(r'(<nav id="TOC"[^>]*>)(?P<body>.*?)(</nav>)', re.S)
_TOC_LINK = re.compile(r'<a href="#(?P<id>[^"]+)" id="toc-(?P=id)">')
# A link to a document of the project (an address elsewhere, such as the "View source" link to
# the repository, may name a .qmd file).
_QMD_LINK = re.compile(
    r"""<a\b[^>]*\bhref\s*=\s*["'](?![a-z][a-z0-9+.-]*:)([^"'#?]*\.qmd)(?:[#?][^"']*)?["']""", re.I
)


def _anchored(match: re.Match[str]) -> str:
    section_id, level = match.group("id"), match.group("level")
    anchor = f'<a class="anchorjs-link" aria-label="Anchor" href="#{section_id}"></a>'
    return (
        f'{match.group(1)}<h{level} class="anchored" data-anchor-id="{section_id}">'
        f"{match.group('body')}{anchor}</h{level}>"
    )


def _toc(match: re.Match[str]) -> str:
    body = _TOC_LINK.sub(
        lambda m: (
            f'<a href="#{m.group("id")}" id="toc-{m.group("id")}" class="nav-link" '
            f'data-scroll-target="#{m.group("id")}">'
        ),
        match.group("body"),
    )
    return match.group(1) + body + match.group(3)


def postprocess_page(page_html: str, page: str) -> str:
    """Quarto's touches to one page (see the module docstring)."""
    qmd = _QMD_LINK.search(page_html)
    if qmd:
        raise RenderError(
            f"{page}: a link still points at {qmd.group(1)}; links between documents must name "
            "documents listed in project.render"
        )
    page_html = _SECTION_HEADING.sub(_anchored, page_html)
    return _TOC.sub(_toc, page_html, count=1)
