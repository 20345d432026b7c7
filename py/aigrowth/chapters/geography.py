"""The geography chapter (report/geography.qmd): where models are built, where the large and the
frontier models cluster, and how model output lines up with research output and semiconductor
export controls.

Every function picks a subset and wires the analysis (`aigrowth.geography`) to a figure or
table builder; `facts()` turns the results into the words and numbers the prose states, so a
data refresh rewrites them. Unless a function says otherwise a model counts once for every
country of its authors' organisations (all-countries credit, as Our World in Data counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from great_tables import GT

from .. import findings, fmt
from .. import geography as geo
from ..constants import FRONTIER_TOP_N, LARGE_SCALE_THRESHOLD_FLOP, LEVEL
from ..countries import mapper
from ..figures import geography as figs
from ..style import combine_sources
from ..style import partial_year as style_partial_year
from ..tables import style_table
from .common import claims, credit, data_end, dataset, numbers, table
from .facts import Facts

# What the chapter shows. Each choice is a reading aid, not a finding: the counts behind every
# chart are in its download.
TOP_BARS = 15  # countries in the ranked bar chart
TOP_LINES = 6  # countries drawn in the large-scale race
TOP_PER_PERIOD = 5  # countries per period in the table
TOP_FRONTIER = 4  # countries in the frontier-share chart
TOP_ORG = 8  # countries in the organisation-type chart
TOP_CONTROLS = 14  # countries in the export-controls chart
COMPUTE_SINCE = (
    2020  # compute distributions: models of recent years only, so countries compare like with like
)
COMPUTE_MIN_N = 10  # ... and only countries with this many models with a compute estimate
POLICY_START, POLICY_END = findings.POLICY_START, findings.POLICY_END
LEADERS = findings.LEADERS
EUROPE = findings.EUROPE


def _slug(name: str) -> str:
    return f"geography-{name}"


def _name(iso3: str) -> str:
    """Display name of a country code, the same the model data use."""
    names = dataset().model_countries.dropna(subset=["iso3"]).drop_duplicates("iso3")
    known = names.set_index("iso3")["country_name"]
    return str(known[iso3]) if iso3 in known.index else mapper().name(iso3)


# -- Models per country -------------------------------------------------------------------------


def models_by_country() -> tuple[go.Figure, pd.DataFrame]:
    """The countries with most models, ranked (all-countries credit). Trace names: country names."""
    data = figs.models_per_country_data(dataset().model_countries, top=TOP_BARS)
    fig = figs.models_per_country_figure(data, slug=_slug("models-per-country"))
    return fig, data


def credit_comparison(top: int = TOP_BARS) -> pd.DataFrame:
    """Models per country under both credit rules: all countries of the authors (`all_credit`)
    and the first listed country only (`primary_credit`), with each rule's rank."""
    ds = dataset()
    every = geo.models_per_country(ds.model_countries)[["iso3", "country_name", "models"]]
    first = geo.models_per_primary_country(ds.models)[["iso3", "models"]]
    out = every.rename(columns={"models": "all_credit"}).merge(
        first.rename(columns={"models": "primary_credit"}), on="iso3", how="left"
    )
    out["primary_credit"] = out["primary_credit"].fillna(0).astype(int)
    out["rank_all"] = out["all_credit"].rank(method="min", ascending=False).astype(int)
    out["rank_primary"] = out["primary_credit"].rank(method="min", ascending=False).astype(int)
    return out.head(top)


def rank_changes(table: pd.DataFrame, top: int = 5) -> fmt.Markdown:
    """Words for how the top `top` ranks change from all-countries to primary-country credit."""
    top_all = table.sort_values("rank_all", kind="mergesort").head(top)
    moved = top_all[top_all["rank_all"] != top_all["rank_primary"]]
    if moved.empty:
        return fmt.markdown("the order of the top {} stays the same", fmt.fmt_count(top))
    parts = [
        fmt.markdown(
            "{} moves from {} to {}",
            fmt.with_article(fmt.fmt_text(r.country_name)),
            fmt.ordinal(r.rank_all),
            fmt.ordinal(r.rank_primary),
        )
        for r in moved.itertuples()
    ]
    return fmt.fmt_series(parts)


# -- Large-scale models over time -----------------------------------------------------------------


def large_scale_by_country() -> tuple[go.Figure, pd.DataFrame]:
    """Cumulative large-scale models (over 10²³ FLOP) of the leading countries, one line each,
    labelled at its end. Trace names: country names."""
    data = figs.country_counts_over_time_data(dataset().model_countries, "large_scale", top=TOP_LINES)
    fig = figs.country_counts_over_time_figure(
        data, "large_scale", slug=_slug("large-scale-by-country"), data_end=data_end()
    )
    return fig, data


def partial_year() -> int | None:
    """The last year in the data if it is not complete (the data end before 31 December of
    it, as the charts mark it), else None."""
    part = style_partial_year(data_end())
    return part.year if part is not None else None


def owid_comparison() -> pd.DataFrame:
    """Our cumulative large-scale counts against Our World in Data's export, every country and
    year either covers, plus the world total (iso3 "ALL")."""
    ds = dataset()
    return geo.compare_with_owid(ds.model_countries, ds.owid_large_scale, ds.models)


