"""One loader per source: read strictly, resolve the schema, type every column, clean what the
data need, and log each decision with the rows it touched. Loaders never write anything.

Each loader takes the file's release date (`released`, from the manifest): dates after it are
errors, or, for models too small to move a frontier, a logged rule. `load_source` reads a file
with the loader its manifest entry names; `make data` uses it to validate every fetched file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from .cleaning import CleaningLog
from .constants import FRONTIER_TOP_N, LARGE_SCALE_ERA_START, LARGE_SCALE_THRESHOLD_FLOP
from .countries import CountryMapper, mapper, split_names
from .errors import DataError
from .readers import decode_text, parse_csv, read_bytes, read_csv_file, read_csv_member
from .schema import (
    EPOCH_MODEL_COLUMNS,
    EPOCH_RENAMES,
    GTA_COLUMNS,
    HARDWARE_COLUMNS,
    OECD_COLUMNS,
    OWID_KEY_COLUMNS,
    OWID_MODEL_KEY_COLUMNS,
)
from .sources import SourceFile
from .typed import (
    EARLIEST_DATE,
    after_release,
    apply_types,
    check_not_after,
    resolve_columns,
    to_date,
    to_float,
    to_name,
    to_text,
)

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


def _map_countries(cells: pd.Series, file: Path, column: str, countries: CountryMapper) -> pd.Series:
    """Each cell's distinct countries as a tuple of ISO3 codes, in order of first mention. A
    name that is not known is an error naming the whole cell: the sources separate countries by
    commas, so "Korea, Republic of" reads as "Korea" and "Republic of"."""
    mapped: dict[str, tuple[str, ...]] = {}
    for idx, cell in cells.dropna().items():
        if cell in mapped:
            continue
        codes: list[str] = []
        names = split_names(cell)
        for name in names:
            try:
                code = countries.iso3(name, file, column=column, row=int(idx) + 1)
            except DataError as err:
                if len(names) == 1:
                    raise
                raise DataError(
                    file,
                    f"in {cell!r}: {err.problem}; countries in this column are separated by commas, "
                    "so a name with a comma in it is read as two",
                    column=column,
                    row=int(idx) + 1,
                    hint=err.hint
                    if "code" in err.problem
                    else "a country name with a comma cannot be told from two countries; it needs a spelling without one",
                ) from None
            if code and code not in codes:
                codes.append(code)
        mapped[cell] = tuple(codes)
    return cells.map(lambda c: mapped.get(c, ()) if isinstance(c, str) else ())


def _check_model_dates(frame: pd.DataFrame, file: Path, released: date | None, log: CleaningLog) -> None:
    """Dates a frontier cannot have. A model above the large-scale threshold dated before the
    large-scale era began is an error. A model dated after the file's own release is an error
    when it would move the frontier (it would be among the top FRONTIER_TOP_N by compute at its
    date); smaller ones, and ones without a compute estimate, are kept and counted."""
    dates, compute = frame["publication_date"], frame["compute_flop"]
    early = (compute > LARGE_SCALE_THRESHOLD_FLOP).fillna(False) & (dates < LARGE_SCALE_ERA_START).fillna(
        False
    )
    if early.any():
        idx = early[early].index[0]
        raise DataError(
            file,
            f"a run of {compute[idx]:.2g} FLOP dated {dates[idx]:%Y-%m-%d}, before the large-scale era "
            f"began ({LARGE_SCALE_ERA_START:%Y-%m-%d}): no run that large existed then",
            column="Publication date",
            row=int(idx) + 1,
        )
    late = after_release(dates, released)
    moves = pd.Series(False, index=frame.index)
    for idx in late[late].index:
        if pd.notna(compute[idx]):
            larger_before = ((dates <= dates[idx]) & (compute > compute[idx])).sum()
            moves[idx] = larger_before < FRONTIER_TOP_N
    if moves.any():
        idx = moves[moves].index[0]
        raise DataError(
            file,
            f"a model of {compute[idx]:.2g} FLOP dated {dates[idx]:%Y-%m-%d}, after the file's release "
            f"({released:%Y-%m-%d}): it would move the frontier",
            column="Publication date",
            row=int(idx) + 1,
        )
    if released is not None:
        log.add(
            f"epoch/{file.name}",
            "models dated after the file's release, too small to move a frontier (kept as dated)",
            int(late.sum()),
        )


def load_epoch_models(
    path: Path, log: CleaningLog, countries: CountryMapper | None = None, *, released: date | None = None
) -> pd.DataFrame:
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
    frame = apply_types(
        resolve_columns(raw, EPOCH_MODEL_COLUMNS, path, log, EPOCH_RENAMES), EPOCH_MODEL_COLUMNS, path, log
    )
    _check_plausible(frame, path)
    _check_model_dates(frame, path, released, log)
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
    frame = frame.sort_values(
        ["model_key", "_modified", "_filled", "source_row"],
        ascending=[True, False, False, True],
        kind="mergesort",
    )
    duplicated = frame["model_key"].duplicated(keep="first")
    log.add(
        source,
        "second listings of the same model name dropped (kept the newest, most complete row)",
        int(duplicated.sum()),
    )
    frame = frame[~duplicated].drop(columns=["_filled", "_modified"])
    return frame.sort_values("source_row", kind="mergesort").reset_index(drop=True)


def load_hardware(path: Path, log: CleaningLog, *, released: date | None = None) -> pd.DataFrame:
    """Epoch's ML hardware table; rows without a release date are kept (announced parts)."""
    raw = read_csv_file(path)
    frame = apply_types(resolve_columns(raw, HARDWARE_COLUMNS, path, log), HARDWARE_COLUMNS, path, log)
    check_not_after(frame["release_date"], released, path, "Release date")
    undated = frame["release_date"].isna()
    log.add(
        f"epoch/{path.name}",
        "accelerators without a release date (kept; excluded from trends)",
        int(undated.sum()),
    )
    duplicated = frame["hardware_name"].duplicated()
    if duplicated.any():
        idx = duplicated[duplicated].index[0]
        raise DataError(
            path,
            f"hardware {frame.at[idx, 'hardware_name']!r} listed twice",
            column="Hardware name",
            row=int(idx) + 1,
        )
    return frame


