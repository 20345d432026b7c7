"""Quarto's icons on offline pages: the renderer writes Quarto's `bi-*` classes (which Quarto
draws with its bootstrap-icons font) and the offline site, which ships no icon font, draws each
one as a line-drawing mask, so no page ever shows a missing glyph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

RENDERER = Path(__file__).resolve().parents[1] / "py" / "qmdrender"
SITE_CSS = RENDERER / "resources" / "site.css"
WRITTEN = re.compile(r'class="bi (bi-[a-z0-9-]+)"')
RULE = re.compile(r"([^{}]+)\{([^}]*)\}")


def _rules(css: str) -> list[tuple[list[str], str]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [([s.strip() for s in sel.split(",")], body) for sel, body in RULE.findall(css)]


def drawn_icons(css: str) -> set[str]:
    """The `bi-*` classes the stylesheet draws: an SVG mask on an empty `::before`."""
    masks = {
        s.removeprefix(".")
        for sels, body in _rules(css)
        if "--bi-icon: url(\"data:image/svg+xml," in body
        for s in sels
    }
    empty = {
        s.removeprefix(".").removesuffix("::before")
        for sels, body in _rules(css)
        if 'content: ""' in body and "mask:" in body
        for s in sels
    }
    return masks & empty


def test_every_icon_the_renderer_writes_is_drawn_without_a_font() -> None:
    written = {m for path in RENDERER.glob("*.py") for m in WRITTEN.findall(path.read_text(encoding="utf-8"))}
    assert {"bi-file-pdf", "bi-arrow-left-short", "bi-arrow-right-short"} <= written
    css = SITE_CSS.read_text(encoding="utf-8")
    assert written <= drawn_icons(css), f"drawn by no mask: {sorted(written - drawn_icons(css))}"


def test_no_icon_is_a_character_or_a_font() -> None:
    for selectors, body in _rules(SITE_CSS.read_text(encoding="utf-8")):
        if any(".bi" in s for s in selectors):
            assert not re.search(r'content:\s*"[^"]', body), selectors  # a glyph a font may lack
            assert "font-family" not in body, selectors


@pytest.mark.render
@pytest.mark.slow
def test_the_built_pages_draw_every_icon_they_show() -> None:
    from fixtures.renderbuild import built_fixture

    root, _ = built_fixture()
    site = root / "_site"
    checked = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        used = set(re.findall(r'class="bi (bi-[a-z0-9-]+)"', text))
        if not used:
            continue
        assert "bootstrap-icons" not in text, page  # the font is not shipped: never linked
        sheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"|<link[^>]+href="([^"]+)"[^>]*rel="stylesheet"', text)
        css = "".join(
            (page.parent / href).read_text(encoding="utf-8")
            for pair in sheets
            for href in pair
            if href and not href.startswith(("http:", "https:")) and (page.parent / href).is_file()
        )
        assert used <= drawn_icons(css), (page, sorted(used - drawn_icons(css)))
        checked += 1
    assert checked, "no built page shows an icon"
