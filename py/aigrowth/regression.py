"""Compute against parameters, by domain: one interacted regression, wrapped once.

    log10(compute) ~ log10(parameters) * C(domain_group)

fitted by OLS with HC3 heteroskedasticity-robust errors (statsmodels formula). The question it
answers: does training compute grow with model size at the same rate in every domain? The slope
of each domain is the base slope plus that domain's interaction, and its interval comes from
the linear combination's own robust variance (not from the raw interaction coefficient, which
is a difference from the reference domain). A Wald F-test asks whether the slopes differ at all.

Domain groups with fewer than `MIN_ROWS_PER_DOMAIN` usable rows are pooled into "Other" and the
pooling is reported. A robustness fit drops rows whose compute was itself estimated from the
parameter count ("Operation counting", roughly 6 × parameters × tokens), since those build the
relation being measured into the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from statsmodels.stats.diagnostic import het_breuschpagan
from statsmodels.stats.stattools import jarque_bera

from aigrowth.constants import LEVEL, MIN_ROWS_PER_DOMAIN

OTHER = "Other"
DROPPED = "(dropped: pooled group still too small)"
OPERATION_COUNTING = "Operation counting"


@dataclass(frozen=True)
class InteractionTest:
    """Wald F-test that every domain's slope equals the reference domain's."""

    f: float
    p: float
    df_num: int
    df_den: int
    cov_type: str


@dataclass(frozen=True)
class Diagnostics:
    """Residual checks: Breusch–Pagan (heteroskedasticity) and Jarque–Bera (normality), with a
    summary of the residuals in log10 units."""

    breusch_pagan_lm: float
    breusch_pagan_p: float
    jarque_bera: float
    jarque_bera_p: float
    skew: float
    kurtosis: float
    residual_summary: pd.Series


@dataclass(frozen=True)
class DomainRegression:
    """One fit of the interacted model.

    `slopes` has one row per domain group: `domain_group`, `n`, `slope`, `se`, `low`, `high`,
    `intercept` (so each group's line can be drawn). `collapsed` maps each pooled group to its
    row count (and `DROPPED`: rows left out). `excluded` says which rows were left out before fitting (empty for the main fit).
    """

    formula: str
    reference: str
    n: int
    r2: float
    cov_type: str
    level: float
    slopes: pd.DataFrame
    interaction_test: InteractionTest
    diagnostics: Diagnostics
    n_per_group: pd.Series
    collapsed: dict[str, int]
    excluded: str


@dataclass(frozen=True)
class ComputeParametersAnalysis:
    """The main fit and the robustness fit without operation-counted compute."""

    main: DomainRegression
    without_operation_counting: DomainRegression
    n_operation_counting: int


def regression_frame(
    df: pd.DataFrame, min_rows: int = MIN_ROWS_PER_DOMAIN
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Rows with positive compute and parameters and a domain group, as `log_compute`,
    `log_params`, `domain`; groups under `min_rows` pooled into "Other". If "Other" is itself
    under `min_rows`, its rows are left out and counted under the key `DROPPED`.

    Returns the frame and {pooled group: rows}.
    """
    for column in ("compute_flop", "parameters", "domain_group"):
        if column not in df.columns:
            raise KeyError(f"the regression needs column {column!r}")
    compute = pd.to_numeric(df["compute_flop"], errors="coerce")
    params = pd.to_numeric(df["parameters"], errors="coerce")
    usable = (compute > 0) & (params > 0) & df["domain_group"].notna()
    rows = df.loc[usable.fillna(False).astype(bool)]
    out = pd.DataFrame(
        {
            "log_compute": np.log10(compute[rows.index].to_numpy(dtype=float)),
            "log_params": np.log10(params[rows.index].to_numpy(dtype=float)),
            "domain": rows["domain_group"].astype(str).to_numpy(),
        },
        index=rows.index,
    )
    counts = out["domain"].value_counts()
    small = counts[(counts < min_rows) & (counts.index != OTHER)]
    collapsed = {str(k): int(v) for k, v in small.items()}
    out.loc[out["domain"].isin(list(collapsed)), "domain"] = OTHER
    # A pooled "Other" that is still too small would get a slope with no usable HC3 error
    # (leverage near 1): leave its rows out and report them under "(dropped)".
    n_other = int((out["domain"] == OTHER).sum())
    if 0 < n_other < min_rows:
        collapsed[DROPPED] = n_other
        out = out.loc[out["domain"] != OTHER]
    return out, collapsed


def _slopes(result, groups: list[str], reference: str, term: str, level: float) -> pd.DataFrame:
    names = list(result.params.index)
    rows = []
    for group in groups:
        slope_vec = np.zeros(len(names))
        slope_vec[names.index("log_params")] = 1.0
        icpt_vec = np.zeros(len(names))
        icpt_vec[names.index("Intercept")] = 1.0
        if group != reference:
            slope_vec[names.index(f"log_params:{term}[T.{group}]")] = 1.0
            icpt_vec[names.index(f"{term}[T.{group}]")] = 1.0
        test = result.t_test(slope_vec)
        low, high = np.asarray(test.conf_int(alpha=1 - level)).ravel()
        rows.append(
            {
                "domain_group": group,
                "slope": float(np.asarray(test.effect).ravel()[0]),
                "se": float(np.asarray(test.sd).ravel()[0]),
                "low": float(low),
                "high": float(high),
                "intercept": float(icpt_vec @ result.params.to_numpy()),
            }
        )
    return pd.DataFrame(rows)


def fit_domain_regression(
    df: pd.DataFrame,
    min_rows: int = MIN_ROWS_PER_DOMAIN,
    level: float = LEVEL,
    reference: str | None = None,
    excluded: str = "",
) -> DomainRegression:
    """Fit log10(compute) ~ log10(params) × domain with HC3 errors on the rows of `df`.

    The reference domain is the largest group unless given. Raises ValueError when fewer than
    two domain groups remain (there would be no interaction to test).
    """
    data, collapsed = regression_frame(df, min_rows)
    counts = data["domain"].value_counts()
    if len(counts) < 2:
        raise ValueError(f"the domain regression needs at least two domain groups, got {list(counts.index)}")
    reference = reference or str(counts.index[0])
    if reference not in counts.index:
        raise ValueError(f"reference domain {reference!r} has no rows; have {list(counts.index)}")
    term = f"C(domain, Treatment(reference={reference!r}))"
    formula = f"log_compute ~ log_params * {term}"
    result = smf.ols(formula, data=data).fit(cov_type="HC3")
    groups = [reference] + sorted(g for g in counts.index if g != reference)
    slopes = _slopes(result, groups, reference, term, level)
    slopes.insert(1, "n", [int(counts[g]) for g in groups])

    names = list(result.params.index)
    inter = [i for i, nm in enumerate(names) if nm.startswith("log_params:")]
    restriction = np.zeros((len(inter), len(names)))
    restriction[np.arange(len(inter)), inter] = 1.0
    wald = result.wald_test(restriction, use_f=True, scalar=True)
    test = InteractionTest(
        f=float(np.asarray(wald.statistic).ravel()[0]),
        p=float(wald.pvalue),
        df_num=int(wald.df_num),
        df_den=int(wald.df_denom),
        cov_type="HC3",
    )
    resid = result.resid
    bp_lm, bp_p, _, _ = het_breuschpagan(resid, result.model.exog)
    jb, jb_p, skew, kurt = jarque_bera(resid)
    summary = resid.describe()
    summary["share_beyond_2sd"] = float((np.abs(resid) > 2 * resid.std()).mean())
    diagnostics = Diagnostics(
        float(bp_lm), float(bp_p), float(jb), float(jb_p), float(skew), float(kurt), summary
    )
    return DomainRegression(
        formula=formula,
        reference=reference,
        n=int(result.nobs),
        r2=float(result.rsquared),
        cov_type="HC3",
        level=level,
        slopes=slopes,
        interaction_test=test,
        diagnostics=diagnostics,
        n_per_group=counts.rename("n"),
        collapsed=collapsed,
        excluded=excluded,
    )


def operation_counting_mask(df: pd.DataFrame) -> pd.Series:
    """True where the compute estimate used operation counting (from parameters and data)."""
    if "compute_estimation_method" not in df.columns:
        raise KeyError("the robustness fit needs column 'compute_estimation_method'")
    method = df["compute_estimation_method"].astype("string")
    return method.str.contains(OPERATION_COUNTING, case=False, regex=False).fillna(False).astype(bool)


def compute_vs_parameters(
    df: pd.DataFrame, min_rows: int = MIN_ROWS_PER_DOMAIN, level: float = LEVEL
) -> ComputeParametersAnalysis:
    """The main interacted fit and the same fit without operation-counted compute values.

    Both fits use the main fit's reference domain when it survives in the robustness data.
    """
    main = fit_domain_regression(df, min_rows, level)
    counted = operation_counting_mask(df)
    rest = df.loc[~counted]
    rest_data, _ = regression_frame(rest, min_rows)
    reference = main.reference if main.reference in set(rest_data["domain"]) else None
    robust = fit_domain_regression(
        rest,
        min_rows,
        level,
        reference=reference,
        excluded=f"compute estimated by '{OPERATION_COUNTING}'",
    )
    usable = regression_frame(df.loc[counted], min_rows=0)[0]
    return ComputeParametersAnalysis(main, robust, int(len(usable)))


def year_controlled(df: pd.DataFrame, main: DomainRegression, level: float = LEVEL) -> pd.DataFrame:
    """Slopes per domain when the publication year enters the model as a control (same rows,
    reference and HC3 errors as `main`): does time, which raises both compute and parameters,
    explain part of the slope?

    One row per domain group as in `main.slopes`; `attrs` holds the year's coefficient (log10
    compute per year at a fixed size) with its interval (`year_coef`, `year_low`, `year_high`)
    and the rows used (`n`).
    """
    data, _ = regression_frame(df, MIN_ROWS_PER_DOMAIN)
    data = data.assign(
        year=pd.to_numeric(df.loc[data.index, "decimal_year"], errors="coerce").to_numpy(dtype=float)
    )
    data = data[np.isfinite(data["year"])]
    term = f"C(domain, Treatment(reference={main.reference!r}))"
    result = smf.ols(f"log_compute ~ log_params * {term} + year", data=data).fit(cov_type="HC3")
    groups = list(main.slopes["domain_group"])
    out = _slopes(result, groups, main.reference, term, level)
    out.insert(1, "n", [int((data["domain"] == g).sum()) for g in groups])
    low, high = np.asarray(result.conf_int(alpha=1 - level).loc["year"]).ravel()
    out.attrs.update(
        year_coef=float(result.params["year"]), year_low=float(low), year_high=float(high), n=int(result.nobs)
    )
    return out
