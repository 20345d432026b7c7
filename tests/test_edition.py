"""The printed edition's facts (qmdrender.edition): computed, never typed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from aigrowth.chapters import common
from qmdrender.edition import build_date, data_date, edition, long_date
from qmdrender.errors import ConfigError
from qmdrender.project import load_project

ROOT = Path(__file__).resolve().parents[1]
CONFIG = "project:\n  type: website\n  execute-dir: project\n  render: [a.qmd]\nwebsite:\n  title: T\n  site-url: https://example.org/t/\n"
PROJECT = '[project]\nname = "t"\nversion = "1.2.3"\nauthors = [{ name = "A" }, { name = "B" }]\n'
# The report's own hook, with this clone's package in front of the kernels' path.
REPORT_HOOK = f'[tool.qmdrender]\npython-path = [{json.dumps(str(ROOT / "py"))}]\ndata-date = ["python", "-m", "aigrowth", "data-date"]\n'
SOURCES = """publishers:
  p: {name: P, licence: CC BY, licence_url: "", citation: P, credit: P}
files:
  - {path: a.csv, publisher: p, title: A, sha256: "1", url: "https://example.org/a", released: 2026-03-30, loader: gta}
  - {path: b.csv, publisher: p, title: B, sha256: "2", url: "https://example.org/b", released: RELEASED, loader: gta}
"""


def _project(tmp_path: Path, hook: str) -> Path:
    (tmp_path / "_quarto.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "a.qmd").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PROJECT + "\n" + hook, encoding="utf-8")
    return tmp_path


def _printing(text: str) -> str:
    """A data-date hook whose command prints ``text``."""
    return f"[tool.qmdrender]\ndata-date = {json.dumps(['python', '-c', f'print({text!r})'])}\n"


def _report_data(root: Path, released: str, record: list[dict] | None) -> None:
    """A crafted source manifest and, unless None, a fetch record, laid out as in the report."""
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "sources.yaml").write_text(SOURCES.replace("RELEASED", released), encoding="utf-8")
    if record is not None:
        (root / "data" / "raw").mkdir(exist_ok=True)
        (root / "data" / "raw" / "RECORD.json").write_text(json.dumps(record), encoding="utf-8")


def test_build_date_follows_source_date_epoch() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        build_date({"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.realdata
def test_the_cover_dates_the_data_as_every_page_does(real_dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIGROWTH_RAW_DIR", raising=False)
    assert data_date(load_project(ROOT)) == common.data_as_of(real_dataset).date()


def test_the_cover_date_follows_the_source_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIGROWTH_RAW_DIR", raising=False)
    root = _project(tmp_path, REPORT_HOOK)
    fetched = "2026-12-01T10:00:00+00:00"
    record = [{"file": f, "status": "as tested", "accessed": fetched} for f in ("a.csv", "b.csv")]
    _report_data(root, "2026-07-19", record)
    assert data_date(load_project(root)) == dt.date(2026, 7, 19)  # the newest release, not the fetch
    _report_data(root, "2026-08-05", record)
    assert data_date(load_project(root)) == dt.date(2026, 8, 5)
    # A release newer than the tested snapshot counts from the day it was fetched.
    record[0]["status"] = "newer release"
    _report_data(root, "2026-08-05", record)
    assert data_date(load_project(root)) == dt.date(2026, 12, 1)


def test_no_data_no_cover_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIGROWTH_RAW_DIR", raising=False)
    root = _project(tmp_path, REPORT_HOOK)
    _report_data(root, "2026-07-19", None)  # a fresh clone: the manifest, no fetched files
    assert data_date(load_project(root)) is None
    assert data_date(load_project(_project(tmp_path, ""))) is None  # no hook


def test_a_bad_data_date_names_its_command(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="printed 'soon'"):
        data_date(load_project(_project(tmp_path, _printing("soon"))))
    failing = '[tool.qmdrender]\ndata-date = ["python", "-c", "raise SystemExit(3)"]\n'
    with pytest.raises(ConfigError, match="data-date command .* failed"):
        data_date(load_project(_project(tmp_path, failing)))


def test_edition_and_citation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    facts = edition(load_project(_project(tmp_path, _printing("2026-01-02"))), "Sub")
    assert (facts.title, facts.subtitle, facts.authors, facts.version) == ("T", "Sub", ["A", "B"], "1.2.3")
    assert facts.commit is None  # not a git repository
    assert facts.citation == "A, B (2023). T. Version 1.2.3. https://example.org/t/"
    assert long_date(facts.data_date) == "2 January 2026"
