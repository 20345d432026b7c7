"""One great-tables style for every table in the report, and the table builders.

Each builder takes a plain DataFrame and returns a `great_tables.GT` with a fixed id
("tbl-..."), so its HTML is identical across builds (great-tables otherwise draws a random
id for the CSS scope). Numbers are formatted with `aigrowth.fmt`, the same functions the prose
uses, and missing values read "–". The source note lives inside the table object.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Sequence
from typing import Any, cast

import pandas as pd
from great_tables import GT, loc, style

from aigrowth import fmt
from aigrowth.checks import require_columns, require_rows
from aigrowth.style import DEFAULT_SOURCE, FONT_STACK, GREY_TEXT, TEXT

_TABLE_ID = re.compile(r"^tbl-[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_id(table_id: str) -> str:
    """Ids follow Quarto's cross-reference form, "tbl-growth-comparison"."""
    if not _TABLE_ID.match(table_id):
        raise ValueError(f"table id {table_id!r} must look like 'tbl-words-joined-by-hyphens'")
    return table_id


_STYLE = re.compile(r"(<style>)(.*?)(</style>)", re.S)
_RULE = re.compile(r"([^{}]+)\{")
_FONT_COLOR = re.compile(r"font-color\(([^()]*)\)")


def _scope_css(css: str, scope: str) -> str:
    """Every selector of great-tables' CSS inside `scope`: its bare `tbody`, `tr`, `td`... rules
    would otherwise style every table of the page."""

    def rule(match: re.Match[str]) -> str:
        selectors = match.group(1)
        if selectors.strip().startswith("@"):
            return match.group(0)
        scoped = [
            sel.strip() if sel.strip().startswith(scope) else f"{scope} {sel.strip()}"
            for sel in selectors.split(",")
            if sel.strip()
        ]
        return "\n" + ", ".join(scoped) + " {"

    return _RULE.sub(rule, css)


def page_html(html: str, table_id: str) -> str:
    """great-tables' HTML made valid inside a report page: its wrapper takes its own id (Quarto
    gives the table's id to the figure around it, and an id must be unique), its CSS is scoped to
    that wrapper, and colours it writes as `font-color(...)`, which is not CSS, become the colour."""
    own = f"{table_id}-table"
    html = html.replace(f'<div id="{table_id}"', f'<div id="{own}"', 1)
    html = re.sub(rf"#{re.escape(table_id)}(?![\w-])", f"#{own}", html)
    return _STYLE.sub(
        lambda m: m.group(1) + _scope_css(_FONT_COLOR.sub(r"\1", m.group(2)), f"#{own}") + m.group(3),
        html,
        count=1,
    )


class ReportTable(GT):
    """A great-tables table whose HTML is valid in a report page (`page_html`); every other
    output (the PDF's) is great-tables' own."""

    def _repr_html_(self) -> str:
        return page_html(super()._repr_html_(), self._options.table_id.value)


def _report_table(gt: GT) -> ReportTable:
    # The same table object as a ReportTable: great-tables' constructor takes data, not a
    # built table, so the styled table's state is copied over.
    table = copy.copy(gt)
    table.__class__ = ReportTable
    return cast(ReportTable, table)


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    require_columns(df, columns, what)
    require_rows(df, what)


def style_table(
    gt: GT,
    source_note: str = DEFAULT_SOURCE,
    *,
    title: str | None = None,
    subtitle: str | None = None,
) -> GT:
    """The report's table look: system font, quiet rules, bold column labels, "–" for missing
    values, a header when `title` is given and the source note inside the table."""
    if not source_note or not source_note.strip():
        raise ValueError("a table needs a source note naming its data")
    styled = (
        gt.opt_table_font(font=list(FONT_STACK), add=False)
        .sub_missing(missing_text=fmt.MISSING)
        .tab_source_note(source_note)
        .tab_options(
            table_font_size="15px",
            table_font_color=TEXT,
            table_border_top_style="none",
            table_border_bottom_color="#B3B3B3",
            heading_align="left",
            heading_title_font_size="17px",
            heading_subtitle_font_size="14px",
            heading_border_bottom_color="#B3B3B3",
            column_labels_font_weight="bold",
            column_labels_border_top_style="none",
            column_labels_border_bottom_color="#4D4D4D",
            table_body_hlines_color="#E6E6E6",
            table_body_border_bottom_color="#B3B3B3",
            source_notes_font_size="12px",
            data_row_padding="5px",
        )
        .tab_style(style=style.text(color=GREY_TEXT), locations=loc.source_notes())
    )
    if title:
        styled = styled.tab_header(title=title, subtitle=subtitle)
    return _report_table(styled)


