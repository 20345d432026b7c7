"""The printed edition's facts (qmdrender.edition): computed, never typed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from qmdrender.edition import build_date, data_date, edition, long_date
from qmdrender.errors import ConfigError
from qmdrender.project import load_project

CONFIG = "project:\n  type: website\n  execute-dir: project\n  render: [a.qmd]\nwebsite:\n  title: T\n  site-url: https://example.org/t/\n"
PYPROJECT = '[project]\nname = "t"\nversion = "1.2.3"\nauthors = [{ name = "A" }, { name = "B" }]\n\n[tool.qmdrender]\ndata-record = "rec.json"\n'


def _project(tmp_path: Path, record: object | None) -> Path:
    (tmp_path / "_quarto.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "a.qmd").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    if record is not None:
        (tmp_path / "rec.json").write_text(json.dumps(record), encoding="utf-8")
    return tmp_path


def test_build_date_follows_source_date_epoch() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        build_date({"SOURCE_DATE_EPOCH": "yesterday"})


def test_the_data_are_dated_by_the_latest_fetch(tmp_path: Path) -> None:
    root = _project(tmp_path, [{"accessed": "2026-01-02T23:59:00+00:00"}, {"accessed": "2026-03-04T01:00:00+00:00"}])
    assert data_date(load_project(root)) == dt.date(2026, 3, 4)


def test_no_record_no_data_date_and_a_bad_record_is_named(tmp_path: Path) -> None:
    root = _project(tmp_path, None)
    assert data_date(load_project(root)) is None
    (root / "rec.json").write_text('{"accessed": 3}', encoding="utf-8")
    with pytest.raises(ConfigError, match="rec.json"):
        data_date(load_project(root))


def test_edition_and_citation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = _project(tmp_path, [{"accessed": "2026-01-02T10:00:00+00:00"}])
    facts = edition(load_project(root), "Sub")
    assert (facts.title, facts.subtitle, facts.authors, facts.version) == ("T", "Sub", ["A", "B"], "1.2.3")
    assert facts.commit is None  # not a git repository
    assert facts.citation == "A, B (2023). T. Version 1.2.3. https://example.org/t/"
    assert long_date(facts.data_date) == "2 January 2026"