# -- Top countries over time ----------------------------------------------------------------------


def top_periods_frame() -> pd.DataFrame:
    """The leading countries of each period (all-countries credit)."""
    return geo.top_countries_by_period(dataset().model_countries, n=TOP_PER_PERIOD)


def top_periods_table() -> GT:
    """One column per period, one row per place: rank, country, models and share of the
    period's models (tied countries share a rank, and a period lists every country tied with
    its fifth)."""
    top = top_periods_frame()
    periods = list(dict.fromkeys(top["period"]))
    totals = top.groupby("period", sort=False)["period_models"].first()
    places = int(top.groupby("period", sort=False).size().max())
    wide = pd.DataFrame(index=range(places))
    labels: dict[str, Any] = {}
    for i, period in enumerate(periods):
        rows = top[top["period"] == period].reset_index(drop=True)
        cells = [
            f"{int(r['rank'])}. {r['country_name']}: {fmt.fmt_count(r['models'])} "
            f"({fmt.fmt_pct(100 * r['share'])})"
            for _, r in rows.iterrows()
        ]
        column = f"p{i}"
        wide[column] = cells + [fmt.MISSING] * (places - len(cells))
        labels[column] = f"{period} ({fmt.plural(totals[period], 'model')})"
    gt = GT(wide.reset_index(drop=True), id="tbl-geography-top-periods").cols_label(**labels)
    return style_table(
        gt,
        source_note=(
            f"{credit('epoch')}. Rank, then the models with an author in the country and the share of "
            "the period's models with a known country; a model counts for each of its countries, so "
            "shares add up to more than 100%. Tied countries share a rank; a period lists every country "
            "tied with its fifth."
        ),
    )


# -- Frontier, organisation types, compute -------------------------------------------------------


def frontier_share() -> tuple[go.Figure, pd.DataFrame]:
    """Share of each period's frontier models (top 10 at release) per leading country."""
    data = figs.frontier_share_data(dataset().model_countries, "frontier_top10", top=TOP_FRONTIER)
    fig = figs.frontier_share_figure(data, slug=_slug("frontier-share"), data_end=data_end())
    return fig, data


def organisation_types() -> tuple[go.Figure, pd.DataFrame]:
    """Industry, academia and collaborations among the leading countries' models."""
    ds = dataset()
    data = figs.organisation_types_data(ds.model_countries, ds.models, top=TOP_ORG)
    fig = figs.organisation_types_figure(data, slug=_slug("organisation-types"))
    return fig, data


def compute_by_country() -> tuple[go.Figure, pd.DataFrame]:
    """Median and middle half of training compute per country, models since COMPUTE_SINCE."""
    data = figs.compute_by_country_data(dataset().model_countries, min_n=COMPUTE_MIN_N, since=COMPUTE_SINCE)
    fig = figs.compute_by_country_figure(
        data,
        slug=_slug("compute-by-country"),
        title=compute_title(data),
        subtitle=(
            f"Training compute of models published since {COMPUTE_SINCE} with an estimate, "
            "FLOP, log scale: median (dot) and middle half (bar)"
        ),
    )
    return fig, data


def compute_title(data: pd.DataFrame, a: str = "CHN", b: str = "USA") -> str:
    """The compute chart's finding: how the median model of country `a` compares with `b`'s,
    as a ratio (no judging word: the medians have no interval here)."""
    rows = data.set_index("iso3")
    ratio = float(rows.loc[a, "median_flop"] / rows.loc[b, "median_flop"])
    name_a, name_b = (
        fmt.possessive(fmt.with_article(_name(a), True)),
        fmt.possessive(fmt.with_article(_name(b))),
    )
    return (
        f"Since {COMPUTE_SINCE}, {name_a} median model used {fmt.fmt_number(ratio)} times the compute "
        f"of {name_b}"
    )


# -- Research output and export controls ---------------------------------------------------------


def research_vs_models() -> tuple[go.Figure, pd.DataFrame]:
    """Each OECD economy's share of world AI publications against its share of models."""
    ds = dataset()
    data = figs.research_vs_models_data(ds.model_countries, ds.pub_share, POLICY_START, POLICY_END)
    fig = figs.research_vs_models_figure(
        data,
        slug=_slug("research-vs-models"),
        subtitle=(
            f"Mean share of world AI publications, {POLICY_START}–{POLICY_END} (OECD), and share "
            "of models with an author in the country; a model counts for each of its countries"
        ),
        source=combine_sources(credit("oecd"), credit("epoch")),
    )
    return fig, data


def policy_panel() -> pd.DataFrame:
    """One row per country: models and large-scale models POLICY_START–POLICY_END, restrictive
    controls in force imposed and targeted by POLICY_END, mean publication share (NA outside
    OECD's list); the shared results' table (`aigrowth.findings.policy_panel`)."""
    panel = table("policy_panel")
    panel["country_name"] = [
        n if isinstance(n, str) else mapper().name(i)
        for i, n in zip(panel["iso3"], panel["country_name"], strict=False)
    ]
    return panel


