"""How many breaks the trend of log compute has, where they are, and how sure we can be.

A trend of log10(compute) on the date of publication may change once, twice or not at all.
This module answers the four questions a reader of the break literature asks, each with an
established method:

1. **Is there a break at all?** The sup-F statistic (Andrews, 1993; Quandt's likelihood ratio)
   over every candidate date. Its p-value comes from a *fixed-regressor wild bootstrap*
   (Hansen, 2000) whose multipliers are drawn per calendar year (a wild cluster bootstrap,
   Cameron, Gelbach & Miller, 2008): Andrews' asymptotic critical values assume stationary
   regressors and independent errors, and neither holds for a regression on the date itself
   with models clustered in time. Andrews' values, simulated for the trimming used, are kept
   beside it for reference (`andrews_critical_value`), and for the kink the Davies (1987) test
   is given too (`davies_test`).
2. **How many breaks?** Bai & Perron's (1998) sequential test sup-F(ℓ+1 | ℓ): add a break
   while the test rejects at 5 %, bootstrapped the same way (Boldea, Cornea-Madeira & Hall,
   2019, show the wild bootstrap valid for it). BIC over 0–3 breaks is reported beside it; BIC
   treats every model as an independent observation and so favours extra breaks when models
   of the same year share shocks, which is why the count is decided by the test.
3. **Where?** The dates that minimise the residual sum of squares over a grid of candidates,
   each segment holding at least `MIN_MODELS_PER_SEGMENT` models; their interval comes from a
   bootstrap that resamples whole calendar years (models of one year stay together), each
   resample searching the dates again.
4. **How fast in each segment?** The slopes of the fitted segments, with intervals from the
   same year bootstrap (so they include the uncertainty of the dates).

Two forms of break are fitted: `continuous` (the trend bends: a kink, one extra slope per
break) and `discontinuous` (a new line per segment: its own level and slope, Bai and Perron's
pure structural change).

Everything is vectorised: a fit is a function of weighted sums of 1, x, x², y, xy and y² above
each candidate date, so every candidate date (or pair of dates) for every resample comes from
prefix sums and one batch of tiny linear solves, not a loop of regressions.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from aigrowth.constants import (
    BREAK_GRID_STEP_YEARS,
    BREAK_TEST_LEVEL,
    LEVEL,
    MAX_BREAKS,
    MIN_MODELS_PER_SEGMENT,
    MIN_SEGMENT_YEARS,
    SEED,
)
from aigrowth.trends import TrendFit, log_series, select_subset
from aigrowth.units import interval_slope_to_doubling, slope_to_doubling_months

FORMS = ("continuous", "discontinuous")

# -- Sums over the data above each candidate date -----------------------------------------------

# Feature order of the sums: weight, x, x², y, x·y, y².
_W, _X, _XX, _Y, _XY, _YY = range(6)


def _sums_above(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, taus: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sums of (1, x, x², y, xy, y²) over all points, shape (B, 6), and over the points
    with x > τ for every candidate τ, shape (B, G, 6). `y` and `w` are (B, n) or broadcastable;
    `x` (n,) sorted ascending."""
    w = np.broadcast_to(w, np.broadcast_shapes(np.shape(w), np.shape(y)))
    y = np.broadcast_to(y, w.shape)
    feats = np.stack([w, w * x, w * x * x, w * y, w * x * y, w * y * y], axis=-1)  # (B, n, 6)
    prefix = np.concatenate([np.zeros(feats.shape[:-2] + (1, 6)), np.cumsum(feats, axis=-2)], axis=-2)
    total = prefix[..., -1, :]
    at = np.searchsorted(x, taus, side="right")  # points with x ≤ τ
    above = total[..., None, :] - prefix[..., at, :]
    return total, above


def _fit_continuous(total: np.ndarray, above: np.ndarray, taus: np.ndarray, combos: np.ndarray):
    """Least squares of y on (1, x, (x − τ₁)+, …, (x − τ_k)+) for every combination of
    candidate indices in `combos` (C, k), from the sums. Returns rss (B, C) and coefficients
    (B, C, k + 2)."""
    b = total.shape[0]
    c, k = combos.shape
    p = k + 2
    xtx = np.empty((b, c, p, p))
    xty = np.empty((b, c, p))
    xtx[..., 0, 0] = total[:, None, _W]
    xtx[..., 0, 1] = xtx[..., 1, 0] = total[:, None, _X]
    xtx[..., 1, 1] = total[:, None, _XX]
    xty[..., 0] = total[:, None, _Y]
    xty[..., 1] = total[:, None, _XY]
    t = taus[combos]  # (C, k)
    s = [above[:, combos[:, a], :] for a in range(k)]  # each (B, C, 6)
    for a in range(k):
        ta, sa = t[:, a], s[a]
        xtx[..., 0, 2 + a] = xtx[..., 2 + a, 0] = sa[..., _X] - ta * sa[..., _W]
        xtx[..., 1, 2 + a] = xtx[..., 2 + a, 1] = sa[..., _XX] - ta * sa[..., _X]
        xty[..., 2 + a] = sa[..., _XY] - ta * sa[..., _Y]
        for bb in range(a, k):
            # Both hinges are non-zero only above the later date, τ_b ≥ τ_a.
            tb, sb = t[:, bb], s[bb]
            v = sb[..., _XX] - (ta + tb) * sb[..., _X] + ta * tb * sb[..., _W]
            xtx[..., 2 + a, 2 + bb] = xtx[..., 2 + bb, 2 + a] = v
    # A tiny ridge keeps a rank-deficient resample solvable; such fits fail the size check.
    scale = np.maximum(np.abs(np.diagonal(xtx, axis1=-2, axis2=-1)), 1.0)
    ridge = 1e-12 * scale[..., None] * np.eye(p)
    beta = np.linalg.solve(xtx + ridge, xty[..., None])[..., 0]
    rss = np.maximum(total[:, None, _YY] - (beta * xty).sum(axis=-1), 0.0)
    return rss, beta


