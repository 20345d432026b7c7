"""The geography chapter (report/geography.qmd): where models are built, where the large and the
frontier models cluster, and how model output lines up with research output and semiconductor
export controls.

Every function picks a subset and wires the analysis (`aigrowth.geography`) to a figure or
table builder; `facts()` turns the results into the words and numbers the prose states, so a
data refresh rewrites them. Unless a function says otherwise a model counts once for every
country of its authors' organisations (all-countries credit, as Our World in Data counts).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from great_tables import GT

from .. import fmt
from .. import geography as geo
from ..constants import FRONTIER_TOP_N, LARGE_SCALE_THRESHOLD_FLOP, LEVEL
from ..countries import mapper
from ..figures import geography as figs
from ..tables import style_table
from .common import credit, dataset

# What the chapter shows. Each choice is a reading aid, not a finding: the counts behind every
# chart are in its download.
TOP_BARS = 15  # countries in the ranked bar chart
TOP_LINES = 6  # countries drawn in the large-scale race
TOP_PER_PERIOD = 5  # countries per period in the table
TOP_FRONTIER = 4  # countries in the frontier-share chart
TOP_ORG = 8  # countries in the organisation-type chart
TOP_CONTROLS = 14  # countries in the export-controls chart
COMPUTE_SINCE = 2020  # compute distributions: models of recent years only, so countries compare like with like
COMPUTE_MIN_N = 10  # ... and only countries with this many models with a compute estimate
POLICY_START, POLICY_END = 2019, 2025  # GTA's controls start in 2019; OECD's data end in 2025
LEADERS = ("USA", "CHN")
EUROPE = ("GBR", "FRA", "DEU", "CHE")


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
        first.rename(columns={"models": "primary_credit"}), on="iso3", how="left")
    out["primary_credit"] = out["primary_credit"].fillna(0).astype(int)
    out["rank_all"] = out["all_credit"].rank(method="min", ascending=False).astype(int)
    out["rank_primary"] = out["primary_credit"].rank(method="min", ascending=False).astype(int)
    return out.head(top)


def rank_changes(table: pd.DataFrame, top: int = 5) -> str:
    """Words for how the top `top` ranks change from all-countries to primary-country credit."""
    top_all = table.sort_values("rank_all", kind="mergesort").head(top)
    moved = top_all[top_all["rank_all"] != top_all["rank_primary"]]
    if moved.empty:
        return f"the order of the top {fmt.fmt_count(top)} stays the same"
    parts = [f"{fmt.fmt_text(figs.the(r.country_name))} moves from {_ordinal(r.rank_all)} to {_ordinal(r.rank_primary)}"
             for r in moved.itertuples()]
    return _join(parts)


def _ordinal(n: int) -> str:
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _join(parts: list[str]) -> str:
    return fmt.fmt_series(parts)


# -- Large-scale models over time -----------------------------------------------------------------


def large_scale_by_country() -> tuple[go.Figure, pd.DataFrame]:
    """Cumulative large-scale models (over 10²³ FLOP) of the leading countries, one line each,
    labelled at its end. Trace names: country names."""
    data = figs.country_counts_over_time_data(dataset().model_countries, "large_scale", top=TOP_LINES)
    fig = figs.country_counts_over_time_figure(data, "large_scale", slug=_slug("large-scale-by-country"))
    return fig, data


def partial_year() -> int | None:
    """The last year in the data if it is not complete (the newest model is dated before
    December of it), else None."""
    dates = dataset().models["publication_date"].dropna()
    last = pd.Timestamp(dates.max())
    return int(last.year) if last.month < 12 else None


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
    """One column per period, one row per rank: country, models and share of the period's models."""
    top = top_periods_frame()
    periods = list(dict.fromkeys(top["period"]))
    totals = top.groupby("period", sort=False)["period_models"].first()
    wide = pd.DataFrame({"Rank": [fmt.fmt_count(r) for r in range(1, TOP_PER_PERIOD + 1)]})
    labels = {}
    for i, period in enumerate(periods):
        rows = top[top["period"] == period].set_index("rank")
        cells = []
        for rank in range(1, TOP_PER_PERIOD + 1):
            if rank in rows.index:
                r = rows.loc[rank]
                cells.append(f"{r['country_name']}: {fmt.fmt_count(r['models'])} "
                             f"({fmt.fmt_pct(100 * r['share'])})")
            else:
                cells.append(fmt.MISSING)
        column = f"p{i}"
        wide[column] = cells
        labels[column] = f"{period} ({fmt.plural(totals[period], 'model')})"
    gt = GT(wide, id="tbl-geography-top-periods").cols_label(**labels)
    return style_table(gt, source_note=(
        f"{credit('epoch')}. Models with an author in the country and the share of the period's "
        "models with a known country; a model counts for each of its countries, so shares add up "
        "to more than 100%."))


