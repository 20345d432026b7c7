"""Charts of the geography chapter: models per country and counts by country over time.

A model counts once for every country among its authors' organisations (as Our World in Data
counts), so country totals add up to more than the number of models.

Why no map: plotly's geo charts load their country outlines (topojson) from a CDN when drawn,
and the plotly Python package does not ship them (its `package_data` holds only plotly.min.js,
templates and sample data sets). The site must work offline and self-contained, so countries
are shown as a ranked bar chart, which also reads better for the few countries that dominate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aigrowth import fmt
from aigrowth.figures._base import finish, require_columns, require_rows, uid
from aigrowth.style import GREY_OTHER, colour_for, label_line_ends, text_colour

SUBSETS = {
    "all": ("models", None),
    "large_scale": ("large-scale models (over 10²³ FLOP)", "is_large_scale"),
    "frontier_top10": ("frontier models (top 10 by compute at release)", "frontier_top10"),
    "frontier_epoch": ("frontier models (Epoch AI's flag)", "frontier_epoch"),
}
"""Which models a country chart counts: a label for titles and the flag column selecting them."""


def _subset_rows(model_countries: pd.DataFrame, subset: str) -> pd.DataFrame:
    if subset not in SUBSETS:
        raise ValueError(f"unknown subset {subset!r}; expected one of {sorted(SUBSETS)}")
    column = SUBSETS[subset][1]
    if column is None:
        return model_countries
    require_columns(model_countries, [column], f"subset {subset!r}")
    return model_countries[model_countries[column].fillna(False).astype(bool)]


def models_per_country_data(
    model_countries: pd.DataFrame, subset: str = "all", top: int = 15, since: int | None = None
) -> pd.DataFrame:
    """The `top` countries by number of models in `subset` (all, large_scale, frontier_top10,
    frontier_epoch), from year `since` if given.

    Columns: rank, iso3, country_name, n_models, share_pct (of all models in the subset with a
    known country, so shares can add up to more than 100%).
    """
    require_columns(model_countries, ["model_key", "iso3", "country_name", "year"], "models_per_country_data")
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    rows = _subset_rows(model_countries, subset)
    rows = rows[rows["iso3"].notna()]
    if since is not None:
        rows = rows[rows["year"] >= since]
    if rows.empty:
        raise ValueError(f"models_per_country_data: no {subset} models with a country")
    n_models_total = rows["model_key"].nunique()
    counts = (rows.drop_duplicates(["model_key", "iso3"])
              .groupby(["iso3", "country_name"], dropna=False)["model_key"].count()
              .rename("n_models").reset_index())
    counts = counts.sort_values(["n_models", "iso3"], ascending=[False, True], kind="mergesort").head(top)
    counts["share_pct"] = 100.0 * counts["n_models"] / n_models_total
    counts.insert(0, "rank", np.arange(1, len(counts) + 1))
    counts["country_name"] = counts["country_name"].fillna(counts["iso3"])
    return counts.reset_index(drop=True)


def models_per_country_figure(
    data: pd.DataFrame,
    subset: str = "all",
    *,
    highlight: Sequence[str] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str | None = None,
) -> go.Figure:
    """Ranked horizontal bars, largest on top, each labelled with its count.

    One trace per country, named by country name ("United States", "China", ...), so a step
    can switch a country on; `highlight` (ISO3 codes or names) greys out the others. Countries
    without a fixed colour are grey. Figure id "models-per-country" plus "-<subset>" for a
    subset other than "all".
    """
    require_columns(data, ["rank", "iso3", "country_name", "n_models", "share_pct"], "models_per_country_figure")
    require_rows(data, "models_per_country_figure")
    label = SUBSETS[subset][0] if subset in SUBSETS else None
    if label is None:
        raise ValueError(f"unknown subset {subset!r}; expected one of {sorted(SUBSETS)}")
    slug = slug or ("models-per-country" if subset == "all" else f"models-per-country-{subset.replace('_', '-')}")
    rows = data.sort_values("rank", kind="mergesort")
    fig = go.Figure()
    for row in rows.itertuples():
        own = colour_for("country", row.iso3)
        lit = highlight is None or row.iso3 in highlight or row.country_name in highlight
        colour = own if lit else "#DDDDDD"
        fig.add_trace(go.Bar(
            x=[row.n_models], y=[row.country_name], orientation="h", name=row.country_name,
            uid=uid(slug, row.country_name), showlegend=False,
            marker=dict(color=colour),
            text=[fmt.fmt_count(row.n_models)], textposition="outside", cliponaxis=False,
            textfont=dict(color=text_colour(own if own != GREY_OTHER else "#4D4D4D"), size=12),
            customdata=[[fmt.fmt_count(row.n_models), fmt.fmt_pct(row.share_pct)]],
            hovertemplate=(f"<b>{row.country_name}</b><br>%{{customdata[0]}} {label}"
                           "<br>%{customdata[1]} of all with a known country<extra></extra>"),
            meta=dict(colour=own),
        ))
    fig.update_layout(barmode="relative", bargap=0.25)
    fig.update_yaxes(type="category", categoryorder="array",
                     categoryarray=list(reversed(rows["country_name"].tolist())),
                     showgrid=False, ticks="", showline=False)
    fig.update_xaxes(showticklabels=False, showgrid=False, showline=False, ticks="",
                     range=[0, float(rows["n_models"].max()) * 1.15])
    if title is None:
        first = rows.iloc[0]
        if len(rows) > 1:
            second = rows.iloc[1]
            ratio = first["n_models"] / second["n_models"]
            title = (f"{first['country_name']} has built {fmt.fmt_number(ratio)} times as many "
                     f"{label.split(' (')[0]} as {second['country_name']}")
        else:
            title = f"{first['country_name']} leads in {label}"
    if subtitle is None:
        subtitle = f"Number of {label} per country; a model counts for each of its authors' countries"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)


def country_counts_over_time_data(
    model_countries: pd.DataFrame,
    subset: str = "large_scale",
    countries: Sequence[str] | None = None,
    top: int = 6,
    since: int | None = None,
) -> pd.DataFrame:
    """Models per country and year in `subset`, for `countries` (ISO3) or the `top` countries
    by total, every year from the first to the last filled in (zeros where none appeared).

    Columns: iso3, country_name, year, n_models (new that year), cumulative (running total
    from the first year counted).
    """
    require_columns(model_countries, ["model_key", "iso3", "country_name", "year"],
                    "country_counts_over_time_data")
    rows = _subset_rows(model_countries, subset)
    rows = rows[rows["iso3"].notna() & rows["year"].notna()].drop_duplicates(["model_key", "iso3"])
    if since is not None:
        rows = rows[rows["year"] >= since]
    if rows.empty:
        raise ValueError(f"country_counts_over_time_data: no {subset} models with a country and year")
    totals = rows.groupby("iso3")["model_key"].count().sort_values(ascending=False, kind="mergesort")
    if countries is None:
        totals = totals.reset_index().sort_values(["model_key", "iso3"], ascending=[False, True], kind="mergesort")
        chosen = totals["iso3"].head(top).tolist()
    else:
        chosen = list(countries)
        unknown = sorted(set(chosen) - set(model_countries["iso3"].dropna()))
        if unknown:
            raise ValueError(f"countries not in the data: {unknown}")
    names = model_countries.dropna(subset=["iso3"]).drop_duplicates("iso3").set_index("iso3")["country_name"]
    years = np.arange(int(rows["year"].min()), int(rows["year"].max()) + 1)
    counts = rows[rows["iso3"].isin(chosen)].groupby(["iso3", "year"])["model_key"].count()
    grid = pd.MultiIndex.from_product([chosen, years], names=["iso3", "year"])
    out = counts.reindex(grid, fill_value=0).rename("n_models").reset_index()
    out["year"] = out["year"].astype(int)
    out["n_models"] = out["n_models"].astype(int)
    out.insert(1, "country_name", out["iso3"].map(names).fillna(out["iso3"]))
    out["cumulative"] = out.groupby("iso3")["n_models"].cumsum()
    return out


def country_counts_over_time_figure(
    data: pd.DataFrame,
    subset: str = "large_scale",
    *,
    cumulative: bool = True,
    highlight: Sequence[str] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str | None = None,
) -> go.Figure:
    """One line per country, labelled at its end instead of a legend.

    Trace names: the country names; the end labels are annotations named
    "label: <country name>". `highlight` (ISO3 or names) greys the others out. Figure id
    "<subset>-by-country" (cumulative) or "<subset>-per-year-by-country".
    """
    require_columns(data, ["iso3", "country_name", "year", "n_models", "cumulative"],
                    "country_counts_over_time_figure")
    require_rows(data, "country_counts_over_time_figure")
    if subset not in SUBSETS:
        raise ValueError(f"unknown subset {subset!r}; expected one of {sorted(SUBSETS)}")
    label = SUBSETS[subset][0]
    kind = subset.replace("_", "-")
    slug = slug or (f"{kind}-by-country" if cumulative else f"{kind}-per-year-by-country")
    value = "cumulative" if cumulative else "n_models"
    # Largest final value first, so the legend-free label order matches the lines' order.
    finals = data.sort_values("year").groupby("iso3")[value].last().sort_values(ascending=False, kind="mergesort")
    fig = go.Figure()
    for iso3 in finals.index:
        rows = data[data["iso3"] == iso3].sort_values("year")
        name = str(rows["country_name"].iloc[0])
        own = colour_for("country", iso3)
        lit = highlight is None or iso3 in highlight or name in highlight
        fig.add_trace(go.Scatter(
            x=rows["year"].to_numpy(dtype=float), y=rows[value].to_numpy(dtype=float),
            mode="lines+markers", name=name, uid=uid(slug, name),
            line=dict(color=own if lit else "#D0D0D0", width=2.5 if lit else 1.5),
            marker=dict(size=4),
            customdata=np.column_stack([rows["n_models"].to_numpy(), rows["cumulative"].to_numpy()]),
            hovertemplate=(f"<b>{name}</b>, %{{x}}<br>%{{customdata[0]:,}} new, "
                           "%{customdata[1]:,} in total<extra></extra>"),
            meta=dict(colour=own),
        ))
    y_max = float(data[value].max())
    fig.update_yaxes(range=[0, y_max * 1.08 if y_max > 0 else 1], tickformat=",d", rangemode="tozero")
    first, last = int(data["year"].min()), int(data["year"].max())
    fig.update_xaxes(range=[first - 0.3, last + 0.3], tickformat="d",
                     dtick=next(s for s in (1, 2, 5, 10, 20) if (last - first) / s <= 6))
    label_line_ends(fig)
    if title is None:
        leader, runner = finals.index[0], (finals.index[1] if len(finals) > 1 else None)
        leader_name = data.loc[data["iso3"] == leader, "country_name"].iloc[0]
        noun = label.split(" (")[0]
        if runner is not None and finals[runner] > 0:
            runner_name = data.loc[data["iso3"] == runner, "country_name"].iloc[0]
            title = (f"{leader_name} has {fmt.fmt_count(finals[leader])} {noun}, "
                     f"{runner_name} {fmt.fmt_count(finals[runner])}")
        else:
            title = f"{leader_name} leads in {noun}"
    if subtitle is None:
        what = "Cumulative number" if cumulative else "Number per year"
        subtitle = f"{what} of {label} by country of their developers"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)
