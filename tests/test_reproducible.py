"""Reproducibility: the same inputs give the same bytes, and the build says what it was built with.

- Two cold offline builds of the fixture project give byte-identical `_freeze/` and `_site/`
  trees (file by file; the first differing file is named on failure).
- One execution per document (the default) gives exactly the `_freeze/` that one execution per
  output format gives (Quarto's way).
- Bootstrap intervals are seeded: `headline_numbers` twice gives the same numbers.
- `_site/build-info.json` lists package versions and data checksums, with no times or absolute
  paths.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from fixtures.renderbuild import FIXTURE_PROJECT, built_fixture
from qmdrender.build import build_offline, execution_jobs, select_documents
from qmdrender.project import load_project

pytestmark = [pytest.mark.render, pytest.mark.slow]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def first_difference(a: Path, b: Path) -> str | None:
    """The first file that differs between two trees (or exists in one only), else None."""
    left, right = tree(a), tree(b)
    for name in sorted(set(left) | set(right)):
        if name not in left or name not in right:
            return f"{name}: only in {'the first' if name in left else 'the second'} tree"
        if left[name] != right[name]:
            where = next(i for i, (x, y) in enumerate(zip(left[name] + b"\0", right[name] + b"\0")) if x != y)
            return f"{name}: differs at byte {where}: {left[name][max(0, where - 60):where + 60]!r} vs {right[name][max(0, where - 60):where + 60]!r}"
    return None


@functools.lru_cache(maxsize=None)
def second_fixture_build(one_execution: bool = True, pdf: bool = True) -> Path:
    root = Path(tempfile.mkdtemp(prefix="qmdrender-repro-"))
    shutil.copyfile(FIXTURE_PROJECT / "_quarto.yml", root / "_quarto.yml")
    shutil.copytree(FIXTURE_PROJECT / "report", root / "report", ignore=shutil.ignore_patterns("*_files"))
    build_offline(root, pdf=pdf, one_execution=one_execution)
    return root


def test_two_builds_give_byte_identical_freeze_and_site() -> None:
    first, _ = built_fixture()
    second = second_fixture_build()
    assert first != second
    for folder in ("_freeze", "_site"):
        assert tree(first / folder), f"{folder} is empty"
        difference = first_difference(first / folder, second / folder)
        assert difference is None, f"{folder}: {difference}"


def test_one_execution_serves_both_formats_with_the_same_results() -> None:
    """The speed-up keeps the results: executing each document once (HTML and Typst outputs
    from the same kernel) writes the same _freeze as executing it once per format."""
    first, _ = built_fixture()
    project = load_project(first)
    docs = select_documents(project, None)
    # report/index.qmd reads QUARTO_EXECUTE_INFO itself, so it still runs once per format.
    jobs = [(doc.relpath, fmt) for doc, fmt in execution_jobs(docs)]
    assert jobs == [("report/index.qmd", "html"), ("report/index.qmd", "typst"), ("report/chapter.qmd", "both")]
    assert len(execution_jobs(docs, one_execution=False)) == 2 * len(docs)
    per_format = second_fixture_build(one_execution=False, pdf=False)
    difference = first_difference(first / "_freeze", per_format / "_freeze")
    assert difference is None, difference


def test_document_that_asks_for_its_format_runs_once_per_format(tmp_path: Path) -> None:
    from qmdrender.qmd import parse_document

    text = "---\ntitle: T\n---\n\n```{python}\nimport qmdrender.kernel\nprint(qmdrender.kernel.is_html())\n```\n"
    doc = parse_document(text, path=tmp_path / "t.qmd", relpath="t.qmd")
    assert [fmt for _, fmt in execution_jobs([doc])] == ["html", "typst"]


def test_build_info_lists_versions_and_data_checksums_without_times_or_paths(tmp_path: Path) -> None:
    first, _ = built_fixture()
    info_text = (first / "_site" / "build-info.json").read_text(encoding="utf-8")
    info = json.loads(info_text)
    packages = info["packages"]
    for name in ("python", "qmdrender", "plotly", "typst", "pypandoc-binary", "nbclient"):
        assert name in packages and packages[name] != "not installed", name
    assert info["data"] == []  # the fixture has no data/raw/RECORD.json
    assert "/tmp" not in info_text and str(Path.home()) not in info_text
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", info_text), "no timestamps"
    # With a data record: checksums and sizes, never the access time or origin.
    copy = tmp_path / "project"
    shutil.copytree(first, copy)
    (copy / "data" / "raw").mkdir(parents=True)
    record = [{"file": "b.csv", "source": "mirror:b.csv", "accessed": "2026-01-02T03:04:05+00:00", "sha256": "bb" * 32,
               "expected_sha256": "bb" * 32, "status": "as tested", "bytes": 20},
              {"file": "a.csv", "source": "https://example.org/a.csv", "accessed": "2026-01-02T03:04:05+00:00",
               "sha256": "aa" * 32, "expected_sha256": "cc" * 32, "status": "newer release", "bytes": 10}]
    (copy / "data" / "raw" / "RECORD.json").write_text(json.dumps(record))
    build_offline(copy, pdf=False)
    info = json.loads((copy / "_site" / "build-info.json").read_text(encoding="utf-8"))
    assert info["data"] == [{"file": "a.csv", "bytes": 10, "sha256": "aa" * 32, "status": "newer release"},
                            {"file": "b.csv", "bytes": 20, "sha256": "bb" * 32, "status": "as tested"}]


@pytest.mark.realdata
def test_bootstrap_results_are_seeded(real_dataset) -> None:
    from aigrowth.numbers import headline_numbers

    first = headline_numbers(real_dataset, n_boot=200)
    second = headline_numbers(real_dataset, n_boot=200)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert any(isinstance(e, dict) and e.get("low") is not None for e in first.values()), "no intervals to compare"
