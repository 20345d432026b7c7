"""Known-answer tests for the corrected analyses: literature, records, export controls, chips,
the frontier gap and outcome selection."""

import math

import numpy as np
import pandas as pd
import pytest

from aigrowth import chips, controls, gaps, literature, records, selection
from aigrowth.years import decimal_year


def models_frame(slope=0.5, n=400, sigma=0.3, seed=0, start=2005.0, end=2025.0, **extra):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(start, end, n))
    frame = pd.DataFrame({
        "decimal_year": x, "year": np.floor(x).astype(int),
        "compute_flop": 10 ** (18 + slope * (x - start) + rng.normal(0, sigma, n)),
        "is_notable": True, "model": [f"m{i}" for i in range(n)],
    })
    for key, value in extra.items():
        frame[key] = value
    return frame


# -- Literature ---------------------------------------------------------------------------------

def test_published_values_are_entered_as_stated():
    for p in literature.PUBLISHED:
        numbers = [v for v in (p.value, p.low, p.high) if v is not None]
        assert numbers, p.key
        assert p.interval in {"90% CI", "95% CI", "summary range", "none"} or p.interval.startswith("none")
        if p.interval == "summary range":
            assert p.value is None and p.low < p.high
        # Every number entered appears in the wording quoted from the source.
        for v in numbers:
            text = f"{v:g}".replace("300000", "300,000")
            assert text in p.as_stated.replace("x", " ").replace("-", " "), (p.key, text)


def test_citations_match_references_bib():
    from pathlib import Path
    bib = (Path(__file__).parents[1] / "report" / "references.bib").read_text(encoding="utf-8")
    for p in literature.PUBLISHED:
        assert f"{{{p.citation}," in bib, p.citation


def test_like_for_like_recovers_a_known_rate_on_the_published_window():
    df = models_frame(slope=math.log10(4.5), start=2008.0, end=2026.0, frontier_top10=False)
    est = literature.compute_growth_per_year_notable_2010_2024(df, n_boot=200)
    assert est.low <= 4.5 <= est.high
    assert est.value == pytest.approx(4.5, rel=0.1)
    assert "2010-01-01 to 2024-05" in est.subset
    years = df["decimal_year"]
    assert est.n == int(((years >= 2010) & (years <= decimal_year([pd.Timestamp("2024-05-31")])[0])).sum())


def test_comparison_table_uses_the_published_interval_kind(real_dataset):
    table = literature.comparison_table(real_dataset.models, n_boot=100)
    cottier = table.set_index("key").loc["cottier2024_cost"]
    assert cottier["like_level"] == 0.95 and cottier["like_low"] < cottier["our_value"] < cottier["like_high"]
    assert set(table["key"]) <= {p.key for p in literature.PUBLISHED}
    assert table["reason"].str.len().gt(20).all()


# -- Records ------------------------------------------------------------------------------------

def test_small_sample_fit_gives_the_t_interval():
    rng = np.random.default_rng(1)
    x = np.arange(2012, 2021, dtype=float)
    y = 0.9 * x + rng.normal(0, 0.2, x.size)
    fit = records.small_sample_fit(x, y)
    from scipy import stats
    res = stats.linregress(x, y)
    t = stats.t.ppf(0.975, x.size - 2)
    assert fit["slope"] == pytest.approx(res.slope)
    assert fit["low"] == pytest.approx(res.slope - t * res.stderr)
    assert fit["loo_low"] <= fit["slope"] <= fit["loo_high"]


def test_record_sensitivity_on_real_data(real_dataset):
    table = records.record_sensitivity(real_dataset.models)
    assert len(table) == len(records.WINDOW_ENDS) * len(records.RECORD_RULES)
    assert (table["doubling_low"] < table["doubling_months"]).all()
    rng = records.record_range(real_dataset.models)
    assert rng.low <= rng.value <= rng.high and rng.level is None


# -- Export controls ------------------------------------------------------------------------------

def gta_frame():
    d = pd.to_datetime
    return pd.DataFrame({
        "intervention_id": ["1", "2", "3", "4", "5"],
        "evaluation": ["Red", "Green", "Amber", "Red", "Amber"],
        "in_force": [True, True, False, False, True],
        "date_announced": d(["2020-01-01", "2021-01-01", "2022-01-01", "2022-01-01", "2023-01-01"]),
        "date_implemented": d(["2020-02-01", "2021-02-01", None, "2022-02-01", "2023-02-01"]),
        "date_removed": d([None, None, None, "2023-06-01", None]),
    })


def test_counts_only_restrictive_measures_in_force():
    est = controls.export_controls_restrictive_total(gta_frame())
    # 1 (Red, in force) and 5 (Amber, implemented, in force); not 2 (Green), 3 (never
    # implemented), 4 (removed).
    assert est.value == 2
    assert "1 liberalising" in est.method and "1 restrictive but not implemented" in est.method
    assert "2023-06-01" in est.subset


