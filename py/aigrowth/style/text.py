"""Text from the data as plotly.js shows it: literally.

Plotly reads a subset of HTML in every label it draws (`<b>`, `<br>`, `<a href>`, entities)
and substitutes `%{...}` in hover templates, so a name from the data must be escaped before it
enters a title, a trace name, an annotation, an axis label or a hover text.
"""

from __future__ import annotations


def plotly_text(text: object) -> str:
    """`text` with `&`, `<`, `>` as entities and the brace of `%{` as a numeric entity; plotly
    decodes them back to the same characters on screen."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("%{", "%&#123;")
