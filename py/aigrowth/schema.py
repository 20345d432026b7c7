"""Column names and types of the sources, and the one map of Epoch's renamed columns.

Epoch AI has renamed columns between releases (see PROVENANCE.md, "Schema changes across Epoch
releases"). Every name a release has used maps here to the name of the current release; the
loaders then map current names to this project's snake_case names. A file whose columns cannot
be resolved to the required set is an unknown schema and fails with the names it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aigrowth.variables import variable

Kind = Literal["text", "name", "date", "float", "logfloat", "flag", "yesno"]

# Old Epoch name -> current Epoch name, with the release that changed it.
EPOCH_RENAMES: dict[str, str] = {
    # April 2025 -> December 2025
    "Country (from Organization)": "Country (of organization)",
    "Hardware utilization": "Hardware utilization (MFU)",
    "Training dataset size (datapoints)": "Training dataset size (total)",
    # December 2025 -> March 2026
    "Training dataset size (gradients)": "Training dataset size (total)",
    # still used by the large-scale subset file in March 2026
    "(DEPRECATED) Training dataset size (datapoints)": "Training dataset size (total)",
}


@dataclass(frozen=True)
class Column:
    source: str  # the name in the current Epoch release
    name: str  # this project's name
    kind: Kind
    required: bool = False
    whole: bool = False  # a count: a fraction is an error


def measured(name: str, required: bool = False, whole: bool = False) -> Column:
    """The column of a measured variable, as its record in `aigrowth.variables` declares it:
    Epoch's name, and "logfloat" for a quantity on a log scale (a zero there is not a
    measurement and becomes missing, counted in the cleaning log), else "float". `whole` marks
    a count, where a fraction is an error."""
    record = variable(name)
    if record.source is None:
        raise ValueError(f"{name} is derived by the report, not read from a file")
    return Column(
        record.source, record.name, "logfloat" if record.scale == "log" else "float", required, whole
    )


# The Epoch model-file columns the project uses; the measured ones come from their records.
EPOCH_MODEL_COLUMNS: tuple[Column, ...] = (
    Column("Model", "model", "name", required=True),
    Column("Organization", "organization", "name", required=True),
    Column("Publication date", "publication_date", "date", required=True),
    Column("Domain", "domain", "text", required=True),
    Column("Task", "task", "text"),
    measured("parameters", required=True),
    measured("compute_flop", required=True),
    Column("Training compute estimation method", "compute_estimation_method", "text"),
    measured("dataset_size"),
    measured("training_time_hours"),
    Column("Training hardware", "hardware", "text"),
    measured("hardware_quantity", whole=True),
    measured("hardware_utilization"),
    measured("cost_usd_2023"),
    measured("power_w"),
    Column("Country (of organization)", "country", "text", required=True),
    Column("Organization categorization", "organization_categorization", "text"),
    Column("Model accessibility", "accessibility", "text"),
    Column("Open model weights?", "open_weights", "yesno"),
    Column("Frontier model", "frontier_model", "flag"),
    Column("Confidence", "confidence", "text"),
    Column("Notability criteria", "notability_criteria", "text"),
    Column("Base model", "base_model", "text"),
    Column("Link", "link", "text"),
    Column("Last modified", "last_modified", "text"),
)

HARDWARE_COLUMNS: tuple[Column, ...] = (
    Column("Hardware name", "hardware_name", "name", required=True),
    Column("Manufacturer", "manufacturer", "text", required=True),
    Column("Type", "type", "text"),
    Column("Release date", "release_date", "date", required=True),
    Column("Release price (USD)", "release_price_usd", "logfloat"),
    Column("Tensor-FP16/BF16 performance (FLOP/s)", "fp16_tensor_flops", "logfloat"),
    Column("FP32 (single precision) performance (FLOP/s)", "fp32_flops", "logfloat"),
    Column("FP8 performance (FLOP/s)", "fp8_flops", "logfloat"),
    Column("Memory (bytes)", "memory_bytes", "logfloat"),
    Column("Memory bandwidth (byte/s)", "memory_bandwidth", "logfloat"),
    Column("TDP (W)", "tdp_w", "logfloat", required=True),
    Column("Process size (nm)", "process_nm", "logfloat"),
    measured("energy_efficiency"),
    measured("price_performance"),
    Column("Max performance", "max_performance", "logfloat"),
)

GTA_COLUMNS: tuple[Column, ...] = (
    Column("Intervention ID", "intervention_id", "text", required=True),
    Column("State Act Title", "title", "name", required=True),
    Column("GTA Evaluation", "evaluation", "text", required=True),
    Column("Implementing Jurisdictions", "implementing", "text", required=True),
    Column("Intervention Type", "intervention_type", "text", required=True),
    Column("Affected Jurisdictions", "affected", "text", required=True),
    Column("Date Announced", "date_announced", "date", required=True),
    Column("Date Implemented", "date_implemented", "date", required=True),
    Column("Date Removed", "date_removed", "date", required=True),
    Column("Is In Force", "in_force", "text", required=True),
    Column("Intervention URL", "url", "text"),
)

OECD_COLUMNS: tuple[Column, ...] = (
    Column("Country", "code", "text", required=True),
    Column("Country_label", "country_label", "text", required=True),
    Column("publications", "share_pct", "float", required=True),
    Column("year", "year", "float", required=True),
    Column("ai_concept", "ai_concept", "text", required=True),
    Column("impact_level", "impact_level", "text"),
    Column("pub_type", "pub_type", "text"),
)

# Our World in Data grapher exports: Entity, Code, Year and value columns whose titles vary by
# chart; the manifest names the one the report reads (`value_column`), never its position.
OWID_KEY_COLUMNS = ("Entity", "Code", "Year")
# Its model-level exports: Entity (the model), Day, the value column and one category column.
OWID_MODEL_KEY_COLUMNS = ("Entity", "Day")
