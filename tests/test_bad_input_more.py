"""More broken inputs, across every source (Epoch, Global Trade Alert, OECD zip, Our World in Data)
and across files. With `test_bad_input.py` this is the project's bad-input corpus; each case
either stops with a `DataError` whose message names the file, the column and the data row
(1 = first record after the header), or is a documented cleaning rule whose row count appears
in the cleaning log.

| # | source | broken input | outcome |
|---|--------|--------------|---------|
| 1 | Epoch | byte-order mark and CRLF line ends | loads (same frame as LF, no BOM) |
| 2 | Epoch | CRLF with a line break inside a quoted name | loads, the name tidied to one line |
| 3 | Epoch | publication date before 1940 | error: column, row, allowed range |
| 4 | Epoch | negative training cost | error: column, row |
| 5 | Epoch | negative training compute | error: column, row |
| 6 | Epoch | implausible power draw (1e15 W) | error: column, row |
| 7 | Epoch | a model name of blanks only | dropped, logged with its count |
| 8 | Epoch | required column renamed (`Publication Date`) | error naming the column, suggests the near name |
| 9 | Epoch | "Yes"/"No" in the frontier flag column | error: not a flag, column, row |
| 10 | Epoch | header only, with a BOM and CRLF | error: header but no rows |
| 11 | GTA | renamed column (`Implementing Jurisdiction`) | error naming the missing column |
| 12 | GTA | an implementing country no mapping knows | error: column, row, the name |
| 13 | GTA | `Is In Force` = "yes" | error: column, row |
| 14 | GTA | neither implementation nor announcement date | error: column, row |
| 15 | GTA | unparseable announcement date | error: column, row |
| 16 | OECD | `data.csv` truncated mid-record inside the zip | error naming the member and row |
| 17 | OECD | the zip file itself cut short | error: not a readable zip |
| 18 | OECD | a non-whole year | error: column, row |
| 19 | OECD | an economy-year twice | error: column, row |
| 20 | OECD | no "All AI research" rows | error naming the column |
| 21 | OECD | other AI concepts | left out, logged with their count |
| 22 | OWID | a non-integer year (2020.5) | error: column, row |
| 23 | OWID | `Code` column renamed | error naming the column |
| 24 | OWID | no value column | error naming the file |
| 25 | Epoch hardware | a chip listed twice | error: column, row |
| 26 | across files | a model in the all-models and notable files (name differs in case/blanks) | one row in the merged table |
| 27 | across files | the same model listed twice inside one file | one row, logged with its count |
| 28 | fetch | interrupted (Ctrl-C) while writing a file | no partial or temporary file; old copy kept |
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from aigrowth.cleaning import CleaningLog
from aigrowth.errors import DataError
from aigrowth.loaders import load_epoch_models, load_gta, load_hardware, load_oecd, load_owid
from conftest import EPOCH_GOOD_ROWS, EPOCH_MIN_HEADER, csv_text


def epoch(path: Path, log: CleaningLog | None = None):
    return load_epoch_models(path, log if log is not None else CleaningLog())


def with_extra_column(column: str, value: str, row: int = 1) -> tuple[list[str], list[list[str]]]:
    header = EPOCH_MIN_HEADER + [column]
    rows = [list(r) + [""] for r in EPOCH_GOOD_ROWS]
    rows[row - 1][-1] = value
    return header, rows


def with_cell(column: str, value: str, row: int = 1) -> list[list[str]]:
    rows = [list(r) for r in EPOCH_GOOD_ROWS]
    rows[row - 1][EPOCH_MIN_HEADER.index(column)] = value
    return rows


def where(path_name: str, column: str | None = None, row: int | None = None) -> str:
    """The regex of a DataError's location prefix."""
    parts = [rf"file [^,]*{path_name.replace('.', '[.]')}"]
    if column is not None:
        parts.append(rf"column '{column.replace('(', '[(]').replace(')', '[)]')}'")
    if row is not None:
        parts.append(rf"row {row}")
    return ", ".join(parts)


# -- Epoch ------------------------------------------------------------------------------------
def test_01_bom_and_crlf_load_like_plain_utf8(write_csv):
    text = csv_text(EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS)
    plain = epoch(write_csv("plain.csv", text=text))
    windows = epoch(write_csv("windows.csv", data=b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()))
    assert list(windows.columns) == list(plain.columns)
    assert windows.drop(columns=[]).equals(plain)
    assert windows["model"].tolist() == ["Alpha", "Beta", "Gamma"]


def test_02_crlf_with_line_break_inside_quoted_field(write_csv):
    rows = with_cell("Organization", "Lab A\r\nResearch")
    text = csv_text(EPOCH_MIN_HEADER, rows).replace("\n", "\r\n").replace("A\r\r\nR", "A\r\nR")
    frame = epoch(write_csv("multiline.csv", data=text.encode()))
    assert len(frame) == 3
    assert frame.loc[0, "organization"] == "Lab A Research"  # names are tidied: inner blanks become one space