def _interval_text(
    value: Any,
    low: Any,
    high: Any,
    formatter: Callable[[Any], str],
    suffix: str = "",
    bound_formatter: Callable[[Any], str] | None = None,
) -> str:
    """ "4.2× (3.9–4.6×)" for a table cell whose column label or note names the interval
    level; an infinite upper end (the data do not rule out no growth) reads "∞"."""
    if fmt.is_missing(value):
        return fmt.MISSING
    text = formatter(value)
    if fmt.is_missing(low) or fmt.is_missing(high):
        return text
    format_bound = bound_formatter or formatter

    def bound(x: Any) -> str:
        return "∞" if isinstance(x, (int, float)) and math.isinf(x) else format_bound(x)

    return f"{text} ({bound(low)}{fmt.EN_DASH}{bound(high)}{suffix})"


def _number_or_inf(x: Any) -> str:
    if isinstance(x, (int, float)) and math.isinf(x):
        return "∞"
    return fmt.fmt_number(x)


def growth_comparison_table(
    df: pd.DataFrame,
    *,
    level: float = 0.95,
    table_id: str = "tbl-growth-comparison",
    source_note: str = DEFAULT_SOURCE + "; published estimates as cited",
    title: str | None = None,
) -> GT:
    """This report's growth rates beside published ones.

    Columns read: source, subset, period, growth_per_year, low, high, doubling_months,
    doubling_low, doubling_high (interval columns may be missing values).
    """
    _require(
        df,
        [
            "source",
            "subset",
            "period",
            "growth_per_year",
            "low",
            "high",
            "doubling_months",
            "doubling_low",
            "doubling_high",
        ],
        "growth_comparison_table",
    )
    level_text = f"{round(level * 100, 6):g}%"
    shown = pd.DataFrame(
        {
            "Source": df["source"].astype(str).to_numpy(),
            "Models": df["subset"].astype(str).to_numpy(),
            "Period": df["period"].astype(str).to_numpy(),
            "Growth per year": [
                _interval_text(v, lo, hi, fmt.fmt_growth, fmt.TIMES, fmt.fmt_number)
                for v, lo, hi in zip(df["growth_per_year"], df["low"], df["high"], strict=False)
            ],
            "Doubling time, months": [
                _interval_text(v, lo, hi, _number_or_inf)
                for v, lo, hi in zip(
                    df["doubling_months"], df["doubling_low"], df["doubling_high"], strict=False
                )
            ],
        }
    )
    gt = GT(shown, id=_check_id(table_id))
    gt = gt.cols_align(align="right", columns=["Growth per year", "Doubling time, months"])
    # A period or an interval broken across lines ("2012–" / "2018") misreads: keep each whole.
    gt = gt.tab_style(
        style=style.css("white-space: nowrap"),
        locations=loc.body(columns=["Period", "Growth per year", "Doubling time, months"]),
    )
    styled = style_table(gt, source_note, title=title)
    return styled.tab_source_note(f"Intervals in brackets: {level_text} confidence intervals.")


