"""Dates as decimal years, the one place they are computed.

Trends are fitted on the decimal year of publication: year + (day of year − 1) / days in that
year, so 2020-01-01 is 2020.0 and 2021-07-02 is 2021.4986 (day 183 of 365).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import overload

import numpy as np
import pandas as pd


def decimal_year(dates: pd.Series | pd.DatetimeIndex | Iterable) -> np.ndarray:
    """Dates as decimal years: year + (day of year − 1) / days in that year.

    2020-01-01 → 2020.0; 2021-07-02 → 2021.4986 (day 183 of 365). Missing dates give NaN.
    """
    ts = pd.to_datetime(pd.Series(dates), errors="raise")
    if isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = ts.dt.tz_localize(None)
    days_in_year = np.where(ts.dt.is_leap_year.fillna(False).to_numpy(), 366.0, 365.0)
    year = ts.dt.year.to_numpy(dtype=float, na_value=np.nan)
    day = ts.dt.day_of_year.to_numpy(dtype=float, na_value=np.nan)
    return year + (day - 1.0) / days_in_year


@overload
def to_decimal_year(when: None) -> None: ...
@overload
def to_decimal_year(when: float | int | str | pd.Timestamp) -> float: ...
def to_decimal_year(when: float | int | str | pd.Timestamp | None) -> float | None:
    """One date-like value as a decimal year: numbers pass through, strings/timestamps convert.

    None stays None (an open end of a window).
    """
    if when is None:
        return None
    if isinstance(when, (int, float, np.integer, np.floating)) and not isinstance(when, bool):
        value = float(when)
        if math.isnan(value):
            raise ValueError("date is NaN")
        return value
    try:
        ts = pd.Timestamp(when)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"cannot read {when!r} as a date") from exc
    return float(decimal_year([ts])[0])


def decimal_year_to_timestamp(value: float) -> pd.Timestamp:
    """Inverse of `decimal_year` (to the day): 2020.5 → 2020-07-02."""
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"decimal year must be a number, got {value!r}") from exc
    if math.isnan(v):
        raise ValueError("decimal year is NaN")
    year = int(math.floor(v))
    start = pd.Timestamp(year=year, month=1, day=1)
    days = 366 if start.is_leap_year else 365
    return start + pd.Timedelta(days=round((v - year) * days))


def decimal_years_of(df: pd.DataFrame) -> np.ndarray:
    """Decimal years of the rows: the `decimal_year` column, else computed from
    `publication_date`."""
    if "decimal_year" in df.columns:
        return df["decimal_year"].to_numpy(dtype=float, na_value=np.nan)
    if "publication_date" in df.columns:
        return decimal_year(df["publication_date"])
    raise KeyError("frame needs a 'decimal_year' or 'publication_date' column")