def export_controls() -> tuple[go.Figure, pd.DataFrame]:
    """Controls each leading model-building country imposed, and controls imposed on it."""
    data = figs.export_controls_data(policy_panel(), top=TOP_CONTROLS)
    fig = figs.export_controls_figure(
        data,
        slug=_slug("export-controls"),
        subtitle=(
            f"Restrictive semiconductor export controls in force to {POLICY_END} (GTA Red or Amber, "
            f"implemented, not removed), cumulative; models {POLICY_START}–{POLICY_END} in brackets"
        ),
        source=combine_sources(credit("gta"), credit("epoch")),
    )
    return fig, data


_LABELS = {
    "models": "Models",
    "large_scale_models": "Large-scale models",
    "pub_share_pct": "share of AI publications",
    "imposed_cum": "restrictive controls it imposed",
    "targeted_cum": "restrictive controls imposed on it",
}
_GROUPS = {
    "oecd": "Economies OECD reports",
    "all": "Every country in the data",
    "builders": "Countries with at least one model",
}


def policy_frame() -> pd.DataFrame:
    """Spearman rank correlations across countries with bootstrap intervals, one row per
    (pair, country group); the shared results' table (`aigrowth.findings.policy_correlations`)."""
    return table("policy_correlations")


def correlation(key: str) -> dict[str, Any]:
    frame = policy_frame().set_index("key")
    return frame.loc[key].to_dict()


def fmt_rho(x: float) -> fmt.Markdown:
    """A correlation to two decimals with a typographic minus: −0.33, 0.55, 0.00."""
    value = round(float(x), 2)
    if value == 0:
        return fmt.Markdown("0.00")
    return fmt.Markdown(f"{fmt.MINUS if value < 0 else ''}{abs(value):.2f}")


def rho_text(key: str) -> fmt.Markdown:
    """ "0.55 (95% CI 0.41 to 0.69; n = 234 countries)"."""
    c = correlation(key)
    return fmt.markdown(
        "{} ({} CI {} to {}; n = {})",
        fmt_rho(c["rho"]),
        fmt.fmt_pct(100 * c["level"]),
        fmt_rho(c["low"]),
        fmt_rho(c["high"]),
        fmt.plural(c["n"], "country", "countries"),
    )


def policy_table() -> GT:
    frame = policy_frame()
    shown = pd.DataFrame(
        {
            "Relationship": [
                f"{_LABELS[x]} and {_LABELS[y]}" for x, y in zip(frame["x"], frame["y"], strict=False)
            ],
            "Countries": [_GROUPS[g] for g in frame["group"]],
            "n": [fmt.fmt_count(v) for v in frame["n"]],
            "Spearman ρ": [fmt_rho(v) for v in frame["rho"]],
            f"{fmt.fmt_pct(100 * LEVEL)} interval": [
                f"{fmt_rho(lo)} to {fmt_rho(hi)}" for lo, hi in zip(frame["low"], frame["high"], strict=False)
            ],
            "p": [fmt.fmt_p(v) for v in frame["p"]],
        }
    )
    gt = GT(shown, id="tbl-geography-policy-correlations").cols_align(
        align="right", columns=["n", "Spearman ρ", f"{fmt.fmt_pct(100 * LEVEL)} interval", "p"]
    )
    n_boot = fmt.fmt_count(int(frame["n_boot"].iloc[0]))
    return style_table(
        gt,
        source_note=(
            f"{credit('epoch')}; {credit('gta')}; {credit('oecd')}. Models {POLICY_START}–{POLICY_END}; "
            f"controls to {POLICY_END}; publication share averaged {POLICY_START}–{POLICY_END}. "
            f"Percentile bootstrap intervals over countries ({n_boot} resamples)."
        ),
    )


# -- The words and numbers of the prose, one typed object per section ---------------------------

M = fmt.Markdown


def every_or_some(n_first: int, n_periods: int) -> fmt.Markdown:
    """ "in every period" when a country led all periods, else "in N of the M periods"."""
    if n_first == n_periods:
        return M("in every period")
    return fmt.markdown("in {} of the {} periods", fmt.fmt_count(n_first), fmt.fmt_count(n_periods))


def rho_claim(key: str) -> fmt.Markdown:
    """Whether a rank correlation's interval excludes zero: its claim, "x~y~group" keyed."""
    return claims()["rho-" + key.replace("~", "-").replace("_", "-")].md()


def _models_of(iso3: Sequence[str]) -> int:
    mc = dataset().model_countries
    return int(mc[mc["iso3"].isin(list(iso3))]["model_key"].nunique())


@dataclass(frozen=True)
class CountingFacts(Facts):
    """How models are credited to countries, and the ranking that follows (names read
    mid-sentence: "the United States")."""

    models_with_country: str
    models_without_country: str
    multi_country_models: str
    multi_country_pct: str
    country_credits: str
    first: str
    second: str
    third: str
    first_models: str
    second_models: str
    first_over_second: str
    second_over_third: str
    leaders_pct: str
    usa_china_joint: str
    europe_names: str
    europe_models: str
    europe_vs_china: str
    china_models: str
    hkg_models: str
    hkg_rank: str
    hkg_with_china: str
    hkg_also_china: str


