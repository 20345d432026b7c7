"""A record of every cleaning decision and how many rows it touched (shown in the report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


def short_source(source: str) -> str:
    """A file path shortened to `<publisher folder>/<file>`, as the report shows it."""
    parts = Path(source).parts
    return "/".join(parts[-2:]) if len(parts) > 2 else source


@dataclass(frozen=True)
class Decision:
    source: str  # the file or step, e.g. "epoch/all_ai_models.csv" or "merge"
    rule: str  # what was done, in words a reader understands
    rows: int  # how many rows (or cells, when `unit` says so) it touched
    unit: str = "rows"


@dataclass
class CleaningLog:
    decisions: list[Decision] = field(default_factory=list)

    def add(self, source: str, rule: str, rows: int, unit: str = "rows") -> None:
        """Record a decision; decisions that touched nothing are kept too (they show the rule
        was checked), so the log reads the same for every release."""
        self.decisions.append(Decision(short_source(source), rule, int(rows), unit))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([d.__dict__ for d in self.decisions], columns=["source", "rule", "rows", "unit"])

    def __iter__(self):
        return iter(self.decisions)

    def __len__(self) -> int:
        return len(self.decisions)
