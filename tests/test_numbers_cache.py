"""The headline numbers are computed once per data and code and shared by every chapter's kernel:
the cache gives back exactly what was computed, a change to a data file or to the package's code
gives a new key, and two kernels starting at once compute the numbers once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from aigrowth import numbers, numbers_cache
from test_numbers import synthetic_dataset


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "epoch").mkdir(parents=True)
    (folder / "epoch" / "models.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "RECORD.json").write_text("[]", encoding="utf-8")
    return folder


@pytest.fixture
def counted(monkeypatch):
    """Count the computations the cache asks for."""
    calls = []
    real = numbers_cache.compute

    def compute(ds, n_boot, seed):
        calls.append(1)
        time.sleep(0.2)  # long enough for a second kernel to arrive while the first computes
        return real(ds, n_boot, seed)

    monkeypatch.setattr(numbers_cache, "compute", compute)
    return calls


def test_cached_results_are_the_computed_ones(raw, tmp_path, counted):
    ds = synthetic_dataset(n=400)
    folder = tmp_path / "cache"
    first = numbers_cache.cached_results(ds, raw, n_boot=20, folder=folder)
    second = numbers_cache.cached_results(ds, raw, n_boot=20, folder=folder)
    assert len(counted) == 1
    assert second.entries == first.entries == numbers.compute(ds, 20).entries
    assert second.fits.keys() == first.fits.keys()
    assert second.trends.compute_dl == first.trends.compute_dl  # the drawn trend, float for float
    assert [p.name for p in folder.glob("numbers-*.json")] == [p.name for p in folder.glob("*.json")]


def test_a_change_to_the_data_or_the_code_gives_a_new_key(raw, monkeypatch):
    key = numbers_cache.cache_key(raw, n_boot=20)
    # The fetch record holds access times: a new fetch of the same files keeps the key.
    (raw / "RECORD.json").write_text('[{"accessed": "later"}]', encoding="utf-8")
    assert numbers_cache.cache_key(raw, n_boot=20) == key
    (raw / "epoch" / "models.csv").write_text("a,b\n1,3\n", encoding="utf-8")
    changed = numbers_cache.cache_key(raw, n_boot=20)
    assert changed != key
    monkeypatch.setattr(numbers_cache, "code_digest", lambda: "another version of the package")
    assert numbers_cache.cache_key(raw, n_boot=20) != changed
    assert numbers_cache.cache_key(raw, n_boot=21) != numbers_cache.cache_key(raw, n_boot=20)


def test_two_kernels_at_once_compute_once(raw, tmp_path, counted):
    ds = synthetic_dataset(n=400)
    folder = tmp_path / "cache"
    got = []
    kernels = [threading.Thread(target=lambda: got.append(numbers_cache.cached_results(ds, raw, 20, folder=folder)))
               for _ in range(2)]
    for kernel in kernels:
        kernel.start()
    for kernel in kernels:
        kernel.join()
    assert len(counted) == 1
    assert got[0].entries == got[1].entries


def test_an_unreadable_cache_file_is_recomputed(raw, tmp_path, counted):
    ds = synthetic_dataset(n=400)
    folder = tmp_path / "cache"
    numbers_cache.cached_results(ds, raw, n_boot=20, folder=folder)
    (target,) = folder.glob("numbers-*.json")
    target.write_text('{"entries": ', encoding="utf-8")  # as a disk that filled up would leave it
    again = numbers_cache.cached_results(ds, raw, n_boot=20, folder=folder)
    assert len(counted) == 2 and again.entries == numbers.compute(ds, 20).entries


def test_numbers_json_has_fixed_precision():
    text = numbers.numbers_json({"a": numbers.entry(4.350448815489486, 1 / 3, 2.0, 0.95, 3, "all", "m")})
    assert '"value": 4.350448815' in text and '"low": 0.3333333333' in text and text.endswith("}\n")
    assert numbers.numbers_json({"b": numbers.entry(4.3504488154894861)}) == numbers.numbers_json(
        {"b": numbers.entry(4.3504488154894866)})  # noise in the last digits does not show
