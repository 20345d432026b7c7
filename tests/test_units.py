import math

import numpy as np
import pandas as pd
import pytest

from aigrowth import units, years


def test_growth_and_doubling_known_answers():
    # 4x a year is two doublings a year: 6 months.
    assert units.growth_per_year_to_doubling_months(4.0) == pytest.approx(6.0)
    assert units.doubling_months_to_growth_per_year(6.0) == pytest.approx(4.0)
    # OpenAI (2018): a 3.4-month doubling is about 11.5x a year.
    assert units.doubling_months_to_growth_per_year(3.4) == pytest.approx(2 ** (12 / 3.4))
    assert units.slope_to_growth_per_year(1.0) == pytest.approx(10.0)
    assert units.slope_to_doubling_months(math.log10(2)) == pytest.approx(12.0)
    assert units.ooms_to_doubling_time_months(1.0) == pytest.approx(12 * math.log10(2))


@pytest.mark.parametrize("growth", [1.3, 2.0, 4.3, 11.7, 300.0])
def test_growth_doubling_round_trip(growth):
    months = units.growth_per_year_to_doubling_months(growth)
    assert units.doubling_months_to_growth_per_year(months) == pytest.approx(growth)


def test_non_positive_slope_never_doubles():
    assert units.slope_to_doubling_months(0.0) == math.inf
    assert units.slope_to_doubling_months(-0.3) == math.inf
    assert units.growth_per_year_to_doubling_months(0.5) == math.inf


def test_bad_inputs_raise_naming_the_problem():
    with pytest.raises(ValueError, match="positive"):
        units.growth_per_year_to_doubling_months(-2)
    with pytest.raises(ValueError, match="NaN"):
        units.slope_to_doubling_months(float("nan"))
    with pytest.raises(TypeError, match="slope"):
        units.slope_to_growth_per_year("fast")
    with pytest.raises(ValueError, match="out of order"):
        units.interval_slope_to_doubling(0.5, 0.2)


def test_interval_ends_swap_and_stay_ordered():
    low, high = units.interval_slope_to_doubling(0.4, 0.8)
    assert low < high
    assert low == pytest.approx(units.slope_to_doubling_months(0.8))
    assert high == pytest.approx(units.slope_to_doubling_months(0.4))
    # A slope interval reaching zero leaves the long end open.
    low, high = units.interval_slope_to_doubling(-0.1, 0.3)
    assert high == math.inf and low == pytest.approx(units.slope_to_doubling_months(0.3))


def test_petaflop_s_days_round_trip():
    assert units.flop_to_petaflop_s_days(8.64e19) == pytest.approx(1.0)
    values = np.array([1e18, 3.14e23, 5e26])
    back = units.petaflop_s_days_to_flop(units.flop_to_petaflop_s_days(values))
    np.testing.assert_allclose(back, values)
    # AlphaGo Zero, OpenAI (2018): about 1,860 pfs-days is about 1.6e23 FLOP.
    assert units.petaflop_s_days_to_flop(1860) == pytest.approx(1.607e23, rel=1e-3)


def test_decimal_year():
    dates = pd.Series(pd.to_datetime(["2020-01-01", "2021-07-02", "2020-12-31", None]))
    got = years.decimal_year(dates)
    assert got[0] == 2020.0
    assert got[1] == pytest.approx(2021 + 182 / 365)
    assert got[2] == pytest.approx(2020 + 365 / 366)  # leap year
    assert math.isnan(got[3])


def test_decimal_year_round_trips_through_timestamp():
    for text in ["1957-03-15", "2012-09-30", "2024-02-29", "2025-12-31"]:
        ts = pd.Timestamp(text)
        assert years.decimal_year_to_timestamp(years.decimal_year([ts])[0]) == ts


def test_to_decimal_year_accepts_numbers_strings_timestamps():
    assert years.to_decimal_year(2015.5) == 2015.5
    assert years.to_decimal_year("2010-01-01") == 2010.0
    assert years.to_decimal_year(pd.Timestamp("2012-01-01")) == 2012.0
    assert years.to_decimal_year(None) is None
    with pytest.raises(ValueError, match="date"):
        years.to_decimal_year("not a date")
