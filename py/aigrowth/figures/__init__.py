"""Figure builders, one module per chapter theme.

Each chart comes as a pair: `<chart>_data(...)` returns exactly the rows plotted (offered to
the reader as CSV) and `<chart>_figure(data, ...)` returns a plotly figure with the report's
template, a title stating the finding, a subtitle with measure and unit, a source line,
hover details and a stable id in `fig.layout.meta["id"]`. Trace names and uids are fixed, so
`fig.to_json()` is identical across builds and a scrollytelling script can address traces by
name; each builder's docstring lists its trace names.

Modules: `temporal` (compute and other metrics over time, open weights), `aicompute` (record
runs 2012–2018), `domains` (compute against parameters), `geography` (countries) and
`efficiency` (frontier against the rest, FLOP per dollar and per joule).

What each plotted variable is called, its unit and how its values read come from its record in
`aigrowth.variables`.
"""

from aigrowth.figures._base import TrendLine, uid

__all__ = ["TrendLine", "uid"]
