"""Every number that appears in the report's prose goes through this module.

One family of formatters keeps "4.2×" reading the same in every chapter, in chart titles and
in the PDF. Conventions:

- Two significant figures by default (three where the integer part already has three
  digits, so "$191 million" rather than "$190 million"); rounding is half-up on the decimal
  representation of the value, so 1.35 becomes "1.4" and 9.96 becomes "10".
- Thousands are separated with commas; negative numbers use the typographic minus (−).
- Powers of ten are written with Unicode superscripts ("2.1 × 10²⁵"), the range dash is an
  en dash and the growth sign is the multiplication sign: all of these typeset unchanged in
  HTML and in Typst/PDF.
- Missing values (None, NaN, pandas NA) format as an en dash "–"; functions that must have a
  number to produce sensible words (`compare_words` and friends) raise `ValueError` instead.

Text from the data (model and organisation names, notes) is hostile until escaped. Everything
this module returns for prose is a `Markdown`: a `str` that may be pasted into markdown as it
stands, because it holds only numbers and words written in code, or data text that `fmt_text`
escaped so it reads as the same characters and never as markup, links or citations. Joining a
`Markdown` with a plain `str` (`+`, `join`, `markdown()`) escapes the plain side, and the
chapters' typed facts (`aigrowth.chapters.facts.Facts`) escape every plain `str` they are given,
so data text reaches a page escaped unless code says, by building a `Markdown`, that it is markup.

Pandoc markdown treats text between two dollar signs as inline math, so a dollar amount
pasted into markdown (for example through Quarto's inline `{python}` code) must escape the
sign: use `fmt_usd(x, markdown=True)`, which writes "\\$191 million".
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import wraps
from typing import Any, ParamSpec

import numpy as np
import pandas as pd

MISSING = "–"
"""What a missing value reads as, in prose and in tables (an en dash)."""

MINUS = "−"
TIMES = "×"
EN_DASH = "–"

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


class Markdown(str):
    """Text that is safe to paste into markdown prose as it stands.

    The formatters of this module return it (their output holds numbers and words written in
    code); `fmt_text` returns data text escaped as it; and code that means to write markup on
    purpose says so by building one. Concatenating or joining a plain `str` with a `Markdown`
    escapes the plain side, so data text cannot slip in unescaped; an f-string gives a plain
    `str` again, which the chapters' typed facts escape as a whole.

    Jupyter (and so Quarto's inline `{python}` code) shows it as markdown.
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        return str(self)

    def __add__(self, other: object) -> Markdown:
        return Markdown(str(self) + str(escape(other)))

    def __radd__(self, other: object) -> Markdown:
        return Markdown(str(escape(other)) + str(self))

    def join(self, parts: Iterable[object]) -> Markdown:
        return Markdown(str(self).join(str(escape(p)) for p in parts))


def escape(x: object) -> Markdown:
    """`x` as markdown: a `Markdown` stays as it is, anything else is escaped by `fmt_text`."""
    if isinstance(x, Markdown):
        return x
    if is_missing(x):
        return Markdown(MISSING)
    # Unlike `fmt_text`, spaces at the ends are kept: "the " + name must keep its space. Line
    # breaks become spaces, so no text can start a heading or a list item.
    return Markdown(_escape_punctuation(" ".join(str(x).splitlines())))


def markdown(template: str, *args: object, **kwargs: object) -> Markdown:
    """`template` (markup written in code) with its `{}` fields filled, each value escaped
    unless it is a `Markdown` already: `markdown("{} moves to {}", name, ordinal(2))`."""
    return Markdown(template.format(*(escape(a) for a in args), **{k: escape(v) for k, v in kwargs.items()}))


_P = ParamSpec("_P")


def _safe(func: Callable[_P, str]) -> Callable[_P, Markdown]:
    """Mark a formatter's result as `Markdown`: it holds numbers and code's own words only."""

    @wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> Markdown:
        return Markdown(func(*args, **kwargs))

    return wrapper


def is_missing(x: Any) -> bool:
    """True for None, NaN and pandas' NA/NaT (the values formatted as "–")."""
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _as_float(x: Any, what: str = "value") -> float:
    """Convert a scalar to float, with an error that names the offending input."""
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{what} must be a number, got a boolean {x!r}")
    try:
        value = float(x)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what} must be a number, got {x!r}") from exc
    if math.isinf(value):
        raise ValueError(f"{what} must be finite, got {x!r}")
    return value


