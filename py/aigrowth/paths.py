"""Where things live. Everything is relative to the project root: the folder that holds
`_quarto.yml`, found from the working directory, never from where this package is installed (two
clones on one machine must never read or write each other's files)."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_NAME = "_quarto.yml"


def project_root() -> Path:
    """The project root, first of:

    - `$QUARTO_PROJECT_DIR`, which Quarto (and the offline renderer) set while they execute a
      document;
    - `$AIGROWTH_PROJECT_ROOT`, an explicit choice;
    - the nearest folder holding `_quarto.yml`, from the working directory up;
    - the working directory itself.
    """
    for variable in ("QUARTO_PROJECT_DIR", "AIGROWTH_PROJECT_ROOT"):
        value = os.environ.get(variable)
        if value:
            return Path(value).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return here


def manifest_path() -> Path:
    """The committed source manifest."""
    return project_root() / "data" / "sources.yaml"


def country_overrides_path() -> Path:
    """The project's reviewable country-name overrides."""
    return project_root() / "data" / "country_overrides.csv"


def raw_dir() -> Path:
    """Where `fetch` puts the raw files ($AIGROWTH_RAW_DIR overrides, for tests)."""
    override = os.environ.get("AIGROWTH_RAW_DIR")
    if override:
        return Path(override).resolve()
    return project_root() / "data" / "raw"


def cache_dir() -> Path:
    """Results worth keeping between runs (the headline numbers of the data and code): a
    folder of the project root that git ignores."""
    return project_root() / ".cache"


RECORD_NAME = "RECORD.json"
