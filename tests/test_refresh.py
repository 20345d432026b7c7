"""A data refresh rewrites the report's numbers with no code change.

A small chapter prints headline numbers through `aigrowth.chapters.common.numbers()`. It is built
from a copy of the real `data/raw`; then the Epoch files in the copy lose every model published
after 2022. The next build (no --force) executes the chapter again because the files changed,
whatever the fetch record says (a fetch interrupted after replacing files leaves the old
checksums in its record), and the page states other numbers. Recording the same files again
(a new access time) changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import real_raw_dir
from qmdrender.build import build_offline

pytestmark = [pytest.mark.render, pytest.mark.realdata, pytest.mark.slow]

HOOKS = """[tool.qmdrender]
data = ["data"]
data-ignore = ["data/raw/RECORD.json"]
fetched-data = "data/raw"
"""
CONFIG = """project:
  type: website
  render: [report/numbers.qmd]
  execute-dir: project
website:
  title: Refresh
execute:
  echo: false
  warning: false
"""

CHAPTER = """---
title: "Numbers"
---

```{python}
#| include: false
from aigrowth.chapters import common
numbers = common.numbers()
```

Models: <span id="models">`{python} numbers.models_total.count()`</span>.
Growth: <span id="growth">`{python} numbers.compute_growth_per_year_dl.growth()`</span>.
Largest: <span id="largest">`{python} numbers.compute_largest_flop.flop()`</span>.
"""

EPOCH_MODEL_FILES = ["epoch/all_ai_models.csv", "epoch/notable_ai_models.csv",
                     "epoch/large_scale_ai_models.csv", "epoch/frontier_ai_models.csv"]
CUTOFF = "2023-01-01"


def numbers_on_page(root: Path) -> dict[str, str]:
    page = (root / "_site" / "report" / "numbers.html").read_text(encoding="utf-8")
    return {key: re.search(rf'<span id="{key}">(.*?)</span>', page).group(1) for key in ("models", "growth", "largest")}


def drop_models_after(path: Path, cutoff: str) -> int:
    """Rewrite an Epoch CSV without the models published on or after `cutoff`; returns how many
    rows went."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    date = header.index("Publication date")
    kept = [r for r in body if not (len(r) > date and r[date] and r[date][:10] >= cutoff)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *kept])
    path.write_text(out.getvalue(), encoding="utf-8")
    return len(body) - len(kept)


def update_record(raw: Path, changed: list[str]) -> None:
    """Record the new checksums of `changed`, as `make data` does after fetching a new release."""
    record = json.loads((raw / "RECORD.json").read_text(encoding="utf-8"))
    for entry in record:
        if entry["file"] in changed:
            data = (raw / entry["file"]).read_bytes()
            entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data), status="newer release")
    (raw / "RECORD.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def test_changed_data_changes_the_numbers_on_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = real_raw_dir()
    root = tmp_path / "project"
    (root / "report").mkdir(parents=True)
    (root / "_quarto.yml").write_text(CONFIG)
    (root / "report" / "numbers.qmd").write_text(CHAPTER)
    (root / "pyproject.toml").write_text(HOOKS)
    raw = root / "data" / "raw"
    shutil.copytree(source, raw)
    repo_data = Path(__file__).resolve().parents[1] / "data"
    for committed in ("sources.yaml", "country_overrides.csv"):  # the manifest and mapping files
        shutil.copyfile(repo_data / committed, root / "data" / committed)
    # No environment variable points at the copy: the renderer names the project to its kernels.
    monkeypatch.delenv("AIGROWTH_RAW_DIR", raising=False)
    monkeypatch.delenv("AIGROWTH_PROJECT_ROOT", raising=False)

    first = build_offline(root, pdf=False)
    assert first.executed == ["report/numbers.qmd"]
    before = numbers_on_page(root)
    assert re.fullmatch(r"[\d,]+", before["models"]), before
    assert build_offline(root, pdf=False).executed == []

    # Newer files, the record untouched (as a fetch interrupted before writing it leaves them):
    # the files are what counts, so the chapter runs again and the numbers change.
    record_before = (raw / "RECORD.json").read_bytes()
    dropped = {name: drop_models_after(raw / name, CUTOFF) for name in EPOCH_MODEL_FILES}
    assert dropped["epoch/all_ai_models.csv"] > 100, dropped
    refreshed = build_offline(root, pdf=False)
    assert refreshed.executed == ["report/numbers.qmd"]
    assert (raw / "RECORD.json").read_bytes() == record_before
    after = numbers_on_page(root)
    assert after["models"] != before["models"], (before, after)
    n_before, n_after = (int(v["models"].replace(",", "")) for v in (before, after))
    assert n_before - n_after >= dropped["epoch/all_ai_models.csv"] - 50, (before, after, dropped)
    assert after["growth"] != before["growth"], (before, after)
    assert after["largest"] != before["largest"], (before, after)

    # `make data` records the new release: new checksums and access times, the same files.
    update_record(raw, EPOCH_MODEL_FILES)
    assert build_offline(root, pdf=False).executed == []
    # The build says which data it used, from the files themselves.
    info = json.loads((root / "_site" / "build-info.json").read_text())
    shas = {e["file"]: e["sha256"] for e in info["data"]}
    assert shas["data/raw/epoch/all_ai_models.csv"] == hashlib.sha256((raw / "epoch/all_ai_models.csv").read_bytes()).hexdigest()
    assert "data/raw/RECORD.json" not in shas


TWO_PAGES = """project:
  type: website
  render: [one.qmd, two.qmd]
  execute-dir: project
website:
  title: Two
"""


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("_freeze", "_site") for p in sorted((root / folder).rglob("*")) if p.is_file()}


