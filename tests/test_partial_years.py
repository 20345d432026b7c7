"""The partial last year on every chart by year, and n on every share bar.

Every figure builder of `aigrowth.figures` is found by name (`*_figure`) and built from
crafted data; whether its x axis is the year is read off the figure it draws, not listed by
hand. Data ending mid-year mark that year (a band, a note of the end date, hatched bars); data
ending on 31 December mark nothing.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import pytest

import aigrowth.figures as figures_pkg
from aigrowth import style
from aigrowth.constants import SMALL_SHARE_N
from aigrowth.figures import aicompute, domains, efficiency, geography, geomap, temporal
from aigrowth.figures._base import finish
from aigrowth.years import decimal_year
from test_figures import StraightTrend, synthetic_model_countries, synthetic_models

TREND = StraightTrend(2010.0, 2025.5, 14 - 0.6 * 2010, 0.6, "2010–2025")


def _ending(models: pd.DataFrame, last_day: str) -> pd.DataFrame:
    """`models` with the newest model moved to `last_day`, so the data end that day."""
    out = models.copy()
    i = out["publication_date"].idxmax()
    day = pd.Timestamp(last_day)
    out.loc[i, "publication_date"] = day
    out.loc[i, "decimal_year"] = float(decimal_year([day])[0])
    out.loc[i, "year"] = day.year
    return out


MID_YEAR = "2025-07-02"
YEAR_END = "2025-12-31"


def _recipes(models: pd.DataFrame) -> dict[str, Callable[[pd.Timestamp], go.Figure]]:
    """How to build each figure builder from `models`, by builder name; `end` is the day the
    data end (passed to every builder that takes `data_end`)."""
    mc = synthetic_model_countries(models)
    slopes = pd.DataFrame(
        {"domain_group": ["Language", "Vision"], "slope": [2.0, 1.6], "low": [1.8, 1.3], "high": [2.2, 1.9], "n": [300, 120]}
    )
    research = pd.DataFrame(
        {"iso3": ["USA", "CHN"], "country_name": ["United States", "China"], "pub_share_pct": [20.0, 25.0],
         "model_share_pct": [50.0, 20.0], "models": [200, 80], "period_models": [400, 400], "pub_years": [5, 5]}
    )
    controls = pd.DataFrame(
        {"iso3": ["USA", "CHN"], "country_name": ["United States", "China"], "models": [200, 80],
         "large_scale_models": [40, 20], "imposed_cum": [30, 5], "targeted_cum": [2, 25]}
    )
    return {
        "compute_over_time_figure": lambda end: temporal.compute_over_time_figure(
            temporal.compute_over_time_data(models), trends=[TREND], data_end=end
        ),
        "metric_over_time_figure": lambda end: temporal.metric_over_time_figure(
            temporal.metric_over_time_data(models, "parameters"), "parameters", data_end=end
        ),
        "organization_share_figure": lambda end: temporal.organization_share_figure(
            temporal.organization_share_data(models), data_end=end
        ),
        "open_weights_share_figure": lambda end: temporal.open_weights_share_figure(
            temporal.open_weights_share_data(models), data_end=end
        ),
        "open_weights_by_compute_figure": lambda end: temporal.open_weights_by_compute_figure(
            temporal.open_weights_by_compute_data(models)
        ),
        "record_runs_figure": lambda end: aicompute.record_runs_figure(
            aicompute.record_runs_data(models, start=2010, end=2026), TREND, data_end=end
        ),
        "frontier_vs_rest_figure": lambda end: efficiency.frontier_vs_rest_figure(
            efficiency.frontier_vs_rest_data(models), trends={"Frontier": TREND}, data_end=end
        ),
        "efficiency_figure": lambda end: efficiency.efficiency_figure(
            efficiency.efficiency_data(models), data_end=end
        ),
        "country_counts_over_time_figure": lambda end: geography.country_counts_over_time_figure(
            geography.country_counts_over_time_data(mc, "all"), "all", data_end=end
        ),
        "frontier_share_figure": lambda end: geography.frontier_share_figure(
            geography.frontier_share_data(mc), data_end=end
        ),
        "models_per_country_figure": lambda end: geography.models_per_country_figure(
            geography.models_per_country_data(mc)
        ),
        "organisation_types_figure": lambda end: geography.organisation_types_figure(
            geography.organisation_types_data(mc, models)
        ),
        "compute_by_country_figure": lambda end: geography.compute_by_country_figure(
            geography.compute_by_country_data(mc, min_n=3)
        ),
        "research_vs_models_figure": lambda end: geography.research_vs_models_figure(research),
        "export_controls_figure": lambda end: geography.export_controls_figure(controls),
        "country_map_figure": lambda end: geomap.country_map_figure(
            geomap.map_counts_data(mc, "all"), "all", slug="map", data_end=end
        ),
        "compute_vs_parameters_figure": lambda end: domains.compute_vs_parameters_figure(
            domains.compute_vs_parameters_data(models), {"Language": (3.0, 2.0)}
        ),
        "domain_slopes_figure": lambda end: domains.domain_slopes_figure(slopes, reference=1.7),
    }


def _builders() -> dict[str, Callable]:
    """Every `*_figure` function of the modules of `aigrowth.figures`."""
    found = {}
    for info in pkgutil.iter_modules(figures_pkg.__path__):
        module = importlib.import_module(f"aigrowth.figures.{info.name}")
        for name, obj in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_figure") and obj.__module__ == module.__name__:
                found[name] = obj
    return found


_YEAR_LABEL = re.compile(r"^(19|20)\d\d")


def by_year(fig: go.Figure) -> bool:
    """Whether the figure's x axis is the year: whole-year ticks ("2023", never "2,023"), or
    every x value a year (bars per year), or every category a year or period ("2020–25")."""
    axis = fig.layout.xaxis
    if axis.tickformat == "d" and axis.type != "log" and not axis.ticksuffix:
        return True
    xs = [x for t in fig.data if getattr(t, "x", None) is not None and getattr(t, "orientation", None) != "h"
          for x in t.x if x is not None]
    if not xs:
        return False
    if all(isinstance(x, str) for x in xs):
        return all(_YEAR_LABEL.match(x) for x in xs)
    try:
        return all(1900 <= float(x) <= 2100 for x in xs)
    except (TypeError, ValueError):
        return False


@pytest.fixture(scope="module")
def mid_year() -> pd.DataFrame:
    return _ending(synthetic_models(), MID_YEAR)


@pytest.fixture(scope="module")
def year_end() -> pd.DataFrame:
    return _ending(synthetic_models(), YEAR_END)


def _partial_notes(fig: go.Figure) -> list[str]:
    notes = [a.text for a in fig.layout.annotations if a.name == style.PARTIAL_NAME]
    ticks = list(fig.layout.xaxis.ticktext or [])
    return notes + [t for t in ticks if "to " in t]


def _hatched(fig: go.Figure) -> list[tuple[str, list]]:
    """(trace name, x values of its hatched bars) of every bar trace with a hatched bar."""
    out = []
    for trace in fig.data:
        if isinstance(trace, go.Bar) and trace.marker.pattern and trace.marker.pattern.shape is not None:
            shapes = trace.marker.pattern.shape
            out.append((trace.name, [x for x, s in zip(trace.x, shapes, strict=True) if s == "/"]))
    return [h for h in out if h[1]]


def test_every_builder_is_walked(mid_year):
    assert set(_recipes(mid_year)) == set(_builders()), "add the new builder to _recipes"


def test_every_chart_by_year_marks_a_partial_last_year(mid_year):
    end = pd.Timestamp(mid_year["publication_date"].max())
    assert end == pd.Timestamp(MID_YEAR)
    builders = _builders()
    year_charts = []
    for name, build in _recipes(mid_year).items():
        fig = build(end)
        if not by_year(fig):
            assert "partial_year" not in fig.layout.meta, name
            continue
        year_charts.append(name)
        assert "data_end" in inspect.signature(builders[name]).parameters, f"{name} cannot mark a partial year"
        assert fig.layout.meta["partial_year"] == {"year": 2025, "to": "2025-07-02"}, name
        bands = [s for s in fig.layout.shapes if s.name == style.PARTIAL_NAME]
        assert len(bands) == 1 and bands[0].layer == "below", name
        # The note gives the day the data end, read from the data: 2 July.
        notes = _partial_notes(fig)
        assert notes and all(n.endswith("to 2 Jul") for n in notes), (name, notes)
        bars = [t for t in fig.data if isinstance(t, go.Bar)]
        if bars:
            hatched = _hatched(fig)
            assert {n for n, _ in hatched} == {t.name for t in bars}, name
            for _, xs in hatched:
                assert len(xs) == 1 and (xs[0] == 2025 or str(xs[0]).startswith("2020")), (name, xs)
    # The charts by year found on the figures themselves: the scatter and line charts over
    # time and the share bars per year and per period.
    assert set(year_charts) == {
        "compute_over_time_figure", "metric_over_time_figure", "organization_share_figure",
        "open_weights_share_figure", "record_runs_figure", "frontier_vs_rest_figure",
        "efficiency_figure", "country_counts_over_time_figure", "frontier_share_figure",
    }


def test_data_ending_on_31_december_mark_nothing(year_end):
    end = pd.Timestamp(year_end["publication_date"].max())
    assert end == pd.Timestamp(YEAR_END)
    for name, build in _recipes(year_end).items():
        fig = build(end)
        assert "partial_year" not in fig.layout.meta, name
        assert not [s for s in fig.layout.shapes if s.name == style.PARTIAL_NAME], name
        assert not _partial_notes(fig), name
        assert not _hatched(fig), name


def test_a_chart_that_stops_before_the_partial_year_marks_nothing(mid_year):
    window = aicompute.record_runs_data(mid_year, start=2012, end=2018)
    fig = aicompute.record_runs_figure(window, data_end=pd.Timestamp(MID_YEAR))
    assert "partial_year" not in fig.layout.meta
    assert not fig.layout.shapes


def test_partial_year_and_its_note():
    assert style.partial_year(None) is None
    assert style.partial_year(pd.NaT) is None
    assert style.partial_year("2024-12-31") is None
    part = style.partial_year("2026-07-15")
    assert (part.year, part.note, part.to_text) == (2026, "2026: to 15 Jul", "to 15 Jul")
    assert style.partial_year("2025-12-30").note == "2025: to 30 Dec"


# -- n on share bars ---------------------------------------------------------------------------

SHARE_BUILDERS = {
    "open_weights_share_figure": "n_known",
    "open_weights_by_compute_figure": "n_known",
    "organization_share_figure": "n_year",
    "frontier_share_figure": "period_frontier_models",
}


def _share_counts(name: str, models: pd.DataFrame) -> list[int]:
    """Each bar's n, from the chart's own data (its CSV download)."""
    mc = synthetic_model_countries(models)
    data = {
        "open_weights_share_figure": lambda: temporal.open_weights_share_data(models),
        "open_weights_by_compute_figure": lambda: temporal.open_weights_by_compute_data(models),
        "organization_share_figure": lambda: temporal.organization_share_data(models),
        "frontier_share_figure": lambda: geography.frontier_share_data(mc),
    }[name]()
    key = "period" if name == "frontier_share_figure" else ("year" if "year" in data else "log10_compute")
    return [int(v) for v in data.groupby(key, sort=False)[SHARE_BUILDERS[name]].first()]


@pytest.mark.parametrize("name", sorted(SHARE_BUILDERS))
def test_share_bars_carry_their_n_and_fade_when_it_is_small(name, mid_year):
    fig = _recipes(mid_year)[name](pd.Timestamp(MID_YEAR))
    counts = _share_counts(name, mid_year)
    assert any(n < SMALL_SHARE_N for n in counts) or name != "open_weights_by_compute_figure"
    # Under every bar on a wide chart: its label over "n=<count>".
    ticks = list(fig.layout.xaxis.ticktext)
    assert [t.split("<br>")[1] for t in ticks] == [f"n={n:,}" for n in counts], name
    # A phone shows at most NARROW_SHARE_TICKS of them, always the last bar's.
    narrow = fig.layout.meta["narrow"]
    assert len(narrow["xaxis.ticktext"]) <= style.shares.NARROW_SHARE_TICKS
    assert narrow["xaxis.ticktext"][-1] == ticks[-1]
    assert set(narrow["xaxis.ticktext"]) <= set(ticks)
    # Every bar of few models is faded, in every trace, and only those.
    expected = [style.SMALL_SHARE_OPACITY if n < SMALL_SHARE_N else 1.0 for n in counts]
    for trace in fig.data:
        assert list(trace.marker.opacity) == expected, (name, trace.name)
    # The hover carries n too (for the bars a phone leaves unlabelled).
    for trace in fig.data:
        assert "of %{customdata[1]" in trace.hovertemplate


def test_organisation_types_fade_countries_of_few_models(mid_year):
    mc = synthetic_model_countries(mid_year)
    data = geography.organisation_types_data(mc, mid_year, top=10)
    fig = geography.organisation_types_figure(data)
    for trace in fig.data:
        rows = data[data["organization_type"] == trace.name]
        assert list(trace.marker.opacity) == style.share_opacity(rows["n_country"].tolist())
    assert min(data["n_country"]) < SMALL_SHARE_N <= max(data["n_country"])


def test_share_ticks_thin_out_and_keep_the_last_bar():
    fig = go.Figure(go.Bar(x=list(range(2010, 2027)), y=[1] * 17, uid="bars"))
    finish(fig, slug="shares", title="Shares", subtitle="Per year")
    part = style.partial_year("2026-03-01")
    style.set_share_ticks(fig, list(range(2010, 2027)), [str(y) for y in range(2010, 2027)], [5] * 17, partial=part)
    narrow = fig.layout.meta["narrow"]
    assert narrow["xaxis.tickvals"] == [2011, 2014, 2017, 2020, 2023, 2026]
    assert narrow["xaxis.ticktext"][-1] == "2026<br>n=5<br>to 1 Mar"
    assert list(fig.layout.xaxis.tickvals) == list(range(2010, 2027))


def test_the_map_says_how_far_a_partial_last_year_runs(mid_year, year_end):
    mc = synthetic_model_countries(mid_year)
    fig = geomap.country_map_figure(geomap.map_counts_data(mc, "all"), "all", slug="map", data_end=MID_YEAR)
    last = fig.layout.sliders[0].steps[-1]
    assert last.label == "2025 (to 2 Jul)"
    assert "by 2 Jul 2025" in fig.data[-1].hovertemplate and "by the end of 2024" in fig.data[-2].hovertemplate
    assert "by 2 Jul 2025" in fig.layout.meta["print"]["layout"]["title"]["subtitle"]["text"]
    full = geomap.country_map_figure(
        geomap.map_counts_data(synthetic_model_countries(year_end), "all"), "all", slug="map", data_end=YEAR_END
    )
    assert full.layout.sliders[0].steps[-1].label == "2025"
    assert "by the end of 2025" in full.data[-1].hovertemplate