@_safe
def superscript(exponent: int) -> str:
    """The integer `exponent` in Unicode superscript digits: 23 -> "²³", -3 -> "⁻³"."""
    return str(int(exponent)).translate(_SUPERSCRIPTS)


@_safe
def fmt_power_of_ten(exponent: int) -> str:
    """A power of ten as text: 23 -> "10²³"."""
    return f"10{superscript(exponent)}"


def _round_sig(value: float, sig: int) -> Decimal:
    """Round to `sig` significant figures, half-up on the shortest decimal repr of `value`.

    Rounding the repr (not the binary float) makes 1.35 -> 1.4 and 0.125 -> 0.13, which is
    what a reader checking the number by hand expects.
    """
    if sig < 1:
        raise ValueError(f"sig must be at least 1, got {sig}")
    d = Decimal(repr(value))
    if d == 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-(sig - 1)))
    exponent = d.adjusted()  # position of the leading digit
    quantum = Decimal(1).scaleb(exponent - sig + 1)
    rounded = d.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded.adjusted() > exponent:
        # Rounding carried into a new digit (9.96 -> 10.0): drop the now-extra decimal.
        rounded = rounded.quantize(Decimal(1).scaleb(exponent - sig + 2), rounding=ROUND_HALF_UP)
    return rounded


def _group_thousands(d: Decimal) -> str:
    """A non-negative Decimal as text with comma thousands separators, keeping its places."""
    places = max(0, -d.as_tuple().exponent)  # type: ignore[operator]
    return f"{d:,.{places}f}"


def _plain(value: float, sig: int) -> str:
    """`value` rounded to `sig` significant figures, digits before the point never dropped."""
    magnitude = abs(value)
    if magnitude == 0:
        return "0"
    integer_digits = len(str(int(magnitude))) if magnitude >= 1 else 0
    rounded = _round_sig(magnitude, max(sig, integer_digits))
    text = _group_thousands(rounded)
    if value < 0 and rounded != 0:
        return MINUS + text
    return text


def _scientific(value: float, sig: int) -> tuple[str, int]:
    """Mantissa text and exponent of `value` in scientific notation (mantissa in [1, 10))."""
    if value == 0:
        return _plain(0.0, sig), 0
    magnitude = abs(value)
    exponent = math.floor(math.log10(magnitude))
    mantissa = _round_sig(magnitude / 10.0**exponent, sig)
    if mantissa >= 10:  # 9.96e24 -> 1.0e25
        exponent += 1
        mantissa = _round_sig(magnitude / 10.0**exponent, sig)
    text = _group_thousands(mantissa)
    return (MINUS + text if value < 0 else text), exponent


@_safe
def fmt_scientific(x: Any, sig: int = 2) -> str:
    """`x` as "2.1 × 10²⁵"; an exact power of ten reads "10²⁵"."""
    if is_missing(x):
        return MISSING
    value = _as_float(x)
    if value == 0:
        return "0"
    log = math.log10(abs(value))
    if value > 0 and log == round(log):
        return fmt_power_of_ten(round(log))
    mantissa, exponent = _scientific(value, sig)
    return f"{mantissa} {TIMES} {fmt_power_of_ten(exponent)}"


@_safe
def fmt_number(x: Any, sig: int = 2) -> str:
    """A number to `sig` significant figures with thousands separators: 1234 -> "1,200",
    9.96 -> "10", 0.01234 -> "0.012", -0.5 -> "−0.50".

    Exact counts belong in `fmt_count`. Magnitudes of a billion or more, or below 0.0001,
    switch to scientific notation ("2.1 × 10²⁵").
    """
    if is_missing(x):
        return MISSING
    value = _as_float(x)
    magnitude = abs(value)
    if magnitude == 0:
        return "0"
    if magnitude >= 1e9 or magnitude < 1e-4:
        return fmt_scientific(value, sig)
    rounded = _round_sig(magnitude, sig)
    text = _group_thousands(rounded)
    return MINUS + text if value < 0 and rounded != 0 else text


