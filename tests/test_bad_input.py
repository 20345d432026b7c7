"""The bad-input corpus (`tests/corpus.py`) through each file's own loader: every case stops with
a DataError whose message names the file, the column and the row, or is a documented rule whose
row count appears in the cleaning log. Then the loaders' behaviour on good input, and the
merge across files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from aigrowth.acquire import read_record
from aigrowth.cleaning import CleaningLog
from aigrowth.errors import DataError
from aigrowth.loaders import (
    load_epoch_models,
    load_gta,
    load_oecd,
    load_owid,
    load_source,
)
from aigrowth.sources import manifest
from conftest import EPOCH_GOOD_ROWS, EPOCH_MIN_HEADER
from corpus import CASES, NEW_IN_ISSUE_13, RECORD, Case, broken_files
from fixtures import tinyraw


def load_case(case: Case, folder: Path, log: CleaningLog) -> pd.DataFrame | dict:
    tinyraw.write(folder, {k: v for k, v in broken_files(case).items() if v is not None and (k == case.file)})
    if case.file == RECORD:
        return read_record(folder)
    return load_source(manifest().file(case.file), folder / case.file, log)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_case(case: Case, tmp_path: Path) -> None:
    log = CleaningLog()
    if case.error:
        with pytest.raises(DataError) as caught:
            load_case(case, tmp_path, log)
        message = str(caught.value)
        assert message.startswith(f"file {tmp_path}"), message  # every message names the file
        assert __import__("re").search(case.error, message), f"{message!r} does not match {case.error!r}"
        return
    frame = load_case(case, tmp_path, log)
    if case.rule:
        touched = [d for d in log if case.rule in d.rule and d.rows]
        assert touched and touched[0].rows == case.rows, [(d.rule, d.rows) for d in log if d.rows]
    if case.expect:
        assert case.expect(frame), frame


def test_the_corpus_grew_by_more_than_25_cases_across_the_classes() -> None:
    assert len(NEW_IN_ISSUE_13) >= 25
    assert {c.klass for c in NEW_IN_ISSUE_13} == {"numbers", "traceback", "smaller"}
    assert len({c.id for c in CASES}) == len(CASES)


def test_every_tiny_file_loads_with_its_loader(tmp_path: Path) -> None:
    """The corpus breaks one file of a set that is otherwise good."""
    tinyraw.write(tmp_path)
    for src in manifest().files:
        assert len(load_source(src, tmp_path / src.path, CleaningLog())) > 0, src.path


# -- good input, read right ---------------------------------------------------------------------
def test_good_minimal_file_loads_typed(write_csv):
    frame = load_epoch_models(write_csv("models.csv", EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS), CleaningLog())
    assert list(frame["model"]) == ["Alpha", "Beta", "Gamma"]
    assert frame["frontier_model"].tolist() == [True, False, False]
    assert frame["open_weights"].tolist()[:2] == [True, False]
    assert frame["open_weights"].isna().tolist()[2]
    assert frame["countries"].tolist() == [("USA",), ("CHN",), ("KOR",)]
    assert str(frame["publication_date"].dtype) == "datetime64[ns]"
    assert frame["cost_usd_2023"].isna().all()  # optional columns absent from the file exist, empty


def test_bom_and_crlf_load_like_plain_utf8(write_csv):
    from conftest import csv_text

    text = csv_text(EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS)
    plain = load_epoch_models(write_csv("plain.csv", text=text), CleaningLog())
    windows = load_epoch_models(write_csv("windows.csv", data=b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()), CleaningLog())
    assert windows.equals(plain)


def test_dates_are_judged_against_the_release_not_the_clock(write_csv):
    """The same file passes or fails by its recorded release date alone."""
    rows = [list(r) for r in EPOCH_GOOD_ROWS]
    rows[0][2] = "2030-01-01"  # Alpha, 10^21 FLOP: it would top the other two
    path = write_csv("models.csv", EPOCH_MIN_HEADER, rows)
    assert len(load_epoch_models(path, CleaningLog(), released=pd.Timestamp("2031-01-01").date())) == 3
    with pytest.raises(DataError, match=r"row 1: a model of 1e\+21 FLOP dated 2030-01-01, after the file's release \(2029-06-30\)"):
        load_epoch_models(path, CleaningLog(), released=pd.Timestamp("2029-06-30").date())


def test_oecd_loads_shares_with_codes_as_written(tmp_path):
    path = tmp_path / "oecd.zip"
    path.write_bytes(tinyraw.zipped(tinyraw.OECD_MEMBER))
    frame = load_oecd(path, CleaningLog())
    assert frame["iso3"].tolist()[:4] == ["USA", "CHN", "EU27", "GBR"]
    assert frame["country_name"].tolist()[:3] == ["United States", "China", "European Union (27)"]


def test_owid_aggregates_have_no_iso3_and_counts_are_whole(write_csv):
    rows = [["World", "OWID_WRL", "2020", "5"], ["France", "FRA", "2020", "2"], ["Europe", "", "2020", "3"]]
    frame = load_owid(write_csv("owid.csv", ["Entity", "Code", "Year", "Value"], rows), CleaningLog(), "Value", counts=True)
    assert frame["iso3"].isna().tolist() == [True, False, True] and frame.at[1, "iso3"] == "FRA"
    assert frame["value"].tolist() == [5, 2, 3]


def test_gta_dates_by_announcement_and_credits_each_country(write_csv):
    header = tinyraw.GTA_HEADER[:-1]
    rows = [["1", "Act", "Red", "Japan", "Export ban", "China,Hong Kong", "2021-05-01", "", "", "1"]]
    log = CleaningLog()
    frame = load_gta(write_csv("gta.csv", header, rows), log)
    assert frame["year"].tolist() == [2021]
    assert frame["affected_iso3"].tolist() == [("CHN", "HKG")]


# -- across files -------------------------------------------------------------------------------
def test_model_in_two_files_is_one_row_in_the_merged_table(write_csv, tmp_path):
    from aigrowth.table import MergeInputs, build_models

    log = CleaningLog()
    all_models = load_epoch_models(write_csv("all.csv", EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS), log)
    notable_rows = [["ALPHA ", "Lab A", "2020-01-15", "Language", "1000000", "2e21", "United States of America", "True", "Yes"],
                    ["Delta", "Lab D", "2024-01-01", "Language", "5000000", "4e22", "France", "", "Yes"]]
    notable = load_epoch_models(write_csv("notable.csv", EPOCH_MIN_HEADER, notable_rows), log)
    empty = notable.iloc[0:0]
    gta = load_gta(write_csv("gta.csv", tinyraw.GTA_HEADER, [r.split("|") for r in [
        "1|Act|Red|Japan|Export ban|China|2020-01-01|2020-02-01||1|"]]), log)
    oecd = tmp_path / "oecd.zip"
    oecd.write_bytes(tinyraw.zipped(tinyraw.OECD_MEMBER))
    models, _ = build_models(MergeInputs(epoch={"all": all_models, "notable": notable, "large_scale": empty,
                                                "frontier": empty}, gta=gta, pub_share=load_oecd(oecd, log)), log)
    assert sorted(models["model_key"].str.strip()) == ["alpha", "beta", "delta", "gamma"]
    assert models["model_key"].is_unique
