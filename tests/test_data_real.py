"""The data layer on the real snapshot: counts, ranges, keys, countries, known values."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from aigrowth.paths import raw_dir
from aigrowth.sources import manifest

pytestmark = pytest.mark.realdata


def snapshot_as_tested(path: str) -> bool:
    """Pinned counts hold for the snapshot the report was tested on, not for a newer release."""
    from aigrowth.acquire import read_record

    entry = read_record().get(path)
    return bool(entry) and entry["sha256"] == manifest().file(path).sha256


def require_tested(*paths: str) -> None:
    if not all(snapshot_as_tested(p) for p in paths):
        pytest.skip("a newer release than the tested snapshot: pinned values do not apply")


def test_row_counts_after_cleaning(real_dataset):
    require_tested("epoch/all_ai_models.csv", "epoch/notable_ai_models.csv", "epoch/large_scale_ai_models.csv",
                   "epoch/frontier_ai_models.csv", "gta/interventions.csv", "oecd/oecd-ai-data.zip")
    files = real_dataset.epoch_files
    # 3,237 records less 18 undated rows less 11 second listings (PROVENANCE: 15 repeated names,
    # 5 of them stubs among the undated rows; casefolding joins one more pair).
    assert len(files["all"]) == 3237 - 18 - 11
    assert len(files["notable"]) == 1036 - 5
    assert len(files["large_scale"]) == 491
    assert len(files["frontier"]) == 137
    assert len(real_dataset.hardware) == 176
    assert len(real_dataset.gta) == 77
    assert len(real_dataset.pub_share) == 260
    models = real_dataset.models
    assert len(models) == len(files["all"]) + 125 + 5  # models only in the notable / large-scale files


def test_date_ranges(real_dataset):
    require_tested("epoch/all_ai_models.csv", "epoch/notable_ai_models.csv")
    dates = real_dataset.models["publication_date"]
    assert dates.notna().all()
    assert dates.min() == pd.Timestamp("1950-07-02")
    assert dates.max() == pd.Timestamp("2026-07-15")
    assert real_dataset.epoch_files["all"]["publication_date"].max() == pd.Timestamp("2025-12-31")


def test_model_keys_unique_and_types_real(real_dataset):
    models = real_dataset.models
    assert models["model_key"].is_unique
    assert models["frontier_epoch"].dtype == bool
    assert str(models["open_weights"].dtype) == "boolean"
    assert models["compute_flop"].dtype == "float64"
    for column in ("frontier_epoch", "open_weights", "accessibility", "confidence"):
        values = set(models[column].dropna().astype(str))
        assert not values & {"True ", "Unknown?", "nan", ""}
    assert not models["model"].str.contains(r"^\s|\s$|\n", regex=True).any()
    assert (models["decimal_year"].between(models["year"].astype(float), models["year"].astype(float) + 1)).all()


def test_every_country_is_mapped(real_dataset):
    from aigrowth.countries import mapper, split_names

    names = set()
    for frame in real_dataset.epoch_files.values():
        for cell in frame["country"].dropna():
            names.update(split_names(cell))
    countries = mapper()
    unmapped = [n for n in names if countries.iso3(n) is None and n != "Multinational"]
    assert unmapped == []
    long = real_dataset.model_countries
    assert long["country_name"].notna().all()
    assert long["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    # Repeated countries (one per organisation) are counted once per model.
    assert not long.duplicated(["model_key", "iso3"]).any()


def test_known_models(real_dataset):
    models = real_dataset.models.set_index("model")
    gpt4 = models.loc["GPT-4 (Mar 2023)"]
    assert gpt4["year"] == 2023
    assert gpt4["organization"] == "OpenAI"
    assert gpt4["primary_country"] == "USA"
    assert gpt4["compute_flop"] == pytest.approx(2.1e25)
    assert bool(gpt4["frontier_epoch"]) and bool(gpt4["frontier_top10"])
    assert bool(gpt4["is_large_scale"])
    grok4 = models.loc["Grok 4"]
    assert grok4["compute_flop"] == pytest.approx(5e26, rel=1e-9)  # float residue tolerated
    assert bool(grok4["frontier_epoch"])
    # The frontier flag stops in July 2025: GPT-5 is not flagged but is top-10 by the project's rule.
    gpt5 = models.loc["GPT-5"]
    assert not bool(gpt5["frontier_epoch"])
    assert bool(gpt5["frontier_top10"])


def _count_gta(rows: list[dict], column: str, country: str, year: int) -> int:
    total = 0
    for row in rows:
        date = row["Date Implemented"] or row["Date Announced"]
        names = {n.strip() for n in row[column].split(",")}
        if int(date[:4]) <= year and country in names:
            total += 1
    return total


def test_export_control_counts_match_an_independent_count(real_dataset):
    """The cumulative counts equal a plain count over the raw CSV, for known country-years."""
    with open(raw_dir() / "gta" / "interventions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    panel = real_dataset.export_controls.set_index(["iso3", "year"])
    for iso3, name, year in [("USA", "United States of America", 2023), ("CHN", "China", 2023),
                             ("NLD", "Netherlands", 2024), ("JPN", "Japan", 2022)]:
        assert panel.loc[(iso3, year), "imposed_cum"] == _count_gta(rows, "Implementing Jurisdictions", name, year)
        assert panel.loc[(iso3, year), "targeted_cum"] == _count_gta(rows, "Affected Jurisdictions", name, year)


def test_export_control_counts_pinned(real_dataset):
    require_tested("gta/interventions.csv")
    panel = real_dataset.export_controls.set_index(["iso3", "year"])
    assert panel.loc[("USA", 2023), "imposed_cum"] == 26
    assert panel.loc[("NLD", 2023), "imposed_cum"] == 20  # EU-wide controls credited to each member
    # A year without new controls carries the running total.
    assert panel.loc[("USA", 2026), "imposed_cum"] == panel.loc[("USA", 2025), "imposed_cum"]


def test_models_join_country_year(real_dataset):
    models = real_dataset.models
    gpt4 = models[models["model"] == "GPT-4 (Mar 2023)"].iloc[0]
    panel = real_dataset.export_controls.set_index(["iso3", "year"])
    assert gpt4["controls_imposed_cum"] == panel.loc[("USA", 2023), "imposed_cum"]
    share = real_dataset.pub_share.set_index(["iso3", "year"]).loc[("USA", 2023), "share_pct"]
    assert gpt4["pub_share"] == pytest.approx(share)
    # Before the first recorded control, a country's totals are zero, not missing.
    old = models[(models["year"] < 2019) & models["primary_country"].notna()]
    assert (old["controls_imposed_cum"] == 0).all()
    assert models.loc[models["primary_country"].isna(), "controls_imposed_cum"].isna().all()


def test_publication_share_is_a_share(real_dataset):
    shares = real_dataset.pub_share
    assert shares["share_pct"].between(0, 100).all()
    countries_only = shares[shares["iso3"] != "EU27"]
    # Ten economies overlap (EU27 contains DEU, FRA, ESP), so only the non-EU total is bounded.
    assert countries_only.groupby("year")["share_pct"].sum().le(100).all()
    assert set(shares["iso3"]) == {"EU27", "CHN", "USA", "JPN", "IND", "GBR", "DEU", "FRA", "ESP", "CAN"}


def test_owid_large_scale_export(real_dataset):
    owid = real_dataset.owid_large_scale
    total = owid[owid["entity"] == "All large-scale AI systems"].set_index("year")["cumulative"]
    require_tested("owid/cumulative-number-of-large-scale-ai-systems-by-country.csv")
    assert total.loc[2026] == 489
    assert owid.loc[owid["entity"] == "United States", "iso3"].eq("USA").all()


def test_large_scale_credit_close_to_owid(real_dataset):
    """Crediting every country of a large-scale model gives OWID's 2026 totals within a few models
    (OWID's export predates the newest releases by weeks)."""
    long = real_dataset.model_countries
    ours = long[long["is_large_scale"]].groupby("iso3").size()
    owid = real_dataset.owid_large_scale.query("year == 2026").dropna(subset=["iso3"]).set_index("iso3")["cumulative"]
    for iso3 in ("USA", "CHN", "FRA", "KOR"):
        assert abs(int(ours[iso3]) - int(owid[iso3])) <= max(5, 0.05 * owid[iso3])


def test_cli_check_prints_summary(capsys):
    from conftest import real_raw_dir

    from aigrowth.cli import main

    assert main(["check", "--raw", str(real_raw_dir())]) == 0
    out = capsys.readouterr().out
    assert "Merged table:" in out and "rows without a publication date dropped" in out
