"""Typed facts: the numbers and words a chapter's prose states, as small frozen dataclasses.

A chapter's `*_facts()` function returns one `Facts` per section of the prose. Every field that
holds text is escaped when the object is made: a plain `str` (a model, organisation or country
name from the data, or an f-string built from one) becomes `fmt.fmt_text(...)`, so it reaches the
page as the characters it holds and never as markup; a `fmt.Markdown` (a formatter's output, or
markup code writes on purpose) is kept as it is. Numbers stay numbers, for the prose to format.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .. import fmt


@dataclass(frozen=True)
class Facts:
    """Base of every chapter's facts: escapes its text fields on construction, so a field
    annotated `str` holds a `fmt.Markdown` once the object exists."""

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, str) and not isinstance(value, fmt.Markdown):
                object.__setattr__(self, spec.name, fmt.fmt_text(value))