@pytest.mark.parametrize("only", [None, "two.qmd"], ids=["full-build", "only-build"])
def test_failing_build_leaves_freeze_and_site_byte_identical(tmp_path: Path, only: str | None) -> None:
    """A refresh that breaks a chapter (a cell raising) must not touch what was published, for a
    full build and for `--only` alike; no staging folder is left behind."""
    from qmdrender.errors import CellExecutionFailed

    (tmp_path / "_quarto.yml").write_text(TWO_PAGES)
    (tmp_path / "one.qmd").write_text("---\ntitle: One\n---\n\n```{python}\nprint('one')\n```\n")
    (tmp_path / "two.qmd").write_text("---\ntitle: Two\n---\n\nValue `{python} 6 * 7`.\n")
    build_offline(tmp_path, pdf=True)
    before = snapshot(tmp_path)
    assert "_site/two.pdf" in before and "_site/two.html" in before
    (tmp_path / "two.qmd").write_text("---\ntitle: Two\n---\n\n```{python}\n#| label: refresh\nraise ValueError('bad data')\n```\n")
    (tmp_path / "one.qmd").write_text("---\ntitle: One\n---\n\n```{python}\nprint('one, changed')\n```\n")
    with pytest.raises(CellExecutionFailed, match=r"(?s)two\.qmd: cell refresh.*ValueError: bad data"):
        build_offline(tmp_path, pdf=True, only=only)
    after = snapshot(tmp_path)
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    assert changed == [], changed
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == [], leftovers


def test_the_data_digest_reads_the_files_not_their_record(tmp_path: Path) -> None:
    """Only what the data are counts: the record's access times (or a record that still shows old
    checksums) never matter, a changed file always does, and a fetch's temporary dot files and
    folders do not count until they are files of the data."""
    from qmdrender.digests import data_state
    from qmdrender.project import load_project

    (tmp_path / "_quarto.yml").write_text(CONFIG)
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "numbers.qmd").write_text(CHAPTER)
    (tmp_path / "pyproject.toml").write_text(HOOKS)
    project = load_project(tmp_path)
    assert not data_state(project).present  # no data/raw yet: the committed freeze is the source
    raw = tmp_path / "data" / "raw"
    (raw / "epoch").mkdir(parents=True)
    (raw / "epoch" / "a.csv").write_text("Model\nAlpha\n")
    entry = {"file": "epoch/a.csv", "sha256": "0" * 64, "accessed": "2026-01-01T00:00:00+00:00"}
    (raw / "RECORD.json").write_text(json.dumps([entry]), encoding="utf-8")
    first = data_state(project).digest
    (raw / "RECORD.json").write_text(json.dumps([dict(entry, accessed="2026-06-01T00:00:00+00:00", sha256="1" * 64)]))
    (raw / ".fetch-staging").mkdir()
    (raw / ".fetch-staging" / "a.csv").write_text("Model\nBeta\n")
    assert data_state(project).digest == first
    (raw / "epoch" / "a.csv").write_text("Model\nBeta\n")
    assert data_state(project).digest != first
