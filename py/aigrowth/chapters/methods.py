"""Data and methods (report/methods.qmd): sources, definitions, cleaning, statistics, limits,
and what the build used. Every count here is computed from the loaded data."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from great_tables import GT

from .. import fmt
from ..constants import (
    DL_ERA_START,
    FRONTIER_TOP_N,
    LARGE_SCALE_ERA_START,
    LARGE_SCALE_THRESHOLD_FLOP,
    LEVEL,
    MIN_ROWS_PER_DOMAIN,
    N_BOOT,
    RESIDUAL_WINDOW_YEARS,
    RESIDUAL_Z_THRESHOLD,
    SEED,
    SEVILLA_NOISE_OOMS,
)
from ..frontier import frontier_definitions
from ..provenance import cleaning_table, package_versions, sources_table
from ..table import DOMAIN_GROUP_ORDER, DOMAIN_GROUPS, OTHER_DOMAIN
from ..tables import style_table
from .common import dataset
from .facts import Facts

NOTE = "Sources: data/sources.yaml and data/raw/RECORD.json of this build."


def sources() -> GT:
    """Each raw file: publisher, what it is, licence, access time and checksum status."""
    table = sources_table(dataset()).copy()
    table["accessed"] = table["accessed"].str.slice(0, 10)
    table["sha256"] = table["sha256"].str.slice(0, 12) + "…"
    shown = table[["file", "publisher", "licence", "accessed", "sha256", "status"]]
    gt = GT(shown, id="tbl-methods-sources").cols_label(
        file="File", publisher="Publisher", licence="Licence",
        accessed="Fetched", sha256="SHA-256", status="Snapshot")
    return style_table(gt, source_note=NOTE)


def definitions() -> GT:
    """The report's definitions of frontier, large-scale and eras, with their sources."""
    rows = [
        {"term": "Notable model", "definition": "A model in Epoch AI's notable-models file: state of the art, "
         "highly cited, historically significant or widely used, by Epoch's criteria.", "source": "Epoch AI"},
        {"term": "Large-scale model", "definition": f"Trained with more than {fmt.fmt_flop(LARGE_SCALE_THRESHOLD_FLOP)}: "
         "Epoch's large-scale list (which includes models believed to exceed it without an estimate), plus newer "
         "models over the threshold that are not fine-tunes.", "source": "Epoch AI; this project for newer models"},
    ]
    for rule in frontier_definitions().itertuples():
        rows.append({"term": f"Frontier: {rule.name}", "definition": f"{rule.rule} {rule.caveat}", "source": rule.source})
    rows += [
        {"term": "Pre-deep-learning era", "definition": f"Models published before {fmt.fmt_year(DL_ERA_START.year)}.",
         "source": "Sevilla et al. (2022)"},
        {"term": "Deep-learning era", "definition": f"Models published from {fmt.fmt_year(DL_ERA_START.year)} on.",
         "source": "Sevilla et al. (2022)"},
        {"term": "Large-scale era", "definition": f"From {LARGE_SCALE_ERA_START:%B %Y}, models more than "
         f"{fmt.fmt_number(RESIDUAL_Z_THRESHOLD)} standard deviations above the trend of models published within a "
         f"{fmt.fmt_number(RESIDUAL_WINDOW_YEARS)}-year window.", "source": "After Sevilla et al. (2022)"},
    ]
    gt = GT(pd.DataFrame(rows), id="tbl-methods-definitions").cols_label(
        term="Term", definition="Definition", source="Source")
    return style_table(gt, source_note="Constants: py/aigrowth/constants.py, each with its reason and source.")


def domain_groups() -> GT:
    """Which of Epoch's domains fall in each of the report's domain groups, with model counts."""
    models = dataset().models
    counts = models["domain_group"].value_counts()
    rows = []
    for group in DOMAIN_GROUP_ORDER:
        members = sorted(d for d, g in DOMAIN_GROUPS.items() if g == group)
        if group == OTHER_DOMAIN:
            members = ["every other domain"]
        elif group == "Multimodal":
            members = ["Multimodal", "any model in several groups"]
        rows.append({"group": group, "domains": ", ".join(members), "models": fmt.fmt_count(int(counts.get(group, 0)))})
    gt = GT(pd.DataFrame(rows), id="tbl-methods-domains").cols_label(
        group="Domain group", domains="Epoch domains", models="Models")
    return style_table(gt, source_note="Data: Epoch AI (2026), CC BY 4.0. Mapping: py/aigrowth/table.py.")


