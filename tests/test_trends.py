import math

import numpy as np
import pandas as pd
import pytest

from aigrowth import trends
from aigrowth.constants import SEVILLA_NOISE_OOMS


def synthetic(growth=4.3, n=400, sigma=0.5, start=2010.0, end=2024.0, seed=1):
    """Models whose compute grows `growth`× a year with log-normal scatter."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(start, end, n))
    logy = 17 + math.log10(growth) * (x - start) + rng.normal(0, sigma, n)
    return pd.DataFrame(
        {
            "decimal_year": x,
            "compute_flop": 10**logy,
            "is_notable": rng.random(n) < 0.7,
            "frontier_top10": False,
        }
    )


def test_recovers_known_growth_rate():
    fit = trends.fit_trend(synthetic(), subset="all", n_boot=300)
    assert fit.growth_per_year == pytest.approx(4.3, rel=0.05)
    assert fit.growth_low < fit.growth_per_year < fit.growth_high
    assert fit.doubling_months == pytest.approx(12 * math.log10(2) / math.log10(4.3), rel=0.05)
    assert fit.doubling_low < fit.doubling_months < fit.doubling_high
    assert fit.n == 400 and fit.n_dropped == 0
    assert fit.ooms_per_year == fit.slope
    np.testing.assert_allclose(fit.predict([2010.0]), [fit.intercept + 2010 * fit.slope])


def test_bootstrap_interval_covers_truth_most_of_the_time():
    truth = math.log10(4.3)
    covered = 0
    for seed in range(40):
        fit = trends.fit_trend(synthetic(n=80, seed=seed), subset="all", n_boot=200, seed=seed)
        covered += fit.slope_low <= truth <= fit.slope_high
    # Nominal 95 %; with 40 replications anything from ~32 up is consistent with it.
    assert covered >= 32


def test_bootstrap_agrees_with_ols_interval_for_well_behaved_data():
    fit = trends.fit_trend(synthetic(n=1000), subset="all", n_boot=1000)
    ols_width = fit.slope_high_ols - fit.slope_low_ols
    boot_width = fit.slope_high - fit.slope_low
    assert boot_width == pytest.approx(ols_width, rel=0.2)


def test_seeded_bootstrap_is_reproducible_and_seed_matters():
    df = synthetic(n=60)
    a = trends.fit_trend(df, subset="all", n_boot=200, seed=5)
    b = trends.fit_trend(df, subset="all", n_boot=200, seed=5)
    c = trends.fit_trend(df, subset="all", n_boot=200, seed=6)
    assert (a.slope_low, a.slope_high) == (b.slope_low, b.slope_high)
    assert (a.slope_low, a.slope_high) != (c.slope_low, c.slope_high)


def test_noise_widens_the_interval():
    df = synthetic(n=100, sigma=0.1)
    plain = trends.fit_trend(df, subset="all", n_boot=500)
    noisy = trends.fit_trend(df, subset="all", n_boot=500, noise_ooms=SEVILLA_NOISE_OOMS)
    assert (noisy.slope_high - noisy.slope_low) > (plain.slope_high - plain.slope_low)
    assert "noise" in noisy.method and "noise" not in plain.method


def test_drops_and_counts_unusable_values():
    df = synthetic(n=50)
    df.loc[:4, "compute_flop"] = np.nan
    df.loc[5:6, "compute_flop"] = 0.0
    df.loc[7, "compute_flop"] = -1.0
    fit = trends.fit_trend(df, subset="all", n_boot=0)
    assert fit.n == 42 and fit.n_dropped == 8
    assert "t interval" in fit.method
    assert fit.slope_low == fit.slope_low_ols


def test_window_and_subset_select_rows():
    df = synthetic(n=300)
    fit = trends.fit_trend(df, start="2015-01-01", end=2020.0, subset="notable", n_boot=0)
    expected = df[(df.decimal_year >= 2015) & (df.decimal_year <= 2020) & df.is_notable]
    assert fit.n == len(expected)
    assert (fit.start, fit.end) == (2015.0, 2020.0)
    assert fit.subset == "notable" and "notable models" in fit.label
    custom = trends.fit_trend(df, subset=df.decimal_year > 2018, n_boot=0)
    assert custom.subset == "custom" and custom.n == int((df.decimal_year > 2018).sum())


def test_shrinking_series_has_no_doubling_time():
    fit = trends.fit_trend(synthetic(growth=0.5), subset="all", n_boot=100)
    assert not fit.doubling_defined
    assert fit.doubling_months == math.inf
    assert fit.growth_per_year == pytest.approx(0.5, rel=0.1)


def test_clear_errors():
    df = synthetic(n=20)
    with pytest.raises(ValueError, match="unknown subset"):
        trends.fit_trend(df, subset="famous")
    with pytest.raises(KeyError, match="parameters"):
        trends.fit_trend(df, metric="parameters", subset="all")
    with pytest.raises(ValueError, match="at least 3"):
        trends.fit_trend(df, subset="all", start=2030)
    with pytest.raises(ValueError, match="level"):
        trends.fit_trend(df, subset="all", level=95)
    with pytest.raises(KeyError, match="frontier_epoch"):
        trends.fit_trend(df, subset="frontier_epoch")


def test_bootstrap_slopes_match_direct_refits():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(0, 10, 30), rng.normal(0, 1, 30)
    slopes = trends.bootstrap_slopes(x, y, 5, np.random.default_rng(3), chunk_cells=40)
    idx = np.random.default_rng(3).integers(0, 30, size=(1, 30))
    # chunk of one resample: the first slope is the refit of the first drawn index set
    assert slopes[0] == pytest.approx(np.polyfit(x[idx[0]], y[idx[0]], 1)[0])
