"""Small crafted bad files: each failure gives a clear message naming file, column and row."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from aigrowth.cleaning import CleaningLog
from aigrowth.errors import DataError
from aigrowth.loaders import load_epoch_models, load_gta, load_oecd, load_owid
from conftest import EPOCH_GOOD_ROWS, EPOCH_MIN_HEADER, csv_text


def load(path: Path):
    return load_epoch_models(path, CleaningLog())


def with_cell(column: str, value: str, row: int = 1) -> list[list[str]]:
    rows = [list(r) for r in EPOCH_GOOD_ROWS]
    rows[row - 1][EPOCH_MIN_HEADER.index(column)] = value
    return rows


def test_good_minimal_file_loads_typed(write_csv):
    frame = load(write_csv("models.csv", EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS))
    assert list(frame["model"]) == ["Alpha", "Beta", "Gamma"]
    assert frame["frontier_model"].tolist() == [True, False, False]
    assert frame["open_weights"].tolist()[:2] == [True, False]
    assert frame["open_weights"].isna().tolist()[2]
    assert frame["countries"].tolist() == [("USA",), ("CHN",), ("KOR",)]
    assert str(frame["publication_date"].dtype) == "datetime64[ns]"
    # Optional columns absent from the file exist, empty.
    assert frame["cost_usd_2023"].isna().all()


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"nope\.csv: file not found \(run `make data`"):
        load(tmp_path / "nope.csv")


def test_empty_file(write_csv):
    with pytest.raises(DataError, match=r"empty\.csv: the file is empty"):
        load(write_csv("empty.csv", text=""))


def test_header_without_rows(write_csv):
    with pytest.raises(DataError, match="header but no rows"):
        load(write_csv("header.csv", EPOCH_MIN_HEADER, []))


def test_truncated_inside_quoted_field(write_csv):
    text = csv_text(EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS) + 'Delta,"Lab D, with a quote that never ends\n'
    with pytest.raises(DataError, match=r"row 4: the file ends inside a quoted field.*looks truncated"):
        load(write_csv("trunc.csv", text=text))


def test_truncated_mid_row(write_csv):
    text = csv_text(EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS) + "Delta,Lab D,2023-01-01"
    with pytest.raises(DataError, match=r"row 4: the file ends mid-record: the last row has 3 of 9 fields"):
        load(write_csv("trunc.csv", text=text))


def test_row_with_extra_fields(write_csv):
    rows = [list(r) for r in EPOCH_GOOD_ROWS]
    rows[1].append("surplus")
    with pytest.raises(DataError, match=r"row 2: row has 10 fields, the header has 9"):
        load(write_csv("extra.csv", EPOCH_MIN_HEADER, rows))


def test_wrong_encoding(write_csv):
    text = csv_text(EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS).replace("Lab C", "Laboratoire Ç")
    with pytest.raises(DataError, match=r"latin\.csv, row 3: not UTF-8 text: byte 0xc7.*save the file as UTF-8"):
        load(write_csv("latin.csv", data=text.encode("latin-1")))


def test_byte_order_mark_is_accepted(write_csv):
    data = "\ufeff".encode() + csv_text(EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS).encode()
    assert len(load(write_csv("bom.csv", data=data))) == 3


def test_wrong_delimiter(write_csv):
    text = csv_text(EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS).replace(",", ";")
    with pytest.raises(DataError, match=r"single column.*seems to use ';' as delimiter"):
        load(write_csv("semi.csv", text=text))


def test_missing_required_column_names_it_and_suggests(write_csv):
    header = ["Model name" if h == "Model" else h for h in EPOCH_MIN_HEADER]
    with pytest.raises(DataError, match=r"column 'Model': unknown schema: required column\(s\) \['Model'\] not found \('Model' may be 'Model name'"):
        load(write_csv("renamed.csv", header, EPOCH_GOOD_ROWS))


def test_duplicated_column(write_csv):
    header = EPOCH_MIN_HEADER[:-1] + ["Model"]
    with pytest.raises(DataError, match=r"duplicated column names \['Model'\]"):
        load(write_csv("dup.csv", header, EPOCH_GOOD_ROWS))


def test_non_numeric_value_names_column_and_row(write_csv):
    path = write_csv("nan.csv", EPOCH_MIN_HEADER, with_cell("Training compute (FLOP)", "about 1e21", row=2))
    with pytest.raises(DataError, match=r"nan\.csv, column 'Training compute \(FLOP\)', row 2: not a number: 'about 1e21'"):
        load(path)


def test_negative_value_where_logs_are_taken(write_csv):
    path = write_csv("neg.csv", EPOCH_MIN_HEADER, with_cell("Parameters", "-5", row=3))
    with pytest.raises(DataError, match=r"column 'Parameters', row 3: negative value '-5'"):
        load(path)


def test_zero_compute_becomes_missing_and_is_logged(write_csv):
    log = CleaningLog()
    frame = load_epoch_models(write_csv("zero.csv", EPOCH_MIN_HEADER, with_cell("Training compute (FLOP)", "0")), log)
    assert frame["compute_flop"].isna().sum() == 2
    assert any("zero read as missing" in d.rule and d.rows == 1 for d in log)


def test_implausible_magnitude(write_csv):
    path = write_csv("huge.csv", EPOCH_MIN_HEADER, with_cell("Training compute (FLOP)", "1e35", row=2))
    with pytest.raises(DataError, match=r"column 'compute_flop', row 2: implausible value 1e\+35"):
        load(path)


def test_unparseable_date(write_csv):
    path = write_csv("date.csv", EPOCH_MIN_HEADER, with_cell("Publication date", "March 2021", row=2))
    with pytest.raises(DataError, match=r"column 'Publication date', row 2: not a date \(YYYY-MM-DD\): 'March 2021'"):
        load(path)


def test_date_out_of_range(write_csv):
    path = write_csv("future.csv", EPOCH_MIN_HEADER, with_cell("Publication date", "2999-01-01", row=1))
    with pytest.raises(DataError, match=r"row 1: date '2999-01-01' out of range"):
        load(path)


def test_bad_flag(write_csv):
    path = write_csv("flag.csv", EPOCH_MIN_HEADER, with_cell("Frontier model", "Unknown", row=3))
    with pytest.raises(DataError, match=r"column 'Frontier model', row 3: not a flag"):
        load(path)


def test_unknown_country_names_value(write_csv):
    path = write_csv("country.csv", EPOCH_MIN_HEADER, with_cell("Country (of organization)", "Atlantis", row=2))
    with pytest.raises(DataError, match=r"column 'Country \(of organization\)', row 2: country name 'Atlantis' is not known \(add it to data/country_overrides\.csv"):
        load(path)


def test_duplicated_model_keeps_most_complete_row_and_logs(write_csv):
    rows = [list(r) for r in EPOCH_GOOD_ROWS] + [["alpha ", "", "2020-01-15", "Language", "", "", "", "", ""]]
    log = CleaningLog()
    frame = load_epoch_models(write_csv("dups.csv", EPOCH_MIN_HEADER, rows), log)
    assert len(frame) == 3
    assert frame.loc[frame["model_key"] == "alpha", "organization"].item() == "Lab A"
    assert any(d.rule.startswith("second listings") and d.rows == 1 for d in log)


def test_stub_rows_without_date_are_dropped_and_logged(write_csv):
    rows = [list(r) for r in EPOCH_GOOD_ROWS] + [["Stub", "", "", "", "", "", "", "", ""]]
    log = CleaningLog()
    assert len(load_epoch_models(write_csv("stub.csv", EPOCH_MIN_HEADER, rows), log)) == 3
    assert any("without a publication date" in d.rule and d.rows == 1 for d in log)


def _zip(path: Path, members: dict[str, str]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    path.write_bytes(buffer.getvalue())
    return path


OECD_HEADER = ["ai_concept", "Country", "Country_label", "impact_level", "pub_type", "publications", "year"]


def test_oecd_zip_without_member(tmp_path):
    path = _zip(tmp_path / "oecd.zip", {"other.csv": "a,b\n1,2\n"})
    with pytest.raises(DataError, match=r"oecd\.zip: the zip has no member 'data\.csv'"):
        load_oecd(path, CleaningLog())


def test_oecd_not_a_zip(write_csv):
    with pytest.raises(DataError, match="not a readable zip file"):
        load_oecd(write_csv("oecd.zip", text="just text"), CleaningLog())


def test_oecd_share_above_100_is_rejected(tmp_path):
    rows = [["All AI research", "USA", "United States", "All works", "All", "140", "2020"]]
    path = _zip(tmp_path / "oecd.zip", {"data.csv": csv_text(OECD_HEADER, rows)})
    with pytest.raises(DataError, match=r"data\.csv, column 'publications', row 1: a share above 100%"):
        load_oecd(path, CleaningLog())


def test_oecd_loads_shares(tmp_path):
    rows = [["All AI research", "CHN", "China (People's Republic of)", "All works", "All", "30.5", "2020"],
            ["All AI research", "EU27", "EU27", "All works", "All", "20", "2020"]]
    frame = load_oecd(_zip(tmp_path / "oecd.zip", {"data.csv": csv_text(OECD_HEADER, rows)}), CleaningLog())
    assert frame["iso3"].tolist() == ["CHN", "EU27"]
    assert frame["country_name"].tolist() == ["China", "European Union (27)"]


GTA_HEADER = ["Intervention ID", "State Act Title", "GTA Evaluation", "Implementing Jurisdictions",
              "Intervention Type", "Affected Jurisdictions", "Date Announced", "Date Implemented",
              "Date Removed", "Is In Force"]


def test_gta_unknown_country(write_csv):
    rows = [["1", "Act", "Red", "United States of America", "Export ban", "Narnia", "2020-01-01", "2020-02-01", "", "1"]]
    with pytest.raises(DataError, match=r"column 'Affected Jurisdictions', row 1: country name 'Narnia' is not known"):
        load_gta(write_csv("gta.csv", GTA_HEADER, rows), CleaningLog())


def test_gta_repeated_intervention(write_csv):
    row = ["1", "Act", "Red", "Japan", "Export ban", "China", "2020-01-01", "2020-02-01", "", "1"]
    with pytest.raises(DataError, match=r"column 'Intervention ID', row 2: intervention id missing or repeated"):
        load_gta(write_csv("gta.csv", GTA_HEADER, [row, row]), CleaningLog())


def test_gta_dates_by_announcement_when_not_implemented(write_csv):
    rows = [["1", "Act", "Red", "Japan", "Export ban", "China,Hong Kong", "2021-05-01", "", "", "1"]]
    log = CleaningLog()
    frame = load_gta(write_csv("gta.csv", GTA_HEADER, rows), log)
    assert frame["year"].tolist() == [2021]
    assert frame["affected_iso3"].tolist() == [("CHN", "HKG")]
    assert any("announcement" in d.rule and d.rows == 1 for d in log)


def test_owid_non_numeric_value(write_csv):
    path = write_csv("owid.csv", ["Entity", "Code", "Year", "Value"], [["France", "FRA", "2020", "many"]])
    with pytest.raises(DataError, match=r"column 'Value', row 1: not a number: 'many'"):
        load_owid(path, CleaningLog())


def test_owid_aggregates_have_no_iso3(write_csv):
    rows = [["World", "OWID_WRL", "2020", "5"], ["France", "FRA", "2020", "2"], ["Europe", "", "2020", "3"]]
    frame = load_owid(write_csv("owid.csv", ["Entity", "Code", "Year", "Value"], rows), CleaningLog())
    assert frame["iso3"].isna().tolist() == [True, False, True]
