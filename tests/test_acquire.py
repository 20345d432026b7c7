"""`fetch`: mirror or URL, checksums, the record, the staged and checked set swapped in whole,
instructions, permissions; never the network.

A fetch stages every file beside data/raw, checks it with its loader, then swaps the new set and
its record in at once. So whatever happens (a failed download, an empty or truncated file, a
mirror entry that cannot be read, Ctrl-C at any point, a data/raw that cannot be written) data/raw
holds either the old set or the new one with a record that matches its files.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aigrowth import acquire
from aigrowth.acquire import FetchError, fetch, read_record
from aigrowth.errors import DataError
from aigrowth.sources import Manifest, Publisher, SourceFile, manifest, read_manifest
from fixtures import tinyraw
from fixtures.tinyraw import assert_consistent

PUB = Publisher("p", "Publisher", "CC BY 4.0", "https://example.org/licence", "Cite me", "Data: P")
FIXED_NOW = lambda: datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
OWID_HEADER = "Entity,Code,Year,Count\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_of(*files: SourceFile) -> Manifest:
    return Manifest(publishers={"p": PUB}, files=files)


def owid_file(path: str, url: str | None = "https://example.org/x.csv") -> SourceFile:
    """A manifest entry read by the Our World in Data loader (so a bad copy fails its check)."""
    return SourceFile(path, PUB, path, "0" * 64, url=url, instructions=None if url else "Save it by hand.",
                      released=datetime(2026, 5, 1).date(), loader="owid", value_column="Count", counts=True)


def no_network(url: str, dest: Path) -> None:
    raise AssertionError(f"tests must not download {url}")


def test_the_project_manifest_is_complete():
    m = read_manifest()
    paths = {f.path for f in m.files}
    assert {"epoch/all_ai_models.csv", "gta/interventions.csv", "oecd/oecd-ai-data.zip"} <= paths
    for f in m.files:
        assert len(f.sha256) == 64 and f.publisher.licence and f.publisher.citation
        assert f.url or f.instructions
        assert f.released is not None and f.loader, f.path  # every file is checked against its release
    assert m.file("gta/interventions.csv").url is None  # no stable download address


def test_a_manifest_entry_without_release_date_is_an_error_naming_it(tmp_path):
    text = manifest_path_text().replace("    released: 2025-10-24\n", "", 1)
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"sources\.yaml, row 6: file 'gta/interventions\.csv' needs `released: YYYY-MM-DD`"):
        read_manifest(path)


def manifest_path_text() -> str:
    from aigrowth.paths import manifest_path

    return manifest_path().read_text(encoding="utf-8")


def test_fetch_from_mirror_records_what_it_got_with_normal_permissions(tmp_path):
    mirror, raw = tmp_path / "mirror", tmp_path / "raw"
    (mirror / "a").mkdir(parents=True)
    (mirror / "a" / "x.csv").write_bytes(b"h\n1\n")
    src = SourceFile("a/x.csv", PUB, "X", sha(b"h\n1\n"), url="https://example.org/x.csv")
    report = fetch(mirror=mirror, raw=raw, sources=manifest_of(src), download=no_network, now=FIXED_NOW)
    assert report.ok and report.fetched[0].status == "as tested"
    assert (raw / "a" / "x.csv").read_bytes() == b"h\n1\n"
    record = read_record(raw)["a/x.csv"]
    assert record["source"] == "mirror:a/x.csv"  # no local path in the record
    assert record["accessed"] == "2026-01-02T03:04:05+00:00"
    for path in [raw / "a" / "x.csv", raw / "RECORD.json"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert stat.S_IMODE((raw / "a").stat().st_mode) == 0o755
    assert_consistent(raw)


def test_a_different_checksum_is_a_newer_release_accepted_and_recorded(tmp_path):
    mirror, raw = tmp_path / "mirror", tmp_path / "raw"
    mirror.mkdir()
    (mirror / "x.csv").write_bytes(b"new release\n")
    src = SourceFile("x.csv", PUB, "X", sha(b"old release\n"), url="https://example.org/x.csv")
    item = fetch(mirror=mirror, raw=raw, sources=manifest_of(src), download=no_network).fetched[0]
    assert item.status == "newer release" and item.sha256 == sha(b"new release\n")
    assert read_record(raw)["x.csv"]["status"] == "newer release"


def test_url_download_is_used_without_mirror(tmp_path, monkeypatch):
    monkeypatch.delenv("AIGROWTH_DATA_MIRROR", raising=False)
    got = []

    def fake_download(url: str, dest: Path) -> None:
        got.append(url)
        dest.write_bytes(b"downloaded\n")

    src = SourceFile("x.csv", PUB, "X", sha(b"downloaded\n"), url="https://example.org/x.csv")
    report = fetch(raw=tmp_path / "raw", sources=manifest_of(src), download=fake_download)
    assert got == ["https://example.org/x.csv"] and report.fetched[0].source == "https://example.org/x.csv"


def test_file_without_url_gets_instructions_or_keeps_the_copy_saved_by_hand(tmp_path, monkeypatch):
    monkeypatch.delenv("AIGROWTH_DATA_MIRROR", raising=False)
    raw = tmp_path / "raw"
    src = owid_file("gta/i.csv", url=None)
    report = fetch(raw=raw, sources=manifest_of(src), download=no_network)
    assert not report.ok and "Save it by hand." in report.failed[0][1]
    assert not raw.exists()
    (raw / "gta").mkdir(parents=True)
    (raw / "gta" / "i.csv").write_text(OWID_HEADER + "France,FRA,2020,2\n")  # saved as the instructions say
    report = fetch(raw=raw, sources=manifest_of(src), download=no_network, now=FIXED_NOW)
    assert report.ok and report.fetched[0].source == acquire.HAND_PLACED
    assert_consistent(raw)
    (raw / "gta" / "i.csv").write_text(OWID_HEADER + "France,FRA,2020,2.5\n")  # a bad copy is reported
    report = fetch(raw=raw, sources=manifest_of(src), download=no_network)
    assert "not a whole number: '2.5'" in report.failed[0][1]


def test_failed_download_leaves_no_partial_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    monkeypatch.delenv("AIGROWTH_DATA_MIRROR", raising=False)
    raw = tmp_path / "raw"
    good = OWID_HEADER + "France,FRA,2020,2\n"
    src = owid_file("x.csv")
    fetch(raw=raw, sources=manifest_of(src), download=lambda url, dest: dest.write_text(good))

    def broken(url: str, dest: Path) -> None:
        dest.write_bytes(b"half a fi")
        raise OSError("connection reset")

    report = fetch(raw=raw, sources=manifest_of(src), download=broken)
    assert "could not download https://example.org/x.csv: connection reset" in report.failed[0][1]
    assert (raw / "x.csv").read_text() == good
    assert sorted(p.name for p in raw.iterdir()) == ["RECORD.json", "x.csv"]
    assert_consistent(raw)


@pytest.mark.parametrize("bad, says", [
    (b"", "fails its check: file mirror:x.csv: the file is empty"),
    (b"   \n", "the file is empty"),
    (OWID_HEADER.encode() + b"France,FRA,20", "the file ends mid-record"),
    (OWID_HEADER.encode() + b"France,FRA,2020,1.5\n", "not a whole number: '1.5'"),
    (b"Entity;Code;Year;Count\nFrance;FRA;2020;2\n", "seems to use ';' as delimiter"),
], ids=["empty", "blank", "truncated", "fails-its-loader", "wrong-delimiter"])
def test_a_bad_file_never_replaces_a_good_copy(tmp_path, bad, says):
    mirror, raw = tmp_path / "mirror", tmp_path / "raw"
    mirror.mkdir()
    good = (OWID_HEADER + "France,FRA,2020,2\n").encode()
    (mirror / "x.csv").write_bytes(good)
    (mirror / "y.csv").write_bytes(good)
    sources = manifest_of(owid_file("x.csv"), owid_file("y.csv"))
    fetch(mirror=mirror, raw=raw, sources=sources, download=no_network)
    before = assert_consistent(raw)
    (mirror / "x.csv").write_bytes(bad)
    newer = good + b"Spain,ESP,2020,1\n"
    (mirror / "y.csv").write_bytes(newer)
    report = fetch(mirror=mirror, raw=raw, sources=sources, download=no_network)
    assert [s.path for s, _ in report.failed] == ["x.csv"] and says in report.failed[0][1], report.failed
    assert report.failed[0][1].count("mirror:x.csv") >= 1 and ".staging" not in report.failed[0][1]
    assert (raw / "x.csv").read_bytes() == good  # the good copy stays
    assert (raw / "y.csv").read_bytes() == newer  # the other file is still fetched
    after = assert_consistent(raw)
    assert after["x.csv"] == before["x.csv"] and after["y.csv"] == sha(newer)


@pytest.mark.parametrize("kind", ["directory", "broken-link", "unreadable"])
def test_a_mirror_entry_that_cannot_be_read_is_an_error_naming_the_mirror(tmp_path, kind):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    entry = mirror / "x.csv"
    if kind == "directory":
        entry.mkdir()
    elif kind == "broken-link":
        entry.symlink_to(tmp_path / "nowhere.csv")
    else:
        entry.write_text(OWID_HEADER)
        entry.chmod(0)
        if os.access(entry, os.R_OK):  # root reads anything: make the read itself fail
            entry.chmod(0o644)
            entry.unlink()
            os.mkfifo(entry)
    report = fetch(mirror=mirror, raw=tmp_path / "raw", sources=manifest_of(owid_file("x.csv")), download=no_network)
    ((_, reason),) = report.failed
    assert f"the mirror's copy cannot be read (AIGROWTH_DATA_MIRROR={mirror})" in reason, reason
    assert not (tmp_path / "raw").exists()  # no fallback to the network (no_network would fail)


def test_mirror_that_is_not_a_folder(tmp_path):
    with pytest.raises(FetchError, match="not a folder"):
        fetch(mirror=tmp_path / "absent", raw=tmp_path / "raw", sources=manifest_of())


def test_record_is_valid_json_sorted_by_file(tmp_path):
    mirror = tmp_path / "m"
    mirror.mkdir()
    for name in ("b.csv", "a.csv"):
        (mirror / name).write_bytes(name.encode())
    files = [SourceFile(n, PUB, n, sha(n.encode()), url="https://example.org/" + n) for n in ("b.csv", "a.csv")]
    fetch(mirror=mirror, raw=tmp_path / "raw", sources=manifest_of(*files), download=no_network)
    entries = json.loads((tmp_path / "raw" / "RECORD.json").read_text())
    assert [e["file"] for e in entries] == ["a.csv", "b.csv"]


# -- interruptions ------------------------------------------------------------------------------
def two_sets(tmp_path: Path) -> tuple[Path, Path, Manifest]:
    """A data/raw holding an old set of two files, and a mirror with a new set."""
    mirror, raw = tmp_path / "mirror", tmp_path / "raw"
    mirror.mkdir()
    sources = manifest_of(owid_file("a/one.csv"), owid_file("b/two.csv"))
    for rel in ("a/one.csv", "b/two.csv"):
        (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
        (mirror / rel).write_text(OWID_HEADER + "France,FRA,2020,1\n")
    fetch(mirror=mirror, raw=raw, sources=sources, download=no_network)
    for rel in ("a/one.csv", "b/two.csv"):
        (mirror / rel).write_text(OWID_HEADER + "France,FRA,2020,2\n")
    return mirror, raw, sources


def test_interrupted_while_checking_the_second_file_leaves_the_old_set(tmp_path, monkeypatch):
    mirror, raw, sources = two_sets(tmp_path)
    before = assert_consistent(raw)
    real = acquire._check

    def check(src, staged, origin):
        if src.path == "b/two.csv":
            raise KeyboardInterrupt
        real(src, staged, origin)

    monkeypatch.setattr(acquire, "_check", check)
    with pytest.raises(KeyboardInterrupt):
        fetch(mirror=mirror, raw=raw, sources=sources, download=no_network)
    assert assert_consistent(raw) == before
    monkeypatch.setattr(acquire, "_check", real)
    fetch(mirror=mirror, raw=raw, sources=sources, download=no_network)
    assert (raw / "b" / "two.csv").read_text().endswith(",2\n") and assert_consistent(raw) != before


def test_interrupted_while_writing_a_file_leaves_no_partial_or_temporary_file(tmp_path, monkeypatch):
    monkeypatch.delenv("AIGROWTH_DATA_MIRROR", raising=False)
    raw = tmp_path / "raw"
    sources = manifest_of(owid_file("a/one.csv", "https://example.org/one.csv"), owid_file("b/two.csv", "https://example.org/two.csv"))
    fetch(raw=raw, sources=sources, download=lambda url, dest: dest.write_text(OWID_HEADER + "France,FRA,2020,1\n"))
    before = assert_consistent(raw)

    def download(url: str, dest: Path) -> None:
        if url.endswith("one.csv"):
            dest.write_text(OWID_HEADER + "France,FRA,2020,2\n")
            return
        dest.write_bytes(b"Entity,Code,Ye")  # half written, then the user presses Ctrl-C
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch(raw=raw, sources=sources, download=download)
    assert assert_consistent(raw) == before  # not even the first new file: the set swaps whole


def test_ctrl_c_during_the_swap_waits_until_the_new_set_is_in_place(tmp_path, monkeypatch):
    """SIGINT between the two renames of the swap is held and delivered right after."""
    mirror, raw, sources = two_sets(tmp_path)
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append((Path(src).name, Path(dst).name))
        if len(calls) == 1:  # data/raw has just been moved aside
            os.kill(os.getpid(), signal.SIGINT)
        real_replace(src, dst)

    monkeypatch.setattr(acquire.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        fetch(mirror=mirror, raw=raw, sources=sources, download=no_network)
    monkeypatch.setattr(acquire.os, "replace", real_replace)
    assert len(calls) == 2, calls  # both renames ran before the interrupt arrived
    assert (raw / "a" / "one.csv").read_text().endswith(",2\n")
    record = read_record(raw)
    assert record["b/two.csv"]["sha256"] == sha((raw / "b" / "two.csv").read_bytes())
    assert_consistent(raw)  # the old copy is gone too: it is removed before the interrupt arrives


def test_a_process_killed_between_the_renames_is_repaired_by_the_next_fetch(tmp_path):
    mirror, raw, _ = two_sets(tmp_path)
    before = assert_consistent(raw)
    dead = raw.with_name(f".{raw.name}.old-999999999")  # no such process
    os.replace(raw, dead)
    staging = raw.with_name(f".{raw.name}.staging-999999999-x")
    staging.mkdir()
    report = fetch(mirror=mirror, raw=raw, sources=manifest_of(), download=no_network)
    assert report.ok and assert_consistent(raw) == before  # the old set is back, leftovers gone


def test_a_read_only_data_raw_prints_the_failures_already_collected(tmp_path, monkeypatch, capsys):
    from aigrowth.cli import main

    mirror, raw, _ = two_sets(tmp_path)
    (mirror / "b" / "two.csv").write_text("")  # one failure to report
    before = assert_consistent(raw)
    real_access = os.access
    monkeypatch.setattr(acquire.os, "access", lambda p, mode: False if Path(p) == raw and mode == os.W_OK else real_access(p, mode))
    monkeypatch.setattr(acquire, "manifest", lambda: manifest_of(owid_file("a/one.csv"), owid_file("b/two.csv")))
    monkeypatch.setenv("AIGROWTH_RAW_DIR", str(raw))
    assert main(["fetch", "--mirror", str(mirror)]) == 1
    err = capsys.readouterr().err
    assert "FAILED b/two.csv: fails its check: file mirror:b/two.csv: the file is empty" in err
    assert f"error: {raw} is read-only: nothing was replaced; data/raw is unchanged" in err
    assert "Traceback" not in err
    assert assert_consistent(raw) == before


def test_a_folder_that_cannot_be_written_is_one_message_with_the_failures(tmp_path, monkeypatch, capsys):
    from aigrowth.cli import main

    mirror, raw, _ = two_sets(tmp_path)
    (mirror / "a" / "one.csv").write_text(OWID_HEADER + "France,FRA,2020,x\n")
    monkeypatch.setattr(acquire, "manifest", lambda: manifest_of(owid_file("a/one.csv"), owid_file("b/two.csv")))
    monkeypatch.setenv("AIGROWTH_RAW_DIR", str(raw))

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(acquire, "_set_modes", full_disk)
    assert main(["fetch", "--mirror", str(mirror)]) == 1
    err = capsys.readouterr().err
    assert "FAILED a/one.csv: fails its check: file mirror:a/one.csv, column 'Count', row 1: not a number: 'x'" in err
    assert "No space left on device" in err and "Traceback" not in err


def test_fetch_of_the_tiny_set_through_the_project_manifest(tmp_path):
    """Every loader the manifest names accepts the tiny set, as `make data` runs them."""
    mirror = tinyraw.write(tmp_path / "mirror")
    report = fetch(mirror=mirror, raw=tmp_path / "raw", sources=manifest(), download=no_network)
    assert report.ok, report.failed
    assert len(assert_consistent(tmp_path / "raw")) == len(manifest().files)


def test_cli_check_exits_non_zero_with_message_on_bad_input(tmp_path, capsys):
    from aigrowth.cli import main

    assert main(["check", "--raw", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: file ") and "all_ai_models.csv: file not found" in err
