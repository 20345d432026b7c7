"""The claims layer: each rule decides what its evidence says (known answers and properties),
a claim is refused when its words cannot cover every outcome, and every claim of the report
holds: its rule, run again on its evidence, gives the word the report prints."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aigrowth import claims as cl
from aigrowth.claims import Evidence, check_claim, decide, make_claim

REPORT = Path(__file__).resolve().parents[1] / "report"
PACE = {"above": "faster than", "below": "slower than", "includes": "not detectably faster or slower than"}


# -- Known answers of the interval methods -----------------------------------------------------

def test_wilson_interval_reproduces_newcombes_example():
    # Newcombe (1998, Statistics in Medicine 17: 857), example 81/263: Wilson 0.2553 to 0.3662.
    low, high = cl.share_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)


@pytest.mark.parametrize("counts, expected", [
    # Newcombe (1998, Statistics in Medicine 17: 873), Table II, method 10 (hybrid score).
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
])
def test_share_difference_interval_reproduces_newcombes_table(counts, expected):
    low, high = cl.share_difference_interval(*counts)
    assert (round(low, 4), round(high, 4)) == expected


def test_share_intervals_refuse_impossible_counts():
    with pytest.raises(ValueError, match="0 ≤ k ≤ n"):
        cl.share_interval(5, 3)
    with pytest.raises(ValueError, match="0 ≤ k ≤ n"):
        cl.share_difference_interval(1, 2, 0, -1)


def test_an_empty_group_carries_no_information_and_no_word():
    # A refresh can empty a group (an older release has no model above a new threshold): the
    # interval is the whole range, so no rule reads "majority" or "higher" into nothing.
    assert cl.share_interval(0, 0) == (0.0, 1.0)
    assert cl.share_difference_interval(1, 2, 0, 0) == (-1.0, 1.0)
    assert cl.decide("share_vs_half", cl.share_evidence(0, 0)) == "includes half"
    empty = cl.share_difference_evidence(0, 0, 3, 10)
    assert empty.estimate is None
    assert cl.decide("share_difference", empty) == "no detectable difference"


# -- Rules: known answers --------------------------------------------------------------------

@pytest.mark.parametrize("low, high, ref, outcome", [
    (1.2, 1.5, 1.0, "above"), (0.6, 0.9, 1.0, "below"), (0.9, 1.1, 1.0, "includes"),
    (1.0, 1.3, 1.0, "includes"),  # an end on the reference does not exclude it
])
def test_interval_vs_value(low, high, ref, outcome):
    assert decide("interval_vs_value", Evidence(low=low, high=high, reference=ref)) == outcome


@pytest.mark.parametrize("low, high, outcome", [(5.1, 6, "above"), (3.4, 3.9, "below"), (3.4, 4.2, "overlaps"),
                                                (4.5, 4.6, "overlaps")])
def test_interval_vs_range(low, high, outcome):
    e = Evidence(low=low, high=high, reference_low=4.0, reference_high=5.0)
    assert decide("interval_vs_range", e) == outcome


def test_sequential_tests_stop_at_the_first_test_that_does_not_reject():
    assert decide("sequential_tests", Evidence(p_values=(0.002, 0.038, 0.77))) == "2"
    assert decide("sequential_tests", Evidence(p_values=(0.2, 0.001))) == "0"
    assert decide("sequential_tests", Evidence(p_values=(0.01, 0.02, 0.03))) == "3"
    assert decide("sequential_tests", Evidence(p_values=(0.02, 0.03), alpha=0.025)) == "1"


def test_test_at_level_reads_alpha():
    assert decide("test_at_level", Evidence(p=0.04)) == "rejects"
    assert decide("test_at_level", Evidence(p=0.04, alpha=0.01)) == "does not reject"
    assert decide("test_at_level", Evidence(p=0.05)) == "does not reject"


def test_share_rules():
    assert decide("share_vs_half", Evidence(counts=(80, 100))) == "majority"
    assert decide("share_vs_half", Evidence(counts=(2, 3))) == "includes half"  # 67% of 3 is no majority
    assert decide("share_vs_half", Evidence(counts=(10, 100))) == "minority"
    assert decide("share_difference", Evidence(counts=(56, 70, 48, 80))) == "higher"
    assert decide("share_difference", Evidence(counts=(48, 80, 56, 70))) == "lower"
    assert decide("share_difference", Evidence(counts=(5, 10, 4, 10))) == "no detectable difference"


def test_count_and_exact_rules():
    assert decide("count_comparison", Evidence(counts=(79, 61))) == "more"
    assert decide("count_comparison", Evidence(counts=(3, 3))) == "as many"
    assert decide("exact_comparison", Evidence(estimate=1_400.0, reference=300_000.0)) == "below"
    assert decide("all_of", Evidence(counts=(43, 43))) == "all"
    assert decide("all_of", Evidence(counts=(0, 4))) == "none"
    assert decide("all_of", Evidence(counts=(2, 4))) == "some"


def test_a_rule_refuses_evidence_it_cannot_read():
    with pytest.raises(ValueError, match="lacks low"):
        decide("interval_vs_value", Evidence(high=2.0, reference=1.0))
    with pytest.raises(ValueError, match="lacks"):
        decide("interval_vs_value", Evidence(low=float("nan"), high=2.0, reference=1.0))
    with pytest.raises(ValueError, match="low end"):
        decide("interval_vs_value", Evidence(low=3.0, high=2.0, reference=1.0))
    with pytest.raises(KeyError, match="no claim rule"):
        decide("vibes", Evidence())


# -- Rules: properties -------------------------------------------------------------------------

def test_interval_rule_properties():
    """Shifting an interval wholly above the reference gives "above", wholly below "below"; any
    interval that straddles it gives "includes"; the outcome never depends on the estimate."""
    rng = np.random.default_rng(0)
    for _ in range(2_000):
        ref = float(rng.normal())
        width = float(rng.uniform(0.01, 3))
        start = float(rng.uniform(-5, 5))
        lo, hi = ref + start, ref + start + width
        outcome = decide("interval_vs_value", Evidence(estimate=float(rng.normal()), low=lo, high=hi, reference=ref))
        assert outcome == ("above" if lo > ref else "below" if hi < ref else "includes")
        flipped = decide("interval_vs_value", Evidence(low=2 * ref - hi, high=2 * ref - lo, reference=ref))
        assert flipped == {"above": "below", "below": "above", "includes": "includes"}[outcome]


def test_share_rules_are_symmetric_and_monotone():
    rng = np.random.default_rng(1)
    for _ in range(300):
        n1, n2 = (int(v) for v in rng.integers(1, 400, 2))
        k1, k2 = int(rng.integers(0, n1 + 1)), int(rng.integers(0, n2 + 1))
        a = decide("share_difference", Evidence(counts=(k1, n1, k2, n2)))
        b = decide("share_difference", Evidence(counts=(k2, n2, k1, n1)))
        assert b == {"higher": "lower", "lower": "higher", "no detectable difference": "no detectable difference"}[a]
        # More of the same share never turns a majority into a minority.
        k = int(rng.integers(0, n1 + 1))
        first = decide("share_vs_half", Evidence(counts=(k, n1)))
        bigger = decide("share_vs_half", Evidence(counts=(min(n1, k + 1), n1)))
        order = ["minority", "includes half", "majority"]
        assert order.index(bigger) >= order.index(first)


def test_share_vs_half_rejects_half_at_the_stated_rate():
    """With a true share of one half, "majority" or "minority" comes out about 5% of the time."""
    rng = np.random.default_rng(2)
    n = 200
    wrong = sum(decide("share_vs_half", Evidence(counts=(int(rng.binomial(n, 0.5)), n))) != "includes half"
                for _ in range(2_000))
    assert 0.02 < wrong / 2_000 < 0.08


# -- Claims --------------------------------------------------------------------------------------

def test_make_claim_chooses_word_and_fragment_and_renders_a_span():
    c = make_claim("frontier-vs-notable", "interval_vs_value", Evidence(estimate=1.4, low=1.2, high=1.6, reference=1.0),
                   PACE, {"above": "{word} notable models, by {by}"}, by="1.4×")
    assert (c.outcome, c.word, c.fragment) == ("above", "faster than", "faster than notable models, by 1.4×")
    # The fragment is escaped once (data text may reach it), so Pandoc reads it as the same text.
    assert str(c.md()) == r'[faster than notable models\, by 1\.4×]{.claim data-claim="frontier-vs-notable"}'
    assert c.md(capital=True).startswith("[Faster")
    assert check_claim(c) == []


def test_make_claim_refuses_words_that_miss_an_outcome_or_a_fragment_without_its_word():
    e = Evidence(low=1.2, high=1.6, reference=1.0)
    with pytest.raises(ValueError, match="miss outcomes"):
        make_claim("x", "interval_vs_value", e, {"above": "faster"})
    with pytest.raises(ValueError, match="lacks its word"):
        make_claim("x", "interval_vs_value", e, PACE, {"includes": "about the same"})
    with pytest.raises(ValueError, match="lowercase"):
        make_claim("Bad Id", "interval_vs_value", e, PACE)


def test_check_claim_catches_a_word_that_disagrees_with_its_evidence():
    c = make_claim("x", "interval_vs_value", Evidence(low=0.8, high=1.3, reference=1.0), PACE)
    assert check_claim(c) == []
    tampered = cl.Claim(c.id, c.rule, c.evidence, "above", "faster than", "faster than", c.words, c.fragments)
    assert any("gives 'includes'" in p for p in check_claim(tampered))
    moved = cl.Claim(c.id, c.rule, Evidence(low=1.1, high=1.3, reference=1.0), c.outcome, c.word, c.fragment,
                     c.words, c.fragments)
    assert check_claim(moved)


def test_claims_round_trip_through_json():
    c = make_claim("x", "share_difference", cl.share_difference_evidence(56, 70, 48, 80), {
        "higher": "rose", "lower": "fell", "no detectable difference": "showed no detectable change"})
    back = cl.Claim.from_dict(json.loads(json.dumps(c.as_dict())))
    assert back == c and check_claim(back) == []


def test_claims_collection_by_attribute_and_id():
    a = make_claim("a-b", "count_comparison", Evidence(counts=(1, 2)), {"more": "more", "fewer": "fewer", "as many": "as many"})
    got = cl.Claims([a])
    assert got.a_b is a and got["a-b"] is a and "a-b" in got and len(got) == 1
    with pytest.raises(AttributeError, match="no claim"):
        _ = got.missing
    with pytest.raises(ValueError, match="twice"):
        cl.Claims([a, a])


# -- The rate ratio behind "faster than" ------------------------------------------------------------

def _two_trends(growth_a: float, growth_b: float, n: int = 300, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(2010, 2025, n))
    group = rng.integers(0, 2, n).astype(bool)
    slope = np.where(group, math.log10(growth_a), math.log10(growth_b))
    y = 10 ** (18 + slope * (x - 2010) + rng.normal(0, 0.4, n))
    return pd.DataFrame({"decimal_year": x, "year": np.floor(x).astype(int), "compute_flop": y,
                         "frontier_top10": group, "is_notable": ~group})


def test_rate_ratio_recovers_a_known_ratio():
    from aigrowth.gaps import rate_ratio

    df = _two_trends(4.0, 2.0)
    est = rate_ratio("r", (df, "compute_flop", "frontier_top10"), (df, "compute_flop", "notable"), 2010, n_boot=400)
    assert est.value == pytest.approx(2.0, rel=0.1)
    assert est.low < 2.0 < est.high and est.low > 1


def test_rate_ratio_of_equal_trends_includes_one_at_about_the_stated_rate():
    from aigrowth.gaps import rate_ratio

    covered = 0
    for seed in range(40):
        df = _two_trends(3.0, 3.0, n=200, seed=seed)
        est = rate_ratio("r", (df, "compute_flop", "frontier_top10"), (df, "compute_flop", "notable"), 2010,
                         n_boot=200, seed=seed)
        covered += est.low <= 1 <= est.high
    assert covered >= 34  # about 95% of 40; a 5% test rejects about 2 of them


# -- Every claim of the report holds --------------------------------------------------------------

@pytest.fixture(scope="module")
def report_claims(real_dataset):
    from aigrowth.chapters import common

    return common.claims()


@pytest.mark.realdata
def test_every_claim_of_the_report_holds(report_claims):
    assert len(report_claims) > 40
    problems = [p for c in report_claims for p in check_claim(c)]
    assert problems == []


@pytest.mark.realdata
def test_every_claim_group_runs_on_the_report_data(report_claims):
    from aigrowth.findings import GROUPS

    ids = {c.id for c in report_claims}
    for must in ("compute-break-count", "compute-frontier-vs-notable", "literature-cottier-cost",
                 "language-slope-vs-one", "industry-share-change", "leaders-share", "most-expensive-frontier",
                 "cost-coverage"):
        assert must in ids
    assert len(GROUPS) == 8


@pytest.mark.realdata
def test_claims_with_intervals_carry_the_evidence_of_their_numbers(report_claims, real_dataset):
    """A claim that names numbers.json keys as its source judges those numbers' intervals."""
    from aigrowth.chapters import common

    entries = common.results().entries
    for c in report_claims:
        e = c.evidence
        if c.rule == "interval_vs_value" and len(e.source) == 1 and e.source[0] in entries:
            entry = entries[e.source[0]]
            assert (e.low, e.high) == (entry["low"], entry["high"]), c.id


