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
