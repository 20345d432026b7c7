"""Compute and parameters across domains (report/domains.qmd).

The chapter wires `aigrowth.regression` (log10 compute on log10 parameters, interacted with the
domain group, HC3 errors) to the builders: the scatter with one fitted line per domain, the
table of slopes, the robustness fits (without operation-counted compute; with the publication
year as a control) and the words that depend on the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from great_tables import GT

from .. import fmt
from ..constants import LEVEL
from ..constants import MIN_ROWS_PER_DOMAIN as MIN_ROWS_PER_DOMAIN  # the prose states it
from ..figures.domains import compute_vs_parameters_data, compute_vs_parameters_figure
from ..regression import (
    DROPPED,
    OTHER,
    ComputeParametersAnalysis,
    compute_vs_parameters,
)
from ..regression import year_controlled as regression_year_controlled
from ..tables import domain_slopes_table, style_table
from .common import claims, credit, dataset
from .facts import Facts


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
        return cls(
            str(row["domain_group"]),
            float(row["slope"]),
            float(row["low"]),
            float(row["high"]),
            int(row["n"]),
        )


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
    return fmt.markdown(
        "F({}, {}) = {}, {}",
        fmt.fmt_count(t.df_num),
        fmt.fmt_count(t.df_den),
        fmt.fmt_number(t.f),
        fmt.fmt_p(t.p, prefix=True),
    )


def multiplier(slope: float, factor: float = 10.0) -> float:
    """How many times more compute goes with `factor` times more parameters at this slope."""
    return float(factor**slope)


def residual_sd() -> float:
    return float(analysis().main.diagnostics.residual_summary["std"])


def pooled_text() -> fmt.Markdown:
    """The groups pooled into Other with their counts: "Robotics (10) and Video (7)"."""
    collapsed = {k: v for k, v in analysis().main.collapsed.items() if k != DROPPED}
    parts = [
        fmt.markdown("{} ({})", k, fmt.fmt_count(v))
        for k, v in sorted(collapsed.items(), key=lambda kv: -kv[1])
    ]
    if not parts:
        return fmt.Markdown("none")
    return fmt.fmt_series(parts)


# -- Robustness: publication year as a control -----------------------------------------------


@lru_cache(maxsize=1)
def year_controlled() -> pd.DataFrame:
    """Slopes per domain with the publication year as a control (see
    `aigrowth.regression.year_controlled`)."""
    return regression_year_controlled(dataset().models, analysis().main)


@dataclass(frozen=True)
class YearChangeFacts(Facts):
    """The domain whose slope moves most when the year is controlled, and by how much."""

    domain_group: str
    by: float


def year_change() -> YearChangeFacts:
    main, ctrl = slopes().set_index("domain_group"), year_controlled().set_index("domain_group")
    diff = (ctrl["slope"] - main["slope"]).abs()
    return YearChangeFacts(str(diff.idxmax()), float(diff.max()))


def highlights() -> list[fmt.Markdown]:
    """The chapter's "in short" sentences, each built from claims."""
    c = claims()
    ref = slope_of(reference())
    return [
        fmt.markdown(
            "Among {} language models, ten times the parameters went with {} the compute: compute grew {} "
            "with size (slope {}, {} interval {}–{}).",
            fmt.fmt_count(ref.n),
            fmt.fmt_growth(multiplier(ref.slope)),
            c.language_slope_vs_one.md(),
            fmt.fmt_number(ref.slope, 3),
            fmt.fmt_pct(100 * LEVEL),
            fmt.fmt_number(ref.low, 3),
            fmt.fmt_number(ref.high, 3),
        ),
        fmt.markdown(
            "The slopes of the domains {} ({}), and without compute figures estimated from the parameters "
            "they {} ({}).",
            c.domain_slopes_differ.md(),
            f_test_text(),
            c.domain_slopes_differ_robust.md(),
            f_test_text("robust"),
        ),
        fmt.markdown(
            "With the publication year as a control, a model of a given size published a year later used "
            "{} compute ({} a year), and the language slope is {} instead of {}.",
            c.year_control.md(),
            fmt.fmt_growth(10 ** year_controlled().attrs["year_coef"]),
            fmt.fmt_number(slope_of(reference(), year_controlled()).slope, 3),
            fmt.fmt_number(ref.slope, 3),
        ),
    ]


# -- Tables ------------------------------------------------------------------------------------


def slopes_table() -> GT:
    main = analysis().main
    note = (
        f"{credit('epoch')}. Ordinary least squares of log10 compute on log10 parameters "
        f"interacted with domain, HC3 robust standard errors; {fmt.fmt_count(main.n)} models. "
        f"Pooled into Other: {pooled_text()}."
    )
    return domain_slopes_table(main.slopes, level=main.level, table_id="tbl-domains-slopes", source_note=note)


def robustness_frame() -> pd.DataFrame:
    """The slope of each domain in the three fits, side by side."""
    a = analysis()
    rows = []
    for label, table in (
        ("Main fit", a.main.slopes),
        ("Without operation-counted compute", a.without_operation_counting.slopes),
        ("With publication year as a control", year_controlled()),
    ):
        for r in table.itertuples():
            rows.append(
                {
                    "fit": label,
                    "domain_group": r.domain_group,
                    "n": r.n,
                    "slope": r.slope,
                    "low": r.low,
                    "high": r.high,
                }
            )
    return pd.DataFrame(rows)


def robustness_table() -> GT:
    frame = robustness_frame()
    order = list(slopes().sort_values("slope", ascending=False)["domain_group"])
    fits = list(dict.fromkeys(frame["fit"]))
    shown = pd.DataFrame({"Domain": order})
    for fit in fits:
        part = frame[frame["fit"] == fit].set_index("domain_group")
        shown[fit] = [
            (
                f"{fmt.fmt_number(part.loc[g, 'slope'], 3)} ({fmt.fmt_number(part.loc[g, 'low'], 3)}"
                f"{fmt.EN_DASH}{fmt.fmt_number(part.loc[g, 'high'], 3)}), n = {fmt.fmt_count(part.loc[g, 'n'])}"
            )
            if g in part.index
            else fmt.MISSING
            for g in order
        ]
    gt = GT(shown, id="tbl-domains-robustness").cols_align(align="right", columns=fits)
    note = (
        f"{credit('epoch')}. Slope with its {fmt.fmt_pct(LEVEL, fraction=True)} confidence interval "
        "(HC3) and the models behind it; – where a domain has too few models in that fit "
        "(they are then pooled into Other or left out)."
    )
    return style_table(gt, source_note=note)
