"""The explorer page (report/explorer.qmd): every model with the six measures a reader can
plot, and the filters the page offers, as one JSON file the page's script reads
(report/downloads/explorer.json). The measures' names, labels, units and scales come from the
variables registry (one record per variable); the growth rate the page fits in the browser uses
the report's method (`aigrowth.trends`: OLS of log10 on decimal year, percentile bootstrap
over models with `N_BOOT` resamples and `LEVEL` coverage)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .. import fmt
from ..constants import LEVEL, N_BOOT, SEED
from ..display import json_for_html
from ..files import write_text_atomic
from ..variables import VARIABLES
from .common import dataset, downloads_dir

#: The measures a reader can pick, in the order the page lists them.
MEASURES = ("compute_flop", "parameters", "cost_usd_2023", "power_w", "training_time_hours", "dataset_size")
#: Frontier definitions (the report's named subsets) and the column flagging each.
SELECTIONS = {
    "all": ("All models", None),
    "notable": ("Notable models", "is_notable"),
    "frontier_top10": ("Frontier: top 10 by compute at release", "frontier_top10"),
    "frontier_epoch": ("Frontier: Epoch AI's flag", "frontier_epoch"),
    "large_scale": ("Large-scale models (over 10²³ FLOP)", "is_large_scale"),
}
FIRST_YEAR = 2010  # the fit's default first year, as the report's deep-learning trends


def _flag(series: pd.Series) -> list[bool]:
    return series.astype("boolean").fillna(False).astype(bool).tolist()


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def payload() -> dict[str, Any]:
    """The explorer's data: the variables' records, the selections, and one column per field."""
    models = dataset().models
    models = models[models["decimal_year"].notna()].sort_values("decimal_year", kind="mergesort")
    open_weights = models["open_weights"].astype("boolean")
    columns: dict[str, list[Any]] = {
        "model": models["model"].astype(str).tolist(),
        "organization": models["organization"].fillna("").astype(str).tolist(),
        "date": models["publication_date"].dt.strftime("%Y-%m-%d").tolist(),
        "decimal_year": [float(v) for v in models["decimal_year"]],
        "domain": models["domain_group"].fillna("Unknown").astype(str).tolist(),
        "organization_type": models["organization_type"].fillna("Unknown").astype(str).tolist(),
        "countries": [list(c) if isinstance(c, tuple) else [] for c in models["countries"]],
        "open_weights": [None if pd.isna(v) else bool(v) for v in open_weights],
    }
    for key, (_, column) in SELECTIONS.items():
        if column:
            columns[key] = _flag(models[column])
    for name in MEASURES:
        columns[name] = [_number(v) for v in models[name]]
    names = dict(
        dataset()
        .model_countries.dropna(subset=["iso3"])
        .drop_duplicates("iso3")[["iso3", "country_name"]]
        .values
    )
    return {
        "variables": [
            {
                "name": name,
                "label": VARIABLES[name].label,
                "unit": VARIABLES[name].unit,
                "scale": VARIABLES[name].scale,
                "description": VARIABLES[name].description,
            }
            for name in MEASURES
        ],
        "selections": [{"key": key, "label": label} for key, (label, _) in SELECTIONS.items()],
        "countries": sorted(
            (
                {"code": c, "name": str(names.get(c, c))}
                for c in {c for cs in columns["countries"] for c in cs}
            ),
            key=lambda d: d["name"],
        ),
        "method": {"n_boot": N_BOOT, "seed": SEED, "level": LEVEL, "first_year": FIRST_YEAR},
        "models": columns,
    }


def export() -> fmt.Markdown:
    """Write report/downloads/explorer.json and return the link the page uses."""
    write_text_atomic(downloads_dir() / "explorer.json", json_for_html(payload()) + "\n")
    return fmt.Markdown("downloads/explorer.json")
