import math

import numpy as np
import pandas as pd
import pytest

from aigrowth import eras
from aigrowth.years import decimal_year


def broken(break_year=2010.0, slope_before=0.15, slope_after=0.6, jump=0.0, n=400, sigma=0.3,
           seed=0, start=1990.0, end=2024.0):
    """A continuous (or jumping) kinked log-linear series with a known break."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(start, end, n))
    logy = 15 + slope_before * (x - start)
    after = x > break_year
    logy = logy + np.where(after, jump + (slope_after - slope_before) * (x - break_year), 0.0)
    logy += rng.normal(0, sigma, n)
    return pd.DataFrame({"decimal_year": x, "compute_flop": 10**logy, "is_notable": True})


def test_finds_a_known_kink():
    result = eras.find_break(broken(), subset="notable", n_boot=200)
    assert result.form in {"continuous", "jump"}
    assert result.break_preferred
    assert result.year == pytest.approx(2010.0, abs=1.0)
    assert result.year_low <= 2010.0 <= result.year_high
    assert result.before.slope == pytest.approx(0.15, abs=0.05)
    assert result.after.slope == pytest.approx(0.6, abs=0.08)
    assert result.bic_continuous < result.bic_none
    assert decimal_year([result.date])[0] == pytest.approx(result.year, abs=1 / 365)


def test_prefers_a_jump_when_there_is_one():
    df = broken(break_year=2015.5, slope_before=0.3, slope_after=0.3, jump=2.0, sigma=0.2)
    result = eras.find_break(df, subset="notable", n_boot=100)
    assert result.form == "jump"
    assert result.year == pytest.approx(2015.5, abs=0.5)
    no_jump = eras.find_break(df, subset="notable", n_boot=0, allow_jump=False)
    assert no_jump.bic_jump is None and no_jump.form in {"none", "continuous"}
    assert "jump" not in no_jump.profile.columns.str.replace("bic_", "").tolist()


def test_no_break_wins_on_a_straight_line():
    df = broken(slope_before=0.4, slope_after=0.4, sigma=0.3, seed=3)
    result = eras.find_break(df, subset="notable", n_boot=0)
    assert result.form == "none" and not result.break_preferred
    assert math.isnan(result.year_low)


def test_grid_bic_matches_a_direct_fit():
    df = broken(n=120, seed=5)
    result = eras.find_break(df, subset="notable", n_boot=0, allow_jump=False, min_per_segment=10)
    x = df.decimal_year.to_numpy()
    y = np.log10(df.compute_flop.to_numpy())
    row = result.profile.iloc[len(result.profile) // 2]
    design = np.column_stack([np.ones_like(x), x, np.maximum(x - row.year, 0)])
    resid = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    n = x.size
    expected = n * math.log((resid**2).sum() / n) + 4 * math.log(n)
    assert row.bic_continuous == pytest.approx(expected, rel=1e-8)


def test_break_bootstrap_is_seeded():
    df = broken(n=150, sigma=0.6)
    a = eras.find_break(df, subset="notable", n_boot=60, seed=1)
    b = eras.find_break(df, subset="notable", n_boot=60, seed=1)
    assert (a.year_low, a.year_high) == (b.year_low, b.year_high)


def test_find_break_rejects_impossible_requests():
    with pytest.raises(ValueError, match="two segments"):
        eras.find_break(broken(n=30), subset="notable", min_per_segment=20, n_boot=0)
    with pytest.raises(ValueError, match="grid_step_years"):
        eras.find_break(broken(), subset="notable", grid_step_years=0)


def test_chow_test_detects_a_break_and_not_a_straight_line():
    kinked = eras.chow_test(broken(seed=2), 2010.0, subset="notable")
    assert kinked.p < 1e-6 and kinked.df_num == 2 and kinked.df_den == 400 - 4
    assert kinked.n_before + kinked.n_after == 400
    assert "sup-F" in kinked.caveat
    straight = eras.chow_test(broken(slope_after=0.15, seed=2), 2010.0, subset="notable")
    assert straight.p > 0.01
    with pytest.raises(ValueError, match="at least 3"):
        eras.chow_test(broken(), 1980.0, subset="notable")


def test_chow_f_matches_its_formula():
    df = broken(n=50, seed=9)
    got = eras.chow_test(df, "2005-06-01", subset="notable")
    x, y = df.decimal_year.to_numpy(), np.log10(df.compute_flop.to_numpy())
    cut = x <= got.year

    def rss(xs, ys):
        resid = np.polyval(np.polyfit(xs, ys, 1), xs) - ys
        return float(resid @ resid)

    pooled, split = rss(x, y), rss(x[cut], y[cut]) + rss(x[~cut], y[~cut])
    assert got.f == pytest.approx(((pooled - split) / 2) / (split / 46), rel=1e-6)


def test_era_trends_one_row_per_era():
    rng = np.random.default_rng(0)
    df = broken(start=1955, end=2024, n=600)
    df["is_notable"] = rng.random(len(df)) < 0.8
    table = eras.era_trends(df, eras=eras.ERAS[:2], n_boot=50)
    assert table["era"].tolist() == ["pre_dl", "dl"]
    assert table.loc[0, "end"] < 2010 <= table.loc[1, "start"]
    assert table.loc[0, "slope"] == pytest.approx(0.15, abs=0.05)
    assert table.loc[1, "slope"] == pytest.approx(0.6, abs=0.08)
