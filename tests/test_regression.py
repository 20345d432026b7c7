import numpy as np
import pandas as pd
import pytest

from aigrowth import regression

TRUE_SLOPES = {"Language": 1.3, "Vision": 1.0, "Games": 1.6}


def synthetic(n_per=150, sigma=0.3, seed=0, sparse=("Robotics", 8)):
    rng = np.random.default_rng(seed)
    frames = []
    for i, (group, slope) in enumerate(TRUE_SLOPES.items()):
        logp = rng.uniform(6, 11, n_per)
        logc = 8 + i + slope * logp + rng.normal(0, sigma, n_per)
        frames.append(pd.DataFrame({"domain_group": group, "parameters": 10**logp,
                                    "compute_flop": 10**logc}))
    name, count = sparse
    logp = rng.uniform(6, 11, count)
    frames.append(pd.DataFrame({"domain_group": name, "parameters": 10**logp,
                                "compute_flop": 10 ** (9 + logp + rng.normal(0, sigma, count))}))
    df = pd.concat(frames, ignore_index=True)
    df["compute_estimation_method"] = np.where(rng.random(len(df)) < 0.4,
                                               "Operation counting", "Hardware")
    return df


def test_recovers_known_slopes_per_domain():
    fit = regression.fit_domain_regression(synthetic())
    slopes = fit.slopes.set_index("domain_group")
    for group, truth in TRUE_SLOPES.items():
        assert slopes.loc[group, "slope"] == pytest.approx(truth, abs=0.05)
        assert slopes.loc[group, "low"] < slopes.loc[group, "slope"] < slopes.loc[group, "high"]
    assert fit.interaction_test.p < 1e-10
    assert fit.cov_type == "HC3"
    assert fit.r2 > 0.9


def test_sparse_groups_are_pooled_and_reported():
    fit = regression.fit_domain_regression(synthetic(sparse=("Robotics", 25)), min_rows=30)
    assert fit.collapsed == {"Robotics": 25, regression.DROPPED: 25}
    assert fit.n == 3 * 150
    fit = regression.fit_domain_regression(synthetic(sparse=("Robotics", 25)), min_rows=20)
    assert fit.collapsed == {}
    assert fit.n_per_group["Robotics"] == 25


def test_small_groups_pool_into_other_when_other_is_big_enough():
    df = pd.concat([synthetic(sparse=("Robotics", 12)), synthetic(sparse=("Video", 12), seed=1)
                    .query("domain_group == 'Video'")], ignore_index=True)
    fit = regression.fit_domain_regression(df)
    assert fit.collapsed == {"Robotics": 12, "Video": 12}
    assert fit.n_per_group["Other"] == 24
    assert "Other" in fit.slopes["domain_group"].tolist()
    assert fit.reference in TRUE_SLOPES  # the largest group


def test_group_slope_interval_uses_the_combination_not_the_raw_interaction():
    fit = regression.fit_domain_regression(synthetic(), reference="Language")
    vision = fit.slopes.set_index("domain_group").loc["Vision"]
    # The raw interaction is about 1.0 - 1.3 = -0.3; the reported slope is the sum.
    assert vision["slope"] == pytest.approx(1.0, abs=0.05)
    # Half-width of a 95 % normal interval is 1.96 se of the combination.
    assert (vision["high"] - vision["low"]) / 2 == pytest.approx(1.96 * vision["se"], rel=1e-3)


def test_equal_slopes_are_not_rejected():
    df = synthetic(seed=3)
    df["compute_flop"] = 10 ** (
        8 + 1.2 * np.log10(df["parameters"]) + np.random.default_rng(3).normal(0, 0.3, len(df))
    )
    fit = regression.fit_domain_regression(df)
    assert fit.interaction_test.p > 0.01


def test_diagnostics_are_reported():
    fit = regression.fit_domain_regression(synthetic())
    d = fit.diagnostics
    assert 0 <= d.breusch_pagan_p <= 1 and 0 <= d.jarque_bera_p <= 1
    assert d.residual_summary["count"] == fit.n
    assert abs(d.residual_summary["mean"]) < 1e-8


def test_robustness_fit_drops_operation_counting():
    df = synthetic(sparse=("Robotics", 0))
    both = regression.compute_vs_parameters(df)
    counted = df["compute_estimation_method"].eq("Operation counting").sum()
    assert both.n_operation_counting == counted
    assert both.without_operation_counting.n == len(df) - counted
    assert "Operation counting" in both.without_operation_counting.excluded
    assert both.main.excluded == ""


def test_bad_input_raises():
    with pytest.raises(KeyError, match="parameters"):
        regression.fit_domain_regression(pd.DataFrame({"compute_flop": [1.0]}))
    one_group = synthetic()
    one_group["domain_group"] = "Language"
    with pytest.raises(ValueError, match="two domain groups"):
        regression.fit_domain_regression(one_group)
