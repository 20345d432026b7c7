"""The world map: known counts per country and year, one trace per year with the last shown
(and printed), a slider that shows exactly one year, and country outlines from the site."""

from __future__ import annotations

import pandas as pd
import pytest

from aigrowth import display
from aigrowth.figures import geomap


def _rows() -> pd.DataFrame:
    # model, country, year, large-scale flag; "m2" has authors in two countries.
    rows = [
        ("m1", "USA", "United States", 2008, False),
        ("m2", "USA", "United States", 2011, True),
        ("m2", "CHN", "China", 2011, True),
        ("m3", "CHN", "China", 2012, False),
        ("m4", "USA", "United States", 2012, True),
        ("m5", None, None, 2012, False),
    ]
    return pd.DataFrame(rows, columns=["model_key", "iso3", "country_name", "year", "is_large_scale"])


def test_counts_are_running_totals_from_before_the_first_year() -> None:
    data = geomap.map_counts_data(_rows(), "all", since=2010)
    usa = data[data["iso3"] == "USA"].set_index("year")["cumulative"].to_dict()
    chn = data[data["iso3"] == "CHN"].set_index("year")["cumulative"].to_dict()
    assert usa == {2010: 1, 2011: 2, 2012: 3}  # m1 (2008) counts from the first year shown
    assert chn == {2011: 1, 2012: 2}  # no row before its first model
    assert set(data["iso3"]) == {"USA", "CHN"}  # a model without a country is left out
    large = geomap.map_counts_data(_rows(), "large_scale", since=2011)
    assert large[large["year"] == 2012].set_index("iso3")["cumulative"].to_dict() == {"USA": 2, "CHN": 1}


def test_bad_input_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="unknown subset 'nope'"):
        geomap.map_counts_data(_rows(), "nope")
    with pytest.raises(ValueError, match="since=2030 is after the last year in the data \\(2012\\)"):
        geomap.map_counts_data(_rows(), "all", since=2030)
    with pytest.raises(ValueError, match="year"):
        geomap.map_counts_data(_rows().drop(columns=["year"]), "all")


def test_one_trace_per_year_the_last_shown_and_printed_and_a_slider_for_each() -> None:
    data = geomap.map_counts_data(_rows(), "all", since=2010)
    fig = geomap.country_map_figure(data, "all", slug="test-map")
    assert [t.name for t in fig.data] == ["2010", "2011", "2012"]
    assert [t.visible for t in fig.data] == [False, False, True]
    assert all(t.type == "choropleth" and t.locationmode == "ISO-3" for t in fig.data)
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == ["2010", "2011", "2012"]
    for i, step in enumerate(steps):
        assert step.method == "restyle"
        assert step.args[0]["visible"] == [j == i for j in range(3)]
    assert fig.layout.sliders[0].active == 2
    printed = display.for_print(fig.to_plotly_json())
    assert [t.get("visible") for t in printed["data"]] == [False, False, True]
    # The colours are log10 of the totals; the hover says the total itself.
    last = fig.data[-1]
    assert list(last.locations) == ["USA", "CHN"]
    assert list(last.customdata[:, 1]) == ["3", "2"]
    assert last.z[0] == pytest.approx(0.47712, abs=1e-5)


def test_the_map_asks_for_no_outlines_from_outside_the_site() -> None:
    data = geomap.map_counts_data(_rows(), "all", since=2010)
    fig = geomap.country_map_figure(data, "all", slug="test-map").to_plotly_json()
    assert display.needs_map_bundle(fig)
    assert fig["layout"]["geo"]["resolution"] == 110  # the shapes the site serves (world_110m.json)
    assert "topojson" not in str(fig["layout"]["geo"])  # figures.js names the site's own folder


def test_print_shows_the_last_year_without_a_slider_and_reads_the_sites_outlines() -> None:
    data = geomap.map_counts_data(_rows(), "all", since=2010)
    fig = geomap.country_map_figure(data, "all", slug="test-map")
    printed = display.for_print(fig.to_plotly_json())
    assert printed["layout"]["sliders"] == []
    assert "by the end of 2012" in printed["layout"]["title"]["subtitle"]["text"]
    assert "slider" not in printed["layout"]["title"]["subtitle"]["text"]
    assert "slider" in fig.layout.title.subtitle.text  # the page keeps its slider and says so
    queued = display._QueuedRenderer().to_mimebundle(fig.to_plotly_json())[display.QUEUED_FIGURE_MIME]
    assert queued["topojson"].startswith("file://") and queued["topojson"].endswith("/topojson/")


def test_a_phone_gets_a_map_height_with_room_only_for_the_titles_and_colour_bar() -> None:
    data = geomap.map_counts_data(_rows(), "all", since=2010)
    fig = geomap.country_map_figure(data, "all", slug="test-map")
    narrow = fig.layout.meta["narrow"]
    # The map fills the plot area, which is the map's height; the wide layout keeps its own.
    assert narrow["geo.domain.y"] == [0, 1]
    assert list(fig.layout.geo.domain.y) == [0.16, 1]
    assert narrow["height"] - narrow["margin.t"] - fig.layout.margin.b == geomap.NARROW_PLOT_PX
    assert narrow["height"] < fig.layout.height
    # The years are traces without a legend: no room is kept above the colour bar for one.
    subtitle_lines = narrow["title.subtitle.text"].count("<br>") + 1
    title_lines = narrow["title.text"].count("<br>") + 1
    assert narrow["margin.t"] == 12 + 23 * title_lines + 18 * subtitle_lines + geomap.NARROW_COLORBAR_PX + 10
