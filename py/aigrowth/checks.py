"""Checks a function makes of the frame it is given, with errors that say what is missing."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def require_columns(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise a ValueError naming the columns `df` lacks for building `what`."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} needs a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} needs columns {missing}, which the frame lacks")


def require_rows(df: pd.DataFrame, what: str) -> None:
    """A chart or table of nothing is a bug upstream: say so instead of drawing it empty."""
    if df.empty:
        raise ValueError(f"{what}: no rows to show")
