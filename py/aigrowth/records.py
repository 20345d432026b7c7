"""How much OpenAI's (2018) 3.4-month doubling depends on choices: the window's end and which
earlier models count when judging a record.

With a handful of record-setting runs in 2012–2018, a percentile bootstrap is not an honest
interval (resamples repeat the same few points and many have too few distinct dates), so every
fit here carries the classical t interval with n − 2 degrees of freedom, and the leave-one-out
range (the doubling time when each run in turn is left out) shows how much one model moves it.
`record_sensitivity` fits every combination of window end and record rule; `record_range`
is the span of the central estimates over those choices.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from aigrowth.constants import LEVEL
from aigrowth.estimate import Estimate
from aigrowth.frontier import record_setter_mask
from aigrowth.trends import ols_line
from aigrowth.units import interval_slope_to_doubling, slope_to_doubling_months
from aigrowth.years import decimal_years_of, to_decimal_year

# Window ends: the end of OpenAI's series (its last run, AlphaGo Zero, is from October 2017),
# the date of OpenAI's post (16 May 2018), and the end of 2018 (the report's earlier window).
WINDOW_ENDS: dict[str, str] = {
    "end of 2017 (OpenAI's series)": "2017-12-31",
    "OpenAI's post (May 2018)": "2018-05-16",
    "end of 2018": "2018-12-31",
}
WINDOW_START = "2012-01-01"

# Record rules: which earlier models a run must beat to count as a record.
RECORD_RULES: dict[str, str] = {
    "every earlier model": "a run beats every model published before it, from 1950 on",
    "every earlier notable model": "the same among Epoch's notable models only",
    "within the window": "records restart in 2012: the first run of 2012 is a record, later "
    "runs must beat the runs since 2012",
}


def _records(models: pd.DataFrame, rule: str, start: float) -> pd.Series:
    if rule == "every earlier model":
        return record_setter_mask(models)
    if rule == "every earlier notable model":
        notable = models["is_notable"].astype("boolean").fillna(False).astype(bool)
        return record_setter_mask(models.loc[notable]).reindex(models.index, fill_value=False)
    if rule == "within the window":
        later = pd.Series(decimal_years_of(models) >= start, index=models.index)
        return record_setter_mask(models.loc[later]).reindex(models.index, fill_value=False)
    raise ValueError(f"unknown record rule {rule!r}; choose one of {sorted(RECORD_RULES)}")


def small_sample_fit(x: np.ndarray, y: np.ndarray, level: float = LEVEL) -> dict[str, float]:
    """OLS slope with its t interval (n − 2 df) and the leave-one-out range of the slope."""
    n = x.size
    if n < 4:
        raise ValueError(f"a trend with an interval needs at least 4 points, got {n}")
    slope, _, _, se = ols_line(x, y)
    t = stats.t.ppf(0.5 + level / 2, n - 2)
    loo = np.array([ols_line(np.delete(x, i), np.delete(y, i))[0] for i in range(n)])
    return {
        "n": n,
        "slope": slope,
        "low": slope - t * se,
        "high": slope + t * se,
        "loo_low": float(loo.min()),
        "loo_high": float(loo.max()),
    }


def record_sensitivity(models: pd.DataFrame, level: float = LEVEL) -> pd.DataFrame:
    """The 2012–end doubling time of record-setting runs for every window end and record rule.

    Columns: window_end, end, rule, n, doubling_months, doubling_low, doubling_high (t
    interval), loo_low, loo_high (doubling months, leave-one-out range), first, last (models).
    """
    start = to_decimal_year(WINDOW_START)
    x_all = decimal_years_of(models)
    y_all = pd.to_numeric(models["compute_flop"], errors="coerce").to_numpy(float)
    rows = []
    for rule in RECORD_RULES:
        mask = _records(models, rule, start).to_numpy()
        for label, end in WINDOW_ENDS.items():
            keep = mask & (x_all >= start) & (x_all <= to_decimal_year(end)) & (y_all > 0)
            x, y = x_all[keep], np.log10(y_all[keep])
            fit = small_sample_fit(x, y, level)
            low, high = interval_slope_to_doubling(fit["low"], fit["high"])
            loo_low, loo_high = interval_slope_to_doubling(fit["loo_low"], fit["loo_high"])
            names = models.loc[keep, "model"].astype(str).to_numpy()[np.argsort(x)]
            rows.append(
                {
                    "window_end": label,
                    "end": end,
                    "rule": rule,
                    "n": fit["n"],
                    "doubling_months": slope_to_doubling_months(fit["slope"]),
                    "doubling_low": low,
                    "doubling_high": high,
                    "loo_low": loo_low,
                    "loo_high": loo_high,
                    "first": names[0],
                    "last": names[-1],
                }
            )
    return pd.DataFrame(rows)


def record_range(models: pd.DataFrame, level: float = LEVEL) -> Estimate:
    """The span of the record-setters' 2012–window-end doubling time over the window ends and
    record rules of `record_sensitivity`: value is the estimate on OpenAI's own choices (its
    window, every earlier model), low/high the smallest and largest central estimate."""
    table = record_sensitivity(models, level)
    own = table[(table["end"] == "2017-12-31") & (table["rule"] == "every earlier model")].iloc[0]
    return Estimate(
        "record_doubling_months_range",
        float(own["doubling_months"]),
        float(table["doubling_months"].min()),
        float(table["doubling_months"].max()),
        None,
        int(table["n"].max()),
        "record-setting runs from 2012, windows ending 2017-12-31 to 2018-12-31",
        f"range of OLS doubling times over {len(WINDOW_ENDS)} window ends × {len(RECORD_RULES)} "
        "record rules (not a confidence interval); each fit's own t interval is in "
        "record_sensitivity",
    )
