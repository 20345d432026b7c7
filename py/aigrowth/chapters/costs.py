"""Cost, scale and efficiency (report/costs.qmd): frontier models against the rest, the most
expensive training runs, compute per dollar and per joule, the cost/compute pairs that do not
add up, and how the metrics move together.

Every function picks a subset and hands it to a builder in `aigrowth.figures.efficiency` or
`aigrowth.tables`; the statistics come from `aigrowth.efficiency` and the trends drawn are the
ones `aigrowth.numbers` states, so a chart and the sentence beside it always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from great_tables import GT

from .. import fmt
from ..efficiency import above_hardware_peak, flag_implausible_cost, metric_correlations
from ..figures.efficiency import (
    FRONTIER,
    OTHERS,
    efficiency_data,
    efficiency_figure,
    frontier_vs_rest_data,
    frontier_vs_rest_figure,
)
from ..tables import most_expensive_runs, most_expensive_table, style_table
from ..trends import TrendFit
from ..variables import variable
from .common import claims, credit, data_end, dataset, export_csv, numbers, results, table, trends
from .facts import Facts

FRONTIER_RULE = "frontier_top10"
"""The chapter's frontier: the top ten models by training compute at their release (Epoch's own
flag stops in July 2025, so it cannot speak for the latest models)."""

COST_BASIS = (
    "Costs: Epoch AI's estimate for the final training run only, amortised hardware "
    "and energy, in constant 2023 US dollars (Cottier et al. 2024)"
)


def flop_per_dollar_fit() -> TrendFit:
    """The FLOP-per-dollar trend `numbers` states as flop_per_dollar_growth_per_year_dl_plausible
    (without the flagged cost/compute pairs)."""
    fit = trends().flop_per_dollar_dl_plausible
    # The trend's name on hover and in the trace list says which runs it rests on.
    return replace(fit, label=f"{fmt.fmt_year(fit.start)}–{fmt.fmt_year(fit.end)}, without flagged runs")


def flop_per_joule_fit() -> TrendFit:
    """The FLOP-per-joule trend `numbers` states as flop_per_joule_growth_per_year_dl_plausible
    (without the runs above the best chip's peak)."""
    fit = trends().flop_per_joule_dl_plausible
    return replace(
        fit, label=f"{fmt.fmt_year(fit.start)}–{fmt.fmt_year(fit.end)}, without runs above the chips' peak"
    )


ABOVE_PEAK = "Flagged: above the best chip's peak"
"""Trace of the runs whose FLOP per joule no accelerator of their time could deliver."""


def _organisations(value: Any) -> Any:
    """ "Google,Google Research,Google Brain" -> "Google, Google Research, Google Brain" (each
    organisation once)."""
    if not isinstance(value, str):
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    return ", ".join(dict.fromkeys(parts))


# -- Frontier against the rest ---------------------------------------------------------------


def _frontier_figure(metric: str, quantity: str, slug: str) -> tuple[go.Figure, pd.DataFrame]:
    data = frontier_vs_rest_data(dataset().models, metric, FRONTIER_RULE)
    drawn = {
        FRONTIER: getattr(trends(), f"{quantity}_frontier"),
        OTHERS: getattr(trends(), f"{quantity}_non_frontier"),
    }
    fig = frontier_vs_rest_figure(data, metric, drawn, slug=slug, data_end=data_end())
    return fig, data


def frontier_compute() -> tuple[go.Figure, pd.DataFrame]:
    """Training compute since 2010: frontier models (top ten at release) against the rest,
    each with its trend."""
    return _frontier_figure("compute_flop", "compute", "costs-frontier-compute")


def frontier_cost() -> tuple[go.Figure, pd.DataFrame]:
    """Training cost since 2010: frontier models against the rest, each with its trend."""
    return _frontier_figure("cost_usd_2023", "cost", "costs-frontier-cost")


def compute_per_cost_growth() -> float:
    """Frontier compute growth over frontier cost growth: how much more compute each dollar
    of a frontier run bought per year, implied by the two trends."""
    n = numbers()
    return n.compute_growth_per_year_frontier.value / n.cost_growth_per_year_frontier.value


@dataclass(frozen=True)
class RestFacts(Facts):
    """What the "other models" are made of in the first and last period: the share that is
    notable and the share that is fine-tunes, among those with a compute estimate."""

    first_period: str
    last_period: str
    first_n: int
    last_n: int
    first_notable: str
    last_notable: str
    first_fine_tunes: str
    last_fine_tunes: str


def rest_facts() -> RestFacts:
    t = table("rest_composition")
    first, last = t.iloc[0], t.iloc[-1]
    return RestFacts(
        str(first["period"]),
        str(last["period"]),
        int(first["n"]),
        int(last["n"]),
        fmt.fmt_pct(first["share_notable"], fraction=True),
        fmt.fmt_pct(last["share_notable"], fraction=True),
        fmt.fmt_pct(first["share_fine_tunes"], fraction=True),
        fmt.fmt_pct(last["share_fine_tunes"], fraction=True),
    )


# -- The most expensive runs -----------------------------------------------------------------


def most_expensive_data(n: int = 10) -> pd.DataFrame:
    """The `n` most expensive training runs in the data (written for download)."""
    data = most_expensive_runs(dataset().models, n)
    export_csv(data, "costs-most-expensive")
    return data


def most_expensive(n: int = 10) -> GT:
    """The table of the `n` most expensive training runs, with the cost basis in its note."""
    return most_expensive_table(
        most_expensive_data(n),
        table_id="tbl-costs-most-expensive",
        source_note=f"{credit('epoch')}. {COST_BASIS}.",
    )


@dataclass(frozen=True)
class RunFacts(Facts):
    """One training run the prose names (names escaped)."""

    model: str
    organization: str
    year: int
    cost_usd_2023: float
    compute_flop: float


def most_expensive_top() -> RunFacts:
    """The single most expensive run: model, organisation, year, cost and compute."""
    row = most_expensive_runs(dataset().models, 1).iloc[0]
    return RunFacts(
        str(row["model"]),
        str(row["organization"]),
        int(row["year"]),
        float(row["cost_usd_2023"]),
        float(row["compute_flop"]),
    )


# -- Efficiency ------------------------------------------------------------------------------


def flop_per_dollar() -> tuple[go.Figure, pd.DataFrame]:
    """Compute per dollar of each training run since 2010, the flagged cost/compute pairs
    drawn apart, and the trend fitted without them."""
    data = efficiency_data(dataset().models, "flop_per_dollar")
    fig = efficiency_figure(
        data, "flop_per_dollar", flop_per_dollar_fit(), slug="costs-flop-per-dollar", data_end=data_end()
    )
    return fig, data


def flop_per_joule() -> tuple[go.Figure, pd.DataFrame]:
    """Compute per joule of each training run since 2010 (energy = power draw × training
    time), with its trend."""
    data = efficiency_data(dataset().models, "flop_per_joule")
    peak = _above_peak()
    keys = dataset().models.loc[peak.index, "model_key"].to_numpy()
    flags = pd.DataFrame(
        {
            "implausible": peak["above_peak"].to_numpy(dtype=bool),
            "flag_reason": peak["reason"].to_numpy(dtype=object),
        },
        index=keys,
    )
    flags = flags[~flags.index.duplicated()]
    data["implausible"] = data["model_key"].map(flags["implausible"]).fillna(False).astype(bool)
    data["flag_reason"] = data["model_key"].map(flags["flag_reason"]).fillna("")
    fig = efficiency_figure(
        data,
        "flop_per_joule",
        flop_per_joule_fit(),
        slug="costs-flop-per-joule",
        flagged_name=ABOVE_PEAK,
        data_end=data_end(),
    )
    return fig, data


@lru_cache(maxsize=1)
def _above_peak() -> pd.DataFrame:
    """The runs checked against the best chip's peak (computed once; shared, do not modify)."""
    return above_hardware_peak(dataset().models, dataset().hardware)


def above_peak_names(k: int = 3) -> fmt.Markdown:
    """The `k` runs furthest above the chips' peak, as "A, B and C"."""
    peak = _above_peak()
    rows = peak[peak["above_peak"]].assign(ratio=lambda d: d["flop_per_joule"] / d["hardware_peak"])
    return fmt.fmt_names(rows.sort_values("ratio", ascending=False, kind="mergesort")["model"].head(k))


@lru_cache(maxsize=1)
def flagged_data() -> pd.DataFrame:
    """The training runs whose cost and compute disagree (see `flag_implausible_cost`), with
    the figures they rest on, sorted by distance from their contemporaries (written for
    download once; the frame is shared, do not modify)."""
    models = dataset().models
    flags = flag_implausible_cost(models)
    rows = flags[flags["implausible"]]
    out = pd.DataFrame(
        {
            "model": rows["model"].to_numpy(),
            "organization": models.loc[rows.index, "organization"].map(_organisations).to_numpy(),
            "year": models.loc[rows.index, "year"].to_numpy(),
            "compute_flop": models.loc[rows.index, "compute_flop"].to_numpy(dtype=float),
            "cost_usd_2023": models.loc[rows.index, "cost_usd_2023"].to_numpy(dtype=float),
            "flop_per_dollar": rows["flop_per_dollar"].to_numpy(dtype=float),
            "window_median": rows["window_median"].to_numpy(dtype=float),
            "ooms_from_median": rows["ooms_from_median"].to_numpy(dtype=float),
            "reason": rows["reason"].to_numpy(),
        }
    )
    out = out.sort_values("ooms_from_median", key=abs, ascending=False, kind="mergesort")
    out = out.reset_index(drop=True)
    export_csv(out, "costs-flagged")
    return out


def flagged_names(k: int = 3) -> fmt.Markdown:
    """The `k` flagged runs furthest from their contemporaries, as "A, B and C"."""
    return fmt.fmt_names(flagged_data()["model"].head(k))


@dataclass(frozen=True)
class FlaggedFacts(Facts):
    """One flagged run: what was recorded and how far it sits from its contemporaries."""

    model: str
    compute_flop: float
    cost_usd_2023: float
    ooms_from_median: float


def flagged_row(model: str) -> FlaggedFacts:
    """One flagged run by name (for the prose)."""
    rows = flagged_data()
    match = rows[rows["model"] == model]
    if match.empty:
        raise KeyError(f"{model!r} is not among the flagged runs: {list(rows['model'])}")
    row = match.iloc[0]
    return FlaggedFacts(
        str(row["model"]),
        float(row["compute_flop"]),
        float(row["cost_usd_2023"]),
        float(row["ooms_from_median"]),
    )


def flagged_table() -> GT:
    """The flagged runs: what was recorded, and how far each sits from its contemporaries."""
    rows = flagged_data()

    def distance(d: float) -> str:
        return f"{fmt.fmt_number(abs(d))} {'above' if d > 0 else 'below'}"

    shown = pd.DataFrame(
        {
            "Model": rows["model"].astype(str),
            "Organisation": rows["organization"].astype(object).where(rows["organization"].notna(), None),
            "Year": [fmt.fmt_year(y) for y in rows["year"]],
            "Training compute (FLOP)": [fmt.fmt_scientific(c) for c in rows["compute_flop"]],
            "Training cost": [fmt.fmt_usd(c) for c in rows["cost_usd_2023"]],
            "FLOP per dollar": [fmt.fmt_scientific(v) for v in rows["flop_per_dollar"]],
            "Orders of magnitude from peers": [distance(d) for d in rows["ooms_from_median"]],
        }
    )
    gt = GT(shown, id="tbl-costs-flagged").cols_align(align="right", columns=shown.columns[2:].tolist())
    return style_table(
        gt,
        f"{credit('epoch')}. Contemporaries: models with compute and cost "
        "published within two years; flagged beyond one and a half orders of "
        "magnitude from their median.",
    )


EFFICIENCY_ROWS = (
    # (label, the variable measured, numbers key)
    (
        "Training runs, without flagged pairs and fine-tunes",
        "flop_per_dollar",
        "flop_per_dollar_growth_per_year_dl_plausible",
    ),
    ("Training runs, all", "flop_per_dollar", "flop_per_dollar_growth_per_year_dl"),
    ("ML accelerators at launch, FP32", "price_performance", "chip_price_performance_growth_per_year_fp32"),
    (
        "ML accelerators at launch, FP16/BF16 tensor",
        "price_performance",
        "chip_price_performance_growth_per_year_fp16_tensor",
    ),
    (
        "ML accelerators at launch, fastest format",
        "price_performance",
        "chip_price_performance_growth_per_year_fastest",
    ),
    (
        "Training runs, without runs above the chips' peak and fine-tunes",
        "flop_per_joule",
        "flop_per_joule_growth_per_year_dl_plausible",
    ),
    ("Training runs, all", "flop_per_joule", "flop_per_joule_growth_per_year_dl"),
    ("ML accelerators, FP32", "energy_efficiency", "chip_energy_efficiency_growth_per_year_fp32"),
    (
        "ML accelerators, FP16/BF16 tensor",
        "energy_efficiency",
        "chip_energy_efficiency_growth_per_year_fp16_tensor",
    ),
    (
        "ML accelerators, fastest format",
        "energy_efficiency",
        "chip_energy_efficiency_growth_per_year_fastest",
    ),
)


def efficiency_growth_frame() -> pd.DataFrame:
    """Growth per year of compute per dollar and per joule, for training runs and for the
    accelerators they run on, with intervals and the rows behind each (written for download)."""
    entries = results().entries
    rows = []
    for label, measured, key in EFFICIENCY_ROWS:
        e = entries[key]
        rows.append(
            {
                "what": label,
                "measure": variable(measured).unit,
                "growth_per_year": e["value"],
                "low": e["low"],
                "high": e["high"],
                "level": e["level"],
                "n": e["n"],
                "subset": e["subset"],
                "key": key,
            }
        )
    frame = pd.DataFrame(rows)
    export_csv(frame, "costs-efficiency-growth")
    return frame


def efficiency_growth_table() -> GT:
    frame = efficiency_growth_frame()
    level = fmt.fmt_pct(frame["level"].iloc[0], fraction=True)
    shown = pd.DataFrame(
        {
            "Items": frame["what"],
            "Measure (higher is better)": frame["measure"],
            f"Growth per year ({level} interval)": [
                fmt.fmt_entry(results().entries[k], "growth").replace(f" ({level} CI ", " (")
                for k in frame["key"]
            ],
            "Rows": [fmt.fmt_count(n) for n in frame["n"]],
        }
    )
    gt = GT(shown, id="tbl-costs-efficiency-growth").cols_align(
        align="right", columns=shown.columns[2:].tolist()
    )
    return style_table(
        gt,
        f"{credit('epoch')}; accelerators: Epoch AI, Data on Machine Learning "
        "Hardware. Trends since 2010: least squares on log values; intervals: "
        "bootstrap over rows. Accelerators: operations per second at the stated number "
        "format over the launch price (launch-year US dollars) or the rated power; training "
        "runs in 2023 US dollars.",
    )


# -- Correlations ----------------------------------------------------------------------------

CORRELATION_METRICS = ("compute_flop", "parameters", "cost_usd_2023", "power_w", "training_time_hours")


def correlation_periods() -> tuple[tuple[int, int], tuple[int, int]]:
    """Before and since 2020, the second to the last year with data."""
    last = int(pd.to_numeric(dataset().models["year"]).max())
    return ((2010, 2019), (2020, last))


def correlations_data() -> pd.DataFrame:
    """Spearman (and log-Pearson) correlations among the chapter's metrics per period, each
    with its n (written for download)."""
    data = metric_correlations(dataset().models, CORRELATION_METRICS, correlation_periods())
    export_csv(data, "costs-correlations")
    return data


@dataclass(frozen=True)
class CorrelationFacts(Facts):
    """One pair's rank correlation in one period, with the models behind it."""

    x: str
    y: str
    n: int
    spearman: float


def correlation(x: str, y: str, period: int = 1) -> CorrelationFacts:
    """One pair's row of `correlations_data` (period 0 = before 2020, 1 = since)."""
    data = correlations_data()
    label = "{}–{}".format(*correlation_periods()[period])
    row = data[
        (data["period"] == label)
        & (((data["x"] == x) & (data["y"] == y)) | ((data["x"] == y) & (data["y"] == x)))
    ]
    r = row.iloc[0]
    return CorrelationFacts(str(r["x"]), str(r["y"]), int(r["n"]), float(r["spearman"]))


def correlations_table() -> GT:
    data = correlations_data()
    periods = ["{}–{}".format(*p) for p in correlation_periods()]
    label = {m: variable(m).label for m in CORRELATION_METRICS}
    wide = []
    for (x, y), rows in data.groupby(["x", "y"], sort=False):
        row = {"Pair": f"{label[x]} and {label[y]}"}
        for i, period in enumerate(periods):
            r = rows[rows["period"] == period]
            rho = r["spearman"].iloc[0] if not r.empty else float("nan")
            row[f"rho{i}"] = fmt.fmt_number(rho, 2) if pd.notna(rho) else fmt.MISSING
            row[f"n{i}"] = fmt.fmt_count(r["n"].iloc[0]) if not r.empty else fmt.MISSING
        wide.append(row)
    shown = pd.DataFrame(wide)
    gt = GT(shown, id="tbl-costs-correlations")
    labels: dict[str, Any] = {f"rho{i}": "Spearman ρ" for i in range(len(periods))}
    labels.update({f"n{i}": "Models" for i in range(len(periods))})
    gt = gt.cols_label(**labels)
    for i, period in enumerate(periods):
        gt = gt.tab_spanner(label=period, columns=[f"rho{i}", f"n{i}"])
    gt = gt.cols_align(align="right", columns=shown.columns[1:].tolist())
    return style_table(
        gt,
        f"{credit('epoch')}. Each correlation uses only the models with both "
        "values; ρ is Spearman's rank correlation, the same on a log scale.",
    )


def above_peak_with_base_model() -> int:
    """How many of the runs above the chips' peak Epoch AI lists with a base model (that is,
    as fine-tunes of another model)."""
    peak = _above_peak()
    base = dataset().models.loc[peak.index[peak["above_peak"]], "base_model"]
    return int(base.astype("string").str.strip().fillna("").ne("").sum())


def flop_per_dollar_periods_table() -> GT:
    """Median FLOP per dollar of the runs of each period, with the middle half and the trend's
    value at the period's middle: one pooled median over years in which the quantity rose by
    orders of magnitude describes no year."""
    frame = table("flop_per_dollar_by_period")
    shown = pd.DataFrame(
        {
            "Published": frame["period"].astype(str),
            "Runs": [fmt.fmt_count(v) for v in frame["n"]],
            "Median FLOP per dollar": [fmt.fmt_scientific(v) for v in frame["median"]],
            "Middle half": [
                f"{fmt.fmt_scientific(lo)} to {fmt.fmt_scientific(hi)}"
                for lo, hi in zip(frame["q25"], frame["q75"], strict=True)
            ],
            "Trend at the period's middle": [fmt.fmt_scientific(v) for v in frame["trend_at_middle"]],
        }
    )
    gt = GT(shown, id="tbl-costs-flop-per-dollar-periods").cols_align(
        align="right", columns=shown.columns[1:].tolist()
    )
    return style_table(
        gt,
        f"{credit('epoch')}. Runs with compute and a cost, without the flagged cost/compute "
        "pairs; the trend is the least-squares line of log FLOP per dollar on date over the "
        "same runs.",
    )


@dataclass(frozen=True)
class PeriodMedians(Facts):
    """The median FLOP per dollar of the first and last period."""

    first_period: str
    first_median: str
    first_n: int
    last_period: str
    last_median: str
    last_n: int
    periods: int


def period_medians() -> PeriodMedians:
    n = numbers()
    f, last = n.flop_per_dollar_median_first_period, n.flop_per_dollar_median_last_period
    return PeriodMedians(
        str(f.subset).removeprefix("runs published "),
        fmt.fmt_scientific(f.value),
        int(f.n or 0),
        str(last.subset).removeprefix("runs published "),
        fmt.fmt_scientific(last.value),
        int(last.n or 0),
        len(table("flop_per_dollar_by_period")),
    )


def highlights() -> list[fmt.Markdown]:
    """The chapter's "in short" sentences, each built from claims."""
    n, c = numbers(), claims()
    return [
        fmt.markdown(
            "Frontier compute grew {} a year since 2010 and that of the other models {}: the ratio of the two "
            "rates is {}, so {} between them.",
            n.compute_growth_per_year_frontier.growth(interval=False),
            n.compute_growth_per_year_non_frontier.growth(interval=False),
            n.compute_frontier_gap_change_per_year.growth(),
            c.compute_frontier_gap_change.md(),
        ),
        fmt.markdown(
            "The cost of frontier runs grew {} a year, {}.",
            n.cost_growth_per_year_frontier.growth(),
            c.cost_vs_compute_frontier.md(),
        ),
        fmt.markdown(
            "At a fixed number format, training runs' compute per dollar grew {} the chips' price-performance "
            "(FP32); against each chip's fastest format, which mixes in the move to narrower numbers, it grew "
            "{} it.",
            c.flop_per_dollar_vs_chips_fp32.md(),
            c.flop_per_dollar_vs_chips_fastest.md(),
        ),
        fmt.markdown(
            "{} of the {} runs with a training cost were published since 2024, and cost data cover {} of the models.",
            n.models_with_cost_since_2024.count(),
            n.models_with_cost.count(),
            c.cost_coverage.md(),
        ),
    ]
