"""CONTRIBUTING.md's recipe for a new chart works as written: its builder pair, chapter function
and figure cell, run in the modules they name, give a finished figure whose download is written
and whose cell follows every convention of the report, touching three files."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from test_chapter_conventions import cells
from test_numbers import synthetic_dataset

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def recipe() -> str:
    start = GUIDE.index("## Recipe: add a chart")
    return GUIDE[start:GUIDE.index("\n## ", start + 1)]


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


def test_the_chart_recipe_touches_three_files():
    blocks = code_blocks(recipe())
    cell = re.search(r"^````markdown\n(.*?)^````", recipe(), re.S | re.M)
    assert len(blocks) == 2 and cell
    places = {block.splitlines()[0].removeprefix("# ") for block in blocks} | {"report/temporal.qmd"}
    assert places == {"py/aigrowth/figures/temporal.py", "py/aigrowth/chapters/temporal.py", "report/temporal.qmd"}
    assert all((ROOT / place).is_file() for place in places)


def test_the_chart_recipe_runs_end_to_end(monkeypatch, tmp_path):
    import aigrowth.chapters.temporal as chapter
    import aigrowth.figures.temporal as builders
    from aigrowth.chapters import common

    builder_code, chapter_code = code_blocks(recipe())
    # Step 1: the builder pair, in the builders' module.
    figures_ns = dict(vars(builders))
    exec(compile(builder_code, "figures/temporal.py (recipe)", "exec"), figures_ns)  # noqa: S102
    # Step 2: the chapter function, in the chapter's module, on a synthetic dataset.
    ds = synthetic_dataset(n=400)
    chapter_ns = dict(vars(chapter))
    chapter_ns.update(models_per_year_data=figures_ns["models_per_year_data"],
                      models_per_year_figure=figures_ns["models_per_year_figure"], dataset=lambda: ds,
                      data_end=lambda: common.data_end(ds))
    exec(compile(chapter_code, "chapters/temporal.py (recipe)", "exec"), chapter_ns)  # noqa: S102
    fig, data = chapter_ns["models_per_year"]()
    # Step 3: the cell shows it; the download is written under the figure's id.
    monkeypatch.setattr(common, "downloads_dir", lambda: tmp_path)
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: None)
    common.show(fig, data)
    slug = fig.layout.meta["id"]
    assert (tmp_path / f"{slug}.csv").is_file()
    assert sum(fig.data[0].y) == len(ds.models[ds.models["year"] >= 2010])
    # The recipe marks the partial year the synthetic data end in (unless they end on 31 Dec).
    end = common.data_end(ds)
    if (end.month, end.day) != (12, 31):
        assert fig.layout.meta["partial_year"]["year"] == end.year
    assert fig.layout.title.text and any(a.name == "source" for a in fig.layout.annotations)
    # The cell follows the report's conventions (those of tests/test_chapter_conventions.py).
    text = re.search(r"^````markdown\n(.*?)^````", recipe(), re.S | re.M).group(1)
    (cell,) = cells(text)
    assert cell["label"] == f"fig-{slug}"
    assert cell["fig-cap"].strip('"') and len(cell["fig-alt"].strip('"')) > 30
    assert not re.search(r"\d", re.sub(r"\b(19|20)\d\d\b", "", cell["fig-cap"] + cell["fig-alt"]))  # years only
    assert f"@{cell['label']}" in text.replace(f"#| label: {cell['label']}", "")
    assert f"](downloads/{slug}.csv)" in text[int(cell["_end"]):]


@pytest.mark.parametrize("name", ["models_per_year_data", "models_per_year_figure"])
def test_the_recipe_adds_new_names(name):
    import aigrowth.figures.temporal as builders

    assert not hasattr(builders, name), "the recipe's example is now in the package: pick another"
