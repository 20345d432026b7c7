"""Published growth figures beside this report's estimate for the same selection and window.

Each `Published` entry holds a figure exactly as its source states it (`as_stated`), the
number(s) it gives, the *kind* of its interval (a 90 % CI, a 95 % CI and a summary range such as
"4–5×" are different things; many figures have none), the selection of models and the window
it describes, the BibTeX key of its source in report/references.bib, and where the text was
checked. `comparison_table` puts beside each our estimate on the same selection and window,
once with the report's own interval (95 % percentile bootstrap over models) and once with an
interval of the published kind where the source says how it made its own, and a reason where the
two differ.

The headline functions (`compute_growth_per_year_notable_2010_2024`, …) return `Estimate`s.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from aigrowth.constants import LEVEL, N_BOOT, SEED
from aigrowth.estimate import Estimate, doubling_estimate, growth_estimate
from aigrowth.frontier import record_setter_mask
from aigrowth.trends import TrendFit, fit_trend
from aigrowth.units import growth_per_year_to_doubling_months
from aigrowth.years import decimal_year_to_timestamp

# Windows of the published figures. Epoch's 2024 analysis used its database as of May 2024
# ("from 2010 to May 2024"); OpenAI's series ends with AlphaGo Zero (October 2017); Cottier et
# al. fit frontier models published from 2016 through 2023.
EPOCH_2024_START, EPOCH_2024_END = "2010-01-01", "2024-05-31"
EPOCH_2024_FRONTIER_START = "2018-01-01"
OPENAI_2018_SERIES_START, OPENAI_2018_SERIES_END = "2012-01-01", "2017-12-31"
COTTIER_2024_START, COTTIER_2024_END = "2016-01-01", "2023-12-31"


@dataclass(frozen=True)
class Published:
    """A figure as its source states it.

    `quantity` is "growth_per_year", "doubling_months", "doubling_years" or "growth_factor";
    `value` is None when the source gives only a range. `interval` names the kind of `low`–`high`: "90% CI",
    "95% CI", "summary range", or "none". `checked` says where the wording was read.
    """

    key: str
    citation: str
    source: str
    as_stated: str
    quantity: str
    value: float | None
    low: float | None
    high: float | None
    interval: str
    selection: str
    window: str
    checked: str
    note: str = ""


PUBLISHED: tuple[Published, ...] = (
    Published(
        "sevilla2024_notable",
        "sevilla2024",
        "Sevilla & Roldán (Epoch AI, 2024)",
        "the compute used to train recent models grew 4-5x yearly from 2010 to May 2024",
        "growth_per_year",
        None,
        4.0,
        5.0,
        "summary range",
        "notable models (and, they find, frontier models, recent large language models and "
        "models from leading companies alike)",
        "2010 – May 2024",
        "the post's summary and introduction",
    ),
    Published(
        "sevilla2024_frontier_since_2018",
        "sevilla2024",
        "Sevilla & Roldán (Epoch AI, 2024)",
        "recent frontier growth since 2018 is better described as a 4x/year trend",
        "growth_per_year",
        4.0,
        None,
        None,
        "none",
        "frontier models: the running top 10 by training compute",
        "2018 – May 2024",
        "the post's introduction",
    ),
    Published(
        "cottier2024_cost",
        "cottier2024",
        "Cottier et al. (2024)",
        "the amortized cost to train the most compute-intensive models has grown "
        "precipitously at a rate of 2.4x per year since 2016 (95% CI: 2.0x to 3.1x)",
        "growth_per_year",
        2.4,
        2.0,
        3.1,
        "95% CI",
        "frontier models, amortized hardware and energy cost",
        "2016 – 2023",
        "the abstract of the paper's first arXiv version (arXiv:2405.21015v1)",
        "another arXiv version of the paper, with one more author, states the same 2.4x per year "
        "since 2016 with a 90% CI of 2.0x to 2.9x",
    ),
    Published(
        "amodei2018_doubling",
        "amodei2018",
        "Amodei & Hernandez (OpenAI, 2018)",
        "since 2012, the amount of compute used in the largest AI training runs has been "
        "increasing exponentially with a 3.4-month doubling time",
        "doubling_months",
        3.4,
        None,
        None,
        "none",
        "the largest training runs (record-setters) of well-known results",
        "2012 – late 2017",
        "the post's opening paragraph",
    ),
    Published(
        "amodei2018_moore",
        "amodei2018",
        "Amodei & Hernandez (OpenAI, 2018)",
        "by comparison, Moore's Law had a 2-year doubling period",
        "doubling_years",
        2.0,
        None,
        None,
        "none",
        "Moore's law as the post states it, the pace it compares the era before 2012 with (its "
        "addendum: results from 1959 to 2012 'roughly track Moore's law')",
        "before 2012",
        "the post's opening paragraph and its addendum",
    ),
    Published(
        "amodei2018_increase",
        "amodei2018",
        "Amodei & Hernandez (OpenAI, 2018)",
        "since 2012, this metric has grown by more than 300,000x",
        "growth_factor",
        300_000.0,
        None,
        None,
        "none (a lower bound: 'more than')",
        "the largest training runs: AlexNet to AlphaGo Zero",
        "2012 – late 2017",
        "the post's opening paragraph",
    ),
    Published(
        "sevilla2022_pre_dl",
        "sevilla2022",
        "Sevilla et al. (2022)",
        "Before the Deep Learning era, training compute approximately followed Moore's law, "
        "doubling every ≈20 months",
        "doubling_months",
        20.0,
        None,
        None,
        "none (the paper's table has 95% intervals, not entered: not read)",
        "milestone models",
        "1952 – 2010",
        "the authors' summary post; the paper's Table 1 was not read",
    ),
    Published(
        "sevilla2022_dl",
        "sevilla2022",
        "Sevilla et al. (2022)",
        "The Deep Learning era starts somewhere between 2010 and 2012. After that, doubling "
        "time speeds up to ≈5-6 months",
        "doubling_months",
        None,
        5.0,
        6.0,
        "summary range",
        "milestone models",
        "2010 – 2022",
        "the authors' summary post; the paper's Table 1 was not read",
    ),
    Published(
        "sevilla2022_large_scale",
        "sevilla2022",
        "Sevilla et al. (2022)",
        "the growth of compute in large-scale models seems slower, with a doubling time of ≈10 months",
        "doubling_months",
        10.0,
        None,
        None,
        "none",
        "large-scale models",
        "late 2015 – 2022",
        "the authors' summary post; the paper's Table 1 was not read",
    ),
)


def published(key: str) -> Published:
    """The published figure with this key; KeyError listing the keys otherwise."""
    for item in PUBLISHED:
        if item.key == key:
            return item
    raise KeyError(f"no published figure {key!r}; known: {[p.key for p in PUBLISHED]}")


def published_frame() -> pd.DataFrame:
    """`PUBLISHED` as a frame, one row per figure, fields as entered."""
    return pd.DataFrame([p.__dict__ for p in PUBLISHED])


# -- Our estimate on the same selection and window ----------------------------------------------


def _fit(
    models: pd.DataFrame,
    metric: str,
    subset: str | pd.Series,
    start,
    end,
    n_boot: int,
    seed: int,
    level: float = LEVEL,
) -> TrendFit:
    return fit_trend(models, metric, start, end, subset, n_boot, seed, 0.0, level)


def _subset_words(fit: TrendFit, words: str) -> str:
    first, last = (decimal_year_to_timestamp(v).date().isoformat() for v in (fit.start, fit.end))
    return f"{words}, {first} to {last}"


def compute_growth_per_year_notable_2010_2024(
    models: pd.DataFrame, n_boot: int = N_BOOT, seed: int = SEED
) -> Estimate:
    """Growth of training compute of notable models published 2010 to May 2024: Epoch's
    (Sevilla & Roldán, 2024) selection and window, on today's data."""
    fit = _fit(models, "compute_flop", "notable", EPOCH_2024_START, EPOCH_2024_END, n_boot, seed)
    return growth_estimate(
        "compute_growth_per_year_notable_2010_2024", fit, _subset_words(fit, "notable models")
    )