@_safe
def fmt_growth(x: Any, sig: int = 2) -> str:
    """A growth factor as "4.2×" (300000 -> "300,000×")."""
    if is_missing(x):
        return MISSING
    return f"{fmt_number(x, sig)}{TIMES}"


def _level_text(level: float) -> str:
    """0.95 -> "95%"; accepts a fraction in (0, 1)."""
    level = _as_float(level, "level")
    if not 0 < level < 1:
        raise ValueError(f"level must be a fraction between 0 and 1, got {level}")
    percent = round(level * 100, 6)
    return f"{percent:g}%"


@_safe
def fmt_interval(
    lo: Any,
    hi: Any,
    level: float = 0.95,
    *,
    formatter: Callable[[Any], str] = fmt_number,
    suffix: str = "",
) -> str:
    """The bracketed interval "(95% CI 3.9–4.6×)"; "–" when either bound is missing.

    Bounds whose text contains spaces ("1.0 × 10²⁵") are joined with " to " rather than a
    dash, which would otherwise read as a minus sign between the two.
    """
    if is_missing(lo) or is_missing(hi):
        return MISSING
    lo_text, hi_text = formatter(lo), formatter(hi)
    joiner = " to " if " " in lo_text + hi_text else EN_DASH
    return f"({_level_text(level)} CI {lo_text}{joiner}{hi_text}{suffix})"


@_safe
def fmt_growth_interval(v: Any, lo: Any, hi: Any, level: float = 0.95) -> str:
    """A growth factor with its interval: "4.2× (95% CI 3.9–4.6×)".

    Missing bounds leave the value alone ("4.2×"); a missing value gives "–".
    """
    if is_missing(v):
        return MISSING
    if is_missing(lo) or is_missing(hi):
        return fmt_growth(v)
    return f"{fmt_growth(v)} {fmt_interval(lo, hi, level, suffix=TIMES)}"


@_safe
def fmt_months(m: Any, sig: int = 2) -> str:
    """A duration in months: 5.66 -> "5.7 months", 1 -> "1.0 month"."""
    if is_missing(m):
        return MISSING
    text = fmt_number(m, sig)
    unit = "month" if text in ("1", "1.0") else "months"
    return f"{text} {unit}"


@_safe
def fmt_months_interval(m: Any, lo: Any, hi: Any, level: float = 0.95) -> str:
    """A duration in months with its interval: "5.7 months (95% CI 5.1–6.4)"."""
    if is_missing(m):
        return MISSING
    if is_missing(lo) or is_missing(hi):
        return fmt_months(m)
    return f"{fmt_months(m)} {fmt_interval(lo, hi, level)}"


@_safe
def fmt_count(n: Any) -> str:
    """A whole count with separators: 3237 -> "3,237". Non-integers are an error."""
    if is_missing(n):
        return MISSING
    value = _as_float(n, "count")
    if value != round(value):
        raise ValueError(f"a count must be a whole number, got {n!r}")
    text = f"{abs(int(round(value))):,}"
    return MINUS + text if value < 0 else text


@_safe
def fmt_pct(x: Any, sig: int = 2, *, fraction: bool = False) -> str:
    """A percentage: 45.6 -> "46%", 4.56 -> "4.6%"; `fraction=True` reads 0.456 as 45.6%."""
    if is_missing(x):
        return MISSING
    value = _as_float(x, "percentage") * (100 if fraction else 1)
    return f"{_plain(value, sig)}%"


@_safe
def fmt_flop(x: Any, sig: int = 2) -> str:
    """Training compute: 2.1e25 -> "2.1 × 10²⁵ FLOP"; 1e23 -> "10²³ FLOP"."""
    if is_missing(x):
        return MISSING
    return f"{fmt_scientific(x, sig)} FLOP"


