"""Every page of the built site for every reader: axe-core finds no serious or critical
accessibility violation at phone and desktop sizes (after the charts have drawn and the
scrollytelling has run), and the W3C Nu validator finds no HTML error.

Both tools come from npm (package.json's devDependencies; `npm ci` in `make assets` installs
them): axe-core is injected into each page through Playwright, the validator's jar runs on the
Debian Java runtime."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, built_report, serve

pytestmark = [pytest.mark.browser, pytest.mark.render, pytest.mark.slow]

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SIZES = [(390, 844), (1440, 900)]
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Path, str, list[str]]]:
    root, report = built_report()
    pages = sorted(p.relative_to(root / "_site").as_posix() for p in report.pages)
    with serve(root / "_site") as base:
        yield root / "_site", base, pages


def _require(path: Path, what: str) -> None:
    if not path.is_file():
        pytest.fail(f"{what} is missing at {path.relative_to(REPO_ROOT)}: run `npm ci` (make assets)")


def test_axe_finds_no_serious_or_critical_violation_on_any_page(site) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    _require(AXE, "axe-core")
    _, base, pages = site
    axe = AXE.read_text(encoding="utf-8")
    found: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in SIZES:
            # The pages' policy allows only their own scripts; the test's injected axe-core
            # needs the policy set aside (the pages' own behaviour is unchanged).
            context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True,
                                          reduced_motion="reduce")
            for name in pages:
                page = context.new_page()
                page.goto(f"{base}/{name}", wait_until="networkidle")
                # Scroll through the page so every chart draws and every scrolly step runs.
                total = page.evaluate("() => document.documentElement.scrollHeight")
                for y in range(0, total + height, height):
                    page.evaluate("y => window.scrollTo(0, y)", y)
                    page.wait_for_timeout(120)
                page.wait_for_timeout(400)
                page.add_script_tag(content=axe)
                found += [f"{width}px {name}: {v}" for v in page.evaluate(RUN_AXE)]
                page.close()
            context.close()
        browser.close()
    assert found == [], "\n".join(found)


def test_the_nu_validator_finds_no_error_on_any_page(site) -> None:
    _require(VNU, "the Nu validator (vnu-jar)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu validator needs a Java runtime (Debian: default-jre-headless)")
    site_dir, _, pages = site
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json",
                          *[str(site_dir / name) for name in pages]],
                         capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message', '')}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:40])
