"""Text from the data reaches prose escaped, by construction.

- Every inline `{python}` value of every chapter is a `fmt.Markdown`: a formatter's output, data
  text escaped by `fmt_text`, or markup code wrote on purpose. A plain `str` (say, a country name
  read straight from a data frame) fails here before it can reach a page.
- The chapters' typed facts escape every plain `str` they are given.
- Hostile names fed through the real data (country names, Our World in Data's entity names,
  model and organisation names) come out of every section's facts as text: Pandoc reads them
  as the characters they hold, with no tag, link or handler in its HTML.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from aigrowth import fmt
from aigrowth.chapters.facts import Facts

REPORT = Path(__file__).resolve().parents[1] / "report"
CHAPTERS = sorted(REPORT.glob("*.qmd"))
_SETUP = re.compile(r"^```\{python\}\n#\| include: false\n(.*?)^```", re.S | re.M)
_CELL = re.compile(r"^```\{python\}.*?^```\s*$", re.S | re.M)
_INLINE = re.compile(r"`\{python\}\s+(?P<expr>[^`]+?)\s*`")

HOSTILE = ('<img src=x onerror="window.__pwned=1"> [click](javascript:window.__pwned=1) '
           "<script>window.__pwned=1</script> *@cite* $x$")


def pandoc_html(markdown_text: str) -> str:
    pypandoc = pytest.importorskip("pypandoc")
    return pypandoc.convert_text(markdown_text, "html", format="markdown")


# -- Markdown and Facts, no data ---------------------------------------------------------------


def test_joining_plain_text_with_markdown_escapes_the_plain_side():
    name = "<b>x</b>"
    assert fmt.Markdown("A ") + name == "A \\<b\\>x\\<\\/b\\>"
    assert name + fmt.Markdown(" B") == "\\<b\\>x\\<\\/b\\> B"
    assert fmt.Markdown(", ").join(["a*", fmt.Markdown("*b*")]) == "a\\*, *b*"
    assert fmt.markdown("{} moves to {}", name, fmt.ordinal(2)) == "\\<b\\>x\\<\\/b\\> moves to 2nd"
    assert fmt.fmt_series(["A", "<i>"]) == "A and \\<i\\>"
    assert fmt.fmt_text(fmt.fmt_text("a.b")) == "a\\.b"  # escaping twice changes nothing
    assert isinstance(fmt.fmt_count(3), fmt.Markdown) and isinstance(fmt.fmt_growth(4.2), fmt.Markdown)
    # A dollar sign is math in Pandoc: plain text unless asked for markdown.
    assert not isinstance(fmt.fmt_usd(1e8), fmt.Markdown)
    assert fmt.fmt_usd(1e8, markdown=True) == "\\$100 million"


def test_facts_escape_every_plain_string_they_are_given():
    @dataclasses.dataclass(frozen=True)
    class Example(Facts):
        name: fmt.Markdown
        words: fmt.Markdown
        count: int

    facts = Example(name=HOSTILE, words=fmt.Markdown("*on purpose*"), count=3)  # type: ignore[arg-type]
    assert isinstance(facts.name, fmt.Markdown) and "<" not in facts.name.replace("\\<", "")
    assert facts.words == "*on purpose*" and facts.count == 3


def test_escaped_names_read_as_text_through_pandoc():
    html = pandoc_html(f"The largest gap is for {fmt.with_article(fmt.fmt_text(HOSTILE))}.")
    assert "<img" not in html and "<script" not in html and 'href="javascript' not in html
    assert "&lt;img src=x onerror=" in html and "<em>" not in html and "<span class=\"math" not in html


# -- Every inline value of the report is Markdown ---------------------------------------------


def _inline_values(chapter: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, object]]:
    from aigrowth.chapters import common

    monkeypatch.setattr(common, "downloads_dir", lambda: tmp_path)
    text = chapter.read_text(encoding="utf-8")
    setup = _SETUP.search(text)
    assert setup, f"{chapter.name} has no hidden setup cell"
    code = "\n".join(line for line in setup.group(1).splitlines() if "qmdrender" not in line)
    namespace: dict[str, object] = {}
    exec(compile(code, f"{chapter.name} setup", "exec"), namespace)  # noqa: S102
    prose = _CELL.sub(" ", text)
    return [(m.group("expr"), eval(m.group("expr"), namespace)) for m in _INLINE.finditer(prose)]  # noqa: S307


@pytest.mark.realdata
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_every_inline_value_is_markdown(chapter, real_dataset, monkeypatch, tmp_path):
    values = _inline_values(chapter, monkeypatch, tmp_path)
    plain = [expr for expr, value in values if not isinstance(value, fmt.Markdown)]
    assert plain == [], f"{chapter.name}: inline values that are not fmt.Markdown (escape them): {plain}"


# -- Hostile names through the real data and every section's facts ----------------------------


@pytest.fixture
def hostile_chapters(real_dataset, monkeypatch):
    """The chapters' facts built from the real data with every country, entity, model and
    organisation name made hostile."""
    from aigrowth.chapters import aicompute, costs, geography, temporal

    mc = real_dataset.model_countries.copy()
    mc["country_name"] = mc["country_name"].astype(str) + HOSTILE
    models = real_dataset.models.copy()
    for column in ("model", "organization", "primary_country_name"):
        models[column] = models[column].astype("string") + HOSTILE
    owid = real_dataset.owid_large_scale.copy()
    owid["entity"] = owid["entity"].astype(str) + HOSTILE
    hostile = dataclasses.replace(real_dataset, model_countries=mc, models=models, owid_large_scale=owid)
    for module in (geography, temporal, aicompute, costs):
        monkeypatch.setattr(module, "dataset", lambda: hostile)
    sections = [geography.counting_facts, geography.credit_facts, geography.large_scale_facts,
                geography.period_facts, geography.frontier_facts, geography.organisation_facts,
                geography.compute_facts, geography.research_facts, geography.controls_facts]
    for section in sections:
        section.cache_clear()
    yield [*sections, temporal.country_facts, aicompute.largest_model, costs.most_expensive_top,
           lambda: aicompute.window_record(-1)]
    for section in sections:
        section.cache_clear()


@pytest.mark.realdata
def test_hostile_names_come_out_of_every_section_as_text(hostile_chapters):
    texts = []
    for make in hostile_chapters:
        facts = make()
        assert isinstance(facts, Facts)
        for spec in dataclasses.fields(facts):
            value = getattr(facts, spec.name)
            if isinstance(value, str):
                assert isinstance(value, fmt.Markdown), f"{type(facts).__name__}.{spec.name}"
                texts.append(value)
    hostile_fields = [t for t in texts if "onerror" in t]
    # Names from the data reach the prose in many sections, Our World in Data's entity among them.
    assert len(hostile_fields) >= 10
    html = pandoc_html("\n\n".join(f"Value: {t}." for t in texts))
    assert "<img" not in html and "<script" not in html and "javascript:window" not in html.replace(
        "[click](javascript:window", "")
    assert html.count("&lt;img src=x onerror=") >= len(hostile_fields)