@lru_cache(maxsize=1)
def counting_facts() -> CountingFacts:
    ds = dataset()
    mc, models = ds.model_countries, ds.models
    with_country = mc["model_key"].nunique()
    per_model = mc.groupby("model_key")["iso3"].nunique()
    counts = geo.models_per_country(mc)
    first, second, third = counts.iloc[0], counts.iloc[1], counts.iloc[2]
    both = mc[mc["iso3"].isin(LEADERS)].groupby("model_key")["iso3"].nunique()
    europe = counts.set_index("iso3").reindex(list(EUROPE))
    ranks = counts.reset_index(drop=True)
    hkg = ranks.index[ranks["iso3"] == "HKG"]
    china_n = int(counts.set_index("iso3").loc["CHN", "models"])
    chinese = mc[mc["iso3"].isin(["CHN", "HKG"])]
    return CountingFacts(
        models_with_country=fmt.fmt_count(with_country),
        models_without_country=fmt.fmt_count(len(models) - with_country),
        multi_country_models=fmt.fmt_count(int((per_model > 1).sum())),
        multi_country_pct=fmt.fmt_pct(100 * (per_model > 1).mean()),
        country_credits=fmt.fmt_count(int(counts["models"].sum())),
        first=fmt.with_article(first["country_name"]),
        second=fmt.with_article(second["country_name"]),
        third=fmt.with_article(third["country_name"]),
        first_models=fmt.fmt_count(first["models"]),
        second_models=fmt.fmt_count(second["models"]),
        first_over_second=fmt.fmt_number(first["models"] / second["models"]),
        second_over_third=fmt.fmt_number(second["models"] / third["models"]),
        leaders_pct=fmt.fmt_pct(100 * _models_of(LEADERS) / with_country),
        usa_china_joint=fmt.fmt_count(int((both == 2).sum())),
        europe_names=fmt.fmt_series([fmt.with_article(fmt.fmt_text(n)) for n in europe["country_name"]]),
        europe_models=fmt.fmt_count(_models_of(EUROPE)),
        europe_vs_china=fmt.more_or_fewer(_models_of(EUROPE), china_n),
        china_models=fmt.fmt_count(china_n),
        hkg_models=fmt.fmt_count(ranks.loc[hkg[0], "models"]) if len(hkg) else M("no"),
        hkg_rank=fmt.ordinal(hkg[0] + 1) if len(hkg) else M(fmt.MISSING),
        hkg_with_china=fmt.fmt_count(chinese["model_key"].nunique()),
        hkg_also_china=fmt.fmt_count(int((chinese.groupby("model_key")["iso3"].nunique() == 2).sum())),
    )


@dataclass(frozen=True)
class CreditFacts(Facts):
    """All-countries credit against first-country credit."""

    usa_all: str
    usa_primary: str
    chn_all: str
    chn_primary: str
    most_shared: str
    most_shared_all: str
    most_shared_primary: str
    rank_changes: str
    charted: str  # how many countries the comparison covers (the ranked chart's)


@lru_cache(maxsize=1)
def credit_facts() -> CreditFacts:
    table = credit_comparison()
    indexed = table.set_index("iso3")
    biggest = (1 - table["primary_credit"] / table["all_credit"]).idxmax()
    return CreditFacts(
        usa_all=fmt.fmt_count(indexed.loc["USA", "all_credit"]),
        usa_primary=fmt.fmt_count(indexed.loc["USA", "primary_credit"]),
        chn_all=fmt.fmt_count(indexed.loc["CHN", "all_credit"]),
        chn_primary=fmt.fmt_count(indexed.loc["CHN", "primary_credit"]),
        most_shared=fmt.with_article(table.loc[biggest, "country_name"]),
        most_shared_all=fmt.fmt_count(table.loc[biggest, "all_credit"]),
        most_shared_primary=fmt.fmt_count(table.loc[biggest, "primary_credit"]),
        rank_changes=rank_changes(table),
        charted=fmt.fmt_count(len(table)),
    )


@dataclass(frozen=True)
class LargeScaleFacts(Facts):
    """The large-scale race by country, and how its counts compare with Our World in Data's."""

    threshold: str
    first_year: str
    last_year: str
    total: str
    countries: str
    usa: str
    chn: str
    leaders_pct: str
    third: str
    third_n: str
    fourth: str
    fourth_n: str
    others_max: str
    partial_year: str
    partial_note: str
    complete_year: str
    complete_year_usa: str
    complete_year_chn: str
    owid_exact_pct: str
    owid_rows: str
    owid_worst_abs: str
    owid_worst_country: str
    owid_worst_year: str
    owid_worst_ours: str
    owid_worst_owid: str


