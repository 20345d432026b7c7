"""The description of a chart's CSV download, written beside it as ``<name>.csv-metadata.json``
(the W3C "CSV on the Web" convention for a sidecar file), so the CSV itself stays plain:
where the data come from, under which licence, when the file was built, and each column's
header, unit and meaning (units and meanings from the variables registry)."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from collections.abc import Iterable
from typing import Any

from .sources import Manifest
from .variables import VARIABLES

CONTEXT = "http://www.w3.org/ns/csvw"
_TAG = re.compile(r"<[^>]*>")


def build_day() -> dt.date:
    """Today (UTC), or the day of ``SOURCE_DATE_EPOCH`` when set (a repeatable build)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date()


def plain_text(markup: str) -> str:
    """A chart's source line without its markup (``<br>``, links), as plain text."""
    return " ".join(html.unescape(_TAG.sub(" ", markup.replace("<br>", " "))).split())


def source_line(fig_dict: dict[str, Any]) -> str:
    """The text of the chart's source annotation (named "source" by aigrowth.style.source)."""
    for note in (fig_dict.get("layout") or {}).get("annotations") or []:
        if note.get("name") == "source" and note.get("text"):
            return plain_text(str(note["text"]))
    raise ValueError("a report figure needs its source line (aigrowth.style.source.add_source_line)")


def licences(source: str, sources: Manifest) -> list[dict[str, str]]:
    """The publishers the source line credits, with their licences."""
    found: list[dict[str, str]] = []
    for publisher in sources.publishers.values():
        entry = {"publisher": publisher.name, "licence": publisher.licence, "url": publisher.licence_url}
        if (plain_text(publisher.credit) in source or publisher.name in source) and entry not in found:
            found.append(entry)
    if not found:
        raise ValueError(f"the source line {source!r} credits no publisher of the source manifest")
    return found


def column(name: str) -> dict[str, Any]:
    """One column's description: its header in the CSV and, for a registered variable, its unit."""
    record = VARIABLES.get(name)
    if record is None:
        return {"name": name, "titles": name}
    return {"name": name, "titles": record.header, "unit": record.unit, "dc:description": record.description}


def metadata(
    csv_name: str,
    title: str,
    columns: Iterable[str],
    fig_dict: dict[str, Any],
    sources: Manifest,
    built: dt.date,
) -> dict[str, Any]:
    source = source_line(fig_dict)
    return {
        "@context": CONTEXT,
        "url": csv_name,
        "dc:title": title,
        "dc:source": source,
        "dc:license": licences(source, sources),
        "dc:created": built.isoformat(),
        "tableSchema": {"columns": [column(str(c)) for c in columns]},
    }


def metadata_text(meta: dict[str, Any]) -> str:
    return json.dumps(meta, indent=2, ensure_ascii=False) + "\n"
