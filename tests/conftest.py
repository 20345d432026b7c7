"""Shared fixtures: the real raw data (skipped when absent) and writers of small crafted files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from aigrowth.paths import raw_dir

# The smallest header an Epoch model file can have in the current schema.
EPOCH_MIN_HEADER = [
    "Model", "Organization", "Publication date", "Domain", "Parameters",
    "Training compute (FLOP)", "Country (of organization)", "Frontier model", "Open model weights?",
]
EPOCH_GOOD_ROWS = [
    ["Alpha", "Lab A", "2020-01-15", "Language", "1000000", "1e21", "United States of America", "True", "Yes"],
    ["Beta", "Lab B", "2021-06-01", "Vision", "2000000", "3e21", "China,China", "", "No"],
    ["Gamma", "Lab C", "2022-03-10", "Language,Vision", "", "", "Korea (Republic of)", "", ""],
]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write a CSV (or raw text/bytes) under tmp_path and return its path."""

    def write(name: str, header: list[str] | None = None, rows: list[list[str]] | None = None,
              *, text: str | None = None, data: bytes | None = None) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            path.write_bytes(data)
        else:
            path.write_text(text if text is not None else csv_text(header or [], rows or []), encoding="utf-8")
        return path

    return write


NO_REAL_DATA = "real data not in data/raw: run `make data` first"


def _skip_without_real_data() -> Path:
    """data/raw, or a skip with one reason raised from one place (pytest then lists every test
    that needs the data on a single line of its summary)."""
    path = raw_dir()
    if not (path / "epoch" / "all_ai_models.csv").exists():
        pytest.skip(NO_REAL_DATA)
    return path


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A fresh clone without `make data`: every test marked `realdata` or using the real
    dataset is skipped."""
    if item.get_closest_marker("realdata") or "real_dataset" in getattr(item, "fixturenames", ()):
        _skip_without_real_data()


def real_raw_dir() -> Path:
    return _skip_without_real_data()


@pytest.fixture(scope="session")
def real_dataset():
    """The real snapshot, loaded once per test session."""
    from aigrowth.data import load

    return load(real_raw_dir())