_USD_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def fmt_usd(x: Any, sig: int = 2, *, markdown: bool = False) -> str:
    """A dollar amount: "$4,500", "$191 million", "$1.2 billion".

    Amounts of a million or more are written in words with at least `sig` significant
    figures and all digits of the scaled integer part (191e6 -> "$191 million").
    Set `markdown=True` for text that Pandoc reads as markdown, where "$...$" is math: the
    sign is then escaped as "\\$" and the result is a `Markdown`; without it the result is
    plain text (a table cell, a hover label), not safe to paste into prose.
    """
    text = _usd(x, sig, markdown)
    return Markdown(text) if markdown else text


def _usd(x: Any, sig: int, markdown: bool) -> str:
    if is_missing(x):
        return MISSING
    value = _as_float(x, "amount")
    sign = MINUS if value < 0 else ""
    magnitude = abs(value)
    dollar = r"\$" if markdown else "$"
    if magnitude == 0:
        return f"{dollar}0"
    for scale, word in _USD_SCALES:
        # Compare after rounding so 999.96 million reads "$1.0 billion", not "$1,000 million".
        if float(_round_sig(magnitude, sig)) >= scale:
            return f"{sign}{dollar}{_plain(magnitude / scale, sig)} {word}"
    return f"{sign}{dollar}{_group_thousands(_round_sig(magnitude, sig))}"


@_safe
def fmt_year(x: Any) -> str:
    """A year: 2023, 2023.7 (a decimal year), a date or a Timestamp -> "2023"."""
    if is_missing(x):
        return MISSING
    if isinstance(x, (_dt.date, pd.Timestamp, np.datetime64)):
        return str(pd.Timestamp(x).year)
    return str(math.floor(_as_float(x, "year")))


@_safe
def fmt_date(x: Any) -> str:
    """A date as "14 Mar 2023" (day, abbreviated English month, year)."""
    if is_missing(x):
        return MISSING
    ts = pd.Timestamp(x)
    return f"{ts.day} {ts.strftime('%b')} {ts.year}"


def fmt_day_month(x: Any) -> str:
    """A date without its year, as "14 Mar" (a chart note whose year is already said)."""
    if is_missing(x):
        return MISSING
    ts = pd.Timestamp(x)
    return f"{ts.day} {ts.strftime('%b')}"


def fmt_quantity(x: Any, kind: str, unit: str = "") -> str:
    """A value of a variable as a hover label or table shows it (see `aigrowth.variables`):
    kind "flop", "usd", "watts" (with an SI prefix), "number" (bare), "number_unit" and
    "scientific_unit" (the number, then `unit`). Missing reads "–". Plain text: a dollar amount
    is not markdown."""
    if is_missing(x):
        return MISSING
    if kind == "flop":
        return fmt_flop(x)
    if kind == "usd":
        return fmt_usd(x)
    if kind == "watts":
        value = _as_float(x, "power")
        for scale, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
            if abs(value) >= scale:
                return f"{fmt_number(value / scale)} {prefix}W"
        return f"{fmt_number(value)} W"
    if kind == "number":
        return fmt_number(x)
    if kind == "number_unit":
        return f"{fmt_number(x)} {unit}"
    if kind == "scientific_unit":
        return f"{fmt_scientific(x)} {unit}"
    raise ValueError(f"unknown quantity format {kind!r}")


_KIND_FORMATTERS: dict[str, Callable[..., str]] = {
    "growth": fmt_growth,
    "months": fmt_months,
    "count": fmt_count,
    "pct": fmt_pct,
    "flop": fmt_flop,
    "usd": fmt_usd,
    "year": fmt_year,
    "number": fmt_number,
}


def fmt_entry(entry: Mapping[str, Any], kind: str, *, with_n: bool = False) -> str:
    """Format one entry of the numbers dictionary; see `_entry`. A `Markdown`, except for
    kind "usd", whose dollar signs Pandoc would read as math (use `fmt_usd(markdown=True)`)."""
    text = _entry(entry, kind, with_n=with_n)
    return text if kind == "usd" else Markdown(text)


