"""Known-answer tests for the break analysis (aigrowth.breaks), with independent checks against
`ruptures` (exact dynamic programming) and `piecewise-regression` (Davies' test)."""

import math

import numpy as np
import pandas as pd
import pytest

from aigrowth import breaks as B


def series(breaks=(), slopes=(0.3,), n=300, sigma=0.25, seed=0, start=1990.0, end=2025.0,
           jumps=None):
    """A piecewise log-linear series, continuous at each break unless `jumps` are given, with
    dates denser in later years (as models are)."""
    rng = np.random.default_rng(seed)
    x = np.sort(start + (end - start) * np.sqrt(rng.uniform(0, 1, n)))
    y = 10 + slopes[0] * (x - start)
    for i, b in enumerate(breaks):
        y = y + (slopes[i + 1] - slopes[i]) * np.maximum(x - b, 0.0)
        if jumps is not None:
            y = y + jumps[i] * (x > b)
    return x, y + rng.normal(0, sigma, n), np.floor(x).astype(int)


def test_fit_from_sums_matches_a_direct_least_squares_fit():
    x, y, _ = series((2010.0,), (0.2, 0.6), seed=1)
    for form in B.FORMS:
        for k in (1, 2):
            fit = B.best_fit(x, y, k, form)
            direct = B._design(x, fit.dates, form)
            resid = y - direct @ np.linalg.lstsq(direct, y, rcond=None)[0]
            assert fit.rss == pytest.approx(float(resid @ resid), rel=1e-8)


@pytest.mark.parametrize("form", B.FORMS)
def test_a_break_at_a_known_date_comes_back(form):
    x, y, years = series((2012.0,), (0.15, 0.6), jumps=(1.0,) if form == "discontinuous" else None, seed=2)
    result = B.break_dates(x, y, years, 1, form, n_boot=200)
    assert result.fit.dates[0] == pytest.approx(2012.0, abs=1.0)
    assert result.date_low[0] <= 2012.0 <= result.date_high[0]
    seg = result.segments
    assert seg.loc[0, "slope_low"] <= 0.15 <= seg.loc[0, "slope_high"]
    assert seg.loc[1, "slope_low"] <= 0.6 <= seg.loc[1, "slope_high"]


def test_two_breaks_come_back_as_two_and_one_as_one():
    x, y, years = series((2000.0, 2015.0), (0.1, 0.4, 0.9), n=400, sigma=0.3, seed=3)
    two = B.count_breaks(x, y, years, "continuous", n_boot=199)
    assert two.count == 2
    assert two.fits[2].dates == pytest.approx((2000.0, 2015.0), abs=1.5)
    x, y, years = series((2010.0,), (0.2, 0.6), n=400, sigma=0.3, seed=4)
    assert B.count_breaks(x, y, years, "continuous", n_boot=199).count == 1


def test_a_straight_line_has_no_break():
    x, y, years = series((), (0.4,), n=400, seed=5)
    result = B.count_breaks(x, y, years, "continuous", n_boot=199)
    assert result.count == 0
    assert result.tests[0].p > 0.05


def test_no_break_rejects_at_about_the_stated_rate():
    """Size of the bootstrap sup-F test: over 200 seeded straight-line series, the share of
    rejections at 5 % lies inside the 99 % binomial range for a 5 % test."""
    rejections = 0
    sims = 200
    for seed in range(sims):
        x, y, years = series((), (0.3,), n=120, sigma=0.3, seed=1000 + seed)
        test = B.sup_f_test(x, y, years, (), "continuous", min_size=15, step=1.0, n_boot=99,
                            seed=seed)
        rejections += test.p < 0.05
    # 99 % binomial range for 200 draws at p = 0.05: 3 to 18 rejections.
    assert 3 <= rejections <= 18, rejections


def test_the_test_has_power_against_a_real_break():
    x, y, years = series((2012.0,), (0.2, 0.5), n=200, sigma=0.3, seed=7)
    assert B.sup_f_test(x, y, years, (), "continuous", n_boot=199).p < 0.01


