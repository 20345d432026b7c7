"""Data and methods (report/methods.qmd): sources, definitions, cleaning, statistics, limits,
and what the build used. Every count here is computed from the loaded data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from great_tables import GT

from .. import fmt
from ..claims import RULES
from ..constants import (
    BREAK_GRID_STEP_YEARS,
    BREAK_TEST_LEVEL,
    DL_ERA_START,
    FRONTIER_TOP_N,
    LARGE_SCALE_THRESHOLD_FLOP,
    LEVEL,
    MAX_BREAKS,
    MIN_MODELS_PER_SEGMENT,
    MIN_ROWS_PER_DOMAIN,
    MIN_SEGMENT_YEARS,
    N_BOOT,
    SEED,
    SEVILLA_NOISE_OOMS,
)
from ..frontier import frontier_definitions
from ..provenance import cleaning_table, package_versions, sources_table
from ..table import DOMAIN_GROUP_ORDER, DOMAIN_GROUPS, OTHER_DOMAIN
from ..tables import style_table
from .common import claims, dataset, numbers
from .facts import Facts

NOTE = "Sources: data/sources.yaml and data/raw/RECORD.json of this build."


def sources() -> GT:
    """Each raw file: publisher, what it is, licence, access time and checksum status."""
    table = sources_table(dataset()).copy()
    table["accessed"] = table["accessed"].str.slice(0, 10)
    table["sha256"] = table["sha256"].str.slice(0, 12) + "…"
    shown = table[["file", "publisher", "licence", "accessed", "sha256", "status"]]
    gt = GT(shown, id="tbl-methods-sources").cols_label(
        file="File",
        publisher="Publisher",
        licence="Licence",
        accessed="Fetched",
        sha256="SHA-256",
        status="Snapshot",
    )
    return style_table(gt, source_note=NOTE)


def definitions() -> GT:
    """The report's definitions of frontier, large-scale and eras, with their sources."""
    rows = [
        {
            "term": "Notable model",
            "definition": "A model in Epoch AI's notable-models file: state of the art, "
            "highly cited, historically significant or widely used, by Epoch's criteria.",
            "source": "Epoch AI",
        },
        {
            "term": "Large-scale model",
            "definition": f"Trained with more than {fmt.fmt_flop(LARGE_SCALE_THRESHOLD_FLOP)}: "
            "Epoch's large-scale list (which includes models believed to exceed it without an estimate), plus newer "
            "models over the threshold that are not fine-tunes.",
            "source": "Epoch AI; this project for newer models",
        },
    ]
    for rule in frontier_definitions().itertuples():
        rows.append(
            {
                "term": f"Frontier: {rule.name}",
                "definition": f"{rule.rule} {rule.caveat}",
                "source": rule.source,
            }
        )
    rows += [
        {
            "term": "Pre-deep-learning era",
            "definition": f"Models published before {fmt.fmt_year(DL_ERA_START.year)}.",
            "source": "Sevilla et al. (2022)",
        },
        {
            "term": "Deep-learning era",
            "definition": f"Models published from {fmt.fmt_year(DL_ERA_START.year)} on.",
            "source": "Sevilla et al. (2022)",
        },
        {
            "term": "Fine-tune",
            "definition": "A model Epoch AI lists with a base model. Its training compute includes "
            "the base model's, while its cost, power and hours often cover only the fine-tuning, so it is left out of "
            "the trends of compute per dollar, per joule and training time.",
            "source": "Epoch AI; this project",
        },
        {
            "term": "Record-setting run",
            "definition": "A model trained with more compute than every model published "
            "before it (the largest of its own day).",
            "source": "After Amodei & Hernandez (OpenAI, 2018)",
        },
        {
            "term": "Restrictive export control in force",
            "definition": "A Global Trade Alert entry evaluated Red or "
            "Amber, implemented and not removed by the file's last date; each intervention counts once.",
            "source": "Global Trade Alert; this project",
        },
    ]
    gt = GT(pd.DataFrame(rows), id="tbl-methods-definitions").cols_label(
        term="Term", definition="Definition", source="Source"
    )
    return style_table(
        gt, source_note="Constants: py/aigrowth/constants.py, each with its reason and source."
    )


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
        rows.append(
            {
                "group": group,
                "domains": ", ".join(members),
                "models": fmt.fmt_count(int(counts.get(group, 0))),
            }
        )
    gt = GT(pd.DataFrame(rows), id="tbl-methods-domains").cols_label(
        group="Domain group", domains="Epoch domains", models="Models"
    )
    return style_table(gt, source_note="Data: Epoch AI (2026), CC BY 4.0. Mapping: py/aigrowth/table.py.")