def test_03_date_before_1940(write_csv):
    path = write_csv("old.csv", EPOCH_MIN_HEADER, with_cell("Publication date", "1935-06-01", row=2))
    with pytest.raises(DataError, match=where("old.csv", "Publication date", 2) + r": date '1935-06-01' out of range \(1940-01-01"):
        epoch(path)


def test_04_negative_cost(write_csv):
    header, rows = with_extra_column("Training compute cost (2023 USD)", "-1200", row=3)
    with pytest.raises(DataError, match=where("cost.csv", "Training compute cost (2023 USD)", 3) + r": negative value '-1200'"):
        epoch(write_csv("cost.csv", header, rows))


def test_05_negative_compute(write_csv):
    path = write_csv("negflop.csv", EPOCH_MIN_HEADER, with_cell("Training compute (FLOP)", "-1e21", row=1))
    with pytest.raises(DataError, match=where("negflop.csv", "Training compute (FLOP)", 1) + r": negative value"):
        epoch(path)


def test_06_implausible_power_draw(write_csv):
    header, rows = with_extra_column("Training power draw (W)", "1e15", row=2)
    with pytest.raises(DataError, match=where("power.csv", "power_w", 2) + r": implausible value 1e\+15"):
        epoch(write_csv("power.csv", header, rows))


def test_07_blank_model_name_is_dropped_and_logged(write_csv):
    rows = [list(r) for r in EPOCH_GOOD_ROWS] + [["   ", "Lab Z", "2023-01-01", "Language", "", "", "", "", ""]]
    log = CleaningLog()
    frame = epoch(write_csv("blank.csv", EPOCH_MIN_HEADER, rows), log)
    assert frame["model"].tolist() == ["Alpha", "Beta", "Gamma"]
    assert any("without a model name" in d.rule and d.rows == 1 for d in log)


def test_08_renamed_required_column(write_csv):
    header = ["Publication Date" if h == "Publication date" else h for h in EPOCH_MIN_HEADER]
    with pytest.raises(DataError, match=where("renamed.csv", "Publication date") + r": unknown schema.*'Publication date' may be 'Publication Date'"):
        epoch(write_csv("renamed.csv", header, EPOCH_GOOD_ROWS))


def test_09_yes_no_in_a_flag_column(write_csv):
    path = write_csv("flag.csv", EPOCH_MIN_HEADER, with_cell("Frontier model", "Maybe", row=2))
    with pytest.raises(DataError, match=where("flag.csv", "Frontier model", 2) + r": not a flag"):
        epoch(path)


def test_10_header_only_with_bom_and_crlf(write_csv):
    data = b"\xef\xbb\xbf" + csv_text(EPOCH_MIN_HEADER, []).replace("\n", "\r\n").encode()
    with pytest.raises(DataError, match=where("headeronly.csv") + r": the file has a header but no rows"):
        epoch(write_csv("headeronly.csv", data=data))


# -- Global Trade Alert -------------------------------------------------------------------------
GTA_HEADER = ["Intervention ID", "State Act Title", "GTA Evaluation", "Implementing Jurisdictions",
              "Intervention Type", "Affected Jurisdictions", "Date Announced", "Date Implemented",
              "Date Removed", "Is In Force"]
GTA_ROW = ["1", "Act", "Red", "Japan", "Export ban", "China", "2020-01-01", "2020-02-01", "", "1"]


def gta_rows(column: str, value: str) -> list[list[str]]:
    second = list(GTA_ROW)
    second[0] = "2"
    second[GTA_HEADER.index(column)] = value
    return [list(GTA_ROW), second]


def test_11_gta_renamed_column(write_csv):
    header = ["Implementing Jurisdiction" if h == "Implementing Jurisdictions" else h for h in GTA_HEADER]
    with pytest.raises(DataError, match=where("gta.csv", "Implementing Jurisdictions") + r": unknown schema.*may be 'Implementing Jurisdiction'"):
        load_gta(write_csv("gta.csv", header, [GTA_ROW]), CleaningLog())


def test_12_gta_implementing_country_unknown(write_csv):
    path = write_csv("gta.csv", GTA_HEADER, gta_rows("Implementing Jurisdictions", "Republic of Freedonia"))
    with pytest.raises(DataError, match=where("gta.csv", "Implementing Jurisdictions", 2) + r": country name 'Republic of Freedonia' is not known"):
        load_gta(path, CleaningLog())


def test_13_gta_in_force_not_0_or_1(write_csv):
    path = write_csv("gta.csv", GTA_HEADER, gta_rows("Is In Force", "yes"))
    with pytest.raises(DataError, match=where("gta.csv", "Is In Force", 2) + r": Is In Force must be 0 or 1"):
        load_gta(path, CleaningLog())


