import numpy as np
import pandas as pd
import pytest

from aigrowth import geography as geo


def long_rows():
    # model a: USA+GBR 2020 large-scale frontier; b: USA 2021 large-scale; c: CHN 2021;
    # d: CHN 2022 large-scale frontier; e: USA 2012
    rows = [
        ("a", "USA", "United States", 2020, 1e24, True, True),
        ("a", "GBR", "United Kingdom", 2020, 1e24, True, True),
        ("b", "USA", "United States", 2021, 2e23, True, False),
        ("c", "CHN", "China", 2021, 1e21, False, False),
        ("d", "CHN", "China", 2022, 5e24, True, True),
        ("e", "USA", "United States", 2012, 1e18, False, False),
    ]
    return pd.DataFrame(rows, columns=["model_key", "iso3", "country_name", "year",
                                       "compute_flop", "is_large_scale", "frontier_top10"])


def test_all_country_and_primary_credit():
    counts = geo.models_per_country(long_rows()).set_index("iso3")["models"]
    assert counts.to_dict() == {"USA": 3, "CHN": 2, "GBR": 1}
    models = pd.DataFrame({"primary_country": ["USA", "USA", "CHN", None],
                           "primary_country_name": ["United States", "United States", "China",
                                                    None],
                           "year": [2020, 2021, 2021, 2022]})
    primary = geo.models_per_primary_country(models).set_index("iso3")["models"]
    assert primary.to_dict() == {"USA": 2, "CHN": 1}


def test_top_countries_by_period_shares_can_exceed_one_in_total():
    top = geo.top_countries_by_period(long_rows(), periods=[(2020, 2022)], n=2)
    assert top["iso3"].tolist() == ["CHN", "USA"]  # tied at 2: ISO3 order
    assert top["period_models"].iloc[0] == 4
    assert top["share"].tolist() == pytest.approx([0.5, 0.5])
    with pytest.raises(ValueError, match="ends before"):
        geo.top_countries_by_period(long_rows(), periods=[(2022, 2020)])


def test_cumulative_large_scale_carries_totals_forward():
    cum = geo.cumulative_large_scale(long_rows())
    usa = cum.loc[cum.iso3 == "USA"].set_index("year")["cumulative"].to_dict()
    assert usa == {2020: 1, 2021: 2, 2022: 2}
    chn = cum.loc[cum.iso3 == "CHN"].set_index("year")["cumulative"].to_dict()
    assert chn == {2022: 1}


def test_compare_with_owid_reports_differences():
    owid = pd.DataFrame({
        "entity": ["United States", "United States", "China", geo.OWID_WORLD, geo.OWID_WORLD],
        "iso3": ["USA", "USA", "CHN", None, None],
        "year": [2021, 2022, 2022, 2021, 2022],
        "cumulative": [2, 3, 1, 2, 3],
    })
    models = pd.DataFrame({"model_key": list("abcde"), "year": [2020, 2021, 2021, 2022, 2012],
                           "is_large_scale": [True, True, False, True, False]})
    cmp = geo.compare_with_owid(long_rows(), owid, models).set_index(["iso3", "year"])
    assert cmp.loc[("USA", 2022), "difference"] == -1
    assert cmp.loc[("USA", 2021), "difference"] == 0
    assert cmp.loc[("GBR", 2022), "owid"] == 0 and cmp.loc[("GBR", 2022), "ours"] == 1
    assert cmp.loc[("ALL", 2022), "ours"] == 3 and cmp.loc[("ALL", 2022), "difference"] == 0


def test_frontier_share_and_compute_distribution():
    share = geo.frontier_share_by_country(long_rows(), periods=[(2020, 2022)])
    assert share.set_index("iso3")["share"].to_dict() == pytest.approx(
        {"USA": 0.5, "GBR": 0.5, "CHN": 0.5})
    dist = geo.compute_by_country(long_rows(), min_n=2).set_index("iso3")
    assert set(dist.index) == {"USA", "CHN"}
    assert dist.loc["CHN", "median_flop"] == pytest.approx(10 ** ((21 + np.log10(5e24)) / 2))
    assert dist.loc["USA", "n"] == 3


def test_spearman_interval_and_small_n_guard():
    rng = np.random.default_rng(0)
    x = rng.normal(size=40)
    rho, p, low, high = geo.spearman_with_interval(x, x + rng.normal(0, 0.3, 40), n_boot=300)
    assert 0.8 < rho < 1 and p < 1e-6 and low < rho < high
    with pytest.raises(ValueError, match="at least 4"):
        geo.spearman_with_interval([1, 2, 3], [1, 2, 3])


def test_policy_panel_and_correlations():
    controls = pd.DataFrame({"iso3": ["USA", "USA", "CHN", "GBR", "FRA"],
                             "year": [2020, 2021, 2021, 2021, 2021],
                             "imposed_cum": [1, 3, 0, 1, 2], "targeted_cum": [0, 0, 4, 0, 0]})
    shares = pd.DataFrame({"iso3": ["USA", "CHN", "GBR", "EU27", "FRA"],
                           "year": [2021] * 5, "share_pct": [20.0, 25.0, 3.0, 20.0, 2.0]})
    panel = geo.country_policy_panel(long_rows(), controls, shares, 2019, 2022).set_index("iso3")
    assert panel.loc["USA", "imposed_cum"] == 3 and panel.loc["USA", "models"] == 2
    assert panel.loc["FRA", "models"] == 0
    assert "EU27" not in panel.index
    corr = geo.policy_correlations(panel.reset_index(), pairs=[("models", "pub_share_pct")],
                                   n_boot=50)
    assert corr.loc[0, "n"] == 4


@pytest.mark.realdata
def test_cumulative_large_scale_matches_owid_closely():
    from aigrowth.data import load

    try:
        ds = load()
    except FileNotFoundError:
        pytest.skip("real data not fetched")
    cmp = geo.compare_with_owid(ds.model_countries, ds.owid_large_scale, ds.models)
    world = cmp.loc[cmp.iso3 == "ALL"].set_index("year")
    # OWID's export and Epoch's March 2026 release count the same list up to 2025, apart from
    # a couple of models added or re-dated between snapshots.
    assert (world.loc[2019:2025, "difference"].abs() <= 3).all()
    # OWID's 2026 total (489) predates the newer notable file's 2026 large-scale models, which
    # our table adds; our count may only be higher, and not by much.
    assert world.loc[2026, "owid"] == 489
    assert 0 <= world.loc[2026, "difference"] <= 15
    countries = cmp.loc[(cmp.iso3 != "ALL") & cmp.year.between(2019, 2025)]
    assert (countries["difference"].abs() <= 5).all()


def test_top_countries_by_period_keep_every_country_tied_with_the_last_place():
    rows = pd.DataFrame({"model_key": [f"m{i}" for i in range(7)],
                         "iso3": ["USA", "USA", "USA", "CHN", "CHN", "GBR", "FRA"],
                         "country_name": ["United States"] * 3 + ["China"] * 2 + ["United Kingdom", "France"],
                         "year": 2021})
    top = geo.top_countries_by_period(rows, periods=[(2020, 2022)], n=3)
    assert top["iso3"].tolist() == ["USA", "CHN", "FRA", "GBR"]  # two tied in third place, both kept
    assert top["rank"].tolist() == [1, 2, 3, 3]
