"""The changelog page after a refresh: with the previous release's numbers crafted (one moved
outside its old interval, one inside, one count with no interval), the built page lists exactly
those moves, and numbers.json's section says the same."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from fixtures.renderbuild import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO_ROOT,
    copy_report_project,
    project_environment,
    serve,
)

pytestmark = [pytest.mark.render, pytest.mark.browser, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")


def _crafted(numbers: dict) -> dict:
    old = json.loads(json.dumps(numbers))
    growth = old["compute_growth_per_year_dl"]
    growth.update(value=growth["value"] * 0.7, low=growth["value"] * 0.6, high=growth["value"] * 0.8)  # now outside
    inside = old["compute_doubling_months_dl"]
    inside["value"] = inside["value"] * 0.99  # moved, still inside the old interval
    old["models_total"]["value"] = old["models_total"]["value"] - 100  # a count: no interval
    return old


def test_the_changelog_shows_the_moved_numbers_after_a_crafted_refresh(tmp_path: Path) -> None:
    from qmdrender.build import build_offline

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    root = copy_report_project(tmp_path / "project")
    if (REPO_ROOT / ".cache").is_dir():  # the headline numbers of this data and code, computed once
        shutil.copytree(REPO_ROOT / ".cache", root / ".cache")
    path = root / "report" / "releases.json"
    kept = json.loads(path.read_text(encoding="utf-8"))["releases"]
    with project_environment(root):
        from aigrowth.chapters.changelog import release

        key, day = release()
    if key not in kept:
        pytest.skip("report/releases.json does not keep this data's release yet")
    current = kept[key]["numbers"]
    assert {"compute_growth_per_year_dl", "compute_doubling_months_dl", "models_total"} <= set(current)
    path.write_text(
        json.dumps({"releases": {"0older": {"data_as_of": "2026-01-01", "numbers": _crafted(current)}}}),
        encoding="utf-8",
    )
    for chapter in ("changelog", "index"):  # the page, and numbers.json (written by the first chapter)
        shutil.rmtree(root / "_freeze" / "report" / chapter, ignore_errors=True)
    build_offline(root, pdf=False)
    after = json.loads(path.read_text(encoding="utf-8"))["releases"]
    assert set(after) == {"0older", key}  # the build kept this release for the next one

    with serve(root / "_site") as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/report/changelog.html", wait_until="networkidle")
        text = page.locator("main").inner_text()
        assert "replace the release 0older" in text
        rows = {}
        for row in page.locator("#tbl-changelog-table tbody tr").all():
            cells = [c.inner_text().strip() for c in row.locator("td").all()]
            rows[cells[0]] = cells
        shots = os.environ.get("REPORT_SCREENSHOTS")  # a folder: keep what the page looked like
        if shots:
            for width, height in ((390, 844), (1440, 900)):
                look = browser.new_page(viewport={"width": width, "height": height})
                look.goto(f"{base}/report/changelog.html", wait_until="networkidle")
                look.screenshot(path=str(Path(shots) / f"changelog-refresh-{width}.png"), full_page=True)
                look.close()
        browser.close()
    assert set(rows) == {"compute_growth_per_year_dl", "compute_doubling_months_dl", "models_total"}
    assert rows["compute_growth_per_year_dl"][-1] == "outside"
    assert rows["compute_doubling_months_dl"][-1] == "inside"
    assert rows["models_total"][-1] == "–"
    section = json.loads((root / "report" / "downloads" / "numbers.json").read_text(encoding="utf-8"))[
        "changes_since_last_release"
    ]
    assert section["previous_release"]["key"] == "0older"
    assert {c["id"] for c in section["changes"]} == set(rows)