def test_14_gta_without_any_date(write_csv):
    rows = gta_rows("Date Implemented", "")
    rows[1][GTA_HEADER.index("Date Announced")] = ""
    with pytest.raises(DataError, match=where("gta.csv", "Date Implemented", 2) + r": neither an implementation nor an announcement date"):
        load_gta(write_csv("gta.csv", GTA_HEADER, rows), CleaningLog())


def test_15_gta_unparseable_date(write_csv):
    path = write_csv("gta.csv", GTA_HEADER, gta_rows("Date Announced", "01/02/2020"))
    with pytest.raises(DataError, match=where("gta.csv", "Date Announced", 2) + r": not a date"):
        load_gta(path, CleaningLog())


# -- OECD zip -----------------------------------------------------------------------------------
OECD_HEADER = ["ai_concept", "Country", "Country_label", "impact_level", "pub_type", "publications", "year"]
OECD_ROWS = [["All AI research", "USA", "United States", "All works", "All", "20.5", "2020"],
             ["All AI research", "CHN", "China (People's Republic of)", "All works", "All", "30.5", "2020"],
             ["All AI research", "USA", "United States", "All works", "All", "19.0", "2021"]]


def oecd_zip(path: Path, text: str, member: str = "data.csv") -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, text)
    path.write_bytes(buffer.getvalue())
    return path


def test_16_oecd_member_truncated_mid_record(tmp_path):
    text = csv_text(OECD_HEADER, OECD_ROWS)
    cut = text[: text.rindex("\n", 0, len(text) - 1) + 1] + "All AI research,DEU,Germ"
    path = oecd_zip(tmp_path / "oecd.zip", cut)
    with pytest.raises(DataError, match=r"oecd\.zip!data\.csv, row 3: the file ends mid-record"):
        load_oecd(path, CleaningLog())


def test_17_oecd_zip_cut_short(tmp_path):
    whole = oecd_zip(tmp_path / "whole.zip", csv_text(OECD_HEADER, OECD_ROWS * 50)).read_bytes()
    cut = tmp_path / "oecd.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DataError, match=where("oecd.zip") + r".*not a readable zip file"):
        load_oecd(cut, CleaningLog())


def test_18_oecd_non_whole_year(tmp_path):
    rows = [list(r) for r in OECD_ROWS]
    rows[1][-1] = "2020.5"
    path = oecd_zip(tmp_path / "oecd.zip", csv_text(OECD_HEADER, rows))
    with pytest.raises(DataError, match=r"oecd\.zip!data\.csv, column 'year', row 2: year missing or not whole"):
        load_oecd(path, CleaningLog())


def test_19_oecd_economy_year_twice(tmp_path):
    rows = [list(r) for r in OECD_ROWS] + [list(OECD_ROWS[0])]
    path = oecd_zip(tmp_path / "oecd.zip", csv_text(OECD_HEADER, rows))
    with pytest.raises(DataError, match=r"oecd\.zip!data\.csv, column 'Country', row 4: an economy-year appears twice"):
        load_oecd(path, CleaningLog())


def test_20_oecd_without_all_ai_research(tmp_path):
    rows = [["Machine learning"] + r[1:] for r in OECD_ROWS]
    path = oecd_zip(tmp_path / "oecd.zip", csv_text(OECD_HEADER, rows))
    with pytest.raises(DataError, match=r"oecd\.zip!data\.csv, column 'ai_concept': no rows for 'All AI research'"):
        load_oecd(path, CleaningLog())


def test_21_oecd_other_concepts_left_out_and_logged(tmp_path):
    rows = OECD_ROWS + [["Machine learning"] + OECD_ROWS[0][1:], ["Robotics"] + OECD_ROWS[1][1:]]
    log = CleaningLog()
    frame = load_oecd(oecd_zip(tmp_path / "oecd.zip", csv_text(OECD_HEADER, rows)), log)
    assert len(frame) == 3
    assert any("other AI concepts" in d.rule and d.rows == 2 for d in log)


# -- Our World in Data --------------------------------------------------------------------------
OWID_HEADER = ["Entity", "Code", "Year", "Cumulative number of large-scale AI systems"]


def test_22_owid_non_integer_year(write_csv):
    rows = [["France", "FRA", "2020", "2"], ["France", "FRA", "2020.5", "3"]]
    with pytest.raises(DataError, match=where("owid.csv", "Year", 2) + r": not a year: '2020\.5'"):
        load_owid(write_csv("owid.csv", OWID_HEADER, rows), CleaningLog())