def test_clustered_errors_widen_the_test_honestly():
    """Errors shared by all models of a year: an iid wild bootstrap would over-reject; the year
    bootstrap keeps the size near 5 % (at most 20 % here, against far more without it)."""
    rng = np.random.default_rng(11)
    rejections = 0
    for seed in range(60):
        x = np.sort(rng.uniform(1990, 2025, 200))
        years = np.floor(x).astype(int)
        shocks = rng.normal(0, 0.4, 40)[years - 1990]
        y = 0.3 * x + shocks + rng.normal(0, 0.2, x.size)
        rejections += B.sup_f_test(x, y, years, (), "continuous", min_size=15, step=1.0,
                                   n_boot=99, seed=seed).p < 0.05
    assert rejections <= 12


def test_matches_ruptures_exact_segmentation():
    """The discontinuous search on every gap between dates equals ruptures' dynamic programme
    with a linear cost (an independent implementation)."""
    rpt = pytest.importorskip("ruptures")
    x, y, _ = series((2005.0, 2016.0), (0.1, 0.5, 0.2), n=150, sigma=0.2, seed=8,
                     jumps=(1.0, -1.0))
    grid = (x[:-1] + x[1:]) / 2
    for k in (1, 2):
        taus = grid
        combos = B._combos(taus, x, k, 10)
        rss, _, _, _ = B._grid_search(x, y, np.ones((1, x.size)), taus, combos, "discontinuous")
        ours = sorted(int(np.searchsorted(x, t, side="right")) for t in taus[combos[np.argmin(rss[0])]])
        signal = np.column_stack([y, np.ones_like(x), x])
        theirs = rpt.Dynp(model="linear", min_size=10, jump=1).fit(signal).predict(n_bkps=k)[:-1]
        assert ours == theirs


def test_davies_matches_piecewise_regression():
    pr = pytest.importorskip("piecewise_regression")
    from piecewise_regression.davies import davies_test as their_davies

    for seed, slopes in ((9, (0.3, 0.3)), (10, (0.2, 0.35))):
        x, y, _ = series((2010.0,), slopes, n=150, sigma=0.3, seed=seed)
        xc = x - x.mean()
        thetas = np.linspace(xc[2], xc[-3], 10)
        ours = B.davies_p_value(B.hinge_t_stats(xc, y, thetas, with_step=True))[2]
        assert ours == pytest.approx(min(their_davies(x, y, k=10), 1.0), rel=1e-9)
    assert pr is not None


def test_davies_bound_formula():
    m, v, p = B.davies_p_value(np.array([0.5, 2.0, 1.0]), "two_sided")
    assert (m, v) == (2.0, 2.5)
    from scipy import stats
    assert p == pytest.approx(2 * (stats.norm.sf(2.0) + 2.5 * math.exp(-2.0) / math.sqrt(8 * math.pi)))


@pytest.mark.parametrize("q", [1, 2])
def test_andrews_critical_values_reproduce_the_published_table(q):
    """Simulating the limit of sup-Wald reproduces Andrews' (2003) 5 % value within Monte
    Carlo and discretisation error (a fine grid and many paths would close the gap)."""
    value = B.andrews_critical_value(q, 0.15, 0.05, n_sim=3_000, n_steps=500)
    assert value == pytest.approx(B.ANDREWS_2003_SUP_WALD_15PCT[q][0.05], rel=0.06)


def test_start_year_sensitivity_reports_each_start_and_form():
    x, y, _ = series((2010.0,), (0.2, 0.6), n=200, seed=12)
    df = pd.DataFrame({"decimal_year": x, "compute_flop": 10**y, "is_notable": True})
    table = B.start_year_sensitivity(df, starts=(1990, 2000))
    assert list(table["start"]) == [1990, 1990, 2000, 2000]
    assert table["break_1"].between(2008, 2012).all()


def test_bad_arguments_say_what_is_wrong():
    x, y, years = series(n=30)
    with pytest.raises(ValueError, match="form"):
        B.best_fit(x, y, 1, "wiggly")
    with pytest.raises(ValueError, match="segments"):
        B.candidate_dates(x, 0.25, 20)
    with pytest.raises(ValueError, match="resamples"):
        B.sup_f_test(x, y, years, n_boot=5, min_size=5)
