import math

import numpy as np
import pandas as pd
import pytest

from aigrowth import efficiency as eff


def runs(n=120, seed=0):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(2012, 2024, n))
    compute = 10 ** (19 + 0.6 * (x - 2012) + rng.normal(0, 0.2, n))
    flop_per_dollar = 10 ** (17 + 0.1 * (x - 2012) + rng.normal(0, 0.1, n))
    return pd.DataFrame({
        "model": [f"m{i}" for i in range(n)],
        "decimal_year": x,
        "year": np.floor(x).astype(int),
        "compute_flop": compute,
        "cost_usd_2023": compute / flop_per_dollar,
        "power_w": 1e6,
        "training_time_hours": 100.0,
        "parameters": compute / 1e12,
        "frontier_top10": rng.random(n) < 0.3,
    })


def test_metric_definitions_and_direction():
    df = pd.DataFrame({"compute_flop": [3.6e21, 1e20, np.nan], "cost_usd_2023": [1e4, 0, 5.0],
                       "power_w": [1e6, 1e5, 1e5], "training_time_hours": [1.0, 2.0, 2.0],
                       "parameters": [1e9, 1e8, 1e8]})
    out = eff.add_efficiency_metrics(df)
    assert out.loc[0, "flop_per_dollar"] == pytest.approx(3.6e17)
    assert out.loc[0, "flop_per_joule"] == pytest.approx(3.6e21 / (1e6 * 3600))
    assert out.loc[0, "flop_per_training_hour"] == pytest.approx(3.6e21)
    assert out.loc[0, "cost_per_parameter"] == pytest.approx(1e-5)
    assert math.isnan(out.loc[1, "flop_per_dollar"])  # zero cost is not a cost
    assert math.isnan(out.loc[2, "flop_per_dollar"])
    from aigrowth.variables import variable

    assert variable("flop_per_dollar").better == "higher" and variable("cost_per_parameter").better == "lower"
    assert all(variable(m).better and variable(m).unit for m in eff.EFFICIENCY_METRICS)


def test_efficiency_trend_recovers_price_performance_growth():
    table = eff.efficiency_trends(runs(), n_boot=100).set_index("metric")
    assert table.loc["flop_per_dollar", "slope"] == pytest.approx(0.1, abs=0.02)
    assert bool(table.loc["flop_per_dollar", "improving"])
    assert table.loc["cost_per_parameter", "better"] == "lower"


def test_frontier_vs_rest_has_both_groups_per_metric():
    table = eff.frontier_vs_rest_trends(runs(), n_boot=50)
    assert table[["group", "metric"]].apply(tuple, axis=1).tolist() == [
        ("frontier", "compute_flop"), ("non-frontier", "compute_flop"),
        ("frontier", "cost_usd_2023"), ("non-frontier", "cost_usd_2023")]
    assert table["slope"].iloc[0] == pytest.approx(0.6, abs=0.05)
    with pytest.raises(KeyError, match="frontier_epoch"):
        eff.frontier_vs_rest_trends(runs(), frontier="frontier_epoch")


def test_correlations_report_n_per_pair():
    df = runs()
    df.loc[:19, "parameters"] = np.nan
    corr = eff.metric_correlations(df, metrics=("compute_flop", "parameters", "cost_usd_2023"),
                                   periods=[(2012, 2024)])
    pair = corr.set_index(["x", "y"]).loc[("compute_flop", "parameters")]
    assert pair["n"] == len(df) - 20
    assert pair["pearson_log"] == pytest.approx(1.0)
    assert pair["spearman"] == pytest.approx(1.0)


def test_flags_a_llava_like_cost_and_says_why():
    df = runs()
    df.loc[60, ["compute_flop", "cost_usd_2023"]] = [7.8e22, 42.0]
    flagged = eff.flag_implausible_cost(df)
    assert flagged.loc[flagged.implausible, "model"].tolist() == ["m60"]
    reason = flagged.loc[60, "reason"]
    assert "above" in reason and "orders of magnitude" in reason
    assert flagged.loc[60, "ooms_from_median"] > 3
    with pytest.raises(ValueError, match="k must be positive"):
        eff.flag_implausible_cost(df, k=0)
