"""Reproducibility: the same inputs give the same bytes, and the build says what it was built with.

- Two cold offline builds of the fixture project give byte-identical `_freeze/` and `_site/`
  trees (file by file; the first differing file is named on failure).
- Two clones of a project built on one machine leave each other alone: each build reads and
  writes its own clone only, never the clone the packages are installed from, and both end
  byte-identical.
- One execution per document (the default) gives exactly the `_freeze/` that one execution per
  output format gives (Quarto's way).
- Bootstrap intervals are seeded: `headline_numbers` twice gives the same numbers.
- `_site/build-info.json` lists package versions and data checksums, with no times or absolute
  paths.
"""

from __future__ import annotations

import functools
import hashlib
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
    assert info["data"] == []  # the fixture declares no data
    assert "/tmp" not in info_text and str(Path.home()) not in info_text
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", info_text), "no timestamps"
    # With data: each file's size and sha256, read from the file; never an access time.
    copy = tmp_path / "project"
    shutil.copytree(first, copy)
    (copy / "pyproject.toml").write_text('[tool.qmdrender]\ndata = ["data"]\ndata-ignore = ["data/RECORD.json"]\n'
                                         'versions-from = "requirements.txt"\n')
    (copy / "requirements.txt").write_text("# pins\npytest==9.0.3  # tests\n-e .\n")
    (copy / "data" / "b").mkdir(parents=True)
    (copy / "data" / "b" / "x.csv").write_bytes(b"b,20 bytes of data\n\n")
    (copy / "data" / "a.csv").write_bytes(b"a,10 byte")
    (copy / "data" / "RECORD.json").write_text('[{"file": "a.csv", "accessed": "2026-01-02T03:04:05+00:00"}]')
    build_offline(copy, pdf=False)
    info = json.loads((copy / "_site" / "build-info.json").read_text(encoding="utf-8"))
    assert info["data"] == [
        {"file": "data/a.csv", "bytes": 9, "sha256": hashlib.sha256(b"a,10 byte").hexdigest()},
        {"file": "data/b/x.csv", "bytes": 20, "sha256": hashlib.sha256(b"b,20 bytes of data\n\n").hexdigest()},
    ]
    assert info["packages"]["pytest"] != "not installed"


CLONE_CHAPTER = """---
title: "Downloads"
---

```{python}
#| include: false
import pandas as pd
from aigrowth.chapters import common
link = common.export_csv(pd.DataFrame({"model": ["A", "B"], "flop": [1e21, 3e22]}), "clone-check")
```

The data: `{python} link`.
"""


def make_clone(root: Path) -> Path:
    """A project that writes a download through `aigrowth.chapters.common`, like the report, but
    without its own `py/`: its kernels import the packages installed in the working tree, which
    is where the project root used to be found from."""
    (root / "report").mkdir(parents=True)
    (root / "_quarto.yml").write_text("project:\n  type: website\n  render: [report/index.qmd]\n  execute-dir: project\n"
                                      "  resources: [report/downloads/*.csv]\nwebsite:\n  title: Clone\n")
    (root / "report" / "index.qmd").write_text(CLONE_CHAPTER)
    return root


def test_two_clones_built_on_one_machine_leave_each_other_byte_identical(tmp_path: Path) -> None:
    working_tree = Path(__file__).resolve().parents[1]
    downloads_before = tree(working_tree / "report" / "downloads")
    one, two = make_clone(tmp_path / "one"), make_clone(tmp_path / "two")
    build_offline(one, pdf=False)
    one_after_build = tree(one)
    build_offline(two, pdf=False)
    assert tree(one) == one_after_build, "building the second clone changed the first"
    for clone in (one, two):
        assert (clone / "report" / "downloads" / "clone-check.csv").read_text().startswith("model,flop\n")
        assert (clone / "_site" / "report" / "downloads" / "clone-check.csv").is_file()
    for folder in ("_freeze", "_site", "report/downloads"):
        difference = first_difference(one / folder, two / folder)
        assert difference is None, f"{folder}: {difference}"
    assert tree(working_tree / "report" / "downloads") == downloads_before, "a build wrote into the installed clone"
    record = json.loads((one / "_freeze" / ".qmdrender" / "report" / "index.json").read_text())
    assert list(record["outputs"]) == ["report/downloads/clone-check.csv"]


@pytest.mark.realdata
def test_bootstrap_results_are_seeded(real_dataset) -> None:
    from aigrowth.numbers import headline_numbers

    first = headline_numbers(real_dataset, n_boot=200)
    second = headline_numbers(real_dataset, n_boot=200)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert any(isinstance(e, dict) and e.get("low") is not None for e in first.values()), "no intervals to compare"
