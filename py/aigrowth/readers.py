"""Reading raw CSV text strictly, so that every problem is reported with file, column and row.

The Epoch files quote fields with embedded newlines, so rows are CSV records, not lines; row
numbers in messages count records after the header, starting at 1. Blank lines, and lines of
nothing but spaces or tabs, are skipped wherever they are (spreadsheets leave them at the end).
A NUL byte is an error: it is never text, and a reader that stops at it splits a record.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd

from .errors import DataError

BOM = "\ufeff"


def decode_text(data: bytes, file: str | Path) -> str:
    """UTF-8 text of a file; a leading byte-order mark is dropped (a documented rule: some
    spreadsheet exports add one). Anything else that is not UTF-8 is an error naming the row."""
    if not data.strip():
        raise DataError(file, "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        row = data[: err.start].count(b"\n")  # line 0 is the header
        raise DataError(
            file,
            f"not UTF-8 text: byte 0x{data[err.start]:02x} at offset {err.start}",
            row=row if row > 0 else None,
            hint="save the file as UTF-8",
        ) from None
    return text[1:] if text.startswith(BOM) else text


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise DataError(path, "file not found", hint="run `make data` to fetch the sources")
    return path.read_bytes()


def parse_csv(text: str, file: str | Path) -> pd.DataFrame:
    """Parse CSV text into a frame of strings (missing cells as None), checking that every
    record has as many fields as the header and that the file does not end mid-record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(file, "the file is empty") from None
    except csv.Error as err:
        raise DataError(file, f"the header cannot be parsed: {err}") from None
    header = [h.strip() for h in header]
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        sep = next(s for s in (";", "\t", "|") if s in header[0])
        raise DataError(
            file,
            "the header has a single column",
            hint=f"the file seems to use {sep!r} as delimiter; the sources are comma-separated",
        )
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise DataError(file, f"duplicated column names {duplicated}")
    if "\x00" in "".join(header):
        raise DataError(file, "a NUL byte in the header", hint="the file is corrupt or not text")
    rows: list[list[str]] = []
    width = len(header)
    try:
        for record in reader:
            if not record or (len(record) == 1 and not record[0].strip()):  # a blank line
                continue
            if len(record) != width:
                row = len(rows) + 1
                is_last = next(reader, None) is None
                truncated = is_last and not text.endswith(("\n", "\r"))
                problem = (
                    f"the file ends mid-record: the last row has {len(record)} of {width} fields"
                    if truncated and len(record) < width
                    else f"row has {len(record)} fields, the header has {width}"
                )
                raise DataError(file, problem, row=row)
            rows.append(record)
    except csv.Error as err:
        raise DataError(
            file,
            f"the file ends inside a quoted field or is malformed: {err}",
            row=len(rows) + 1,
            hint="the file looks truncated; fetch it again with `make data`",
        ) from None
    if "\x00" in text:
        _raise_at_nul(rows, header, file)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return frame.replace("", None) if len(frame) else frame


def _raise_at_nul(rows: list[list[str]], header: list[str], file: str | Path) -> None:
    for number, record in enumerate(rows, start=1):
        for column, cell in zip(header, record, strict=False):
            if "\x00" in cell:
                raise DataError(
                    file,
                    f"a NUL byte in {cell.replace(chr(0), '<NUL>')[:80]!r}",
                    column=column,
                    row=number,
                    hint="the file is corrupt or not text",
                )


def read_csv_file(path: Path) -> pd.DataFrame:
    """Read a raw CSV file strictly (see `parse_csv`)."""
    return parse_csv(decode_text(read_bytes(path), path), path)


def read_csv_member(path: Path, member: str) -> pd.DataFrame:
    """Read one CSV member of a zip file strictly; names the zip and the member in errors."""
    data = read_bytes(path)
    label = f"{path}!{member}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if member not in names:
                raise DataError(path, f"the zip has no member {member!r} (it has {names})")
            content = archive.read(member)
    except zipfile.BadZipFile as err:
        raise DataError(path, f"not a readable zip file: {err}") from None
    return parse_csv(decode_text(content, label), label)
