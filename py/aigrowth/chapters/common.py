"""What every chapter shares: the data, the headline numbers and their trends, and downloads."""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from .. import display, fmt, sidecar
from ..claims import Claims
from ..data import Dataset, load
from ..files import write_bytes_atomic, write_text_atomic
from ..fmt import Markdown, fmt_date
from ..numbers import Named, Numbers, Results, numbers_json
from ..numbers_cache import cached_results
from ..paths import project_root
from ..sources import data_date, manifest
from ..trends import TrendFit
from ..variables import download_headers

#: Where a chapter's downloadable files go, relative to the project root. Pages live in
#: report/, so they link to "downloads/<name>".
DOWNLOADS = Path("report") / "downloads"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@lru_cache(maxsize=1)
def dataset() -> Dataset:
    """The report's data (loaded once per kernel)."""
    return load()


@lru_cache(maxsize=1)
def results() -> Results:
    """Every headline number and the trends behind them, computed once per data and code and
    shared by the chapters' kernels (see `aigrowth.numbers_cache`)."""
    return cached_results(dataset())


def numbers() -> Numbers:
    """Every headline number by attribute: `numbers().compute_growth_per_year_dl.growth()`."""
    return results().numbers


def claims() -> Claims:
    """Every judging word of the report with its evidence, by attribute:
    `claims().compute_frontier_vs_notable` (the claim id with underscores). Put one in prose as
    it stands (`{python} claims().x`: the fragment in a span naming the claim) or with a capital
    (`claims().x.md(capital=True)`)."""
    return results().claims


class ClaimSpans:
    """The claims as prose reads them: `spans.compute_frontier_vs_notable` is that claim's
    fragment as Markdown, in a span naming the claim; `spans.capital("x")` the same with a
    capital letter, to start a sentence."""

    def __init__(self, claims: Claims) -> None:
        self._claims = claims

    def __getattr__(self, name: str) -> Markdown:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._claims, name).md()

    def capital(self, name: str) -> Markdown:
        return getattr(self._claims, name).md(capital=True)

    def __getitem__(self, claim_id: str) -> Markdown:
        return self._claims[claim_id].md()


def claim_spans() -> ClaimSpans:
    """Every claim as the prose states it (see `ClaimSpans`): in a chapter's setup cell,
    `claims = common.claim_spans()`, then `{python} claims.compute_frontier_vs_notable`."""
    return ClaimSpans(claims())


def epoch_flag_end() -> Markdown:
    """The date of the last model Epoch AI's frontier flag marks ("8 Jul 2025"): the flag stops
    there, so the report's own frontier rule covers the newer models."""
    m = dataset().models
    return fmt.fmt_date(
        m.loc[m["frontier_epoch"].astype("boolean").fillna(False).astype(bool), "publication_date"].max()
    )


def released(path: str) -> Markdown:
    """The release date the manifest records for a raw file ("30 Mar 2026")."""
    return fmt.fmt_date(manifest().file(path).released)


def table(name: str) -> pd.DataFrame:
    """A table of the shared results (the break's start-year sensitivity, ...), a copy."""
    return results().table(name)


