"""The methods chapter's tables: sources with checksums, cleaning decisions, versions."""

from __future__ import annotations

from aigrowth.provenance import cleaning_table, credits, package_versions, sources_table


def test_sources_table_lists_every_file_with_status(real_dataset):
    table = sources_table(real_dataset)
    assert len(table) == 16
    assert set(table["status"]) <= {"as tested", "newer release"}
    assert table["sha256"].str.len().eq(64).all()
    assert not table["url"].str.startswith("/").any()
    assert (table.loc[table["publisher"] == "Epoch AI", "licence"] == "CC BY 4.0").all()


def test_cleaning_table_counts_rows(real_dataset):
    table = cleaning_table(real_dataset)
    assert (table["rows"] > 0).all()
    assert table["rule"].str.contains("without a publication date").any()
    assert len(cleaning_table(real_dataset, include_zero=True)) >= len(table)


def test_versions_and_credits():
    versions = package_versions().set_index("package")["version"]
    assert versions["pandas"].startswith("3.") and "python" in versions
    lines = credits()
    assert any("Epoch AI" in line and "CC BY 4.0" in line for line in lines)
    assert len(lines) == len(set(lines))
