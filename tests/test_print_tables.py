"""The print-tables filter (report/assets/print-tables.lua): in Typst output number columns are
right-aligned, text columns left, widths from content, spanners centred over their columns."""

from __future__ import annotations

import re
from pathlib import Path

from aigrowth.tables import most_expensive_table
from qmdrender.pandoc import run_pandoc

ROOT = Path(__file__).resolve().parents[1]
FILTER = ROOT / "report" / "assets" / "print-tables.lua"


def _typst(html: str, to: str = "typst") -> str:
    return run_pandoc(["--from=html", f"--to={to}", f"--lua-filter={FILTER}"], html, cwd=ROOT, what="test")


def test_a_great_tables_table_gets_number_columns_right_and_text_left() -> None:
    import pandas as pd

    df = pd.DataFrame(
        {
            "model": ["A", "B", "C"],
            "organization": ["Org 1", None, "Org 3"],
            "year": [2024, 2025, 2023],
            "cost_usd_2023": [3.0e8, 2.0e7, float("nan")],
            "compute_flop": [5e26, 3e25, 1e24],
        }
    )
    out = _typst(most_expensive_table(df).as_raw_html())
    assert "align: (left,left,right,right,right,)" in out
    assert re.search(r"columns: 5,", out), "columns sized by their content (auto)"


def test_spanners_are_centred_and_numbered_items_are_text() -> None:
    html = (
        "<table><thead><tr><th rowspan=2>Pair</th><th colspan=2>2010–2019</th></tr>"
        "<tr><th>ρ</th><th>Models</th></tr></thead><tbody>"
        "<tr><td>a and b</td><td>0.60</td><td>216</td></tr>"
        "<tr><td>c and d</td><td>−0.31</td><td>–</td></tr></tbody></table>"
        "<table><thead><tr><th>2010s</th><th>Share</th></tr></thead><tbody>"
        "<tr><td>1. Canada: 16</td><td>21%</td></tr><tr><td>2. China: 5</td><td>~3%</td></tr></tbody></table>"
    )
    out = _typst(html)
    assert "align: (left,right,right,)" in out
    assert "table.cell(align: center, colspan: 2)[2010--2019]" in out
    assert "align: (left,right,)" in out


def test_a_note_across_the_table_reads_left_even_over_number_columns() -> None:
    html = (
        "<table><thead><tr><th>Year</th><th>Runs</th></tr></thead><tbody>"
        "<tr><td>2010</td><td>8</td></tr></tbody>"
        "<tfoot><tr><td colspan=2>Data: a source.</td></tr></tfoot></table>"
    )
    out = _typst(html)
    assert "align: (right,right,)" in out
    assert "table.cell(align: left, colspan: 2)[Data: a source.]" in out


def test_pages_are_left_alone() -> None:
    out = _typst("<table><tr><td>a</td><td>1</td></tr></table>", to="html")
    assert "text-align" not in out and 'align="right"' not in out
