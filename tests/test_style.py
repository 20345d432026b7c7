"""The template, palette and chart helpers."""

import ast
import importlib
import math
import re

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from aigrowth import style
from aigrowth.paths import project_root


def test_log_ticks_use_superscripts_never_e_notation():
    vals, text = style.log_ticks(3e20, 4e25)
    assert vals == [1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26]
    assert text == ["10²⁰", "10²¹", "10²²", "10²³", "10²⁴", "10²⁵", "10²⁶"]
    assert not any("e+" in t or "e-" in t for t in text)


def test_log_ticks_thin_out_over_many_decades_on_aligned_exponents():
    vals, text = style.log_ticks(1e2, 1e26, max_ticks=8)
    exponents = [round(math.log10(v)) for v in vals]
    steps = {b - a for a, b in zip(exponents, exponents[1:])}
    assert len(steps) == 1 and len(vals) <= 9
    step = steps.pop()
    assert step in (3, 5) and all(e % step == 0 for e in exponents)
    assert exponents[0] <= 2 and exponents[-1] >= 26


def test_log_ticks_small_decades_read_as_plain_numbers():
    _, text = style.log_ticks(0.5, 5e4)
    assert text[:6] == ["10⁻¹", "1", "10", "100", "1,000", "10⁴"]


@pytest.mark.parametrize(("lo", "hi"), [(0, 10), (-1, 10), (10, 1), (float("nan"), 10)])
def test_log_ticks_reject_bad_bounds(lo, hi):
    with pytest.raises(ValueError):
        style.log_ticks(lo, hi)


def test_template_is_registered_and_default_untouched_on_import():
    before = pio.templates.default
    importlib.reload(style)
    assert pio.templates.default == before
    assert "aigrowth" in pio.templates
    template = pio.templates["aigrowth"]
    assert template.layout.font.family == style.FONT_FAMILY
    assert template.layout.plot_bgcolor == "white"
    try:
        style.apply_template()
        assert pio.templates.default == "aigrowth"
    finally:
        pio.templates.default = before


