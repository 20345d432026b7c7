"""How to cite the report: CITATION.cff validates with the Citation File Format's own tool; each
page's byline, BibTeX entry, attribution text, social-card tags and link to the code are made
from `_quarto.yml` in Quarto's markup, escaped, and the BibTeX reads back with a BibTeX parser."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aigrowth.chapters import common
from qmdrender import pagemeta
from qmdrender.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 12, 2)


def _cffconvert() -> list[str]:
    found = shutil.which("cffconvert")
    if found:
        return [found]
    return [sys.executable, "-m", "cffconvert.cli.cli"]


def test_citation_cff_validates() -> None:
    pytest.importorskip("cffconvert")
    done = subprocess.run(
        [*_cffconvert(), "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout.lower()


def test_an_invalid_citation_cff_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("cffconvert")
    bad = tmp_path / "CITATION.cff"
    bad.write_text("cff-version: 1.2.0\ntitle: No authors and no message\n", encoding="utf-8")
    done = subprocess.run([*_cffconvert(), "--validate", "-i", str(bad)], capture_output=True, text=True)
    assert done.returncode != 0


def test_citation_cff_agrees_with_the_site_config() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    meta = pagemeta.read_page_meta(yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8")))
    assert [a["name"] for a in cff["authors"]] == meta.authors
    assert cff["repository-code"].rstrip("/") + "/" == meta.repo_url
    assert cff["url"] == meta.site_url


def _meta(**changes) -> pagemeta.PageMeta:
    raw = {
        "author": [{"name": "The Patterns of Growth authors"}],
        "date": "today",
        "citation": True,
        "website": {
            "site-url": "https://example.org/pog",
            "repo-url": "https://example.org/code",
            "repo-actions": ["source"],
            "open-graph": True,
            "twitter-card": True,
        },
        "language": {"title-block-published": "Built on"},
    }
    raw.update(changes)
    return pagemeta.read_page_meta(raw)


def test_bibtex_entry_parses_and_names_the_page() -> None:
    from pybtex.database import parse_string

    meta = _meta()
    text = pagemeta.bibtex(meta, "Geographic patterns", "Patterns of Growth", "report/geography.html", DAY)
    entries = parse_string(text, "bibtex").entries
    assert len(entries) == 1
    (key, entry), = entries.items()
    assert key == "authors2026geography"
    assert entry.type == "online"
    assert entry.fields["title"] == "Geographic patterns"
    assert entry.fields["url"] == "https://example.org/pog/report/geography.html"
    assert entry.fields["date"] == "2026-12-02"
    assert [str(p) for p in entry.persons["author"]] == ["{The Patterns of Growth authors}"]


def test_hostile_title_cannot_break_the_entry_or_the_page() -> None:
    from pybtex.database import parse_string

    meta = _meta()
    title = 'Evil} @misc{x, title={<script>alert(1)</script>} \\end'
    text = pagemeta.bibtex(meta, title, "Patterns of Growth", "report/x.html", DAY)
    assert len(parse_string(text, "bibtex").entries) == 1
    section = pagemeta.citation_section(meta, title, "Patterns of Growth", "report/x.html", DAY)
    assert "<script>" not in section
    tags = pagemeta.social_tags(meta, '"><script>', "Site", 'a "quoted" <b>', None)
    assert "<script>" not in tags and '"quoted"' not in tags


def test_title_block_has_quartos_byline_with_the_build_day() -> None:
    block = pagemeta.title_meta(_meta(), DAY)
    assert '<div class="quarto-title-meta-heading">Author</div>' in block
    assert "<p>The Patterns of Growth authors</p>" in block
    assert '<div class="quarto-title-meta-heading">Built on</div>' in block
    assert '<p class="date">December 2, 2026</p>' in block


def test_citation_section_is_quartos_appendix_and_joins_the_references() -> None:
    meta = _meta()
    section = pagemeta.citation_section(meta, "Cost", "Patterns of Growth", "report/costs.html", DAY)
    assert 'id="quarto-citation"' in section and "quarto-appendix-bibtex" in section
    assert "For attribution, please cite this work as:" in section
    with_refs = '<main><p>x</p><div id="quarto-appendix" class="default"><section id="quarto-bibliography">R</section></div></main>'
    out = pagemeta.add_citation(with_refs, section)
    assert out.index("quarto-bibliography") < out.index("quarto-citation") < out.index("</main>")
    assert out.count('id="quarto-appendix"') == 1
    out = pagemeta.add_citation("<main><p>x</p></main>", section)
    assert '<div id="quarto-appendix" class="default"><section class="quarto-appendix-contents" id="quarto-citation">' in out


def test_social_tags_and_the_link_to_the_code() -> None:
    meta = _meta()
    tags = pagemeta.social_tags(meta, "Cost", "Patterns of Growth", "What it costs", "https://example.org/pog/c.png")
    for expected in (
        '<meta property="og:title" content="Cost – Patterns of Growth">',
        '<meta property="og:description" content="What it costs">',
        '<meta property="og:image" content="https://example.org/pog/c.png">',
        '<meta name="twitter:card" content="summary_large_image">',
    ):
        assert expected in tags
    link = pagemeta.repo_actions(meta, "report/costs.qmd")
    assert 'href="https://example.org/code/blob/main/report/costs.qmd"' in link and "View source" in link


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"citation": "yes"}, "`citation` must be true or false"),
        ({"date": "last week"}, "`date` must be `today` or YYYY-MM-DD"),
        ({"author": [{"affiliation": "x"}]}, "every `author` needs a name"),
        ({"language": {"title-block-banner": "x"}}, "`language.title-block-banner` is not supported"),
        ({"website": {"repo-actions": ["issue"], "repo-url": "https://x.org"}}, "'issue' is not supported"),
        ({"website": {"site-url": "javascript:alert(1)"}}, "`website.site-url` must be an http(s) address"),
        ({"author": None}, "`citation: true` needs an `author`"),
    ],
)
def test_bad_page_metadata_stops_with_its_key(changes: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)").replace("`", "`")):
        _meta(**changes)


def test_every_chapter_with_a_figure_names_its_built_social_card() -> None:
    for path in sorted((ROOT / "report").glob("*.qmd")):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        if "common.show(" in text:
            assert front.get("image") == common.card_name(path), path.name
        assert "common.byline()" in text, f"{path.name} has no data date under its title"


def test_data_date_is_the_newest_release_read(monkeypatch) -> None:
    import pandas as pd

    from aigrowth.sources import Manifest, Publisher, SourceFile

    publisher = Publisher(key="p", name="P", licence="CC BY", licence_url="", citation="P", credit="P")
    files = (
        SourceFile(path="a.csv", publisher=publisher, title="A", sha256="1", released=dt.date(2026, 3, 30)),
        SourceFile(path="b.csv", publisher=publisher, title="B", sha256="2", released=dt.date(2026, 7, 19)),
    )

    class FakeData:
        record = {
            "a.csv": {"status": "as tested", "accessed": "2026-12-01T00:00:00+00:00"},
            "b.csv": {"status": "as tested", "accessed": "2026-12-01T00:00:00+00:00"},
        }

    monkeypatch.setattr(common, "dataset", lambda: FakeData())
    monkeypatch.setattr(common, "manifest", lambda: Manifest(publishers={"p": publisher}, files=files))
    assert common.data_as_of() == pd.Timestamp("2026-07-19")
    assert "Data as of 19 Jul 2026" in common.byline()
    # A newer release than the tested snapshot has no known release date: the day it was fetched.
    FakeData.record["a.csv"] = {"status": "newer release", "accessed": "2026-11-30T10:00:00+00:00"}
    assert common.data_as_of() == pd.Timestamp("2026-11-30")
