"""Offline and self-contained: every page works with the network cut off, and every link in
it leads somewhere.

Each built site (the fixture project, the safety fixture and, when it builds, the report itself)
is served on 127.0.0.1 and opened in headless Chromium with every request to anywhere else
aborted (`page.route`). Every page must be complete: no aborted or failed request, no HTTP
error, no console error, every plotly chart drawn. And no page or stylesheet may point at an
outside address for a script, a style sheet, a font or an image (links a reader clicks are fine).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fixtures.pages import read_page, unresolved_links
from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, built_fixture, built_report, built_safety, serve

pytestmark = [pytest.mark.render, pytest.mark.browser, pytest.mark.slow]

SITES = {"fixture": built_fixture, "safety": built_safety, "report": built_report}
_OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.I)
# plotly.js's hover layer assigns to the read-only `event.target` (see tests/test_safety.py).
PLOTLY_HOVERLAYER_BUG = "Cannot set property target of #<Event> which has only a getter"


class _Resources(HTMLParser):
    """(tag, attribute, url) of everything a page loads by itself."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in ("script", "img", "source", "iframe", "audio", "video", "embed", "input") and values.get("src"):
            self.found.append((tag, "src", values["src"]))
        if tag == "link" and values.get("href") and not {"canonical", "alternate", "next", "prev"} & set(values.get("rel", "").split()):
            self.found.append((tag, "href", values["href"]))
        if tag in ("image", "use") and (values.get("href") or values.get("xlink:href")):
            self.found.append((tag, "href", values.get("href") or values["xlink:href"]))
        if tag == "object" and values.get("data"):
            self.found.append((tag, "data", values["data"]))
        if tag in ("img", "source") and values.get("srcset"):
            self.found += [(tag, "srcset", part.split()[0]) for part in values["srcset"].split(",") if part.strip()]


def page_resources(html: str) -> list[tuple[str, str, str]]:
    parser = _Resources()
    parser.feed(html)
    inline_css = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.S | re.I))
    return parser.found + [("style", "url", url) for url in _CSS_URL.findall(inline_css)]


def built_site(name: str) -> tuple[Path, list[str]]:
    try:
        root, report = SITES[name]()
    except Exception as exc:  # the report may not build on a machine without its data
        if name == "report":
            pytest.skip(f"the report did not build here: {type(exc).__name__}: {str(exc)[:200]}")
        raise
    site = root / "_site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return site, pages


@pytest.mark.parametrize("name", SITES)
def test_no_page_or_stylesheet_loads_anything_from_outside(name: str) -> None:
    site, pages = built_site(name)
    outside: list[str] = []
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        outside += [f"{page}: <{tag} {attr}={url}>" for tag, attr, url in page_resources(html) if _OUTSIDE.match(url)]
    for css in site.rglob("*.css"):
        outside += [f"{css.relative_to(site)}: url({url})" for url in _CSS_URL.findall(css.read_text(encoding="utf-8"))
                    if _OUTSIDE.match(url)]
    assert outside == [], "\n".join(outside)


@pytest.mark.parametrize("name", SITES)
def test_every_local_link_resolves_and_none_points_at_a_qmd(name: str) -> None:
    """Pages, anchors in them and files: everything a page links to or loads is in the site;
    no link was left pointing at a document's source."""
    site, pages = built_site(name)
    facts = {page: read_page(site / page) for page in pages}
    assert unresolved_links(site, facts) == []
    qmd = [f"{page}: {href}" for page, f in facts.items() for href in f.links
           if ".qmd" in href.split("#")[0] and "://" not in href]  # a source link elsewhere is fine
    assert qmd == []


def test_resource_scan_finds_outside_urls() -> None:
    """The scanner itself: it must see what a careless template would add."""
    html = ('<link rel="stylesheet" href="https://cdn.example.org/x.css"><script src="//cdn.example.org/p.js"></script>'
            '<img srcset="a.png 1x, https://x.org/b.png 2x"><style>@font-face{src:url("https://fonts.example/f.woff2")}</style>'
            '<a href="https://epoch.ai">a link is fine</a><script src="../site_libs/plotly/plotly.min.js"></script>')
    outside = [url for _, _, url in page_resources(html) if _OUTSIDE.match(url)]
    assert outside == ["https://cdn.example.org/x.css", "//cdn.example.org/p.js", "https://x.org/b.png",
                       "https://fonts.example/f.woff2"]


sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("name", SITES)
def test_every_page_is_complete_with_the_network_cut_off(name: str, browser) -> None:
    site, pages = built_site(name)
    assert pages
    with serve(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        blocked: list[str] = []

        def only_local(route) -> None:
            url = route.request.url
            if url.startswith(base + "/") or url.startswith("data:") or url.startswith("blob:"):
                route.continue_()
            else:
                blocked.append(url)
                route.abort("internetdisconnected")

        context.route("**/*", only_local)
        try:
            for name_ in pages:
                page = context.new_page()
                problems: list[str] = []
                page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
                page.on("pageerror", lambda e: problems.append(f"page error: {e}") if PLOTLY_HOVERLAYER_BUG not in str(e) else None)
                page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} ({r.failure})"))
                page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
                page.goto(f"{base}/{name_}", wait_until="networkidle")
                charts = page.locator(".plotly-graph-div")
                for i in range(charts.count()):  # charts draw as they near the viewport
                    charts.nth(i).scroll_into_view_if_needed()
                    charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=10_000)
                drawn = page.evaluate("() => [...document.querySelectorAll('.plotly-graph-div')]"
                                      ".every(gd => gd._fullLayout && gd.querySelector('.main-svg'))")
                page.close()
                assert drawn, f"{name_}: a chart did not draw"
                assert problems == [], f"{name_}: {problems}"
        finally:
            context.close()
        assert blocked == [], f"pages asked for outside addresses: {blocked}"