def compute_growth_per_year_top10_since_2018(
    models: pd.DataFrame, n_boot: int = N_BOOT, seed: int = SEED, end: str | None = None
) -> Estimate:
    """Growth of training compute of frontier models (top 10 by compute at release) since
    2018, to the end of the data (or `end`; Epoch's own window ends in May 2024)."""
    fit = _fit(models, "compute_flop", "frontier_top10", EPOCH_2024_FRONTIER_START, end, n_boot, seed)
    return growth_estimate(
        "compute_growth_per_year_top10_since_2018",
        fit,
        _subset_words(fit, "frontier models (top 10 at release)"),
    )


def cost_growth_per_year_frontier_2016_2023(
    models: pd.DataFrame, n_boot: int = N_BOOT, seed: int = SEED
) -> Estimate:
    """Growth of the training cost (Epoch's 2023-dollar estimate) of frontier models (top 10 at
    release) published 2016–2023: Cottier et al.'s (2024) window."""
    fit = _fit(models, "cost_usd_2023", "frontier_top10", COTTIER_2024_START, COTTIER_2024_END, n_boot, seed)
    return growth_estimate(
        "cost_growth_per_year_frontier_2016_2023",
        fit,
        _subset_words(fit, "frontier models (top 10 at release) with a cost"),
    )