def _segment_sums(total: np.ndarray, above: np.ndarray, combos: np.ndarray) -> np.ndarray:
    """Sums of each segment between consecutive breaks: shape (B, C, k + 1, 6)."""
    b = total.shape[0]
    c, k = combos.shape
    # Sums above each boundary: −∞ (all points), the breaks, +∞ (none).
    bounds = np.concatenate(
        [np.broadcast_to(total[:, None, None, :], (b, c, 1, 6)), above[:, combos, :], np.zeros((b, c, 1, 6))],
        axis=2,
    )
    return bounds[:, :, :-1, :] - bounds[:, :, 1:, :]


def _fit_discontinuous(total: np.ndarray, above: np.ndarray, combos: np.ndarray):
    """A separate least-squares line in each segment. Returns rss (B, C), slopes and
    intercepts (B, C, k + 1)."""
    seg = _segment_sums(total, above, combos)
    m = seg[..., _W]
    with np.errstate(invalid="ignore", divide="ignore"):
        cxx = seg[..., _XX] - seg[..., _X] ** 2 / m
        cxy = seg[..., _XY] - seg[..., _X] * seg[..., _Y] / m
        cyy = seg[..., _YY] - seg[..., _Y] ** 2 / m
        slope = np.where(cxx > 0, cxy / cxx, np.nan)
        rss = np.maximum(cyy - np.where(cxx > 0, cxy * slope, 0.0), 0.0).sum(axis=-1)
        intercept = (seg[..., _Y] - slope * seg[..., _X]) / m
    rss = np.where(np.isfinite(slope).all(axis=-1), rss, np.inf)
    return rss, slope, intercept


def _segment_counts(total: np.ndarray, above: np.ndarray, combos: np.ndarray) -> np.ndarray:
    """Weighted number of points in each segment, (B, C, k + 1)."""
    return _segment_sums(total, above, combos)[..., _W]


def _n_params(k: int, form: str) -> int:
    """Coefficients of a k-break model, not counting the dates."""
    return k + 2 if form == "continuous" else 2 * (k + 1)


def _restrictions(form: str) -> int:
    """Coefficients one more break adds: a slope (kink) or a slope and a level."""
    return 1 if form == "continuous" else 2


def _check_form(form: str) -> None:
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}")


# -- Candidate dates and combinations ------------------------------------------------------------


def candidate_dates(x: np.ndarray, step: float, min_size: int) -> np.ndarray:
    """Candidate break dates every `step` years that leave at least `min_size` points on each
    side (a point on the date belongs to the earlier segment)."""
    if step <= 0:
        raise ValueError(f"grid step must be positive, got {step}")
    if min_size < 3:
        raise ValueError(f"a segment needs at least 3 points, got min_size={min_size}")
    xs = np.sort(x)
    if xs.size < 2 * min_size:
        raise ValueError(f"{xs.size} points cannot hold two segments of at least {min_size}")
    taus = np.arange(math.floor(xs[0] / step) * step, xs[-1] + step, step)
    left = np.searchsorted(xs, taus, side="right")
    return taus[(left >= min_size) & (xs.size - left >= min_size)]


def _combos(
    taus: np.ndarray,
    x: np.ndarray,
    k: int,
    min_size: int,
    fixed: tuple[int, ...] = (),
    min_years: float = 0.0,
) -> np.ndarray:
    """Index combinations of k candidate dates (ascending) whose segments all hold at least
    `min_size` points and span at least `min_years` years (from the first point, between
    breaks, to the last point); with `fixed`, every combination holds those indices plus one
    more."""
    counts = np.searchsorted(x, taus, side="right")
    if fixed:
        pool = [tuple(sorted(fixed + (i,))) for i in range(taus.size) if i not in fixed]
    else:
        pool = list(itertools.combinations(range(taus.size), k))
    if not pool:
        return np.empty((0, k), dtype=int)
    arr = np.array(pool, dtype=int).reshape(len(pool), -1)
    edges = np.concatenate(
        [np.zeros((arr.shape[0], 1), int), counts[arr], np.full((arr.shape[0], 1), x.size)], axis=1
    )
    ok = (np.diff(edges, axis=1) >= min_size).all(axis=1)
    spans = np.concatenate(
        [np.full((arr.shape[0], 1), x[0]), taus[arr], np.full((arr.shape[0], 1), x[-1])], axis=1
    )
    ok &= (np.diff(spans, axis=1) >= min_years - 1e-9).all(axis=1)
    return arr[ok]


