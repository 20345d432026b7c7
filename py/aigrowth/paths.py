"""Where things live. Everything is relative to the project root, which is found from this file
(the package is installed editable from the project) or from $AIGROWTH_PROJECT_ROOT."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The project root: $AIGROWTH_PROJECT_ROOT if set, else two levels above this package."""
    override = os.environ.get("AIGROWTH_PROJECT_ROOT")
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parents[2]


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