@lru_cache(maxsize=1)
def large_scale_facts() -> LargeScaleFacts:
    ds = dataset()
    mc, models = ds.model_countries, ds.models
    cum = geo.cumulative_large_scale(mc)
    last_year = int(cum["year"].max())
    final = cum[cum["year"] == last_year].sort_values(["cumulative", "iso3"], ascending=[False, True])
    fin = final.set_index("iso3")["cumulative"]
    large = mc[mc["is_large_scale"].astype(bool)]
    rest = final[~final["iso3"].isin(LEADERS)]
    partial = partial_year()
    complete = (partial - 1) if partial else last_year
    chn_new, usa_new = claims().large_scale_china_vs_usa.evidence.counts or (0, 0)
    # Our World in Data's export: the largest country difference.
    comp = owid_comparison()
    countries = comp[comp["iso3"] != "ALL"]
    worst = countries.loc[countries["difference"].abs().idxmax()]
    return LargeScaleFacts(
        threshold=fmt.fmt_flop(LARGE_SCALE_THRESHOLD_FLOP),
        first_year=fmt.fmt_year(int(cum["year"].min())),
        last_year=fmt.fmt_year(last_year),
        total=fmt.fmt_count(int(models["is_large_scale"].astype("boolean").fillna(False).sum())),
        countries=fmt.fmt_count(final["iso3"].nunique()),
        usa=fmt.fmt_count(fin.get("USA", 0)),
        chn=fmt.fmt_count(fin.get("CHN", 0)),
        leaders_pct=fmt.fmt_pct(
            100
            * large[large["iso3"].isin(LEADERS)]["model_key"].nunique()
            / max(1, large["model_key"].nunique())
        ),
        third=fmt.with_article(rest.iloc[0]["country_name"]),
        third_n=fmt.fmt_count(rest.iloc[0]["cumulative"]),
        fourth=fmt.with_article(rest.iloc[1]["country_name"]),
        fourth_n=fmt.fmt_count(rest.iloc[1]["cumulative"]),
        others_max=fmt.fmt_count(rest.iloc[2]["cumulative"]) if len(rest) > 2 else fmt.fmt_count(0),
        partial_year=fmt.fmt_year(partial) if partial else M(""),
        # Data that end on 31 December leave no year partly covered, and no sentence about one.
        partial_note=(
            fmt.markdown(
                "The last year, {}, is only partly covered by the data (the shaded band).",
                fmt.fmt_year(partial),
            )
            if partial
            else M("")
        ),
        complete_year=fmt.fmt_year(complete),
        complete_year_usa=fmt.fmt_count(usa_new),
        complete_year_chn=fmt.fmt_count(chn_new),
        owid_exact_pct=fmt.fmt_pct(100 * (countries["difference"] == 0).mean()),
        owid_rows=fmt.fmt_count(len(countries)),
        owid_worst_abs=fmt.fmt_count(abs(int(worst["difference"]))),
        # Our World in Data's entity name, text from the data: escaped by `Facts`.
        owid_worst_country=fmt.with_article(worst["entity"]),
        owid_worst_year=fmt.fmt_year(int(worst["year"])),
        owid_worst_ours=fmt.fmt_count(worst["ours"]),
        owid_worst_owid=fmt.fmt_count(worst["owid"]),
    )


@dataclass(frozen=True)
class PeriodFacts(Facts):
    """The leading countries of each period."""

    leader_start: str  # the leader, as a sentence starts with it ("The United States")
    leader_when: str
    china_first_period: str
    china_first_rank: str
    last_period: str
    last_period_second_pct: str
    last_period_first_pct: str
    canada_first_period: str
    canada_first_rank: str
    canada_last_period: str
    canada_last_rank: str


@lru_cache(maxsize=1)
def period_facts() -> PeriodFacts:
    top = top_periods_frame()
    firsts = top[top["rank"] == 1]
    leader = firsts["country_name"].mode().iloc[0]
    last_period = top[top["period"] == top["period"].iloc[-1]]
    all_periods = geo.top_countries_by_period(dataset().model_countries, n=50)
    can = all_periods[all_periods["iso3"] == "CAN"].set_index("period")["rank"]
    periods = list(dict.fromkeys(top["period"]))
    chn = top[top["iso3"] == "CHN"]
    return PeriodFacts(
        leader_start=fmt.with_article(leader, True),
        leader_when=every_or_some(int((firsts["country_name"] == leader).sum()), len(firsts)),
        china_first_period=str(chn["period"].iloc[0]) if len(chn) else M("none"),
        china_first_rank=fmt.ordinal(chn["rank"].iloc[0]) if len(chn) else M(fmt.MISSING),
        last_period=str(last_period["period"].iloc[0]),
        last_period_second_pct=fmt.fmt_pct(100 * last_period.iloc[1]["share"]),
        last_period_first_pct=fmt.fmt_pct(100 * last_period.iloc[0]["share"]),
        canada_first_period=periods[0],
        canada_first_rank=fmt.ordinal(can[periods[0]]) if periods[0] in can.index else M("unranked"),
        canada_last_period=periods[-1],
        canada_last_rank=fmt.ordinal(can[periods[-1]]) if periods[-1] in can.index else M("unranked"),
    )


@dataclass(frozen=True)
class FrontierFacts(Facts):
    """Where the frontier models (top ten at release) cluster: the leaders' shares of the last
    period's frontier models against their shares of its other models (the evidence of claims
    `usa-frontier-share` and `china-frontier-share`)."""

    top_n: str
    total: str
    period: str
    period_n: str
    usa_pct: str
    usa_n: str
    usa_other_pct: str
    chn_pct: str
    chn_n: str
    chn_other_pct: str
    first_period: str
    first_period_n: str


