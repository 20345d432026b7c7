"""Country names from every source to ISO 3166-1 alpha-3 codes and one display name each.

Rules (also stated in the report's methods chapter):
- Names resolve by exact lookup (ignoring case) of pycountry's name, official name and common
  name, then through the project's reviewable overrides in data/country_overrides.csv. No fuzzy
  matching: it maps "Republic of Korea" to North Korea. Codes are not names: "AI" (Anguilla's
  alpha-2 code) or "156" (China's numeric code) in a name column is an error, not a country. A
  name neither knows is an error naming the file, the column and the value, so a new spelling is
  added to the overrides file deliberately.
- A column of ISO codes (OECD.AI, Our World in Data) holds upper-case alpha-3 codes that
  pycountry or the overrides know; a lower-case or unknown code is an error, never a new country.
- Hong Kong and Macao keep their own codes, separate from China, as all sources do.
- "Multinational" is not a country: it maps to no code and is left out of country counts.
- The EU is a region (code "EU27"), never added to its member states. Where a source lists the
  27 member states in one cell (Global Trade Alert), each member state is credited.
- Aggregates and regions in Our World in Data files (World, continents, income groups) have no
  ISO3 code and are kept apart from countries.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry

from .errors import DataError
from .paths import country_overrides_path

NOT_A_COUNTRY = ""  # the overrides file's iso3 value for labels that are no country

# What a code looks like: two or three letters in capitals, or digits (ISO 3166-1 alpha-2,
# alpha-3, numeric). No country name in the sources has this form.
_LOOKS_LIKE_CODE = re.compile(r"[A-Z]{2,3}|\d{1,3}")


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """pycountry's names, official names and common names (casefolded) -> alpha-3 code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(value.casefold(), country.alpha_3)
    return names


def _known_code(code: str) -> bool:
    """An ISO 3166-1 (or 3166-3, former countries) alpha-3 code, exactly as written (pycountry's
    own lookup ignores case)."""
    for database in (pycountry.countries, pycountry.historic_countries):
        entry = database.get(alpha_3=code)
        if entry is not None and entry.alpha_3 == code:
            return True
    return False


@dataclass
class CountryMapper:
    overrides: dict[str, tuple[str, str]]  # casefolded name -> (iso3 or "", display name)
    display: dict[str, str]  # iso3 -> display name from the overrides
    _cache: dict[str, str | None] = field(default_factory=dict)

    def iso3(
        self, name: str, file: str | Path = "?", column: str | None = None, row: int | None = None
    ) -> str | None:
        """The ISO3 code of the country `name`, None for a declared non-country; DataError if
        unknown or if `name` is a code rather than a name."""
        key = name.strip().casefold()
        if key in self._cache:
            return self._cache[key]
        code: str | None
        if key in self.overrides:
            code = self.overrides[key][0] or None
        elif _LOOKS_LIKE_CODE.fullmatch(name.strip()):
            raise DataError(
                file,
                f"{name.strip()!r} looks like a country code, not a country name",
                column=column,
                row=row,
                hint="the column holds names; a code would be read as a different country",
            )
        elif key in _names():
            code = _names()[key]
        else:
            raise DataError(
                file,
                f"country name {name.strip()!r} is not known",
                column=column,
                row=row,
                hint="add it to data/country_overrides.csv with its ISO3 code",
            )
        self._cache[key] = code
        return code

    def code(
        self, value: str, file: str | Path = "?", column: str | None = None, row: int | None = None
    ) -> str:
        """`value` checked as an ISO 3166-1 alpha-3 code (or a code the overrides declare,
        such as "EU27"): exactly as written, upper case; DataError otherwise."""
        text = value.strip()
        if text in self.display or _known_code(text):
            return text
        if text.upper() in self.display or _known_code(text.upper()):
            raise DataError(
                file,
                f"code {text!r} is not upper case (ISO codes are written {text.upper()!r})",
                column=column,
                row=row,
            )
        raise DataError(
            file,
            f"{text!r} is not a known ISO 3166-1 alpha-3 code",
            column=column,
            row=row,
            hint="a new code belongs in data/country_overrides.csv with its name",
        )

    def name(self, iso3: str) -> str:
        """The display name of a code: the overrides' short form, else pycountry's common name."""
        if iso3 in self.display:
            return self.display[iso3]
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            historic = pycountry.historic_countries.get(alpha_3=iso3)
            if historic is None:
                raise KeyError(f"unknown ISO3 code {iso3!r}")
            return historic.name
        return getattr(country, "common_name", None) or country.name


def read_overrides(path: Path) -> CountryMapper:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    overrides: dict[str, tuple[str, str]] = {}
    display: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        name, iso3, shown = row["name"].strip(), row["iso3"].strip(), row["display_name"].strip()
        if not name or not shown:
            raise DataError(path, "every override needs a name and a display name", row=number)
        if name.casefold() in overrides:
            raise DataError(path, f"name {name!r} is listed twice", column="name", row=number)
        overrides[name.casefold()] = (iso3, shown)
        if iso3:
            display.setdefault(iso3, shown)
    return CountryMapper(overrides=overrides, display=display)


@lru_cache(maxsize=1)
def mapper() -> CountryMapper:
    """The project's country mapper (overrides read once per process)."""
    return read_overrides(country_overrides_path())


def split_names(cell: str | None) -> list[str]:
    """The names in a comma-separated cell, stripped, in order, without repeats (Epoch repeats
    a country once per organisation). No country name in the sources contains a comma."""
    if cell is None or cell != cell:  # None or NaN
        return []
    seen: list[str] = []
    for part in str(cell).split(","):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen
