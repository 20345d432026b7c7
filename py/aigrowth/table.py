"""The merged analysis table: one row per model, with everything the report analyses.

Epoch's files are snapshots of different dates (PROVENANCE.md): the all-models file (March 2026)
is the base; models only in the newer notable file (July 2026) or the large-scale file are
added; where several files hold a value for the same model, the newest release wins
(notable > frontier > all > large-scale). Every join checks its cardinality and row count.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .cleaning import CleaningLog
from .constants import FRONTIER_TOP_N, LARGE_SCALE_THRESHOLD_FLOP
from .countries import CountryMapper, mapper
from .frontier import top_n_at_release
from .years import decimal_year

# Epoch domain -> the report's domain group. A model in several groups counts as Multimodal.
DOMAIN_GROUPS: dict[str, str] = {
    "Language": "Language",
    "Vision": "Vision",
    "Multimodal": "Multimodal",
    "Image generation": "Image generation",
    "Video": "Video",
    "Speech": "Speech & audio",
    "Audio": "Speech & audio",
    "Biology": "Biology & medicine",
    "Medicine": "Biology & medicine",
    "Games": "Games",
    "Robotics": "Robotics",
    "Driving": "Robotics",
}
OTHER_DOMAIN = "Other"
DOMAIN_GROUP_ORDER = (
    "Language",
    "Vision",
    "Multimodal",
    "Image generation",
    "Video",
    "Speech & audio",
    "Biology & medicine",
    "Games",
    "Robotics",
    "Other",
)
ORGANIZATION_TYPES = ("Industry", "Academia", "Research collective", "Government")

# Value columns taken from the newest file that has them (merge priority, newest first).
VALUE_COLUMNS = (
    "model",
    "organization",
    "publication_date",
    "domain",
    "task",
    "parameters",
    "compute_flop",
    "compute_estimation_method",
    "dataset_size",
    "training_time_hours",
    "hardware",
    "hardware_quantity",
    "hardware_utilization",
    "cost_usd_2023",
    "power_w",
    "country",
    "countries",
    "organization_categorization",
    "accessibility",
    "open_weights",
    "confidence",
    "notability_criteria",
    "base_model",
    "link",
)
PRIORITY = ("notable", "frontier", "all", "large_scale")

TABLE_COLUMNS = (
    "model_key",
    "model",
    "organization",
    "publication_date",
    "year",
    "decimal_year",
    "domain",
    "domain_group",
    "task",
    "organization_type",
    "countries",
    "country_names",
    "primary_country",
    "primary_country_name",
    "is_notable",
    "is_large_scale",
    "in_large_scale_file",
    "frontier_epoch",
    "frontier_top10",
    "accessibility",
    "open_weights",
    "compute_flop",
    "compute_estimation_method",
    "parameters",
    "dataset_size",
    "cost_usd_2023",
    "power_w",
    "training_time_hours",
    "hardware",
    "hardware_quantity",
    "hardware_utilization",
    "confidence",
    "base_model",
    "link",
    "source_file",
    "controls_imposed_cum",
    "controls_targeted_cum",
    "pub_share",
)


def domain_group(domain: str | None) -> str:
    """The report's domain group for Epoch's comma-separated domain list."""
    if not isinstance(domain, str) or not domain.strip():
        return OTHER_DOMAIN
    groups = {DOMAIN_GROUPS.get(d.strip(), OTHER_DOMAIN) for d in domain.split(",") if d.strip()}
    if len(groups) == 1:
        return groups.pop()
    groups.discard(OTHER_DOMAIN)
    return groups.pop() if len(groups) == 1 else "Multimodal"


def organization_type(categories: str | None) -> str | None:
    """One organisation type from Epoch's per-organisation list (repeats collapse)."""
    if not isinstance(categories, str) or not categories.strip():
        return None
    kinds = {c.strip() for c in categories.split(",") if c.strip()}
    if len(kinds) == 1:
        return kinds.pop()
    if kinds == {"Industry", "Academia"}:
        return "Industry–academia"
    return "Other collaboration"


def _ensure_unique(frame: pd.DataFrame, key: list[str], what: str) -> None:
    if frame.duplicated(key).any():
        dup = frame[frame.duplicated(key, keep=False)][key].head(3).to_dict("records")
        raise ValueError(f"{what}: key {key} is not unique, e.g. {dup}")


def _checked_merge(left: pd.DataFrame, right: pd.DataFrame, on: list[str] | dict, what: str) -> pd.DataFrame:
    """A left join that must keep every left row exactly once."""
    kwargs = {"on": on} if isinstance(on, list) else on
    out = left.merge(right, how="left", validate="many_to_one", **kwargs)
    if len(out) != len(left):
        raise ValueError(f"{what}: join changed the row count from {len(left)} to {len(out)}")
    return out