# -- Frontier, organisation types, compute -------------------------------------------------------


def frontier_share() -> tuple[go.Figure, pd.DataFrame]:
    """Share of each period's frontier models (top 10 at release) per leading country."""
    data = figs.frontier_share_data(dataset().model_countries, "frontier_top10", top=TOP_FRONTIER)
    fig = figs.frontier_share_figure(data, slug=_slug("frontier-share"))
    return fig, data


def organisation_types() -> tuple[go.Figure, pd.DataFrame]:
    """Industry, academia and collaborations among the leading countries' models."""
    ds = dataset()
    data = figs.organisation_types_data(ds.model_countries, ds.models, top=TOP_ORG)
    fig = figs.organisation_types_figure(data, slug=_slug("organisation-types"))
    return fig, data


def compute_by_country() -> tuple[go.Figure, pd.DataFrame]:
    """Median and middle half of training compute per country, models since COMPUTE_SINCE."""
    data = figs.compute_by_country_data(dataset().model_countries, min_n=COMPUTE_MIN_N,
                                        since=COMPUTE_SINCE)
    fig = figs.compute_by_country_figure(
        data, slug=_slug("compute-by-country"), title=compute_title(data),
        subtitle=(f"Training compute of models published since {COMPUTE_SINCE} with an estimate, "
                  "FLOP, log scale: median (dot) and middle half (bar)"))
    return fig, data


def compute_title(data: pd.DataFrame, a: str = "CHN", b: str = "USA") -> str:
    """The compute chart's finding: how the median model of country `a` compares with `b`'s."""
    rows = data.set_index("iso3")
    ratio = float(rows.loc[a, "median_flop"] / rows.loc[b, "median_flop"])
    name_a, name_b = figs.possessive(figs.the(_name(a), True)), figs.possessive(figs.the(_name(b)))
    if abs(ratio - 1) < 0.1:
        return f"Since {COMPUTE_SINCE}, the median model from {figs.the(_name(a))} used about as much compute as {name_b}"
    if ratio > 1:
        return f"Since {COMPUTE_SINCE}, {name_a} median model used {fmt.fmt_number(ratio)} times the compute of {name_b}"
    return f"Since {COMPUTE_SINCE}, {name_a} median model used {fmt.fmt_number(1 / ratio)} times less compute than {name_b}"


# -- Research output and export controls ---------------------------------------------------------


def research_vs_models() -> tuple[go.Figure, pd.DataFrame]:
    """Each OECD economy's share of world AI publications against its share of models."""
    ds = dataset()
    data = figs.research_vs_models_data(ds.model_countries, ds.pub_share, POLICY_START, POLICY_END)
    fig = figs.research_vs_models_figure(
        data, slug=_slug("research-vs-models"),
        subtitle=(f"Mean share of world AI publications, {POLICY_START}–{POLICY_END} (OECD), and share "
                  "of models with an author in the country; a model counts for each of its countries"),
        source=figs.combine_sources(credit("oecd"), credit("epoch")))
    return fig, data


@lru_cache(maxsize=1)
def policy_panel() -> pd.DataFrame:
    """One row per country: models and large-scale models POLICY_START–POLICY_END, controls
    imposed and targeted by POLICY_END, mean publication share (NA outside OECD's list)."""
    ds = dataset()
    panel = geo.country_policy_panel(ds.model_countries, ds.export_controls, ds.pub_share,
                                     POLICY_START, POLICY_END)
    panel["country_name"] = [n if isinstance(n, str) else mapper().name(i)
                             for i, n in zip(panel["iso3"], panel["country_name"])]
    return panel


