"""Ctrl-C at several points of `make data`, as a user presses it in a terminal (SIGINT to the
whole process group: make and the fetch).

data/raw starts with an old set (the tiny set); `make data` fetches the real set from a mirror
(the working tree's own data/raw) and is interrupted while a file is being checked, in the middle
of the set, at the last file and at the swap. After each interruption data/raw holds the whole
old set or the whole new set, with a record that matches its files and nothing left beside it;
no traceback is printed; and the next `make data` fetches the new set.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aigrowth.acquire import fetch
from aigrowth.sources import manifest
from conftest import real_raw_dir
from fixtures import tinyraw
from fixtures.tinyraw import assert_consistent

pytestmark = [pytest.mark.slow, pytest.mark.realdata]

REPO = Path(__file__).resolve().parents[1]


def make_data(raw: Path, mirror: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO / "py"), AIGROWTH_RAW_DIR=str(raw),
               AIGROWTH_DATA_MIRROR=str(mirror), PYTHONUNBUFFERED="1")
    return subprocess.Popen(["make", "-s", "-C", str(REPO), "data", f"PYTHON={sys.executable}"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def interrupt_at(process: subprocess.Popen, line: str | None) -> tuple[str, str]:
    """Send SIGINT to the process group once stderr shows `line` (None: at once), then wait."""
    seen = []
    if line is not None:
        for got in process.stderr:
            seen.append(got)
            if line in got:
                break
        else:
            pytest.fail(f"`make data` ended before {line!r}: {''.join(seen)}")
    else:
        time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=120)
    return out, "".join(seen) + err


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """The old set (tiny) laid out as a mirror, and the sha256 of each file of both sets."""
    real = real_raw_dir()
    old_mirror = tinyraw.write(tmp_path_factory.mktemp("old") / "mirror")
    old = {src.path: tinyraw.sha_of(old_mirror / src.path) for src in manifest().files}
    new = {src.path: tinyraw.sha_of(real / src.path) for src in manifest().files}
    assert not set(old.items()) & set(new.items())
    return old_mirror, old, new


@pytest.mark.parametrize("line", [
    None,
    "checking epoch/all_ai_models.csv",
    "fetching gta/interventions.csv",
    "checking owid/hardware-and-energy-cost-to-train-notable-ai-systems.csv",
    "swapping the new files into data/raw",
], ids=["at-start", "checking-first-file", "mid-set", "last-file", "at-the-swap"])
def test_ctrl_c_leaves_the_old_set_or_the_new_one_and_the_next_run_is_right(tmp_path, sets, line):
    old_mirror, old, new = sets
    raw = tmp_path / "data" / "raw"
    assert fetch(mirror=old_mirror, raw=raw).ok
    out, err = interrupt_at(make_data(raw, real_raw_dir()), line)
    assert "Traceback" not in err + out, err
    state = assert_consistent(raw)
    assert state in (old, new), "data/raw mixes the old and the new set"
    if line is not None and "swapping" not in line:
        assert state == old
        assert "interrupted; data/raw holds the previous set of files or the new one" in err, err
    rerun = make_data(raw, real_raw_dir())
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert "Traceback" not in err
    assert assert_consistent(raw) == new
