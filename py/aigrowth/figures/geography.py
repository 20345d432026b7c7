"""Charts of the geography chapter: models per country and counts by country over time.

A model counts once for every country among its authors' organisations (as Our World in Data
counts), so country totals add up to more than the number of models.

The ranked bar charts read best for the few countries with the most models; the world map of
the same counts, drawn from the site's own country outlines, is in `aigrowth.figures.geomap`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aigrowth import fmt
from aigrowth.figures._base import finish, require_columns, require_rows, uid
from aigrowth.fmt import possessive, with_article
from aigrowth.style import (
    DEFAULT_SOURCE,
    GREY_CONTEXT,
    GREY_OTHER,
    INK,
    colour_for,
    fit_source_and_rows,
    label_line_ends,
    mark_partial_year,
    partial_year,
    plotly_text,
    set_log_axis,
    set_share_ticks,
    share_opacity,
    text_colour,
)

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
    counts = (
        rows.drop_duplicates(["model_key", "iso3"])
        .groupby(["iso3", "country_name"], dropna=False)["model_key"]
        .count()
        .rename("n_models")
        .reset_index()
    )
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
    require_columns(
        data, ["rank", "iso3", "country_name", "n_models", "share_pct"], "models_per_country_figure"
    )
    require_rows(data, "models_per_country_figure")
    label = SUBSETS[subset][0] if subset in SUBSETS else None
    if label is None:
        raise ValueError(f"unknown subset {subset!r}; expected one of {sorted(SUBSETS)}")
    slug = slug or (
        "models-per-country" if subset == "all" else f"models-per-country-{subset.replace('_', '-')}"
    )
    rows = data.sort_values("rank", kind="mergesort")
    fig = go.Figure()
    for row in rows.itertuples():
        own = colour_for("country", row.iso3)
        lit = highlight is None or row.iso3 in highlight or row.country_name in highlight
        colour = own if lit else "#DDDDDD"
        shown = plotly_text(row.country_name)  # names from the data, as plotly shows them literally
        fig.add_trace(
            go.Bar(
                x=[row.n_models],
                y=[shown],
                orientation="h",
                name=shown,
                uid=uid(slug, row.country_name),
                showlegend=False,
                marker=dict(color=colour),
                text=[fmt.fmt_count(row.n_models)],
                textposition="outside",
                cliponaxis=False,
                textfont=dict(color=text_colour(own if own != GREY_OTHER else "#4D4D4D"), size=12),
                customdata=[[fmt.fmt_count(row.n_models), fmt.fmt_pct(row.share_pct)]],
                hovertemplate=(
                    f"<b>{shown}</b><br>%{{customdata[0]}} {label}"
                    "<br>%{customdata[1]} of all with a known country<extra></extra>"
                ),
                meta=dict(colour=own),
            )
        )
    fig.update_layout(barmode="relative", bargap=0.25)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(reversed(rows["country_name"].map(plotly_text).tolist())),
        showgrid=False,
        ticks="",
        showline=False,
    )
    fig.update_xaxes(
        showticklabels=False,
        showgrid=False,
        showline=False,
        ticks="",
        # Room beyond the longest bar for its count ("1,795") on a phone's narrow plot, too.
        range=[0, float(rows["n_models"].max()) * 1.32],
    )
    if title is None:
        first = rows.iloc[0]
        if len(rows) > 1:
            second = rows.iloc[1]
            ratio = first["n_models"] / second["n_models"]
            title = (
                f"{with_article(first['country_name'], True)} has built {fmt.fmt_number(ratio)} times as many "
                f"{label.split(' (')[0]} as {with_article(second['country_name'])}"
            )
        else:
            title = f"{with_article(first['country_name'], True)} leads in {label}"
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
    require_columns(
        model_countries, ["model_key", "iso3", "country_name", "year"], "country_counts_over_time_data"
    )
    rows = _subset_rows(model_countries, subset)
    rows = rows[rows["iso3"].notna() & rows["year"].notna()].drop_duplicates(["model_key", "iso3"])
    if since is not None:
        rows = rows[rows["year"] >= since]
    if rows.empty:
        raise ValueError(f"country_counts_over_time_data: no {subset} models with a country and year")
    totals = rows.groupby("iso3")["model_key"].count().sort_values(ascending=False, kind="mergesort")
    if countries is None:
        totals = totals.reset_index().sort_values(
            ["model_key", "iso3"], ascending=[False, True], kind="mergesort"
        )
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
    data_end: Any = None,
) -> go.Figure:
    """One line per country, labelled at its end instead of a legend.

    Trace names: the country names; the end labels are annotations named
    "label: <country name>". `highlight` (ISO3 or names) greys the others out. Figure id
    "<subset>-by-country" (cumulative) or "<subset>-per-year-by-country". `data_end` (the day
    the data end) marks a partial last year.
    """
    require_columns(
        data, ["iso3", "country_name", "year", "n_models", "cumulative"], "country_counts_over_time_figure"
    )
    require_rows(data, "country_counts_over_time_figure")
    if subset not in SUBSETS:
        raise ValueError(f"unknown subset {subset!r}; expected one of {sorted(SUBSETS)}")
    label = SUBSETS[subset][0]
    kind = subset.replace("_", "-")
    slug = slug or (f"{kind}-by-country" if cumulative else f"{kind}-per-year-by-country")
    value = "cumulative" if cumulative else "n_models"
    # Largest final value first, so the legend-free label order matches the lines' order.
    finals = (
        data.sort_values("year").groupby("iso3")[value].last().sort_values(ascending=False, kind="mergesort")
    )
    fig = go.Figure()
    for iso3 in finals.index:
        rows = data[data["iso3"] == iso3].sort_values("year")
        name = str(rows["country_name"].iloc[0])
        own = colour_for("country", iso3)
        lit = highlight is None or iso3 in highlight or name in highlight
        fig.add_trace(
            go.Scatter(
                x=rows["year"].to_numpy(dtype=float),
                y=rows[value].to_numpy(dtype=float),
                mode="lines+markers",
                name=plotly_text(name),
                uid=uid(slug, name),
                line=dict(color=own if lit else "#D0D0D0", width=2.5 if lit else 1.5),
                marker=dict(size=4),
                customdata=np.column_stack([rows["n_models"].to_numpy(), rows["cumulative"].to_numpy()]),
                hovertemplate=(
                    f"<b>{plotly_text(name)}</b>, %{{x}}<br>%{{customdata[0]:,}} new, "
                    "%{customdata[1]:,} in total<extra></extra>"
                ),
                meta=dict(colour=own),
            )
        )
    y_max = float(data[value].max())
    # Fixed ranges (autorange off), so a scrollytelling step that zooms returns to them.
    fig.update_yaxes(range=[0, y_max * 1.08 if y_max > 0 else 1], tickformat=",d", autorange=False)
    first, last = int(data["year"].min()), int(data["year"].max())
    fig.update_xaxes(
        range=[first - 0.3, last + 0.3],
        autorange=False,
        tickformat="d",
        dtick=next(s for s in (1, 2, 5, 10, 20) if (last - first) / s <= 6),
    )
    label_line_ends(fig)
    # The note at the top: the lines climb to the right, and the lowest run along the bottom.
    mark_partial_year(fig, data_end, centred=True, note="top")
    if title is None:
        leader, runner = finals.index[0], (finals.index[1] if len(finals) > 1 else None)
        leader_name = data.loc[data["iso3"] == leader, "country_name"].iloc[0]
        noun = label.split(" (")[0]
        if runner is not None and finals[runner] > 0:
            runner_name = data.loc[data["iso3"] == runner, "country_name"].iloc[0]
            title = (
                f"{with_article(leader_name, True)} has {fmt.fmt_count(finals[leader])} {noun}, "
                f"{with_article(runner_name)} {fmt.fmt_count(finals[runner])}"
            )
        else:
            title = f"{with_article(leader_name, True)} leads in {noun}"
    if subtitle is None:
        what = "Cumulative number" if cumulative else "Number per year"
        subtitle = f"{what} of {label} by country of their developers"
    return finish(fig, slug=slug, title=title, subtitle=subtitle)


# -- Where frontier models cluster ------------------------------------------------------------


def frontier_share_data(
    model_countries: pd.DataFrame,
    frontier_column: str = "frontier_top10",
    periods: Sequence[tuple[int, int]] | None = None,
    top: int = 4,
) -> pd.DataFrame:
    """Share of each period's frontier models with an author in each of the `top` countries
    (by frontier models over all periods), zeros filled in.

    Columns: period, iso3, country_name, frontier_models, period_frontier_models, share_pct.
    Shares of one period can add up to more than 100% (a model counts for each country).
    """
    from aigrowth import geography as geo

    require_columns(
        model_countries, ["model_key", "iso3", "country_name", "year", frontier_column], "frontier_share_data"
    )
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    shares = geo.frontier_share_by_country(model_countries, frontier_column, periods or geo.DEFAULT_PERIODS)
    if shares.empty:
        raise ValueError("frontier_share_data: no frontier models in any period")
    totals = (
        shares.groupby(["iso3", "country_name"])["frontier_models"]
        .sum()
        .reset_index()
        .sort_values(["frontier_models", "iso3"], ascending=[False, True], kind="mergesort")
    )
    chosen = totals.head(top)
    period_n = shares.groupby("period", sort=False)["period_frontier_models"].first()
    grid = pd.MultiIndex.from_product([period_n.index, chosen["iso3"]], names=["period", "iso3"])
    out = (
        shares.set_index(["period", "iso3"])["frontier_models"]
        .reindex(grid, fill_value=0)
        .astype(int)
        .reset_index()
    )
    out["country_name"] = out["iso3"].map(chosen.set_index("iso3")["country_name"])
    out["period_frontier_models"] = out["period"].map(period_n).astype(int)
    out["share_pct"] = 100.0 * out["frontier_models"] / out["period_frontier_models"]
    return out[["period", "iso3", "country_name", "frontier_models", "period_frontier_models", "share_pct"]]


def frontier_share_figure(
    data: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str = "frontier-share-by-country",
    source: str = DEFAULT_SOURCE,
    data_end: Any = None,
) -> go.Figure:
    """Grouped bars: per period (x, with its number of frontier models under it), the share
    of frontier models each country took part in; a period of few frontier models is faded.
    One trace per country, named by country name. `data_end` (the day the data end) hatches
    a period that runs into a partial last year."""
    require_columns(
        data,
        ["period", "iso3", "country_name", "frontier_models", "period_frontier_models", "share_pct"],
        "frontier_share_figure",
    )
    require_rows(data, "frontier_share_figure")
    periods = list(dict.fromkeys(data["period"]))
    totals = data.groupby("period", sort=False)["period_frontier_models"].first()
    # The bars' x: the periods' short labels (the tick text, with n, is set after `finish`).
    ticks = [_short_period(p) for p in periods]
    faint = share_opacity([totals[p] for p in periods])
    fig = go.Figure()
    for iso3 in dict.fromkeys(data["iso3"]):
        rows = data[data["iso3"] == iso3].set_index("period").reindex(periods)
        name = str(rows["country_name"].iloc[0])
        own = colour_for("country", iso3)
        fig.add_trace(
            go.Bar(
                x=ticks,
                y=rows["share_pct"].to_numpy(dtype=float),
                name=plotly_text(name),
                uid=uid(slug, name),
                marker=dict(color=own, opacity=faint),
                customdata=np.column_stack(
                    [
                        rows["frontier_models"].to_numpy(),
                        rows["period_frontier_models"].to_numpy(),
                        [fmt.fmt_pct(v) for v in rows["share_pct"]],
                        periods,
                    ]
                ).astype(object),
                hovertemplate=(
                    f"<b>{plotly_text(name)}</b>, %{{customdata[3]}}<br>%{{customdata[2]}} of frontier "
                    "models<br>%{customdata[0]} of %{customdata[1]}<extra></extra>"
                ),
                meta=dict(colour=own),
            )
        )
    fig.update_layout(barmode="group", bargap=0.2, bargroupgap=0.05, legend=dict(traceorder="normal"))
    fig.update_yaxes(range=[0, 100], ticksuffix="%", dtick=25, tickformat="d")
    fig.update_xaxes(type="category", showgrid=False, tickangle=0)
    partial, at = partial_year(data_end), None
    if partial is not None:
        at = next(
            (i for i, p in enumerate(periods) if _period_years(p)[0] <= partial.year <= _period_years(p)[1]),
            None,
        )
    if at is not None:
        partial = mark_partial_year(fig, data_end, bars=True, note="none", at=at, bar_x=ticks[at])
    if title is None:
        last = data[data["period"] == periods[-1]].sort_values("share_pct", ascending=False, kind="mergesort")
        lead = last.iloc[0]
        title = (
            f"{with_article(lead['country_name'], True)} took part in {fmt.fmt_pct(lead['share_pct'])} of "
            f"frontier models in {lead['period']}"
        )
    if subtitle is None:
        subtitle = (
            "Share of each period's frontier models (top 10 by training compute at release) "
            "with an author in the country; n: frontier models in the period"
        )
    finish(fig, slug=slug, title=title, subtitle=subtitle, source=source)
    return set_share_ticks(
        fig,
        ticks,
        ticks,
        [totals[p] for p in periods],
        partial=partial if at is not None else None,
        partial_at=ticks[at] if at is not None else None,
    )


def _period_years(period: str) -> tuple[int, int]:
    """ "2020–2025" -> (2020, 2025); a single year "2026" -> (2026, 2026)."""
    start, _, end = str(period).partition("–")
    return int(start), int(end or start)


def _short_period(period: str) -> str:
    """ "2000–2009" -> "2000–09" (a tick label that fits a phone)."""
    start, _, end = period.partition("–")
    return f"{start}–{end[-2:]}" if end[:2] == start[:2] and len(end) == 4 else period


# -- Organisation types by country -------------------------------------------------------------

UNKNOWN_TYPE = "Type unknown"
ORG_TYPE_ORDER = (
    "Industry",
    "Industry–academia",
    "Academia",
    "Research collective",
    "Government",
    "Other collaboration",
    UNKNOWN_TYPE,
)
"""Organisation types in the order a stacked bar shows them (industry first)."""


def organisation_types_data(
    model_countries: pd.DataFrame, models: pd.DataFrame, top: int = 8, since: int | None = None
) -> pd.DataFrame:
    """For the `top` countries by models (all-countries credit, from year `since`), the number
    and share of their models by organisation type (Epoch's categories of all the model's
    organisations: "Industry–academia" when both kinds took part).

    Columns: iso3, country_name, organization_type, n, n_country, share_pct.
    """
    require_columns(model_countries, ["model_key", "iso3", "country_name", "year"], "organisation_types_data")
    require_columns(models, ["model_key", "organization_type"], "organisation_types_data")
    rows = model_countries[model_countries["iso3"].notna()].drop_duplicates(["model_key", "iso3"])
    if since is not None:
        rows = rows[rows["year"] >= since]
    types = models.drop_duplicates("model_key").set_index("model_key")["organization_type"]
    rows = rows.assign(
        organization_type=rows["model_key"].map(types).astype(object).where(lambda s: s.notna(), UNKNOWN_TYPE)
    )
    unknown = sorted(set(rows["organization_type"]) - set(ORG_TYPE_ORDER))
    if unknown:
        raise ValueError(f"organisation types without a place in the chart: {unknown}")
    counts = rows.groupby(["iso3", "country_name"])["model_key"].count().reset_index()
    counts = counts.sort_values(["model_key", "iso3"], ascending=[False, True], kind="mergesort").head(top)
    chosen = counts["iso3"].tolist()
    per = rows[rows["iso3"].isin(chosen)].groupby(["iso3", "organization_type"])["model_key"].count()
    grid = pd.MultiIndex.from_product([chosen, list(ORG_TYPE_ORDER)], names=["iso3", "organization_type"])
    out = per.reindex(grid, fill_value=0).rename("n").reset_index()
    out["n"] = out["n"].astype(int)
    out.insert(1, "country_name", out["iso3"].map(counts.set_index("iso3")["country_name"]))
    out["n_country"] = out["iso3"].map(counts.set_index("iso3")["model_key"]).astype(int)
    out["share_pct"] = 100.0 * out["n"] / out["n_country"]
    return out


def organisation_types_figure(
    data: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str = "organisation-types-by-country",
    source: str = DEFAULT_SOURCE,
) -> go.Figure:
    """Horizontal 100% stacked bars, one per country (most models on top), one trace per
    organisation type named by the type ("Industry", "Academia", ...). Types no shown country
    has are left out."""
    require_columns(
        data,
        ["iso3", "country_name", "organization_type", "n", "n_country", "share_pct"],
        "organisation_types_figure",
    )
    require_rows(data, "organisation_types_figure")
    countries = data.drop_duplicates("iso3")
    labels = {
        r.iso3: f"{plotly_text(r.country_name)} ({fmt.fmt_count(r.n_country)})"
        for r in countries.itertuples()
    }
    order = [labels[i] for i in countries["iso3"]]
    fig = go.Figure()
    for kind in ORG_TYPE_ORDER:
        rows = data[data["organization_type"] == kind]
        if rows.empty or rows["n"].sum() == 0:
            continue
        colour = colour_for("organization_type", kind)
        fig.add_trace(
            go.Bar(
                x=rows["share_pct"].to_numpy(dtype=float),
                y=[labels[i] for i in rows["iso3"]],
                orientation="h",
                name=kind,
                uid=uid(slug, kind),
                marker=dict(color=colour, opacity=share_opacity(rows["n_country"].tolist())),
                customdata=np.column_stack(
                    [
                        rows["n"].to_numpy(),
                        rows["n_country"].to_numpy(),
                        [fmt.fmt_pct(v) for v in rows["share_pct"]],
                        rows["country_name"].map(plotly_text).to_numpy(),
                    ]
                ).astype(object),
                hovertemplate=(
                    f"<b>%{{customdata[3]}}</b><br>{kind}: %{{customdata[2]}}"
                    "<br>%{customdata[0]:,} of %{customdata[1]:,} models<extra></extra>"
                ),
                meta=dict(colour=colour),
            )
        )
    fig.update_layout(barmode="stack", bargap=0.25, legend=dict(traceorder="normal"))
    fig.update_xaxes(range=[0, 100], ticksuffix="%", dtick=25, tickformat="d")
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=list(reversed(order)), showgrid=False, ticks=""
    )
    if title is None:
        industry = data[data["organization_type"] == "Industry"].set_index("iso3")["share_pct"]
        high, low = industry.idxmax(), industry.idxmin()
        name = countries.set_index("iso3")["country_name"]
        title = (
            f"Industry built {fmt.fmt_pct(industry[high])} of {possessive(with_article(name[high]))} models, "
            f"{fmt.fmt_pct(industry[low])} of {possessive(with_article(name[low]))}"
        )
    if subtitle is None:
        subtitle = (
            "Share of each country's models by the type of the developers' organisations; "
            "models per country in brackets"
        )
    return finish(fig, slug=slug, title=title, subtitle=subtitle, source=source)


# -- Training compute by country ---------------------------------------------------------------


def compute_by_country_data(
    model_countries: pd.DataFrame, min_n: int = 10, since: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """Median and interquartile range of training compute per country with at least `min_n`
    models with an estimate (all-countries credit; see `aigrowth.geography.compute_by_country`),
    highest median first."""
    from aigrowth import geography as geo

    require_columns(
        model_countries,
        ["model_key", "iso3", "country_name", "year", "compute_flop"],
        "compute_by_country_data",
    )
    out = geo.compute_by_country(model_countries, min_n=min_n, start=since, end=end)
    if out.empty:
        raise ValueError(f"compute_by_country_data: no country has {min_n} models with compute")
    return out


def compute_by_country_figure(
    data: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str = "compute-by-country",
    source: str = DEFAULT_SOURCE,
) -> go.Figure:
    """Per country (rows, highest median on top): a bar over the middle half of its models'
    training compute, a dot at the median and the number of models right of the bar, on a log
    axis. Traces: "Middle half of models", "Median" and "n" (the counts, as text)."""
    require_columns(
        data,
        ["iso3", "country_name", "n", "median_flop", "q25_flop", "q75_flop"],
        "compute_by_country_figure",
    )
    require_rows(data, "compute_by_country_figure")
    rows = data.reset_index(drop=True)
    labels = rows["country_name"].map(plotly_text).tolist()
    xs, ys = [], []
    for label, r in zip(labels, rows.itertuples(), strict=False):
        xs += [float(r.q25_flop), float(r.q75_flop), None]
        ys += [label, label, None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            name="Middle half of models",
            uid=uid(slug, "Middle half of models"),
            line=dict(color=GREY_CONTEXT, width=9),
            hoverinfo="skip",
            meta=dict(colour=GREY_CONTEXT),
        )
    )
    # One measure per row, named by the axis: ink, since a hue would name a country.
    fig.add_trace(
        go.Scatter(
            x=rows["median_flop"].to_numpy(dtype=float),
            y=labels,
            mode="markers",
            name="Median",
            uid=uid(slug, "Median"),
            marker=dict(color=INK, size=10, line=dict(color="white", width=1)),
            customdata=np.column_stack(
                [
                    labels,
                    [fmt.fmt_flop(v) for v in rows["median_flop"]],
                    [fmt.fmt_flop(v) for v in rows["q25_flop"]],
                    [fmt.fmt_flop(v) for v in rows["q75_flop"]],
                    [fmt.fmt_count(v) for v in rows["n"]],
                ]
            ).astype(object),
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>median %{customdata[1]}<br>middle half "
                "%{customdata[2]} to %{customdata[3]}<br>%{customdata[4]} models<extra></extra>"
            ),
            meta=dict(colour=INK),
        )
    )
    # The number of models behind each row, written just right of its bar.
    fig.add_trace(
        go.Scatter(
            x=rows["q75_flop"].to_numpy(dtype=float),
            y=labels,
            mode="text",
            name="n",
            uid=uid(slug, "n"),
            text=[f"n = {fmt.fmt_count(v)}" for v in rows["n"]],
            textposition="middle right",
            textfont=dict(size=11, color="#4D4D4D"),
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
            meta=dict(colour="#4D4D4D"),
        )
    )
    lo, hi = float(rows["q25_flop"].min()), float(rows["q75_flop"].max())
    set_log_axis(fig, lo, hi * 10, axis="xaxis", max_ticks=5)
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=list(reversed(labels)), showgrid=False, ticks=""
    )
    fig.update_layout(showlegend=True, legend=dict(traceorder="normal"))
    if title is None:
        first, last = rows.iloc[0], rows.iloc[-1]
        ratio = first["median_flop"] / last["median_flop"]
        title = (
            f"The typical model from {with_article(first['country_name'])} used "
            f"{fmt.fmt_number(ratio)} times the compute of one from {with_article(last['country_name'])}"
        )
    if subtitle is None:
        subtitle = "Training compute of models with an estimate, FLOP, log scale: median and middle half"
    finish(fig, slug=slug, title=title, subtitle=subtitle, source=source)
    return fit_source_and_rows(fig, rows_px=90)


# -- Research output against model output -------------------------------------------------------


def research_vs_models_data(
    model_countries: pd.DataFrame, pub_share: pd.DataFrame, start: int = 2019, end: int = 2025
) -> pd.DataFrame:
    """For each economy OECD covers (the EU27 aggregate left out: it overlaps its members), its
    mean share of world AI publications over [start, end] and its share of the period's models
    (all-countries credit, over models with a known country).

    Columns: iso3, country_name, pub_share_pct, models, period_models, model_share_pct,
    pub_years (years of OECD data averaged).
    """
    require_columns(model_countries, ["model_key", "iso3", "country_name", "year"], "research_vs_models_data")
    require_columns(pub_share, ["iso3", "country_name", "year", "share_pct"], "research_vs_models_data")
    shares = pub_share[pub_share["year"].between(start, end) & (pub_share["iso3"] != "EU27")]
    if shares.empty:
        raise ValueError(f"research_vs_models_data: no OECD shares in {start}–{end}")
    pubs = (
        shares.groupby(["iso3", "country_name"])
        .agg(pub_share_pct=("share_pct", "mean"), pub_years=("year", "nunique"))
        .reset_index()
    )
    window = model_countries[model_countries["year"].between(start, end) & model_countries["iso3"].notna()]
    total = window["model_key"].nunique()
    models = window.groupby("iso3")["model_key"].nunique()
    pubs["models"] = pubs["iso3"].map(models).fillna(0).astype(int)
    pubs["period_models"] = total
    pubs["model_share_pct"] = 100.0 * pubs["models"] / total if total else np.nan
    out = pubs[
        ["iso3", "country_name", "pub_share_pct", "models", "period_models", "model_share_pct", "pub_years"]
    ]
    return out.sort_values(["pub_share_pct", "iso3"], ascending=[False, True], kind="mergesort").reset_index(
        drop=True
    )


PUBLICATIONS = "Share of world AI publications"
MODEL_SHARE = "Share of models"


def research_vs_models_figure(
    data: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str = "research-vs-models",
    source: str = DEFAULT_SOURCE,
) -> go.Figure:
    """A dumbbell per economy: its share of world AI publications and its share of models,
    joined by a grey line. Traces: "Share of world AI publications", "Share of models" (and an
    unnamed-in-legend connector, "gap")."""
    require_columns(
        data,
        ["iso3", "country_name", "pub_share_pct", "model_share_pct", "models"],
        "research_vs_models_figure",
    )
    require_rows(data, "research_vs_models_figure")
    rows = data.reset_index(drop=True)
    names = rows["country_name"].map(plotly_text).tolist()
    xs, ys = [], []
    for name, r in zip(names, rows.itertuples(), strict=False):
        xs += [float(r.pub_share_pct), float(r.model_share_pct), None]
        ys += [name, name, None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            name="gap",
            uid=uid(slug, "gap"),
            line=dict(color="#BBBBBB", width=2),
            hoverinfo="skip",
            showlegend=False,
            meta=dict(colour="#BBBBBB"),
        )
    )
    for name, column, colour, symbol in (
        # Two measures of one country, not categories: ink and grey, told apart by shape too.
        (PUBLICATIONS, "pub_share_pct", GREY_OTHER, "diamond"),
        (MODEL_SHARE, "model_share_pct", INK, "circle"),
    ):
        fig.add_trace(
            go.Scatter(
                x=rows[column].to_numpy(dtype=float),
                y=names,
                mode="markers",
                name=name,
                uid=uid(slug, name),
                marker=dict(color=colour, size=11, symbol=symbol, line=dict(color="white", width=1)),
                customdata=np.column_stack(
                    [[fmt.fmt_pct(v) for v in rows[column]], [fmt.fmt_count(v) for v in rows["models"]]]
                ).astype(object),
                hovertemplate=(
                    f"<b>%{{y}}</b><br>{name}: %{{customdata[0]}}"
                    + ("<br>%{customdata[1]} models" if column == "model_share_pct" else "")
                    + "<extra></extra>"
                ),
                meta=dict(colour=colour),
            )
        )
    top = float(np.nanmax(rows[["pub_share_pct", "model_share_pct"]].to_numpy(dtype=float)))
    fig.update_xaxes(range=[0, top * 1.08], ticksuffix="%", tickformat="d", rangemode="tozero")
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=list(reversed(names)), showgrid=False, ticks=""
    )
    fig.update_layout(legend=dict(traceorder="normal"))
    if title is None:
        gap = rows["model_share_pct"] - rows["pub_share_pct"]
        over, under = rows.loc[gap.idxmax()], rows.loc[gap.idxmin()]
        title = (
            f"{with_article(over['country_name'], True)} builds a larger share of models than it publishes; "
            f"{with_article(under['country_name'])} the reverse"
        )
        if gap.max() <= 0 or gap.min() >= 0:
            title = f"{possessive(with_article(over['country_name'], True))} share of models is closest to its share of papers"
    if subtitle is None:
        subtitle = (
            "Share of world AI publications (OECD, mean of years) against share of models "
            "with an author in the country"
        )
    finish(fig, slug=slug, title=title, subtitle=subtitle, source=source)
    return fit_source_and_rows(fig)


# -- Export controls ---------------------------------------------------------------------------

IMPOSED = "Controls it imposed"
TARGETED = "Controls imposed on it"


def export_controls_data(panel: pd.DataFrame, top: int = 14) -> pd.DataFrame:
    """The `top` countries by models in a policy panel (`aigrowth.geography.country_policy_panel`)
    with the export controls each imposed and was targeted by (cumulative counts of Global
    Trade Alert interventions).

    Columns: iso3, country_name, models, large_scale_models, imposed_cum, targeted_cum.
    """
    require_columns(
        panel,
        ["iso3", "country_name", "models", "large_scale_models", "imposed_cum", "targeted_cum"],
        "export_controls_data",
    )
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    rows = panel.sort_values(["models", "iso3"], ascending=[False, True], kind="mergesort").head(top)
    out = rows[["iso3", "country_name", "models", "large_scale_models", "imposed_cum", "targeted_cum"]].copy()
    for column in ("models", "large_scale_models", "imposed_cum", "targeted_cum"):
        out[column] = out[column].fillna(0).astype(int)
    return out.reset_index(drop=True)


def export_controls_figure(
    data: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    slug: str = "export-controls-by-country",
    source: str = DEFAULT_SOURCE,
) -> go.Figure:
    """Paired horizontal bars per country (most models on top, models in brackets): controls
    the country imposed and controls imposed on it. Traces: "Controls it imposed", "Controls
    imposed on it" (drawn in that order: the second trace is the top bar of each pair)."""
    require_columns(
        data, ["iso3", "country_name", "models", "imposed_cum", "targeted_cum"], "export_controls_figure"
    )
    require_rows(data, "export_controls_figure")
    rows = data.reset_index(drop=True)
    labels = [f"{plotly_text(r.country_name)} ({fmt.fmt_count(r.models)})" for r in rows.itertuples()]
    fig = go.Figure()
    # Horizontal groups stack their first trace at the bottom: draw "imposed on it" first so
    # "imposed" sits on top, and list the legend in reverse to match.
    # Two measures, not categories: ink for the controls a country imposed, grey for those on it.
    for name, column, colour in ((TARGETED, "targeted_cum", GREY_OTHER), (IMPOSED, "imposed_cum", INK)):
        fig.add_trace(
            go.Bar(
                x=rows[column].to_numpy(dtype=float),
                y=labels,
                orientation="h",
                name=name,
                uid=uid(slug, name),
                marker=dict(color=colour),
                customdata=np.column_stack(
                    [
                        rows["country_name"].map(plotly_text).to_numpy(),
                        [fmt.fmt_count(v) for v in rows[column]],
                    ]
                ).astype(object),
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>{name}: %{{customdata[1]}}<extra></extra>",
                meta=dict(colour=colour),
            )
        )
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.0, legend=dict(traceorder="reversed"))
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=list(reversed(labels)), showgrid=False, ticks=""
    )
    fig.update_xaxes(tickformat=",d", rangemode="tozero")
    if title is None:
        imposer = rows.loc[rows["imposed_cum"].idxmax()]
        target = rows.loc[rows["targeted_cum"].idxmax()]
        title = (
            f"{with_article(imposer['country_name'], True)} imposed the most chip export controls, "
            f"{with_article(target['country_name'])} was the most frequent target"
        )
    if subtitle is None:
        subtitle = (
            "Semiconductor export controls by country, cumulative count of interventions; models in brackets"
        )
    finish(fig, slug=slug, title=title, subtitle=subtitle, source=source)
    return fit_source_and_rows(fig, rows_px=120)