def export_controls() -> tuple[go.Figure, pd.DataFrame]:
    """Controls each leading model-building country imposed, and controls imposed on it."""
    data = figs.export_controls_data(policy_panel(), top=TOP_CONTROLS)
    fig = figs.export_controls_figure(
        data, slug=_slug("export-controls"),
        subtitle=(f"Semiconductor export controls to {POLICY_END}, cumulative number of interventions; "
                  f"models {POLICY_START}–{POLICY_END} in brackets"),
        source=figs.combine_sources(credit("gta"), credit("epoch")))
    return fig, data


# (pair, which countries) of the correlation table, in the order the text discusses them.
CORRELATIONS = (
    (("models", "pub_share_pct"), "oecd"),
    (("models", "imposed_cum"), "all"),
    (("models", "imposed_cum"), "builders"),
    (("models", "targeted_cum"), "all"),
    (("models", "targeted_cum"), "builders"),
    (("large_scale_models", "targeted_cum"), "builders"),
)
_LABELS = {"models": "Models", "large_scale_models": "Large-scale models",
           "pub_share_pct": "share of AI publications", "imposed_cum": "controls it imposed",
           "targeted_cum": "controls imposed on it"}
_GROUPS = {"oecd": "Economies OECD reports", "all": "Every country in the data",
           "builders": "Countries with at least one model"}


@lru_cache(maxsize=1)
def policy_frame() -> pd.DataFrame:
    """Spearman rank correlations across countries with bootstrap intervals, one row per
    (pair, country group). Columns: key, x, y, group, n, rho, p, low, high, level, n_boot,
    zeros_x, zeros_y (countries with a zero on each side)."""
    panel = policy_panel()
    rows = []
    for (x, y), group in CORRELATIONS:
        subset = panel[panel["models"] > 0] if group == "builders" else panel
        result = geo.policy_correlations(subset, pairs=[(x, y)]).iloc[0].to_dict()
        both = subset[[x, y]].dropna()
        result.update(key=f"{x}~{y}~{group}", group=group,
                      zeros_x=int((both[x] == 0).sum()), zeros_y=int((both[y] == 0).sum()))
        rows.append(result)
    return pd.DataFrame(rows)


def correlation(key: str) -> dict[str, Any]:
    frame = policy_frame().set_index("key")
    return frame.loc[key].to_dict()


def fmt_rho(x: float) -> str:
    """A correlation to two decimals with a typographic minus: −0.33, 0.55, 0.00."""
    value = round(float(x), 2)
    if value == 0:
        return "0.00"
    return f"{fmt.MINUS if value < 0 else ''}{abs(value):.2f}"


def rho_text(key: str) -> str:
    """"0.55 (95% CI 0.41 to 0.69; n = 234 countries)"."""
    c = correlation(key)
    return (f"{fmt_rho(c['rho'])} ({fmt.fmt_pct(100 * c['level'])} CI {fmt_rho(c['low'])} to "
            f"{fmt_rho(c['high'])}; n = {fmt.plural(c['n'], 'country', 'countries')})")


def p_text(p: float) -> str:
    """A p-value: "0.12", "0.005", "< 0.001"."""
    return "< 0.001" if p < 0.001 else fmt.fmt_number(p, sig=2 if p >= 0.01 else 1)


def policy_table() -> GT:
    frame = policy_frame()
    shown = pd.DataFrame({
        "Relationship": [f"{_LABELS[x]} and {_LABELS[y]}" for x, y in zip(frame["x"], frame["y"])],
        "Countries": [_GROUPS[g] for g in frame["group"]],
        "n": [fmt.fmt_count(v) for v in frame["n"]],
        "Spearman ρ": [fmt_rho(v) for v in frame["rho"]],
        f"{fmt.fmt_pct(100 * LEVEL)} interval": [
            f"{fmt_rho(lo)} to {fmt_rho(hi)}" for lo, hi in zip(frame["low"], frame["high"])],
        "p": [p_text(v) for v in frame["p"]],
    })
    gt = GT(shown, id="tbl-geography-policy-correlations").cols_align(
        align="right", columns=["n", "Spearman ρ", f"{fmt.fmt_pct(100 * LEVEL)} interval", "p"])
    n_boot = fmt.fmt_count(int(frame["n_boot"].iloc[0]))
    return style_table(gt, source_note=(
        f"{credit('epoch')}; {credit('gta')}; {credit('oecd')}. Models {POLICY_START}–{POLICY_END}; "
        f"controls to {POLICY_END}; publication share averaged {POLICY_START}–{POLICY_END}. "
        f"Percentile bootstrap intervals over countries ({n_boot} resamples)."))


