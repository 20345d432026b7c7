"""The prose number formatters give exactly the strings the report prints."""

import math

import numpy as np
import pandas as pd
import pytest

from aigrowth import fmt


@pytest.mark.parametrize(
    ("x", "sig", "expected"),
    [
        (4.2, 2, "4.2"),
        (9.96, 2, "10"),  # rounding carries into a new digit: no spurious "10.0"
        (9.94, 2, "9.9"),
        (1.35, 2, "1.4"),  # half-up on the decimal value, not banker's or binary rounding
        (0.125, 2, "0.13"),
        (1234, 2, "1,200"),
        (1234, 3, "1,230"),
        (300000, 2, "300,000"),
        (0.01234, 2, "0.012"),
        (-0.5, 2, "−0.50"),
        (-1234, 2, "−1,200"),
        (0, 2, "0"),
        (2.0, 2, "2.0"),
        (2.1e25, 2, "2.1 × 10²⁵"),
        (3e-6, 2, "3.0 × 10⁻⁶"),
    ],
)
def test_fmt_number(x, sig, expected):
    assert fmt.fmt_number(x, sig) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_missing_values_read_as_en_dash(missing):
    for formatter in (fmt.fmt_number, fmt.fmt_growth, fmt.fmt_months, fmt.fmt_count,
                      fmt.fmt_pct, fmt.fmt_flop, fmt.fmt_usd, fmt.fmt_year, fmt.fmt_date):
        assert formatter(missing) == "–"


def test_growth_and_interval():
    assert fmt.fmt_growth(4.2) == "4.2×"
    assert fmt.fmt_growth(9.96) == "10×"
    assert fmt.fmt_growth(312_456) == "310,000×"
    assert fmt.fmt_growth_interval(4.2, 3.9, 4.6) == "4.2× (95% CI 3.9–4.6×)"
    assert fmt.fmt_growth_interval(4.24, 3.86, 4.649, level=0.9) == "4.2× (90% CI 3.9–4.6×)"
    assert fmt.fmt_growth_interval(4.2, None, 4.6) == "4.2×"
    assert fmt.fmt_growth_interval(float("nan"), 3.9, 4.6) == "–"
    assert fmt.fmt_interval(1, 2, 0.999) == "(99.9% CI 1.0–2.0)"
    with pytest.raises(ValueError, match="level"):
        fmt.fmt_growth_interval(4.2, 3.9, 4.6, level=95)


def test_months_counts_percentages_years():
    assert fmt.fmt_months(5.66) == "5.7 months"
    assert fmt.fmt_months(1) == "1.0 month"
    assert fmt.fmt_months(24.4) == "24 months"
    assert fmt.fmt_months_interval(5.7, 5.1, 6.44) == "5.7 months (95% CI 5.1–6.4)"
    assert fmt.fmt_count(3237) == "3,237"
    assert fmt.fmt_count(3237.0) == "3,237"
    assert fmt.fmt_count(-12) == "−12"
    with pytest.raises(ValueError, match="whole number"):
        fmt.fmt_count(3.5)
    assert fmt.fmt_pct(45.6) == "46%"
    assert fmt.fmt_pct(4.56) == "4.6%"
    assert fmt.fmt_pct(0.456, fraction=True) == "46%"
    assert fmt.fmt_year(2023.7) == "2023"
    assert fmt.fmt_year(pd.Timestamp("2023-03-14")) == "2023"
    assert fmt.fmt_date("2023-03-14") == "14 Mar 2023"


def test_flop_uses_superscripts():
    assert fmt.fmt_flop(2.1e25) == "2.1 × 10²⁵ FLOP"
    assert fmt.fmt_flop(2.149e25) == "2.1 × 10²⁵ FLOP"
    assert fmt.fmt_flop(9.96e24) == "1.0 × 10²⁵ FLOP"
    assert fmt.fmt_flop(1e23) == "10²³ FLOP"
    assert "e+" not in fmt.fmt_flop(3.3e21)


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (191e6, "$191 million"),
        (191.4e6, "$191 million"),
        (1.2e9, "$1.2 billion"),
        (999.96e6, "$1.0 billion"),  # rounds up into the next word, not "$1,000 million"
        (4523, "$4,500"),
        (45_678, "$46,000"),
        (12, "$12"),
        (0.5, "$0.50"),
        (1.5e12, "$1.5 trillion"),
        (-4500, "−$4,500"),
    ],
)
def test_usd(x, expected):
    assert fmt.fmt_usd(x) == expected
    assert fmt.fmt_usd(x, markdown=True) == expected.replace("$", r"\$")


def test_bad_input_raises_clear_errors():
    with pytest.raises(TypeError, match="number"):
        fmt.fmt_number("four")
    with pytest.raises(ValueError, match="finite"):
        fmt.fmt_growth(math.inf)
    with pytest.raises(TypeError, match="boolean"):
        fmt.fmt_number(True)


def test_fmt_entry():
    entry = {"value": 4.2, "low": 3.9, "high": 4.6, "level": 0.95, "n": 312,
             "subset": "notable", "method": "bootstrap"}
    assert fmt.fmt_entry(entry, "growth") == "4.2× (95% CI 3.9–4.6×)"
    assert fmt.fmt_entry(entry, "growth", with_n=True) == "4.2× (95% CI 3.9–4.6×), n = 312"
    assert fmt.fmt_entry({"value": 5.66}, "months") == "5.7 months"
    assert fmt.fmt_entry({"value": 3237, "low": None}, "count") == "3,237"
    assert (fmt.fmt_entry({"value": 2.1e25, "low": 1e25, "high": 3e25}, "flop")
            == "2.1 × 10²⁵ FLOP (95% CI 10²⁵ to 3.0 × 10²⁵ FLOP)")
    assert (fmt.fmt_entry({"value": 2e8, "low": 1e8, "high": 3e8}, "usd")
            == "$200 million (95% CI $100 million to $300 million)")
    with pytest.raises(ValueError, match="kind"):
        fmt.fmt_entry(entry, "speed")
    with pytest.raises(ValueError, match="value"):
        fmt.fmt_entry({"low": 1}, "growth")


def test_words_chosen_from_results():
    assert fmt.compare_words(4.2, 3.9) == "about as fast as"
    assert fmt.compare_words(5.0, 3.0) == "faster than"
    assert fmt.compare_words(3.0, 5.0) == "slower than"
    assert fmt.compare_words(4.2, 3.9, tol=0.05) == "faster than"
    with pytest.raises(ValueError, match="missing"):
        fmt.compare_words(float("nan"), 3.0)
    assert fmt.more_or_fewer(10, 3) == "more"
    assert fmt.more_or_fewer(1, 3) == "fewer"
    assert fmt.more_or_fewer(3, 3) == "as many"
    assert fmt.higher_or_lower(1, 2) == "lower"
    assert fmt.rose_or_fell(-0.2) == "fell"
    assert fmt.plural(1, "model") == "1 model"
    assert fmt.plural(3237, "model") == "3,237 models"
    assert fmt.plural(2, "country", "countries") == "2 countries"


def test_lists_of_names_for_prose():
    assert fmt.fmt_series([]) == ""
    assert fmt.fmt_series(["A"]) == "A"
    assert fmt.fmt_series(["A", "B", "C"]) == "A, B and C"
    # Names from the data are escaped for markdown, so markup reads as text.
    assert fmt.fmt_names(["GPT-4", "<b>x</b>"]) == "GPT\\-4 and \\<b\\>x\\<\\/b\\>"