@lru_cache(maxsize=1)
def frontier_facts() -> FrontierFacts:
    ds = dataset()
    front = figs.frontier_share_data(ds.model_countries, "frontier_top10", top=TOP_FRONTIER)
    c = claims()
    k_usa, n_front, k_usa_other, n_other = c.usa_frontier_share.evidence.counts or (0, 1, 0, 1)
    k_chn, _, k_chn_other, _ = c.china_frontier_share.evidence.counts or (0, 1, 0, 1)
    start, end = geo.DEFAULT_PERIODS[-1]
    return FrontierFacts(
        top_n=fmt.fmt_count(FRONTIER_TOP_N),
        total=fmt.fmt_count(int(ds.models["frontier_top10"].astype("boolean").fillna(False).sum())),
        period=fmt.markdown("{}–{}", fmt.fmt_year(start), fmt.fmt_year(end)),
        period_n=fmt.fmt_count(n_front),
        usa_pct=fmt.fmt_pct(100 * k_usa / n_front),
        usa_n=fmt.fmt_count(k_usa),
        usa_other_pct=fmt.fmt_pct(100 * k_usa_other / n_other),
        chn_pct=fmt.fmt_pct(100 * k_chn / n_front),
        chn_n=fmt.fmt_count(k_chn),
        chn_other_pct=fmt.fmt_pct(100 * k_chn_other / n_other),
        first_period=str(front["period"].iloc[0]),
        first_period_n=fmt.fmt_count(front["period_frontier_models"].iloc[0]),
    )


@dataclass(frozen=True)
class OrganisationFacts(Facts):
    """Who builds the leading countries' models: industry, academia or both."""

    industry_usa: str
    industry_chn: str
    academia_usa: str
    academia_chn: str
    joint_usa: str
    joint_chn: str
    most_industrial: str
    most_industrial_pct: str
    most_academic: str
    most_academic_pct: str


@lru_cache(maxsize=1)
def organisation_facts() -> OrganisationFacts:
    ds = dataset()
    org = figs.organisation_types_data(ds.model_countries, ds.models, top=TOP_ORG)
    org = org.set_index(["iso3", "organization_type"])
    industry = org.xs("Industry", level="organization_type")
    academia = org.xs("Academia", level="organization_type")

    def pct(iso3: str, kind: str) -> fmt.Markdown:
        return fmt.fmt_pct(org.loc[(iso3, kind), "share_pct"])

    return OrganisationFacts(
        industry_usa=pct("USA", "Industry"),
        industry_chn=pct("CHN", "Industry"),
        academia_usa=pct("USA", "Academia"),
        academia_chn=pct("CHN", "Academia"),
        joint_usa=pct("USA", "Industry–academia"),
        joint_chn=pct("CHN", "Industry–academia"),
        most_industrial=fmt.with_article(_name(industry["share_pct"].idxmax())),
        most_industrial_pct=fmt.fmt_pct(industry["share_pct"].max()),
        most_academic=fmt.with_article(_name(academia["share_pct"].idxmax())),
        most_academic_pct=fmt.fmt_pct(academia["share_pct"].max()),
    )


@dataclass(frozen=True)
class ComputeFacts(Facts):
    """The training compute of each country's models since `COMPUTE_SINCE`."""

    since: str
    min_n: str
    countries: str
    top: str
    top_n: str
    usa_median: str
    usa_n: str
    usa_q25: str
    usa_q75: str
    usa_iqr: str
    usa_max: str
    chn_median: str
    chn_n: str
    chn_max: str
    chn_over_usa: str


@lru_cache(maxsize=1)
def compute_facts() -> ComputeFacts:
    data = figs.compute_by_country_data(dataset().model_countries, min_n=COMPUTE_MIN_N, since=COMPUTE_SINCE)
    data = data.set_index("iso3")
    usa, chn = data.loc["USA"], data.loc["CHN"]
    return ComputeFacts(
        since=fmt.fmt_year(COMPUTE_SINCE),
        min_n=fmt.fmt_count(COMPUTE_MIN_N),
        countries=fmt.fmt_count(len(data)),
        top=fmt.with_article(_name(data.index[0])),
        top_n=fmt.fmt_count(data.iloc[0]["n"]),
        usa_median=fmt.fmt_flop(usa["median_flop"]),
        usa_n=fmt.fmt_count(usa["n"]),
        usa_q25=fmt.fmt_scientific(usa["q25_flop"]),
        usa_q75=fmt.fmt_scientific(usa["q75_flop"]),
        usa_iqr=fmt.fmt_number(usa["iqr_ooms"]),
        usa_max=fmt.fmt_flop(usa["max_flop"]),
        chn_median=fmt.fmt_flop(chn["median_flop"]),
        chn_n=fmt.fmt_count(chn["n"]),
        chn_max=fmt.fmt_flop(chn["max_flop"]),
        chn_over_usa=fmt.fmt_number(chn["median_flop"] / usa["median_flop"]),
    )


@dataclass(frozen=True)
class ResearchFacts(Facts):
    """Research output (OECD's share of world AI publications) against model output."""

    start: str
    end: str
    oecd_economies: str
    pub_eu: str
    pub_usa: str
    mod_usa: str
    pub_chn: str
    mod_chn: str
    china_ahead_since: str
    china_ahead_now: bool
    under: str
    under_pub: str
    under_mod: str
    under_n: str
    rho: str
    rho_includes_zero: str


