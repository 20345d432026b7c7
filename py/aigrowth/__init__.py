"""Patterns of Growth: the analysis package behind the report.

Modules by concern: `sources` (the manifest), `acquire` (filling data/raw), `readers` and
`loaders` (one validated loader per source), `countries` (names to ISO3), `table` (the merged
analysis table), and the analysis modules built on it.
"""

__version__ = "0.1.0"
