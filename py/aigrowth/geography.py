"""Where models are built: counts by country, the large-scale race, frontier clusters, and
how output lines up with research share and export controls.

Two ways of crediting countries run through this module, and every function says which it uses:
- all-countries credit (`ds.model_countries`): a model counts once for every country of its
  authors' organisations, as Our World in Data does, so country totals add up to more than the
  number of models;
- primary-country credit (`ds.models.primary_country`): a model counts once, for its first
  listed country.
Correlations across countries rest on few countries; each reports its n and a bootstrap
interval so the text cannot overstate it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from aigrowth.constants import LEVEL, SEED

# Our World in Data's name for its world total of large-scale systems.
OWID_WORLD = "All large-scale AI systems"

Period = tuple[int, int]
DEFAULT_PERIODS: tuple[Period, ...] = ((2000, 2009), (2010, 2014), (2015, 2019), (2020, 2025))


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"{what} needs columns {missing}")


def _period_label(period: Period) -> str:
    return f"{period[0]}–{period[1]}"


def _check_periods(periods: Sequence[Period]) -> None:
    for start, end in periods:
        if start > end:
            raise ValueError(f"period {start}–{end} ends before it starts")


def models_per_country(
    model_countries: pd.DataFrame, by_year: bool = False, flag: str | None = None
) -> pd.DataFrame:
    """Models per country under all-countries credit (optionally per year, optionally only rows
    where boolean column `flag` is True). Columns: iso3, country_name, [year], models."""
    _require(model_countries, ["model_key", "iso3", "country_name", "year"], "models_per_country")
    rows = model_countries
    if flag is not None:
        _require(rows, [flag], "models_per_country")
        rows = rows.loc[rows[flag].astype("boolean").fillna(False).astype(bool)]
    keys = ["iso3", "country_name"] + (["year"] if by_year else [])
    rows = rows.dropna(subset=["year"]) if by_year else rows
    out = rows.groupby(keys, dropna=False, observed=True)["model_key"].nunique()
    return _sorted_counts(out.rename("models").reset_index(), by_year)


def _sorted_counts(counts: pd.DataFrame, by_year: bool) -> pd.DataFrame:
    """Most models first (within each year); ties in ISO3 order, so ranks are reproducible."""
    keys = (["year"] if by_year else []) + ["models", "iso3"]
    ascending = ([True] if by_year else []) + [False, True]
    return counts.sort_values(keys, ascending=ascending, kind="mergesort").reset_index(drop=True)


def models_per_primary_country(models: pd.DataFrame, by_year: bool = False) -> pd.DataFrame:
    """Models per country under primary-country credit (each model once, first listed country).
    Models without a country are left out. Columns: iso3, country_name, [year], models."""
    _require(models, ["primary_country", "primary_country_name", "year"], "models_per_primary_country")
    rows = models.dropna(subset=["primary_country"])
    if by_year:
        rows = rows.dropna(subset=["year"])
    keys = ["primary_country", "primary_country_name"] + (["year"] if by_year else [])
    out = rows.groupby(keys, observed=True).size().rename("models").reset_index()
    out = out.rename(columns={"primary_country": "iso3", "primary_country_name": "country_name"})
    return _sorted_counts(out, by_year)


def top_countries_by_period(
    model_countries: pd.DataFrame,
    periods: Sequence[Period] = DEFAULT_PERIODS,
    n: int = 5,
    flag: str | None = None,
) -> pd.DataFrame:
    """The `n` countries with most models in each period (all-countries credit), and every
    country tied with the `n`-th: a tie never drops a country silently. `rank` is the
    competition rank (tied countries share it).

    `share` is the country's models over the number of distinct models of the period (so
    shares can add to more than 1 when models have several countries).
    Columns: period, start, end, rank, iso3, country_name, models, period_models, share.
    """
    _check_periods(periods)
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    rows = []
    for start, end in periods:
        window = model_countries.loc[model_countries["year"].between(start, end)]
        if flag is not None:
            window = window.loc[window[flag].astype("boolean").fillna(False).astype(bool)]
        total = window["model_key"].nunique()
        counts = models_per_country(window)
        if len(counts) > n:
            counts = counts[counts["models"] >= counts["models"].iloc[n - 1]]
        counts = counts.reset_index(drop=True)
        counts.insert(0, "rank", counts["models"].rank(method="min", ascending=False).astype(int).to_numpy())
        counts.insert(0, "end", end)
        counts.insert(0, "start", start)
        counts.insert(0, "period", _period_label((start, end)))
        counts["period_models"] = total
        counts["share"] = counts["models"] / total if total else np.nan
        rows.append(counts)
    return pd.concat(rows, ignore_index=True)


def cumulative_large_scale(model_countries: pd.DataFrame, years: Sequence[int] | None = None) -> pd.DataFrame:
    """Cumulative number of large-scale models per country and year (all-countries credit).

    Every country appears in every year from its first large-scale model to the last year
    (`years` or the data's range), carrying its running total.
    Columns: iso3, country_name, year, new, cumulative.
    """
    per_year = models_per_country(model_countries, by_year=True, flag="is_large_scale")
    if per_year.empty:
        return pd.DataFrame(columns=["iso3", "country_name", "year", "new", "cumulative"])
    span = (
        np.asarray(years, dtype=int)
        if years is not None
        else np.arange(int(per_year["year"].min()), int(per_year["year"].max()) + 1)
    )
    frames = []
    for (iso3, name), group in per_year.groupby(["iso3", "country_name"], dropna=False):
        first = int(group["year"].min())
        new = group.set_index(group["year"].astype(int))["models"].reindex(span, fill_value=0)
        # Counts before the first year shown still belong in the running total.
        earlier = int(group.loc[group["year"] < span.min(), "models"].sum())
        frame = pd.DataFrame({"year": span, "new": new.to_numpy()})
        frame["cumulative"] = earlier + frame["new"].cumsum()
        frame = frame.loc[frame["year"] >= min(first, span.max())]
        frame.insert(0, "country_name", name)
        frame.insert(0, "iso3", iso3)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    return out.loc[out["cumulative"] > 0].reset_index(drop=True)


def compare_with_owid(
    model_countries: pd.DataFrame,
    owid_large_scale: pd.DataFrame,
    models: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Our cumulative large-scale counts next to Our World in Data's, for every country and
    year either covers, with `difference` = ours − OWID.

    With `models`, adds the world total (distinct large-scale models, iso3 "ALL") against
    OWID's "All large-scale AI systems". Columns: iso3, entity, year, ours, owid, difference.
    """
    _require(owid_large_scale, ["entity", "iso3", "year", "cumulative"], "compare_with_owid")
    years = sorted(int(y) for y in owid_large_scale["year"].unique())
    ours = cumulative_large_scale(model_countries, years=range(min(years), max(years) + 1))
    ours = ours.loc[ours["year"].isin(years), ["iso3", "country_name", "year", "cumulative"]]
    ours = ours.rename(columns={"cumulative": "ours", "country_name": "entity"})
    owid = owid_large_scale.dropna(subset=["iso3"]).rename(columns={"cumulative": "owid"})
    merged = ours.merge(
        owid[["iso3", "entity", "year", "owid"]], on=["iso3", "year"], how="outer", suffixes=("", "_owid")
    )
    merged["entity"] = merged["entity"].fillna(merged["entity_owid"])
    merged = merged.drop(columns="entity_owid")
    if models is not None:
        _require(models, ["is_large_scale", "year"], "compare_with_owid")
        flagged = models.loc[models["is_large_scale"].astype(bool)].dropna(subset=["year"])
        per_year = flagged.groupby(flagged["year"].astype(int)).size()
        cumulative = per_year.reindex(range(int(per_year.index.min()), max(years) + 1), fill_value=0).cumsum()
        world = owid_large_scale.loc[owid_large_scale["entity"] == OWID_WORLD, ["year", "cumulative"]]
        total = pd.DataFrame(
            {"iso3": "ALL", "entity": OWID_WORLD, "year": years, "ours": cumulative.reindex(years).to_numpy()}
        )
        total = total.merge(world.rename(columns={"cumulative": "owid"}), on="year", how="left")
        merged = pd.concat([merged, total], ignore_index=True)
    # Missing on one side means that side counts none for that country and year.
    merged[["ours", "owid"]] = merged[["ours", "owid"]].fillna(0).astype(int)
    merged["difference"] = merged["ours"] - merged["owid"]
    return merged.sort_values(["year", "owid"], ascending=[True, False]).reset_index(drop=True)


def frontier_share_by_country(
    model_countries: pd.DataFrame,
    frontier_column: str = "frontier_top10",
    periods: Sequence[Period] = DEFAULT_PERIODS,
) -> pd.DataFrame:
    """Where frontier models cluster: per period and country, the number of frontier models
    with an author there and that number's share of the period's frontier models.

    Columns: period, iso3, country_name, frontier_models, period_frontier_models, share.
    """
    _check_periods(periods)
    _require(model_countries, [frontier_column], "frontier_share_by_country")
    rows = []
    for start, end in periods:
        window = model_countries.loc[model_countries["year"].between(start, end)]
        window = window.loc[window[frontier_column].astype("boolean").fillna(False).astype(bool)]
        total = window["model_key"].nunique()
        if total == 0:
            continue
        counts = models_per_country(window).rename(columns={"models": "frontier_models"})
        counts.insert(0, "period", _period_label((start, end)))
        counts["period_frontier_models"] = total
        counts["share"] = counts["frontier_models"] / total
        rows.append(counts)
    if not rows:
        return pd.DataFrame(
            columns=["period", "iso3", "country_name", "frontier_models", "period_frontier_models", "share"]
        )
    return pd.concat(rows, ignore_index=True)


def compute_by_country(
    model_countries: pd.DataFrame,
    min_n: int = 10,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """Distribution of training compute per country (all-countries credit) for countries with
    at least `min_n` models with a compute value in [start, end] (years).

    Columns: iso3, country_name, n, median_flop, q25_flop, q75_flop, max_flop,
    iqr_ooms (the interquartile range in orders of magnitude).
    """
    rows = model_countries.loc[pd.to_numeric(model_countries["compute_flop"]) > 0]
    if start is not None:
        rows = rows.loc[rows["year"] >= start]
    if end is not None:
        rows = rows.loc[rows["year"] <= end]
    logc = np.log10(rows["compute_flop"].astype(float))
    grouped = logc.groupby([rows["iso3"], rows["country_name"]], observed=True)
    table = grouped.agg(
        n="size",
        median=lambda s: s.median(),
        q25=lambda s: s.quantile(0.25),
        q75=lambda s: s.quantile(0.75),
        max="max",
    ).reset_index()
    table = table.loc[table["n"] >= min_n]
    out = pd.DataFrame(
        {
            "iso3": table["iso3"],
            "country_name": table["country_name"],
            "n": table["n"],
            "median_flop": 10 ** table["median"],
            "q25_flop": 10 ** table["q25"],
            "q75_flop": 10 ** table["q75"],
            "max_flop": 10 ** table["max"],
            "iqr_ooms": table["q75"] - table["q25"],
        }
    )
    return out.sort_values("median_flop", ascending=False).reset_index(drop=True)


def country_policy_panel(
    model_countries: pd.DataFrame,
    export_controls: pd.DataFrame,
    pub_share: pd.DataFrame,
    start: int = 2019,
    end: int = 2025,
) -> pd.DataFrame:
    """One row per country: model output in [start, end] (all-countries credit), large-scale
    models, export controls imposed and targeted by `end` (cumulative), and mean share of world
    AI publications over the period (OECD; NA where OECD does not cover the country; the EU27
    aggregate is left out as it is not a country).

    Countries appear if they have a model or an export-control record in the period.
    """
    _require(export_controls, ["iso3", "year", "imposed_cum", "targeted_cum"], "country_policy_panel")
    _require(pub_share, ["iso3", "year", "share_pct"], "country_policy_panel")
    window = model_countries.loc[model_countries["year"].between(start, end)]
    output = window.groupby("iso3")["model_key"].nunique().rename("models")
    large = (
        window.loc[window["is_large_scale"].astype(bool)]
        .groupby("iso3")["model_key"]
        .nunique()
        .rename("large_scale_models")
    )
    controls = export_controls.loc[export_controls["year"] <= end]
    controls = controls.sort_values("year").groupby("iso3").last()[["imposed_cum", "targeted_cum"]]
    shares = pub_share.loc[pub_share["year"].between(start, end) & (pub_share["iso3"] != "EU27")]
    share = shares.groupby("iso3")["share_pct"].mean().rename("pub_share_pct")
    names = model_countries.drop_duplicates("iso3").set_index("iso3")["country_name"]
    panel = pd.concat([output, large, controls, share], axis=1)
    panel.index.name = "iso3"
    panel[["models", "large_scale_models"]] = panel[["models", "large_scale_models"]].fillna(0)
    panel["country_name"] = names.reindex(panel.index)
    return panel.reset_index()


@dataclass(frozen=True)
class RankCorrelation:
    """Spearman rank correlation between two country-level columns, with a bootstrap interval
    over countries and the number of countries it rests on."""

    x: str
    y: str
    n: int
    rho: float
    p: float
    low: float
    high: float
    level: float
    n_boot: int


def spearman_with_interval(
    x: np.ndarray, y: np.ndarray, n_boot: int = 1_000, seed: int = SEED, level: float = LEVEL
) -> tuple[float, float, float, float]:
    """Spearman's rho, its p-value, and a percentile bootstrap interval (resampling pairs).
    Needs at least 4 pairs; resamples with a constant side are skipped."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.size < 4:
        raise ValueError(f"a rank correlation needs at least 4 pairs, got {x.size}")
    result = stats.spearmanr(x, y)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, x.size, size=(n_boot, x.size))
    rx = stats.rankdata(x[idx], axis=1)
    ry = stats.rankdata(y[idx], axis=1)
    rx -= rx.mean(axis=1, keepdims=True)
    ry -= ry.mean(axis=1, keepdims=True)
    denom = np.sqrt((rx * rx).sum(axis=1) * (ry * ry).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        rhos = np.where(denom > 0, (rx * ry).sum(axis=1) / denom, np.nan)
    alpha = 1 - level
    low, high = np.nanpercentile(rhos, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(result.statistic), float(result.pvalue), float(low), float(high)


def policy_correlations(
    panel: pd.DataFrame,
    pairs: Sequence[tuple[str, str]] = (
        ("models", "pub_share_pct"),
        ("large_scale_models", "pub_share_pct"),
        ("models", "imposed_cum"),
        ("models", "targeted_cum"),
    ),
    n_boot: int = 1_000,
    seed: int = SEED,
    level: float = LEVEL,
) -> pd.DataFrame:
    """Spearman correlations across countries for each pair of panel columns, using countries
    with both values. One row per pair: x, y, n, rho, p, low, high, level, n_boot."""
    rows = []
    for x, y in pairs:
        _require(panel, [x, y], "policy_correlations")
        both = panel[[x, y]].dropna()
        rho, p, low, high = spearman_with_interval(
            both[x].to_numpy(float), both[y].to_numpy(float), n_boot, seed, level
        )
        rows.append(RankCorrelation(x, y, len(both), rho, p, low, high, level, n_boot).__dict__)
    return pd.DataFrame(rows)
