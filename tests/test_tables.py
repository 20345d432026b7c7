"""Table builders: the report's style, the source note inside, deterministic HTML."""

import math
import re

import pandas as pd
import pytest
from great_tables import GT

from aigrowth import tables
from aigrowth.style import DEFAULT_SOURCE


@pytest.fixture
def growth() -> pd.DataFrame:
    return pd.DataFrame({
        "source": ["This report", "OpenAI (2018)"], "subset": ["notable", "records"],
        "period": ["2010–2025", "2012–2018"], "growth_per_year": [4.24, 11.5],
        "low": [3.86, None], "high": [4.649, None], "doubling_months": [5.7, 3.4],
        "doubling_low": [5.1, None], "doubling_high": [math.inf, None],
    })


def _cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>", html)


def _builders(growth: pd.DataFrame) -> dict[str, GT]:
    models = pd.DataFrame({"model": ["A", "B", "C"], "organization": ["Lab", None, "Lab"],
                           "year": [2023, 2024, 2022], "cost_usd_2023": [191e6, 1.2e9, float("nan")],
                           "compute_flop": [2.1e25, 5e25, 1e24]})
    countries = pd.DataFrame({"rank": [1, 2], "iso3": ["USA", "CHN"], "country_name": ["United States", "China"],
                              "n_models": [1800, 400], "share_pct": [55.4, 12.3], "n_large_scale": [120, 30]})
    slopes = pd.DataFrame({"domain_group": ["Vision", "Language"], "slope": [1.31, 1.62],
                           "low": [1.2, 1.5], "high": [1.4, 1.7], "n": [120, 800]})
    return {
        "growth": tables.growth_comparison_table(growth),
        "slopes": tables.domain_slopes_table(slopes),
        "expensive": tables.most_expensive_table(tables.most_expensive_runs(models)),
        "countries": tables.top_countries_table(countries, extra_counts={"n_large_scale": "Large-scale"}),
    }


def test_tables_carry_source_note_and_fixed_id(growth):
    for key, gt in _builders(growth).items():
        html = gt.as_raw_html()
        assert DEFAULT_SOURCE in html, key
        ids = set(re.findall(r'id="([^"]+)"', html))
        assert ids and all(i.startswith("tbl-") for i in ids), (key, ids)
        assert html == _builders(growth)[key].as_raw_html(), key


def test_growth_table_formats_intervals_like_prose(growth):
    cells = _cells(tables.growth_comparison_table(growth).as_raw_html())
    assert "4.2× (3.9–4.6×)" in cells
    assert "5.7 (5.1–∞)" in cells  # an unbounded doubling time reads as infinity
    assert "12×" in cells and "3.4" in cells  # no interval: the value alone


def test_expensive_runs_sorted_and_formatted(growth):
    html = _builders(growth)["expensive"].as_raw_html()
    cells = _cells(html)
    assert cells.index("B") < cells.index("A") and "C" not in cells
    assert "$1.2 billion" in cells and "$191 million" in cells and "2.1 × 10²⁵ FLOP" in cells
    assert "–" in cells  # the missing organisation


def test_slopes_sorted_steepest_first(growth):
    cells = _cells(_builders(growth)["slopes"].as_raw_html())
    assert cells.index("Language") < cells.index("Vision")
    assert "1.62 (1.50–1.70)" in cells and "800" in cells


def test_bad_input_raises(growth):
    with pytest.raises(ValueError, match="columns"):
        tables.growth_comparison_table(growth.drop(columns=["low"]))
    with pytest.raises(ValueError, match="no rows"):
        tables.growth_comparison_table(growth.iloc[0:0])
    with pytest.raises(ValueError, match="table id"):
        tables.growth_comparison_table(growth, table_id="Growth table")
    with pytest.raises(ValueError, match="source note"):
        tables.style_table(GT(growth, id="tbl-x"), "")


def test_a_table_in_a_page_has_its_own_id_css_scoped_to_it_and_only_css_colours() -> None:
    import re

    from great_tables import GT

    from aigrowth.tables import style_table

    table = style_table(GT(pd.DataFrame({"a": [1, 2]}), id="tbl-page-check"), "Data: a test")
    html = table._repr_html_()
    assert 'id="tbl-page-check"' not in html, "Quarto gives that id to the figure around the table"
    assert html.startswith('<div id="tbl-page-check-table"')
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    selectors = [sel.strip() for rule in re.findall(r"([^{}]+)\{", css) for sel in rule.split(",") if sel.strip()]
    assert selectors and all(sel.startswith("#tbl-page-check-table") for sel in selectors), selectors
    assert "font-color(" not in html
    assert 'id="tbl-page-check"' in table.as_raw_html(), "great-tables' own output is unchanged"
