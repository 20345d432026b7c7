"""The "AI and Compute, revisited" chapter on the real data: figures, tables, and the claims its
prose makes (the trend drawn is the number printed; words flip with the result)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from aigrowth.chapters import aicompute as A
from aigrowth.chapters import common
from aigrowth.figures.aicompute import PaceLine
from aigrowth.constants import FLOP_PER_PETAFLOP_S_DAY

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module", autouse=True)
def _real(real_dataset):
    """Chapters read the data through `common.dataset()`: make sure it is the real snapshot."""
    return real_dataset


def test_history_figure_traces_and_data():
    fig, data = A.record_history()
    names = [t.name for t in fig.data]
    assert names == ["Other models", "Record-setting runs", A.TREND_OPENAI_WINDOW, A.TREND_SINCE_2018,
                     A.PACE_LINE]
    assert all("," not in n for n in names)  # scrolly steps split trace lists on commas
    assert fig.layout.meta["id"] == "aicompute-record-history"
    records = data[data["is_record"]]
    assert len(records) == A.record_count()
    assert records.sort_values("decimal_year")["compute_flop"].is_monotonic_increasing
    # The CSV is the plotted points: same count and values as the two point traces.
    plotted = np.concatenate([fig.data[0].y, fig.data[1].y])
    assert sorted(plotted) == pytest.approx(sorted(data["compute_flop"]))
    months = common.results().entries["record_doubling_months_2012_2017"]["value"]
    assert fmt_months(months) in fig.layout.title.text.replace("<br>", " ")


def fmt_months(m: float) -> str:
    from aigrowth import fmt

    return fmt.fmt_months(m)


def test_trend_drawn_is_the_number_printed():
    n = common.results().entries
    fig, _ = A.record_history()
    window = next(t for t in fig.data if t.name == A.TREND_OPENAI_WINDOW)
    slope = (math.log10(window.y[-1]) - math.log10(window.y[0])) / (window.x[-1] - window.x[0])
    assert 10 ** slope == pytest.approx(n["record_growth_per_year_2012_2017"]["value"], rel=1e-9)
    assert A.window_trend().n == n["compute_record_count_2012_2017"]["value"]
    later = next(t for t in fig.data if t.name == A.TREND_SINCE_2018)
    slope = (math.log10(later.y[-1]) - math.log10(later.y[0])) / (later.x[-1] - later.x[0])
    assert 10 ** slope == pytest.approx(n["compute_growth_per_year_record_since_2018"]["value"], rel=1e-9)


def test_window_figure_has_both_units():
    fig, data = A.record_window()
    assert data["decimal_year"].between(2012, 2018).all()
    left, right = fig.layout.yaxis.range, fig.layout.yaxis2.range
    assert left[0] - right[0] == pytest.approx(math.log10(FLOP_PER_PETAFLOP_S_DAY))
    assert "OpenAI reported" in fig.layout.title.text.replace("<br>", " ")


def test_pace_line_doubles_every_openai_months():
    line = A.pace_line()
    year = line.start + A.openai_doubling() / 12
    assert 10 ** float(line.predict(year)) == pytest.approx(2 * line.anchor_value)
    pace = A.pace_numbers()
    assert pace.years_early > 0  # the 3.4-month pace ran ahead
    capped = PaceLine(2012.0, 1e17, 3.4, 2030.0, "x", cap=1e20)
    assert capped.end < 2030 and 10 ** float(capped.predict(capped.end)) == pytest.approx(1e20)


def test_alphago_zero_revision_is_consistent():
    rev = A.alphago_zero_revision()
    n = common.results().entries
    assert rev.factor_today == pytest.approx(n["compute_increase_alexnet_to_alphago_zero"]["value"])
    assert rev.factor_today < rev.factor_openai
    assert rev.revision == pytest.approx(rev.factor_openai / rev.factor_today)
    # Neither model OpenAI compared set a record under the running-record rule.
    assert A.record_words("AlexNet") == "did not set"
    assert A.record_words("AlphaGo Zero") == "did not set"
    assert A.record_holder_before("AlexNet").compute_flop > A.compute_of("AlexNet")


def test_units_table_converts_flop():
    frame = A.units_frame()
    assert frame["petaflop_s_days"].to_numpy() == pytest.approx(
        frame["compute_flop"].to_numpy() / FLOP_PER_PETAFLOP_S_DAY)
    assert A.largest_model().model in set(frame["model"])
    html = A.units_table().as_raw_html()
    assert 'id="tbl-aicompute-units"' in html and "Petaflop/s-days" in html


def test_literature_table_quotes_each_source_beside_the_same_selection():
    from aigrowth import literature

    frame = A.literature_frame()
    assert list(frame["key"]) == [c.published for c in A.COMPARISONS]
    claims = common.claims()
    for row in frame.itertuples():
        p = literature.published(row.key)
        assert row.as_stated == p.as_stated and row.interval_type == p.interval
        assert row.verdict == claims[row.claim].word
        # The published number appears with the digits its source gives.
        digits = [v for v in (p.value, p.low, p.high) if v is not None]
        places = 1 if any(v != int(v) for v in digits) else 0
        for v in digits:
            assert f"{v:,.{places}f}" in row.published, (row.key, v)
            assert f"{v:g}".replace("300000", "300,000") in row.as_stated.replace("x", " "), (row.key, v)
    html = A.literature_table().as_raw_html()
    assert 'id="tbl-aicompute-comparison"' in html and all(c.published not in html for c in A.COMPARISONS)


def test_record_sensitivity_spans_the_range_printed():
    table = common.table("record_sensitivity")
    r = common.numbers().record_doubling_months_range
    assert (table["doubling_months"].min(), table["doubling_months"].max()) == pytest.approx((r.low, r.high))
    assert len(table) == 9 and (table["doubling_low"] < table["doubling_months"]).all()


def test_chapter_claims_hold_on_this_data():
    n = common.results().entries
    window = common.numbers().record_doubling_months_2012_2017
    assert window.low <= window.value <= window.high and "t interval" in window.method
    claim = common.claims().literature_openai_doubling
    assert claim.evidence.low == window.low and claim.evidence.reference == A.openai_doubling()
    assert n["compute_doubling_months_pre_2012"]["value"] > n["compute_doubling_months_since_2012"]["value"]
    largest = A.largest_model()
    assert largest.compute_flop == pytest.approx(n["compute_largest_flop"]["value"])
    assert isinstance(A.window_records(), pd.DataFrame) and len(A.window_records()) == \
        n["compute_record_count_2012_2017"]["value"]
    assert all("data-claim=" in s for s in A.highlights())
