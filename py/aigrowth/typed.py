"""Turning a raw frame of strings into typed columns, by the column specs in `schema`.

Every value that cannot be read is an error naming file, column and row; every value changed by
a documented rule is counted in the cleaning log. Nothing here reads the clock: dates are judged
against fixed bounds and, in the loaders, against the release date recorded for each file.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .cleaning import CleaningLog
from .errors import DataError
from .schema import Column

# Dates before this are data errors, not history: the field did not exist (the earliest model
# in Epoch's data is from 1950). The latest date a file may hold is its own release date.
EARLIEST_DATE = pd.Timestamp("1940-01-01")

_WHITESPACE = re.compile(r"\s+")
# "3,000,000": a number written with thousands separators, or a list of numbers; either way it
# cannot be read safely (read as a list it would be 3).
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
# Bidirectional embeddings, overrides and isolates reorder the text around them on screen (an
# unclosed one reverses the rest of a sentence); text from the data loses them (a logged rule).
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Control characters other than tab and line ends are never text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def resolve_columns(
    frame: pd.DataFrame,
    columns: tuple[Column, ...],
    file: str | Path,
    log: CleaningLog,
    renames: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Rename old column names to current ones, check the required set, add missing optional
    columns as empty, and return only the spec's columns (still strings) in spec order."""
    renames = renames or {}
    applied: dict[str, str] = {}
    for old, new in renames.items():
        if old in frame.columns and new not in frame.columns and new not in applied.values():
            applied[old] = new
    frame = frame.rename(columns=applied)
    for old, new in applied.items():
        log.add(str(file), f"column {old!r} read as {new!r} (renamed in a later release)", len(frame))

    present = set(frame.columns)
    missing = [c.source for c in columns if c.required and c.source not in present]
    if missing:
        hints = []
        for name in missing:
            close = difflib.get_close_matches(name, sorted(present), n=1, cutoff=0.6)
            if close:
                hints.append(f"{name!r} may be {close[0]!r}")
        hint = "; ".join(hints) if hints else None
        if hint:
            hint += " — add the old name to the rename map in aigrowth/schema.py if so"
        raise DataError(
            file,
            f"unknown schema: required column(s) {missing} not found",
            column=missing[0],
            hint=hint,
        )
    out = pd.DataFrame(index=frame.index)
    for col in columns:
        if col.source in present:
            out[col.name] = frame[col.source]
        else:
            out[col.name] = None
            log.add(str(file), f"column {col.source!r} absent in this release: left empty", len(frame))
    return out


def _log_if_any(log: CleaningLog, file: str | Path, rule: str, count: int) -> None:
    """Per-column rules are logged only where they touched something, to keep the log short."""
    if int(count):
        log.add(str(file), rule, int(count))


def _first_bad(mask: pd.Series, values: pd.Series) -> tuple[int, str]:
    idx = mask[mask].index[0]
    return int(idx) + 1, str(values.loc[idx])


def to_float(
    values: pd.Series,
    file: str | Path,
    column: str,
    log: CleaningLog,
    *,
    log_scale: bool,
    whole: bool = False,
) -> pd.Series:
    """Numbers from strings. Cells that list the same number several times, comma-joined (one
    per organisation), read as that number; differing lists read as their first number; both
    are counted. A number with thousands separators ("3,000,000") is an error: it cannot be
    told from a list. Anything else unreadable, negatives and (with `whole`) fractions are
    errors."""
    text = values.astype("string").str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    unreadable = text.notna() & numbers.isna()
    separated = unreadable & text.str.fullmatch(_THOUSANDS).fillna(False)
    if separated.any():
        row, value = _first_bad(separated, text)
        raise DataError(
            file,
            f"{value!r} is written with thousands separators (or is a list of numbers)",
            column=column,
            row=row,
            hint="the sources write plain numbers such as 3000000",
        )
    if unreadable.any():
        parts = (
            text[unreadable]
            .str.split(",", expand=True)
            .apply(lambda c: pd.to_numeric(c.str.strip(), errors="coerce"))
        )
        listed = text[unreadable].str.contains(",") & parts.notna().sum(axis=1).eq(
            text[unreadable].str.count(",") + 1
        )
        if not listed.all():
            row, value = _first_bad(unreadable & ~listed.reindex(text.index, fill_value=True), text)
            raise DataError(file, f"not a number: {value!r}", column=column, row=row)
        same = parts.nunique(axis=1).eq(1)
        numbers[unreadable] = parts.iloc[:, 0]
        _log_if_any(
            log, file, f"{column}: comma-joined repeats of one number read as that number", same.sum()
        )
        _log_if_any(log, file, f"{column}: comma-joined differing numbers read as the first", (~same).sum())
    if not np.isfinite(numbers.dropna()).all():
        row, value = _first_bad(numbers.notna() & ~np.isfinite(numbers.fillna(0)), text)
        raise DataError(file, f"not a finite number: {value!r}", column=column, row=row)
    negative = numbers < 0
    if negative.any():
        row, value = _first_bad(negative.fillna(False), text)
        raise DataError(
            file, f"negative value {value!r} where only positive ones make sense", column=column, row=row
        )
    if whole:
        fraction = numbers.notna() & (numbers % 1 != 0)
        if fraction.any():
            row, value = _first_bad(fraction, text)
            raise DataError(
                file, f"not a whole number: {value!r} (the column holds counts)", column=column, row=row
            )
    if log_scale:
        zero = numbers == 0
        _log_if_any(
            log, file, f"{column}: zero read as missing (not a measurement on a log scale)", zero.sum()
        )
        numbers = numbers.mask(zero)
    return numbers.astype("float64")