@lru_cache(maxsize=1)
def research_facts() -> ResearchFacts:
    ds = dataset()
    research = figs.research_vs_models_data(ds.model_countries, ds.pub_share, POLICY_START, POLICY_END)
    research = research.set_index("iso3")
    under = (research["pub_share_pct"] - research["model_share_pct"]).idxmax()
    eu = ds.pub_share[
        (ds.pub_share["iso3"] == "EU27") & ds.pub_share["year"].between(POLICY_START, POLICY_END)
    ]
    shares = ds.pub_share[ds.pub_share["iso3"].isin(["USA", "CHN"])].pivot(
        index="year", columns="iso3", values="share_pct"
    )
    behind = shares[shares["CHN"] <= shares["USA"]].index
    key = "models~pub_share_pct~oecd"
    return ResearchFacts(
        start=fmt.fmt_year(POLICY_START),
        end=fmt.fmt_year(POLICY_END),
        oecd_economies=fmt.fmt_count(len(research)),
        pub_eu=fmt.fmt_pct(eu["share_pct"].mean()) if len(eu) else M(fmt.MISSING),
        pub_usa=fmt.fmt_pct(research.loc["USA", "pub_share_pct"]),
        mod_usa=fmt.fmt_pct(research.loc["USA", "model_share_pct"]),
        pub_chn=fmt.fmt_pct(research.loc["CHN", "pub_share_pct"]),
        mod_chn=fmt.fmt_pct(research.loc["CHN", "model_share_pct"]),
        china_ahead_since=fmt.fmt_year(int(behind.max()) + 1 if len(behind) else int(shares.index.min())),
        china_ahead_now=bool(shares["CHN"].iloc[-1] > shares["USA"].iloc[-1]),
        under=fmt.with_article(research.loc[under, "country_name"]),
        under_pub=fmt.fmt_pct(research.loc[under, "pub_share_pct"]),
        under_mod=fmt.fmt_pct(research.loc[under, "model_share_pct"]),
        under_n=fmt.plural(research.loc[under, "models"], "model"),
        rho=rho_text(key),
        rho_includes_zero=rho_claim(key),
    )


@dataclass(frozen=True)
class ControlsFacts(Facts):
    """Semiconductor export controls (Global Trade Alert): what the file holds, the restrictive
    measures in force the chapter counts, and how they line up with models."""

    start: str
    end: str
    entries: str
    first_date: str
    data_end: str
    counted: str
    liberalising: str
    not_implemented: str
    not_in_force: str
    thin_years: str
    thin_entries: str
    eu_wide: str
    imposed_usa: str
    imposed_chn: str
    imposed_deu: str
    deu_own: str
    targeted_chn: str
    most_targeted: str
    most_targeted_n: str
    on_china: str
    on_china_and_hkg: str
    removed: str
    panel_countries: str
    panel_no_models: str
    panel_no_imposed: str
    panel_builders: str
    rho_imposed_all: str
    rho_imposed_all_zero: str
    rho_imposed_builders: str
    rho_imposed_builders_includes_zero: str
    rho_targeted_builders: str
    rho_targeted_builders_zero: str


def _names(codes: Sequence[str]) -> fmt.Markdown:
    return fmt.fmt_series([fmt.with_article(fmt.fmt_text(_name(c))) for c in codes])


def removed_sentence(gta: pd.DataFrame, table: pd.DataFrame) -> fmt.Markdown:
    """What became of the entries GTA lists as removed, in a sentence that fits their number."""
    removed = gta[gta["date_removed"].notna()]
    if removed.empty:
        return fmt.Markdown("No entry of the file has been removed.")
    parts = []
    for idx, row in removed.iterrows():
        evaluation = table.loc[idx, "evaluation"]
        parts.append(
            fmt.markdown(
                "a measure by {} concerning chips for {}, dated {}, evaluated {} and removed in {}",
                _names(row["implementing_iso3"]),
                _names(row["affected_iso3"]),
                fmt.fmt_year(int(row["year"])),
                fmt.fmt_text(evaluation),
                fmt.fmt_year(pd.Timestamp(row["date_removed"])),
            )
        )
    count = fmt.Markdown("One entry") if len(removed) == 1 else fmt.plural(len(removed), "entry", "entries")
    return fmt.markdown(
        "{} of the file {} removed: {}.",
        count,
        fmt.Markdown("was" if len(removed) == 1 else "were"),
        fmt.fmt_series(parts),
    )


def _no_longer_in_force(k: int) -> fmt.Markdown:
    """A clause on the implemented restrictive measures that are no longer in force."""
    if k == 0:
        return M("every implemented restrictive measure is still in force")
    return fmt.markdown(
        "{} implemented restrictive {} no longer in force",
        fmt.fmt_count(k),
        M("measure is" if k == 1 else "measures are"),
    )