# -- The words and numbers of the prose ---------------------------------------------------------


def leader_words(first: str, second: str, first_value: float, second_value: float) -> str:
    """"China added more large-scale models than the United States" style comparison words:
    "<first> added more ... than <second>" or fewer, chosen from the values."""
    return f"{first} added {fmt.more_or_fewer(first_value, second_value)}"


def every_or_some(n_first: int, n_periods: int) -> str:
    """"in every period" when a country led all periods, else "in N of the M periods"."""
    if n_first == n_periods:
        return "in every period"
    return f"in {fmt.fmt_count(n_first)} of the {fmt.fmt_count(n_periods)} periods"


@lru_cache(maxsize=1)
def facts() -> dict[str, str]:
    """Every number and data-dependent word the chapter's prose states, as text."""
    ds = dataset()
    mc, models = ds.model_countries, ds.models
    f: dict[str, str] = {}

    # Counting rule.
    with_country = mc["model_key"].nunique()
    per_model = mc.groupby("model_key")["iso3"].nunique()
    counts = geo.models_per_country(mc)
    f["models_with_country"] = fmt.fmt_count(with_country)
    f["models_without_country"] = fmt.fmt_count(len(models) - with_country)
    f["multi_country_models"] = fmt.fmt_count(int((per_model > 1).sum()))
    f["multi_country_pct"] = fmt.fmt_pct(100 * (per_model > 1).mean())
    f["country_credits"] = fmt.fmt_count(int(counts["models"].sum()))
    first, second, third = counts.iloc[0], counts.iloc[1], counts.iloc[2]
    f["first"], f["second"], f["third"] = first["country_name"], second["country_name"], third["country_name"]
    f["first_models"], f["second_models"] = fmt.fmt_count(first["models"]), fmt.fmt_count(second["models"])
    f["third_models"] = fmt.fmt_count(third["models"])
    f["first_over_second"] = fmt.fmt_number(first["models"] / second["models"])
    f["second_over_third"] = fmt.fmt_number(second["models"] / third["models"])
    leaders = mc[mc["iso3"].isin(LEADERS)]["model_key"].nunique()
    f["leaders_pct"] = fmt.fmt_pct(100 * leaders / with_country)
    both = mc[mc["iso3"].isin(LEADERS)].groupby("model_key")["iso3"].nunique()
    f["usa_china_joint"] = fmt.fmt_count(int((both == 2).sum()))
    europe = counts.set_index("iso3").reindex(list(EUROPE))
    f["europe_names"] = _join([fmt.fmt_text(figs.the(n)) for n in europe["country_name"]])
    f["europe_models"] = fmt.fmt_count(mc[mc["iso3"].isin(EUROPE)]["model_key"].nunique())
    ranks = counts.reset_index(drop=True)
    hkg = ranks.index[ranks["iso3"] == "HKG"]
    f["hkg_models"] = fmt.fmt_count(ranks.loc[hkg[0], "models"]) if len(hkg) else "no"
    f["hkg_rank"] = _ordinal(hkg[0] + 1) if len(hkg) else fmt.MISSING
    f["hkg_with_china"] = fmt.fmt_count(mc[mc["iso3"].isin(["CHN", "HKG"])]["model_key"].nunique())
    f["hkg_also_china"] = fmt.fmt_count(int(
        (mc[mc["iso3"].isin(["CHN", "HKG"])].groupby("model_key")["iso3"].nunique() == 2).sum()))
    f["china_models"] = fmt.fmt_count(counts.set_index("iso3").loc["CHN", "models"])

    europe_n = mc[mc["iso3"].isin(EUROPE)]["model_key"].nunique()
    china_n = int(counts.set_index("iso3").loc["CHN", "models"])
    f["europe_vs_china"] = fmt.more_or_fewer(europe_n, china_n)

    # Primary-country credit.
    table = credit_comparison()
    indexed = table.set_index("iso3")
    for iso3, key in (("USA", "usa"), ("CHN", "chn")):
        f[f"{key}_all"] = fmt.fmt_count(indexed.loc[iso3, "all_credit"])
        f[f"{key}_primary"] = fmt.fmt_count(indexed.loc[iso3, "primary_credit"])
    biggest = (1 - table["primary_credit"] / table["all_credit"]).idxmax()
    f["most_shared"] = table.loc[biggest, "country_name"]
    f["most_shared_all"] = fmt.fmt_count(table.loc[biggest, "all_credit"])
    f["most_shared_primary"] = fmt.fmt_count(table.loc[biggest, "primary_credit"])
    f["rank_changes"] = rank_changes(table)

    # Large-scale models.
    f["large_scale_threshold"] = fmt.fmt_flop(LARGE_SCALE_THRESHOLD_FLOP)
    cum = geo.cumulative_large_scale(mc)
    last_year = int(cum["year"].max())
    final = cum[cum["year"] == last_year].sort_values(["cumulative", "iso3"], ascending=[False, True])
    f["ls_last_year"] = str(last_year)
    f["ls_total"] = fmt.fmt_count(int(models["is_large_scale"].astype("boolean").fillna(False).sum()))
    f["ls_first_year"] = str(int(cum["year"].min()))
    f["ls_countries"] = fmt.fmt_count(final["iso3"].nunique())
    fin = final.set_index("iso3")["cumulative"]
    f["ls_usa"], f["ls_chn"] = fmt.fmt_count(fin.get("USA", 0)), fmt.fmt_count(fin.get("CHN", 0))
    f["ls_leaders_pct"] = fmt.fmt_pct(100 * mc[mc["iso3"].isin(LEADERS) & mc["is_large_scale"].astype(bool)]
                                      ["model_key"].nunique() / max(1, mc[mc["is_large_scale"].astype(bool)]
                                                                    ["model_key"].nunique()))
    rest = final[~final["iso3"].isin(LEADERS)]
    f["ls_third"], f["ls_third_n"] = rest.iloc[0]["country_name"], fmt.fmt_count(rest.iloc[0]["cumulative"])
    f["ls_fourth"], f["ls_fourth_n"] = rest.iloc[1]["country_name"], fmt.fmt_count(rest.iloc[1]["cumulative"])
    f["ls_others_max"] = fmt.fmt_count(rest.iloc[2]["cumulative"]) if len(rest) > 2 else "0"
    partial = partial_year()
    f["partial_year"] = str(partial) if partial else ""
    full = (partial - 1) if partial else last_year
    per_year = cum[cum["year"] == full].set_index("iso3")["new"]
    usa_new, chn_new = int(per_year.get("USA", 0)), int(per_year.get("CHN", 0))
    f["full_year"] = str(full)
    f["full_year_usa"], f["full_year_chn"] = fmt.fmt_count(usa_new), fmt.fmt_count(chn_new)
    f["full_year_more_fewer"] = fmt.more_or_fewer(chn_new, usa_new)
    # Our World in Data's export: the largest country difference and the world total.
    comp = owid_comparison()
    countries = comp[comp["iso3"] != "ALL"]
    worst = countries.loc[countries["difference"].abs().idxmax()]
    f["owid_worst_country"] = worst["entity"]
    f["owid_worst_year"] = str(int(worst["year"]))
    f["owid_worst_ours"], f["owid_worst_owid"] = fmt.fmt_count(worst["ours"]), fmt.fmt_count(worst["owid"])
    f["owid_worst_abs"] = fmt.fmt_count(abs(int(worst["difference"])))
    f["owid_exact_pct"] = fmt.fmt_pct(100 * (countries["difference"] == 0).mean())
    f["owid_rows"] = fmt.fmt_count(len(countries))
    world = comp[comp["iso3"] == "ALL"].sort_values("year").iloc[-1]
    f["owid_world_year"] = str(int(world["year"]))
    f["owid_world_ours"], f["owid_world_owid"] = fmt.fmt_count(world["ours"]), fmt.fmt_count(world["owid"])

    # Top countries by period.
    top = top_periods_frame()
    firsts = top[top["rank"] == 1]
    leader = firsts["country_name"].mode().iloc[0]
    f["period_leader"] = leader
    f["period_leader_when"] = every_or_some(int((firsts["country_name"] == leader).sum()), len(firsts))
    last_period = top[top["period"] == top["period"].iloc[-1]]
    f["last_period"] = str(last_period["period"].iloc[0])
    f["last_period_second"] = last_period.iloc[1]["country_name"]
    f["last_period_second_pct"] = fmt.fmt_pct(100 * last_period.iloc[1]["share"])
    f["last_period_first_pct"] = fmt.fmt_pct(100 * last_period.iloc[0]["share"])
    f["period_leader_start"] = fmt.fmt_text(figs.the(leader, True))
    all_periods = geo.top_countries_by_period(mc, n=50)
    can = all_periods[all_periods["iso3"] == "CAN"].set_index("period")["rank"]
    periods = list(dict.fromkeys(top["period"]))
    f["canada_first_period"], f["canada_last_period"] = periods[0], periods[-1]
    f["canada_first_rank"] = _ordinal(can[periods[0]]) if periods[0] in can.index else "unranked"
    f["canada_last_rank"] = _ordinal(can[periods[-1]]) if periods[-1] in can.index else "unranked"
    chn = top[top["iso3"] == "CHN"]
    f["china_first_period"] = str(chn["period"].iloc[0]) if len(chn) else "none"
    f["china_first_rank"] = _ordinal(chn["rank"].iloc[0]) if len(chn) else fmt.MISSING

    # Frontier clusters.
    front = figs.frontier_share_data(mc, "frontier_top10", top=TOP_FRONTIER)
    f["frontier_n"] = fmt.fmt_count(FRONTIER_TOP_N)
    last = front[front["period"] == front["period"].iloc[-1]].set_index("iso3")
    f["frontier_period"] = str(front["period"].iloc[-1])
    f["frontier_period_n"] = fmt.fmt_count(last["period_frontier_models"].iloc[0])
    f["frontier_usa_pct"] = fmt.fmt_pct(last.loc["USA", "share_pct"]) if "USA" in last.index else "0%"
    f["frontier_usa_n"] = fmt.fmt_count(last.loc["USA", "frontier_models"]) if "USA" in last.index else "0"
    f["frontier_chn_pct"] = fmt.fmt_pct(last.loc["CHN", "share_pct"]) if "CHN" in last.index else "0%"
    f["frontier_chn_n"] = fmt.fmt_count(last.loc["CHN", "frontier_models"]) if "CHN" in last.index else "0"
    all_models_pct = top[(top["period"] == f["last_period"]) & (top["iso3"] == "CHN")]["share"]
    f["frontier_chn_vs_all"] = fmt.higher_or_lower(
        last.loc["CHN", "share_pct"] if "CHN" in last.index else 0,
        100 * all_models_pct.iloc[0] if len(all_models_pct) else 0)
    usa_all_share = top[(top["period"] == f["last_period"]) & (top["iso3"] == "USA")]["share"]
    f["frontier_usa_lead"] = ("larger" if "USA" in last.index and len(usa_all_share)
                              and last.loc["USA", "share_pct"] > 100 * usa_all_share.iloc[0] else "smaller")
    f["frontier_first_period"] = str(front["period"].iloc[0])
    f["frontier_first_period_n"] = fmt.fmt_count(front["period_frontier_models"].iloc[0])
    f["frontier_total"] = fmt.fmt_count(int(models["frontier_top10"].astype("boolean").fillna(False).sum()))

    # Organisation types.
    org = figs.organisation_types_data(mc, models, top=TOP_ORG).set_index(["iso3", "organization_type"])
    for iso3, key in (("USA", "usa"), ("CHN", "chn")):
        f[f"industry_{key}"] = fmt.fmt_pct(org.loc[(iso3, "Industry"), "share_pct"])
        f[f"academia_{key}"] = fmt.fmt_pct(org.loc[(iso3, "Academia"), "share_pct"])
        f[f"joint_{key}"] = fmt.fmt_pct(org.loc[(iso3, "Industry–academia"), "share_pct"])
    industry = org.xs("Industry", level="organization_type")
    academia = org.xs("Academia", level="organization_type")
    f["most_academic"] = _name(academia["share_pct"].idxmax())
    f["most_academic_pct"] = fmt.fmt_pct(academia["share_pct"].max())
    f["most_industrial"] = _name(industry["share_pct"].idxmax())
    f["most_industrial_pct"] = fmt.fmt_pct(industry["share_pct"].max())
    f["industry_usa_vs_chn"] = fmt.higher_or_lower(org.loc[("USA", "Industry"), "share_pct"],
                                                   org.loc[("CHN", "Industry"), "share_pct"])

    # Compute distributions.
    comp_data = figs.compute_by_country_data(mc, min_n=COMPUTE_MIN_N, since=COMPUTE_SINCE).set_index("iso3")
    f["compute_since"] = str(COMPUTE_SINCE)
    f["compute_min_n"] = fmt.fmt_count(COMPUTE_MIN_N)
    f["compute_countries"] = fmt.fmt_count(len(comp_data))
    top_c = comp_data.index[0]
    f["compute_top"], f["compute_top_median"] = _name(top_c), fmt.fmt_flop(comp_data.iloc[0]["median_flop"])
    f["compute_top_n"] = fmt.fmt_count(comp_data.iloc[0]["n"])
    for iso3, key in (("USA", "usa"), ("CHN", "chn")):
        row = comp_data.loc[iso3]
        f[f"compute_{key}_median"] = fmt.fmt_flop(row["median_flop"])
        f[f"compute_{key}_q25"] = fmt.fmt_scientific(row["q25_flop"])
        f[f"compute_{key}_q75"] = fmt.fmt_scientific(row["q75_flop"])
        f[f"compute_{key}_n"] = fmt.fmt_count(row["n"])
        f[f"compute_{key}_iqr"] = fmt.fmt_number(row["iqr_ooms"])
    f["compute_chn_vs_usa"] = fmt.higher_or_lower(comp_data.loc["CHN", "median_flop"],
                                                  comp_data.loc["USA", "median_flop"])
    f["compute_chn_over_usa"] = fmt.fmt_number(comp_data.loc["CHN", "median_flop"]
                                               / comp_data.loc["USA", "median_flop"])
    f["compute_usa_max"] = fmt.fmt_flop(comp_data.loc["USA", "max_flop"])
    f["compute_chn_max"] = fmt.fmt_flop(comp_data.loc["CHN", "max_flop"])

    # Research output.
    research = figs.research_vs_models_data(mc, ds.pub_share, POLICY_START, POLICY_END).set_index("iso3")
    f["oecd_economies"] = fmt.fmt_count(len(research))
    f["policy_start"], f["policy_end"] = str(POLICY_START), str(POLICY_END)
    for iso3, key in (("USA", "usa"), ("CHN", "chn"), ("IND", "ind")):
        if iso3 in research.index:
            f[f"pub_{key}"] = fmt.fmt_pct(research.loc[iso3, "pub_share_pct"])
            f[f"mod_{key}"] = fmt.fmt_pct(research.loc[iso3, "model_share_pct"])
            f[f"mod_{key}_n"] = fmt.fmt_count(research.loc[iso3, "models"])
    f["pub_leader"] = research["country_name"].iloc[0]
    under = (research["pub_share_pct"] - research["model_share_pct"]).idxmax()
    f["pub_under"] = research.loc[under, "country_name"]
    f["pub_under_pub"] = fmt.fmt_pct(research.loc[under, "pub_share_pct"])
    f["pub_under_mod"] = fmt.fmt_pct(research.loc[under, "model_share_pct"])
    f["pub_under_n"] = fmt.plural(research.loc[under, "models"], "model")
    eu = ds.pub_share[(ds.pub_share["iso3"] == "EU27") & ds.pub_share["year"].between(POLICY_START, POLICY_END)]
    f["pub_eu"] = fmt.fmt_pct(eu["share_pct"].mean()) if len(eu) else fmt.MISSING
    shares = ds.pub_share[ds.pub_share["iso3"].isin(["USA", "CHN"])].pivot(index="year", columns="iso3",
                                                                           values="share_pct")
    behind = shares[shares["CHN"] <= shares["USA"]].index
    f["pub_china_ahead_since"] = (str(int(behind.max()) + 1) if len(behind) else str(int(shares.index.min())))
    f["pub_china_ahead_now"] = "ahead of" if shares["CHN"].iloc[-1] > shares["USA"].iloc[-1] else "behind"
    f["pub_years_covered"] = f"{int(ds.pub_share['year'].min())}–{int(ds.pub_share['year'].max())}"

    # Export controls.
    gta = ds.gta
    in_window = gta[gta["year"] <= POLICY_END]
    f["gta_interventions"] = fmt.fmt_count(len(in_window))
    f["gta_first_year"] = str(int(gta["year"].min()))
    eu_wide = in_window["implementing_iso3"].map(len) >= 27
    f["gta_eu_wide"] = fmt.fmt_count(int(eu_wide.sum()))
    by_usa = in_window["implementing_iso3"].map(lambda t: "USA" in t)
    f["gta_usa"] = fmt.fmt_count(int(by_usa.sum()))
    deu_own = in_window[in_window["implementing_iso3"].map(lambda t: "DEU" in t) & ~eu_wide]
    f["deu_own"] = "none" if deu_own.empty else fmt.fmt_count(len(deu_own))
    on_china = in_window[in_window["affected_iso3"].map(lambda t: "CHN" in t)]
    f["controls_on_china"] = fmt.fmt_count(len(on_china))
    f["controls_on_china_and_hkg"] = fmt.fmt_count(int(on_china["affected_iso3"].map(lambda t: "HKG" in t).sum()))
    removed = gta[gta["date_removed"].notna()]
    f["gta_removed"] = fmt.fmt_count(len(removed))
    if len(removed):
        r = removed.iloc[0]
        f["gta_removed_year"] = str(int(r["year"]))
        f["gta_removed_on"] = str(pd.Timestamp(r["date_removed"]).year)
        f["gta_removed_by"] = _join([fmt.fmt_text(figs.the(_name(i))) for i in r["implementing_iso3"]])
        f["gta_removed_on_whom"] = _join([fmt.fmt_text(figs.the(_name(i))) for i in r["affected_iso3"]])
    panel = policy_panel().set_index("iso3")
    for iso3, key in (("USA", "usa"), ("CHN", "chn"), ("RUS", "rus"), ("DEU", "deu")):
        f[f"imposed_{key}"] = fmt.fmt_count(panel.loc[iso3, "imposed_cum"])
        f[f"targeted_{key}"] = fmt.fmt_count(panel.loc[iso3, "targeted_cum"])
    most_targeted = panel["targeted_cum"].idxmax()
    f["most_targeted"], f["most_targeted_n"] = _name(most_targeted), fmt.fmt_count(panel["targeted_cum"].max())
    f["panel_countries"] = fmt.fmt_count(len(panel))
    f["panel_no_models"] = fmt.fmt_count(int((panel["models"] == 0).sum()))
    f["panel_no_imposed"] = fmt.fmt_count(int((panel["imposed_cum"] == 0).sum()))
    f["panel_imposers"] = fmt.fmt_count(int((panel["imposed_cum"] > 0).sum()))
    f["panel_builders"] = fmt.fmt_count(int((panel["models"] > 0).sum()))
    builders = panel[panel["models"] > 0]
    f["builders_no_imposed"] = fmt.fmt_count(int((builders["imposed_cum"] == 0).sum()))
    f["builders_targeted"] = fmt.fmt_count(int((builders["targeted_cum"] > 0).sum()))
    for key in policy_frame()["key"]:
        f[f"rho:{key}"] = rho_text(key)
    c = correlation("models~imposed_cum~builders")
    f["imposed_builders_includes_zero"] = "includes zero" if c["low"] <= 0 <= c["high"] else "excludes zero"
    c = correlation("models~pub_share_pct~oecd")
    f["pub_includes_zero"] = "includes zero" if c["low"] <= 0 <= c["high"] else "excludes zero"
    f["n_boot"] = fmt.fmt_count(int(policy_frame()["n_boot"].iloc[0]))
    for key in NAME_KEYS:
        f[key] = fmt.fmt_text(figs.the(f[key]))
    return f


# Facts that hold a country name, which `facts` writes as it reads mid-sentence ("the United
# States"); the prose does not start a sentence with one.
NAME_KEYS = ("first", "second", "third", "most_shared", "ls_third", "ls_fourth", "owid_worst_country",
             "period_leader", "last_period_second", "most_academic", "most_industrial", "compute_top",
             "pub_leader", "most_targeted", "pub_under")
