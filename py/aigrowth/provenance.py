"""What the report was built from: sources with versions and licences, the cleaning decisions,
and the software versions — the material of the report's "Data and methods" chapter."""

from __future__ import annotations

import platform
from importlib import metadata

import pandas as pd

from .data import Dataset
from .sources import Manifest, manifest

# The packages whose versions can change a number in the report.
REPORTED_PACKAGES = (
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "pycountry",
    "plotly",
    "great-tables",
    "kaleido",
    "pypandoc-binary",
    "typst",
)


def sources_table(ds: Dataset, sources: Manifest | None = None) -> pd.DataFrame:
    """One row per raw file: publisher, title, licence, where and when it was fetched, its
    checksum and whether it is the snapshot the report was tested on or a newer release."""
    sources = sources or manifest()
    rows = []
    for src in sources.files:
        got = ds.record.get(src.path, {})
        rows.append(
            {
                "file": src.path,
                "publisher": src.publisher.name,
                "title": src.title,
                "licence": src.publisher.licence,
                "citation": src.publisher.citation,
                "url": src.url or "",
                "accessed": got.get("accessed", ""),
                "sha256": got.get("sha256", ""),
                "status": got.get("status", "not fetched"),
            }
        )
    return pd.DataFrame(rows)


def cleaning_table(ds: Dataset, include_zero: bool = False) -> pd.DataFrame:
    """Every cleaning decision with the rows it touched, in the order they were taken."""
    frame = ds.log.frame()
    return frame if include_zero else frame[frame["rows"] > 0].reset_index(drop=True)


def package_versions(packages: tuple[str, ...] = REPORTED_PACKAGES) -> pd.DataFrame:
    """Python and the versions of the packages that compute or draw the report."""
    rows = [{"package": "python", "version": platform.python_version()}]
    for name in packages:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        rows.append({"package": name, "version": version})
    return pd.DataFrame(rows)


def credits(sources: Manifest | None = None) -> list[str]:
    """One credit line per publisher, as their licences ask, in manifest order."""
    sources = sources or manifest()
    seen: list[str] = []
    for src in sources.files:
        note = f" {src.publisher.licence_note}" if src.publisher.licence_note else ""
        line = f"{src.publisher.citation} Licence: {src.publisher.licence}.{note}"
        if line not in seen:
            seen.append(line)
    return seen
