"""Quarto's conditional content under the offline renderer: `.content-visible` and
`.content-hidden` with `when-format` / `unless-format` keep text for one medium only (the
compat filter in py/qmdrender/resources/quarto-compat.lua; real Quarto has it built in)."""

from __future__ import annotations

from pathlib import Path

import pypandoc
import pytest

FILTER = Path(__file__).resolve().parents[1] / "py" / "qmdrender" / "resources" / "quarto-compat.lua"

DOC = """Both media.

::: {.content-visible when-format="html"}
Screen only.
:::

::: {.content-visible unless-format="html"}
Print only.
:::

::: {.content-hidden when-format="typst"}
Not in Typst.
:::

A [hover hint]{.content-visible when-format="html"} and a [printed hint]{.content-hidden when-format="html"}.
"""


@pytest.mark.parametrize("to, shown, hidden", [
    ("html", ["Both media", "Screen only", "Not in Typst", "hover hint"], ["Print only", "printed hint"]),
    ("typst", ["Both media", "Print only", "printed hint"], ["Screen only", "Not in Typst", "hover hint"]),
])
def test_conditional_content_keeps_the_text_of_its_medium(to, shown, hidden):
    out = pypandoc.convert_text(DOC, to, format="markdown", extra_args=[f"--lua-filter={FILTER}"])
    for text in shown:
        assert text in out, (to, text)
    for text in hidden:
        assert text not in out, (to, text)
    assert "content-visible" not in out and "content-hidden" not in out