# -- One fit ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakFit:
    """The least-squares k-break fit of one form: break dates, each segment's slope (log10
    units a year), its points and date range, the residual sum of squares and BIC (the dates
    count as parameters)."""

    form: str
    k: int
    dates: tuple[float, ...]
    slopes: tuple[float, ...]
    n_per_segment: tuple[int, ...]
    rss: float
    bic: float
    n: int
    fitted: np.ndarray = field(repr=False)
    x: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))
    y: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))


def _bic(rss: float, n: int, k: int, form: str) -> float:
    if rss <= 0:
        return -math.inf
    return n * math.log(rss / n) + (_n_params(k, form) + k) * math.log(n)


def _design(x: np.ndarray, dates: tuple[float, ...], form: str) -> np.ndarray:
    """The design matrix of a k-break model at given dates (for fitted values)."""
    if form == "continuous":
        cols = [np.ones_like(x), x] + [np.maximum(x - t, 0.0) for t in dates]
    else:
        edges = (-np.inf,) + tuple(dates) + (np.inf,)
        cols = []
        for lo, hi in itertools.pairwise(edges):
            inside = ((x > lo) & (x <= hi)).astype(float)
            cols += [inside, inside * x]
    return np.column_stack(cols)


def fit_at(x: np.ndarray, y: np.ndarray, dates: tuple[float, ...], form: str) -> BreakFit:
    """The k-break fit of `form` with the break dates given."""
    _check_form(form)
    dates = tuple(sorted(float(d) for d in dates))
    z = _design(x, dates, form)
    beta, *_ = np.linalg.lstsq(z, y, rcond=None)
    fitted = z @ beta
    rss = float(((y - fitted) ** 2).sum())
    if form == "continuous":
        slopes = tuple(float(s) for s in beta[1] + np.concatenate([[0.0], np.cumsum(beta[2:])]))
    else:
        slopes = tuple(float(s) for s in beta[1::2])
    edges = np.concatenate([[0], np.searchsorted(np.sort(x), dates, side="right"), [x.size]])
    return BreakFit(
        form,
        len(dates),
        dates,
        slopes,
        tuple(int(v) for v in np.diff(edges)),
        rss,
        _bic(rss, x.size, len(dates), form),
        int(x.size),
        fitted,
        x,
        y,
    )


def _grid_search(x, y, w, taus, combos, form):
    """RSS (B, C) of every combination for every weight row, with the per-segment slopes."""
    total, above = _sums_above(x, y, w, taus)
    if form == "continuous":
        rss, beta = _fit_continuous(total, above, taus, combos)
        slopes = beta[..., 1:2] + np.concatenate(
            [np.zeros(beta.shape[:-1] + (1,)), np.cumsum(beta[..., 2:], axis=-1)], axis=-1
        )
    else:
        rss, slopes, _ = _fit_discontinuous(total, above, combos)
    return rss, slopes, total, above


def best_fit(
    x: np.ndarray,
    y: np.ndarray,
    k: int,
    form: str = "continuous",
    min_size: int = MIN_MODELS_PER_SEGMENT,
    step: float | None = None,
    min_years: float = MIN_SEGMENT_YEARS,
) -> BreakFit:
    """The k-break fit with the smallest residual sum of squares, searching dates on a grid of
    `step` years (default `BREAK_GRID_STEP_YEARS[k]`), every segment holding ≥ `min_size` points
    and spanning ≥ `min_years` years.
    """
    _check_form(form)
    order = np.argsort(x, kind="mergesort")
    x, y = np.asarray(x, float)[order], np.asarray(y, float)[order]
    if k == 0:
        return fit_at(x, y, (), form)
    taus = candidate_dates(x, step or BREAK_GRID_STEP_YEARS[k], min_size)
    combos = _combos(taus, x, k, min_size, min_years=min_years)
    if combos.size == 0:
        raise ValueError(
            f"no {k} break dates leave {min_size} points and {min_years:g} years in every segment"
        )
    rss, _, _, _ = _grid_search(x, y, np.ones((1, x.size)), taus, combos, form)
    best = combos[int(np.argmin(rss[0]))]
    return fit_at(x, y, tuple(taus[best]), form)


# -- Tests --------------------------------------------------------------------------------------


