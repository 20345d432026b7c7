"""No number in a chapter's prose is typed by hand: every figure the text states comes from an
inline `{python}` expression, so a data refresh rewrites it. Years, model names (GPT-4) and
cross-references are allowed; any other digits outside code fail this test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parents[1] / "report"
CHAPTERS = sorted(p for p in REPORT.glob("*.qmd"))

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_CODE_CELL = re.compile(r"^```\{python\}.*?^```\s*$", re.S | re.M)
_FENCED = re.compile(r"^```.*?^```\s*$", re.S | re.M)
_INLINE_CODE = re.compile(r"`\{python\}[^`]*`")
_CITATION = re.compile(r"\[-?@[^\]]+\]|@[\w:-]+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_ATTRIBUTES = re.compile(r"\{[^{}]*\}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_URL = re.compile(r"https?://\S+")
# A year (1950, 1950s) or a year range (2012–2018) is a date, not a measured number.
_YEAR = re.compile(r"(?<![\w.,])(1[89]\d\d|20\d\d)s?(?![\w]|[.,]\d)")
# Licence names carry version numbers (CC BY 4.0).
_LICENCE = re.compile(r"CC BY(-[A-Z]{2})* \d\.\d")
# A number: digits not glued to a word (GPT-4, H100, 3D and model names are words).
_NUMBER = re.compile(r"(?<![\w\-–./])\d[\d,.]*(?![\w\-/])")


def prose_of(text: str) -> str:
    for pattern in (_FRONT_MATTER, _CODE_CELL, _FENCED, _COMMENT, _INLINE_CODE, _LINK_TARGET,
                    _URL, _CITATION, _ATTRIBUTES, _LICENCE):
        text = pattern.sub(" ", text)
    return _YEAR.sub(" ", text)


def typed_numbers(text: str) -> list[str]:
    found = []
    for line in prose_of(text).splitlines():
        for match in _NUMBER.finditer(line):
            found.append(f"{match.group(0)!r} in: {line.strip()[:100]}")
    return found


def _tokens(text: str) -> list[str]:
    return [t.split(" in:")[0] for t in typed_numbers(text)]


def test_the_checker_catches_typed_numbers():
    text = "---\ntitle: x\n---\nCompute grew 4.2× a year (GPT-4, 2012–2018, @fig-a) `{python} x`.\n"
    assert _tokens(text) == ["'4.2'"]
    assert _tokens("Since 2010, about 300,000 models.") == ["'300,000'"]
    assert _tokens("In the 1950s and 2012–2018 [@epoch2026] with H100s, since 1950. CC BY 4.0") == []
    assert _tokens("a 95% interval") == ["'95'"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_no_typed_numbers_in_prose(chapter: Path):
    assert typed_numbers(chapter.read_text(encoding="utf-8")) == []


def test_front_matter_titles_have_no_numbers():
    for chapter in CHAPTERS:
        front = _FRONT_MATTER.match(chapter.read_text(encoding="utf-8"))
        assert front, f"{chapter.name} has no front matter"
        for line in front.group(0).splitlines():
            if line.startswith(("title:", "subtitle:")):
                assert not _NUMBER.search(_YEAR.sub(" ", line)), f"{chapter.name}: {line}"