def test_removal_is_judged_at_the_as_of_date():
    assert controls.export_controls_restrictive_total(gta_frame(), "2023-01-01").value == 2
    assert controls.export_controls_restrictive_total(gta_frame(), "2022-12-31").value == 2
    assert controls.classify(gta_frame(), "2022-12-31")["counted"].tolist() == [True, False, False, True, False]


def test_unknown_evaluation_names_the_row():
    bad = gta_frame()
    bad.loc[2, "evaluation"] = "Purple"
    with pytest.raises(ValueError, match="row 3"):
        controls.classify(bad)


# -- Chips --------------------------------------------------------------------------------------

def hardware_frame(n=40, seed=0):
    rng = np.random.default_rng(seed)
    years = np.sort(rng.uniform(2010, 2025, n))
    dates = pd.to_datetime([f"{int(y)}-{1 + int((y % 1) * 12):02d}-15" for y in years])
    x = decimal_year(dates)
    fp32 = 10 ** (12 + 0.1 * (x - 2010))
    return pd.DataFrame({
        "hardware_name": [f"chip{i}" for i in range(n)], "manufacturer": "Maker", "type": "GPU",
        "release_date": dates, "release_price_usd": 1000.0,
        "fp32_flops": fp32, "fp16_tensor_flops": fp32 * 8,
        "max_performance": fp32 * 10 ** (0.15 * (x - 2010)), "tdp_w": 300.0,
    })


def test_fixed_precision_trend_is_not_the_fastest_format_trend():
    hw = hardware_frame()
    est = chips.chip_price_performance_growth_per_year_fp32(hw, n_boot=100)
    assert est.value == pytest.approx(10 ** 0.1, rel=1e-6)
    fastest = chips.chip_metrics(hw)
    assert (fastest["price_performance_fastest"] > fastest["price_performance_fp32"]).all()
    assert "no price index" in est.method


# -- Frontier gap -------------------------------------------------------------------------------

@pytest.mark.parametrize("slope_rest,word", [(0.5, "no detectable change"), (0.3, "widened"), (0.7, "narrowed")])
def test_gap_word_follows_the_interval(slope_rest, word):
    front = models_frame(slope=0.5, n=150, seed=1, frontier_top10=True)
    rest = models_frame(slope=slope_rest, n=600, seed=2, frontier_top10=False)
    rest["compute_flop"] /= 1e3
    df = pd.concat([front, rest], ignore_index=True)
    change = gaps.gap_change(df, start=2005.0, n_boot=300)
    assert change.low <= 10 ** (0.5 - slope_rest) <= change.high
    assert gaps.gap_word(change) == word


def test_rest_composition_on_real_data(real_dataset):
    comp = gaps.rest_composition(real_dataset.models)
    assert comp["n"].sum() > 0 and comp["share_notable"].between(0, 1).all()


# -- Selection ----------------------------------------------------------------------------------

def test_a_fixed_threshold_flattens_the_trend_and_the_top10_rule_does_not():
    """Known answer: all models grow 0.5 OOM/yr. Those above a fixed threshold show a far
    flatter trend; the top 10 at release keeps the slope."""
    from aigrowth.frontier import top_n_at_release

    df = models_frame(slope=0.5, n=2000, sigma=0.6, seed=3, start=2000.0, end=2025.0)
    threshold = 10 ** (18 + 0.5 * 20)  # reached by the trend itself only in 2020
    biased = selection.above_threshold_fit(df, threshold, n_boot=0)
    assert biased.slope < 0.42 and biased.slope_high_ols < 0.5  # its interval excludes the truth
    dates = pd.to_datetime([f"{int(y)}-01-01" for y in df["year"]]) + pd.to_timedelta((df["decimal_year"] % 1) * 365, unit="D")
    df["frontier_top10"] = top_n_at_release(pd.Series(dates, index=df.index), df["compute_flop"], 10)
    from aigrowth.trends import fit_trend
    top = fit_trend(df, "compute_flop", 2005.0, None, "frontier_top10", 0)
    assert top.slope == pytest.approx(0.5, abs=0.06)


def test_fine_tune_and_dataset_masks():
    df = pd.DataFrame({"base_model": [None, "Llama 2", " ", pd.NA],
                       "domain_group": ["Language", "Language", "Vision", "Language"],
                       "dataset_size": [1e9, 1e9, 1e6, None]})
    assert selection.fine_tune_mask(df).tolist() == [False, True, False, False]
    assert selection.dataset_size_comparable(df).tolist() == [True, False, False, False]


def test_corrections_on_real_data(real_dataset):
    m = real_dataset.models
    by_period = selection.median_by_period(m, n_boot=0)
    assert by_period["median"].iloc[-1] > 5 * by_period["median"].iloc[0]
    dec = selection.scaling_decomposition(m)
    same = dec.iloc[1]
    # On the same rows, compute growth = params × data × passes (exactly, in logs).
    assert math.log10(same["compute_growth"]) == pytest.approx(
        math.log10(same["product_growth"]) + math.log10(same["passes_growth"]), abs=1e-9)
    alt = selection.large_scale_alternatives(m, n_boot=0)
    assert alt.loc[0, "slope"] < alt.loc[1, "slope"]
