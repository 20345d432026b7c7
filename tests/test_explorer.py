"""The explorer: its data come from the variables registry, and for three selections the
growth rate, interval and n the browser computes equal the package's (aigrowth.trends) to the
precision the page shows."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from aigrowth.chapters import explorer
from aigrowth.chapters.common import dataset
from aigrowth.constants import N_BOOT, SEED
from aigrowth.trends import fit_trend
from aigrowth.variables import VARIABLES

SIG = 2  # the significant digits the page shows (explorer.js)


def _shown(value: float) -> str:
    """A rate as the page shows it: SIG significant digits, halves rounded up, grouped."""
    exponent = Decimal(repr(value)).adjusted()
    quantum = Decimal(1).scaleb(exponent - SIG + 1)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{rounded:,f}" if rounded < 1000 else f"{int(rounded):,}"


@pytest.mark.realdata
def test_the_payload_holds_one_record_per_variable_and_every_dated_model(real_dataset) -> None:
    data = explorer.payload()
    assert [v["name"] for v in data["variables"]] == list(explorer.MEASURES)
    for record in data["variables"]:
        assert record["label"] == VARIABLES[record["name"]].label and record["unit"] == VARIABLES[record["name"]].unit
    n = dataset().models["decimal_year"].notna().sum()
    assert all(len(column) == n for column in data["models"].values())
    assert data["method"] == {"n_boot": N_BOOT, "seed": SEED, "level": 0.95, "first_year": explorer.FIRST_YEAR}
    assert all(v is None or v > 0 for v in data["models"]["compute_flop"])


SELECTIONS = [
    # (measure, models, domain, country, organisation type, weights, fit from)
    ("compute_flop", "notable", "", "", "", "", 2010),
    ("parameters", "all", "Language", "", "", "", 2018),
    ("compute_flop", "all", "", "USA", "Industry", "open", 2019),
]


def _package(measure, selection, domain, country, org, weights, start):
    models = dataset().models
    models = models[models["decimal_year"].notna()]
    mask = pd.Series(True, index=models.index)
    flag = explorer.SELECTIONS[selection][1]
    if flag:
        mask &= models[flag].astype("boolean").fillna(False).astype(bool)
    if domain:
        mask &= models["domain_group"] == domain
    if country:
        mask &= models["countries"].map(lambda c: isinstance(c, tuple) and country in c)
    if org:
        mask &= models["organization_type"] == org
    if weights:
        mask &= models["open_weights"].astype("boolean").fillna(not (weights == "open")) == (weights == "open")
    return fit_trend(models, measure, start=start, subset=mask, n_boot=N_BOOT, seed=SEED)


@pytest.mark.render
@pytest.mark.browser
@pytest.mark.slow
def test_the_browsers_rate_equals_the_packages_for_three_selections(real_dataset) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from fixtures.renderbuild import CHROMIUM, CHROMIUM_ARGS, built_report, serve

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    root, _ = built_report()
    with serve(root / "_site") as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
        page.goto(f"{base}/report/explorer.html", wait_until="networkidle")
        # The plot draws once it comes near the screen.
        page.locator("#explorer-plot").scroll_into_view_if_needed()
        page.wait_for_selector("#explorer[data-ready='true']", timeout=30000)
        for measure, selection, domain, country, org, weights, start in SELECTIONS:
            page.select_option("#explorer-measure", measure)
            page.select_option("#explorer-selection", selection)
            page.select_option("#explorer-domain", domain)
            page.select_option("#explorer-country", country)
            page.select_option("#explorer-org", org)
            page.select_option("#explorer-open", weights)
            page.fill("#explorer-from", str(start))
            # The fit runs in slices; data-ready turns "true" once the last change is drawn.
            page.wait_for_selector("#explorer[data-ready='true']", timeout=30000)
            shown = {
                key: page.locator(f"#explorer-result [data-rate='{key}']").inner_text()
                for key in ("growth", "low", "high", "n")
            }
            fit = _package(measure, selection, domain, country, org, weights, start)
            expected = {
                "growth": _shown(fit.growth_per_year) + "×",
                "low": _shown(fit.growth_low),
                "high": _shown(fit.growth_high),
                "n": str(fit.n),
            }
            assert shown == expected, (measure, selection, domain, country, org, weights, start)
        # Finding a model by name highlights it (among all notable models).
        for control in ("#explorer-domain", "#explorer-country", "#explorer-org", "#explorer-open"):
            page.select_option(control, "")
        page.select_option("#explorer-selection", "notable")
        page.fill("#explorer-search", "GPT-4")
        page.wait_for_selector("#explorer[data-ready='true']", timeout=30000)
        assert page.locator("#explorer-found").inner_text().startswith("Highlighted: GPT-4")
        # Linear scale.
        page.uncheck("#explorer-log")
        page.wait_for_selector("#explorer[data-ready='true']", timeout=30000)
        assert page.evaluate("document.getElementById('explorer-plot').layout.yaxis.type") == "linear"
        assert outside == []
        browser.close()


def test_the_shown_precision_rounds_halves_up() -> None:
    assert _shown(4.35) == "4.4" and _shown(4.012) == "4.0" and _shown(12.5) == "13" and _shown(1234.0) == "1,200"
    assert _shown(0.0456) == "0.046"


@pytest.mark.parametrize("seed, n", [(SEED, 3), (SEED, 467), (SEED, 3001), (7, 65537), (SEED, 2**32 - 1)])
def test_the_browsers_generator_draws_numpys_resamples(seed: int, n: int, tmp_path: Path) -> None:
    """numpy-random.js reproduces numpy.random.default_rng(seed).integers(0, n), draw for draw."""
    import json
    import shutil
    import subprocess

    import numpy as np

    node = shutil.which("node")
    if node is None:
        pytest.skip("no node to run the page's script")
    script = tmp_path / "draw.js"
    script.write_text(
        f"require({json.dumps(str(Path(__file__).resolve().parents[1] / 'report/assets/numpy-random.js'))});\n"
        f"const g = new NumpyRandom.Generator({seed}); const out = [];\n"
        f"for (let i = 0; i < 4000; i++) out.push(g.below({n}));\nconsole.log(JSON.stringify(out));\n",
        encoding="utf-8",
    )
    drawn = json.loads(subprocess.run([node, str(script)], capture_output=True, text=True, check=True).stdout)
    assert drawn == np.random.default_rng(seed).integers(0, n, size=(4, 1000)).ravel().tolist()
