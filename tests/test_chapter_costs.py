"""The cost, scale and efficiency chapter on the real data: figures and tables are built with
ids, traces and titles; the CSV downloads match the figures; the trends drawn are the numbers
printed; and the words chosen by code flip with their inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aigrowth import fmt
from aigrowth.chapters import common
from aigrowth.chapters import costs as C
from aigrowth.efficiency import add_efficiency_metrics, flag_implausible_cost
from aigrowth.figures.efficiency import FLAGGED
from aigrowth.numbers import Numbers

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module", autouse=True)
def _real(real_dataset):
    """The chapter reads the data through `common.dataset()`; make sure it is the real one."""
    return real_dataset


@pytest.fixture(scope="module")
def figures():
    return {name: getattr(C, name)() for name in
            ("frontier_compute", "frontier_cost", "flop_per_dollar", "flop_per_joule")}


def test_figures_have_ids_traces_titles_and_source(figures):
    ids = set()
    for name, (fig, data) in figures.items():
        slug = fig.layout.meta["id"]
        assert slug.startswith("costs-"), name
        ids.add(slug)
        assert fig.layout.title.text and fig.layout.title.subtitle.text
        assert "log scale" in fig.layout.title.subtitle.text, name
        assert any(a.name == "source" and "Epoch AI" in a.text for a in fig.layout.annotations)
        assert len(data) > 0
    assert len(ids) == len(figures)


def test_csv_data_match_the_points(figures):
    for name, (fig, data) in figures.items():
        points = [t for t in fig.data if t.mode == "markers"]
        assert sum(len(t.x) for t in points) == len(data), name
        measure = {"frontier_compute": "compute_flop", "frontier_cost": "cost_usd_2023",
                   "flop_per_dollar": "flop_per_dollar", "flop_per_joule": "flop_per_joule"}[name]
        drawn = np.sort(np.concatenate([np.asarray(t.y, dtype=float) for t in points]))
        assert drawn == pytest.approx(np.sort(data[measure].to_numpy(dtype=float)))


def test_trends_drawn_are_the_numbers_printed(figures):
    N = common.results().entries
    fig, _ = figures["frontier_compute"]
    trends = {t.name: t for t in fig.data if t.name.startswith("trend: ")}
    front, rest = common.trends().compute_frontier, common.trends().compute_non_frontier
    assert front.growth_per_year == pytest.approx(N["compute_growth_per_year_frontier"]["value"])
    assert rest.growth_per_year == pytest.approx(N["compute_growth_per_year_non_frontier"]["value"])
    for name, fit in (("trend: Frontier", front), ("trend: Other models", rest)):
        xs = np.asarray(trends[name].x, dtype=float)
        assert np.log10(np.asarray(trends[name].y, dtype=float)) == pytest.approx(fit.predict(xs))
    # Efficiency: the drawn slope per year equals the printed growth.
    for key, (fig, _) in (("flop_per_dollar_growth_per_year_dl_plausible", figures["flop_per_dollar"]),
                          ("flop_per_joule_growth_per_year_dl_plausible", figures["flop_per_joule"])):
        line = next(t for t in fig.data if t.name.startswith("trend: "))
        x, y = np.asarray(line.x, dtype=float), np.log10(np.asarray(line.y, dtype=float))
        assert 10 ** ((y[-1] - y[0]) / (x[-1] - x[0])) == pytest.approx(N[key]["value"])


def test_flagged_runs_are_marked_not_hidden(figures, real_dataset):
    N = common.results().entries
    fig, data = figures["flop_per_dollar"]
    flagged = next(t for t in fig.data if t.name == FLAGGED)
    assert len(flagged.x) == int(data["implausible"].sum()) == N["cost_implausible_rows"]["value"]
    assert "LLaVA" in set(data.loc[data["implausible"], "model"])
    assert "LLaVA" in C.flagged_names(len(C.flagged_data()))
    # The trend leaves them out, and the fine-tunes: n of the printed trend = all runs minus
    # the runs that are flagged or fine-tunes.
    from aigrowth.selection import fine_tune_mask

    m = real_dataset.models
    flags = flag_implausible_cost(m)
    out = m.index.isin(flags.index[flags["implausible"]]) | fine_tune_mask(m).to_numpy()
    dated = data["decimal_year"] >= 2010
    assert N["flop_per_dollar_growth_per_year_dl_plausible"]["n"] == int(
        (~m.set_index("model_key").loc[data.loc[dated, "model_key"]].index.isin(m.loc[out, "model_key"])).sum())
    fig, data = figures["flop_per_joule"]
    above = next(t for t in fig.data if t.name == C.ABOVE_PEAK)
    assert len(above.x) == int(data["implausible"].sum()) == N["energy_above_peak_rows"]["value"]
    assert N["flop_per_joule_growth_per_year_dl_plausible"]["n"] < (
        N["flop_per_joule_growth_per_year_dl"]["n"] - N["energy_above_peak_rows"]["value"] + 1)
    # Every flagged run really is above the best chip's peak of its time.
    rows = data[data["implausible"]]
    assert (rows["flop_per_joule"] > 1e12).all()


def test_flagged_table_matches_the_statistics_module(real_dataset):
    flags = flag_implausible_cost(real_dataset.models)
    table = C.flagged_data()
    assert set(table["model"]) == set(flags.loc[flags["implausible"], "model"])
    assert (table["ooms_from_median"].abs() > 1.5).all()
    llava = C.flagged_row("LLaVA")
    assert llava.cost_usd_2023 < 100 and llava.compute_flop > 1e22
    with pytest.raises(KeyError):
        C.flagged_row("GPT-4 (Mar 2023)")


def test_most_expensive_table(real_dataset):
    data = C.most_expensive_data()
    assert len(data) == 10 and data["cost_usd_2023"].is_monotonic_decreasing
    assert data.iloc[0]["cost_usd_2023"] == real_dataset.models["cost_usd_2023"].max()
    assert C.most_expensive_top().model == fmt.fmt_text(data.iloc[0]["model"])
    html = C.most_expensive().as_raw_html()
    assert 'id="tbl-costs-most-expensive"' in html and "2023 US dollars" in html


def test_sparsity_counts(real_dataset):
    N = common.results().entries
    m = real_dataset.models
    assert N["models_with_cost"]["value"] == int((m["cost_usd_2023"] > 0).sum())
    assert N["models_with_cost_frontier"]["value"] <= N["models_with_cost"]["value"]
    assert N["models_with_cost_since_2024"]["value"] < N["models_with_cost"]["value"] / 5


def test_correlations_carry_their_n(real_dataset):
    data = C.correlations_data()
    assert (data["n"] >= 3).all()
    row = C.correlation("compute_flop", "cost_usd_2023")
    m = real_dataset.models
    window = m[pd.to_numeric(m["year"]).between(*C.correlation_periods()[1])]
    both = (window["compute_flop"] > 0) & (window["cost_usd_2023"] > 0)
    assert row.n == int(both.sum())
    html = C.correlations_table().as_raw_html()
    assert html.count("Models") >= 2 and "Spearman" in html


def test_efficiency_growth_table_rows_are_headline_numbers():
    frame = C.efficiency_growth_frame()
    N = common.results().entries
    for _, row in frame.iterrows():
        assert row["growth_per_year"] == N[row["key"]]["value"]
        assert row["low"] <= row["growth_per_year"] <= row["high"]
    assert 'id="tbl-costs-efficiency-growth"' in C.efficiency_growth_table().as_raw_html()


def test_efficiency_metric_is_the_statistics_module(figures, real_dataset):
    _, data = figures["flop_per_dollar"]
    ref = add_efficiency_metrics(real_dataset.models).set_index("model_key")["flop_per_dollar"]
    assert data["flop_per_dollar"].to_numpy() == pytest.approx(ref.loc[data["model_key"]].to_numpy())


def test_frontier_gap_and_chip_comparisons_come_from_claims():
    claims = common.claims()
    gap = claims.compute_frontier_gap_change
    assert gap.evidence.source == ("compute_frontier_gap_change_per_year",) and gap.word in (
        "widened", "narrowed", "no detectable change")
    # The chips are compared at three number formats, each as a claim on the ratio of the rates.
    for run in ("flop-per-dollar", "flop-per-joule"):
        for chip in ("fp32", "fp16-tensor", "fastest"):
            assert claims[f"{run}-vs-chips-{chip}"].evidence.reference == 1.0
    assert all("data-claim=" in s for s in C.highlights())


def test_flop_per_dollar_medians_by_period(real_dataset):
    t = common.table("flop_per_dollar_by_period")
    assert len(t) == 5 and (t["q25"] <= t["median"]).all() and (t["median"] <= t["q75"]).all()
    m = C.period_medians()
    assert m.first_n == int(t["n"].iloc[0]) and m.last_n == int(t["n"].iloc[-1])
    assert 'id="tbl-costs-flop-per-dollar-periods"' in C.flop_per_dollar_periods_table().as_raw_html()