def cleaning() -> GT:
    """Every cleaning decision that touched at least one row, with the count."""
    table = cleaning_table(dataset())
    table = table.assign(rows=table["rows"].map(fmt.fmt_count))[["source", "rule", "rows"]]
    gt = GT(table, id="tbl-methods-cleaning").cols_label(source="File or step", rule="Decision", rows="Rows")
    return style_table(
        gt,
        source_note="Every decision is logged as it is taken; `python -m aigrowth check` prints this list.",
    )


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
    return CoverageFacts(
        **{
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
            "operation_counting": fmt.fmt_count(
                int((with_compute & method.str.contains("Operation counting")).sum())
            ),
            "hardware_based": fmt.fmt_count(int((with_compute & method.str.contains("Hardware")).sum())),
            "speculative": fmt.fmt_count(int((with_compute & m["confidence"].eq("Speculative")).sum())),
            "no_country": fmt.fmt_count(int(m["countries"].map(len).eq(0).sum())),
        }
    )


@dataclass(frozen=True)
class StatisticsFacts(Facts):
    """The settings of the statistics, formatted for prose."""

    level: str
    n_boot: str
    seed: str
    noise: str
    min_rows: str
    top_n: str
    threshold: str


def statistics() -> StatisticsFacts:
    return StatisticsFacts(
        level=fmt.fmt_pct(100 * LEVEL),
        n_boot=fmt.fmt_count(N_BOOT),
        seed=fmt.Markdown(str(SEED)),
        noise=fmt.fmt_number(10**SEVILLA_NOISE_OOMS, sig=1),
        min_rows=fmt.fmt_count(MIN_ROWS_PER_DOMAIN),
        top_n=fmt.fmt_count(FRONTIER_TOP_N),
        threshold=fmt.fmt_flop(LARGE_SCALE_THRESHOLD_FLOP),
    )


def claim_rules() -> GT:
    """The rules that choose every judging word of the report, with how many claims use each."""
    used = pd.Series([c.rule for c in claims()]).value_counts()
    rows = [
        {
            "rule": r.name.replace("_", " "),
            "reads": ", ".join(r.reads),
            "decides": r.description,
            "claims": fmt.fmt_count(int(used.get(r.name, 0))),
        }
        for r in RULES.values()
    ]
    gt = GT(pd.DataFrame(rows), id="tbl-methods-claim-rules").cols_label(
        rule="Rule", reads="Evidence it reads", decides="How it decides", claims="Claims"
    )
    gt = gt.cols_align(align="right", columns=["claims"])
    return style_table(
        gt,
        source_note="py/aigrowth/claims.py; every claim, with its evidence and outcome, is in "
        "numbers.json's claims list.",
    )


EXCLUSIONS = (
    # (what, the trend with every row, the trend without the rows left out, what is left out)
    (
        "Training compute of notable models since 2010",
        "compute_growth_per_year_dl",
        "compute_growth_per_year_dl_without_fine_tunes",
        "fine-tunes (a flag only: the headline keeps them, as Epoch AI does)",
    ),
    ("Training time of notable models since 2010", None, "training_time_growth_per_year_dl", "fine-tunes"),
    (
        "Compute per dollar since 2010",
        "flop_per_dollar_growth_per_year_dl",
        "flop_per_dollar_growth_per_year_dl_plausible",
        "fine-tunes and cost/compute pairs far from their contemporaries",
    ),
    (
        "Compute per joule since 2010",
        "flop_per_joule_growth_per_year_dl",
        "flop_per_joule_growth_per_year_dl_plausible",
        "fine-tunes and runs above the best chip's peak",
    ),
    (
        "Training dataset size since 2010",
        None,
        "dataset_size_growth_per_year_language",
        "every domain but language (sizes in other units) and fine-tunes",
    ),
)


