"""The temporal chapter on the real data: every figure carries an id, its traces and a title
that states the finding; the CSV rows are the plotted rows; the trends drawn are the numbers
printed; the scrolly steps name traces that exist; and code-chosen words flip with the data."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aigrowth import fmt
from aigrowth.chapters import common, temporal

pytestmark = pytest.mark.realdata

QMD = Path(__file__).resolve().parents[1] / "report" / "temporal.qmd"


@pytest.fixture(scope="module", autouse=True)
def _real_data(real_dataset):
    """Point the chapter's cached dataset at the session's real snapshot."""
    return real_dataset


FIGURES = {
    "temporal-compute": temporal.compute_scrolly,
    "temporal-parameters": lambda: temporal.metric_figure("parameters"),
    "temporal-training-time": lambda: temporal.metric_figure("training_time"),
    "temporal-power": lambda: temporal.metric_figure("power"),
    "temporal-cost": lambda: temporal.metric_figure("cost"),
    "temporal-organization-share": temporal.organization_figure,
    "temporal-compute-by-country": temporal.country_figure,
    "temporal-open-share": temporal.open_share_figure,
    "temporal-open-by-compute": temporal.open_compute_figure,
}


@pytest.fixture(scope="module")
def built():
    return {slug: build() for slug, build in FIGURES.items()}


def _title(fig) -> str:
    return fig.layout.title.text.replace("<br>", " ")


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_figure_has_id_traces_and_a_title_without_exponents(built, slug):
    fig, data = built[slug]
    assert fig.layout.meta["id"] == slug
    assert len(fig.data) >= 2 and len(data) > 0
    title = _title(fig)
    assert title and "e+" not in title


def test_every_figure_and_download_in_the_text_exists(built):
    text = QMD.read_text(encoding="utf-8")
    for slug in FIGURES:
        assert f"downloads/{slug}.csv" in text, slug
    labels = re.findall(r"#\| label: (fig-[\w-]+)", text)
    assert len(labels) == len(set(labels)) == len(FIGURES)
    for label in labels:
        assert label.startswith("fig-temporal-") and f"@{label}" in text, label


def test_csv_rows_are_the_plotted_points(built):
    fig, data = built["temporal-compute"]
    points = [t for t in fig.data if not t.name.startswith("trend") and t.name != temporal.FRONTIER_TRACE]
    assert sum(len(t.x) for t in points) == len(data) == temporal.scrolly_model_count()
    overlay = next(t for t in fig.data if t.name == temporal.FRONTIER_TRACE)
    assert len(overlay.x) == int(data["frontier_top10"].sum())
    csv = pd.read_csv(pd.io.common.StringIO(common.csv_text(data)))
    assert len(csv) == len(data)
    assert np.allclose(csv["compute_flop"].to_numpy(), data["compute_flop"].to_numpy(), rtol=1e-5)


def test_scrolly_trends_are_the_printed_numbers(built):
    fig, _ = built["temporal-compute"]
    n = common.numbers()
    by_name = {t.name: t for t in fig.data}
    expected = {
        temporal.TREND_PRE_DL: "compute_growth_per_year_pre_dl",
        temporal.TREND_DL: "compute_growth_per_year_dl",
        temporal.TREND_FRONTIER: "compute_growth_per_year_frontier",
    }
    segments = temporal.segments()
    assert len(segments) == n.compute_break_count.value + 1
    for i in range(1, len(segments) + 1):
        expected[temporal.segment_trend_name(i)] = f"compute_growth_per_year_segment_{i}"
    for name, key in expected.items():
        trace = by_name[name]
        assert trace.visible is False, f"{name} starts hidden for a step to reveal"
        slope = (math.log10(trace.y[-1]) - math.log10(trace.y[0])) / (trace.x[-1] - trace.x[0])
        assert 10 ** slope == pytest.approx(getattr(n, key).value, rel=1e-6), name
    # The segments meet at the break years the prose states.
    for i, seg in enumerate(segments[1:], start=1):
        assert seg.start == pytest.approx(getattr(n, f"compute_break_{i}_year").value, abs=0.01)
    assert fmt.fmt_growth(segments[-1].growth_per_year) in _title(fig)


def test_scrolly_steps_name_existing_traces(built):
    fig, _ = built["temporal-compute"]
    names = {t.name for t in fig.data}
    text = QMD.read_text(encoding="utf-8")
    block = text[text.index("::: {.scrolly"):]
    steps = re.findall(r"::: \{\.step([^}]*)\}", block)
    assert len(steps) == 7  # the break step is split in two: every break, then the data from 1970
    for attributes in steps:
        for attr in ("data-trend", "data-highlight", "data-show"):
            for value in re.findall(rf'{attr}="([^"]*)"', attributes):
                for name in value.split(","):
                    assert name.strip() in names, f"{attr} names no trace {name!r}"


@pytest.mark.parametrize("key", sorted(temporal.METRIC_CHARTS))
def test_metric_figures_draw_exactly_the_models_of_their_trend(built, key):
    fig, data = built[f"temporal-{key.replace('_', '-')}"]
    fit = getattr(common.trends(), temporal.METRIC_CHARTS[key][0])
    assert len(data) == fit.n
    trend = next(t for t in fig.data if t.name.startswith("trend"))
    slope = (math.log10(trend.y[-1]) - math.log10(trend.y[0])) / (trend.x[-1] - trend.x[0])
    assert 10 ** slope == pytest.approx(fit.growth_per_year, rel=1e-6)
    assert fmt.fmt_growth(fit.growth_per_year) in _title(fig)


def test_latest_years_counts_match_the_chart():
    latest = temporal.latest_years()
    data = temporal.compute_over_time_data(common.dataset().models)
    years = data["publication_date"].dt.year
    assert latest.complete_year == latest.partial_year - 1
    assert latest.n_complete == int((years == latest.complete_year).sum())
    assert latest.n_before_complete == int((years == latest.complete_year - 1).sum())
    assert latest.n_partial == int((years == latest.partial_year).sum())
    assert latest.data_end.year == latest.partial_year


def test_break_sentence_states_every_break_as_its_claim():
    n, claims = common.numbers(), common.claims()
    sentence = temporal.break_sentence()
    for i in range(1, n.compute_break_count.value + 1):
        assert f'data-claim="compute-break-{i}-dates"' in sentence
        assert claims[f"compute-break-{i}-dates"].word == "consistent with a change"
    assert temporal.segment_sentence().count(" a year in ") == n.compute_break_count.value + 1


def test_highlights_are_sentences_built_from_claims():
    sentences = temporal.highlights()
    assert 3 <= len(sentences) <= 5
    assert all("data-claim=" in s for s in sentences)


def test_organization_facts_are_pooled_counts():
    data = temporal.organization_rows()
    facts = temporal.organization_facts(data)
    rows = data[data["year"].between(*facts.recent_years)]
    assert facts.recent_total == int(rows.groupby("year")["n_year"].first().sum())
    assert facts.recent_n == int(rows.loc[rows["organization_type"] == "Industry", "n"].sum())
    assert facts.recent_years[1] == temporal.latest_years().complete_year
    fig, _ = temporal.organization_figure()
    assert common.claims().industry_share_change.word in _title(fig)
    assert fig.layout.meta["claims"] == ["industry-share-change"]


def test_country_facts_count_the_largest_runs():
    data = temporal.country_rows()
    facts = temporal.country_facts(data)
    assert facts.n_large == int((data["compute_flop"] >= 1e23).sum())
    assert facts.n_top >= facts.n_second
    assert fmt.with_article("United States") == "the United States"
    assert fmt.with_article("China") == "China"


def test_open_weights_scale_counts():
    data = temporal.open_compute_rows()
    facts = temporal.open_scale_facts(data)
    top = data[data["log10_compute"] >= temporal.TOP_SCALE_EXPONENT]
    assert facts.top_n == int(top["n_known"].sum())
    assert facts.top_pct == pytest.approx(100 * top["n_open"].sum() / top["n_known"].sum())
    assert facts.top_n + facts.below_top_n == int(data["n_known"].sum())


def test_open_share_counts_per_year():
    data = temporal.open_share_rows()
    facts = temporal.open_share_facts(data)
    row = data[data["year"] == facts.complete_year].iloc[0]
    assert facts.complete_known == int(row["n_known"]) and facts.complete_open == int(row["n_open"])
    assert facts.complete_pct == pytest.approx(row["share_open_pct"])
    # "33% had open weights (21 models)" gave the models with a known status: the open count is its own.
    assert facts.first_open == int(data.iloc[0]["n_open"]) and facts.first_known == int(data.iloc[0]["n_known"])
