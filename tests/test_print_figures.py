"""In print nothing scrolls: trend lines that a scrolly step reveals on screen are drawn in the
PDF's static figures, other hidden traces stay hidden."""

from __future__ import annotations

import plotly.graph_objects as go

from aigrowth.display import for_print


def test_hidden_traces_marked_for_print_are_shown_and_others_stay_hidden():
    fig = go.Figure([
        go.Scatter(x=[1], y=[1], name="points"),
        go.Scatter(x=[1], y=[1], name="trend", visible=False, meta={"print": "show"}),
        go.Scatter(x=[1], y=[1], name="overlay", visible=False, meta={"colour": "#000"}),
    ])
    shown = for_print(fig.to_plotly_json())
    assert [t.get("visible") for t in shown["data"]] == [None, True, False]


def test_trend_traces_from_the_builders_are_marked_for_print():
    from aigrowth.figures._base import trend_trace

    class Trend:
        start, end, growth_per_year, doubling_months, label = 2010.0, 2020.0, 4.0, 6.0, "2010–2020"

        def predict(self, xs):
            return 0.6 * (xs - 2010.0) + 15.0

    trace = trend_trace(Trend(), slug="test-figure", colour="#000000", visible=False)
    assert trace.visible is False and trace.meta["print"] == "show"


def _labelled(ys, height=400, size=12):
    fig = go.Figure(go.Scatter(x=[0, 10], y=[0, 200], name="a"))
    for i, y in enumerate(ys):
        fig.add_annotation(name=f"label: L{i}", text=f"L{i}", x=10, y=y, xref="x", yref="y", showarrow=False, font=dict(size=size))
    fig.update_layout(height=height, margin=dict(t=50, b=50))
    return fig.to_plotly_json()


def test_end_labels_are_spread_at_the_printed_height_and_kept_above_the_axis():
    from aigrowth.display import LABEL_GAP_LINES, _y_span

    shown = for_print(_labelled([3, 5, 8, 150]))
    span = _y_span(shown)
    low, high = span
    per_px = (high - low) / (400 - 100)
    ys = sorted(a["y"] for a in shown["layout"]["annotations"])
    gaps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    assert min(gaps) >= LABEL_GAP_LINES * 12 * per_px - 1e-9
    assert ys[0] >= low + LABEL_GAP_LINES * 12 * per_px / 2 - 1e-9
    assert ys[-1] == 150  # a label with room keeps its place


def test_an_arrowed_label_that_would_run_off_the_right_edge_points_inwards():
    fig = go.Figure(go.Scatter(x=[0, 100], y=[0, 1], name="a"))
    fig.add_annotation(text="A long model name here", x=98, y=1, showarrow=True, ax=30, ay=-20)
    fig.add_annotation(text="Middle", x=40, y=1, showarrow=True, ax=30, ay=-20)
    fig.update_layout(width=600)
    shown = for_print(fig.to_plotly_json())
    assert [a["ax"] for a in shown["layout"]["annotations"]] == [-30, 30]


def test_print_hooks_set_the_printed_layout_and_traces():
    fig = go.Figure([go.Scatter(x=[1], y=[1], name="step 1"), go.Scatter(x=[1], y=[1], name="final", visible=False)])
    fig.update_layout(
        legend=dict(orientation="v", x=1),
        meta={"id": "f", "print": {"layout": {"legend": {"orientation": "h", "y": -0.2}}, "show": ["final"], "hide": ["step 1"]}},
    )
    shown = for_print(fig.to_plotly_json())
    assert shown["layout"]["legend"] == {"orientation": "h", "x": 1, "y": -0.2}
    assert [t.get("visible") for t in shown["data"]] == [False, True]


def test_a_malformed_print_hook_is_an_error():
    import pytest

    fig = go.Figure(go.Scatter(x=[1], y=[1]))
    fig.update_layout(meta={"print": {"colour": "red"}})
    with pytest.raises(ValueError, match="meta.print"):
        for_print(fig.to_plotly_json())


def test_typed_arrays_from_plotly_json_are_read():
    import numpy as np

    from aigrowth.display import _numbers, _plain

    fig = go.Figure(go.Scatter(x=np.array([1.0, 2.0]), y=np.array([3.0, np.nan])))
    assert _numbers(_plain(fig.to_plotly_json())["data"][0]["y"]) == [3.0]


def test_the_typst_filter_carries_each_figure_alt_text(tmp_path):
    from pathlib import Path

    from qmdrender.pandoc import run_pandoc

    root = Path(__file__).resolve().parents[1]
    source = '![A caption](a.png){#fig-x fig-alt=\'Dots "rising" fast\'}\n\n![Plain](b.png)\n'
    args = ["--from=markdown", f"--lua-filter={root / 'report' / 'assets' / 'print-figures.lua'}"]
    typst = run_pandoc([*args, "--to=typst"], source, cwd=tmp_path, what="test")
    assert 'image("a.png", alt: "Dots \\"rising\\" fast")' in typst
    assert 'image("b.png")' in typst and "<fig-x>" in typst
    page = run_pandoc([*args, "--to=html"], "![x](a.png){fig-alt='d'}\n", cwd=tmp_path, what="t")
    assert "<img" in page and "image(" not in page  # the pages are left alone