def domain_slopes_table(
    df: pd.DataFrame,
    *,
    level: float = 0.95,
    table_id: str = "tbl-domain-slopes",
    source_note: str = DEFAULT_SOURCE,
    title: str | None = None,
) -> GT:
    """Slope of log10 compute on log10 parameters per domain with its interval and n, sorted
    by slope (steepest first). Columns read: domain_group, slope, low, high, n."""
    _require(df, ["domain_group", "slope", "low", "high", "n"], "domain_slopes_table")
    rows = df.sort_values("slope", ascending=False, kind="mergesort")
    level_text = f"{round(level * 100, 6):g}%"
    shown = pd.DataFrame(
        {
            "Domain": rows["domain_group"].astype(str).to_numpy(),
            f"Slope ({level_text} CI)": [
                _interval_text(v, lo, hi, lambda x: fmt.fmt_number(x, 3))
                for v, lo, hi in zip(rows["slope"], rows["low"], rows["high"], strict=False)
            ],
            "Models": [fmt.fmt_count(n) for n in rows["n"]],
        }
    )
    gt = GT(shown, id=_check_id(table_id)).cols_align(align="right", columns=shown.columns[1:].tolist())
    return style_table(gt, source_note, title=title)


def most_expensive_runs(models: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` models with the highest training cost (2023 US dollars), most expensive first:
    model, organization, year, cost_usd_2023, compute_flop. The rows `most_expensive_table`
    shows, for the CSV download."""
    _require(
        models, ["model", "organization", "year", "cost_usd_2023", "compute_flop"], "most_expensive_runs"
    )
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    known = models[pd.to_numeric(models["cost_usd_2023"], errors="coerce") > 0]
    top = known.sort_values(["cost_usd_2023", "model"], ascending=[False, True], kind="mergesort").head(n)
    return top[["model", "organization", "year", "cost_usd_2023", "compute_flop"]].reset_index(drop=True)


def most_expensive_table(
    df: pd.DataFrame,
    *,
    table_id: str = "tbl-most-expensive",
    source_note: str = DEFAULT_SOURCE + "; costs in 2023 US dollars",
    title: str | None = None,
) -> GT:
    """The most expensive training runs (rows as from `most_expensive_runs`)."""
    _require(df, ["model", "organization", "year", "cost_usd_2023", "compute_flop"], "most_expensive_table")
    shown = pd.DataFrame(
        {
            "Model": df["model"].astype(str).to_numpy(),
            "Organisation": df["organization"]
            .astype(object)
            .where(df["organization"].notna(), None)
            .to_numpy(),
            "Year": [fmt.fmt_year(y) for y in df["year"]],
            "Training cost": [fmt.fmt_usd(c) for c in df["cost_usd_2023"]],
            "Training compute": [fmt.fmt_flop(c) for c in df["compute_flop"]],
        }
    )
    gt = GT(shown, id=_check_id(table_id)).cols_align(
        align="right", columns=["Year", "Training cost", "Training compute"]
    )
    return style_table(gt, source_note, title=title)


def top_countries_table(
    df: pd.DataFrame,
    *,
    table_id: str = "tbl-top-countries",
    source_note: str = (
        DEFAULT_SOURCE + "; a model counts for each country of its developers' organisations"
    ),
    title: str | None = None,
    extra_counts: dict[str, str] | None = None,
) -> GT:
    """Countries ranked by number of models (rows as from
    `aigrowth.figures.geography.models_per_country_data`: rank, country_name, n_models,
    share_pct). `extra_counts` maps further count columns to their labels, for example
    {"n_large_scale": "Large-scale models"}."""
    _require(df, ["rank", "country_name", "n_models", "share_pct"], "top_countries_table")
    extra_counts = extra_counts or {}
    _require(df, list(extra_counts), "top_countries_table")
    rows = df.sort_values("rank", kind="mergesort")
    shown = pd.DataFrame(
        {
            "Rank": [fmt.fmt_count(r) for r in rows["rank"]],
            "Country": rows["country_name"].astype(str).to_numpy(),
            "Models": [fmt.fmt_count(v) for v in rows["n_models"]],
            "Share of models": [fmt.fmt_pct(v) for v in rows["share_pct"]],
        }
    )
    for column, label in extra_counts.items():
        shown[label] = [fmt.fmt_count(v) for v in rows[column]]
    gt = GT(shown, id=_check_id(table_id)).cols_align(
        align="right", columns=[c for c in shown.columns if c != "Country"]
    )
    return style_table(gt, source_note, title=title)
