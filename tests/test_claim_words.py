"""No chapter shows a judging word that no claim chose.

The rendered chapters (the executed markdown in `_freeze/`, which both renderers turn into the
page and the PDF) are parsed with Pandoc; their prose, headings, figure captions and alt texts
are scanned for the words of `aigrowth.claims.JUDGING_WORDS`. Every occurrence must sit inside
a claim's span (`[…]{.claim data-claim="id"}`), whose id and text must be a claim of the report,
or inside quotation marks (a source's words, a rule's name). Chart titles are plain text: a
judging word there must be a word of a claim the figure names in `layout.meta["claims"]`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypandoc
import pytest

from aigrowth.claims import JUDGING

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.stem for p in (ROOT / "report").glob("*.qmd"))
#: Pages that are tools, not chapters: they state no findings, so they open with no highlights.
READER_TOOLS = {"explorer", "changelog"}


def _inline_text(inlines: list, spans: list, out: list[str]) -> None:
    for el in inlines:
        t = el["t"]
        c = el.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t == "Span":
            (ident, classes, attrs), content = c
            if "claim" in classes:
                text: list[str] = []
                _inline_text(content, spans, text)
                spans.append((dict(attrs).get("data-claim"), "".join(text)))
                out.append(" ⟨claim⟩ ")
            else:
                _inline_text(content, spans, out)
        elif t == "Quoted":
            out.append(" ⟨quote⟩ ")
        elif t in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            _inline_text(c, spans, out)
        elif t == "Link":
            _inline_text(c[1], spans, out)
        elif t == "Cite":
            out.append(" ")
        # Code, Math, RawInline, Note: not prose


def scan_markdown(markdown: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The texts of a document by kind ("prose", "heading", "caption", "alt") and its claim
    spans as (id, text)."""
    doc = json.loads(pypandoc.convert_text(markdown, "json", format="markdown"))
    texts: list[tuple[str, str]] = []
    spans: list[tuple[str, str]] = []

    def blocks(items: list) -> None:
        for b in items:
            t, c = b["t"], b.get("c")
            if t in ("Para", "Plain"):
                out: list[str] = []
                _inline_text(c, spans, out)
                texts.append(("prose", "".join(out)))
            elif t == "Header":
                out = []
                _inline_text(c[2], spans, out)
                texts.append(("heading", "".join(out)))
            elif t == "Div":
                (_, _, attrs), content = c
                for key, kind in (("fig-cap", "caption"), ("fig-alt", "alt"), ("tbl-cap", "caption")):
                    if key in dict(attrs):
                        texts.append((kind, dict(attrs)[key]))
                blocks(content)
            elif t == "BlockQuote":
                blocks(c)
            elif t in ("BulletList", "OrderedList"):
                for item in (c if t == "BulletList" else c[1]):
                    blocks(item)
            # RawBlock (cell output: charts and tables), CodeBlock: not prose

    blocks(doc["blocks"])
    return texts, spans


def _unquoted(text: str) -> str:
    return re.sub(r"“[^”]*”|\"[^\"]*\"", " ⟨quote⟩ ", text)


def judging_words(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for kind, text in texts:
        for m in JUDGING.finditer(_unquoted(text)):
            found.append(f"{kind}: …{text[max(0, m.start() - 50):m.end() + 30]}…")
    return found


def _frozen(chapter: str) -> str:
    path = ROOT / "_freeze" / "report" / chapter / "execute-results" / "html.json"
    if not path.is_file():
        pytest.skip(f"no freeze of {chapter}")
    return json.loads(path.read_text(encoding="utf-8"))["result"]["markdown"]


def _registered() -> dict[str, dict]:
    listed = json.loads((ROOT / "report" / "downloads" / "numbers.json").read_text(encoding="utf-8"))["claims"]
    return {c["id"]: c for c in listed}


# -- The scanner itself -------------------------------------------------------------------------


def test_the_scanner_finds_judging_words_outside_claims_only():
    md = ('## Compute grew faster\n\nIt grew [faster than]{.claim data-claim="a-b"} notable models, '
          'and the gap *narrowed*. OpenAI wrote "consistent with" in quotes.\n\n'
          '::: {#fig-x fig-alt="Bars rise; most models are open"}\n```{=html}\n<p>faster</p>\n```\n:::\n')
    texts, spans = scan_markdown(md)
    assert spans == [("a-b", "faster than")]
    found = judging_words(texts)
    assert len(found) == 3
    assert found[0].startswith("heading") and "narrowed" in found[1] and found[2].startswith("alt")


# -- The report's chapters ------------------------------------------------------------------------


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_judging_word_outside_a_claim(chapter):
    texts, _ = scan_markdown(_frozen(chapter))
    assert judging_words(texts) == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_claim_span_is_a_registered_claim_with_its_fragment(chapter):
    _, spans = scan_markdown(_frozen(chapter))
    registered = _registered()
    for claim_id, text in spans:
        assert claim_id in registered, f"{chapter}: span names no claim: {claim_id!r}"
        fragment = registered[claim_id]["fragment"]
        assert text.casefold() == fragment.casefold(), f"{chapter}: {claim_id} reads {text!r}, its claim {fragment!r}"


def test_every_chapter_opens_with_claims_in_short():
    for chapter in CHAPTERS:
        if chapter in READER_TOOLS:
            continue
        text = (ROOT / "report" / f"{chapter}.qmd").read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        first_heading = min(m.start() for m in re.finditer(r"^## (?!In short)", body, re.M))
        callout = body.find("## In short")
        assert 0 <= callout <= first_heading, f"{chapter} does not open with its highlights"
        assert "common.in_short(" in body[:body.find(":::", callout) + 200], chapter


# -- Chart titles ----------------------------------------------------------------------------------

_FIGURE_CALL = re.compile(r"^fig, data = (\w+)\.(\w+)\((.*)\)$", re.M)


def _figure_calls() -> list[tuple[str, str, str, str]]:
    calls = []
    for chapter in CHAPTERS:
        text = (ROOT / "report" / f"{chapter}.qmd").read_text(encoding="utf-8")
        calls += [(chapter, *m.groups()) for m in _FIGURE_CALL.finditer(text)]
    return calls


@pytest.mark.realdata
@pytest.mark.parametrize("chapter, module, function, args", _figure_calls(),
                         ids=lambda v: v if isinstance(v, str) else None)
def test_chart_titles_judge_only_through_their_claims(real_dataset, chapter, module, function, args):
    import importlib

    from aigrowth.chapters import common

    mod = importlib.import_module(f"aigrowth.chapters.{module}")
    fig, _ = eval(f"mod.{function}({args})", {"mod": mod})
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    allowed = {common.claims()[c].word.casefold() for c in meta.get("claims", [])}
    texts = [fig.layout.title.text or ""] + [a.text or "" for a in fig.layout.annotations]
    texts += [fig.layout.xaxis.title.text or "", fig.layout.yaxis.title.text or ""]
    for text in texts:
        for m in JUDGING.finditer(_unquoted(text)):
            assert any(m.group(0).casefold() in word for word in allowed), f"{function}: {text!r}"
