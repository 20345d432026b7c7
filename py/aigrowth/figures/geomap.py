"""The world map of the geography chapter: models per country as a choropleth, with a slider
through the years.

The country outlines come from the site itself (plotly.js's Natural Earth 1:110m shapes,
``world_110m.json``, built from npm into report/assets/plotly/topojson/ and named to plotly by
figures.js as ``topojsonURL``), so the map draws offline. Each year is one trace: the totals up
to the end of that year, drawn on a log colour scale (the leading countries have hundreds of
times the models of most others). The latest year is the one shown first, and the one print
shows (the other years' traces start hidden and carry no print flag).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aigrowth import fmt
from aigrowth import geography as geo
from aigrowth.figures._base import finish, require_columns, require_rows, uid
from aigrowth.figures.geography import SUBSETS
from aigrowth.style import DEFAULT_SOURCE, partial_year, plotly_text
from aigrowth.style.titles import SUBTITLE_LINE_PX, SUBTITLE_WRAP, TITLE_LINE_PX, TITLE_PAD_TOP, _wrap

#: Sequential colours from light to dark (ColorBrewer "Blues", colour-blind safe).
# On a phone (about 340 px of map across) the world, cropped to its inhabited latitudes, is
# about 140 px tall: the plot area is the map's height, and the map takes all of it (the
# band kept under a desktop map for plotly's slider is empty on the page, whose own year
# control replaces that slider), so no wide empty bands frame it.
NARROW_PLOT_PX = 150

# The flat colour bar above the map on a phone: its title, the bar and its tick labels.
NARROW_COLORBAR_PX = 56

COLOURS = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
FLAGS = {key: flag for key, (_, flag) in SUBSETS.items()}


def map_counts_data(model_countries: pd.DataFrame, subset: str = "all", since: int = 2010) -> pd.DataFrame:
    """Per country and year from `since` to the data's last year: the models of `subset` with
    an author in the country up to the end of that year (all-countries credit).
    Columns: iso3, country_name, year, models, cumulative."""
    if subset not in FLAGS:
        raise ValueError(f"unknown subset {subset!r}; expected one of {sorted(FLAGS)}")
    require_columns(model_countries, ["model_key", "iso3", "country_name", "year"], "map_counts_data")
    rows = model_countries[model_countries["iso3"].notna()]
    per_year = geo.models_per_country(rows, by_year=True, flag=FLAGS[subset])
    if per_year.empty:
        raise ValueError(f"map_counts_data: no {subset} models with a country and a year")
    last = int(per_year["year"].max())
    if since > last:
        raise ValueError(f"map_counts_data: since={since} is after the last year in the data ({last})")
    years = np.arange(since, last + 1)
    frames = []
    for (iso3, name), group in per_year.groupby(["iso3", "country_name"], dropna=False):
        by_year = group.groupby(group["year"].astype(int))["models"].sum()
        earlier = int(by_year[by_year.index < since].sum())
        new = by_year.reindex(years, fill_value=0)
        frame = pd.DataFrame({"year": years, "models": new.to_numpy()})
        frame["cumulative"] = earlier + frame["models"].cumsum()
        frame.insert(0, "country_name", name if isinstance(name, str) else iso3)
        frame.insert(0, "iso3", iso3)
        frames.append(frame[frame["cumulative"] > 0])
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(
        ["year", "cumulative", "iso3"], ascending=[True, False, True], kind="mergesort"
    ).reset_index(drop=True)


def _ticks(top: float) -> tuple[list[float], list[str]]:
    """Colour-bar ticks at 1, 10, 100... up to the largest count."""
    powers = range(0, max(1, math.ceil(math.log10(max(top, 1)))) + 1)
    return [float(p) for p in powers], [fmt.fmt_count(10**p) for p in powers]


def country_map_figure(
    data: pd.DataFrame,
    subset: str = "all",
    *,
    slug: str,
    source: str = DEFAULT_SOURCE,
    data_end: Any = None,
) -> go.Figure:
    """A choropleth of `cumulative` per country, one trace per year with a slider; the last
    year is shown. Hover: the country, its total and the models of that year. When the data
    end part-way through the last year (`data_end`), that year's slider label, hover and the
    printed subtitle say how far it runs ("2026 (to 15 Jul)"), not "by the end of 2026"."""
    require_columns(data, ["iso3", "country_name", "year", "models", "cumulative"], "country_map_figure")
    require_rows(data, "country_map_figure")
    label = SUBSETS[subset][0]
    years = sorted(int(y) for y in data["year"].unique())
    top = float(data["cumulative"].max())
    tickvals, ticktext = _ticks(top)
    part = partial_year(data_end)
    part = part if part is not None and part.year == years[-1] else None

    def by(year: int) -> str:
        return (
            f"by {fmt.fmt_date(part.end)}"
            if part is not None and year == part.year
            else f"by the end of {year}"
        )

    def named(year: int) -> str:
        return f"{year} ({part.to_text})" if part is not None and year == part.year else str(year)

    fig = go.Figure()
    for year in years:
        rows = data[data["year"] == year]
        names = [plotly_text(n) for n in rows["country_name"]]
        fig.add_trace(
            go.Choropleth(
                locations=rows["iso3"].tolist(),
                locationmode="ISO-3",
                z=np.log10(rows["cumulative"].to_numpy(dtype=float)),
                coloraxis="coloraxis",
                # The counts and names as text: what the page's data table shows for each country.
                text=[fmt.fmt_count(v) for v in rows["cumulative"]],
                hovertext=names,  # one colour scale for every year (in the layout: a phone moves it)
                marker=dict(line=dict(color="#ffffff", width=0.4)),
                customdata=np.column_stack(
                    [
                        names,
                        [fmt.fmt_count(v) for v in rows["cumulative"]],
                        [fmt.fmt_count(v) for v in rows["models"]],
                    ]
                ),
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}} {label} {by(year)}"
                    f"<br>%{{customdata[2]}} in {named(year)}<extra></extra>"
                ),
                name=str(year),
                uid=uid(slug, str(year)),
                visible=year == years[-1],
            )
        )
    steps = [
        dict(
            method="restyle",
            label=named(year),
            args=[{"visible": [y == year for y in years]}],
        )
        for year in years
    ]
    fig.update_layout(
        coloraxis=dict(
            cmin=0,
            cmax=max(tickvals),
            colorscale=[[i / (len(COLOURS) - 1), c] for i, c in enumerate(COLOURS)],
            colorbar=dict(
                title=dict(text="Models", side="top"),
                tickvals=tickvals,
                ticktext=ticktext,
                thickness=12,
                len=0.6,
            ),
        ),
        geo=dict(
            projection=dict(type="natural earth"),
            showframe=False,
            showcoastlines=False,
            showcountries=True,
            countrycolor="#ffffff",
            showland=True,
            landcolor="#eeeeee",
            lataxis=dict(range=[-58, 85]),
            resolution=110,
            domain=dict(y=[0.16, 1]),  # the slider sits under the map, above the source line
        ),
        sliders=[
            dict(
                active=len(years) - 1,
                steps=steps,
                currentvalue=dict(prefix="By the end of ", font=dict(size=13)),
                pad=dict(t=0, b=0),
                len=1.0,
                x=0,
                y=0.13,
                yanchor="top",
            )
        ],
        height=560,
        margin=dict(l=10, r=10),
    )
    leader = data[data["year"] == years[-1]].iloc[0]
    title = f"Where {label.split(' (')[0]} have been built, {years[0]}–{years[-1]}"
    cite_leader = f"the largest count: {leader['country_name']}, {fmt.fmt_count(leader['cumulative'])}"
    subtitle = (
        f"{label[0].upper() + label[1:]} with an author in each country, up to the end of the year the slider shows "
        f"(log colour scale; {cite_leader})"
    )
    fig = finish(fig, slug=slug, title=title, subtitle=subtitle, source=source)
    # On paper nothing slides: the map shows the last year, and says so.
    printed = _wrap(
        f"{label[0].upper() + label[1:]} with an author in each country {by(years[-1])} "
        f"(log colour scale; {cite_leader})",
        SUBTITLE_WRAP,
    )
    meta = dict(fig.layout.meta)
    meta["print"] = {
        "layout": {"sliders": [], "title": {"subtitle": {"text": printed}}, "geo": {"domain": {"y": [0, 1]}}}
    }
    # On a phone the colour bar lies flat above the map, which then takes the whole width.
    meta["narrow"] = {
        **meta.get("narrow", {}),
        "coloraxis.colorbar.orientation": "h",
        "coloraxis.colorbar.x": 0,
        "coloraxis.colorbar.xanchor": "left",
        "coloraxis.colorbar.y": 1.0,
        "coloraxis.colorbar.yanchor": "bottom",
        "coloraxis.colorbar.len": 0.7,
        "coloraxis.colorbar.thickness": 10,
        "geo.domain.y": [0, 1],
        **_narrow_space(meta["narrow"], int(fig.layout.margin.b)),
    }
    fig.layout.meta = meta
    return fig


def _narrow_space(narrow: dict[str, Any], bottom: int) -> dict[str, int]:
    """The phone's top margin, title padding and height: room above the map for the titles and
    the flat colour bar (the years, one trace each, have no legend to make room for), and a
    plot area the height of the map."""
    title_lines = str(narrow["title.text"]).count("<br>") + 1
    subtitle_lines = str(narrow["title.subtitle.text"]).count("<br>") + 1
    lift = subtitle_lines * SUBTITLE_LINE_PX + NARROW_COLORBAR_PX + 10
    top = TITLE_PAD_TOP + title_lines * TITLE_LINE_PX + lift
    return {
        "margin.t": top,
        # Measured: above a map plotly sets the title block a line lower than the charts'
        # rule in `titles.reserve_top_margin` assumes, so it pads one line less.
        "title.pad.b": lift + (title_lines - 2) * TITLE_LINE_PX,
        "height": top + NARROW_PLOT_PX + bottom,
    }