def record_fit(
    models: pd.DataFrame, start=OPENAI_2018_SERIES_START, end=OPENAI_2018_SERIES_END, level: float = LEVEL
) -> TrendFit:
    """OLS trend of the record-setting runs (records judged against every earlier model) in
    [start, end], with the t interval only: a percentile bootstrap of a handful of points is not
    an honest interval (see `aigrowth.records`)."""
    mask = record_setter_mask(models, "compute_flop")
    return fit_trend(models, "compute_flop", start, end, mask, 0, SEED, 0.0, level)


def record_doubling_months_2012_2017(models: pd.DataFrame) -> Estimate:
    """Doubling time of the record-setting runs on OpenAI's own window (2012 to the end of
    2017: its series ends with AlphaGo Zero), with the t interval for so few points."""
    fit = record_fit(models)
    return doubling_estimate(
        "record_doubling_months_2012_2017", fit, _subset_words(fit, "record-setting runs"), t_interval=True
    )


# -- The comparison table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Which of our fits answers a published figure, and why the two may differ."""

    published: str
    ours: Callable[[pd.DataFrame, int, int, float], TrendFit]
    selection: str
    reason: str


def _trend(metric: str, subset, start, end) -> Callable[[pd.DataFrame, int, int, float], TrendFit]:
    def fit(models: pd.DataFrame, n_boot: int, seed: int, level: float) -> TrendFit:
        return _fit(models, metric, subset, start, end, n_boot, seed, level)

    return fit


def _records(start, end) -> Callable[[pd.DataFrame, int, int, float], TrendFit]:
    def fit(models: pd.DataFrame, n_boot: int, seed: int, level: float) -> TrendFit:
        return record_fit(models, start, end, level)

    return fit


_NEWER = "Epoch has added and revised models since, so the same window holds other rows; "

COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "sevilla2024_notable",
        _trend("compute_flop", "notable", EPOCH_2024_START, EPOCH_2024_END),
        "notable models, 2010 – May 2024",
        _NEWER + "the source states a range, not an estimate with an interval",
    ),
    Comparison(
        "sevilla2024_frontier_since_2018",
        _trend("compute_flop", "frontier_top10", EPOCH_2024_FRONTIER_START, EPOCH_2024_END),
        "frontier models (top 10 at release), 2018 – May 2024",
        _NEWER + "our top 10 is ranked among every model with a compute estimate, Epoch's "
        "among its notable models",
    ),
    Comparison(
        "cottier2024_cost",
        _trend("cost_usd_2023", "frontier_top10", COTTIER_2024_START, COTTIER_2024_END),
        "frontier models (top 10 at release) with a cost, 2016–2023",
        "Epoch's cost column is one estimate per model in 2023 dollars, and our frontier "
        "rule may pick other models than the paper's selection",
    ),
    Comparison(
        "amodei2018_doubling",
        _records(OPENAI_2018_SERIES_START, OPENAI_2018_SERIES_END),
        "record-setting runs, 2012–2017",
        "today's estimates of the same runs differ (AlphaGo Zero's compute was revised "
        "down), and records are judged against every model Epoch lists, not OpenAI's 15",
    ),
)


def _from_slope(slope: float, in_months: bool) -> float:
    """An OOMs-per-year slope as the published quantity: a doubling time in months or a
    growth factor per year."""
    if not in_months:
        return float(10**slope)
    return 12 * math.log10(2) / slope if slope > 0 else math.inf


def comparison_table(models: pd.DataFrame, n_boot: int = N_BOOT, seed: int = SEED) -> pd.DataFrame:
    """Each published figure beside our estimate on the same selection and window.

    Columns: key, citation, as_stated, published_value, published_low, published_high,
    published_interval, quantity, selection, our_value, our_low, our_high (95 % percentile
    bootstrap; t interval for record-setters), like_level, like_low, like_high (our interval
    at the published level, as a t interval, when the source gives one), n, consistent
    (whether our 95 % interval overlaps the published figure or range), reason.
    """
    rows = []
    for comp in COMPARISONS:
        pub = published(comp.published)
        fit = comp.ours(models, n_boot, seed, LEVEL)
        in_months = pub.quantity == "doubling_months"
        conv = functools.partial(_from_slope, in_months=in_months)
        ours = (conv(fit.slope), *sorted((conv(fit.slope_low), conv(fit.slope_high))))
        like_level: float | None = None
        like: tuple[float | None, ...] = (None, None)
        if pub.interval.endswith("CI"):
            like_level = float(pub.interval.split("%")[0]) / 100
            t = stats.t.ppf(0.5 + like_level / 2, fit.n - 2)
            se = (fit.slope_high_ols - fit.slope_low_ols) / (2 * stats.t.ppf(0.5 + fit.level / 2, fit.n - 2))
            like = tuple(sorted((conv(fit.slope - t * se), conv(fit.slope + t * se))))
        pub_low = pub.low if pub.low is not None else pub.value
        pub_high = pub.high if pub.high is not None else pub.value
        consistent = bool(
            pub_low is not None and pub_high is not None and ours[1] <= pub_high and pub_low <= ours[2]
        )
        rows.append(
            {
                "key": pub.key,
                "citation": pub.citation,
                "as_stated": pub.as_stated,
                "published_value": pub.value,
                "published_low": pub.low,
                "published_high": pub.high,
                "published_interval": pub.interval,
                "quantity": pub.quantity,
                "selection": comp.selection,
                "our_value": ours[0],
                "our_low": ours[1],
                "our_high": ours[2],
                "like_level": like_level,
                "like_low": like[0],
                "like_high": like[1],
                "n": fit.n,
                "consistent": consistent,
                "reason": comp.reason,
            }
        )
    return pd.DataFrame(rows)


def doubling_of(growth: float) -> float:
    """Doubling months of a growth factor per year (for table cells)."""
    return growth_per_year_to_doubling_months(growth)


__all__ = [
    "PUBLISHED",
    "Published",
    "published",
    "published_frame",
    "comparison_table",
    "compute_growth_per_year_notable_2010_2024",
    "compute_growth_per_year_top10_since_2018",
    "cost_growth_per_year_frontier_2016_2023",
    "record_doubling_months_2012_2017",
    "record_fit",
]
