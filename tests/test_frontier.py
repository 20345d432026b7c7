import numpy as np
import pandas as pd
import pytest

from aigrowth import frontier


def frame(years, compute):
    return pd.DataFrame(
        {"decimal_year": np.asarray(years, dtype=float), "compute_flop": compute},
        index=[f"m{i}" for i in range(len(years))],
    )


def test_top_n_at_release_keeps_its_contract():
    dates = pd.Series(pd.to_datetime(["2020-01-01", "2020-02-01", "2020-03-01", "2020-04-01"]))
    compute = pd.Series([5.0, 1.0, 3.0, 0.5])
    assert frontier.top_n_at_release(dates, compute, n=2).tolist() == [True, True, True, False]


def test_record_setters_known_sequence():
    df = frame(
        [2010, 2011, 2011.5, 2012, 2012, 2013, 2014],
        [1e18, 5e17, 2e18, 3e18, 4e18, 4e18, np.nan],
    )
    rec = frontier.record_setters(df)
    # m3 and m4 share a date: only the larger is a record; m5 only ties the record.
    assert rec.index.tolist() == ["m0", "m2", "m4"]
    assert rec["record_factor"].iloc[1:].tolist() == pytest.approx([2.0, 2.0])
    mask = frontier.record_setter_mask(df)
    assert mask.index.equals(df.index) and mask.sum() == 3


def test_record_setters_need_the_metric_column():
    with pytest.raises(KeyError, match="parameters"):
        frontier.record_setters(frame([2010], [1.0]), metric="parameters")


def test_residual_outliers_flag_models_far_above_the_window_trend():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(2012, 2020, 400))
    logy = 18 + 0.5 * (x - 2012) + rng.normal(0, 0.3, x.size)
    planted = [50, 150, 250, 350]
    logy[planted] += 2.5
    out = frontier.residual_outliers(frame(x, 10**logy), z_threshold=3.0)
    flagged = set(np.flatnonzero(out["is_outlier"].to_numpy()))
    assert set(planted) <= flagged
    assert len(flagged) <= len(planted) + 2


def test_residual_window_matches_a_direct_fit():
    rng = np.random.default_rng(1)
    x = np.sort(rng.uniform(2015, 2019, 60))
    logy = 20 + 0.6 * (x - 2015) + rng.normal(0, 0.4, x.size)
    out = frontier.residual_outliers(frame(x, 10**logy), window_years=2.0, min_window=5)
    i = 30
    inside = np.abs(x - x[i]) <= 1.0
    slope, intercept = np.polyfit(x[inside], logy[inside], 1)
    resid = logy[inside] - (intercept + slope * x[inside])
    sd = np.sqrt((resid**2).sum() / (inside.sum() - 2))
    expected_z = (logy[i] - (intercept + slope * x[i])) / sd
    assert out["z"].iloc[i] == pytest.approx(expected_z, rel=1e-6)
    assert out["n_window"].iloc[i] == inside.sum()


def test_residual_rule_abstains_on_sparse_windows():
    out = frontier.residual_outliers(frame([2000, 2005, 2010], [1e10, 1e20, 1e12]))
    assert out["z"].isna().all() and not out["is_outlier"].any()
    with pytest.raises(ValueError, match="window_years"):
        frontier.residual_outliers(frame([2000], [1.0]), window_years=0)


def test_frontier_definitions_describe_every_rule():
    table = frontier.frontier_definitions()
    assert table["key"].tolist() == [
        "frontier_epoch",
        "frontier_top10",
        "record_setters",
        "residual_outliers",
    ]
    assert table[["name", "rule", "source", "caveat"]].map(bool).all().all()
    assert "July 2025" in table.set_index("key").loc["frontier_epoch", "caveat"]