def trends() -> Named[TrendFit]:
    """The fits behind the headline trends, for drawing: `trends().compute_dl`."""
    return results().trends


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


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"). As
# OWASP recommends, such text cells are written with a leading single quote, which spreadsheets
# read as "this is text"; text that is a plain number ("-5") is left alone, and numeric columns
# are never touched. Line ends inside a text cell are written as LF, which the writer quotes (a
# bare CR it would not, and readers would split the row there).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _safe_cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def csv_text(frame: pd.DataFrame) -> str:
    """A frame as CSV the same way every time: tuples joined with ';', dates as ISO, floats with
    up to 6 significant digits, LF line ends, and text that a spreadsheet would run as a formula
    neutralised (see FORMULA_START)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(lambda v: isinstance(v, tuple)).any():
            out[column] = out[column].map(lambda v: ";".join(v) if isinstance(v, tuple) else v)
        elif pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_safe_cell, na_action="ignore")
    return out.to_csv(index=False, lineterminator="\n", float_format="%.6g")


def export_csv(frame: pd.DataFrame, slug: str) -> str:
    """Write `frame` to report/downloads/<slug>.csv and return the link a page uses."""
    if not _SLUG.match(slug):
        raise ValueError(f"download name {slug!r} must be lowercase words joined by hyphens")
    # Columns that hold a variable are headed with its label and unit, from its record.
    frame = frame.rename(columns=download_headers(frame.columns))
    write_text_atomic(downloads_dir() / f"{slug}.csv", csv_text(frame))
    return f"downloads/{slug}.csv"


def export_numbers() -> Markdown:
    """Write every headline number to report/downloads/numbers.json (the same object as
    `python -m aigrowth numbers`) and return the link."""
    from .changelog import section  # the changelog page's module builds on this one

    text = numbers_json(
        results().entries, results().claims.as_list(), {"changes_since_last_release": section()}
    )
    write_text_atomic(downloads_dir() / "numbers.json", text)
    return Markdown("downloads/numbers.json")


def data_as_of(ds: Dataset | None = None) -> pd.Timestamp:
    """The date of the data (`sources.data_date`): the newest release among the source files read."""
    day = data_date(manifest().files, (ds or dataset()).record)
    if day is None:
        raise ValueError("no source file has been read: run `python -m aigrowth fetch` first")
    return pd.Timestamp(day)


def data_end(ds: Dataset | None = None) -> pd.Timestamp:
    """The day the data end: the newest publication date among the models. Charts by year mark
    the year it falls in as partial (`aigrowth.style.mark_partial_year`) unless it is 31 December."""
    return pd.Timestamp((ds or dataset()).models["publication_date"].max())


def byline() -> Markdown:
    """A chapter's first line under its title: the date of its data (the page's title block
    names the authors and the day the site was built)."""
    return Markdown(
        f"[Data as of {fmt_date(data_as_of())}, the release date of the most recent source file "
        "([sources and licences](methods.qmd#sources)).]{.report-data-date}"
    )


def in_short(sentences: list[Markdown]) -> Markdown:
    """A chapter's highlights as a Markdown bullet list, for the last line of a cell inside the
    chapter's "In short" callout (a markdown output: both renderers put it in the page as
    markdown, the same on the web page and in the PDF). Each sentence must state a claim."""
    if not 3 <= len(sentences) <= 5:
        raise ValueError(f"a chapter opens with 3 to 5 highlights, got {len(sentences)}")
    for sentence in sentences:
        if "data-claim=" not in sentence:
            raise ValueError(f"a highlight states a claim: {sentence!r} names none")
    return Markdown("\n".join(f"- {sentence}" for sentence in sentences))


#: A social card's size (the Open Graph image size most sites show whole).
CARD_WIDTH, CARD_HEIGHT = 1200, 630
_cards_written: set[str] = set()


def card_name(document: str | Path) -> str:
    """The social card of a chapter, as its front matter's ``image`` names it."""
    return f"downloads/{Path(document).stem}-card.png"


def _executing_document() -> Path | None:
    """The chapter being executed, from the renderer's QUARTO_EXECUTE_INFO (both renderers)."""
    info_path = os.environ.get("QUARTO_EXECUTE_INFO")
    if not info_path:
        return None
    try:
        info = json.loads(Path(info_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    document = info.get("document-path")
    return Path(document) if isinstance(document, str) else None


def write_card(fig: go.Figure, document: Path) -> Path:
    """The chapter's social card: a static image of its lead figure as print shows it."""
    import plotly.io as pio

    figure = display.for_print(json.loads(pio.to_json(fig, validate=False)))
    png = pio.to_image(figure, format="png", width=CARD_WIDTH, height=CARD_HEIGHT, scale=1, validate=False)
    target = downloads_dir() / Path(card_name(document)).name
    write_bytes_atomic(target, png)
    return target


def show(fig: go.Figure, data: pd.DataFrame) -> None:
    """Show a figure and write the exact data behind it for download, named by its id. The
    first figure of a chapter is its lead figure: it also becomes the chapter's social card."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    slug = meta.get("id")
    if not slug:
        raise ValueError("a report figure needs layout.meta['id'] (the figure builders set it)")
    export_csv(data, slug)
    figure = json.loads(fig.to_json())
    about = sidecar.metadata(
        f"{slug}.csv", display.title_text(figure), data.columns, figure, manifest(), sidecar.build_day()
    )
    write_text_atomic(downloads_dir() / f"{slug}.csv-metadata.json", sidecar.metadata_text(about))
    document = _executing_document()
    if document is not None and str(document) not in _cards_written:
        _cards_written.add(str(document))
        write_card(fig, document)
    fig.show()