def exclusions() -> GT:
    """What each trend leaves out, and what it would be with those rows."""
    n = numbers()
    rows = []
    for label, with_all, used, left_out in EXCLUSIONS:
        kept = getattr(n, used)
        rows.append(
            {
                "trend": label,
                "left_out": left_out,
                "kept": kept.growth(),
                "n": fmt.fmt_count(kept.n),
                "with": getattr(n, with_all).growth() if with_all else fmt.MISSING,
                "n_with": fmt.fmt_count(getattr(n, with_all).n) if with_all else fmt.MISSING,
            }
        )
    labels: dict[str, Any] = {
        "trend": "Trend",
        "left_out": "Rows left out",
        "kept": "Growth per year",
        "n": "Rows",
        "with": "With every row",
        "n_with": "Rows",
    }
    gt = GT(pd.DataFrame(rows), id="tbl-methods-exclusions").cols_label(**labels)
    gt = gt.cols_align(align="right", columns=["kept", "n", "with", "n_with"])
    return style_table(
        gt, source_note="Growth per year with its 95% percentile bootstrap interval over rows."
    )


@dataclass(frozen=True)
class BreakSettings(Facts):
    """The settings of the break analysis, formatted for prose."""

    min_models: str
    min_years: str
    max_breaks: str
    test_level: str
    grid: str


def break_settings() -> BreakSettings:
    return BreakSettings(
        min_models=fmt.fmt_count(MIN_MODELS_PER_SEGMENT),
        min_years=fmt.fmt_number(MIN_SEGMENT_YEARS, 1),
        max_breaks=fmt.fmt_count(MAX_BREAKS),
        test_level=fmt.fmt_pct(100 * BREAK_TEST_LEVEL, sig=1),
        grid=fmt.fmt_series(
            [
                fmt.markdown("{} years for {}", fmt.fmt_number(v), fmt.plural(k, "break"))
                for k, v in BREAK_GRID_STEP_YEARS.items()
            ]
        ),
    )


def highlights() -> list[fmt.Markdown]:
    """The chapter's "in short" sentences, each built from claims."""
    c, n = claims(), numbers()
    return [
        fmt.markdown(
            "Of the {} models in the data, {} have a training compute estimate ({}) and {} a training cost "
            "({}).",
            n.models_total.count(),
            n.models_with_compute.count(),
            c.compute_coverage.md(),
            n.models_with_cost.count(),
            c.cost_coverage.md(),
        ),
        fmt.markdown(
            "{} models are fine-tunes ({} of all models); the trends of cost, energy and time leave them out.",
            n.models_fine_tunes.count(),
            c.fine_tune_share.md(),
        ),
        fmt.markdown(
            "Every judging word of the report is chosen by one of {} stated rules from its evidence; the "
            "{} claims are listed with their evidence in numbers.json, for example that {} restrictive "
            "export controls are in force, {} of Global Trade Alert's entries.",
            fmt.fmt_count(len(RULES)),
            fmt.fmt_count(len(claims())),
            n.export_controls_restrictive_total.count(),
            c.export_controls_counted.md(),
        ),
    ]


def break_sensitivity() -> GT:
    """Where the single best break (and the best pair) lie when the data start in each year."""
    from .common import table

    frame = table("break_sensitivity")
    shown = pd.DataFrame(
        {
            "Data from": [fmt.fmt_year(v) for v in frame["start"]],
            "Form": frame["form"]
            .map({"continuous": "change of slope", "discontinuous": "new line"})
            .astype(str),
            "Models": [fmt.fmt_count(v) for v in frame["n"]],
            # Decimal years, to the quarter-year grid the search uses.
            "Best single break": [f"{v:.2f}" for v in frame["break_1"]],
            "BIC gain of one break": [fmt.fmt_number(v, 3) for v in frame["bic_gain_1"]],
            "Best pair of breaks": frame["breaks_2"].astype(str),
            "BIC gain of a second": [fmt.fmt_number(v, 2) for v in frame["bic_gain_2"]],
        }
    )
    gt = GT(shown, id="tbl-methods-break-sensitivity").cols_align(
        align="right", columns=shown.columns[2:].tolist()
    )
    return style_table(
        gt,
        source_note=(
            "Data: Epoch AI (2026), CC BY 4.0. Notable models with a compute estimate; least-squares break dates "
            "on the grids stated above; BIC gain: BIC of the model with one break fewer minus BIC of this one "
            "(positive favours the extra break; BIC treats models as independent)."
        ),
    )