def _year_multipliers(clusters: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    """Rademacher multipliers, one per cluster (calendar year), mapped to points: (b, n)."""
    codes, inverse = np.unique(clusters, return_inverse=True)
    v = rng.choice(np.array([-1.0, 1.0]), size=(b, codes.size))
    return v[:, inverse]


def _sup_f_from_rss(rss_null: np.ndarray, rss_alt_min: np.ndarray, q: int, df: int) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return ((rss_null - rss_alt_min) / q) / (rss_alt_min / df)


@dataclass(frozen=True)
class SupFTest:
    """sup-F test of ℓ breaks against ℓ + 1 (ℓ = 0: is there a break at all).

    `stat` is the largest F over the added break's candidate dates (the ℓ dates held at their
    estimates); `p` the share of `n_boot` fixed-regressor wild-bootstrap statistics (Rademacher
    multipliers per calendar year, null model imposed) at least as large; `date` where the added
    break fits best. `df_num` is the number of restrictions, `df_den` the residual degrees of
    freedom of the larger model.
    """

    form: str
    null_breaks: int
    null_dates: tuple[float, ...]
    stat: float
    p: float
    date: float
    df_num: int
    df_den: int
    n: int
    n_boot: int
    method: str


def sup_f_test(
    x: np.ndarray,
    y: np.ndarray,
    clusters: np.ndarray,
    null_dates: tuple[float, ...] = (),
    form: str = "continuous",
    min_size: int = MIN_MODELS_PER_SEGMENT,
    step: float | None = None,
    n_boot: int = 999,
    seed: int = SEED,
    min_years: float = MIN_SEGMENT_YEARS,
) -> SupFTest:
    """sup-F(ℓ + 1 | ℓ): does one more break, anywhere on the grid, beat the ℓ-break fit at
    `null_dates` (none: is there a break at all)? Bai & Perron (1998) for the statistic,
    Hansen (2000) for the fixed-regressor bootstrap, multipliers by cluster (year)."""
    _check_form(form)
    if n_boot < 19:
        raise ValueError(f"a bootstrap test needs at least 19 resamples, got {n_boot}")
    order = np.argsort(x, kind="mergesort")
    x, y, clusters = np.asarray(x, float)[order], np.asarray(y, float)[order], np.asarray(clusters)[order]
    ell = len(null_dates)
    taus = candidate_dates(x, step or BREAK_GRID_STEP_YEARS[1], min_size)
    # The ℓ null dates join the grid so the combinations can hold them fixed.
    taus = np.unique(np.concatenate([taus, np.asarray(null_dates, float)]))
    fixed = tuple(int(np.searchsorted(taus, d)) for d in sorted(null_dates))
    combos = _combos(taus, x, ell + 1, min_size, fixed=fixed, min_years=min_years)
    if combos.size == 0:
        raise ValueError("no added break date leaves enough points in every segment")
    null = fit_at(x, y, tuple(null_dates), form)
    q, df = _restrictions(form), x.size - _n_params(ell + 1, form) - (ell + 1)
    rss_alt, _, _, _ = _grid_search(x, y, np.ones((1, x.size)), taus, combos, form)
    i_best = int(np.argmin(rss_alt[0]))
    stat = float(_sup_f_from_rss(np.array(null.rss), rss_alt[0, i_best], q, df))
    added = [t for t in taus[combos[i_best]] if not any(abs(t - d) < 1e-9 for d in null_dates)]

    rng = np.random.default_rng(seed)
    resid = y - null.fitted
    null_design = _design(x, null.dates, form)
    hat = null_design @ np.linalg.pinv(null_design)
    boot = np.empty(n_boot)
    per_chunk = max(1, 4_000_000 // (combos.shape[0] * (ell + 3) ** 2 + x.size))
    for first in range(0, n_boot, per_chunk):
        b = min(per_chunk, n_boot - first)
        # Under the null the bootstrap series is the null fit plus its residuals with a random
        # sign per year; its null RSS comes from the same fixed design (a projection).
        ystar = null.fitted + resid * _year_multipliers(clusters, b, rng)
        e0 = ystar - ystar @ hat.T
        rss0 = (e0 * e0).sum(axis=1)
        rss1, _, _, _ = _grid_search(x, ystar, np.ones((1, x.size)), taus, combos, form)
        boot[first : first + b] = _sup_f_from_rss(rss0, rss1.min(axis=1), q, df)
    p = float((1 + np.sum(boot >= stat - 1e-12)) / (n_boot + 1))
    method = (
        f"sup-F of {ell} against {ell + 1} {form} break(s) over candidate dates every "
        f"{step or BREAK_GRID_STEP_YEARS[1]:g} years, at least {min_size} models and "
        f"{min_years:g} years per segment "
        f"(Andrews 1993; Bai and Perron 1998); p-value from {n_boot} fixed-regressor wild "
        f"bootstrap resamples with one Rademacher sign per calendar year (Hansen 2000), "
        f"seed {seed}"
    )
    return SupFTest(
        form,
        ell,
        tuple(null.dates),
        stat,
        p,
        float(added[0]) if added else math.nan,
        q,
        int(df),
        int(x.size),
        n_boot,
        method,
    )


# Andrews (2003, Table 1; the corrigendum to Andrews 1993): asymptotic critical values of the
# sup-Wald statistic (= q × sup-F) for q restrictions and 15 % trimming. Stock and Watson's
# textbook table of the QLR statistic (an F, so divided by q) reproduces them.
ANDREWS_2003_SUP_WALD_15PCT: dict[int, dict[float, float]] = {
    1: {0.10: 7.12, 0.05: 8.68, 0.01: 12.16},
    2: {0.10: 10.00, 0.05: 11.72, 0.01: 15.56},
}


def andrews_critical_value(
    q: int, trim: float, level: float = 0.05, n_sim: int = 4_000, n_steps: int = 1_000, seed: int = SEED
) -> float:
    """Asymptotic critical value of Andrews' (1993) sup-Wald statistic for `q` restrictions and
    trimming `trim` (the share of the sample kept out of each end), by simulating its limit:
    sup over π in [trim, 1 − trim] of |W(π) − πW(1)|² / (π(1 − π)), W a q-dimensional Brownian
    motion. Valid for stationary regressors and independent errors only (see the module note)."""
    if not 0 < trim < 0.5:
        raise ValueError(f"trim must be in (0, 0.5), got {trim}")
    rng = np.random.default_rng(seed)
    pi = np.arange(1, n_steps + 1) / n_steps
    keep = (pi >= trim) & (pi <= 1 - trim)
    out = np.empty(n_sim)
    chunk = max(1, 2_000_000 // (n_steps * q))
    for first in range(0, n_sim, chunk):
        b = min(chunk, n_sim - first)
        w = np.cumsum(rng.standard_normal((b, q, n_steps)), axis=2) / math.sqrt(n_steps)
        bridge = w - pi * w[:, :, -1:]
        out[first : first + b] = ((bridge**2).sum(axis=1)[:, keep] / (pi * (1 - pi))[keep]).max(axis=1)
    return float(np.quantile(out, 1 - level))


@dataclass(frozen=True)
class DaviesTest:
    """Davies' (1987) test of no kink against a kink at an unknown date: `m` is the largest
    |t| (or signed t) of the hinge coefficient over the candidate dates, `v` the total variation
    of t along them, `p` the upper bound Φ(−M) + V·exp(−M²/2)/√(8π) (doubled two-sided)."""

    m: float
    v: float
    p: float
    k: int
    alternative: str


def davies_p_value(t_stats: np.ndarray, alternative: str = "two_sided") -> tuple[float, float, float]:
    """Davies' (1987) bound from the statistics along the candidate dates: (M, V, p).

    p = Φ(−M) + V·exp(−M²/2)/√(8π), doubled for the two-sided alternative (as Muggeo's R package
    `segmented` computes it); capped at 1."""
    s = np.asarray(t_stats, float)
    if alternative == "two_sided":
        m = float(np.max(np.abs(s)))
    elif alternative == "greater":
        m = float(np.max(s))
    elif alternative == "less":
        m = float(abs(np.min(s)))
    else:
        raise ValueError(f"alternative must be two_sided, greater or less, got {alternative!r}")
    v = float(np.abs(np.diff(s)).sum())
    p = stats.norm.sf(m) + v * math.exp(-0.5 * m * m) / math.sqrt(8 * math.pi)
    if alternative == "two_sided":
        p *= 2
    return m, v, float(min(p, 1.0))


def hinge_t_stats(x: np.ndarray, y: np.ndarray, thetas: np.ndarray, with_step: bool = False) -> np.ndarray:
    """t statistic of the hinge coefficient in y ~ 1 + x + (x − θ)+ at each θ (with a level
    shift 1[x ≥ θ] too when `with_step`), classical OLS standard errors."""
    out = np.empty(len(thetas))
    for i, theta in enumerate(thetas):
        cols = [np.ones_like(x), x, np.maximum(x - theta, 0.0)]
        if with_step:
            cols.append((x >= theta).astype(float))
        z = np.column_stack(cols)
        beta, *_ = np.linalg.lstsq(z, y, rcond=None)
        resid = y - z @ beta
        sigma2 = float(resid @ resid) / (x.size - z.shape[1])
        cov = sigma2 * np.linalg.inv(z.T @ z)
        out[i] = beta[2] / math.sqrt(cov[2, 2])
    return out


def davies_test(x: np.ndarray, y: np.ndarray, k: int = 10, alternative: str = "two_sided") -> DaviesTest:
    """Davies' test for a kink, with `k` candidate dates evenly spaced from the third to the
    third-last point (as `segmented::davies.test` does). It assumes independent, equal-variance
    errors; `sup_f_test` is the one that respects the clustering."""
    order = np.argsort(x, kind="mergesort")
    x, y = np.asarray(x, float)[order], np.asarray(y, float)[order]
    xc = x - x.mean()
    thetas = np.linspace(xc[2], xc[-3], k)
    m, v, p = davies_p_value(hinge_t_stats(xc, y, thetas), alternative)
    return DaviesTest(m, v, p, k, alternative)


# -- The number of breaks, their dates and the segments' rates ------------------------------------


@dataclass(frozen=True)
class BreakCount:
    """How many breaks the data support and why.

    `count` is the sequential decision: add a break while sup-F(ℓ + 1 | ℓ) rejects at
    `test_level`. `fits` holds the best fit for 0…max breaks (with BIC), `tests` the sequential
    tests run (the last is the first that did not reject, unless the maximum was reached),
    `bic_count` the number BIC prefers.
    """

    form: str
    count: int
    bic_count: int
    fits: tuple[BreakFit, ...]
    tests: tuple[SupFTest, ...]
    test_level: float
    min_size: int
    n: int
    method: str

    def table(self) -> pd.DataFrame:
        """One row per number of breaks: dates, RSS, BIC, ΔBIC to the best, and the sequential
        test that added that break (if run)."""
        rows = []
        best = min(f.bic for f in self.fits)
        for f in self.fits:
            test = next((t for t in self.tests if t.null_breaks == f.k - 1), None)
            rows.append(
                {
                    "breaks": f.k,
                    "dates": ", ".join(f"{d:.2f}" for d in f.dates),
                    "rss": f.rss,
                    "bic": f.bic,
                    "delta_bic": f.bic - best,
                    "growth_per_year": ", ".join(f"{10**s:.2f}" for s in f.slopes),
                    "sup_f": test.stat if test else math.nan,
                    "p": test.p if test else math.nan,
                }
            )
        return pd.DataFrame(rows)


def count_breaks(
    x: np.ndarray,
    y: np.ndarray,
    clusters: np.ndarray,
    form: str = "continuous",
    max_breaks: int = MAX_BREAKS,
    min_size: int = MIN_MODELS_PER_SEGMENT,
    n_boot: int = 499,
    seed: int = SEED,
    test_level: float = BREAK_TEST_LEVEL,
    min_years: float = MIN_SEGMENT_YEARS,
) -> BreakCount:
    """The number of breaks by Bai and Perron's sequential procedure, with BIC beside it."""
    fits = tuple(best_fit(x, y, k, form, min_size, min_years=min_years) for k in range(max_breaks + 1))
    tests: list[SupFTest] = []
    count = 0
    while count < max_breaks:
        test = sup_f_test(
            x,
            y,
            clusters,
            fits[count].dates,
            form,
            min_size,
            n_boot=n_boot,
            seed=seed + count,
            min_years=min_years,
        )
        tests.append(test)
        if test.p >= test_level:
            break
        count += 1
    bic_count = int(np.argmin([f.bic for f in fits]))
    method = (
        f"Bai and Perron's (1998) sequential procedure: add a {form} break while "
        f"sup-F(l+1|l) rejects at {test_level:.0%} (p from {n_boot} fixed-regressor wild "
        f"bootstrap resamples, one sign per calendar year; Hansen 2000), at most "
        f"{max_breaks} breaks, every segment at least {min_size} models and {min_years:g} "
        f"years; BIC prefers "
        f"{bic_count}"
    )
    return BreakCount(form, count, bic_count, fits, tuple(tests), test_level, min_size, int(x.size), method)


@dataclass(frozen=True)
class BreakDates:
    """The k-break fit with an interval for each date and each segment's growth.

    Intervals are percentiles of `n_boot` resamples of whole calendar years (a cluster
    bootstrap; every resample re-searches the dates). `segments` has one row per segment:
    start, end, n, slope (log10/yr), slope_low/high, growth_per_year, growth_low/high.
    """

    fit: BreakFit
    date_low: tuple[float, ...]
    date_high: tuple[float, ...]
    segments: pd.DataFrame
    level: float
    n_boot: int
    boot_dates: np.ndarray = field(repr=False)
    method: str = ""


def break_dates(
    x: np.ndarray,
    y: np.ndarray,
    clusters: np.ndarray,
    k: int,
    form: str = "continuous",
    min_size: int = MIN_MODELS_PER_SEGMENT,
    step: float | None = None,
    n_boot: int = 500,
    seed: int = SEED,
    level: float = LEVEL,
    min_years: float = MIN_SEGMENT_YEARS,
) -> BreakDates:
    """Best k-break fit with year-bootstrap intervals for its dates and segment rates."""
    _check_form(form)
    if k < 1:
        raise ValueError("break_dates needs at least one break")
    order = np.argsort(x, kind="mergesort")
    x, y, clusters = np.asarray(x, float)[order], np.asarray(y, float)[order], np.asarray(clusters)[order]
    step = step or BREAK_GRID_STEP_YEARS[k]
    taus = candidate_dates(x, step, min_size)
    combos = _combos(taus, x, k, min_size, min_years=min_years)
    fit = best_fit(x, y, k, form, min_size, step, min_years)
    codes, inverse = np.unique(clusters, return_inverse=True)
    rng = np.random.default_rng(seed)
    dates = np.empty((n_boot, k))
    slopes = np.empty((n_boot, k + 1))
    p = k + 2 if form == "continuous" else 2
    per_chunk = max(1, 3_000_000 // (combos.shape[0] * (p * p + 6)))
    for first in range(0, n_boot, per_chunk):
        b = min(per_chunk, n_boot - first)
        # Each resample draws calendar years with replacement; a model's weight is how often
        # its year was drawn, so the models of one year always move together.
        w = rng.multinomial(codes.size, np.full(codes.size, 1.0 / codes.size), size=b)[:, inverse].astype(
            float
        )
        rss, seg_slopes, total, above = _grid_search(x, y, w, taus, combos, form)
        counts = _segment_counts(total, above, combos)
        rss = np.where((counts >= min_size).all(axis=-1), rss, np.inf)
        pick = np.argmin(rss, axis=1)
        dates[first : first + b] = taus[combos[pick]]
        slopes[first : first + b] = seg_slopes[np.arange(b), pick]
    alpha = 1 - level
    q = [100 * alpha / 2, 100 * (1 - alpha / 2)]
    d_low, d_high = np.nanpercentile(dates, q, axis=0)
    s_low, s_high = np.nanpercentile(slopes, q, axis=0)
    edges = (float(x.min()),) + fit.dates + (float(x.max()),)
    segments = pd.DataFrame(
        {
            "start": edges[:-1],
            "end": edges[1:],
            "n": fit.n_per_segment,
            "slope": fit.slopes,
            "slope_low": s_low,
            "slope_high": s_high,
            "growth_per_year": 10 ** np.asarray(fit.slopes),
            "growth_low": 10**s_low,
            "growth_high": 10**s_high,
        }
    )
    method = (
        f"least-squares {form} {k}-break fit over dates every {step:g} years, at least "
        f"{min_size} models and {min_years:g} years per segment; {level:.0%} percentile intervals from {n_boot} "
        f"bootstrap resamples of whole calendar years, dates re-searched in each (seed {seed})"
    )
    return BreakDates(
        fit,
        tuple(float(v) for v in d_low),
        tuple(float(v) for v in d_high),
        segments,
        level,
        n_boot,
        dates,
        method,
    )


# -- On the models table ------------------------------------------------------------------------


def break_series(
    df: pd.DataFrame,
    metric: str = "compute_flop",
    subset: str | pd.Series = "notable",
    start: float | str | pd.Timestamp | None = None,
    end: float | str | pd.Timestamp | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(decimal year, log10 metric, calendar year) of the usable rows, sorted by date."""
    rows, _ = select_subset(df, subset)
    x, y, _ = log_series(rows, metric, start, end)
    order = np.argsort(x, kind="mergesort")
    x, y = x[order], y[order]
    return x, y, np.floor(x).astype(int)


def start_year_sensitivity(
    df: pd.DataFrame,
    starts: tuple[int, ...] = (1950, 1960, 1970, 1980, 1990),
    metric: str = "compute_flop",
    subset: str | pd.Series = "notable",
    forms: tuple[str, ...] = FORMS,
    min_size: int = MIN_MODELS_PER_SEGMENT,
    min_years: float = MIN_SEGMENT_YEARS,
) -> pd.DataFrame:
    """Where the best single break lies when the data start in each of `starts`, per form,
    with its BIC gain over no break and the one- and two-break dates.

    Columns: start, form, n, break_1 (the single best date), bic_gain_1 (BIC of no break minus
    BIC of one), breaks_2 (the best pair of dates), bic_gain_2 (BIC of one break minus two)."""
    rows = []
    for start in starts:
        x, y, _ = break_series(df, metric, subset, float(start))
        for form in forms:
            f0, f1, f2 = (best_fit(x, y, k, form, min_size, min_years=min_years) for k in (0, 1, 2))
            rows.append(
                {
                    "start": start,
                    "form": form,
                    "n": int(x.size),
                    "break_1": f1.dates[0],
                    "bic_gain_1": f0.bic - f1.bic,
                    "breaks_2": f"{f2.dates[0]:.2f}, {f2.dates[1]:.2f}",
                    "bic_gain_2": f1.bic - f2.bic,
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class BreakAnalysis:
    """Everything the report says about breaks in one trend: the count (and the form it was
    decided in), the dates with intervals and the segments' rates, the test of any break,
    Davies' test of a kink, and the sensitivity to the start year."""

    count: BreakCount
    counts_by_form: dict[str, BreakCount]
    dates: BreakDates | None
    any_break: SupFTest
    davies: DaviesTest
    sensitivity: pd.DataFrame
    n: int


def break_analysis(
    df: pd.DataFrame,
    metric: str = "compute_flop",
    subset: str | pd.Series = "notable",
    start=None,
    end=None,
    n_boot: int = 499,
    n_boot_dates: int = 200,
    seed: int = SEED,
    level: float = LEVEL,
    sensitivity: bool = True,
) -> BreakAnalysis:
    """Count breaks in both forms, keep the form whose chosen model has the lower BIC, and
    give its dates, segment rates and tests (and, with `sensitivity`, the start-year table)."""
    x, y, years = break_series(df, metric, subset, start, end)
    counts = {form: count_breaks(x, y, years, form, n_boot=n_boot, seed=seed) for form in FORMS}
    chosen = min(counts.values(), key=lambda c: c.fits[c.count].bic)
    dates = (
        break_dates(x, y, years, chosen.count, chosen.form, n_boot=n_boot_dates, seed=seed, level=level)
        if chosen.count and n_boot_dates > 0
        else None
    )
    table = start_year_sensitivity(df, metric=metric, subset=subset) if sensitivity else pd.DataFrame()
    return BreakAnalysis(chosen, counts, dates, chosen.tests[0], davies_test(x, y), table, int(x.size))


def late_start_breaks(
    df: pd.DataFrame,
    start: int = 1970,
    n_boot: int = 1_000,
    seed: int = SEED,
    metric: str = "compute_flop",
    subset: str | pd.Series = "notable",
) -> BreakAnalysis:
    """The break analysis with the data starting in `start` (without the handful of 1950s–60s
    models the earliest segment rests on), at about half `n_boot` resamples for the tests and a
    fifth for the dates, as the headline analysis draws."""
    return break_analysis(
        df,
        metric,
        subset,
        f"{start}-01-01",
        None,
        n_boot=max(n_boot // 2 - 1, 19),
        n_boot_dates=max(n_boot // 5, 19),
        seed=seed,
        sensitivity=False,
    )


def segment_fits(dates: BreakDates, metric: str = "compute_flop", subset: str = "notable") -> list[TrendFit]:
    """Each segment of a broken trend as a `TrendFit` (for drawing, and for the prose's growth
    rates): the fitted line over the segment, its slope's year-bootstrap interval, its models."""
    fit = dates.fit
    edges = (float(dates.segments["start"].iloc[0]),) + fit.dates + (float(dates.segments["end"].iloc[-1]),)
    out = []
    for i, seg in enumerate(dates.segments.itertuples()):
        lo, hi = edges[i], edges[i + 1]
        # The fitted values at the segment's ends give its line (continuous or not).
        y_lo, y_hi = _fitted_line(fit, lo, hi, i)
        slope = (y_hi - y_lo) / (hi - lo)
        intercept = y_lo - slope * lo
        d_low, d_high = interval_slope_to_doubling(float(seg.slope_low), float(seg.slope_high))
        out.append(
            TrendFit(
                metric=metric,
                subset=subset,
                n=int(seg.n),
                n_dropped=0,
                start=lo,
                end=hi,
                slope=float(slope),
                intercept=float(intercept),
                r2=math.nan,
                slope_low=float(seg.slope_low),
                slope_high=float(seg.slope_high),
                slope_low_ols=math.nan,
                slope_high_ols=math.nan,
                growth_per_year=float(10**slope),
                growth_low=float(seg.growth_low),
                growth_high=float(seg.growth_high),
                doubling_months=slope_to_doubling_months(slope),
                doubling_low=d_low,
                doubling_high=d_high,
                doubling_defined=bool(slope > 0),
                ooms_per_year=float(slope),
                level=dates.level,
                n_boot=dates.n_boot,
                noise_ooms=0.0,
                method=dates.method,
                label=f"segment {i + 1} of {len(dates.segments)}, {math.floor(lo)}–{math.floor(hi)}",
            )
        )
    return out


def _fitted_line(fit: BreakFit, lo: float, hi: float, segment: int) -> tuple[float, float]:
    """The fitted log value at both ends of one segment, from the fit's coefficients."""
    x = np.asarray(fit.x, float)
    z = _design(x, fit.dates, fit.form)
    beta, *_ = np.linalg.lstsq(z, np.asarray(fit.y, float), rcond=None)
    eps = 1e-9
    ends = np.array([lo + eps if segment > 0 else lo, hi])
    start, end = (float(v) for v in _design(ends, fit.dates, fit.form) @ beta)
    return start, end


def compute_break_count(
    df: pd.DataFrame, n_boot: int = 499, seed: int = SEED, analysis: BreakAnalysis | None = None
):
    """The number of breaks in the compute trend of notable models the data support, as an
    `Estimate` (no interval: the count is a decision, its method says by which rule)."""
    from aigrowth.estimate import Estimate

    a = analysis or break_analysis(df, n_boot=n_boot, n_boot_dates=0, seed=seed)
    c = a.count
    tests = "; ".join(
        f"sup-F({t.null_breaks + 1}|{t.null_breaks}) = {t.stat:.1f}, p = {t.p:.3f}" for t in c.tests
    )
    other = ", ".join(f"{f}: {bc.count}" for f, bc in a.counts_by_form.items())
    return Estimate(
        "compute_break_count",
        c.count,
        None,
        None,
        None,
        c.n,
        "notable models with a compute estimate, all dates",
        f"{c.method}; {tests}; form {c.form} (lower BIC at its chosen count; counts by form: {other})",
    )
