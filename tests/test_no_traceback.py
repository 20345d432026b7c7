"""No traceback, ever: `make data` (`python -m aigrowth fetch`) and `python -m aigrowth check`
over the whole bad-input corpus (`tests/corpus.py`).

For each case, the tiny complete data set with that case's file broken is used as a mirror for
`fetch` (into a data/raw that holds the good tiny set) and as the folder `check` reads. An error
case must end with one message naming the file (for `fetch`, after the line saying which file
failed and why) and exit 1, and data/raw must keep its good copy; a rule case must pass. The
commands run in this process for every case (the same `main` the console runs) and, for a sample
that covers every class and source, as real `make data` and `python -m aigrowth check`
processes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest
from aigrowth import acquire
from aigrowth.cli import main
from corpus import CASES, RECORD, Case, broken_files
from fixtures import tinyraw
from fixtures.tinyraw import assert_consistent

REPO = Path(__file__).resolve().parents[1]
SAMPLE = ["truncated-mid-row", "latin-1", "oecd-zip-cut", "oecd-unknown-code", "blank-count", "thousands-compute",
          "alpha2-as-name", "nul-byte", "future-frontier", "korea-comma-gta", "spaces-at-end", "record-corrupt",
          "future-small"]


@pytest.fixture(scope="module")
def good_raw(tmp_path_factory) -> Path:
    """A data/raw fetched from the good tiny set, copied for each case."""
    folder = tmp_path_factory.mktemp("good")
    assert acquire.fetch(mirror=tinyraw.write(folder / "mirror"), raw=folder / "raw").ok
    return folder / "raw"


def lay_out(case: Case, tmp_path: Path, good_raw: Path) -> tuple[Path, Path]:
    """The broken set (as a mirror and a folder to check) and a data/raw with the good set."""
    bad = tmp_path / "bad"
    files = broken_files(case)
    tinyraw.write(bad, {k: v for k, v in files.items() if v is not None and k != RECORD})
    raw = tmp_path / "data" / "raw"
    shutil.copytree(good_raw, raw)
    if case.file == RECORD:  # the broken record is data/raw's own (and the checked folder's)
        for folder in (bad, raw):
            (folder / RECORD).write_text(files[RECORD], encoding="utf-8")
    return bad, raw


def expect_in(stderr: str, case: Case, command: str) -> None:
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    if command == "check":
        assert len(errors) == 1, stderr
        assert re.search(case.error, errors[0]), f"{errors[0]!r} does not match {case.error!r}"
    else:
        failed = [line for line in stderr.splitlines() if line.startswith(f"FAILED {case.file}: ")]
        assert len(failed) == 1, stderr
        assert re.search(case.error, failed[0]), f"{failed[0]!r} does not match {case.error!r}"


@pytest.fixture
def offline(monkeypatch):
    """A file missing from the mirror falls back to its URL: no network here, so that fails."""
    def refuse(*args, **kwargs):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(acquire.urllib.request, "urlopen", refuse)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fetch_and_check_end_with_one_message(case: Case, tmp_path, monkeypatch, capsys, offline, good_raw) -> None:
    bad, raw = lay_out(case, tmp_path, good_raw)
    good = assert_consistent(raw) if case.file != RECORD else None
    monkeypatch.setenv("AIGROWTH_RAW_DIR", str(raw))

    code = main(["check", "--raw", str(bad)])
    out, err = capsys.readouterr()
    if case.error:
        assert code == 1, (out, err)
        expect_in(err, case, "check")
    else:
        assert code == 0 and "Traceback" not in err, err

    code = main(["fetch", "--mirror", str(bad)])
    out, err = capsys.readouterr()
    if case.file == RECORD:  # a record that cannot be read is replaced by the fetch's new one
        assert code == 0 and "RECORD.json: the fetch record cannot be read: " in err, err
        assert "a new record will be written" in err
        assert_consistent(raw)
    elif case.error and case.id != "missing-file":
        assert code == 1, (out, err)
        expect_in(err, case, "fetch")
    else:
        assert "Traceback" not in err, err
        assert code == (1 if case.id == "missing-file" else 0), err
    if good is not None:  # a broken file never replaces the good copy
        state = assert_consistent(raw)
        if case.error:
            assert state[case.file] == good[case.file]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=False, env=dict(os.environ, PYTHONPATH=str(REPO / "py"), **env), cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if c.id in SAMPLE], ids=lambda c: c.id)
def test_make_data_and_check_processes_print_no_traceback(case: Case, tmp_path, good_raw) -> None:
    bad, raw = lay_out(case, tmp_path, good_raw)
    checked = run([sys.executable, "-m", "aigrowth", "check", "--raw", str(bad)], {})
    fetched = run(["make", "-s", "data", f"PYTHON={sys.executable}"],
                  {"AIGROWTH_DATA_MIRROR": str(bad), "AIGROWTH_RAW_DIR": str(raw)})
    for name, done in (("check", checked), ("fetch", fetched)):
        assert "Traceback" not in done.stderr + done.stdout, (name, done.stderr)
        fails = case.error and not (name == "fetch" and case.file == RECORD)
        assert done.returncode == (0 if not fails else 1 if name == "check" else 2), (name, done.stderr)
        if fails:
            expect_in(done.stderr, case, name)
    assert len(SAMPLE) == len({c.id for c in CASES if c.id in SAMPLE})


@pytest.mark.parametrize("case_id", ["missing-file", "oecd-unknown-code", "blank-count", "korea-comma"])
def test_numbers_ends_with_one_message(case_id, tmp_path, monkeypatch, capsys, good_raw) -> None:
    from aigrowth.data import _cached

    case = next(c for c in CASES if c.id == case_id)
    bad, _ = lay_out(case, tmp_path, good_raw)
    monkeypatch.setenv("AIGROWTH_RAW_DIR", str(bad))
    _cached.cache_clear()
    assert main(["numbers"]) == 1
    err = capsys.readouterr().err
    expect_in(err, case, "check")
