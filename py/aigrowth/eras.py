"""Eras of compute growth, and the break between them found from the data.

`ERAS` holds Sevilla et al.'s (2022) three eras (dates in `constants`). `era_trends` fits a trend
in each. `find_break` does not assume the date: it searches one break on a grid of candidate
dates, for a continuous kink and (optionally) a kink with a jump in level, and chooses among no
break, kink and jump by BIC. Its interval for the break date is a seeded pairs bootstrap: each
resample is a vector of multiplicities, so every candidate's weighted least squares for every
resample comes from one matrix product and a batch of tiny solves, not a loop of regressions.
`chow_test` is the classical F-test for a break at a date given in advance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from aigrowth.constants import (
    DL_ERA_START,
    LARGE_SCALE_ERA_START,
    LEVEL,
    PRE_DL_ERA_START,
    SEED,
)
from aigrowth.trends import TrendFit, fit_trend, log_series, select_subset, trend_table
from aigrowth.years import decimal_year_to_timestamp, to_decimal_year


@dataclass(frozen=True)
class Era:
    """A named period and the models whose trend describes it."""

    key: str
    name: str
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    subset: str
    source: str


ERAS: tuple[Era, ...] = (
    Era(
        "pre_dl",
        "Pre-deep-learning era",
        PRE_DL_ERA_START,
        DL_ERA_START - pd.Timedelta(days=1),
        "notable",
        "Sevilla et al. (2022): before 2010",
    ),
    Era(
        "dl",
        "Deep-learning era",
        DL_ERA_START,
        None,
        "notable",
        "Sevilla et al. (2022): from 2010",
    ),
    Era(
        "large_scale",
        "Large-scale era",
        LARGE_SCALE_ERA_START,
        None,
        "residual_outliers",
        "Sevilla et al. (2022): large-scale models from late 2015, picked by their residual rule",
    ),
)


def era_trends(
    df: pd.DataFrame,
    metric: str = "compute_flop",
    eras: tuple[Era, ...] = ERAS,
    n_boot: int = 1_000,
    seed: int = SEED,
    noise_ooms: float = 0.0,
    level: float = LEVEL,
) -> pd.DataFrame:
    """One trend per era: a frame with `era`, `era_name`, `era_source` and every `TrendFit`
    field."""
    fits = [
        fit_trend(df, metric, era.start, era.end, era.subset, n_boot, seed, noise_ooms, level)
        for era in eras
    ]
    table = trend_table(fits)
    table.insert(0, "era", [e.key for e in eras])
    table.insert(1, "era_name", [e.name for e in eras])
    table.insert(2, "era_source", [e.source for e in eras])
    return table


# ---------------------------------------------------------------------------------------------
# Break search


BREAK_FORMS = ("none", "continuous", "jump")
# Parameters of each form, counting the break date itself as one (it was estimated).
_N_PARAMS = {"none": 2, "continuous": 4, "jump": 5}


def _design(xc: np.ndarray, taus: np.ndarray, form: str) -> np.ndarray:
    """Design matrices for every candidate break: shape (G, n, k).

    continuous: 1, x, (x − τ)+        jump: 1, x, 1[x > τ], (x − τ)+
    """
    g, n = taus.size, xc.size
    ones = np.ones((g, n))
    x = np.broadcast_to(xc, (g, n))
    hinge = np.maximum(xc[None, :] - taus[:, None], 0.0)
    if form == "continuous":
        return np.stack([ones, x, hinge], axis=2)
    step = (xc[None, :] > taus[:, None]).astype(float)
    return np.stack([ones, x, step, hinge], axis=2)


def _weighted_rss(
    z: np.ndarray, y: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Residual sums of squares of weighted least squares, for every weight vector (rows of
    `weights`, shape (B, n)) and every design (`z`, shape (G, n, k)): shape (B, G)."""
    g, n, k = z.shape
    outer = (z[:, :, :, None] * z[:, :, None, :]).transpose(1, 0, 2, 3).reshape(n, g * k * k)
    zy = (z * y[None, :, None]).transpose(1, 0, 2).reshape(n, g * k)
    xtx = (weights @ outer).reshape(-1, g, k, k)
    xty = (weights @ zy).reshape(-1, g, k)
    yy = weights @ (y * y)
    # A tiny ridge keeps the batch solvable when a resample leaves a design rank-deficient;
    # such candidates are excluded by the segment-count check anyway.
    ridge = 1e-10 * np.eye(k)
    beta = np.linalg.solve(xtx + ridge, xty[..., None])[..., 0]
    return np.maximum(yy[:, None] - (beta * xty).sum(axis=2), 0.0)