def _entry(entry: Mapping[str, Any], kind: str, *, with_n: bool = False) -> str:
    """Format one entry of the numbers dictionary (keys value, low, high, level, n, ...).

    `kind` chooses the formatter: growth, months, count, pct, flop, usd, year or number.
    An entry with `low` and `high` gets its interval ("4.2× (95% CI 3.9–4.6×)"); `with_n`
    appends the sample size ("…, n = 312").
    """
    if kind not in _KIND_FORMATTERS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {sorted(_KIND_FORMATTERS)}")
    if not isinstance(entry, Mapping) or "value" not in entry:
        raise ValueError(f"a numbers entry must be a mapping with a 'value' key, got {entry!r}")
    value, low, high = entry.get("value"), entry.get("low"), entry.get("high")
    level = entry.get("level", 0.95)
    level = 0.95 if is_missing(level) else level
    formatter: Callable[..., str] = _KIND_FORMATTERS[kind]
    text: str
    if kind == "growth":
        text = fmt_growth_interval(value, low, high, level)
    elif kind == "months":
        text = fmt_months_interval(value, low, high, level)
    elif kind == "flop" and not (is_missing(value) or is_missing(low) or is_missing(high)):
        # The unit once, after the interval: "2.1 × 10²⁵ FLOP (95% CI 10²⁵ to 3.0 × 10²⁵ FLOP)".
        bounds = fmt_interval(low, high, level, formatter=fmt_scientific, suffix=" FLOP")
        text = f"{fmt_flop(value)} {bounds}"
    else:
        text = formatter(value)
        if not is_missing(value) and not (is_missing(low) or is_missing(high)):
            text = f"{text} {fmt_interval(low, high, level, formatter=formatter)}"
    n = entry.get("n")
    if with_n and not is_missing(n):
        text = f"{text}, n = {fmt_count(n)}"
    return text


# -- Words chosen from results ---------------------------------------------------------------


def _required(x: Any, what: str) -> float:
    if is_missing(x):
        raise ValueError(f"{what} is missing; words cannot be chosen without a number")
    return _as_float(x, what)


@_safe
def compare_words(
    a: Any,
    b: Any,
    tol: float = 0.1,
    words: tuple[str, str, str] = ("faster than", "slower than", "about as fast as"),
) -> str:
    """Words comparing `a` with `b`: "faster than", "slower than" or "about as fast as".

    The two count as "about" equal when their relative difference |a/b − 1| is at most `tol`
    (for growth rates pass factors per year, e.g. 4.2 and 3.9). `words` replaces the three
    phrases (greater, smaller, about equal) for other comparisons.
    """
    a_value, b_value = _required(a, "a"), _required(b, "b")
    if tol < 0:
        raise ValueError(f"tol must be non-negative, got {tol}")
    if b_value == 0:
        raise ValueError("b must be non-zero for a relative comparison")
    if abs(a_value / b_value - 1) <= tol:
        return words[2]
    return words[0] if a_value > b_value else words[1]


@_safe
def more_or_fewer(a: Any, b: Any) -> str:
    """ "more" when count `a` exceeds `b`, "fewer" when it is below, "as many" when equal."""
    a_value, b_value = _required(a, "a"), _required(b, "b")
    if a_value == b_value:
        return "as many"
    return "more" if a_value > b_value else "fewer"


@_safe
def higher_or_lower(a: Any, b: Any) -> str:
    """ "higher" / "lower" / "the same" for `a` against `b`."""
    a_value, b_value = _required(a, "a"), _required(b, "b")
    if a_value == b_value:
        return "the same"
    return "higher" if a_value > b_value else "lower"


@_safe
def rose_or_fell(change: Any) -> str:
    """ "rose" for a positive change, "fell" for a negative one, "held steady" at zero."""
    value = _required(change, "change")
    if value == 0:
        return "held steady"
    return "rose" if value > 0 else "fell"


