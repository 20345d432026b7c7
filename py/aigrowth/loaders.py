"""One loader per source: read strictly, resolve the schema, type every column, clean what the
data need, and log each decision with the rows it touched. Loaders never write anything."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .cleaning import CleaningLog
from .countries import CountryMapper, mapper, split_names
from .errors import DataError
from .readers import read_csv_file, read_csv_member
from .schema import (
    EPOCH_MODEL_COLUMNS,
    EPOCH_RENAMES,
    GTA_COLUMNS,
    HARDWARE_COLUMNS,
    OECD_COLUMNS,
    OWID_KEY_COLUMNS,
)
from .typed import apply_types, resolve_columns

# Largest values a real record could hold; anything above is a unit or entry error.
PLAUSIBLE_MAX = {
    "compute_flop": 1e30,  # ~10,000x the largest 2025 training runs
    "parameters": 1e16,  # sparse recommenders reach 1e14
    "cost_usd_2023": 1e11,
    "power_w": 1e10,  # 10 GW; the largest runs draw ~0.1 GW
    "training_time_hours": 1e5,  # ~11 years
    "hardware_utilization": 1.0,
}


def model_key(names: pd.Series) -> pd.Series:
    """The join key for models across Epoch's files: the tidied name, casefolded."""
    return names.astype("string").str.casefold()


def _check_plausible(frame: pd.DataFrame, file: Path) -> None:
    for column, limit in PLAUSIBLE_MAX.items():
        if column not in frame:
            continue
        too_big = frame[column] > limit
        if too_big.any():
            idx = too_big[too_big].index[0]
            raise DataError(
                file,
                f"implausible value {frame.at[idx, column]:g} (above {limit:g})",
                column=column,
                row=int(idx) + 1,
            )


def _map_countries(
    cells: pd.Series, file: Path, column: str, countries: CountryMapper
) -> pd.Series:
    """Each cell's distinct countries as a tuple of ISO3 codes, in order of first mention."""
    mapped: dict[str, tuple[str, ...]] = {}
    for idx, cell in cells.dropna().items():
        if cell in mapped:
            continue
        codes: list[str] = []
        for name in split_names(cell):
            code = countries.iso3(name, file, column=column, row=int(idx) + 1)
            if code and code not in codes:
                codes.append(code)
        mapped[cell] = tuple(codes)
    return cells.map(lambda c: mapped.get(c, ()) if isinstance(c, str) else ())


def load_epoch_models(path: Path, log: CleaningLog, countries: CountryMapper | None = None) -> pd.DataFrame:
    """One of Epoch's model files (all, notable, large-scale or frontier), in any known schema.

    Returns one row per model with the project's column names (see `schema.EPOCH_MODEL_COLUMNS`)
    plus `model_key`, `countries` (tuple of ISO3) and `source_row`. Rows without a name or a
    publication date are dropped (they cannot be placed in time; in the March 2026 release they
    are stubs of other rows); a model listed twice keeps its most recently modified, most
    complete row.
    """
    countries = countries or mapper()
    source = f"epoch/{path.name}"
    raw = read_csv_file(path)
    if raw.empty:
        raise DataError(path, "the file has a header but no rows")
    frame = apply_types(resolve_columns(raw, EPOCH_MODEL_COLUMNS, path, log, EPOCH_RENAMES), EPOCH_MODEL_COLUMNS, path, log)
    _check_plausible(frame, path)
    frame["source_row"] = frame.index + 1
    frame["countries"] = _map_countries(frame["country"], path, "Country (of organization)", countries)

    unnamed = frame["model"].isna()
    log.add(source, "rows without a model name dropped", int(unnamed.sum()))
    undated = frame["publication_date"].isna() & ~unnamed
    log.add(source, "rows without a publication date dropped (cannot be placed in time)", int(undated.sum()))
    frame = frame[~unnamed & ~undated].copy()

    frame["model_key"] = model_key(frame["model"])
    # Prefer the most recently modified row, then the most complete one, then file order.
    frame["_filled"] = frame.notna().sum(axis=1)
    frame["_modified"] = frame["last_modified"].fillna("")
    frame = frame.sort_values(["model_key", "_modified", "_filled", "source_row"], ascending=[True, False, False, True], kind="mergesort")
    duplicated = frame["model_key"].duplicated(keep="first")
    log.add(source, "second listings of the same model name dropped (kept the newest, most complete row)", int(duplicated.sum()))
    frame = frame[~duplicated].drop(columns=["_filled", "_modified"])
    return frame.sort_values("source_row", kind="mergesort").reset_index(drop=True)


