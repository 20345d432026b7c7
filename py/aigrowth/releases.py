"""What changed since the last data release: the headline numbers of each data release the
report published, kept in a small committed file (``report/releases.json``) keyed by the data's
checksums, and the comparison of this build's numbers with the previous release's.

A build records its own release (the numbers of its data) when it executes the changelog page;
a later build on newer data (other checksums) then finds the earlier release in the file and
reports, for every headline number, whether it moved, by how much, and whether the new value
lies outside the old interval. A data refresh fills the page in with no change to the code.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .files import write_text_atomic
from .numbers import Entry

RELEASES_FILE = Path("report") / "releases.json"
#: How many releases the file keeps (the newest); only the previous one is compared.
KEEP = 5
#: Two values closer than this (relative) are the same number: floating-point noise only.
SAME = 1e-9
_KEPT_FIELDS = ("value", "low", "high", "level", "n")


def data_key(record: Mapping[str, Mapping[str, Any]]) -> str:
    """The release's key: a digest of every source file's name and sha256 (from the fetch
    record), so the same data give the same key whenever and wherever they were fetched."""
    if not record:
        raise ValueError("no source file has been fetched: run `python -m aigrowth fetch` first")
    lines = []
    for path in sorted(record):
        sha = record[path].get("sha256")
        if not sha:
            raise ValueError(f"data/raw/RECORD.json: {path} has no sha256")
        lines.append(f"{path}\t{sha}\n")
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()[:16]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def snapshot(entries: Mapping[str, Entry]) -> dict[str, dict[str, Any]]:
    """The part of every headline number a later release is compared with."""
    return {key: {f: entry.get(f) for f in _KEPT_FIELDS} for key, entry in sorted(entries.items())}


def read_releases(path: Path) -> dict[str, dict[str, Any]]:
    """The releases file: key -> {"data_as_of", "numbers"}; an empty mapping when there is none."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path.name} is not valid JSON: {exc}") from None
    releases = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(releases, dict):
        raise ValueError(f'{path.name} must hold {{"releases": {{<data key>: {{...}}}}}}')
    for key, release in releases.items():
        if not isinstance(release, dict) or not isinstance(release.get("numbers"), dict):
            raise ValueError(f"{path.name}: release {key!r} needs its `numbers`")
        if not isinstance(release.get("data_as_of"), str):
            raise ValueError(f"{path.name}: release {key!r} needs `data_as_of` (YYYY-MM-DD)")
    return releases


def releases_text(releases: Mapping[str, Mapping[str, Any]]) -> str:
    return json.dumps({"releases": releases}, indent=1, sort_keys=True, allow_nan=False) + "\n"


def record_release(path: Path, key: str, data_as_of: str, entries: Mapping[str, Entry]) -> bool:
    """Keep this release's numbers in the file (the newest `KEEP` releases). Returns whether the
    file changed: a release already kept is left as it was first published."""
    releases = dict(read_releases(path))
    if key in releases:
        return False
    releases[key] = {"data_as_of": data_as_of, "numbers": snapshot(entries)}
    newest = sorted(releases, key=lambda k: (releases[k]["data_as_of"], k))[-KEEP:]
    write_text_atomic(path, releases_text({k: releases[k] for k in newest}))
    return True


def previous_release(releases: Mapping[str, Mapping[str, Any]], key: str, data_as_of: str) -> str | None:
    """The release before this one: the newest kept release with other data, dated no later."""
    earlier = [k for k, r in releases.items() if k != key and r["data_as_of"] <= data_as_of]
    return max(earlier, key=lambda k: (releases[k]["data_as_of"], k)) if earlier else None


def compare(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Entry]) -> list[dict[str, Any]]:
    """Every headline number in both releases whose value moved: its old and new values, the
    change (absolute and relative), and whether the new value lies outside the old interval.
    Numbers only one release has are listed with `status` "new" or "dropped"."""
    rows: list[dict[str, Any]] = []
    for key in sorted(set(old) | set(new)):
        if key not in new or key not in old:
            source = new.get(key) or old.get(key) or {}
            rows.append(
                {
                    "id": key,
                    "status": "new" if key in new else "dropped",
                    "old": _number(old.get(key, {}).get("value")),
                    "new": _number(new.get(key, {}).get("value")),
                    "subset": source.get("subset"),
                }
            )
            continue
        before, after = _number(old[key].get("value")), _number(new[key].get("value"))
        if before is None or after is None:
            if before != after:
                rows.append(
                    {
                        "id": key,
                        "status": "moved",
                        "old": before,
                        "new": after,
                        "subset": new[key].get("subset"),
                    }
                )
            continue
        change = after - before
        if abs(change) <= SAME * max(abs(before), abs(after), 1e-300):
            continue
        low, high = _number(old[key].get("low")), _number(old[key].get("high"))
        outside = None if low is None or high is None else not (low <= after <= high)
        rows.append(
            {
                "id": key,
                "status": "moved",
                "old": before,
                "new": after,
                "change": change,
                "relative_change": change / before if before else None,
                "old_low": low,
                "old_high": high,
                "outside_old_interval": outside,
                "subset": new[key].get("subset"),
            }
        )
    return rows


def changelog(path: Path, key: str, data_as_of: str, entries: Mapping[str, Entry]) -> dict[str, Any]:
    """The section of numbers.json (and the page) on what changed since the previous release."""
    releases = read_releases(path)
    previous = previous_release(releases, key, data_as_of)
    section: dict[str, Any] = {
        "release": {"key": key, "data_as_of": data_as_of},
        "previous_release": None,
        "changes": [],
    }
    if previous is not None:
        section["previous_release"] = {"key": previous, "data_as_of": releases[previous]["data_as_of"]}
        section["changes"] = compare(releases[previous]["numbers"], entries)
    return section
