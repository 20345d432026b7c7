"""Compute and parameters across domains (report/domains.qmd).

The chapter wires `aigrowth.regression` (log10 compute on log10 parameters, interacted with the
domain group, HC3 errors) to the builders: the scatter with one fitted line per domain, the
table of slopes, the robustness fits (without operation-counted compute; with the publication
year as a control) and the words that depend on the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import statsmodels.formula.api as smf
from great_tables import GT

from .. import fmt
from ..constants import LEVEL, MIN_ROWS_PER_DOMAIN
from ..figures.domains import compute_vs_parameters_data, compute_vs_parameters_figure
from ..regression import (
    DROPPED,
    OTHER,
    ComputeParametersAnalysis,
    _slopes,
    compute_vs_parameters,
    regression_frame,
)
from ..tables import domain_slopes_table, style_table
from .common import credit, dataset
from .facts import Facts

#: Significance level at which the chapter calls slopes "different".
ALPHA = 0.05


@lru_cache(maxsize=1)
def analysis() -> ComputeParametersAnalysis:
    """The main interacted fit and the fit without operation-counted compute."""
    return compute_vs_parameters(dataset().models)


def slopes() -> pd.DataFrame:
    return analysis().main.slopes


@dataclass(frozen=True)
class SlopeFacts(Facts):
    """One domain group's slope of log compute on log parameters, with its interval and n."""

    domain_group: str
    slope: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, row: pd.Series) -> SlopeFacts:
        return cls(str(row["domain_group"]), float(row["slope"]), float(row["low"]), float(row["high"]),
                   int(row["n"]))


def slope_of(group: str, fit: pd.DataFrame | None = None) -> SlopeFacts:
    table = slopes() if fit is None else fit
    rows = table[table["domain_group"] == group]
    if rows.empty:
        raise KeyError(f"no slope for domain group {group!r}")
    return SlopeFacts.of(rows.iloc[0])


def steepest() -> SlopeFacts:
    """The domain group whose compute rises fastest with its parameters."""
    return SlopeFacts.of(slopes().sort_values("slope").iloc[-1])


def flattest() -> SlopeFacts:
    """The domain group whose compute rises slowest with its parameters."""
    return SlopeFacts.of(slopes().sort_values("slope").iloc[0])


def reference() -> str:
    return analysis().main.reference


# -- Figures -----------------------------------------------------------------------------------


def scatter() -> tuple[go.Figure, pd.DataFrame]:
    """Compute against parameters, one colour per domain group as the regression groups them
    (sparse groups pooled into Other), with each group's fitted line."""
    main = analysis().main
    data = compute_vs_parameters_data(dataset().models)
    pooled = set(main.collapsed) - {DROPPED}
    data["domain_group"] = data["domain_group"].where(~data["domain_group"].isin(pooled), OTHER)
    data = data[data["domain_group"].isin(set(main.slopes["domain_group"]))].reset_index(drop=True)
    fig = compute_vs_parameters_figure(data, main.slopes, slug="domains-compute-vs-parameters")
    return fig, data


# -- Numbers and words -------------------------------------------------------------------------


def f_test_text(which: str = "main") -> fmt.Markdown:
    """The Wald F-test of equal slopes as "F(7, 1,222) = 11, p < 0.001"."""
    fit = analysis().main if which == "main" else analysis().without_operation_counting
    t = fit.interaction_test
    return fmt.markdown("F({}, {}) = {}, {}", fmt.fmt_count(t.df_num), fmt.fmt_count(t.df_den),
                        fmt.fmt_number(t.f), fmt.fmt_p(t.p, prefix=True))


def differ_words(p: float, alpha: float = ALPHA) -> fmt.Markdown:
    """"differ" when the test rejects equal slopes at `alpha`, else "may not differ"."""
    return fmt.Markdown("differ" if p < alpha else "may not differ")


def survives_words(main_p: float, robust_p: float, alpha: float = ALPHA) -> fmt.Markdown:
    """Whether the conclusion of the main fit survives the robustness fit."""
    if (main_p < alpha) == (robust_p < alpha):
        return fmt.Markdown("survives")
    return fmt.Markdown("does not survive")


def multiplier(slope: float, factor: float = 10.0) -> float:
    """How many times more compute goes with `factor` times more parameters at this slope."""
    return float(factor ** slope)


def proportional_words(slope: float, low: float, high: float) -> fmt.Markdown:
    """Compute rises "more than in proportion", "less than in proportion" or "in proportion"
    with parameters (slope above, below, or an interval containing one)."""
    if low > 1:
        return fmt.Markdown("more than in proportion")
    if high < 1:
        return fmt.Markdown("less than in proportion")
    return fmt.Markdown("roughly in proportion")


def residual_sd() -> float:
    return float(analysis().main.diagnostics.residual_summary["std"])


