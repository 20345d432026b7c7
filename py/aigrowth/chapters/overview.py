"""The overview (report/index.qmd): the story in a few numbers and one chart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from great_tables import GT

from .. import fmt
from ..figures.temporal import compute_over_time_data, compute_over_time_figure
from ..literature import published
from ..tables import style_table
from .common import claims, credit, data_end, dataset, numbers, results, trends
from .temporal import break_sentence, segment_facts

# Models the hero chart names: milestones a general reader may know. Names as in Epoch's data.
HERO_MODELS = ("Perceptron Mark I", "AlexNet", "AlphaGo Zero", "GPT-3 175B (davinci)", "GPT-4 (Mar 2023)")


def hero() -> tuple[go.Figure, pd.DataFrame]:
    """Every model's training compute since 1950, with the pre-deep-learning and deep-learning
    trends drawn in."""
    data = compute_over_time_data(dataset().models)
    drawn = [trends().compute_pre_dl, trends().compute_dl]
    present = set(data["model"])
    named = [m for m in HERO_MODELS if m in present]
    fig = compute_over_time_figure(
        data, trends=drawn, show_trends=True, named_models=named, slug="overview-compute", data_end=data_end()
    )
    return fig, data


# The headline numbers the overview's table shows: (key, what it is, kind).
HEADLINES = (
    ("compute_growth_per_year_dl", "Training compute of notable models, per year since 2010", "growth"),
    ("compute_doubling_months_dl", "… doubling time", "months"),
    (
        "compute_growth_per_year_frontier",
        "Training compute of frontier models, per year since 2010",
        "growth",
    ),
    ("compute_doubling_months_pre_dl", "Doubling time before 2010", "months"),
    ("cost_growth_per_year_frontier", "Training cost of frontier models, per year", "growth"),
    ("power_growth_per_year_frontier", "Power drawn to train frontier models, per year", "growth"),
    ("parameters_growth_per_year_dl", "Parameters of notable models, per year since 2010", "growth"),
    (
        "compute_growth_per_year_notable_2010_2024",
        "Training compute of notable models, per year, 2010 to May 2024 (Epoch AI's window)",
        "growth",
    ),
    (
        "compute_growth_per_year_top10_since_2018",
        "Training compute of frontier models, per year since 2018",
        "growth",
    ),
    (
        "record_doubling_months_2012_2017",
        "Doubling time of record-setting runs, 2012–2017 (OpenAI's window; t interval)",
        "months",
    ),
)


def highlights() -> list[fmt.Markdown]:
    """The overview's "in short" sentences, each built from claims."""
    n, c = numbers(), claims()
    last = segment_facts()[-1] if segment_facts() else None
    out = [
        fmt.markdown(
            "Training compute of notable models grew along no single straight line: the data support {}, {}.",
            c.compute_break_count.md(),
            break_sentence(),
        )
    ]
    if last is not None:
        out.append(
            fmt.markdown(
                "Since the latest break, around {}, it grew {} a year; frontier models since 2010 "
                "grew {} a year, {} notable models as a whole.",
                last.first_year,
                last.growth,
                n.compute_growth_per_year_frontier.growth(interval=False),
                c.compute_frontier_vs_notable.md(),
            )
        )
    epoch = published("sevilla2024_notable")
    out.append(
        fmt.markdown(
            "On Epoch AI's own window, 2010 to May 2024, notable models grew {} a year, an interval that "
            "{} Epoch AI's summary range of {}–{}{} a year.",
            n.compute_growth_per_year_notable_2010_2024.growth(),
            c.literature_notable_2010_2024.md(),
            fmt.Markdown(f"{epoch.low:g}"),
            fmt.Markdown(f"{epoch.high:g}"),
            fmt.Markdown(fmt.TIMES),
        )
    )
    out.append(
        fmt.markdown(
            "Between frontier models and the rest, {}; the cost of frontier runs grew {}.",
            c.compute_frontier_gap_change.md(),
            c.cost_vs_compute_frontier.md(),
        )
    )
    return out


def headline_frame() -> pd.DataFrame:
    """The headline numbers as rows: measure, estimate with interval, models behind it."""
    entries = results().entries
    rows = []
    for key, label, kind in HEADLINES:
        e = entries[key]
        rows.append(
            {
                "measure": label,
                "estimate": fmt.fmt_entry(e, kind),
                "models": fmt.fmt_count(e["n"]),
                "subset": e["subset"],
                "key": key,
            }
        )
    return pd.DataFrame(rows)


def headline_table() -> GT:
    frame = headline_frame()
    gt = GT(frame[["measure", "estimate", "models"]], id="tbl-headlines").cols_label(
        measure="Measure", estimate="Estimate (95% interval)", models="Models"
    )
    return style_table(
        gt,
        source_note=f"{credit('epoch')}. Trends: least squares on log values; "
        "intervals: bootstrap over models.",
    )
