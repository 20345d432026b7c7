"""A short plain-text summary of the loaded data, for `python -m aigrowth check`."""

from __future__ import annotations

import pandas as pd

from .data import EPOCH_FILES, Dataset


def _range(dates: pd.Series) -> str:
    dates = dates.dropna()
    return f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "no dates"


def summarise(ds: Dataset) -> str:
    lines = ["Sources (rows after cleaning, date range):"]
    for name, path in EPOCH_FILES.items():
        frame = ds.epoch_files[name]
        lines.append(f"  {path:<55} {len(frame):>6,}  {_range(frame['publication_date'])}")
    lines.append(
        f"  {'epoch/ml_hardware.csv':<55} {len(ds.hardware):>6,}  {_range(ds.hardware['release_date'])}"
    )
    lines.append(f"  {'gta/interventions.csv':<55} {len(ds.gta):>6,}  {_range(ds.gta['date'])}")
    years = ds.pub_share["year"]
    lines.append(
        f"  {'oecd/oecd-ai-data.zip':<55} {len(ds.pub_share):>6,}  {years.min()} to {years.max()} (years)"
    )
    years = ds.owid_large_scale["year"]
    lines.append(
        f"  {'owid/cumulative-number-of-large-scale-…':<55} {len(ds.owid_large_scale):>6,}  {years.min()} to {years.max()} (years)"
    )

    m = ds.models
    lines += [
        "",
        f"Merged table: {len(m):,} models, {_range(m['publication_date'])}; "
        f"{m['compute_flop'].notna().sum():,} with compute, {m['parameters'].notna().sum():,} with parameters, "
        f"{m['cost_usd_2023'].notna().sum():,} with cost, {m['power_w'].notna().sum():,} with power.",
        f"  notable {m['is_notable'].sum():,}; large-scale {m['is_large_scale'].sum():,}; "
        f"frontier (Epoch flag) {m['frontier_epoch'].sum():,}; frontier (top 10 at release) {m['frontier_top10'].sum():,}",
        f"  countries credited: {ds.model_countries['iso3'].nunique()} ({len(ds.model_countries):,} model-country rows)",
        "",
        "Cleaning decisions (rows touched):",
    ]
    for d in ds.log:
        if d.rows:
            lines.append(f"  {d.source:<38} {d.rows:>6,}  {d.rule}")
    return "\n".join(lines)
