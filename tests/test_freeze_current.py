"""The committed _freeze is current: every chapter listed in _quarto.yml has its HTML and Typst
results, each with the hash of the chapter's present source, so the site rebuilds from them
with no data and no execution (under Quarto or offline)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from qmdrender.build import select_documents
from qmdrender.project import load_project

ROOT = Path(__file__).resolve().parents[1]
DOCS = select_documents(load_project(ROOT), None)


def quarto_hash(path: Path) -> str:
    """Quarto's freeze hash: MD5 of the source with line endings normalised to LF."""
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.md5(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.relpath)
def test_every_chapter_has_a_current_freeze(doc):
    stem = Path(doc.relpath).with_suffix("")
    for fmt in ("html", "typ"):
        frozen = ROOT / "_freeze" / stem / "execute-results" / f"{fmt}.json"
        assert frozen.is_file(), f"{frozen.relative_to(ROOT)} is missing: run `make report` and commit _freeze/"
        result = json.loads(frozen.read_text(encoding="utf-8"))
        assert result["hash"] == quarto_hash(ROOT / doc.relpath), (
            f"{doc.relpath} changed since it was frozen: run `make report` and commit _freeze/")


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.relpath)
def test_frozen_figures_and_downloads_exist(doc):
    stem = Path(doc.relpath).with_suffix("")
    typ = json.loads((ROOT / "_freeze" / stem / "execute-results" / "typ.json").read_text(encoding="utf-8"))
    for image in re.findall(r"\]\(([^)\s]+\.png)\)", typ["result"]["markdown"]):
        name = Path(image).name
        assert (ROOT / "_freeze" / stem / "figure-typst" / name).is_file(), f"{doc.relpath}: {name} not frozen"
    source = (ROOT / doc.relpath).read_text(encoding="utf-8")
    for link in re.findall(r"\]\((downloads/[^)\s]+)\)", source):
        assert (ROOT / "report" / link).is_file(), f"{doc.relpath} links to {link}, which is not committed"


@pytest.mark.realdata
def test_the_numbers_download_is_what_the_command_prints(real_dataset):
    """report/downloads/numbers.json (offered on the site) equals `python -m aigrowth numbers`
    for the data the report was built from."""
    from aigrowth.acquire import read_record
    from aigrowth.chapters.common import results
    from aigrowth.numbers import compute, numbers_json

    from qmdrender.digests import data_state
    from qmdrender.project import load_project

    record = ROOT / "_freeze" / ".qmdrender" / "report" / "index.json"
    frozen = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    if not read_record() or data_state(load_project(ROOT)).digest != frozen.get("data"):
        pytest.skip("data/raw is not the data the committed report was built from")
    committed = (ROOT / "report" / "downloads" / "numbers.json").read_text(encoding="utf-8")
    # Written with fixed precision, the file is the same bytes on every machine; it holds the
    # numbers and the claims list.
    from aigrowth.chapters.changelog import section

    computed = compute(real_dataset)
    changes = {"changes_since_last_release": section(real_dataset, computed.entries)}
    assert numbers_json(computed.entries, computed.claims.as_list(), changes) == committed
    # The chapters read the same numbers and claims, through the shared cache.
    assert numbers_json(results().entries, results().claims.as_list(), changes) == committed