def load_gta(
    path: Path, log: CleaningLog, countries: CountryMapper | None = None, *, released: date | None = None
) -> pd.DataFrame:
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
    check_not_after(frame["date_announced"], released, path, "Date Announced")
    if released is not None:
        scheduled = after_release(frame["date_implemented"], released) | after_release(
            frame["date_removed"], released
        )
        log.add(
            source,
            "controls implemented or removed on a date after the file's release (scheduled; kept)",
            int(scheduled.sum()),
        )
    ids = frame["intervention_id"]
    if ids.isna().any() or ids.duplicated().any():
        bad = ids.isna() | ids.duplicated()
        idx = bad[bad].index[0]
        raise DataError(
            path, "intervention id missing or repeated", column="Intervention ID", row=int(idx) + 1
        )
    frame["implementing_iso3"] = _map_countries(
        frame["implementing"], path, "Implementing Jurisdictions", countries
    )
    frame["affected_iso3"] = _map_countries(frame["affected"], path, "Affected Jurisdictions", countries)
    no_implementer = frame["implementing_iso3"].map(len).eq(0)
    if no_implementer.any():
        idx = no_implementer[no_implementer].index[0]
        raise DataError(
            path, "no implementing jurisdiction", column="Implementing Jurisdictions", row=int(idx) + 1
        )
    in_force = frame["in_force"].astype("string").str.strip()
    if not in_force.isin(["0", "1"]).all():
        idx = (~in_force.isin(["0", "1"]))[lambda s: s].index[0]
        raise DataError(
            path,
            f"Is In Force must be 0 or 1, not {frame.at[idx, 'in_force']!r}",
            column="Is In Force",
            row=int(idx) + 1,
        )
    frame["in_force"] = in_force.eq("1")
    undated = frame["date_implemented"].isna()
    log.add(source, "controls without an implementation date dated by their announcement", int(undated.sum()))
    frame["date"] = frame["date_implemented"].fillna(frame["date_announced"])
    if frame["date"].isna().any():
        idx = frame["date"].isna()[lambda s: s].index[0]
        raise DataError(
            path,
            "neither an implementation nor an announcement date",
            column="Date Implemented",
            row=int(idx) + 1,
        )
    frame["year"] = frame["date"].dt.year.astype("int64")
    eu_wide = frame["implementing_iso3"].map(len).ge(27)
    log.add(
        source, "controls implemented by all EU member states credited to each of them", int(eu_wide.sum())
    )
    return frame