def load_hardware(path: Path, log: CleaningLog) -> pd.DataFrame:
    """Epoch's ML hardware table; rows without a release date are kept (announced parts)."""
    raw = read_csv_file(path)
    frame = apply_types(resolve_columns(raw, HARDWARE_COLUMNS, path, log), HARDWARE_COLUMNS, path, log)
    undated = frame["release_date"].isna()
    log.add(f"epoch/{path.name}", "accelerators without a release date (kept; excluded from trends)", int(undated.sum()))
    duplicated = frame["hardware_name"].duplicated()
    if duplicated.any():
        idx = duplicated[duplicated].index[0]
        raise DataError(path, f"hardware {frame.at[idx, 'hardware_name']!r} listed twice", column="Hardware name", row=int(idx) + 1)
    return frame


def load_gta(path: Path, log: CleaningLog, countries: CountryMapper | None = None) -> pd.DataFrame:
    """Global Trade Alert's semiconductor export-control interventions, one row each.

    `implementing` and `affected` become tuples of ISO3 codes (a cell listing the 27 EU member
    states credits each of them). The year of a control is the year it was implemented, or
    announced where no implementation date is given (counted in the log).
    """
    countries = countries or mapper()
    source = f"gta/{path.name}"
    raw = read_csv_file(path)
    if raw.empty:
        raise DataError(path, "the file has a header but no rows")
    frame = apply_types(resolve_columns(raw, GTA_COLUMNS, path, log), GTA_COLUMNS, path, log)
    ids = frame["intervention_id"]
    if ids.isna().any() or ids.duplicated().any():
        bad = ids.isna() | ids.duplicated()
        idx = bad[bad].index[0]
        raise DataError(path, "intervention id missing or repeated", column="Intervention ID", row=int(idx) + 1)
    frame["implementing_iso3"] = _map_countries(frame["implementing"], path, "Implementing Jurisdictions", countries)
    frame["affected_iso3"] = _map_countries(frame["affected"], path, "Affected Jurisdictions", countries)
    no_implementer = frame["implementing_iso3"].map(len).eq(0)
    if no_implementer.any():
        idx = no_implementer[no_implementer].index[0]
        raise DataError(path, "no implementing jurisdiction", column="Implementing Jurisdictions", row=int(idx) + 1)
    in_force = frame["in_force"].astype("string").str.strip()
    if not in_force.isin(["0", "1"]).all():
        idx = (~in_force.isin(["0", "1"]))[lambda s: s].index[0]
        raise DataError(path, f"Is In Force must be 0 or 1, not {frame.at[idx, 'in_force']!r}", column="Is In Force", row=int(idx) + 1)
    frame["in_force"] = in_force.eq("1")
    undated = frame["date_implemented"].isna()
    log.add(source, "controls without an implementation date dated by their announcement", int(undated.sum()))
    frame["date"] = frame["date_implemented"].fillna(frame["date_announced"])
    if frame["date"].isna().any():
        idx = frame["date"].isna()[lambda s: s].index[0]
        raise DataError(path, "neither an implementation nor an announcement date", column="Date Implemented", row=int(idx) + 1)
    frame["year"] = frame["date"].dt.year.astype("int64")
    eu_wide = frame["implementing_iso3"].map(len).ge(27)
    log.add(source, "controls implemented by all EU member states credited to each of them", int(eu_wide.sum()))
    return frame


