"""What every chapter shares: the data, the headline numbers, prose formatting and downloads."""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from .. import fmt
from ..data import Dataset, load
from ..numbers import efficiency_fits as _efficiency_fits
from ..numbers import headline_numbers, trend_fits
from ..trends import TrendFit
from ..paths import project_root
from ..sources import manifest

#: Where a chapter's downloadable files go, relative to the project root. Pages live in
#: report/, so they link to "downloads/<name>".
DOWNLOADS = Path("report") / "downloads"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@lru_cache(maxsize=1)
def dataset() -> Dataset:
    """The report's data (loaded once per kernel)."""
    return load()


@lru_cache(maxsize=1)
def numbers() -> dict[str, dict[str, Any]]:
    """Every headline number of the report (computed once per kernel, from the same fits the
    charts draw)."""
    return headline_numbers(dataset(), fits=fits(), efficiency=efficiency_fits())


@lru_cache(maxsize=1)
def fits() -> dict[tuple[str, str], TrendFit]:
    """The headline trends behind the numbers, for drawing: `fits()[("compute", "dl")]`."""
    return trend_fits(dataset())


@lru_cache(maxsize=1)
def efficiency_fits() -> dict[str, TrendFit]:
    """The efficiency trends behind the numbers (see `aigrowth.numbers.efficiency_fits`)."""
    return _efficiency_fits(dataset())


def credit(publisher: str = "epoch") -> str:
    """The source line a chart or table carries, from the manifest."""
    return manifest().publishers[publisher].credit


def downloads_dir() -> Path:
    """Where the downloads are written. While the offline renderer executes a chapter it names a
    staging folder ($QMDRENDER_STAGE_DIR) that mirrors the project; it publishes the files from
    there together with the chapter's `_freeze` results, so an interrupted build never leaves
    downloads that disagree with the pages."""
    stage = os.environ.get("QMDRENDER_STAGE_DIR")
    return (Path(stage) if stage else project_root()) / DOWNLOADS


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    os.replace(tmp, path)


def csv_text(frame: pd.DataFrame) -> str:
    """A frame as CSV the same way every time: tuples joined with ';', dates as ISO, floats with
    up to 6 significant digits, LF line ends."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(lambda v: isinstance(v, tuple)).any():
            out[column] = out[column].map(lambda v: ";".join(v) if isinstance(v, tuple) else v)
        elif pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False, lineterminator="\n", float_format="%.6g")


def export_csv(frame: pd.DataFrame, slug: str) -> str:
    """Write `frame` to report/downloads/<slug>.csv and return the link a page uses."""
    if not _SLUG.match(slug):
        raise ValueError(f"download name {slug!r} must be lowercase words joined by hyphens")
    _write_atomic(downloads_dir() / f"{slug}.csv", csv_text(frame))
    return f"downloads/{slug}.csv"


def export_numbers() -> str:
    """Write every headline number to report/downloads/numbers.json (the same object as
    `python -m aigrowth numbers`) and return the link."""
    text = json.dumps(numbers(), indent=2, sort_keys=True, allow_nan=False) + "\n"
    _write_atomic(downloads_dir() / "numbers.json", text)
    return "downloads/numbers.json"


def show(fig: go.Figure, data: pd.DataFrame) -> None:
    """Show a figure and write the exact data behind it for download, named by its id."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    slug = meta.get("id")
    if not slug:
        raise ValueError("a report figure needs layout.meta['id'] (the figure builders set it)")
    export_csv(data, slug)
    fig.show()


class Prose:
    """Headline numbers as text for the prose, each through the one formatter family in `fmt`:
    `P.growth("compute_growth_per_year_dl")` -> "4.4× (95% CI 4.0–4.8×)"."""

    def __init__(self, entries: dict[str, dict[str, Any]]) -> None:
        self.entries = entries

    def entry(self, key: str) -> dict[str, Any]:
        try:
            return self.entries[key]
        except KeyError:
            raise KeyError(f"no headline number {key!r}; see `python -m aigrowth numbers`") from None

    def value(self, key: str) -> float:
        return self.entry(key)["value"]

    def n(self, key: str) -> str:
        return fmt.fmt_count(self.entry(key)["n"])

    def growth(self, key: str, interval: bool = True) -> str:
        e = self.entry(key)
        return fmt.fmt_entry(e, "growth") if interval else fmt.fmt_growth(e["value"])

    def months(self, key: str, interval: bool = True) -> str:
        e = self.entry(key)
        return fmt.fmt_entry(e, "months") if interval else fmt.fmt_months(e["value"])

    def level(self, key: str) -> str:
        """The confidence level of a number's interval, e.g. "95%"."""
        return fmt.fmt_pct(self.entry(key)["level"], fraction=True)

    def count(self, key: str) -> str:
        return fmt.fmt_count(self.value(key))

    def flop(self, key: str) -> str:
        return fmt.fmt_flop(self.value(key))

    def number(self, key: str, sig: int = 2) -> str:
        return fmt.fmt_number(self.value(key), sig=sig)

    def year(self, key: str) -> str:
        return fmt.fmt_year(self.value(key))


@lru_cache(maxsize=1)
def prose() -> Prose:
    return Prose(numbers())