def combine_model_files(files: dict[str, pd.DataFrame], log: CleaningLog) -> pd.DataFrame:
    """One row per model key across Epoch's files, values from the newest file that has them."""
    for name, frame in files.items():
        _ensure_unique(frame, ["model_key"], f"epoch {name} file")
    keys = pd.Index(files["all"]["model_key"])
    for name in ("notable", "large_scale", "frontier"):
        extra = pd.Index(files[name]["model_key"]).difference(keys)
        log.add("merge", f"models only in the {name.replace('_', '-')} file added", len(extra))
        keys = keys.append(extra)
    merged = pd.DataFrame({"model_key": keys})
    merged["source_file"] = None
    indexed = {name: f.set_index("model_key") for name, f in files.items()}
    for column in VALUE_COLUMNS:
        values = pd.Series(pd.NA, index=keys, dtype="object")
        for name in reversed(PRIORITY):  # oldest first, so newer files overwrite
            frame = indexed[name]
            if column not in frame:
                continue
            newer = frame[column].reindex(keys)
            has = (
                newer.notna()
                if column != "countries"
                else newer.map(lambda t: isinstance(t, tuple) and len(t) > 0)
            )
            values = values.where(~has.to_numpy(), newer)
        merged[column] = values.to_numpy()
    for name in reversed(PRIORITY):
        merged.loc[merged["model_key"].isin(indexed[name].index), "source_file"] = name
    changed = _count_updated(
        indexed["all"], indexed["notable"], ["compute_flop", "parameters", "publication_date"]
    )
    log.add("merge", "models whose compute, parameters or date the newer notable file revised", changed)

    merged["is_notable"] = merged["model_key"].isin(indexed["notable"].index)
    merged["in_large_scale_file"] = merged["model_key"].isin(indexed["large_scale"].index)
    flagged = pd.Index([])
    for name in ("all", "notable", "frontier"):
        flagged = flagged.union(indexed[name].index[indexed[name]["frontier_model"].to_numpy(dtype=bool)])
    merged["frontier_epoch"] = merged["model_key"].isin(flagged.union(indexed["frontier"].index))
    return merged


def _count_updated(old: pd.DataFrame, new: pd.DataFrame, columns: list[str]) -> int:
    common = old.index.intersection(new.index)
    differs = pd.Series(False, index=common)
    for column in columns:
        a, b = old.loc[common, column], new.loc[common, column]
        differs |= (a.notna() & b.notna() & (a != b)).to_numpy()
    return int(differs.sum())


def add_derived_columns(models: pd.DataFrame, countries: CountryMapper, log: CleaningLog) -> pd.DataFrame:
    """Dates as years, domain groups, organisation types, countries, frontier and scale flags."""
    models = models.copy()
    models["publication_date"] = pd.to_datetime(models["publication_date"]).astype("datetime64[ns]")
    for column in (
        "parameters",
        "compute_flop",
        "dataset_size",
        "training_time_hours",
        "hardware_quantity",
        "hardware_utilization",
        "cost_usd_2023",
        "power_w",
    ):
        models[column] = pd.to_numeric(models[column]).astype("float64")
    models["open_weights"] = models["open_weights"].astype("boolean")
    for column in (
        "model",
        "organization",
        "domain",
        "task",
        "compute_estimation_method",
        "hardware",
        "accessibility",
        "confidence",
        "base_model",
        "link",
    ):
        models[column] = models[column].astype("string")
    models["year"] = models["publication_date"].dt.year.astype("Int64")
    models["decimal_year"] = decimal_year(models["publication_date"])
    models["domain_group"] = models["domain"].map(domain_group, na_action=None).astype("string")
    unknown_domains = (
        models["domain"]
        .fillna("")
        .map(lambda d: any(x.strip() and x.strip() not in DOMAIN_GROUPS for x in d.split(",")))
    )
    log.add(
        "merge",
        "models with a domain outside the named groups (counted as Other unless in another group)",
        int(unknown_domains.sum()),
    )
    models["organization_type"] = (
        models["organization_categorization"].map(organization_type).astype("string")
    )
    models["countries"] = models["countries"].map(lambda t: t if isinstance(t, tuple) else ())
    models["country_names"] = (
        models["countries"].map(lambda t: "; ".join(countries.name(c) for c in t)).astype("string")
    )
    models["primary_country"] = models["countries"].map(lambda t: t[0] if t else None).astype("string")
    models["primary_country_name"] = (
        models["primary_country"]
        .map(lambda c: countries.name(c) if isinstance(c, str) else None)
        .astype("string")
    )
    log.add(
        "merge",
        "models with no country (none given, or only 'Multinational')",
        int(models["countries"].map(len).eq(0).sum()),
    )
    models["is_large_scale"] = large_scale(models, log)
    models["frontier_top10"] = top_n_at_release(
        models["publication_date"], models["compute_flop"], FRONTIER_TOP_N
    )
    return models