def heteroskedastic_words(p: float, alpha: float = ALPHA) -> fmt.Markdown:
    return fmt.Markdown("changes" if p < alpha else "does not clearly change")


def normal_words(p: float, alpha: float = ALPHA) -> fmt.Markdown:
    return fmt.Markdown("are not" if p < alpha else "may be")


def pooled_text() -> fmt.Markdown:
    """The groups pooled into Other with their counts: "Robotics (10) and Video (7)"."""
    collapsed = {k: v for k, v in analysis().main.collapsed.items() if k != DROPPED}
    parts = [fmt.markdown("{} ({})", k, fmt.fmt_count(v)) for k, v in sorted(collapsed.items(), key=lambda kv: -kv[1])]
    if not parts:
        return fmt.Markdown("none")
    return fmt.fmt_series(parts)


# -- Robustness: publication year as a control -----------------------------------------------


@lru_cache(maxsize=1)
def year_controlled() -> pd.DataFrame:
    """Slopes per domain when the publication year enters the model as a control (same rows,
    reference and HC3 errors as the main fit): does time, which raises both compute and
    parameters, explain part of the slope?"""
    main = analysis().main
    models = dataset().models
    data, _ = regression_frame(models, MIN_ROWS_PER_DOMAIN)
    data = data.assign(year=models.loc[data.index, "decimal_year"].to_numpy(dtype=float))
    data = data[np.isfinite(data["year"])]
    term = f"C(domain, Treatment(reference={main.reference!r}))"
    result = smf.ols(f"log_compute ~ log_params * {term} + year", data=data).fit(cov_type="HC3")
    groups = list(main.slopes["domain_group"])
    out = _slopes(result, groups, main.reference, term, LEVEL)
    out.insert(1, "n", [int((data["domain"] == g).sum()) for g in groups])
    out.attrs["year_coef"] = float(result.params["year"])
    out.attrs["n"] = int(result.nobs)
    return out


@dataclass(frozen=True)
class YearChangeFacts(Facts):
    """The domain whose slope moves most when the year is controlled, and by how much."""

    domain_group: str
    by: float


def year_change() -> YearChangeFacts:
    main, ctrl = slopes().set_index("domain_group"), year_controlled().set_index("domain_group")
    diff = (ctrl["slope"] - main["slope"]).abs()
    return YearChangeFacts(str(diff.idxmax()), float(diff.max()))


def year_words(threshold: float = 0.1) -> fmt.Markdown:
    """"change" when some domain's slope moves by more than `threshold` with the year
    controlled, else "barely change"."""
    return fmt.Markdown("change" if year_change().by > threshold else "barely change")


def fell_or_rose(before: float, after: float) -> fmt.Markdown:
    return fmt.Markdown("falls" if after < before else ("rises" if after > before else "stays"))


# -- Tables ------------------------------------------------------------------------------------


def slopes_table() -> GT:
    main = analysis().main
    note = (f"{credit('epoch')}. Ordinary least squares of log10 compute on log10 parameters "
            f"interacted with domain, HC3 robust standard errors; {fmt.fmt_count(main.n)} models. "
            f"Pooled into Other: {pooled_text()}.")
    return domain_slopes_table(main.slopes, level=main.level, table_id="tbl-domains-slopes", source_note=note)


def robustness_frame() -> pd.DataFrame:
    """The slope of each domain in the three fits, side by side."""
    a = analysis()
    rows = []
    for label, table in (("Main fit", a.main.slopes),
                         ("Without operation-counted compute", a.without_operation_counting.slopes),
                         ("With publication year as a control", year_controlled())):
        for r in table.itertuples():
            rows.append({"fit": label, "domain_group": r.domain_group, "n": r.n, "slope": r.slope,
                         "low": r.low, "high": r.high})
    return pd.DataFrame(rows)


def robustness_table() -> GT:
    frame = robustness_frame()
    order = list(slopes().sort_values("slope", ascending=False)["domain_group"])
    fits = list(dict.fromkeys(frame["fit"]))
    shown = pd.DataFrame({"Domain": order})
    for fit in fits:
        part = frame[frame["fit"] == fit].set_index("domain_group")
        shown[fit] = [
            (f"{fmt.fmt_number(part.loc[g, 'slope'], 3)} ({fmt.fmt_number(part.loc[g, 'low'], 3)}"
             f"{fmt.EN_DASH}{fmt.fmt_number(part.loc[g, 'high'], 3)}), n = {fmt.fmt_count(part.loc[g, 'n'])}")
            if g in part.index else fmt.MISSING
            for g in order
        ]
    gt = GT(shown, id="tbl-domains-robustness").cols_align(align="right", columns=fits)
    note = (f"{credit('epoch')}. Slope with its {fmt.fmt_pct(LEVEL, fraction=True)} confidence interval "
            "(HC3) and the models behind it; – where a domain has too few models in that fit "
            "(they are then pooled into Other or left out).")
    return style_table(gt, source_note=note)
