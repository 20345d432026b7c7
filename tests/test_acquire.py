"""`fetch`: mirror or URL, checksums, the record, atomic writes, instructions; never the network."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from aigrowth.acquire import fetch, read_record
from aigrowth.sources import Manifest, Publisher, SourceFile, read_manifest

PUB = Publisher("p", "Publisher", "CC BY 4.0", "https://example.org/licence", "Cite me", "Data: P")
FIXED_NOW = lambda: datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)  # noqa: E731


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_of(*files: SourceFile) -> Manifest:
    return Manifest(publishers={"p": PUB}, files=files)


def no_network(url: str, dest: Path) -> None:
    raise AssertionError(f"tests must not download {url}")


def test_the_project_manifest_is_complete():
    m = read_manifest()
    paths = {f.path for f in m.files}
    assert {"epoch/all_ai_models.csv", "gta/interventions.csv", "oecd/oecd-ai-data.zip"} <= paths
    for f in m.files:
        assert len(f.sha256) == 64 and f.publisher.licence and f.publisher.citation
        assert f.url or f.instructions
    assert m.file("gta/interventions.csv").url is None  # no stable download address


def test_fetch_from_mirror_records_what_it_got(tmp_path):
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
    assert record["sha256"] == sha(b"h\n1\n")


def test_a_different_checksum_is_a_newer_release_accepted_and_recorded(tmp_path):
    mirror, raw = tmp_path / "mirror", tmp_path / "raw"
    mirror.mkdir()
    (mirror / "x.csv").write_bytes(b"new release\n")
    src = SourceFile("x.csv", PUB, "X", sha(b"old release\n"), url="https://example.org/x.csv")
    report = fetch(mirror=mirror, raw=raw, sources=manifest_of(src), download=no_network)
    item = report.fetched[0]
    assert item.status == "newer release" and item.sha256 == sha(b"new release\n")
    assert item.expected_sha256 == sha(b"old release\n")
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


def test_file_without_url_gets_instructions(tmp_path, monkeypatch):
    monkeypatch.delenv("AIGROWTH_DATA_MIRROR", raising=False)
    src = SourceFile("gta/i.csv", PUB, "GTA", "0" * 64, instructions="Export the thread as CSV and save it as data/raw/gta/i.csv")
    report = fetch(raw=tmp_path / "raw", sources=manifest_of(src), download=no_network)
    assert not report.ok
    assert "Export the thread as CSV" in report.missing[0][1]
    assert not (tmp_path / "raw" / "gta" / "i.csv").exists()


def test_failed_download_leaves_no_partial_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    monkeypatch.delenv("AIGROWTH_DATA_MIRROR", raising=False)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "x.csv").write_bytes(b"previous good copy\n")

    def broken(url: str, dest: Path) -> None:
        dest.write_bytes(b"half a fi")
        raise OSError("connection reset")

    src = SourceFile("x.csv", PUB, "X", "0" * 64, url="https://example.org/x.csv")
    report = fetch(raw=raw, sources=manifest_of(src), download=broken)
    assert "connection reset" in report.missing[0][1]
    assert (raw / "x.csv").read_bytes() == b"previous good copy\n"
    assert sorted(p.name for p in raw.iterdir()) == ["RECORD.json", "x.csv"]


def test_mirror_that_is_not_a_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a folder"):
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


def test_cli_check_exits_non_zero_with_message_on_bad_input(tmp_path, capsys):
    from aigrowth.cli import main

    assert main(["check", "--raw", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: file ") and "all_ai_models.csv: file not found" in err
