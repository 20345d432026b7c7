import math

import numpy as np
import pandas as pd
import pytest

from aigrowth import aicompute


def models():
    rows = [
        ("AlexNet", "2012-09-30", 4.7e17),
        ("Small 2013", "2013-03-01", 1e16),
        ("Record 2014", "2014-06-01", 1e19),
        ("Record 2016", "2016-01-27", 2e21),
        ("AlphaGo Zero", "2017-10-18", 3.4e23),
        ("Old 2008", "2008-01-01", 1e15),
        ("Record 2020", "2020-05-28", 3.1e23 * 10),
    ]
    df = pd.DataFrame(rows, columns=["model", "publication_date", "compute_flop"])
    df["publication_date"] = pd.to_datetime(df["publication_date"])
    df["model_key"] = df["model"].str.casefold()
    df["is_notable"] = True
    return df


def test_record_runs_window_and_order():
    runs = aicompute.record_runs(models())
    assert runs["model"].tolist() == [
        "AlexNet", "Record 2014", "Record 2016", "AlphaGo Zero"
    ]
    assert runs["record_factor"].iloc[0] == pytest.approx(470.0)  # against the 2008 record


def test_record_trend_recovers_a_known_doubling():
    # Records exactly doubling every 3.4 months: the fit must say 3.4.
    years = np.linspace(2012, 2018, 13)
    slope = 12 * math.log10(2) / 3.4
    df = pd.DataFrame({"decimal_year": years, "compute_flop": 10 ** (17 + slope * (years - 2012))})
    fit = aicompute.record_trend(df, n_boot=100)
    assert fit.doubling_months == pytest.approx(3.4)
    assert fit.n == 13 and fit.subset == "custom"


def test_growth_between_alexnet_and_alphago_zero():
    got = aicompute.growth_between(models(), "alexnet", "AlphaGo  Zero")
    assert got.factor == pytest.approx(3.4e23 / 4.7e17)
    assert got.years == pytest.approx(5.05, abs=0.01)
    assert got.doubling_months == pytest.approx(12 * math.log(2) / math.log(got.growth_per_year))
    with pytest.raises(KeyError, match="GPT-9"):
        aicompute.growth_between(models(), "AlexNet", "GPT-9")


def test_before_after_speedup():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(1990, 2020, 300))
    logy = np.where(x <= 2012, 15 + 0.15 * (x - 1990), 15 + 0.15 * 22 + 0.9 * (x - 2012))
    df = pd.DataFrame({"decimal_year": x, "compute_flop": 10 ** (logy + rng.normal(0, 0.2, 300)),
                       "is_notable": True})
    cmp = aicompute.before_after(df, n_boot=50)
    assert cmp.split_year == 2012.0
    assert cmp.speedup == pytest.approx(0.9 / 0.15, rel=0.15)
    assert cmp.before.n + cmp.after.n == 300


def test_openais_figures_come_from_the_literature_table_as_stated():
    from aigrowth import literature

    openai = literature.published("amodei2018_doubling")
    assert openai.value == 3.4 and "3.4-month" in openai.as_stated and openai.citation == "amodei2018"
    assert literature.published("amodei2018_increase").value == 300_000
    assert literature.published("amodei2018_moore").value == 2.0
    assert not hasattr(aicompute, "PUBLISHED")  # one table of published figures, in aigrowth.literature
    with pytest.raises(KeyError, match="known"):
        literature.published("nope")