def _is_grey(colour: str) -> bool:
    """Ink, greys and white (equal channels): the colours that never name a category."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) <= 8


def test_fixed_colours_are_distinct_and_domains_carry_no_hue():
    okabe = set(style.OKABE_ITO.values())
    fixed = {
        kind: {k: c for k, c in colours.items() if not _is_grey(c)}
        for kind, colours in style.CATEGORY_COLOURS.items()
    }
    assert fixed["domain_group"] == {}  # domains are named by panels, not hues
    assert fixed["frontier"] == {}  # frontier is ink: a highlight, not a category
    coloured = [c for colours in fixed.values() for c in colours.values()]
    assert len(set(coloured)) == len(coloured)  # no colour in two dimensions
    # Every hue is Okabe–Ito's, Tol's wine or a light shade of one of them.
    bases = okabe | {style.WINE}
    assert set(coloured) <= bases | {style.light_shade(c) for c in bases}
    assert style.colour_for("country", "CHN") == style.OKABE_ITO["vermilion"]
    assert style.colour_for("country", "BRA") == style.GREY_OTHER
    assert style.colour_for("domain_group", None) == style.GREY_OTHER
    with pytest.raises(ValueError, match="kind"):
        style.colour_for("planet", "Mars")


_FIGURE_CELL = re.compile(
    r"#\| label: (fig-[\w-]+)\n(?:#\|.*\n)*fig, data = (\w+)\.(\w+)\(([^)\n]*)\)"
)


def _report_figures() -> list[tuple[str, go.Figure]]:
    """Every chart of the report, built as its chapter's figure cell builds it (the cells'
    `fig, data = <chapter>.<function>(...)` lines), on the real data."""
    out = []
    for qmd in sorted((project_root() / "report").glob("*.qmd")):
        for label, module, function, args in _FIGURE_CELL.findall(qmd.read_text(encoding="utf-8")):
            chapter = importlib.import_module(f"aigrowth.chapters.{module}")
            fig, _ = getattr(chapter, function)(*ast.literal_eval(f"({args},)") if args else ())
            out.append((label, fig))
    return out


def _trace_colours(trace) -> list[str]:
    """The colours a trace is drawn in: its marker's and its line's, plain "#RRGGBB" only."""
    found = []
    for part in ("marker", "line"):
        colour = getattr(getattr(trace, part, None), "color", None)
        if isinstance(colour, str) and colour.startswith("#") and len(colour) == 7:
            found.append(colour.upper())
        elif colour is not None and not isinstance(colour, str):
            found += [c.upper() for c in colour if isinstance(c, str) and c.startswith("#")]
    return found


def _meaning(name: str) -> str:
    """What a trace stands for: its name, less the prefixes of a category's other traces."""
    for prefix in ("fit: ", "fit outline: ", "context: ", "trend: "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@pytest.mark.realdata
def test_every_colour_of_the_report_keeps_one_meaning(real_dataset):
    """A hue means one thing wherever a reader meets it: across every figure of the report,
    one colour never names two different things (ink, greys and white aside: they mark focus
    and context, never a category)."""
    figures = _report_figures()
    assert len(figures) >= 20  # every chapter's charts were found
    meanings: dict[str, set[str]] = {}
    seen_in: dict[tuple[str, str], str] = {}
    for label, fig in figures:
        for trace in fig.data:
            if not trace.name:
                continue
            for colour in _trace_colours(trace):
                if _is_grey(colour):
                    continue
                meanings.setdefault(colour, set()).add(_meaning(trace.name))
                seen_in.setdefault((colour, _meaning(trace.name)), label)
    clashes = {
        colour: {name: seen_in[(colour, name)] for name in sorted(names)}
        for colour, names in meanings.items()
        if len(names) > 1
    }
    assert not clashes, f"colours with more than one meaning (name: first figure): {clashes}"


def test_the_meaning_check_catches_a_clash():
    """The check above fails on the report as it was: vermilion for China and for frontier."""
    china = go.Scatter(name="China", marker=dict(color=style.OKABE_ITO["vermilion"]))
    frontier = go.Scatter(name="Frontier", marker=dict(color=style.OKABE_ITO["vermilion"]))
    names = {_meaning(t.name) for t in (china, frontier) for c in _trace_colours(t) if not _is_grey(c)}
    assert names == {"China", "Frontier"}
    assert _is_grey(style.INK) and _is_grey(style.GREY_CONTEXT) and not _is_grey(style.WINE)


def test_text_colour_darkens_light_colours_to_readable_contrast():
    yellow = style.OKABE_ITO["yellow"]
    dark = style.text_colour(yellow)
    assert dark != yellow and style.contrast_on_white(dark) >= 4.5
    assert style.text_colour("#000000") == "#000000"


def test_source_line_titles_and_year_axis():
    fig = go.Figure(go.Scatter(x=[2000, 2020], y=[1, 2], uid="a"))
    style.set_titles(fig, "Compute has grown fast since the deep learning era began", "FLOP")
    style.add_source_line(fig)
    source = [a for a in fig.layout.annotations if a.name == "source"]
    assert source[0].text == style.DEFAULT_SOURCE and source[0].yshift < 0
    assert fig.layout.margin.b > -source[0].yshift
    assert "<br>" not in fig.layout.title.text  # one line on a desktop page
    narrow = fig.layout.meta["narrow"]  # the layout the page applies on a phone
    assert "<br>" in narrow["title.text"]
    assert all(len(line) <= style.NARROW_TITLE_WRAP for line in narrow["title.text"].split("<br>"))
    assert narrow["margin.t"] >= fig.layout.margin.t
    # Whatever the title and legend take, the plot area keeps its height.
    assert fig.layout.height - fig.layout.margin.t - fig.layout.margin.b == style.PLOT_AREA_PX
    style.set_year_axis(fig, 2000, 2020)
    assert fig.layout.xaxis.tickformat == "d"  # "2020", never "2,020"
    with pytest.raises(ValueError, match="title"):
        style.set_titles(fig, " ")
    with pytest.raises(ValueError, match="source"):
        style.add_source_line(fig, "")


def test_label_line_ends_places_named_labels_without_overlap():
    fig = go.Figure([go.Scatter(x=[2020, 2024], y=[1, 10.0], name="A", uid="a", line=dict(color="#0072B2")),
                     go.Scatter(x=[2020, 2024], y=[1, 10.2], name="B", uid="b", line=dict(color="#F0E442"))])
    fig.update_yaxes(range=[0, 12])
    style.label_line_ends(fig)
    labels = {a.name: a for a in fig.layout.annotations}
    assert set(labels) == {"label: A", "label: B"}
    assert abs(labels["label: A"].y - labels["label: B"].y) >= 0.045 * 12 - 1e-9
    assert labels["label: B"].font.color != "#F0E442"  # yellow text is darkened
    assert all(t.showlegend is False for t in fig.data)


def test_model_hovertemplate_reads_four_columns():
    template = style.model_hovertemplate("Training compute")
    for i in range(4):
        assert f"customdata[{i}]" in template
    assert template.endswith("<extra></extra>")


def test_spread_labels_keeps_clusters_centred_and_apart():
    positions = style.spread_labels([8, 9, 10, 196, 219], gap=10, floor=-100)
    assert all(b - a >= 10 - 1e-9 for a, b in zip(positions, positions[1:]))
    assert positions[3:] == [196, 219]  # far-apart labels stay on their lines
    assert sum(positions[:3]) / 3 == pytest.approx(9)  # a cluster centres on its lines
    assert style.spread_labels([0, 0, 0], gap=10, floor=0) == [0, 10, 20]  # lifted onto the floor


def test_usd_ticks_read_as_dollars():
    assert [style.usd_tick_text(e) for e in (2, 4, 6, 7, 9, 12)] == [
        "$100", "$10,000", "$1 million", "$10 million", "$1 billion", "$1 trillion"]
    _, text = style.log_ticks(50, 2e6, tick_text=style.usd_tick_text)
    assert text[0] == "$10" and text[-1] == "$10 million"
