"""Every figure and table of the report follows the conventions a reader relies on: numbered
and captioned, alt text for figures, cross-referenced from the text, a download of its data,
labels unique across the whole report (the whole-report PDF joins the chapters)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parents[1] / "report"
CHAPTERS = sorted(REPORT.glob("*.qmd"))
_CELL = re.compile(r"^```\{python\}\n(.*?)^```", re.S | re.M)


def cells(text: str) -> list[dict[str, str]]:
    """The `#|` options of every code cell, with where the cell ends."""
    found = []
    for match in _CELL.finditer(text):
        options = dict(re.findall(r"^#\| ([\w-]+): (.*)$", match.group(1), re.M))
        options["_end"] = str(match.end())
        found.append(options)
    return found


def labelled(kind: str) -> list[tuple[Path, dict[str, str]]]:
    return [(chapter, cell) for chapter in CHAPTERS for cell in cells(chapter.read_text(encoding="utf-8"))
            if cell.get("label", "").startswith(f"{kind}-")]


def test_labels_are_unique_across_the_report():
    counts = Counter(cell["label"] for kind in ("fig", "tbl") for _, cell in labelled(kind))
    assert [label for label, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("chapter, cell", labelled("fig"), ids=lambda x: x.get("label") if isinstance(x, dict) else x.name)
def test_every_figure_has_caption_alt_text_reference_and_download(chapter, cell):
    text = chapter.read_text(encoding="utf-8")
    assert cell.get("fig-cap", "").strip('"'), "caption missing"
    assert len(cell.get("fig-alt", "").strip('"')) > 30, "alt text missing or too short to state a finding"
    assert f"@{cell['label']}" in text, "never referred to in the text"
    # The link follows the figure, before the next code cell (after a scrolly block's steps
    # when the figure is pinned in one).
    after = text[int(cell["_end"]):]
    after = after[:after.find("```{python}")] if "```{python}" in after else after
    link = re.search(r"\[Download the data behind this chart \(CSV\)\]\((downloads/[\w.-]+\.csv)\)", after)
    assert link, "no download link after the figure"
    assert (REPORT / link.group(1)).is_file(), f"{link.group(1)} missing"


@pytest.mark.parametrize("chapter, cell", labelled("tbl"), ids=lambda x: x.get("label") if isinstance(x, dict) else x.name)
def test_every_table_has_caption_and_reference(chapter, cell):
    text = chapter.read_text(encoding="utf-8")
    assert cell.get("tbl-cap", "").strip('"'), "caption missing"
    assert f"@{cell['label']}" in text, "never referred to in the text"
