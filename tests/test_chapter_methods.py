"""The methods chapter: its tables and counts come from the loaded data."""

from __future__ import annotations

import pytest

from aigrowth.chapters import methods

pytestmark = pytest.mark.realdata


def test_tables_render_with_their_ids(real_dataset):
    for build, table_id in ((methods.sources, "tbl-methods-sources"), (methods.definitions, "tbl-methods-definitions"),
                            (methods.domain_groups, "tbl-methods-domains"), (methods.cleaning, "tbl-methods-cleaning"),
                            (methods.versions, "tbl-methods-versions")):
        html = build().as_raw_html()
        assert f'id="{table_id}"' in html


def test_coverage_counts_match_the_table(real_dataset):
    coverage = methods.coverage()
    models = real_dataset.models
    assert coverage.with_cost == f"{models['cost_usd_2023'].notna().sum():,}"
    assert coverage.latest_year == str(int(models["year"].max()))
    # The newest year is partial: fewer models than the last full year.
    assert int(coverage.latest_year_models.replace(",", "")) < int(coverage.latest_full_year_models.replace(",", ""))


def test_domain_group_counts_sum_to_all_models(real_dataset):
    html = methods.domain_groups().as_raw_html()
    total = sum(real_dataset.models["domain_group"].value_counts())
    assert total == len(real_dataset.models)
    assert "Biology, Medicine" in html