def load_oecd(
    path: Path, log: CleaningLog, countries: CountryMapper | None = None, *, released: date | None = None
) -> pd.DataFrame:
    """OECD.AI's AI-publication series: each economy's percentage share of world AI publications
    per year (the `publications` column is a share, not a count). One row per (iso3, year)."""
    countries = countries or mapper()
    member = "data.csv"
    raw = read_csv_member(path, member)
    label = f"{path}!{member}"
    frame = apply_types(resolve_columns(raw, OECD_COLUMNS, label, log), OECD_COLUMNS, label, log)
    concept = frame["ai_concept"].eq("All AI research")
    log.add(
        "oecd/oecd-ai-data.zip",
        "rows of other AI concepts than 'All AI research' left out",
        int((~concept).sum()),
    )
    frame = frame[concept].copy()
    if frame.empty:
        raise DataError(label, "no rows for 'All AI research'", column="ai_concept")
    if (frame["share_pct"] > 100).any():
        idx = (frame["share_pct"] > 100)[lambda s: s].index[0]
        raise DataError(
            label,
            "a share above 100%: this column must hold percentage shares",
            column="publications",
            row=int(idx) + 1,
        )
    if frame["year"].isna().any() or (frame["year"] % 1 != 0).any():
        idx = (frame["year"].isna() | (frame["year"] % 1 != 0))[lambda s: s].index[0]
        raise DataError(label, "year missing or not whole", column="year", row=int(idx) + 1)
    _check_years(frame["year"], label, "year", released)
    frame["year"] = frame["year"].astype("int64")
    if frame["code"].isna().any():
        idx = frame["code"].isna()[lambda s: s].index[0]
        raise DataError(label, "no country code", column="Country", row=int(idx) + 1)
    frame["iso3"] = [
        countries.code(code, label, column="Country", row=int(i) + 1) for i, code in frame["code"].items()
    ]
    frame["country_name"] = [countries.name(c) for c in frame["iso3"]]
    key = frame[["iso3", "year"]]
    if key.duplicated().any():
        idx = key.duplicated()[lambda s: s].index[0]
        raise DataError(label, "an economy-year appears twice", column="Country", row=int(idx) + 1)
    return frame[["iso3", "country_name", "year", "share_pct"]].reset_index(drop=True)


def _check_years(years: pd.Series, file: str | Path, column: str, released: date | None) -> None:
    """Whole years from the field's start to the file's release year."""
    last = released.year if released is not None else None
    bad = (years < EARLIEST_DATE.year) | ((years > last) if last is not None else False)
    if bad.any():
        idx = bad[bad].index[0]
        raise DataError(
            file,
            f"year {int(years[idx])} out of range ({EARLIEST_DATE.year} to the file's release, {last})",
            column=column,
            row=int(idx) + 1,
        )


def _owid_value(
    raw: pd.DataFrame, path: Path, value_column: str, log: CleaningLog, counts: bool
) -> pd.Series:
    """The value column, found by its title (never by position: a column inserted before it
    would be read instead). Counts are whole, and a blank count is an error."""
    if value_column not in raw.columns:
        others = [c for c in raw.columns if c not in OWID_KEY_COLUMNS + OWID_MODEL_KEY_COLUMNS]
        raise DataError(
            path,
            f"no value column {value_column!r} (the file has {others})",
            column=value_column,
            hint="if Our World in Data renamed it, update `value_column` in data/sources.yaml",
        )
    value = to_float(raw[value_column], path, value_column, log, log_scale=False, whole=counts)
    if counts and value.isna().any():
        idx = value.isna()[lambda s: s].index[0]
        raise DataError(path, "a blank count", column=value_column, row=int(idx) + 1)
    return value