@_safe
def plural(n: Any, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun: (1, "model") -> "1 model", (3237, "model") -> "3,237 models"."""
    value = _required(n, "n")
    noun = singular if value == 1 else (plural_form or singular + "s")
    return f"{fmt_count(value)} {noun}"


_MARKDOWN_PUNCTUATION = frozenset("\\`*_{}[]()<>#+-.!|~^$@&\"'=:;,/?%")


def fmt_text(x: Any) -> Markdown:
    """Text from the data, safe to paste into markdown prose: every ASCII punctuation character
    is backslash-escaped (so `<script>`, `[link](javascript:...)`, `@citation` and `*` read as
    themselves) and runs of whitespace become one space. Missing values read as "–". A
    `Markdown` is returned as it is (it is escaped already, or markup on purpose)."""
    if isinstance(x, Markdown):
        return x
    if is_missing(x):
        return Markdown(MISSING)
    return Markdown(_escape_punctuation(" ".join(str(x).split())))


def _escape_punctuation(text: str) -> str:
    return "".join("\\" + c if c in _MARKDOWN_PUNCTUATION else c for c in text)


def fmt_series(parts: Sequence[Any]) -> Markdown:
    """Items as an English list: "A", "A and B", "A, B and C" (empty: ""). Items that are not
    `Markdown` are data text and are escaped."""
    items = [escape(p) for p in parts]
    if len(items) <= 1:
        return Markdown("").join(items)
    return Markdown(", ").join(items[:-1]) + Markdown(" and ") + items[-1]


def fmt_names(names: Sequence[Any]) -> Markdown:
    """Names from the data as a list for prose, each made safe by `fmt_text`."""
    return fmt_series([fmt_text(name) for name in names])


# -- Small words of prose ---------------------------------------------------------------------


@_safe
def ordinal(n: Any) -> str:
    """A whole number as an English ordinal: 1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    value = int(_required(n, "n"))
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


@_safe
def fmt_p(p: Any, *, prefix: bool = False) -> str:
    """A p-value to two significant figures, "< 0.001" below a thousandth: 0.042 -> "0.042",
    1e-9 -> "< 0.001"; with `prefix`, "p = 0.042" and "p < 0.001". Missing reads "–"."""
    if is_missing(p):
        return MISSING
    value = _as_float(p, "p")
    if not 0 <= value <= 1:
        raise ValueError(f"a p-value lies between 0 and 1, got {p!r}")
    if value < 0.001:
        return "p < 0.001" if prefix else "< 0.001"
    text = fmt_number(value, 2)
    return f"p = {text}" if prefix else text


#: Country names that read with "the" in running text ("the United States").
COUNTRIES_WITH_ARTICLE = frozenset(
    {
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "Netherlands",
        "Philippines",
        "Czech Republic",
        "Bahamas",
        "Gambia",
    }
)


def with_article(name: str, start: bool = False) -> str:
    """A country name as it reads in a sentence: "the United States" (or "The ..." at the start
    of a sentence with `start`), "China". A `Markdown` name gives a `Markdown`; a plain name
    stays plain text (for a chart title, which is not markdown)."""
    if str(name) in COUNTRIES_WITH_ARTICLE:
        return ("The " if start else "the ") + name
    return name


def possessive(name: str) -> str:
    """ "China's", "the United States'" (keeps a `Markdown` name `Markdown`)."""
    return name + ("'" if str(name).endswith("s") else "'s")


# -- Intervals --------------------------------------------------------------------------------


def intervals_overlap(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    """Whether intervals `a` = (low, high) and `b` overlap; False when a bound is missing (an
    estimate without an interval cannot be told apart from another by it)."""
    bounds = (*a, *b)
    if any(is_missing(x) for x in bounds):
        return False
    lo_a, hi_a, lo_b, hi_b = (float(x) for x in bounds)
    return not (hi_a < lo_b or hi_b < lo_a)


def interval_includes(low: Any, high: Any, value: Any) -> bool:
    """Whether [low, high] contains `value` (False without an interval)."""
    if is_missing(low) or is_missing(high):
        return False
    return float(low) <= float(value) <= float(high)
