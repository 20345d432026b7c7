"""The build's bookkeeping: the freeze knows the code and data that made it, the files the
chapters write are published with it, and an interrupted build or fetch never leaves a mix.

A small project (written below into a temporary folder) stands in for the report: two chapters
import the project's own package (`py/statepkg`, one module each plus a shared one), read a
data file, write a download through `aigrowth.chapters.common` like the report's chapters, and
one draws a plotly figure (exported to PNG for the PDF). `make report` builds it with the
project's real Makefile.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixtures.renderbuild import REPO_ROOT, built_report
from qmdrender.build import build_offline
from qmdrender.digests import data_state, file_md5
from qmdrender.errors import CellExecutionFailed
from qmdrender.project import load_project

pytestmark = [pytest.mark.render, pytest.mark.slow]

CONFIG = """project:
  type: website
  render: [report/a.qmd, report/b.qmd]
  execute-dir: project
  resources:
    - report/downloads/*.csv
website:
  title: State
execute:
  echo: false
  warning: false
"""
HOOKS = """[tool.qmdrender]
python-path = ["py"]
data = ["data"]
data-ignore = ["data/raw/RECORD.json"]
fetched-data = "data/raw"
"""
SHARED = '''"""Shared by both chapters: the data, read strictly (like the report's loaders)."""
import pandas as pd

SCALE = 1.0


def load():
    values = pd.read_csv("data/raw/values.csv")
    if values.isna().any().any():
        raise ValueError("data/raw/values.csv: a row is incomplete")
    return values
'''
FIGURES = '''"""Chapter A's figure builder."""
import plotly.graph_objects as go

from statepkg import SCALE


def figure(values):
    fig = go.Figure(go.Scatter(x=list(values["year"]), y=[v * SCALE for v in values["flop"]], name="flop"))
    fig.update_layout(meta={"id": "state-a"}, height=300)
    return fig
'''
TABLES = '''"""Chapter B's table builder."""
from statepkg import SCALE


def total(values):
    return float(values["flop"].sum() * SCALE)
'''
CHAPTER_A = """---
title: "A"
---

```{python}
#| include: false
import statepkg
from aigrowth.chapters import common
from statepkg import figures
values = statepkg.load()
common.export_csv(values.assign(version=VERSION), "state-a")
```

```{python}
#| label: fig-state-a
#| fig-cap: "Values over time"
#| fig-alt: "A line through the values"
figures.figure(values).show()
```

Version VERSION.
"""
CHAPTER_B = """---
title: "B"
---

```{python}
#| include: false
import statepkg
from aigrowth.chapters import common
from statepkg import tables
values = statepkg.load()
common.export_csv(values.assign(version=VERSION), "state-b")
```

The total is `{python} tables.total(values)` (version VERSION).
"""
VALUES = "year,flop\n2012,1e17\n2014,1e19\n2016,1e21\n"


def write_project(root: Path, version: int = 1) -> Path:
    files = {
        "_quarto.yml": CONFIG, "pyproject.toml": HOOKS, "Makefile": (REPO_ROOT / "Makefile").read_text(),
        "py/statepkg/__init__.py": SHARED, "py/statepkg/figures.py": FIGURES, "py/statepkg/tables.py": TABLES,
        "report/a.qmd": CHAPTER_A.replace("VERSION", str(version)),
        "report/b.qmd": CHAPTER_B.replace("VERSION", str(version)),
        "data/raw/values.csv": VALUES,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def snapshot(root: Path, *folders: str) -> dict[str, bytes]:
    out = {}
    for folder in folders:
        base = root / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            if path.is_file():
                out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def published(root: Path) -> dict[str, bytes]:
    """What the execution step publishes together: the freeze and the files the chapters wrote."""
    return snapshot(root, "_freeze", "report/downloads")


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".qmdrender"))


def consistent(root: Path) -> None:
    """Every document's record matches its freeze and the files it wrote are the ones on disk."""
    project = load_project(root)
    for rel in project.render:
        stem = rel[: -len(".qmd")]
        record = json.loads((root / "_freeze" / ".qmdrender" / f"{stem}.json").read_text())
        for fmt in ("html", "typ"):
            frozen = json.loads((root / "_freeze" / stem / "execute-results" / f"{fmt}.json").read_text())
            assert frozen["hash"] == record["source"], (rel, fmt)
        for output, digest in record["outputs"].items():
            assert file_md5(root / output) == digest, f"{output} does not match the freeze of {rel}"


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict[str, object]:
    """The project built at version 1 (old), and a copy at version 2 built in one go (new)."""
    old_root = write_project(tmp_path_factory.mktemp("old"), 1)
    build_offline(old_root, pdf=True)
    new_root = write_project(tmp_path_factory.mktemp("new"), 2)
    build_offline(new_root, pdf=True)
    return {"old": old_root, "new": new_root,
            "old_published": published(old_root), "new_published": published(new_root),
            "old_site": snapshot(old_root, "_site"), "new_site": snapshot(new_root, "_site")}


def test_the_freeze_records_the_code_data_and_files_of_each_execution(states) -> None:
    root = states["old"]
    record = json.loads((root / "_freeze" / ".qmdrender" / "report" / "a.json").read_text())
    assert set(record["modules"]) >= {"py/statepkg/__init__.py", "py/statepkg/figures.py"}
    assert "py/statepkg/tables.py" not in record["modules"]
    assert any(m.startswith("py/") for m in record["modules"])
    assert list(record["outputs"]) == ["report/downloads/state-a.csv"]
    assert record["data"] == data_state(load_project(root)).digest
    consistent(root)
    assert (root / "_site" / "report" / "downloads" / "state-a.csv").read_bytes() == \
        (root / "report" / "downloads" / "state-a.csv").read_bytes()


def test_a_change_to_a_module_executes_the_chapters_that_import_it_and_only_those(states, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(states["old"], root)
    figures = root / "py" / "statepkg" / "figures.py"
    figures.write_text(figures.read_text().replace("height=300", "height=320"))
    assert build_offline(root, pdf=False).executed == ["report/a.qmd"]
    assert build_offline(root, pdf=False).executed == []
    shared = root / "py" / "statepkg" / "__init__.py"
    shared.write_text(shared.read_text() + "# a comment\n")
    assert build_offline(root, pdf=False).executed == ["report/a.qmd", "report/b.qmd"]
    consistent(root)


# The small projects of these tests draw no charts of their own, so they have no npm packages
# to build: `make` is told there are no bundles.
NO_SITE_SCRIPTS = ["BUNDLES="]


def test_make_refreeze_executes_everything(states, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(states["old"], root)
    completed = subprocess.run(["make", "-s", "refreeze", f"PYTHON={sys.executable}", *NO_SITE_SCRIPTS], cwd=root,
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "report/a.qmd: executing (forced)" in completed.stderr and "report/b.qmd: executing (forced)" in completed.stderr
    assert published(root) == states["old_published"], "the same sources give the same freeze"


# Lines `make report` prints, at each of which the build gets Ctrl-C: while the kernels run,
# between execution and figure export, during the export, while pages are written (after the
# freeze was published), while the PDFs are typeset.
INTERRUPT_AT = ["report/a.qmd: executing", "report/b.qmd: executed", "exporting", "report/a.qmd: HTML page", "PDF report/b.qmd"]


def make_report(root: Path, until: str | None = None) -> tuple[int, str]:
    """`make report` in its own process group; with ``until``, Ctrl-C (SIGINT to the group, as a
    terminal sends it) as soon as that line appears."""
    process = subprocess.Popen(["make", "report", f"PYTHON={sys.executable}", "RENDERER=offline", *NO_SITE_SCRIPTS], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines = []
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line)
        if until and until in line:
            os.killpg(process.pid, signal.SIGINT)
            break
    lines += process.stderr.readlines()
    return process.wait(timeout=300), "".join(lines)


@pytest.mark.parametrize("point", INTERRUPT_AT)
def test_an_interrupted_make_report_leaves_old_or_new_state_and_the_next_build_is_correct(states, tmp_path, point) -> None:
    root = tmp_path / "project"
    shutil.copytree(states["old"], root)
    write_project(root, 2)
    code, log = make_report(root, until=point)
    assert point in log, log
    assert code != 0, f"the build was not interrupted at {point!r}:\n{log}"
    assert leftovers(root) == [], log
    assert published(root) in (states["old_published"], states["new_published"]), "a mix of old and new results"
    assert snapshot(root, "_site") in (states["old_site"], states["new_site"]), "a mix of old and new pages"
    code, log = make_report(root)
    assert code == 0, log
    assert published(root) == states["new_published"]
    assert snapshot(root, "_site") == states["new_site"]
    consistent(root)


def test_a_build_after_a_fetch_that_broke_a_file_fails_cleanly_and_recovers(states, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(states["old"], root)
    before, site_before = published(root), snapshot(root, "_site")
    values = root / "data" / "raw" / "values.csv"
    values.write_text("year,flop\n2012,1e17\n2014,")  # a file cut short
    with pytest.raises(CellExecutionFailed):
        build_offline(root, pdf=True)
    assert published(root) == before and snapshot(root, "_site") == site_before and leftovers(root) == []
    values.write_text(VALUES)  # the fetch completed
    assert build_offline(root, pdf=True).executed == []
    assert published(root) == before


@pytest.mark.realdata
def test_an_interrupted_fetch_leaves_the_build_consistent_with_the_data_on_disk(states, tmp_path: Path) -> None:
    """`make data` interrupted at several moments, from a mirror holding a newer release of one
    file: whatever it left in data/raw, the next build re-executes exactly when the files differ
    from those the freeze was made with, and ends consistent; a complete fetch then settles it."""
    from conftest import real_raw_dir

    real = real_raw_dir()
    mirror = tmp_path / "mirror"
    shutil.copytree(real, mirror, ignore=shutil.ignore_patterns("RECORD.json"))
    newer = mirror / "owid" / "artificial-intelligence-parameter-count.csv"
    newer.write_bytes(newer.read_bytes().rstrip(b"\n") + b"\n")  # an equivalent newer release
    newer.write_bytes(newer.read_bytes() + b"\n")
    root = tmp_path / "project"
    shutil.copytree(states["old"], root)
    shutil.rmtree(root / "data" / "raw")
    shutil.copytree(real, root / "data" / "raw")
    shutil.copyfile(states["old"] / "data" / "raw" / "values.csv", root / "data" / "raw" / "values.csv")
    for committed in ("sources.yaml", "country_overrides.csv"):
        shutil.copyfile(REPO_ROOT / "data" / committed, root / "data" / committed)
    build_offline(root, pdf=False)
    env = {**os.environ, "AIGROWTH_DATA_MIRROR": str(mirror)}
    for delay in (0.3, 0.8, 1.5):
        before = data_state(load_project(root)).digest
        process = subprocess.Popen([sys.executable, "-m", "aigrowth", "fetch"], cwd=root, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)
        changed = data_state(load_project(root)).digest != before
        report = build_offline(root, pdf=False)
        assert bool(report.executed) == changed, (delay, report.executed)
        consistent(root)
        assert all(json.loads(p.read_text())["data"] == data_state(load_project(root)).digest
                   for p in (root / "_freeze" / ".qmdrender").rglob("*.json"))
    assert subprocess.run([sys.executable, "-m", "aigrowth", "fetch"], cwd=root, env=env, capture_output=True).returncode == 0
    build_offline(root, pdf=False)
    assert build_offline(root, pdf=False).executed == []
    consistent(root)


@pytest.mark.realdata
def test_fetching_the_same_snapshot_again_rebuilds_nothing(tmp_path: Path) -> None:
    """After `make data` of the snapshot already in data/raw, the next build re-renders nothing
    (no execution, the site's inputs digest unchanged) and the one after it is a no-op too."""
    from conftest import real_raw_dir

    report_root, _ = built_report()
    root = tmp_path / "project"
    shutil.copytree(report_root, root, symlinks=False)
    mirror = tmp_path / "mirror"
    shutil.copytree(real_raw_dir(), mirror, ignore=shutil.ignore_patterns("RECORD.json"))
    assert build_offline(root, pdf=True).skipped_site
    completed = subprocess.run([sys.executable, "-m", "aigrowth", "fetch"], cwd=root, capture_output=True, text=True,
                               env={**os.environ, "AIGROWTH_DATA_MIRROR": str(mirror)})
    assert completed.returncode == 0, completed.stderr
    first = build_offline(root, pdf=True)
    assert first.executed == [] and first.skipped_site
    second = build_offline(root, pdf=True)
    assert second.executed == [] and second.skipped_site


@pytest.mark.realdata
def test_an_edit_to_a_figure_builder_executes_the_chapters_that_use_it_and_only_those(tmp_path: Path) -> None:
    report_root, _ = built_report()
    root = tmp_path / "project"
    shutil.copytree(report_root, root, symlinks=True)
    builder = root / "py" / "aigrowth" / "figures" / "domains.py"
    builder.write_text(builder.read_text() + "\n# an edit that changes nothing drawn\n")
    assert build_offline(root, pdf=False).executed == ["report/domains.qmd"]
    consistent(root)
