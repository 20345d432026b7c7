"""The print-links filter (report/assets/print-links.lua): in Typst output every relative link
goes to the published site (`website.site-url`); the pages keep their links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from qmdrender.errors import RenderError
from qmdrender.pandoc import run_pandoc

ROOT = Path(__file__).resolve().parents[1]
FILTER = ROOT / "report" / "assets" / "print-links.lua"
TEXT = (
    "See [costs](costs.qmd#efficiency), [a file](downloads/x.csv), [up](../data/sources.yaml), "
    "[here](#local), [there](https://example.org/a) and [mail](mailto:a@example.org).\n"
)


def _project(tmp_path: Path, site_url: str | None) -> Path:
    config = {"project": {"type": "website"}, "website": {"title": "T"}}
    if site_url:
        config["website"]["site-url"] = site_url
    (tmp_path / "_quarto.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp_path


def _links(root: Path, to: str, docdir: str = "report") -> list[str]:
    out = run_pandoc(
        ["--from=markdown", f"--to={to}", f"--lua-filter={FILTER}", f"--metadata=qmdrender-docdir:{docdir}"],
        TEXT,
        cwd=root,
        what="test",
    )
    if to == "typst":
        return [target.strip('"') for target in re.findall(r"#link\(([^)]*)\)", out)]
    return re.findall(r'href="([^"]*)"', out)


def test_typst_links_point_at_the_published_site(tmp_path: Path) -> None:
    root = _project(tmp_path, "https://example.github.io/report/")
    assert _links(root, "typst") == [
        "https://example.github.io/report/report/costs.html#efficiency",
        "https://example.github.io/report/report/downloads/x.csv",
        "https://example.github.io/report/data/sources.yaml",
        "<local>",
        "https://example.org/a",
        "mailto:a@example.org",
    ]


def test_pages_keep_their_links(tmp_path: Path) -> None:
    root = _project(tmp_path, "https://example.github.io/report")
    assert _links(root, "html")[:3] == ["costs.qmd#efficiency", "downloads/x.csv", "../data/sources.yaml"]


def test_a_relative_link_without_a_site_url_stops_the_pdf(tmp_path: Path) -> None:
    root = _project(tmp_path, None)
    with pytest.raises(RenderError, match="site-url"):
        _links(root, "typst")


def test_the_project_names_its_site_once_and_lists_the_filter() -> None:
    from qmdrender.project import load_project

    project = load_project(ROOT)
    assert project.site_url and project.site_url.startswith("https://")
    assert "report/assets/print-links.lua" in project.filters
    assert json.dumps(project.raw).count(project.site_url) == 1