def _bic(rss: np.ndarray, n: float, form: str) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return n * np.log(rss / n) + _N_PARAMS[form] * math.log(n)


@dataclass(frozen=True)
class BreakResult:
    """A single break in a log-linear trend, found by grid search.

    `form` is the form BIC prefers ("none", "continuous" kink, or "jump": kink plus level
    shift); `year`/`date` the best break of the preferred break form (reported even when
    "none" wins, with `break_preferred` False). `year_low/high` is the bootstrap percentile
    interval of the break year. `before`/`after` are separate trend fits on each side.
    `profile` holds the BIC of each form at every candidate date.
    """

    metric: str
    subset: str
    n: int
    form: str
    break_preferred: bool
    year: float
    date: pd.Timestamp
    year_low: float
    year_high: float
    level: float
    bic_none: float
    bic_continuous: float
    bic_jump: float | None
    before: TrendFit
    after: TrendFit
    grid_step_years: float
    min_per_segment: int
    n_boot: int
    profile: pd.DataFrame
    method: str


def _candidate_grid(x: np.ndarray, step: float, min_per_segment: int) -> np.ndarray:
    xs = np.sort(x)
    lo, hi = xs[min_per_segment - 1], xs[-min_per_segment - 1]
    if hi <= lo:
        raise ValueError(
            f"{x.size} points cannot hold two segments of at least {min_per_segment} each"
        )
    first = math.ceil(lo / step) * step
    taus = np.arange(first, hi + 1e-9, step)
    # Keep candidates that leave at least `min_per_segment` points on each side (x ≤ τ | x > τ).
    left = np.searchsorted(xs, taus, side="right")
    ok = (left >= min_per_segment) & (x.size - left >= min_per_segment)
    if not ok.any():
        raise ValueError("no candidate break date leaves enough points on both sides")
    return taus[ok]


