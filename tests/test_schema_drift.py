"""Epoch's older column names load to the same columns and values as the current ones."""

from __future__ import annotations

import pandas as pd

from aigrowth.cleaning import CleaningLog
from aigrowth.loaders import load_epoch_models
from aigrowth.schema import EPOCH_RENAMES
from conftest import csv_text

CURRENT_HEADER = [
    "Model", "Organization", "Publication date", "Domain", "Parameters", "Training compute (FLOP)",
    "Country (of organization)", "Hardware utilization (MFU)", "Training dataset size (total)",
    "Training compute cost (2023 USD)", "Frontier model",
]
ROWS = [
    ["Alpha", "Lab A", "2020-01-15", "Language", "1e6", "1e21", "United States of America", "0.4", "5e9", "1200", "True"],
    ["Beta", "Lab B", "2024-06-01", "Vision", "2e6", "3e21", "China", "", "9000000,9000000", "", ""],
]
# April 2025 (baseline), December 2025 and the large-scale file's names for the same columns.
OLD_NAMES = {
    "April 2025": {"Country (of organization)": "Country (from Organization)",
                   "Hardware utilization (MFU)": "Hardware utilization",
                   "Training dataset size (total)": "Training dataset size (datapoints)"},
    "December 2025": {"Training dataset size (total)": "Training dataset size (gradients)"},
    "large-scale file": {"Training dataset size (total)": "(DEPRECATED) Training dataset size (datapoints)"},
}


def test_every_old_name_is_in_the_rename_map():
    for renames in OLD_NAMES.values():
        for new, old in renames.items():
            assert EPOCH_RENAMES[old] == new


def test_old_schemas_load_to_the_same_frame(tmp_path):
    current_path = tmp_path / "current.csv"
    current_path.write_text(csv_text(CURRENT_HEADER, ROWS), encoding="utf-8")
    current = load_epoch_models(current_path, CleaningLog())
    for release, renames in OLD_NAMES.items():
        header = [renames.get(h, h) for h in CURRENT_HEADER]
        if release == "April 2025":  # that release had no cost or frontier columns
            keep = [i for i, h in enumerate(header) if h not in ("Training compute cost (2023 USD)", "Frontier model")]
            header = [header[i] for i in keep]
            rows = [[r[i] for i in keep] for r in ROWS]
        else:
            rows = ROWS
        path = tmp_path / f"{release}.csv"
        path.write_text(csv_text(header, rows), encoding="utf-8")
        log = CleaningLog()
        old = load_epoch_models(path, log)
        assert list(old.columns) == list(current.columns), release
        shared = ["model", "country", "countries", "hardware_utilization", "dataset_size", "compute_flop"]
        pd.testing.assert_frame_equal(old[shared], current[shared], check_dtype=True)
        assert any("renamed in a later release" in d.rule for d in log), release


def test_real_all_models_file_in_april_2025_header(tmp_path, real_dataset):
    """The real March 2026 file with its header rewritten to April 2025 names loads identically."""
    from aigrowth.paths import raw_dir

    text = (raw_dir() / "epoch" / "all_ai_models.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    for new, old in OLD_NAMES["April 2025"].items():
        header = header.replace(new, old)
    path = tmp_path / "all_ai_models.csv"
    path.write_text(header + "\n" + rest, encoding="utf-8")
    old = load_epoch_models(path, CleaningLog())
    current = real_dataset.epoch_files["all"]
    pd.testing.assert_frame_equal(old.drop(columns="source_row"), current.drop(columns="source_row"))