def to_date(values: pd.Series, file: str | Path, column: str) -> pd.Series:
    """ISO dates (YYYY-MM-DD; a trailing time is allowed), none before EARLIEST_DATE. The latest
    allowed date is the file's release date, which the loaders check (see `check_not_after`)."""
    text = values.astype("string").str.strip().str.slice(0, 10)
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = text.notna() & parsed.isna()
    if bad.any():
        row, value = _first_bad(bad, values)
        raise DataError(file, f"not a date (YYYY-MM-DD): {value!r}", column=column, row=row)
    too_early = parsed < EARLIEST_DATE
    if too_early.any():
        row, value = _first_bad(too_early.fillna(False), values)
        raise DataError(
            file,
            f"date {value!r} out of range ({EARLIEST_DATE.date()} to the file's release date)",
            column=column,
            row=row,
        )
    return parsed.astype("datetime64[ns]")


def after_release(dates: pd.Series, released) -> pd.Series:
    """Where `dates` fall after the file's release date (`released`: a date, or None when the
    release is not known, which marks nothing)."""
    if released is None:
        return pd.Series(False, index=dates.index)
    return (dates > pd.Timestamp(released)).fillna(False)


def check_not_after(
    dates: pd.Series, released, file: str | Path, column: str, raw: pd.Series | None = None
) -> None:
    """A date after the file's own release cannot be a record of the past: an error."""
    late = after_release(dates, released)
    if late.any():
        row, value = _first_bad(late, raw if raw is not None else dates.dt.strftime("%Y-%m-%d"))
        raise DataError(
            file,
            f"date {value!r} is after the file's release ({pd.Timestamp(released).date()})",
            column=column,
            row=row,
        )


def to_flag(values: pd.Series, file: str | Path, column: str) -> pd.Series:
    """Epoch's flags are "True" or blank (no "False" is ever written): blank reads as False."""
    text = values.astype("string").str.strip().str.lower()
    bad = text.notna() & ~text.isin(["true", "false"])
    if bad.any():
        row, value = _first_bad(bad, values)
        raise DataError(file, f"not a flag (True or blank): {value!r}", column=column, row=row)
    return text.eq("true").fillna(False).astype(bool)


def to_yesno(values: pd.Series, file: str | Path, column: str) -> pd.Series:
    """Yes/No answers as a nullable boolean; blank stays unknown."""
    text = values.astype("string").str.strip().str.lower()
    bad = text.notna() & ~text.isin(["yes", "no"])
    if bad.any():
        row, value = _first_bad(bad, values)
        raise DataError(file, f"not Yes or No: {value!r}", column=column, row=row)
    return text.map({"yes": True, "no": False}).astype("boolean")


def _clean_text(values: pd.Series, file: str | Path, column: str, log: CleaningLog) -> pd.Series:
    """Text with bidirectional controls removed (logged) and any other control character an
    error."""
    text = values.astype("string")
    control = text.str.contains(_CONTROL).fillna(False)
    if control.any():
        row, value = _first_bad(control, text)
        found = _CONTROL.search(value)
        char = found.group() if found else "?"
        raise DataError(
            file,
            f"a control character U+{ord(char):04X} in {value[:80]!r}",
            column=column,
            row=row,
            hint="the file is corrupt, or the text was pasted from a PDF",
        )
    bidi = text.str.contains(_BIDI_CONTROLS).fillna(False)
    _log_if_any(log, file, f"{column}: bidirectional control characters removed from text", bidi.sum())
    return text.str.replace(_BIDI_CONTROLS, "", regex=True) if bidi.any() else text


def to_name(values: pd.Series, file: str | Path, column: str, log: CleaningLog) -> pd.Series:
    """Names with surrounding whitespace removed and inner runs of whitespace (including
    newlines) collapsed to one space; the count of changed names is logged."""
    text = _clean_text(values, file, column, log)
    clean = text.str.replace(_WHITESPACE, " ", regex=True).str.strip()
    clean = clean.mask(clean.eq(""))
    _log_if_any(
        log, file, f"{column}: whitespace and newlines in names tidied", (clean != text).fillna(False).sum()
    )
    return clean


def to_text(values: pd.Series, file: str | Path, column: str, log: CleaningLog) -> pd.Series:
    text = _clean_text(values, file, column, log).str.strip()
    return text.mask(text.eq(""))


def apply_types(
    frame: pd.DataFrame, columns: tuple[Column, ...], file: str | Path, log: CleaningLog
) -> pd.DataFrame:
    """Convert every spec column of `frame` (already resolved) to its type."""
    out = pd.DataFrame(index=frame.index)
    for col in columns:
        v = frame[col.name]
        if col.kind in ("float", "logfloat"):
            out[col.name] = to_float(
                v, file, col.source, log, log_scale=col.kind == "logfloat", whole=col.whole
            )
        elif col.kind == "date":
            out[col.name] = to_date(v, file, col.source)
        elif col.kind == "flag":
            out[col.name] = to_flag(v, file, col.source)
        elif col.kind == "yesno":
            out[col.name] = to_yesno(v, file, col.source)
        elif col.kind == "name":
            out[col.name] = to_name(v, file, col.source, log)
        else:
            out[col.name] = to_text(v, file, col.source, log)
    return out
