"""The one error type for bad input, with the file, column and row it concerns."""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """A source file is missing, unreadable or does not hold what the report needs.

    The message always names the file; it names the column and the data row (1 = the first
    record after the header) where that helps the reader find the problem.
    """

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        column: str | None = None,
        row: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.file = str(file)
        self.column = column
        self.row = row
        self.problem = problem
        self.hint = hint
        where = [f"file {self.file}"]
        if column is not None:
            where.append(f"column {column!r}")
        if row is not None:
            where.append(f"row {row}")
        message = f"{', '.join(where)}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)
