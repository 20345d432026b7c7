"""One record per variable: what a measured or derived quantity is called, in which unit, how
a value of it reads, whether it is drawn on a log scale and which direction is better.

Every reader takes its words from here: chart titles, axes and hover labels (`figures`), table
labels (`tables`, the chapters), trend labels (`trends`), the column names of the CSV downloads
(`chapters.common.export_csv`), the loaders' column kinds (`schema`) and, later, the explorer.
Adding a variable means adding one `Variable` to `VARIABLES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Scale = Literal["log", "linear"]
Better = Literal["higher", "lower"]
Format = Literal["flop", "usd", "watts", "number", "number_unit", "scientific_unit"]
"""How a value reads (see `aigrowth.fmt.fmt_quantity`): "flop" 2.1 × 10²⁵ FLOP, "usd" $191
million, "watts" 25 MW, "number" 1,200, "number_unit" 12 hours, "scientific_unit" 3.4 × 10¹⁷
FLOP per joule."""


@dataclass(frozen=True)
class Variable:
    """A quantity of the report.

    `name` is its column in the report's tables; `label` reads as a noun phrase that can start
    a title ("Training compute"), `plural` says whether it takes "have" or "has"; `unit` is
    written after numbers and in subtitles; `format` says how one value reads in hover labels
    and tables (`text`); `scale` is how charts draw it and how the loaders read it (on a log scale
    a zero is not a measurement and becomes missing); `better` is None where more is neither
    better nor worse; `source` is the column name in Epoch AI's file the variable is read from
    (None for variables the report derives, which list their `inputs`).
    """

    name: str
    label: str
    unit: str
    format: Format
    description: str
    scale: Scale = "log"
    better: Better | None = None
    source: str | None = None
    inputs: tuple[str, ...] = ()
    plural: bool = False

    def text(self, value: Any) -> str:
        """One value as a reader sees it, with its unit: "2.1 × 10²⁵ FLOP", "25 MW"."""
        # Imported here, not at the top: the loaders read this registry, and the data layer
        # does not depend on the prose formatters.
        from aigrowth.fmt import fmt_quantity

        return fmt_quantity(value, self.format, self.unit)

    @property
    def header(self) -> str:
        """The column header of a download: "Training compute (FLOP)"."""
        return f"{self.label} ({self.unit})"

    @property
    def verb(self) -> str:
        """ "have" or "has", for a title that starts with the label."""
        return "have" if self.plural else "has"

    def direction_text(self) -> str:
        """The better direction in words: "Higher is better: more compute per dollar" (the label
        without "Training ", which the subtitle's context makes plain)."""
        if self.better is None:
            raise ValueError(f"{self.name}: neither direction is better")
        short = self.label.removeprefix("Training ")
        noun = short[0].lower() + short[1:]
        return f"{self.better.capitalize()} is better: {'more' if self.better == 'higher' else 'less'} {noun}"


_RECORDS = (
    Variable(
        "compute_flop",
        "Training compute",
        "FLOP",
        "flop",
        "Floating-point operations used to train the model, as Epoch AI estimates them",
        source="Training compute (FLOP)",
    ),
    Variable(
        "parameters",
        "Parameters",
        "parameters",
        "number",
        "Number of trainable parameters of the model",
        source="Parameters",
        plural=True,
    ),
    Variable(
        "dataset_size",
        "Training dataset size",
        "data points",
        "number",
        "Size of the training data set in data points (for language, words or tokens)",
        source="Training dataset size (total)",
    ),
    Variable(
        "training_time_hours",
        "Training time",
        "hours",
        "number_unit",
        "Wall-clock time of the final training run",
        source="Training time (hours)",
    ),
    Variable(
        "hardware_quantity",
        "Hardware quantity",
        "chips",
        "number_unit",
        "Number of accelerators the model was trained on",
        source="Hardware quantity",
    ),
    Variable(
        "hardware_utilization",
        "Hardware utilisation",
        "share of peak",
        "number",
        "Model FLOP utilisation: the share of the hardware's peak performance the run used",
        scale="linear",
        source="Hardware utilization (MFU)",
    ),
    Variable(
        "cost_usd_2023",
        "Training cost",
        "US dollars of 2023",
        "usd",
        "Epoch AI's estimate of the final training run's cost (amortised hardware and "
        "energy), in constant 2023 US dollars",
        source="Training compute cost (2023 USD)",
    ),
    Variable(
        "power_w",
        "Power draw",
        "watts",
        "watts",
        "Power drawn by the hardware that trained the model",
        source="Training power draw (W)",
    ),
    Variable(
        "flop_per_dollar",
        "Training compute per dollar",
        "FLOP per 2023 US dollar",
        "scientific_unit",
        "Training compute over training cost",
        better="higher",
        inputs=("compute_flop", "cost_usd_2023"),
    ),
    Variable(
        "flop_per_joule",
        "Training compute per unit of energy",
        "FLOP per joule",
        "scientific_unit",
        "Training compute over the energy of the run (power draw × training time)",
        better="higher",
        inputs=("compute_flop", "power_w", "training_time_hours"),
    ),
    Variable(
        "flop_per_training_hour",
        "Training compute per hour",
        "FLOP per hour of training",
        "scientific_unit",
        "Training compute over training time",
        better="higher",
        inputs=("compute_flop", "training_time_hours"),
    ),
    Variable(
        "cost_per_parameter",
        "Training cost per parameter",
        "2023 US dollars per parameter",
        "scientific_unit",
        "Training cost over parameters",
        better="lower",
        inputs=("cost_usd_2023", "parameters"),
    ),
    Variable(
        "price_performance",
        "Accelerator price-performance",
        "operations per second per dollar of launch price",
        "scientific_unit",
        "An accelerator's highest listed operations per second over its launch price",
        better="higher",
        source="Price-performance",
    ),
    Variable(
        "energy_efficiency",
        "Accelerator energy efficiency",
        "operations per second per watt of rated power",
        "scientific_unit",
        "An accelerator's highest listed operations per second over its thermal design power",
        better="higher",
        source="Energy efficiency",
    ),
)

VARIABLES: dict[str, Variable] = {v.name: v for v in _RECORDS}
"""Every variable of the report, by its column name."""


def variable(name: str) -> Variable:
    """The record of `name`, with a clear error naming the choices."""
    try:
        return VARIABLES[name]
    except KeyError:
        raise ValueError(
            f"unknown metric {name!r}: no variable has that name; expected one of {sorted(VARIABLES)}"
        ) from None


def download_headers(columns: Iterable[str]) -> dict[str, str]:
    """Column renames for a download: each registered variable by its header with unit."""
    return {c: VARIABLES[c].header for c in columns if c in VARIABLES}
