"""The headline numbers computed once per data and code, shared by every chapter's kernel.

Each chapter runs in its own Jupyter kernel, and every chapter reads the headline numbers and
draws their trends. Computing them (bootstraps, the break search, the regression) in every
kernel would repeat the same work seven times, so the first kernel writes its results to
`.cache/numbers/` under the project root (git-ignored), keyed by a digest of the raw data files
and of this package's sources, and the others read them. A change to a data file or to any
module of the package gives a new key, so a stale result is never read.

The file is written atomically, under a lock, so two kernels starting at once compute it once
and never read half a file. It is JSON (infinite doubling-time bounds as `Infinity`), which
round-trips every float exactly.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from aigrowth.claims import Claim
from aigrowth.constants import N_BOOT, SEED
from aigrowth.files import write_text_atomic
from aigrowth.numbers import Results, compute
from aigrowth.paths import RECORD_NAME, cache_dir, raw_dir
from aigrowth.trends import TrendFit

#: Bump when the cached file's layout changes.
FORMAT = 2
PACKAGE = Path(__file__).resolve().parent


def _digest_files(root: Path, paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def data_digest(raw: Path | None = None) -> str:
    """A digest of every data file in `raw` (the fetch record aside: it holds access times)."""
    raw = raw or raw_dir()
    files = sorted(
        p for p in raw.rglob("*") if p.is_file() and p.name != RECORD_NAME and not p.name.startswith(".")
    )
    return _digest_files(raw, files)


def code_digest() -> str:
    """A digest of this package's Python sources."""
    return _digest_files(PACKAGE, sorted(PACKAGE.rglob("*.py")))


def cache_key(raw: Path | None = None, n_boot: int = N_BOOT, seed: int = SEED) -> str:
    parts = f"{FORMAT}:{data_digest(raw)}:{code_digest()}:{n_boot}:{seed}"
    return hashlib.sha256(parts.encode("utf-8")).hexdigest()[:24]


def _table(frame: pd.DataFrame) -> dict[str, Any]:
    """A results table as JSON: columns and rows (dates as ISO text, numpy scalars as Python)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")

    def plain(v: Any) -> Any:
        if v is pd.NA or v is pd.NaT:
            return None
        return v.item() if hasattr(v, "item") else v

    rows = [[plain(v) for v in row] for row in out.itertuples(index=False)]
    return {"columns": [str(c) for c in out.columns], "rows": rows}


def _dumps(results: Results) -> str:
    return json.dumps(
        {
            "entries": results.entries,
            "fits": {name: fit.as_dict() for name, fit in results.fits.items()},
            "claims": [claim.as_dict() for claim in results.claim_list],
            "tables": {name: _table(frame) for name, frame in results.tables.items()},
        },
        sort_keys=True,
    )


def _loads(text: str) -> Results:
    data: dict[str, Any] = json.loads(text)
    tables = {name: pd.DataFrame(t["rows"], columns=t["columns"]) for name, t in data["tables"].items()}
    return Results(
        data["entries"],
        {name: TrendFit(**fit) for name, fit in data["fits"].items()},
        tuple(Claim.from_dict(c) for c in data["claims"]),
        tables,
    )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (where the platform has one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # no advisory locks (Windows): the atomic write still keeps it whole
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached_results(
    ds: Any, raw: Path | None = None, n_boot: int = N_BOOT, seed: int = SEED, folder: Path | None = None
) -> Results:
    """The results of `aigrowth.numbers.compute(ds)` for the data in `raw`: read from the cache
    when this data and code computed them before, else computed and stored."""
    folder = folder or cache_dir() / "numbers"
    target = folder / f"numbers-{cache_key(raw, n_boot, seed)}.json"
    with _locked(folder / ".lock"):
        if target.is_file():
            try:
                return _loads(target.read_text(encoding="utf-8"))
            except (ValueError, KeyError, TypeError):
                pass  # an unreadable cache file is recomputed and replaced
        results = compute(ds, n_boot, seed)
        write_text_atomic(target, _dumps(results))
        for old in folder.glob("numbers-*.json"):
            if old != target:
                old.unlink(missing_ok=True)
        return results
