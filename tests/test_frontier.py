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


def test_frontier_definitions_describe_every_rule():
    table = frontier.frontier_definitions()
    assert table["key"].tolist() == [
        "frontier_epoch",
        "frontier_top10",
        "record_setters",
    ]
    assert table[["name", "rule", "source", "caveat"]].map(bool).all().all()
    assert "July 2025" in table.set_index("key").loc["frontier_epoch", "caveat"]
