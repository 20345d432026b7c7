"""What changed since the last data release: releases keyed by the data's checksums, kept in
a small file; a crafted newer release is compared with the one before, number by number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aigrowth import releases
from aigrowth.chapters import changelog


def _entry(value, low=None, high=None, n=10, subset="all models"):
    return {"value": value, "low": low, "high": high, "level": 0.95 if low is not None else None, "n": n,
            "method": "m", "subset": subset}


OLD = {
    "growth": _entry(4.0, 3.5, 4.5),
    "doubling": _entry(6.0, 5.0, 7.0),
    "count": _entry(100),
    "same": _entry(1.2345, 1.0, 1.5),
    "gone": _entry(3.0),
}
NEW = {
    "growth": _entry(4.2, 3.8, 4.6),  # moved, inside the old interval
    "doubling": _entry(7.5, 7.1, 7.9),  # moved outside the old interval
    "count": _entry(120),  # moved, no interval
    "same": _entry(1.2345 * (1 + 1e-12), 1.0, 1.5),  # floating-point noise only
    "fresh": _entry(9.0),
}


def test_the_key_is_a_digest_of_the_files_checksums_only() -> None:
    a = {"x.csv": {"sha256": "aa", "accessed": "2026-01-01"}, "y.csv": {"sha256": "bb"}}
    b = {"y.csv": {"sha256": "bb", "accessed": "2027-05-05"}, "x.csv": {"sha256": "aa"}}
    assert releases.data_key(a) == releases.data_key(b)
    assert releases.data_key(a) != releases.data_key({**a, "y.csv": {"sha256": "cc"}})
    with pytest.raises(ValueError, match="y.csv has no sha256"):
        releases.data_key({"y.csv": {}})
    with pytest.raises(ValueError, match="fetch"):
        releases.data_key({})


def test_a_crafted_newer_release_lists_what_moved_by_how_much_and_against_the_old_interval(tmp_path: Path) -> None:
    path = tmp_path / "releases.json"
    assert releases.record_release(path, "old-key", "2026-03-30", OLD)
    assert not releases.record_release(path, "old-key", "2026-03-30", NEW)  # kept as first published
    section = releases.changelog(path, "new-key", "2026-07-19", NEW)
    assert section["release"] == {"key": "new-key", "data_as_of": "2026-07-19"}
    assert section["previous_release"] == {"key": "old-key", "data_as_of": "2026-03-30"}
    rows = {row["id"]: row for row in section["changes"]}
    assert set(rows) == {"growth", "doubling", "count", "gone", "fresh"}  # "same" did not move
    assert rows["growth"]["change"] == pytest.approx(0.2)
    assert rows["growth"]["relative_change"] == pytest.approx(0.05)
    assert rows["growth"]["outside_old_interval"] is False
    assert rows["doubling"]["outside_old_interval"] is True
    assert (rows["doubling"]["old_low"], rows["doubling"]["old_high"]) == (5.0, 7.0)
    assert rows["count"]["outside_old_interval"] is None
    assert rows["gone"]["status"] == "dropped" and rows["fresh"]["status"] == "new"
    # Recording the new release keeps both; the new one compares with the old, never itself.
    assert releases.record_release(path, "new-key", "2026-07-19", NEW)
    kept = json.loads(path.read_text(encoding="utf-8"))["releases"]
    assert set(kept) == {"old-key", "new-key"}
    assert releases.changelog(path, "new-key", "2026-07-19", NEW)["previous_release"]["key"] == "old-key"


def test_the_first_release_has_nothing_to_compare_and_old_releases_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "releases.json"
    section = releases.changelog(path, "k0", "2026-01-01", OLD)
    assert section["previous_release"] is None and section["changes"] == []
    assert "first release" in changelog.summary(section)
    for i in range(releases.KEEP + 2):
        releases.record_release(path, f"k{i}", f"2026-01-{i + 1:02d}", OLD)
    kept = json.loads(path.read_text(encoding="utf-8"))["releases"]
    assert sorted(kept) == [f"k{i}" for i in range(2, releases.KEEP + 2)]


def test_a_broken_releases_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "releases.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="releases.json is not valid JSON"):
        releases.read_releases(path)
    path.write_text('{"releases": {"k": {"numbers": {}}}}', encoding="utf-8")
    with pytest.raises(ValueError, match="release 'k' needs `data_as_of`"):
        releases.read_releases(path)


def test_the_page_summary_and_table_show_the_moved_numbers(tmp_path: Path) -> None:
    path = tmp_path / "releases.json"
    releases.record_release(path, "old-key", "2026-03-30", OLD)
    section = releases.changelog(path, "new-key", "2026-07-19", NEW)
    text = changelog.summary(section)
    assert "3 headline numbers have moved, 1 of them to a value outside" in text
    assert "1 are new and 1 are no longer computed" in text
    frame = changelog.changes_frame(section)
    doubling = frame.set_index("number").loc["doubling"]
    assert (doubling["previous"], doubling["now"], doubling["outside"]) == ("6.00", "7.50", "outside")
    assert doubling["change"] == "25%"


def test_the_committed_releases_file_holds_this_datas_release() -> None:
    from aigrowth.paths import project_root

    kept = releases.read_releases(project_root() / releases.RELEASES_FILE)
    assert kept, "report/releases.json keeps no release"
    for release in kept.values():
        assert release["numbers"] and all(set(v) == set(releases._KEPT_FIELDS) for v in release["numbers"].values())
