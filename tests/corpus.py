"""The bad-input corpus: one broken file at a time, as data.

Each case takes one file of the tiny complete data set (`fixtures.tinyraw`) and breaks it. Its
outcome is either an error, whose message (a `DataError`: file, column, row) must match `error`,
or a documented rule, whose entry in the cleaning log must read `rule` with `rows` rows (or, with
neither, simply that the file loads). `tests/test_bad_input.py` checks every case through the
file's own loader; `tests/test_no_traceback.py` runs `make data` / `python -m aigrowth fetch`
and `check` over every case and fails on any traceback.

Classes (issue 13): `input` (strict reading: encodings, truncation, schema), `numbers` (numbers
and codes read silently wrong), `traceback` (failures that used to end in a traceback),
`smaller` (blank lines of spaces, names with commas). Fetch faults, hostile text and CSV
formulas have their own tests (test_acquire, test_fetch_interrupt, test_hostile_build,
test_downloads).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from fixtures import tinyraw

ALL = "epoch/all_ai_models.csv"
NOTABLE = "epoch/notable_ai_models.csv"
HARDWARE = "epoch/ml_hardware.csv"
GTA = "gta/interventions.csv"
OECD = "oecd/oecd-ai-data.zip"
OWID = "owid/cumulative-number-of-large-scale-ai-systems-by-country.csv"
OWID_PUBS = "owid/annual-scholarly-publications-on-artificial-intelligence.csv"
OWID_MODELS = "owid/artificial-intelligence-training-computation.csv"
RECORD = "RECORD.json"

Make = Callable[[str], "str | bytes | None"]


@dataclass(frozen=True)
class Case:
    id: str
    klass: str  # input | numbers | traceback | smaller
    file: str  # the manifest path of the file it breaks
    make: Make  # the tiny file's text -> the broken content (None: the file is deleted)
    says: str  # the input, in words
    error: str | None = None  # regex the error message must match
    rule: str | None = None  # part of the cleaning-log rule it must log instead
    rows: int | None = None  # ... with this many rows
    expect: Callable | None = None  # for a file that loads: a check of the frame it gives

    @property
    def outcome(self) -> str:
        return "error" if self.error else ("rule" if self.rule else "loads")


# -- ways to break a CSV ------------------------------------------------------------------------
def _parse(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def _unparse(header: list[str], rows: list[list[str]]) -> str:
    return tinyraw.csv_text(header, rows)


def cell(column: str, row: int, value: str) -> Make:
    """Row `row` (1 = first record) of `column` set to `value`."""
    def make(text: str) -> str:
        header, rows = _parse(text)
        rows[row - 1][header.index(column)] = value
        return _unparse(header, rows)
    return make


def column(name: str, values: dict[int, str], before: str | None = None) -> Make:
    """A new column `name` (before column `before`, else last), with `values` by row."""
    def make(text: str) -> str:
        header, rows = _parse(text)
        at = header.index(before) if before else len(header)
        header.insert(at, name)
        for i, row in enumerate(rows, start=1):
            row.insert(at, values.get(i, ""))
        return _unparse(header, rows)
    return make


def renamed(old: str, new: str) -> Make:
    def make(text: str) -> str:
        header, rows = _parse(text)
        header[header.index(old)] = new
        return _unparse(header, rows)
    return make


def dropped(name: str) -> Make:
    def make(text: str) -> str:
        header, rows = _parse(text)
        at = header.index(name)
        return _unparse([h for i, h in enumerate(header) if i != at], [[c for i, c in enumerate(r) if i != at] for r in rows])
    return make


def add_rows(*extra: dict[str, str]) -> Make:
    """Records appended, given as {column: value} (other columns blank)."""
    def make(text: str) -> str:
        header, rows = _parse(text)
        return _unparse(header, rows + [[e.get(h, "") for h in header] for e in extra])
    return make


def keep_rows(*numbers: int) -> Make:
    def make(text: str) -> str:
        header, rows = _parse(text)
        return _unparse(header, [rows[i - 1] for i in numbers])
    return make


def text(transform: Callable[[str], str | bytes]) -> Make:
    return transform


def zip_damage(transform: Callable[[bytes], bytes]) -> Make:
    """The OECD zip itself changed (its member text is the tiny file's text)."""
    return lambda member: transform(tinyraw.zipped(member))


def zip_member(name: str) -> Make:
    return lambda member: tinyraw.zipped(member, member=name)


def M(model: str, date: str, flop: str = "", country: str = "United States of America", **more: str) -> dict[str, str]:
    """An Epoch model row."""
    row = {"Model": model, "Organization": "Lab Z", "Publication date": date, "Domain": "Language",
           "Training compute (FLOP)": flop, "Country (of organization)": country}
    row.update({k.replace("_", " "): v for k, v in more.items()})
    return row


def _loc(column: str | None = None, row: int | None = None) -> str:
    """The regex of the location part of a DataError message."""
    parts = []
    if column is not None:
        parts.append(f"column '{column.replace('(', '[(]').replace(')', '[)]').replace('?', '[?]')}'")
    if row is not None:
        parts.append(f"row {row}")
    return ", ".join(parts)


CASES: list[Case] = [
    # -- strict reading (the corpus before issue 13, one file of the complete set at a time) ----
    Case("missing-file", "input", ALL, lambda t: None, "the file is not there",
         error=r"all_ai_models\.csv: file not found \(run `make data`"),
    Case("empty-file", "input", ALL, lambda t: "", "an empty file", error=r"the file is empty"),
    Case("header-only", "input", ALL, lambda t: t.splitlines()[0] + "\n", "a header and no rows",
         error=r"the file has a header but no rows"),
    Case("header-only-bom-crlf", "input", ALL, lambda t: ("\ufeff" + t.splitlines()[0] + "\r\n").encode(),
         "a header only, with a byte-order mark and CRLF", error=r"the file has a header but no rows"),
    Case("truncated-in-quotes", "input", ALL, lambda t: t + 'Delta,"Lab D, a quote that never ends\n',
         "cut inside a quoted field", error=r"row 9: the file ends inside a quoted field.*looks truncated"),
    Case("truncated-mid-row", "input", ALL, lambda t: t + "Delta,Lab D,2023-01-01",
         "cut in the middle of a record", error=r"row 9: the file ends mid-record: the last row has 3 of 14 fields"),
    Case("extra-field", "input", ALL, lambda t: t.replace("Cornell,", "Cornell,surplus,", 1),
         "a record with a field too many", error=r"row 1: row has 15 fields, the header has 14"),
    Case("latin-1", "input", ALL, lambda t: t.replace("Cornell", "Cornell Ç").encode("latin-1"),
         "Latin-1 instead of UTF-8", error=r"row 1: not UTF-8 text: byte 0xc7.*save the file as UTF-8"),
    Case("bom", "input", ALL, lambda t: ("\ufeff" + t).encode(), "a byte-order mark"),
    Case("bom-crlf", "input", ALL, lambda t: ("\ufeff" + t.replace("\n", "\r\n")).encode(), "BOM and CRLF line ends"),
    Case("crlf-quoted-newline", "input", ALL, cell("Organization", 2, "University of\r\nToronto"),
         "CRLF inside a quoted name", rule="Organization: whitespace and newlines in names tidied", rows=1),
    Case("semicolons", "input", ALL, lambda t: t.replace(",", ";"), "semicolons as delimiter",
         error=r"single column.*seems to use ';' as delimiter"),
    Case("renamed-required", "input", ALL, renamed("Publication date", "Publication Date"),
         "a required column renamed", error=_loc("Publication date") + r": unknown schema.*'Publication date' may be 'Publication Date'"),
    Case("duplicated-column", "input", ALL, renamed("Base model", "Model"), "a column name twice",
         error=r"duplicated column names \['Model'\]"),
    Case("not-a-number", "input", ALL, cell("Training compute (FLOP)", 2, "about 1e21"), "words in a number column",
         error=_loc("Training compute (FLOP)", 2) + r": not a number: 'about 1e21'"),
    Case("negative-parameters", "input", ALL, cell("Parameters", 3, "-5"), "a negative parameter count",
         error=_loc("Parameters", 3) + r": negative value '-5'"),
    Case("negative-cost", "input", ALL, cell("Training compute cost (2023 USD)", 4, "-1200"), "a negative cost",
         error=_loc("Training compute cost (2023 USD)", 4) + r": negative value '-1200'"),
    Case("zero-compute", "input", ALL, cell("Training compute (FLOP)", 2, "0"), "zero compute",
         rule="Training compute (FLOP): zero read as missing", rows=1),
    Case("implausible-compute", "input", ALL, cell("Training compute (FLOP)", 2, "1e35"), "10^35 FLOP",
         error=_loc("compute_flop", 2) + r": implausible value 1e\+35"),
    Case("implausible-power", "input", ALL, cell("Training power draw (W)", 5, "1e15"), "a power draw of 10^15 W",
         error=_loc("power_w", 5) + r": implausible value 1e\+15"),
    Case("not-a-date", "input", ALL, cell("Publication date", 2, "March 2021"), "a date in words",
         error=_loc("Publication date", 2) + r": not a date \(YYYY-MM-DD\): 'March 2021'"),
    Case("date-1935", "input", ALL, cell("Publication date", 1, "1935-06-01"), "a date before 1940",
         error=_loc("Publication date", 1) + r": date '1935-06-01' out of range \(1940-01-01"),
    Case("bad-flag", "input", ALL, cell("Frontier model", 3, "Maybe"), "a flag that is neither True nor blank",
         error=_loc("Frontier model", 3) + r": not a flag"),
    Case("bad-yesno", "input", ALL, cell("Open model weights?", 2, "Sometimes"), "Yes/No column holding another word",
         error=_loc("Open model weights?", 2) + r": not Yes or No: 'Sometimes'"),
    Case("unknown-country", "input", ALL, cell("Country (of organization)", 2, "Atlantis"), "a country nobody knows",
         error=_loc("Country (of organization)", 2) + r": country name 'Atlantis' is not known \(add it to data/country_overrides\.csv"),
    Case("blank-name", "input", ALL, add_rows(M("   ", "2023-01-01")), "a model name of blanks",
         rule="rows without a model name dropped", rows=1),
    Case("stub-row", "input", ALL, add_rows({"Model": "Stub"}), "a stub row without a date",
         rule="rows without a publication date dropped", rows=1),
    Case("listed-twice", "input", ALL, add_rows(M("alexnet ", "2012-09-30")), "a model twice (case and blanks differ)",
         rule="second listings of the same model name dropped", rows=1),
    Case("hardware-twice", "input", HARDWARE, add_rows({"Hardware name": "NVIDIA A100", "Manufacturer": "NVIDIA", "Release date": "2020-05-14", "TDP (W)": "400"}),
         "an accelerator listed twice", error=_loc("Hardware name", 4) + r": hardware 'NVIDIA A100' listed twice"),
    Case("gta-renamed", "input", GTA, renamed("Implementing Jurisdictions", "Implementing Jurisdiction"),
         "a GTA column renamed", error=_loc("Implementing Jurisdictions") + r": unknown schema.*may be 'Implementing Jurisdiction'"),
    Case("gta-unknown-country", "input", GTA, cell("Affected Jurisdictions", 2, "Narnia"), "an affected country nobody knows",
         error=_loc("Affected Jurisdictions", 2) + r": country name 'Narnia' is not known"),
    Case("gta-id-twice", "input", GTA, cell("Intervention ID", 2, "1"), "an intervention id twice",
         error=_loc("Intervention ID", 2) + r": intervention id missing or repeated"),
    Case("gta-in-force-yes", "input", GTA, cell("Is In Force", 2, "yes"), "Is In Force = yes",
         error=_loc("Is In Force", 2) + r": Is In Force must be 0 or 1"),
    Case("gta-no-date", "input", GTA, lambda t: cell("Date Announced", 2, "")(t), "neither date",
         error=_loc("Date Implemented", 2) + r": neither an implementation nor an announcement date"),
    Case("gta-bad-date", "input", GTA, cell("Date Announced", 1, "01/02/2020"), "a date as dd/mm/yyyy",
         error=_loc("Date Announced", 1) + r": not a date"),
    Case("gta-announced-only", "input", GTA, lambda t: t, "a control dated by its announcement",
         rule="dated by their announcement", rows=1),
    Case("oecd-not-a-zip", "input", OECD, lambda t: b"just text", "not a zip", error=r"not a readable zip file"),
    Case("oecd-zip-cut", "input", OECD, zip_damage(lambda data: data[: len(data) // 2]), "the zip cut in half",
         error=r"not a readable zip file"),
    Case("oecd-no-member", "input", OECD, zip_member("other.csv"), "the zip without data.csv",
         error=r"the zip has no member 'data\.csv'"),
    Case("oecd-member-cut", "input", OECD, lambda t: t + "All AI research,DEU,Germ", "data.csv cut mid-record",
         error=r"oecd-ai-data\.zip!data\.csv, row 21: the file ends mid-record"),
    Case("oecd-share-140", "input", OECD, cell("publications", 1, "140"), "a share of 140%",
         error=_loc("publications", 1) + r": a share above 100%"),
    Case("oecd-half-year", "input", OECD, cell("year", 2, "2020.5"), "the year 2020.5",
         error=_loc("year", 2) + r": year missing or not whole"),
    Case("oecd-twice", "input", OECD, add_rows({"ai_concept": "All AI research", "Country": "USA", "Country_label": "United States", "publications": "20", "year": "2020"}),
         "an economy-year twice", error=_loc("Country", 21) + r": an economy-year appears twice"),
    Case("oecd-other-concepts", "input", OECD, add_rows({"ai_concept": "Robotics", "Country": "USA", "publications": "2", "year": "2020"}),
         "other AI concepts", rule="other AI concepts", rows=1),
    Case("oecd-no-all-ai", "input", OECD, lambda t: t.replace("All AI research", "Machine learning"), "no 'All AI research' rows",
         error=_loc("ai_concept") + r": no rows for 'All AI research'"),
    Case("owid-not-a-number", "input", OWID, cell(tinyraw.LARGE_SCALE, 3, "many"), "words as a count",
         error=_loc(tinyraw.LARGE_SCALE, 3) + r": not a number: 'many'"),
    Case("owid-half-year", "input", OWID, cell("Year", 2, "2020.5"), "the year 2020.5",
         error=_loc("Year", 2) + r": not a year: '2020\.5'"),
    Case("owid-code-renamed", "input", OWID, renamed("Code", "ISO code"), "Code renamed",
         error=_loc("Code") + r": required column\(s\) \['Code'\] not found"),

    # -- numbers read silently wrong (issue 13, class 3) ---------------------------------------
    Case("thousands-compute", "numbers", ALL, cell("Training compute (FLOP)", 4, "3,000,000,000,000"),
         "compute with thousands separators", error=_loc("Training compute (FLOP)", 4) + r": '3,000,000,000,000' is written with thousands separators"),
    Case("thousands-tdp", "numbers", HARDWARE, cell("TDP (W)", 1, "1,000"), "TDP 1,000 W",
         error=_loc("TDP (W)", 1) + r": '1,000' is written with thousands separators"),
    Case("thousands-owid", "numbers", OWID_PUBS, cell("All", 1, "1,200"), "a count written 1,200",
         error=_loc("All", 1) + r": '1,200' is written with thousands separators"),
    Case("listed-repeats", "numbers", ALL, cell("Parameters", 2, "60000000,60000000"), "one number listed twice (one per organisation)",
         rule="Parameters: comma-joined repeats of one number read as that number", rows=1),
    Case("column-inserted", "numbers", OWID, column("Notes", {1: "5000"}, before=tinyraw.LARGE_SCALE),
         "a new numeric column before the value column (the value column is read by its title)",
         expect=lambda frame: frame["value"].tolist() == [1, 4, 1, 3, 1, 4]),
    Case("value-renamed", "numbers", OWID, renamed(tinyraw.LARGE_SCALE, "Large-scale AI systems"),
         "the value column renamed", error=_loc(tinyraw.LARGE_SCALE) + r": no value column .* \(the file has \['Large-scale AI systems'\]\)"),
    Case("fractional-count", "numbers", OWID, cell(tinyraw.LARGE_SCALE, 4, "2.5"), "2.5 large-scale systems",
         error=_loc(tinyraw.LARGE_SCALE, 4) + r": not a whole number: '2\.5'"),
    Case("blank-count", "traceback", OWID, cell(tinyraw.LARGE_SCALE, 2, ""), "a blank count (was a traceback)",
         error=_loc(tinyraw.LARGE_SCALE, 2) + r": a blank count"),
    Case("fractional-chips", "numbers", ALL, cell("Hardware quantity", 2, "2.5"), "2.5 chips",
         error=_loc("Hardware quantity", 2) + r": not a whole number: '2\.5'"),
    Case("oecd-lowercase", "numbers", OECD, cell("Country", 1, "usa"), "ISO code in lower case",
         error=_loc("Country", 1) + r": code 'usa' is not upper case"),
    Case("oecd-unknown-code", "traceback", OECD, cell("Country", 2, "XYZ"), "an unknown ISO code (was a traceback)",
         error=_loc("Country", 2) + r": 'XYZ' is not a known ISO 3166-1 alpha-3 code"),
    Case("owid-lowercase", "numbers", OWID, cell("Code", 3, "usa"), "ISO code in lower case",
         error=_loc("Code", 3) + r": code 'usa' is not upper case"),
    Case("owid-unknown-code", "numbers", OWID, cell("Code", 5, "CHX"), "an unknown ISO code",
         error=_loc("Code", 5) + r": 'CHX' is not a known ISO 3166-1 alpha-3 code"),
    Case("alpha2-as-name", "numbers", ALL, cell("Country (of organization)", 6, "AI"), "the code AI as a country name",
         error=_loc("Country (of organization)", 6) + r": 'AI' looks like a country code, not a country name"),
    Case("numeric-as-name", "numbers", ALL, cell("Country (of organization)", 7, "156"), "the code 156 as a country name",
         error=_loc("Country (of organization)", 7) + r": '156' looks like a country code"),
    Case("alpha3-in-gta", "numbers", GTA, cell("Affected Jurisdictions", 1, "CHN,HKG"), "codes instead of names",
         error=_loc("Affected Jurisdictions", 1) + r": in 'CHN,HKG': 'CHN' looks like a country code, not a country name; countries in this column are separated by commas"),
    Case("nul-byte", "numbers", ALL, cell("Model", 3, "AlphaGo\x00 Zero"), "a NUL byte in a model name",
         error=_loc("Model", 3) + r": a NUL byte in 'AlphaGo<NUL> Zero'"),
    Case("control-char", "numbers", ALL, cell("Organization", 2, "University\x1c of Toronto"), "a control character",
         error=_loc("Organization", 2) + r": a control character U\+001C"),
    Case("large-run-1995", "numbers", ALL, cell("Publication date", 4, "1995-05-28"), "a 3×10²³ FLOP run dated 1995",
         error=_loc("Publication date", 4) + r": a run of 3.1e\+23 FLOP dated 1995-05-28, before the large-scale era"),
    Case("future-frontier", "numbers", ALL, add_rows(M("Future-1", "2026-06-01", "5e26")), "a frontier-sized run dated after the file's release",
         error=_loc("Publication date", 9) + r": a model of 5e\+26 FLOP dated 2026-06-01, after the file's release \(2026-03-30\): it would move the frontier"),
    Case("future-small", "numbers", ALL, add_rows(*[M(f"Big-{i}", "2024-01-01", "1e24") for i in range(10)],
                                                  M("Tiny-1", "2026-06-01", "1e18")),
         "a model dated after the release, with ten larger ones before it",
         rule="models dated after the file's release, too small to move a frontier", rows=1),
    Case("hardware-future", "numbers", HARDWARE, cell("Release date", 1, "2027-01-01"), "a chip released after the file",
         error=_loc("Release date", 1) + r": date '2027-01-01' is after the file's release \(2026-07-19\)"),
    Case("gta-future", "numbers", GTA, cell("Date Announced", 3, "2026-01-01"), "a control announced after the file",
         error=_loc("Date Announced", 3) + r": date '2026-01-01' is after the file's release \(2025-10-24\)"),
    Case("gta-scheduled", "numbers", GTA, cell("Date Implemented", 1, "2025-12-01"), "a control to take effect after the file",
         rule="implemented or removed on a date after the file's release", rows=1),
    Case("owid-future-year", "numbers", OWID, cell("Year", 4, "2027"), "a year after the file's release",
         error=_loc("Year", 4) + r": year 2027 out of range \(1940 to the file's release, 2026\)"),
    Case("oecd-future-year", "numbers", OECD, cell("year", 1, "2026"), "a year after the file's release",
         error=_loc("year", 1) + r": year 2026 out of range \(1940 to the file's release, 2025\)"),
    Case("owid-models-future", "numbers", OWID_MODELS, cell("Day", 2, "2026-12-01"), "a model after the file's release",
         error=_loc("Day", 2) + r": date '2026-12-01' is after the file's release"),
    Case("bidi-override", "numbers", ALL, cell("Model", 6, "Qwen2.5\u202e-72B"), "a right-to-left override in a name",
         rule="Model: bidirectional control characters removed", rows=1),
    Case("owid-broken-name", "numbers", OWID_MODELS, lambda t: t.replace("GPT-4 (Mar 2023),", "GPT-4 (Mar 2023)\n,"),
         "a model name ended by a bare line break", rule="model names broken by a bare line end joined", rows=1),

    # -- failures that ended in a traceback (class 4) ------------------------------------------
    Case("record-corrupt", "traceback", RECORD, lambda t: "[{not json", "RECORD.json cut short",
         error=r"RECORD\.json: the fetch record cannot be read"),

    # -- smaller (class 6) ---------------------------------------------------------------------
    Case("spaces-at-end", "smaller", ALL, lambda t: t + "   \n\t\n   ", "lines of spaces and tabs at the end"),
    Case("spaces-between", "smaller", GTA, lambda t: t.replace("\n2,", "\n    \n2,"), "a line of spaces between records"),
    Case("korea-comma", "smaller", ALL, cell("Country (of organization)", 6, "Korea, Republic of"), "'Korea, Republic of' (a name with a comma)",
         error=_loc("Country (of organization)", 6) + r": in 'Korea, Republic of': country name 'Korea' is not known; countries in this column are separated by commas, so a name with a comma in it is read as two"),
    Case("korea-comma-gta", "smaller", GTA, cell("Implementing Jurisdictions", 2, "Korea, Republic of"), "the same in Global Trade Alert",
         error=_loc("Implementing Jurisdictions", 2) + r": in 'Korea, Republic of': country name 'Korea' is not known"),
]

NEW_IN_ISSUE_13 = [c for c in CASES if c.klass != "input"]


def broken_files(case: Case) -> dict[str, str | bytes | None]:
    """The tiny complete set with `case`'s file broken (None: the file is removed)."""
    files: dict[str, str | bytes | None] = dict(tinyraw.FILES)
    if case.file == RECORD:
        files[RECORD] = case.make("")
    else:
        files[case.file] = case.make(tinyraw.FILES[case.file])
    return files


def zipped_member_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("data.csv").decode()