@pytest.mark.realdata
def test_share_claims_count_what_the_chapters_print(report_claims):
    from aigrowth.chapters import geography, temporal

    org = temporal.organization_facts()
    k2, n2, k1, n1 = report_claims["industry-share-change"].evidence.counts
    assert (k1, n1, k2, n2) == (org.early_n, org.early_total, org.recent_n, org.recent_total)
    scale = temporal.open_scale_facts()
    _, n_top, _, n_below = report_claims["open-share-top-scale"].evidence.counts
    assert (n_top, n_below) == (scale.top_n, scale.below_top_n)
    share = temporal.open_share_facts()
    k_last, n_last, k_first, n_first = report_claims["open-share-change"].evidence.counts
    assert (k_first, n_first, k_last, n_last) == (share.first_open, share.first_known, share.complete_open,
                                                  share.complete_known)
    assert geography.counting_facts().leaders_pct == f"{round(100 * report_claims['leaders-share'].evidence.estimate)}%"


@pytest.mark.realdata
def test_numbers_json_lists_every_claim_with_its_evidence(report_claims):
    path = REPORT / "downloads" / "numbers.json"
    listed = json.loads(path.read_text(encoding="utf-8"))["claims"]
    assert [c["id"] for c in listed] == sorted(c.id for c in report_claims)
    for item in listed:
        assert {"id", "word", "fragment", "outcome", "rule", "rule_description", "words", "evidence"} <= set(item)
        assert check_claim(cl.Claim.from_dict(item)) == [], item["id"]
