"""The changelog page (report/changelog.qmd): which headline numbers moved since the previous
data release the report published, by how much, and whether each new value lies outside the
old interval (`aigrowth.releases`). Executing the page records this release's numbers, so the
next data refresh has them to compare with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from great_tables import GT

from .. import fmt, releases
from ..data import Dataset
from ..numbers import Entry
from ..paths import project_root
from ..tables import style_table
from .common import data_as_of, dataset, results

NOTE = "Headline numbers of numbers.json; previous release: report/releases.json"


def release(ds: Dataset | None = None) -> tuple[str, str]:
    """A build's release: the key of its data and the date of its data."""
    ds = ds or dataset()
    return releases.data_key(ds.record), data_as_of(ds).date().isoformat()


def section(ds: Dataset | None = None, entries: Mapping[str, Entry] | None = None) -> dict[str, Any]:
    """The "changes since the last release" section of numbers.json and of the page (for the
    chapters' data and numbers, or for `ds` and `entries`)."""
    key, day = release(ds)
    return releases.changelog(
        project_root() / releases.RELEASES_FILE, key, day, results().entries if entries is None else entries
    )


def record() -> bool:
    """Keep this release's headline numbers for the next release to compare with."""
    key, day = release()
    return releases.record_release(project_root() / releases.RELEASES_FILE, key, day, results().entries)


def _value(x: Any) -> str:
    return fmt.MISSING if x is None else fmt.fmt_number(x, sig=3)


def summary(changes: dict[str, Any]) -> fmt.Markdown:
    """The page's first paragraph: the two releases and how many numbers moved."""
    now = changes["release"]
    before = changes["previous_release"]
    if before is None:
        return fmt.Markdown(
            f"This build's data (release `{now['key']}`, data as of {fmt.fmt_date(now['data_as_of'])}) are the "
            "first release the report has published: there is no earlier release to compare with yet. "
            "The next data refresh will list here every headline number that moved."
        )
    moved = [c for c in changes["changes"] if c["status"] == "moved"]
    outside = [c for c in moved if c.get("outside_old_interval")]
    added = [c for c in changes["changes"] if c["status"] == "new"]
    dropped = [c for c in changes["changes"] if c["status"] == "dropped"]
    return fmt.Markdown(
        f"This build's data (release `{now['key']}`, data as of {fmt.fmt_date(now['data_as_of'])}) replace the "
        f"release `{before['key']}` (data as of {fmt.fmt_date(before['data_as_of'])}). Since then "
        f"{fmt.fmt_count(len(moved))} headline numbers have moved, {fmt.fmt_count(len(outside))} of them to a "
        f"value outside the previous release's interval; {fmt.fmt_count(len(added))} are new and "
        f"{fmt.fmt_count(len(dropped))} are no longer computed."
    )


def changes_frame(changes: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for c in changes["changes"]:
        interval = (
            f"{_value(c['old_low'])} to {_value(c['old_high'])}"
            if c.get("old_low") is not None
            else fmt.MISSING
        )
        outside = c.get("outside_old_interval")
        rows.append(
            {
                "number": c["id"],
                "what": c.get("subset") or "",
                "previous": _value(c.get("old")),
                "interval": interval,
                "now": _value(c.get("new")),
                "change": fmt.MISSING
                if c.get("change") is None
                else fmt.fmt_pct(100 * c["relative_change"], sig=2)
                if c.get("relative_change") is not None
                else _value(c["change"]),
                "outside": {True: "outside", False: "inside", None: fmt.MISSING}[outside]
                if c["status"] == "moved"
                else c["status"],
            }
        )
    return pd.DataFrame(rows, columns=["number", "what", "previous", "interval", "now", "change", "outside"])


def changes_table(changes: dict[str, Any]) -> GT | fmt.Markdown:
    frame = changes_frame(changes)
    if frame.empty:
        if changes["previous_release"] is None:
            return fmt.Markdown("")
        return fmt.Markdown("No headline number moved.")
    frame = frame.sort_values(
        ["outside", "number"], key=lambda s: s.map({"outside": "0"}).fillna(s), kind="mergesort"
    )
    gt = GT(frame, id="tbl-changelog").cols_label(
        number="Number",
        previous="Previous release",
        interval="Previous interval",
        now="This release",
        change="Change",
        outside="New value vs old interval",
    )
    return style_table(gt, source_note=NOTE)
