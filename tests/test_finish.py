"""The last pass over a built site (qmdrender.finish): each page's Content-Security-Policy,
its meta description, and content-hashed assets."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from fixtures.renderbuild import REFERENCE
from qmdrender.finish import content_security_policy, description, fingerprint_assets, rewrite_references, secure_page

REFERENCE_SITE = REFERENCE / "site" / "report"
FRAME_SCRIPT = "window.frame = 1;"
PAGE = f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>T</title>
<script type="application/json" id="options">{{"a": 1}}</script>
</head><body>
<header><button onclick="toggle()">menu</button></header>
<nav id="TOC" role="doc-toc"><a href="#x" onmouseover="toc()">x</a><script>tocScript()</script></nav>
<main id="main"><header><p class="subtitle">What the chapter is about</p></header>
<p>First paragraph.</p><img src="x" onerror="window.__pwned=1"><script>window.__pwned=2</script></main>
<script>{FRAME_SCRIPT}</script>
</body></html>"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_policy_allows_the_frames_own_inline_code_by_hash_and_nothing_from_the_content() -> None:
    policy = content_security_policy(PAGE)
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    script_src = directives["script-src"].split()
    assert script_src[0] == "'self'" and "'unsafe-inline'" not in script_src
    assert _hash(FRAME_SCRIPT) in script_src and _hash("toggle()") in script_src and "'unsafe-hashes'" in script_src
    for content_code in ("window.__pwned=1", "window.__pwned=2", "toc()", "tocScript()"):
        assert _hash(content_code) not in script_src, content_code
    assert _hash('{"a": 1}') not in script_src, "a JSON data block is not a script"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"


def test_secure_page_puts_the_policy_first_in_the_head_once_and_adds_a_description() -> None:
    once = secure_page(PAGE)
    twice = secure_page(once)
    assert once == twice
    head = once.split("</head>")[0]
    assert head.index('http-equiv="Content-Security-Policy"') < head.index("<script")
    assert '<meta name="description" content="What the chapter is about">' in head


def test_description_falls_back_to_the_first_paragraph_and_is_kept_short() -> None:
    page = "<html><head><meta charset='utf-8'></head><body><main><p>" + "word " * 80 + "</p></main></body></html>"
    text = description(page)
    assert text.startswith("word word") and text.endswith("…") and len(text) <= 161
    assert description('<html><head><meta name="description" content="x"></head></html>') is None


def test_assets_get_content_hashed_names_and_pages_point_at_them(tmp_path: Path) -> None:
    (tmp_path / "report" / "assets").mkdir(parents=True)
    (tmp_path / "report" / "assets" / "figures.js").write_text("draw();")
    (tmp_path / "site_libs").mkdir()
    (tmp_path / "site_libs" / "site.css").write_text("body{}")
    renamed = fingerprint_assets(tmp_path, ["report/assets/figures.js", "site_libs/site.css", "missing.js"])
    digest = hashlib.sha256(b"draw();").hexdigest()[:10]
    assert renamed["report/assets/figures.js"] == f"report/assets/figures.{digest}.js"
    assert (tmp_path / renamed["site_libs/site.css"]).read_text() == "body{}"
    assert (tmp_path / "report" / "assets" / "figures.js").is_file(), "the unhashed name stays"
    page = ('<link href="../site_libs/site.css?v=1" rel="stylesheet"><script src="assets/figures.js" '
            'data-bundle="assets/figures.js"></script><a href="https://x.org/assets/figures.js">x</a>'
            '<a href="#assets/figures.js">y</a>')
    out = rewrite_references(page, "report/index.html", renamed)
    assert f'src="assets/figures.{digest}.js"' in out and f'data-bundle="assets/figures.{digest}.js"' in out
    assert 'href="../site_libs/site.' in out and '.css?v=1"' in out
    assert 'href="https://x.org/assets/figures.js"' in out and 'href="#assets/figures.js"' in out


@pytest.mark.skipif(not REFERENCE_SITE.is_dir(), reason="Quarto reference pages not found")
def test_quartos_own_inline_scripts_are_allowed_and_only_they() -> None:
    """Quarto's pages carry one inline script of their own (quarto-html-after-body) and one
    inline handler (the navbar toggle); the plotly scripts inside the content are not allowed."""
    page = (REFERENCE_SITE / "temporal.html").read_text(encoding="utf-8")
    script_src = next(d for d in content_security_policy(page).split("; ") if d.startswith("script-src"))
    hashes = [token for token in script_src.split() if token.startswith("'sha256-")]
    assert len(hashes) == 2, script_src
    assert _hash("if (window.quartoToggleHeadroom) { window.quartoToggleHeadroom(); }") in hashes
