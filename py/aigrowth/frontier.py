"""Which models count as "frontier": the definitions the report uses, side by side.

Epoch AI's own `Frontier model` flag marks models that were among the top 10 by training
compute when released, but the flag stops in mid-2025 (see PROVENANCE.md), so the report also
computes the same rule itself from the compute column: `top_n_at_release`.
"""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd


def top_n_at_release(
    dates: pd.Series, compute: pd.Series, n: int = 10
) -> pd.Series:
    """True where a model's compute was among the `n` largest of all models released up to and
    including its publication date (ties at the date count as released together).

    Models without a date or a compute value are never frontier under this rule.
    Returns a boolean Series aligned with the inputs.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    known = dates.notna() & compute.notna() & (compute > 0)
    result = pd.Series(False, index=dates.index)
    if not known.any():
        return result
    order = dates[known].sort_values(kind="mergesort").index
    d = dates.loc[order].to_numpy()
    c = compute.loc[order].to_numpy(dtype=float)
    flags = np.zeros(len(order), dtype=bool)
    # Walk through release dates keeping the n largest values seen so far in a min-heap; every
    # model released on the same day joins the heap before that day's models are judged.
    top: list[float] = []
    start = 0
    while start < len(order):
        end = start
        while end < len(order) and d[end] == d[start]:
            end += 1
        for value in c[start:end]:
            if len(top) < n:
                heapq.heappush(top, value)
            elif value > top[0]:
                heapq.heapreplace(top, value)
        threshold = top[0] if len(top) >= n else -np.inf
        flags[start:end] = c[start:end] >= threshold
        start = end
    result.loc[order] = flags
    return result