def test_23_owid_code_column_renamed(write_csv):
    header = ["Entity", "ISO code", "Year", "Value"]
    with pytest.raises(DataError, match=where("owid.csv", "Code") + r": required column\(s\) \['Code'\] not found"):
        load_owid(write_csv("owid.csv", header, [["France", "FRA", "2020", "2"]]), CleaningLog())


def test_24_owid_without_value_column(write_csv):
    with pytest.raises(DataError, match=where("owid.csv") + r": no value column"):
        load_owid(write_csv("owid.csv", ["Entity", "Code", "Year"], [["France", "FRA", "2020"]]), CleaningLog())


# -- Epoch hardware -----------------------------------------------------------------------------
def test_25_hardware_listed_twice(write_csv):
    header = ["Hardware name", "Manufacturer", "Release date", "TDP (W)"]
    rows = [["H100", "NVIDIA", "2022-03-22", "700"], ["A100", "NVIDIA", "2020-05-14", "400"], ["H100", "NVIDIA", "2022-03-22", "700"]]
    with pytest.raises(DataError, match=where("hw.csv", "Hardware name", 3) + r": hardware 'H100' listed twice"):
        load_hardware(write_csv("hw.csv", header, rows), CleaningLog())


# -- across files -------------------------------------------------------------------------------
def test_26_model_in_two_files_is_one_row_in_the_merged_table(write_csv, tmp_path):
    from aigrowth.table import MergeInputs, build_models

    log = CleaningLog()
    all_models = epoch(write_csv("all.csv", EPOCH_MIN_HEADER, EPOCH_GOOD_ROWS), log)
    notable_rows = [["ALPHA ", "Lab A", "2020-01-15", "Language", "1000000", "2e21", "United States of America", "True", "Yes"],
                    ["Delta", "Lab D", "2024-01-01", "Language", "5000000", "4e22", "France", "", "Yes"]]
    notable = epoch(write_csv("notable.csv", EPOCH_MIN_HEADER, notable_rows), log)
    empty = notable.iloc[0:0]
    gta = load_gta(write_csv("gta.csv", GTA_HEADER, [GTA_ROW]), log)
    pub_share = load_oecd(oecd_zip(tmp_path / "oecd.zip", csv_text(OECD_HEADER, OECD_ROWS)), log)
    models, _ = build_models(MergeInputs(epoch={"all": all_models, "notable": notable, "large_scale": empty,
                                                "frontier": empty}, gta=gta, pub_share=pub_share), log)
    keys = models["model_key"].str.strip().tolist()
    assert sorted(keys) == ["alpha", "beta", "delta", "gamma"], keys
    assert models["model_key"].is_unique


def test_27_model_twice_in_one_file_is_one_row_and_logged(write_csv):
    rows = [list(r) for r in EPOCH_GOOD_ROWS] + [["Beta", "Lab B", "2021-06-01", "Vision", "", "", "China", "", ""]]
    log = CleaningLog()
    frame = epoch(write_csv("twice.csv", EPOCH_MIN_HEADER, rows), log)
    assert frame["model"].tolist() == ["Alpha", "Beta", "Gamma"]
    assert frame.loc[1, "parameters"] == 2_000_000  # the more complete listing kept
    assert any(d.rule.startswith("second listings") and d.rows == 1 for d in log)


# -- an interrupted fetch -------------------------------------------------------------------------
def test_28_interrupted_fetch_leaves_no_partial_file(tmp_path, monkeypatch):
    """Ctrl-C in the middle of writing the second file: the first is complete, the second and
    the temporary file are gone, the old copy of the second is untouched."""
    from aigrowth.acquire import fetch
    from aigrowth.sources import Manifest, Publisher, SourceFile

    monkeypatch.delenv("AIGROWTH_DATA_MIRROR", raising=False)
    raw = tmp_path / "raw"
    (raw / "b").mkdir(parents=True)
    (raw / "b" / "two.csv").write_bytes(b"old complete copy\n")
    publisher = Publisher("p", "Publisher", "CC BY 4.0", "https://example.org/licence", "Cite me", "Data: P")
    files = (SourceFile("a/one.csv", publisher, "One", "0" * 64, url="https://example.org/one.csv"),
             SourceFile("b/two.csv", publisher, "Two", "0" * 64, url="https://example.org/two.csv"))

    def download(url: str, dest: Path) -> None:
        if url.endswith("one.csv"):
            dest.write_bytes(b"a,b\n1,2\n")
            return
        dest.write_bytes(b"a,b\n1,")  # half written, then the user presses Ctrl-C
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch(raw=raw, sources=Manifest(publishers={"p": publisher}, files=files), download=download)
    assert (raw / "a" / "one.csv").read_bytes() == b"a,b\n1,2\n"
    assert (raw / "b" / "two.csv").read_bytes() == b"old complete copy\n"
    leftovers = [p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()]
    assert sorted(leftovers) == ["a/one.csv", "b/two.csv"], leftovers