def large_scale(models: pd.DataFrame, log: CleaningLog) -> pd.Series:
    """Epoch's large-scale list (over 10^23 FLOP, including models believed to exceed it), and,
    for models newer than that list, the same rule applied here: compute over 10^23 FLOP and not
    a fine-tune of another model (Epoch's list leaves fine-tunes out; their compute includes the
    base model's)."""
    listed = models["in_large_scale_file"]
    if not listed.any():
        return listed.copy()
    newer = models["publication_date"] > models.loc[listed, "publication_date"].max()
    added = (
        newer
        & (models["compute_flop"] > LARGE_SCALE_THRESHOLD_FLOP).fillna(False)
        & models["base_model"].isna()
    )
    log.add(
        "merge",
        "models newer than Epoch's large-scale list with compute over its threshold counted as large-scale",
        int(added.sum()),
    )
    return (listed | added).astype(bool)


def export_controls_panel(gta: pd.DataFrame, countries: list[str], last_year: int) -> pd.DataFrame:
    """Controls imposed by and on each country per year, with running totals.

    One row per (iso3, year) for every country in `countries` or in the GTA file, from the first
    GTA year to `last_year`; a year without new controls carries the running total. Totals count
    every control ever implemented (one was later removed; the report says so)."""
    imposed = (
        gta[["year", "implementing_iso3"]]
        .explode("implementing_iso3")
        .rename(columns={"implementing_iso3": "iso3"})
    )
    targeted = (
        gta[["year", "affected_iso3"]].explode("affected_iso3").rename(columns={"affected_iso3": "iso3"})
    )
    imposed_new = imposed.dropna().groupby(["iso3", "year"]).size().rename("imposed_new")
    targeted_new = targeted.dropna().groupby(["iso3", "year"]).size().rename("targeted_new")
    codes = sorted(set(countries) | set(imposed["iso3"].dropna()) | set(targeted["iso3"].dropna()))
    years = range(int(gta["year"].min()), max(int(last_year), int(gta["year"].max())) + 1)
    grid = pd.MultiIndex.from_product([codes, years], names=["iso3", "year"])
    panel = (
        pd.concat([imposed_new, targeted_new], axis=1).reindex(grid).fillna(0).astype("int64").reset_index()
    )
    panel["imposed_cum"] = panel.groupby("iso3")["imposed_new"].cumsum()
    panel["targeted_cum"] = panel.groupby("iso3")["targeted_new"].cumsum()
    return panel


def join_country_year(models: pd.DataFrame, controls: pd.DataFrame, pub_share: pd.DataFrame) -> pd.DataFrame:
    """Attach the primary country's export-control totals and publication share in the model's
    year. Before the first recorded control a country's totals are zero; models without a
    country get none."""
    first_year = int(controls["year"].min())
    out = _checked_merge(
        models,
        controls[["iso3", "year", "imposed_cum", "targeted_cum"]].rename(
            columns={
                "iso3": "primary_country",
                "imposed_cum": "controls_imposed_cum",
                "targeted_cum": "controls_targeted_cum",
            }
        ),
        ["primary_country", "year"],
        "models x export controls",
    )
    before = out["primary_country"].notna() & (out["year"] < first_year)
    for column in ("controls_imposed_cum", "controls_targeted_cum"):
        out[column] = out[column].astype("Int64").mask(before, 0)
    out = _checked_merge(
        out,
        pub_share[["iso3", "year", "share_pct"]].rename(
            columns={"iso3": "primary_country", "share_pct": "pub_share"}
        ),
        ["primary_country", "year"],
        "models x publication share",
    )
    return out


def model_countries(models: pd.DataFrame) -> pd.DataFrame:
    """One row per (model, country): a model counts once for every country of its authors."""
    long = models[
        [
            "model_key",
            "model",
            "countries",
            "year",
            "decimal_year",
            "compute_flop",
            "is_large_scale",
            "frontier_epoch",
            "frontier_top10",
            "domain_group",
        ]
    ].copy()
    long["n_countries"] = long["countries"].map(len)
    long = long.explode("countries").rename(columns={"countries": "iso3"})
    long = long[long["iso3"].notna()].copy()
    names = mapper()
    long["country_name"] = long["iso3"].map(names.name).astype("string")
    long["iso3"] = long["iso3"].astype("string")
    _ensure_unique(long, ["model_key", "iso3"], "model countries")
    return long.reset_index(drop=True)


@dataclass(frozen=True)
class MergeInputs:
    epoch: dict[str, pd.DataFrame]  # all, notable, large_scale, frontier
    gta: pd.DataFrame
    pub_share: pd.DataFrame


def build_models(
    inputs: MergeInputs, log: CleaningLog, countries: CountryMapper | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The merged table and the export-control panel it was joined to."""
    countries = countries or mapper()
    combined = combine_model_files(inputs.epoch, log)
    models = add_derived_columns(combined, countries, log)
    present = sorted(models["primary_country"].dropna().unique())
    controls = export_controls_panel(inputs.gta, present, int(models["year"].max()))
    models = join_country_year(models, controls, inputs.pub_share)
    _ensure_unique(models, ["model_key"], "merged table")
    models = models[list(TABLE_COLUMNS)].sort_values(
        ["publication_date", "model_key"], kind="mergesort", na_position="last"
    )
    return models.reset_index(drop=True), controls