def load_owid(
    path: Path,
    log: CleaningLog,
    value_column: str,
    *,
    counts: bool = False,
    released: date | None = None,
    countries: CountryMapper | None = None,
) -> pd.DataFrame:
    """An Our World in Data grapher export by country: Entity, Code, Year and the value column
    `value_column` (other columns are ignored).

    Returns `entity`, `iso3` (the Code where it is a country code; aggregates such as "World",
    with a blank or "OWID_..." code, have none), `year`, `value`, and the value column's title in
    `attrs`. A code that is neither blank, "OWID_..." nor a known upper-case ISO3 code is an
    error."""
    countries = countries or mapper()
    raw = read_csv_file(path)
    missing = [c for c in OWID_KEY_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(path, f"required column(s) {missing} not found", column=missing[0])
    frame = pd.DataFrame({"entity": to_name(raw["Entity"], path, "Entity", log)})
    if frame["entity"].isna().any():
        idx = frame["entity"].isna()[lambda s: s].index[0]
        raise DataError(path, "no entity name", column="Entity", row=int(idx) + 1)
    year = pd.to_numeric(raw["Year"].astype("string").str.strip(), errors="coerce")
    year = year.where(year % 1 == 0)  # a year is whole: 2020.5 is not a year
    if year.isna().any():
        idx = year.isna()[lambda s: s].index[0]
        raise DataError(path, f"not a year: {raw.at[idx, 'Year']!r}", column="Year", row=int(idx) + 1)
    _check_years(year, path, "Year", released)
    frame["year"] = year.astype("int64")
    frame["value"] = _owid_value(raw, path, value_column, log, counts)
    codes = to_text(raw["Code"], path, "Code", log)
    aggregate = codes.isna() | codes.str.startswith("OWID_").fillna(False)
    frame["iso3"] = [
        None if agg else countries.code(code, path, column="Code", row=int(i) + 1)
        for i, (code, agg) in enumerate(zip(codes, aggregate, strict=True))
    ]
    frame["iso3"] = frame["iso3"].astype(object)
    frame.attrs["value_column"] = value_column
    return frame


# Our World in Data's model-level exports end a few entity names with a bare line end, so the
# name sits alone on a line and its record continues on the next ("GPT-3.5 (davinci-002)\n,2022-…").
_BROKEN_NAME = re.compile(r"^([^,\"\r\n]+)\r?\n(?=,)", re.MULTILINE)


def load_owid_models(
    path: Path, log: CleaningLog, value_column: str, *, released: date | None = None
) -> pd.DataFrame:
    """An Our World in Data model-level export: Entity (a model), Day, the value column and a
    category column. An entity name broken by a bare line end is joined to its record (a logged
    rule). Returns `entity`, `day`, `value` and `category`."""
    text = decode_text(read_bytes(path), path)
    header, _, body = text.partition("\n")
    body, mended = _BROKEN_NAME.subn(r"\1", body)
    raw = parse_csv(header + "\n" + body, path)
    log.add(f"owid/{path.name}", "model names broken by a bare line end joined to their record", mended)
    missing = [c for c in OWID_MODEL_KEY_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(path, f"required column(s) {missing} not found", column=missing[0])
    frame = pd.DataFrame({"entity": to_name(raw["Entity"], path, "Entity", log)})
    frame["day"] = to_date(raw["Day"], path, "Day")
    check_not_after(frame["day"], released, path, "Day", raw["Day"])
    frame["value"] = _owid_value(raw, path, value_column, log, counts=False)
    others = [c for c in raw.columns if c not in (*OWID_MODEL_KEY_COLUMNS, value_column)]
    frame["category"] = to_text(raw[others[0]], path, others[0], log) if others else None
    return frame


LOADERS: dict[str, Callable[..., pd.DataFrame]] = {
    "epoch_models": lambda src, path, log: load_epoch_models(path, log, released=src.released),
    "epoch_hardware": lambda src, path, log: load_hardware(path, log, released=src.released),
    "gta": lambda src, path, log: load_gta(path, log, released=src.released),
    "oecd": lambda src, path, log: load_oecd(path, log, released=src.released),
    "owid": lambda src, path, log: load_owid(
        path, log, src.value_column, counts=src.counts, released=src.released
    ),
    "owid_models": lambda src, path, log: load_owid_models(
        path, log, src.value_column, released=src.released
    ),
}
"""How each kind of manifest file is read (`loader:` in data/sources.yaml)."""


def load_source(src: SourceFile, path: Path, log: CleaningLog) -> pd.DataFrame:
    """Read the file `path` as its manifest entry `src` says (loader, release date, value
    column). A file whose entry names no loader is only checked to be readable and non-empty."""
    if src.loader is None:
        if not read_bytes(path).strip():
            raise DataError(path, "the file is empty")
        return pd.DataFrame()
    if src.loader not in LOADERS:
        raise DataError(path, f"unknown loader {src.loader!r} in the source manifest")
    return LOADERS[src.loader](src, path, log)