@lru_cache(maxsize=1)
def controls_facts() -> ControlsFacts:
    from ..controls import classify, coverage, data_end

    gta = dataset().gta
    table = classify(gta)
    counted = gta[table["counted"].to_numpy()]
    cov = coverage(gta)
    thin = cov[cov["year"] < THIN_BEFORE]
    eu_wide = counted["implementing_iso3"].map(len) >= 27
    deu_own = counted[counted["implementing_iso3"].map(lambda t: "DEU" in t) & ~eu_wide]
    on_china = counted[counted["affected_iso3"].map(lambda t: "CHN" in t)]
    panel = policy_panel().set_index("iso3")
    n = numbers()
    return ControlsFacts(
        start=fmt.fmt_year(POLICY_START),
        end=fmt.fmt_year(POLICY_END),
        entries=n.export_controls_entries.count(),
        first_date=fmt.fmt_date(
            gta["date"].min() if "date" in gta.columns else gta["date_implemented"].min()
        ),
        data_end=fmt.fmt_date(data_end(gta)),
        counted=n.export_controls_restrictive_total.count(),
        liberalising=n.export_controls_liberalising.count(),
        not_implemented=n.export_controls_not_implemented.count(),
        not_in_force=_no_longer_in_force(int(n.export_controls_not_in_force.value)),
        thin_years=fmt.markdown(
            "{}–{}", fmt.fmt_year(int(thin["year"].min())), fmt.fmt_year(int(thin["year"].max()))
        )
        if len(thin)
        else M(fmt.MISSING),
        thin_entries=fmt.fmt_series([fmt.fmt_count(v) for v in thin["entries"]])
        if len(thin)
        else M(fmt.MISSING),
        eu_wide=fmt.fmt_count(int(eu_wide.sum())),
        imposed_usa=fmt.fmt_count(panel.loc["USA", "imposed_cum"]),
        imposed_chn=fmt.fmt_count(panel.loc["CHN", "imposed_cum"]),
        imposed_deu=fmt.fmt_count(panel.loc["DEU", "imposed_cum"]),
        deu_own=M("none") if deu_own.empty else fmt.fmt_count(len(deu_own)),
        targeted_chn=fmt.fmt_count(panel.loc["CHN", "targeted_cum"]),
        most_targeted=fmt.with_article(_name(panel["targeted_cum"].idxmax())),
        most_targeted_n=fmt.fmt_count(panel["targeted_cum"].max()),
        on_china=fmt.fmt_count(len(on_china)),
        on_china_and_hkg=fmt.fmt_count(int(on_china["affected_iso3"].map(lambda t: "HKG" in t).sum())),
        removed=removed_sentence(gta, table),
        panel_countries=fmt.fmt_count(len(panel)),
        panel_no_models=fmt.fmt_count(int((panel["models"] == 0).sum())),
        panel_no_imposed=fmt.fmt_count(int((panel["imposed_cum"] == 0).sum())),
        panel_builders=fmt.fmt_count(int((panel["models"] > 0).sum())),
        rho_imposed_all=rho_text("models~imposed_cum~all"),
        rho_imposed_all_zero=rho_claim("models~imposed_cum~all"),
        rho_imposed_builders=rho_text("models~imposed_cum~builders"),
        rho_imposed_builders_includes_zero=rho_claim("models~imposed_cum~builders"),
        rho_targeted_builders=rho_text("models~targeted_cum~builders"),
        rho_targeted_builders_zero=rho_claim("models~targeted_cum~builders"),
    )


#: Before this year Global Trade Alert's file holds a few entries a year (the file starts in
#: 2019; the October 2022 US rules and their sequels fill the later years).
THIN_BEFORE = 2022


def highlights() -> list[fmt.Markdown]:
    """The chapter's "in short" sentences, each built from claims."""
    c, f, cs = claims(), counting_facts(), controls_facts()
    fr = frontier_facts()
    return [
        fmt.markdown(
            "Organisations in the United States or China took part in {} of the models with a known "
            "country ({}).",
            c.leaders_share.md(),
            f.leaders_pct,
        ),
        fmt.markdown(
            "The United States' share of the frontier models of {} ({}) is {} than its share of the "
            "other models ({}); China's ({}) is {} ({}).",
            fr.period,
            fr.usa_pct,
            c.usa_frontier_share.md(),
            fr.usa_other_pct,
            fr.chn_pct,
            c.china_frontier_share.md(),
            fr.chn_other_pct,
        ),
        fmt.markdown(
            "Of Global Trade Alert's {} semiconductor export-control entries, {}, {}, are restrictive "
            "measures in force on {}: the chapter counts those.",
            cs.entries,
            c.export_controls_counted.md(),
            cs.counted,
            cs.data_end,
        ),
        fmt.markdown(
            "Across countries that built a model, the rank correlation of models with restrictive controls "
            "imposed on a country {}: {}.",
            c.rho_models_targeted_cum_builders.md(),
            cs.rho_targeted_builders,
        ),
    ]


# -- The world map ----------------------------------------------------------------------------
MAP_SINCE = 2010  # the map's first year: the years before hold few models with a country


def world_map(subset: str = "all") -> tuple[go.Figure, pd.DataFrame]:
    """Models per country on a world map, with a slider through the years (the totals up to
    the end of each year). Large-scale models start at the first year one appeared."""
    from ..figures import geomap

    rows = dataset().model_countries
    since = MAP_SINCE
    if subset != "all":
        flag = geomap.FLAGS[subset]
        years = rows.loc[rows[flag].astype("boolean").fillna(False).astype(bool), "year"].dropna()
        since = max(MAP_SINCE, int(years.min()))
    data = geomap.map_counts_data(rows, subset, since=since)
    slug = _slug("map" if subset == "all" else f"map-{subset.replace('_', '-')}")
    return geomap.country_map_figure(data, subset, slug=slug, data_end=data_end()), data
