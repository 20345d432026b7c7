"""The "Compute and parameters across domains" chapter on the real data: the scatter and its
lines are the regression's, tables carry every group, and code-chosen words flip."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aigrowth import fmt
from aigrowth.chapters import common
from aigrowth.chapters import domains as D

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module", autouse=True)
def _real(real_dataset):
    return real_dataset


def test_scatter_points_and_lines_are_the_regression():
    fig, data = D.scatter()
    main = D.analysis().main
    assert fig.layout.meta["id"] == "domains-compute-vs-parameters"
    assert len(data) == main.n  # the CSV holds exactly the fitted models
    groups = set(main.slopes["domain_group"])
    assert set(data["domain_group"]) == groups
    for row in main.slopes.itertuples():
        line = next(t for t in fig.data if t.name == f"fit: {row.domain_group}")
        slope = (math.log10(line.y[-1]) - math.log10(line.y[0])) / (math.log10(line.x[-1]) - math.log10(line.x[0]))
        assert slope == pytest.approx(row.slope)
    points = sum(len(t.x) for t in fig.data if t.name in groups)
    assert points == len(data)


def test_scatter_is_one_panel_per_domain_with_its_line_above_its_points():
    fig, data = D.scatter()
    groups = list(dict.fromkeys(t.name for t in fig.data if t.name in set(data["domain_group"])))
    names = [t.name for t in fig.data]
    titles = [a.text for a in fig.layout.annotations if a.name != "source"]
    for group in groups:
        points = next(t for t in fig.data if t.name == group)
        context = next(t for t in fig.data if t.name == f"context: {group}")
        line = next(t for t in fig.data if t.name == f"fit: {group}")
        # Each panel: every model as context, its own models, its line drawn last, on its own axes.
        assert len(context.x) == len(data)
        assert names.index(f"context: {group}") < names.index(group) < names.index(f"fit: {group}")
        assert points.xaxis == context.xaxis == line.xaxis and points.yaxis == line.yaxis
        assert any(group.replace("&", "&amp;") in t for t in titles)  # the panel title names it
    assert len({t.xaxis for t in fig.data}) == len(groups)
    assert all(t.showlegend is False for t in fig.data)  # panel titles label, no legend


def test_reference_slope_matches_headline_number():
    n = common.results().entries["compute_params_slope_reference"]
    ref = D.slope_of(D.reference())
    assert ref.slope == pytest.approx(n["value"]) and ref.n == n["n"]
    assert D.multiplier(ref.slope) == pytest.approx(10 ** ref.slope)


def test_tables_have_every_group():
    html = D.slopes_table().as_raw_html()
    assert 'id="tbl-domains-slopes"' in html
    for group in D.slopes()["domain_group"]:
        assert group.replace("&", "&amp;") in html
    frame = D.robustness_frame()
    assert set(frame["fit"]) == {"Main fit", "Without operation-counted compute", "With publication year as a control"}
    assert 'id="tbl-domains-robustness"' in D.robustness_table().as_raw_html()
    assert D.year_controlled().attrs["n"] == D.analysis().main.n


def test_the_chapters_tests_are_its_claims():
    a = D.analysis()
    claims = common.claims()
    assert claims.domain_slopes_differ.evidence.p == a.main.interaction_test.p
    assert claims.domain_slopes_differ_robust.evidence.p == a.without_operation_counting.interaction_test.p
    assert claims.residual_spread.evidence.p == a.main.diagnostics.breusch_pagan_p
    assert claims.residual_normality.evidence.p == a.main.diagnostics.jarque_bera_p
    ref = a.main.slopes.iloc[0]
    assert (claims.language_slope_vs_one.evidence.low, claims.language_slope_vs_one.evidence.high) == (
        ref["low"], ref["high"])
    ctrl = D.year_controlled()
    assert claims.year_control.evidence.estimate == pytest.approx(10 ** ctrl.attrs["year_coef"])
    assert fmt.fmt_p(1e-9, prefix=True) == "p < 0.001" and fmt.fmt_p(0.042, prefix=True) == "p = 0.042"
    assert all("data-claim=" in s for s in D.highlights())


def test_chapter_claims_hold():
    a = D.analysis()
    assert a.main.interaction_test.p < 0.05
    assert a.n_operation_counting + a.without_operation_counting.n <= a.main.n + a.n_operation_counting
    moved = D.year_change()
    assert moved.domain_group in {fmt.fmt_text(g) for g in D.slopes()["domain_group"]} and moved.by >= 0
    assert np.isfinite(D.residual_sd())
    assert "Robotics" in D.pooled_text() or D.pooled_text() == "none" or "(" in D.pooled_text()
