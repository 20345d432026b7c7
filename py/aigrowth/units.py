"""Unit conversions, each named for what it converts.

Growth is fitted as a slope of log10(value) per year (orders of magnitude, "OOMs", per year).
The report speaks of it three ways: growth factor per year (10**slope), doubling time in months
(12·log10(2)/slope) and OOMs per year (the slope itself). A slope that is zero or negative has no
doubling time: these helpers return `math.inf` for it rather than a negative or absurd number.
Dates as decimal years are in `aigrowth.years`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from aigrowth.constants import FLOP_PER_PETAFLOP_S_DAY

_LOG10_2 = math.log10(2.0)


def _as_float(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a number, got {value!r}") from exc
    if math.isnan(number):
        raise ValueError(f"{name} is NaN")
    return number


def slope_to_growth_per_year(slope: float) -> float:
    """Growth factor per year from a slope in log10 units per year (0.5 → 3.16×/year)."""
    return 10.0 ** _as_float(slope, "slope")


def slope_to_doubling_months(slope: float) -> float:
    """Doubling time in months from a slope in log10 units per year.

    Returns `math.inf` for a slope that is zero or negative: the series never doubles.
    """
    s = _as_float(slope, "slope")
    if s <= 0:
        return math.inf
    return 12.0 * _LOG10_2 / s


def ooms_to_doubling_time_months(ooms_per_year: float) -> float:
    """Doubling time in months from orders of magnitude per year (the same as a log10 slope)."""
    return slope_to_doubling_months(ooms_per_year)


def doubling_months_to_slope(months: float) -> float:
    """Slope in log10 units per year of a series doubling every `months` months."""
    m = _as_float(months, "months")
    if m <= 0:
        raise ValueError(f"doubling time must be positive, got {m}")
    if math.isinf(m):
        return 0.0
    return 12.0 * _LOG10_2 / m


def growth_per_year_to_doubling_months(growth: float) -> float:
    """Doubling time in months from a growth factor per year (4×/year → 6.0 months).

    A factor of 1 or less never doubles: `math.inf`.
    """
    g = _as_float(growth, "growth")
    if g <= 0:
        raise ValueError(f"growth factor must be positive, got {g}")
    return slope_to_doubling_months(math.log10(g))


def doubling_months_to_growth_per_year(months: float) -> float:
    """Growth factor per year of a series doubling every `months` months (6 months → 4×)."""
    return 10.0 ** doubling_months_to_slope(months)


def interval_slope_to_doubling(low: float, high: float) -> tuple[float, float]:
    """Turn a slope interval (low, high) into a doubling-time interval, ends in order.

    A steeper slope means a shorter doubling time, so the ends swap: the short end of the
    doubling interval comes from the high slope. A low slope at or below zero gives an upper end
    of `math.inf` (the data do not rule out no growth).
    """
    lo, hi = _as_float(low, "low"), _as_float(high, "high")
    if lo > hi:
        raise ValueError(f"interval ends out of order: low={lo} > high={hi}")
    return slope_to_doubling_months(hi), slope_to_doubling_months(lo)


def flop_to_petaflop_s_days(flop: float | np.ndarray) -> float | np.ndarray:
    """FLOP to petaflop/s-days (1 pfs-day = 1e15 FLOP/s × 86,400 s = 8.64e19 FLOP).

    Scalars come back as float, arrays as arrays.
    """
    if np.isscalar(flop):
        return _as_float(flop, "flop") / FLOP_PER_PETAFLOP_S_DAY
    return np.asarray(flop, dtype=float) / FLOP_PER_PETAFLOP_S_DAY


def petaflop_s_days_to_flop(pfs_days: float | np.ndarray) -> float | np.ndarray:
    """Petaflop/s-days to FLOP (inverse of `flop_to_petaflop_s_days`)."""
    if np.isscalar(pfs_days):
        return _as_float(pfs_days, "pfs_days") * FLOP_PER_PETAFLOP_S_DAY
    return np.asarray(pfs_days, dtype=float) * FLOP_PER_PETAFLOP_S_DAY
