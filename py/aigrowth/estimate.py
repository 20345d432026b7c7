"""One estimate as the report states it: a value, its interval, the level and kind of that
interval, how many rows it rests on, which rows, and how it was computed.

`Estimate.as_entry()` gives the shape of a headline number (`value`, `low`, `high`, `level`,
`n`, `subset`, `method`), so a later step can place it in numbers.json unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from aigrowth.trends import TrendFit


def _clean(value: Any) -> Any:
    """JSON-safe scalar: numpy to Python, NaN and ±inf to None."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else None
    return value


@dataclass(frozen=True)
class Estimate:
    """A number with its evidence. `low`/`high` are None for a count or a figure without an
    interval; `level` is None then too."""

    key: str
    value: float | int | None
    low: float | None
    high: float | None
    level: float | None
    n: int | None
    subset: str
    method: str

    def as_entry(self) -> dict[str, Any]:
        return {
            "value": _clean(self.value),
            "low": _clean(self.low),
            "high": _clean(self.high),
            "level": _clean(self.level),
            "n": _clean(self.n),
            "subset": self.subset,
            "method": self.method,
        }

    def includes(self, value: float) -> bool:
        """Whether the interval holds `value` (False without an interval)."""
        if self.low is None or self.high is None:
            return False
        return float(self.low) <= value <= float(self.high)


def growth_estimate(key: str, fit: TrendFit, subset: str) -> Estimate:
    """Growth factor per year of a trend fit, with its interval."""
    return Estimate(
        key, fit.growth_per_year, fit.growth_low, fit.growth_high, fit.level, fit.n, subset, fit.method
    )


def doubling_estimate(key: str, fit: TrendFit, subset: str, t_interval: bool = False) -> Estimate:
    """Doubling time in months of a trend fit (None where the trend does not grow), with its
    interval: the fit's own, or with `t_interval` the classical t interval (small samples)."""
    from aigrowth.units import interval_slope_to_doubling

    if t_interval:
        low, high = interval_slope_to_doubling(fit.slope_low_ols, fit.slope_high_ols)
        method = f"OLS of log10({fit.metric}) on decimal year; {fit.level:.0%} t interval with {fit.n - 2} degrees of freedom"
    else:
        low, high = fit.doubling_low, fit.doubling_high
        method = fit.method
    value = fit.doubling_months if fit.doubling_defined else None
    return Estimate(key, value, low, high, fit.level, fit.n, subset, method)