def cleaning() -> GT:
    """Every cleaning decision that touched at least one row, with the count."""
    table = cleaning_table(dataset())
    table = table.assign(rows=table["rows"].map(fmt.fmt_count))[["source", "rule", "rows"]]
    gt = GT(table, id="tbl-methods-cleaning").cols_label(source="File or step", rule="Decision", rows="Rows")
    return style_table(gt, source_note="Every decision is logged as it is taken; `python -m aigrowth check` prints this list.")


def versions() -> GT:
    gt = GT(package_versions(), id="tbl-methods-versions").cols_label(package="Software", version="Version")
    return style_table(gt, source_note="Versions of this build; pinned in requirements.txt.")


@dataclass(frozen=True)
class CoverageFacts(Facts):
    """Counts for the limitations section, formatted for prose."""

    models: str
    with_compute: str
    with_parameters: str
    with_cost: str
    with_power: str
    share_cost: str
    latest_year: str
    latest_year_models: str
    latest_full_year: str
    latest_full_year_models: str
    year_before: str
    year_before_models: str
    last_flagged: str
    operation_counting: str
    hardware_based: str
    speculative: str
    no_country: str


def coverage() -> CoverageFacts:
    """Counts for the limitations section, formatted for prose."""
    m = dataset().models
    years = m["year"].dropna().astype(int)
    latest_full = int(years.max()) - 1
    per_year = years.value_counts()
    flagged = m.loc[m["frontier_epoch"], "publication_date"].max()
    method = m["compute_estimation_method"].fillna("")
    with_compute = m["compute_flop"].notna()
    return CoverageFacts(**{
        "models": fmt.fmt_count(len(m)),
        "with_compute": fmt.fmt_count(int(with_compute.sum())),
        "with_parameters": fmt.fmt_count(int(m["parameters"].notna().sum())),
        "with_cost": fmt.fmt_count(int(m["cost_usd_2023"].notna().sum())),
        "with_power": fmt.fmt_count(int(m["power_w"].notna().sum())),
        "share_cost": fmt.fmt_pct(100 * m["cost_usd_2023"].notna().mean()),
        "latest_year": fmt.fmt_year(int(years.max())),
        "latest_year_models": fmt.fmt_count(int(per_year.get(int(years.max()), 0))),
        "latest_full_year": fmt.fmt_year(latest_full),
        "latest_full_year_models": fmt.fmt_count(int(per_year.get(latest_full, 0))),
        "year_before": fmt.fmt_year(latest_full - 1),
        "year_before_models": fmt.fmt_count(int(per_year.get(latest_full - 1, 0))),
        "last_flagged": fmt.fmt_date(flagged),
        "operation_counting": fmt.fmt_count(int((with_compute & method.str.contains("Operation counting")).sum())),
        "hardware_based": fmt.fmt_count(int((with_compute & method.str.contains("Hardware")).sum())),
        "speculative": fmt.fmt_count(int((with_compute & m["confidence"].eq("Speculative")).sum())),
        "no_country": fmt.fmt_count(int(m["countries"].map(len).eq(0).sum())),
    })


@dataclass(frozen=True)
class StatisticsFacts(Facts):
    """The settings of the statistics, formatted for prose."""

    level: str
    n_boot: str
    seed: str
    noise: str
    min_rows: str
    top_n: str


def statistics() -> StatisticsFacts:
    return StatisticsFacts(
        level=fmt.fmt_pct(100 * LEVEL),
        n_boot=fmt.fmt_count(N_BOOT),
        seed=fmt.Markdown(str(SEED)),
        noise=fmt.fmt_number(10 ** SEVILLA_NOISE_OOMS, sig=1),
        min_rows=fmt.fmt_count(MIN_ROWS_PER_DOMAIN),
        top_n=fmt.fmt_count(FRONTIER_TOP_N),
    )
