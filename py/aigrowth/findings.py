"""Every judging word of the report, decided from its evidence once per data and code.

The chapters state numbers (`aigrowth.numbers`) and judge them: a trend is "faster than"
another, a gap "narrowed", a share is "most" of the models, a published figure is "consistent
with" this report's. Each such word is a `Claim` (see `aigrowth.claims`), declared here by the
group of findings it belongs to, with the rule that chooses it, its evidence and the words for
every outcome. `compute_claims(ctx)` runs them after the numbers (so the evidence of a claim
is a number in numbers.json wherever one exists); the results carry them to every chapter
(`common.claims().<id>`) and to numbers.json's `claims` list.

A group whose data the dataset lacks (a test dataset without Global Trade Alert's file, say)
gives no claims; on the report's data every group runs (`tests/test_claims.py` checks).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from scipy import stats

from aigrowth import fmt
from aigrowth import geography as geo
from aigrowth.claims import (
    Claim,
    Evidence,
    interval_evidence,
    make_claim,
    share_difference_evidence,
    share_evidence,
)
from aigrowth.constants import DL_ERA_START, LARGE_SCALE_THRESHOLD_FLOP, LEVEL
from aigrowth.literature import published

# -- Words for every outcome, shared by the claims that judge alike ----------------------------

PACE = {"above": "faster than", "below": "slower than", "includes": "not detectably faster or slower than"}
GAP = {"above": "widened", "below": "narrowed", "includes": "no detectable change"}
RATE_VS_PUBLISHED = {"includes": "consistent with", "above": "faster than", "below": "slower than"}
MONTHS_VS_PUBLISHED = {"includes": "consistent with", "above": "longer than", "below": "shorter than"}
RANGE_VS_PUBLISHED = {"overlaps": "overlaps", "above": "lies above", "below": "lies below"}
DIRECTION = {"above": "rose", "below": "fell", "includes": "showed no detectable trend"}
SHARE_CHANGE = {"higher": "rose", "lower": "fell", "no detectable difference": "showed no detectable change"}
MORE_COMMON = {
    "higher": "more common",
    "lower": "less common",
    "no detectable difference": "not detectably more or less common",
}
LARGER_SHARE = {
    "higher": "larger",
    "lower": "smaller",
    "no detectable difference": "not detectably larger or smaller",
}
MOST = {
    "majority": "most",
    "minority": "a minority",
    "includes half": "not detectably more or less than half",
}
MORE_FEWER = {"more": "more", "fewer": "fewer", "as many": "as many"}
BREAKS = {"0": "no detectable break", "1": "one break", "2": "two breaks", "3": "three breaks"}
ZERO = {"above": "excludes zero", "below": "excludes zero", "includes": "includes zero"}


def _year(x: float) -> str:
    return str(fmt.fmt_year(x))


def _entry(ctx: Any, key: str) -> Mapping[str, Any]:
    return ctx.entries[key]


# -- Trends: breaks, rates against rates, the literature ---------------------------------------


def _break_claims(ctx: Any) -> list[Claim]:
    a = ctx.breaks()
    tests = a.count.tests
    out = [
        make_claim(
            "compute-break-count",
            "sequential_tests",
            Evidence(
                estimate=a.count.count,
                p_values=tuple(t.p for t in tests),
                alpha=a.count.test_level,
                test="; ".join(
                    f"sup-F({t.null_breaks + 1}|{t.null_breaks}) = {t.stat:.1f}, p = {t.p:.3f}" for t in tests
                ),
                n=a.count.n,
                source=("compute_break_count",)
                + tuple(f"compute_break_p_{i}" for i in range(1, len(tests) + 1)),
            ),
            BREAKS,
        )
    ]
    if a.dates is not None:
        for i, (low, high) in enumerate(zip(a.dates.date_low, a.dates.date_high, strict=True), start=1):
            test = tests[i - 1]
            out.append(
                make_claim(
                    f"compute-break-{i}-dates",
                    "test_at_level",
                    Evidence(
                        estimate=a.dates.fit.dates[i - 1],
                        low=low,
                        high=high,
                        level=a.dates.level,
                        p=test.p,
                        alpha=a.count.test_level,
                        n=a.count.n,
                        test=f"sup-F({test.null_breaks + 1}|{test.null_breaks}) = {test.stat:.1f}",
                        interval=a.dates.method,
                        source=(f"compute_break_{i}_year", f"compute_break_p_{i}"),
                    ),
                    {"rejects": "consistent with a change", "does not reject": "no detectable change"},
                    {
                        "rejects": "{word} somewhere between {low} and {high}",
                        "does not reject": "{word}, the test did not reject at this date",
                    },
                    low=_year(low),
                    high=_year(high),
                )
            )
    late = ctx.late_breaks()
    out.append(
        make_claim(
            "compute-break-count-from-1970",
            "sequential_tests",
            Evidence(
                estimate=late.count.count,
                p_values=tuple(t.p for t in late.count.tests),
                alpha=late.count.test_level,
                n=late.count.n,
                test="; ".join(
                    f"sup-F({t.null_breaks + 1}|{t.null_breaks}) = {t.stat:.1f}, p = {t.p:.3f}"
                    for t in late.count.tests
                ),
                source=("compute_break_count_from_1970",),
            ),
            BREAKS,
        )
    )
    return out


def _ratio(
    ctx: Any,
    claim_id: str,
    key: str,
    words: Mapping[str, str] = PACE,
    fragments: Mapping[str, str] | None = None,
    **values: str,
) -> Claim:
    return make_claim(
        claim_id,
        "interval_vs_value",
        interval_evidence(_entry(ctx, key), 1.0, (key,)),
        words,
        fragments,
        **values,
    )


def _rate_claims(ctx: Any) -> list[Claim]:
    out = [
        _ratio(ctx, "compute-frontier-vs-notable", "compute_frontier_vs_notable_ratio"),
        _ratio(ctx, "parameters-vs-compute", "parameters_vs_compute_notable_ratio"),
        _ratio(
            ctx,
            "cost-vs-compute-frontier",
            "cost_vs_compute_frontier_ratio",
            PACE,
            {
                "below": "{word} their compute, so each dollar bought more computation every year",
                "above": "{word} their compute, so each dollar bought less computation every year",
                "includes": "{word} their compute, so the data cannot tell whether a dollar bought more computation",
            },
        ),
        _ratio(ctx, "records-since-2018-vs-2012-2017", "records_since_2018_vs_2012_2017_ratio"),
        _ratio(ctx, "records-since-2018-vs-frontier", "records_since_2018_vs_frontier_ratio"),
        _ratio(ctx, "compute-since-2012-vs-pre-2012", "compute_since_2012_vs_pre_2012_ratio"),
        _ratio(ctx, "compute-dl-vs-pre-dl", "compute_dl_vs_pre_dl_ratio"),
        # compute = 6 × parameters × tokens × passes on the same rows, so the slopes add up: the
        # passes' trend is the test of parameters × data against compute.
        _ratio(
            ctx,
            "passes-over-data",
            "passes_growth_per_year_language_same_rows",
            DIRECTION,
            {
                "below": "{word}, so parameters × data grew faster than compute",
                "above": "{word}, so parameters × data grew slower than compute",
                "includes": "{word}, so parameters × data and compute grew at paces the data cannot tell apart",
            },
        ),
        _ratio(
            ctx,
            "compute-frontier-gap-change",
            "compute_frontier_gap_change_per_year",
            GAP,
            {
                "above": "the gap {word}",
                "below": "the gap {word}",
                "includes": "the data show {word} in the gap",
            },
        ),
        _ratio(
            ctx,
            "cost-frontier-gap-change",
            "cost_frontier_gap_change_per_year",
            GAP,
            {
                "above": "the gap {word}",
                "below": "the gap {word}",
                "includes": "the data show {word} in the gap",
            },
        ),
    ]
    for run in ("flop_per_dollar", "flop_per_joule"):
        for chip in ("fp32", "fp16_tensor", "fastest"):
            key = f"{run}_vs_chips_{chip}"
            if key in ctx.entries:
                out.append(_ratio(ctx, key.replace("_", "-"), key))
    return out


def _value(x: float | None, what: str) -> float:
    """A published number a comparison needs (the literature table enters every one)."""
    if x is None:
        raise ValueError(f"the published figure has no {what}")
    return float(x)


def _log_se(low: float, high: float, level: float) -> float:
    """Standard error on the log10 scale of an interval symmetric in logs at `level`."""
    return (math.log10(high) - math.log10(low)) / (2 * stats.norm.ppf(0.5 + level / 2))


def _literature_claims(ctx: Any) -> list[Claim]:
    out = []
    notable = published("sevilla2024_notable")
    e = _entry(ctx, "compute_growth_per_year_notable_2010_2024")
    out.append(
        make_claim(
            "literature-notable-2010-2024",
            "interval_vs_range",
            Evidence(
                estimate=e["value"],
                low=e["low"],
                high=e["high"],
                level=e["level"],
                n=e["n"],
                reference_low=notable.low,
                reference_high=notable.high,
                interval=e["method"],
                source=("compute_growth_per_year_notable_2010_2024", notable.key),
            ),
            RANGE_VS_PUBLISHED,
        )
    )
    frontier = published("sevilla2024_frontier_since_2018")
    out.append(
        make_claim(
            "literature-top10-2018-2024",
            "interval_vs_value",
            interval_evidence(
                _entry(ctx, "compute_growth_per_year_top10_2018_2024"),
                _value(frontier.value, "value"),
                ("compute_growth_per_year_top10_2018_2024", frontier.key),
            ),
            RATE_VS_PUBLISHED,
        )
    )
    # Cottier et al. give an interval: compare the two estimates, not one with the other's
    # centre: the ratio of ours to theirs with both uncertainties (normal on the log scale).
    cost = published("cottier2024_cost")
    ours = _entry(ctx, "cost_growth_per_year_frontier_2016_2023")
    level = float(cost.interval.split("%")[0]) / 100
    se = math.hypot(
        _log_se(ours["low"], ours["high"], ours["level"]),
        _log_se(_value(cost.low, "low"), _value(cost.high, "high"), level),
    )
    centre = math.log10(ours["value"]) - math.log10(_value(cost.value, "value"))
    z = stats.norm.ppf(0.5 + LEVEL / 2)
    out.append(
        make_claim(
            "literature-cottier-cost",
            "interval_vs_value",
            Evidence(
                estimate=10**centre,
                low=10 ** (centre - z * se),
                high=10 ** (centre + z * se),
                level=LEVEL,
                reference=1.0,
                n=ours["n"],
                interval=(
                    f"ratio of this report's estimate to the published one, {LEVEL:.0%} interval from both "
                    f"intervals' standard errors on the log scale (published: {cost.interval})"
                ),
                source=("cost_growth_per_year_frontier_2016_2023", cost.key),
            ),
            RATE_VS_PUBLISHED,
        )
    )
    openai = published("amodei2018_doubling")
    out.append(
        make_claim(
            "literature-openai-doubling",
            "interval_vs_value",
            interval_evidence(
                _entry(ctx, "record_doubling_months_2012_2017"),
                _value(openai.value, "value"),
                ("record_doubling_months_2012_2017", openai.key),
            ),
            MONTHS_VS_PUBLISHED,
        )
    )
    table = ctx.tables["record_sensitivity"]
    k = int(((table["doubling_low"] <= openai.value) & (openai.value <= table["doubling_high"])).sum())
    out.append(
        make_claim(
            "record-choices-include-openai",
            "all_of",
            Evidence(
                counts=(k, len(table)),
                reference=openai.value,
                n=len(table),
                interval="each choice's 95% t interval",
                source=("record_doubling_months_range", openai.key),
            ),
            {"all": "every one", "none": "none", "some": "only some"},
            {
                "all": "and {word} of those fits' t intervals includes OpenAI's figure",
                "none": "and {word} of those fits' t intervals includes OpenAI's figure",
                "some": "and {k} of those {n} fits' t intervals, {word}, include OpenAI's figure",
            },
            k=str(k),
            n=str(len(table)),
        )
    )
    # OpenAI compares the era before 2012 with Moore's law, which it gives "a 2-year doubling
    # period".
    for claim_id, key in (
        ("pre-2012-vs-two-years", "compute_doubling_months_pre_2012"),
        ("pre-dl-vs-two-years", "compute_doubling_months_pre_dl"),
    ):
        out.append(
            make_claim(
                claim_id,
                "interval_vs_value",
                interval_evidence(_entry(ctx, key), 24.0, (key,)),
                MONTHS_VS_PUBLISHED,
            )
        )
    if "compute_increase_alexnet_to_alphago_zero" in ctx.entries:
        factor = published("amodei2018_increase")
        today = _entry(ctx, "compute_increase_alexnet_to_alphago_zero")
        out.append(
            make_claim(
                "openai-increase-today",
                "exact_comparison",
                Evidence(
                    estimate=today["value"],
                    reference=factor.value,
                    n=2,
                    source=("compute_increase_alexnet_to_alphago_zero", factor.key),
                ),
                {"above": "above", "below": "below", "equal": "equal to"},
            )
        )
    return out


def _domain_claims(ctx: Any) -> list[Claim]:
    from aigrowth.regression import compute_vs_parameters, year_controlled

    a = ctx.once("domains", lambda: compute_vs_parameters(ctx.models))
    ref = a.main.slopes.iloc[0]
    out = [
        make_claim(
            "language-slope-vs-one",
            "interval_vs_value",
            Evidence(
                estimate=ref["slope"],
                low=ref["low"],
                high=ref["high"],
                level=a.main.level,
                n=int(ref["n"]),
                reference=1.0,
                interval="HC3 interval",
                source=("compute_params_slope_reference",),
            ),
            {
                "above": "more than in proportion",
                "below": "less than in proportion",
                "includes": "in proportion, within the uncertainty",
            },
        )
    ]
    for claim_id, fit, words in (
        (
            "domain-slopes-differ",
            a.main,
            {"rejects": "differ", "does not reject": "show no detectable difference"},
        ),
        (
            "domain-slopes-differ-robust",
            a.without_operation_counting,
            {"rejects": "still differ", "does not reject": "no longer differ detectably"},
        ),
    ):
        t = fit.interaction_test
        out.append(
            make_claim(
                claim_id,
                "test_at_level",
                Evidence(
                    p=t.p,
                    alpha=0.05,
                    n=fit.n,
                    test=f"Wald F({t.df_num}, {t.df_den}) = {t.f:.2f}, HC3",
                    source=("compute_params_interaction_p",) if fit is a.main else (),
                ),
                words,
            )
        )
    d = a.main.diagnostics
    out.append(
        make_claim(
            "residual-spread",
            "test_at_level",
            Evidence(
                p=d.breusch_pagan_p,
                alpha=0.05,
                n=a.main.n,
                test=f"Breusch–Pagan LM = {d.breusch_pagan_lm:.1f}",
            ),
            {"rejects": "changes", "does not reject": "shows no detectable change"},
        )
    )
    out.append(
        make_claim(
            "residual-normality",
            "test_at_level",
            Evidence(p=d.jarque_bera_p, alpha=0.05, n=a.main.n, test=f"Jarque–Bera = {d.jarque_bera:.1f}"),
            {"rejects": "are not", "does not reject": "show no detectable departure from being"},
        )
    )
    ctrl = ctx.once("domains_year", lambda: year_controlled(ctx.models, a.main))
    out.append(
        make_claim(
            "year-control",
            "interval_vs_value",
            Evidence(
                estimate=10 ** ctrl.attrs["year_coef"],
                low=10 ** ctrl.attrs["year_low"],
                high=10 ** ctrl.attrs["year_high"],
                level=LEVEL,
                n=ctrl.attrs["n"],
                reference=1.0,
                interval="HC3 interval of the year's coefficient, as a factor a year",
            ),
            {"above": "more", "below": "less", "includes": "not detectably more or less"},
        )
    )
    return out


# -- Shares and counts of the database ----------------------------------------------------------


def _partial_year(models: pd.DataFrame) -> int:
    """The year the data end in, which is only partly covered."""
    return int(pd.Timestamp(models["publication_date"].max()).year)


def _temporal_claims(ctx: Any) -> list[Claim]:
    from aigrowth.figures.temporal import (
        compute_over_time_data,
        focus_share,
        open_weights_by_compute_data,
        open_weights_share_data,
        organization_share_data,
    )

    m = ctx.models
    partial = _partial_year(m)
    notable = m[m["is_notable"].astype("boolean").fillna(False).astype(bool)]
    org = organization_share_data(notable, since=DL_ERA_START.year)
    first = int(org["year"].min())
    _, k1, n1 = focus_share(org, "Industry", range(first, first + EARLY_YEARS))
    _, k2, n2 = focus_share(org, "Industry", range(partial - RECENT_YEARS, partial))
    out = [
        make_claim(
            "industry-share-change",
            "share_difference",
            share_difference_evidence(k2, n2, k1, n1),
            SHARE_CHANGE,
        )
    ]
    front = m[
        m["frontier_top10"].astype("boolean").fillna(False).astype(bool)
        & (m["publication_date"] >= DL_ERA_START)
    ]
    out.append(
        make_claim(
            "frontier-industry-share",
            "share_vs_half",
            share_evidence(int((front["organization_type"] == "Industry").sum()), len(front)),
            MOST,
        )
    )
    shares = open_weights_share_data(m, since=OPEN_SINCE)
    row_first, row_last = shares.iloc[0], shares[shares["year"] == partial - 1].iloc[0]
    out.append(
        make_claim(
            "open-share-change",
            "share_difference",
            share_difference_evidence(
                int(row_last["n_open"]),
                int(row_last["n_known"]),
                int(row_first["n_open"]),
                int(row_first["n_known"]),
            ),
            SHARE_CHANGE,
        )
    )
    scale = open_weights_by_compute_data(m, since=OPEN_BY_COMPUTE_SINCE)
    for claim_id, exponent in (
        ("open-share-large-scale", int(math.log10(LARGE_SCALE_THRESHOLD_FLOP))),
        ("open-share-top-scale", TOP_SCALE_EXPONENT),
    ):
        hi, lo = scale[scale["log10_compute"] >= exponent], scale[scale["log10_compute"] < exponent]
        out.append(
            make_claim(
                claim_id,
                "share_difference",
                share_difference_evidence(
                    int(hi["n_open"].sum()),
                    int(hi["n_known"].sum()),
                    int(lo["n_open"].sum()),
                    int(lo["n_known"].sum()),
                ),
                MORE_COMMON,
            )
        )
    years = compute_over_time_data(m)["publication_date"].dt.year
    out.append(
        make_claim(
            "latest-complete-year-count",
            "count_comparison",
            Evidence(
                counts=(int((years == partial - 1).sum()), int((years == partial - 2).sum())),
                n=int(((years == partial - 1) | (years == partial - 2)).sum()),
            ),
            MORE_FEWER,
        )
    )
    return out


#: Pooled years of the organisation-type shares: the first five of the deep-learning era and the
#: last three complete years (the partial year the data end in is left out).
EARLY_YEARS = 5
RECENT_YEARS = 3
#: Open weights: shares per year from 2015; by scale from 2018; the very largest runs from 10^25
#: FLOP, the scale of GPT-4 (Epoch estimates about 2e25 FLOP), where the EU AI Act also presumes
#: systemic risk.
OPEN_SINCE = 2015
OPEN_BY_COMPUTE_SINCE = 2018
TOP_SCALE_EXPONENT = 25
#: The model-building leaders and Europe's four largest, as the geography chapter names them.
LEADERS = ("USA", "CHN")
EUROPE = ("GBR", "FRA", "DEU", "CHE")
#: The geography chapter's window for policy (GTA's file starts in 2019; OECD's data end in 2025).
POLICY_START, POLICY_END = 2019, 2025


def _geography_claims(ctx: Any) -> list[Claim]:
    mc, m = ctx.ds.model_countries, ctx.models
    with_country = mc["model_key"].nunique()

    def models_of(codes: tuple[str, ...]) -> int:
        return int(mc[mc["iso3"].isin(list(codes))]["model_key"].nunique())

    out = [
        make_claim("leaders-share", "share_vs_half", share_evidence(models_of(LEADERS), with_country), MOST)
    ]
    out.append(
        make_claim(
            "europe-vs-china",
            "count_comparison",
            Evidence(counts=(models_of(EUROPE), models_of(("CHN",)))),
            MORE_FEWER,
        )
    )
    cum = geo.cumulative_large_scale(mc)
    latest = _partial_year(m) - 1
    per_year = cum[cum["year"] == latest].set_index("iso3")["new"]
    out.append(
        make_claim(
            "large-scale-china-vs-usa",
            "count_comparison",
            Evidence(counts=(int(per_year.get("CHN", 0)), int(per_year.get("USA", 0)))),
            MORE_FEWER,
        )
    )
    # Frontier models against the other models of the same period (disjoint groups).
    start, end = geo.DEFAULT_PERIODS[-1]
    window = mc[mc["year"].between(start, end)]
    flag = window["frontier_top10"].astype("boolean").fillna(False).astype(bool)
    for iso3, claim_id in (("USA", "usa-frontier-share"), ("CHN", "china-frontier-share")):

        def count(rows: pd.DataFrame, code: str = iso3) -> tuple[int, int]:
            return int(rows.loc[rows["iso3"] == code, "model_key"].nunique()), int(
                rows["model_key"].nunique()
            )

        (k1, n1), (k2, n2) = count(window[flag]), count(window[~flag])
        out.append(
            make_claim(claim_id, "share_difference", share_difference_evidence(k1, n1, k2, n2), LARGER_SHARE)
        )
    # Research output: the latest year's shares of publications, as OECD reports them.
    pub = ctx.ds.pub_share
    shares = pub[pub["iso3"].isin(["USA", "CHN"])].pivot(index="year", columns="iso3", values="share_pct")
    last = shares.iloc[-1]
    out.append(
        make_claim(
            "china-publication-share",
            "exact_comparison",
            Evidence(estimate=float(last["CHN"]), reference=float(last["USA"])),
            {"above": "larger than", "below": "smaller than", "equal": "equal to"},
        )
    )
    usa_max = float(
        mc.loc[(mc["iso3"] == "USA") & (mc["year"] >= GEOGRAPHY_COMPUTE_SINCE), "compute_flop"].max()
    )
    chn_max = float(
        mc.loc[(mc["iso3"] == "CHN") & (mc["year"] >= GEOGRAPHY_COMPUTE_SINCE), "compute_flop"].max()
    )
    out.append(
        make_claim(
            "largest-run-usa-vs-china",
            "exact_comparison",
            Evidence(estimate=usa_max, reference=chn_max),
            {"above": "exceeds", "below": "falls short of", "equal": "equals"},
        )
    )
    out.extend(_policy_claims(ctx))
    return out


#: The geography chapter compares the compute of models published since this year.
GEOGRAPHY_COMPUTE_SINCE = 2020


def policy_panel(ds: Any) -> pd.DataFrame:
    """One row per country: models and large-scale models in the policy window, restrictive
    export controls in force imposed and targeted by its end (cumulative), mean publication
    share (see `aigrowth.geography.country_policy_panel`)."""
    from aigrowth.controls import restrictive_panel

    countries = sorted(ds.models["primary_country"].dropna().unique())
    controls = restrictive_panel(ds.gta, countries, int(ds.models["year"].max()))
    return geo.country_policy_panel(ds.model_countries, controls, ds.pub_share, POLICY_START, POLICY_END)


#: The rank correlations the geography chapter reports: (x, y, which countries).
CORRELATIONS: tuple[tuple[str, str, str], ...] = (
    ("models", "pub_share_pct", "oecd"),
    ("models", "imposed_cum", "all"),
    ("models", "imposed_cum", "builders"),
    ("models", "targeted_cum", "all"),
    ("models", "targeted_cum", "builders"),
    ("large_scale_models", "targeted_cum", "builders"),
)


def policy_correlations(ds: Any) -> pd.DataFrame:
    """Spearman rank correlations across countries with bootstrap intervals, one row per (pair,
    country group). Columns: key, x, y, group, n, rho, p, low, high, level, n_boot, zeros_x,
    zeros_y (countries with a zero on each side)."""
    panel = policy_panel(ds)
    rows = []
    for x, y, group in CORRELATIONS:
        subset = panel[panel["models"] > 0] if group == "builders" else panel
        result = geo.policy_correlations(subset, pairs=[(x, y)]).iloc[0].to_dict()
        both = subset[[x, y]].dropna()
        result.update(
            key=f"{x}~{y}~{group}",
            group=group,
            zeros_x=int((both[x] == 0).sum()),
            zeros_y=int((both[y] == 0).sum()),
        )
        rows.append(result)
    return pd.DataFrame(rows)


def _policy_claims(ctx: Any) -> list[Claim]:
    if not (ctx.has("gta") and ctx.has("pub_share")):
        return []
    from aigrowth.controls import classify

    panel = ctx.once("policy_panel", lambda: policy_panel(ctx.ds))
    corr = ctx.once("policy_correlations", lambda: policy_correlations(ctx.ds))
    ctx.tables["policy_panel"] = panel
    ctx.tables["policy_correlations"] = corr
    out = []
    for row in corr.itertuples():
        claim_id = "rho-" + row.key.replace("~", "-").replace("_", "-")
        out.append(
            make_claim(
                claim_id,
                "interval_vs_value",
                Evidence(
                    estimate=row.rho,
                    low=row.low,
                    high=row.high,
                    level=row.level,
                    n=int(row.n),
                    reference=0.0,
                    p=row.p,
                    interval=f"percentile bootstrap over countries, {row.n_boot} resamples",
                ),
                ZERO,
            )
        )
    builders = panel[panel["models"] > 0]
    k, n = int((builders["targeted_cum"] > 0).sum()), len(builders)
    built = "countries that built a model in {start}–{end}"
    out.append(
        make_claim(
            "builders-targeted",
            "all_of",
            Evidence(counts=(k, n), n=n),
            {"all": "every one", "none": "none", "some": "only some"},
            {
                "all": "{word} of the {n} " + built + " was",
                "none": "{word} of the {n} " + built + " was",
                "some": "{k} of the {n} " + built + ", {word} of them, were",
            },
            k=str(k),
            n=str(n),
            start=str(POLICY_START),
            end=str(POLICY_END),
        )
    )
    table = classify(ctx.ds.gta)
    out.append(
        make_claim(
            "export-controls-counted",
            "share_vs_half",
            share_evidence(
                int(table["counted"].sum()),
                len(table),
                source=("export_controls_restrictive_total", "export_controls_entries"),
            ),
            MOST,
        )
    )
    return out


def _cost_claims(ctx: Any) -> list[Claim]:
    m = ctx.models
    top = (
        m[pd.to_numeric(m["cost_usd_2023"], errors="coerce") > 0]
        .sort_values(["cost_usd_2023", "model"], ascending=[False, True], kind="mergesort")
        .head(MOST_EXPENSIVE_N)
    )
    k = int(top["frontier_top10"].astype("boolean").fillna(False).sum())
    return [
        make_claim(
            "most-expensive-frontier",
            "all_of",
            Evidence(counts=(k, len(top))),
            {"all": "Every", "none": "None", "some": "Some"},
            {
                "all": "{word} run in the table is a frontier model",
                "none": "{word} of the runs in the table is a frontier model",
                "some": "{word} of the runs in the table, {k} of {n}, are frontier models",
            },
            k=str(k),
            n=str(len(top)),
        )
    ]


#: The cost chapter's table of the most expensive runs.
MOST_EXPENSIVE_N = 10


def _methods_claims(ctx: Any) -> list[Claim]:
    m = ctx.models
    out = [
        make_claim(
            "cost-coverage",
            "share_vs_half",
            share_evidence(
                int((pd.to_numeric(m["cost_usd_2023"], errors="coerce") > 0).sum()),
                len(m),
                source=("models_with_cost", "models_total"),
            ),
            MOST,
        ),
        make_claim(
            "compute-coverage",
            "share_vs_half",
            share_evidence(
                int((pd.to_numeric(m["compute_flop"], errors="coerce") > 0).sum()),
                len(m),
                source=("models_with_compute", "models_total"),
            ),
            MOST,
        ),
    ]
    out.append(
        make_claim(
            "fine-tune-share",
            "share_vs_half",
            share_evidence(int(ctx.fine_tunes().sum()), len(m), source=("models_fine_tunes", "models_total")),
            MOST,
        )
    )
    return out


@dataclass(frozen=True)
class Group:
    """A group of claims with the tables of the dataset and the columns of its models it
    needs."""

    name: str
    compute: Callable[[Any], list[Claim]]
    tables: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    def runs_on(self, ctx: Any) -> bool:
        return all(ctx.has(t) for t in self.tables) and set(self.columns) <= set(ctx.models.columns)


GROUPS: tuple[Group, ...] = (
    Group("breaks", _break_claims),
    Group("rates", _rate_claims),
    Group("literature", _literature_claims),
    Group("domains", _domain_claims, columns=("domain_group", "compute_estimation_method")),
    Group("temporal", _temporal_claims, columns=("organization_type", "open_weights")),
    Group(
        "geography",
        _geography_claims,
        tables=("model_countries", "pub_share", "gta"),
        columns=("primary_country",),
    ),
    Group("costs", _cost_claims),
    Group("methods", _methods_claims),
)
"""Every group of claims. numbers.json lists the claims by id."""


def compute_claims(ctx: Any) -> list[Claim]:
    """Every claim the data allow (see the module's docstring)."""
    out: list[Claim] = []
    for group in GROUPS:
        if group.runs_on(ctx):
            out.extend(group.compute(ctx))
    return out
