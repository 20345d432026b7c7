"""Load every source from data/raw, validate it, and build the report's tables in one call."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .acquire import read_record
from .cleaning import CleaningLog
from .loaders import load_source
from .paths import raw_dir
from .sources import manifest
from .table import MergeInputs, build_models, model_countries

EPOCH_FILES = {
    "all": "epoch/all_ai_models.csv",
    "notable": "epoch/notable_ai_models.csv",
    "large_scale": "epoch/large_scale_ai_models.csv",
    "frontier": "epoch/frontier_ai_models.csv",
}
HARDWARE_FILE = "epoch/ml_hardware.csv"
GTA_FILE = "gta/interventions.csv"
OECD_FILE = "oecd/oecd-ai-data.zip"
OWID_LARGE_SCALE_FILE = "owid/cumulative-number-of-large-scale-ai-systems-by-country.csv"
READ_FILES = frozenset([*EPOCH_FILES.values(), HARDWARE_FILE, GTA_FILE, OECD_FILE, OWID_LARGE_SCALE_FILE])
"""The manifest files `build` reads (the others are fetched and checked, not analysed yet)."""


@dataclass(frozen=True)
class Dataset:
    """Everything the analysis reads. Frames are shared: copy before changing one."""

    models: pd.DataFrame
    model_countries: pd.DataFrame
    export_controls: pd.DataFrame
    pub_share: pd.DataFrame
    owid_large_scale: pd.DataFrame
    hardware: pd.DataFrame
    gta: pd.DataFrame
    epoch_files: dict[str, pd.DataFrame]
    log: CleaningLog
    record: dict[str, dict]  # what `fetch` recorded: file -> source, access time, sha256


def build(raw: Path) -> Dataset:
    """Load and validate every source under `raw` (each with the loader, release date and value
    column its manifest entry gives) and build the merged tables."""
    log = CleaningLog()
    sources = manifest()

    def read(path: str) -> pd.DataFrame:
        return load_source(sources.file(path), raw / path, log)

    epoch = {name: read(path) for name, path in EPOCH_FILES.items()}
    gta = read(GTA_FILE)
    pub_share = read(OECD_FILE)
    owid = read(OWID_LARGE_SCALE_FILE).rename(columns={"value": "cumulative"})
    owid["cumulative"] = owid["cumulative"].astype("int64")  # whole counts: the loader checks
    hardware = read(HARDWARE_FILE)
    models, controls = build_models(MergeInputs(epoch=epoch, gta=gta, pub_share=pub_share), log)
    return Dataset(
        models=models,
        model_countries=model_countries(models),
        export_controls=controls,
        pub_share=pub_share,
        owid_large_scale=owid,
        hardware=hardware,
        gta=gta,
        epoch_files=epoch,
        log=log,
        record=read_record(raw),
    )


@lru_cache(maxsize=4)
def _cached(raw: str) -> Dataset:
    return build(Path(raw))


def load(raw: Path | str | None = None) -> Dataset:
    """The report's data, built once per process from `raw` (default data/raw).

    Raises FileNotFoundError (a DataError naming the file) when a source is missing."""
    path = Path(raw) if raw is not None else raw_dir()
    return _cached(str(path.resolve()))