def find_break(
    df: pd.DataFrame,
    metric: str = "compute_flop",
    subset: str | pd.Series = "notable",
    start: float | str | pd.Timestamp | None = None,
    end: float | str | pd.Timestamp | None = None,
    min_per_segment: int = 20,
    allow_jump: bool = True,
    grid_step_years: float = 0.25,
    n_boot: int = 500,
    seed: int = SEED,
    level: float = LEVEL,
) -> BreakResult:
    """Search one break date in the trend of log10(`metric`) on a grid of candidate dates.

    Candidates are spaced `grid_step_years` apart and leave at least `min_per_segment` models
    on each side. For each, fit a continuous kink and, when `allow_jump`, a kink with a level
    shift; choose among no break, kink and jump by BIC (the break date counts as a parameter).
    The break-year interval comes from `n_boot` seeded pairs-bootstrap resamples, each
    re-searching the grid under the preferred break form.
    """
    if grid_step_years <= 0:
        raise ValueError(f"grid_step_years must be positive, got {grid_step_years}")
    if min_per_segment < 3:
        raise ValueError(f"min_per_segment must be at least 3, got {min_per_segment}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    rows, subset_name = select_subset(df, subset)
    x, y, _ = log_series(rows, metric, start, end)
    n = x.size
    centre = x.mean() if n else 0.0
    xc = x - centre
    taus_abs = _candidate_grid(x, grid_step_years, min_per_segment)
    taus = taus_abs - centre

    ones = np.ones((1, n))
    rss_none = float(_weighted_rss(np.stack([np.ones(n), xc], axis=1)[None], y, ones)[0, 0])
    bic_none = float(_bic(np.array(rss_none), n, "none"))
    forms = ["continuous"] + (["jump"] if allow_jump else [])
    profile = pd.DataFrame({"year": taus_abs})
    best: dict[str, tuple[float, int]] = {}
    for form in forms:
        bic = _bic(_weighted_rss(_design(xc, taus, form), y, ones)[0], n, form)
        profile[f"bic_{form}"] = bic
        i = int(np.argmin(bic))
        best[form] = (float(bic[i]), i)
    break_form = min(forms, key=lambda f: best[f][0])
    bic_break, i_best = best[break_form]
    form = break_form if bic_break < bic_none else "none"
    year = float(taus_abs[i_best])

    year_low = year_high = math.nan
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        z = _design(xc, taus, break_form)
        left_of = (x[None, :] <= taus_abs[:, None]).astype(float)  # (G, n)
        picks = []
        # Chunks of resamples keep the (B, G·k·k) products to a few million cells.
        per_chunk = max(1, 2_000_000 // (taus.size * z.shape[2] ** 2))
        for first in range(0, n_boot, per_chunk):
            b = min(per_chunk, n_boot - first)
            weights = rng.multinomial(n, np.full(n, 1.0 / n), size=b).astype(float)
            rss = _weighted_rss(z, y, weights)
            n_left = weights @ left_of.T
            enough = (n_left >= min_per_segment) & (n - n_left >= min_per_segment)
            rss = np.where(enough, rss, np.inf)
            picks.append(taus_abs[np.argmin(rss, axis=1)])
        boot_years = np.concatenate(picks)
        alpha = 1 - level
        year_low, year_high = (
            float(v) for v in np.percentile(boot_years, [100 * alpha / 2, 100 * (1 - alpha / 2)])
        )

    cut = decimal_year_to_timestamp(year)
    in_window = rows.copy()
    before = fit_trend(in_window, metric, start, year, subset="all", n_boot=n_boot, seed=seed)
    after_start = year + 1e-9
    after = fit_trend(in_window, metric, after_start, end, subset="all", n_boot=n_boot, seed=seed)
    method = (
        f"grid search over break dates every {grid_step_years:g} years with at least "
        f"{min_per_segment} models per side; forms {['none'] + forms} compared by BIC; "
        f"{level:.0%} percentile interval from {n_boot} pairs-bootstrap resamples (seed {seed})"
    )
    return BreakResult(
        metric=metric,
        subset=subset_name,
        n=int(n),
        form=form,
        break_preferred=form != "none",
        year=year,
        date=cut,
        year_low=year_low,
        year_high=year_high,
        level=level,
        bic_none=bic_none,
        bic_continuous=best["continuous"][0],
        bic_jump=best["jump"][0] if allow_jump else None,
        before=before,
        after=after,
        grid_step_years=grid_step_years,
        min_per_segment=min_per_segment,
        n_boot=n_boot,
        profile=profile,
        method=method,
    )


# ---------------------------------------------------------------------------------------------
# Chow test


CHOW_CAVEAT = (
    "The Chow test's F distribution holds only for a break date chosen before looking at the "
    "data. For a date found by searching (find_break), use the bootstrap interval or sup-F "
    "(Andrews, 1993) critical values instead; the plain p-value is too small."
)


@dataclass(frozen=True)
class ChowResult:
    """Chow F-test that the trend's intercept and slope both change at `year`."""

    metric: str
    subset: str
    year: float
    f: float
    p: float
    df_num: int
    df_den: int
    n_before: int
    n_after: int
    caveat: str


def chow_test(
    df: pd.DataFrame,
    date: float | str | pd.Timestamp,
    metric: str = "compute_flop",
    subset: str | pd.Series = "notable",
    start: float | str | pd.Timestamp | None = None,
    end: float | str | pd.Timestamp | None = None,
) -> ChowResult:
    """F-test of one pooled log-linear trend against separate trends before and after `date`
    (models on the date go before). Each side needs at least 3 models."""
    rows, subset_name = select_subset(df, subset)
    x, y, _ = log_series(rows, metric, start, end)
    cut = to_decimal_year(date)
    left = x <= cut
    n1, n2 = int(left.sum()), int((~left).sum())
    if min(n1, n2) < 3:
        raise ValueError(
            f"Chow test at {date} needs at least 3 models each side, got {n1} and {n2}"
        )

    def rss(xs: np.ndarray, ys: np.ndarray) -> float:
        coef = np.polyfit(xs - xs.mean(), ys, 1)
        return float(((ys - np.polyval(coef, xs - xs.mean())) ** 2).sum())

    k = 2
    pooled, split = rss(x, y), rss(x[left], y[left]) + rss(x[~left], y[~left])
    df_den = x.size - 2 * k
    f = ((pooled - split) / k) / (split / df_den)
    return ChowResult(
        metric=metric,
        subset=subset_name,
        year=float(cut),
        f=float(f),
        p=float(stats.f.sf(f, k, df_den)),
        df_num=k,
        df_den=int(df_den),
        n_before=n1,
        n_after=n2,
        caveat=CHOW_CAVEAT,
    )