def load_oecd(path: Path, log: CleaningLog, countries: CountryMapper | None = None) -> pd.DataFrame:
    """OECD.AI's AI-publication series: each economy's percentage share of world AI publications
    per year (the `publications` column is a share, not a count). One row per (iso3, year)."""
    countries = countries or mapper()
    member = "data.csv"
    raw = read_csv_member(path, member)
    label = f"{path}!{member}"
    frame = apply_types(resolve_columns(raw, OECD_COLUMNS, label, log), OECD_COLUMNS, label, log)
    concept = frame["ai_concept"].eq("All AI research")
    log.add("oecd/oecd-ai-data.zip", "rows of other AI concepts than 'All AI research' left out", int((~concept).sum()))
    frame = frame[concept].copy()
    if frame.empty:
        raise DataError(label, "no rows for 'All AI research'", column="ai_concept")
    if (frame["share_pct"] > 100).any():
        idx = (frame["share_pct"] > 100)[lambda s: s].index[0]
        raise DataError(label, "a share above 100%: this column must hold percentage shares", column="publications", row=int(idx) + 1)
    if frame["year"].isna().any() or (frame["year"] % 1 != 0).any():
        idx = (frame["year"].isna() | (frame["year"] % 1 != 0))[lambda s: s].index[0]
        raise DataError(label, "year missing or not whole", column="year", row=int(idx) + 1)
    frame["year"] = frame["year"].astype("int64")
    frame["iso3"] = [
        countries.iso3(code, label, column="Country", row=int(i) + 1) if len(code) != 3 else code
        for i, code in frame["code"].items()
    ]
    frame["country_name"] = [countries.name(c) for c in frame["iso3"]]
    key = frame[["iso3", "year"]]
    if key.duplicated().any():
        idx = key.duplicated()[lambda s: s].index[0]
        raise DataError(label, "an economy-year appears twice", column="Country", row=int(idx) + 1)
    return frame[["iso3", "country_name", "year", "share_pct"]].reset_index(drop=True)


def load_owid(path: Path, log: CleaningLog) -> pd.DataFrame:
    """An Our World in Data grapher export: Entity, Code, Year and one value column.

    Returns `entity`, `iso3` (the Code where it is a country code; aggregates such as "World" or
    "OWID_..." codes have none), `year`, `value`, and the value column's title in `attrs`."""
    raw = read_csv_file(path)
    missing = [c for c in OWID_KEY_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(path, f"required column(s) {missing} not found", column=missing[0])
    values = [c for c in raw.columns if c not in OWID_KEY_COLUMNS]
    if not values:
        raise DataError(path, "no value column after Entity, Code, Year")
    value_column = values[0]
    frame = pd.DataFrame({"entity": raw["Entity"].str.strip(), "code": raw["Code"]})
    year = pd.to_numeric(raw["Year"], errors="coerce")
    year = year.where(year % 1 == 0)  # a year is whole: 2020.5 is not a year
    if year.isna().any():
        idx = year.isna()[lambda s: s].index[0]
        raise DataError(path, f"not a year: {raw.at[idx, 'Year']!r}", column="Year", row=int(idx) + 1)
    frame["year"] = year.astype("int64")
    value = pd.to_numeric(raw[value_column], errors="coerce")
    bad = raw[value_column].notna() & value.isna()
    if bad.any():
        idx = bad[bad].index[0]
        raise DataError(path, f"not a number: {raw.at[idx, value_column]!r}", column=value_column, row=int(idx) + 1)
    frame["value"] = value.astype("float64")
    is_country = frame["code"].astype("string").str.fullmatch(r"[A-Z]{3}").fillna(False)
    frame["iso3"] = frame["code"].where(is_country)
    frame = frame.drop(columns="code")
    frame.attrs["value_column"] = value_column
    return frame
