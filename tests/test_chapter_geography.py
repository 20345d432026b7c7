"""The geography chapter on the real data: every figure has its id, traces, title and source;
the data written for download is the data drawn; the claims the prose and the alt texts make
hold; and the words chosen by code flip when the data do."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.realdata

QMD = Path(__file__).resolve().parents[1] / "report" / "geography.qmd"


@pytest.fixture(scope="module")
def chapter(real_dataset):
    from aigrowth.chapters import common, geography

    common.dataset.cache_clear()
    for section in (geography.counting_facts, geography.credit_facts, geography.large_scale_facts,
                    geography.period_facts, geography.frontier_facts, geography.organisation_facts,
                    geography.compute_facts, geography.research_facts, geography.controls_facts):
        section.cache_clear()
    return geography


FIGURES = ("models_by_country", "large_scale_by_country", "frontier_share", "organisation_types",
           "compute_by_country", "research_vs_models", "export_controls")


@pytest.fixture(scope="module")
def built(chapter):
    maps = {"world_map": chapter.world_map("all"), "world_map_large_scale": chapter.world_map("large_scale")}
    return {name: getattr(chapter, name)() for name in FIGURES} | maps


@pytest.fixture(scope="module")
def facts(chapter):
    return {"counting": chapter.counting_facts(), "large_scale": chapter.large_scale_facts(),
            "research": chapter.research_facts(), "controls": chapter.controls_facts()}


def test_figures_have_ids_traces_titles_and_sources(built):
    ids = set()
    for name, (fig, data) in built.items():
        meta = fig.layout.meta
        assert meta["id"].startswith("geography-"), name
        ids.add(meta["id"])
        assert len(fig.data) > 0 and not data.empty, name
        assert fig.layout.title.text and not re.search(r"\de[+-]?\d", fig.layout.title.text), name
        sources = [a.text for a in fig.layout.annotations if a.name == "source"]
        assert len(sources) == 1 and "Data:" in sources[0], name
    assert len(ids) == len(built)


def test_qmd_links_every_download_and_labels_are_unique(built):
    text = QMD.read_text(encoding="utf-8")
    links = set(re.findall(r"\(downloads/([a-z0-9-]+)\.csv\)", text))
    assert links == {fig.layout.meta["id"] for fig, _ in built.values()}
    labels = re.findall(r"#\| label: ((?:fig|tbl)-[a-z0-9-]+)", text)
    assert len(labels) == len(set(labels)) and all(l.startswith(("fig-geography-", "tbl-geography-")) for l in labels)
    for label in labels:
        assert f"@{label}" in text.replace("#| label: " + label, ""), f"{label} is never referred to"


def test_captions_and_alt_texts_have_no_digits():
    for line in QMD.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#| fig-cap:", "#| fig-alt:", "#| tbl-cap:")):
            assert not re.search(r"\d", line), line


def test_scrolly_steps_name_existing_traces(built):
    text = QMD.read_text(encoding="utf-8")
    blocks = {"scrolly-geography": "models_by_country", "scrolly-geography-large-scale": "large_scale_by_country"}
    for block_id, name in blocks.items():
        start = text.index(f"#{block_id}}}")
        end = text.index("\n:::\n\n##", start) if "\n:::\n\n##" in text[start:] else len(text)
        names = {t.name for t in built[name][0].data}
        for attribute in re.findall(r'data-(?:highlight|show)="([^"]+)"', text[start:end]):
            assert set(attribute.split(",")) <= names, (block_id, attribute)


def test_bar_and_line_data_are_what_is_drawn(built, real_dataset):
    fig, data = built["models_by_country"]
    drawn = {t.name: t.x[0] for t in fig.data}
    assert drawn == dict(zip(data["country_name"], data["n_models"]))
    mc = real_dataset.model_countries
    assert drawn["United States"] == mc.loc[mc["iso3"] == "USA", "model_key"].nunique()
    fig, data = built["large_scale_by_country"]
    for trace in fig.data:
        rows = data[data["country_name"] == trace.name].sort_values("year")
        assert list(trace.y) == rows["cumulative"].astype(float).tolist()
    labels = sorted(a.name for a in fig.layout.annotations if (a.name or "").startswith("label: "))
    assert labels == sorted(f"label: {t.name}" for t in fig.data)


def test_other_figures_draw_their_csv(built):
    fig, data = built["frontier_share"]
    for trace in fig.data:
        assert list(trace.y) == pytest.approx(data[data["country_name"] == trace.name]["share_pct"].tolist())
    fig, data = built["organisation_types"]
    totals = data.groupby("iso3")["share_pct"].sum()
    assert np.allclose(totals, 100)
    fig, data = built["compute_by_country"]
    median = next(t for t in fig.data if t.name == "Median")
    assert list(median.x) == pytest.approx(data["median_flop"].tolist())
    assert (data["n"] >= 10).all() and (data["q25_flop"] <= data["median_flop"]).all()
    fig, data = built["research_vs_models"]
    assert "EU27" not in set(data["iso3"])
    models = next(t for t in fig.data if t.name == "Share of models")
    assert list(models.x) == pytest.approx(data["model_share_pct"].tolist())
    fig, data = built["export_controls"]
    imposed = next(t for t in fig.data if t.name == "Controls it imposed")
    assert list(imposed.x) == data["imposed_cum"].astype(float).tolist()


# -- The prose's and alt texts' claims ----------------------------------------------------------


def test_two_countries_lead_models_and_large_scale(built, facts):
    _, bars = built["models_by_country"]
    assert bars["iso3"].head(2).tolist() == ["USA", "CHN"]
    assert float(facts["counting"].leaders_pct.rstrip("%")) > 50  # "Two countries build most models"
    _, lines = built["large_scale_by_country"]
    final = lines.groupby("iso3")["cumulative"].last().sort_values(ascending=False)
    assert final.index[:2].tolist() == ["USA", "CHN"]
    # The zoom step shows the rest on a 0–25 axis.
    assert final.iloc[2:].max() <= 25
    assert facts["large_scale"].partial_year == facts["large_scale"].last_year
    assert facts["large_scale"].partial_year in facts["large_scale"].partial_note


def test_primary_credit_never_exceeds_all_country_credit(chapter):
    table = chapter.credit_comparison(top=40)
    assert (table["primary_credit"] <= table["all_credit"]).all()


def test_counts_agree_with_our_world_in_data(chapter):
    comp = chapter.owid_comparison()
    countries = comp[comp["iso3"] != "ALL"]
    assert countries["difference"].abs().max() <= 10
    assert (countries["difference"] == 0).mean() > 0.5


def test_frontier_and_organisation_claims(built, facts):
    _, front = built["frontier_share"]
    usa = front[front["iso3"] == "USA"]
    assert (usa["share_pct"] > 50).all()  # "took part in most frontier models in every period"
    last = front[front["period"] == front["period"].iloc[-1]].set_index("iso3")
    assert 0 < last.loc["CHN", "share_pct"] < 25
    _, org = built["organisation_types"]
    wide = org.pivot(index="iso3", columns="organization_type", values="share_pct")
    largest = wide.idxmax(axis=1)
    assert (largest == "Industry").sum() > len(largest) / 2
    for iso3 in ("CAN", "DEU"):
        assert wide.loc[iso3, "Academia"] > wide.loc[iso3, "Industry"]


def test_compute_research_and_controls_claims(built, facts):
    _, comp = built["compute_by_country"]
    assert (comp["iqr_ooms"] > 1).all()  # "spreads are wide"
    _, research = built["research_vs_models"]
    r = research.set_index("iso3")
    assert r.loc["USA", "model_share_pct"] > 2 * r.loc["USA", "pub_share_pct"]
    assert abs(r.loc["CHN", "model_share_pct"] - r.loc["CHN", "pub_share_pct"]) < 10
    assert r.loc["IND", "pub_share_pct"] > 5 * r.loc["IND", "model_share_pct"]
    assert facts["research"].china_ahead_now
    _, controls = built["export_controls"]
    c = controls.set_index("iso3")
    assert c["imposed_cum"].idxmax() == "USA" and c.loc["DEU", "imposed_cum"] >= 20
    for iso3 in ("CHN", "RUS", "HKG"):
        assert c.loc[iso3, "targeted_cum"] > c.loc[iso3, "imposed_cum"]
    assert facts["controls"].removed.startswith("One entry of the file was removed")
    # The counts are restrictive measures in force: Red or Amber, implemented, not removed.
    assert int(facts["controls"].counted) < int(facts["controls"].entries)


def test_correlation_claims(chapter, facts):
    frame = chapter.policy_frame().set_index("key")
    everyone = frame.loc["models~imposed_cum~all"]
    assert everyone["rho"] > 0 and everyone["low"] > 0  # "looks like yes"
    builders = frame.loc["models~imposed_cum~builders"]
    assert abs(builders["rho"]) < 0.2 and builders["low"] < 0 < builders["high"]  # "it vanishes"
    targeted = frame.loc["models~targeted_cum~builders"]
    assert targeted["rho"] > 0 and targeted["low"] > 0  # "targeted more often"
    pubs = frame.loc["models~pub_share_pct~oecd"]
    assert pubs["n"] < 15 and pubs["low"] < 0 < pubs["high"]  # "too wide to say much"
    assert (frame["n_boot"] >= 1000).all() and (frame["level"] == 0.95).all()


# -- Words chosen by code --------------------------------------------------------------------


def test_words_flip_with_the_data(chapter):
    from aigrowth import fmt

    assert chapter.every_or_some(4, 4) == "in every period"
    assert chapter.every_or_some(3, 4) == "in 3 of the 4 periods"
    same = pd.DataFrame({"country_name": ["A", "B"], "rank_all": [1, 2], "rank_primary": [1, 2]})
    assert "stays the same" in chapter.rank_changes(same, top=2)
    swapped = same.assign(rank_primary=[2, 1])
    assert chapter.rank_changes(swapped, top=2) == "A moves from 1st to 2nd and B moves from 2nd to 1st"
    assert chapter.fmt_rho(-0.0033) == "0.00" and chapter.fmt_rho(-0.33) == "−0.33"
    assert fmt.with_article("United States", True) == "The United States" and fmt.with_article("China") == "China"
    assert fmt.possessive("the United States") == "the United States'"


def test_titles_flip_with_the_data(chapter):
    from aigrowth.figures import geography as figs

    comp = pd.DataFrame({"iso3": ["CHN", "USA"], "median_flop": [8e22, 1e22]})
    assert "8.0 times the compute" in chapter.compute_title(comp)
    assert "0.13 times the compute" in chapter.compute_title(comp.assign(median_flop=[1e22, 8e22]))
    controls = pd.DataFrame({"iso3": ["USA", "CHN"], "country_name": ["United States", "China"],
                             "models": [10, 5], "imposed_cum": [9, 1], "targeted_cum": [1, 9]})
    title = figs.export_controls_figure(controls).layout.title.text.replace("<br>", " ")
    assert title.startswith("The United States imposed") and "China was" in title
    flipped = controls.assign(imposed_cum=[1, 9], targeted_cum=[9, 1])
    title = figs.export_controls_figure(flipped).layout.title.text.replace("<br>", " ")
    assert title.startswith("China imposed") and "the United States was" in title
    research = pd.DataFrame({"iso3": ["USA", "IND"], "country_name": ["United States", "India"],
                             "pub_share_pct": [10.0, 20.0], "model_share_pct": [50.0, 1.0], "models": [50, 1]})
    title = figs.research_vs_models_figure(research).layout.title.text.replace("<br>", " ")
    assert title.startswith("The United States builds") and title.endswith("India the reverse")
