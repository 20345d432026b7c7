"""Download CSVs cannot run formulas in a reader's spreadsheet (CSV injection, OWASP): a text cell
that begins with =, +, -, @, a tab or a carriage return gets a leading single quote; numbers,
negative ones included, stay numbers."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from aigrowth.chapters.common import csv_text


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd",
                                   "=1+2 GPT-4", "-cmd|' /C calc'!A0"])
def test_text_that_starts_a_formula_is_neutralised(value):
    frame = pd.DataFrame({"model": [value, "plain"], "n": [1, 2]})
    rows = cells(csv_text(frame))
    assert rows[1][0] == "'" + value.replace("\r", "\n")  # a line end inside a cell is written LF, quoted
    assert rows[2] == ["plain", "2"] and len(rows) == 3


def test_numbers_stay_numbers_negative_ones_too():
    frame = pd.DataFrame({"difference": [-4, 3], "slope": [-0.25, 1.5e-9], "label": ["-5", "+3.5e2"],
                          "pandas_string": pd.array(["-1", "=bad"], dtype="string")})
    rows = cells(csv_text(frame))
    assert rows[1][:3] == ["-4", "-0.25", "-5"] and rows[2][:3] == ["3", "1.5e-09", "+3.5e2"]
    assert [r[3] for r in rows[1:]] == ["-1", "'=bad"]
    back = pd.read_csv(io.StringIO(csv_text(frame)))
    assert back["difference"].tolist() == [-4, 3] and np.isclose(back["slope"], [-0.25, 1.5e-9]).all()


def test_tuples_and_missing_values():
    frame = pd.DataFrame({"countries": [("=X", "USA"), ("CHN",)], "note": [None, np.nan]})
    rows = cells(csv_text(frame))
    assert rows[1] == ["'=X;USA", ""] and rows[2] == ["CHN", ""]
