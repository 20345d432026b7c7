"""Constants of the analysis, each with the reason it has its value and where that comes from.

Everything that a reader could ask "why this number?" about lives here, so the answer sits next
to the value and changing it changes every chapter at once.
"""

from __future__ import annotations

import math

import pandas as pd

# One seed for every random draw in the project (bootstraps, noise), so a rebuild prints the same
# intervals. The value itself carries no meaning; it only has to stay fixed.
SEED: int = 20_260_101

# Default number of bootstrap resamples for headline intervals. 1,000 percentile resamples keep
# the Monte Carlo error of a 95 % bound well below the precision the report prints (two
# significant figures), and the vectorised bootstrap in `trends` does 1,000 in milliseconds.
N_BOOT: int = 1_000

# Confidence level of every interval unless a call says otherwise.
LEVEL: float = 0.95

# Sevilla et al. (2022), "Compute Trends Across Three Eras of Machine Learning"
# (arXiv:2202.05924): the pre-deep-learning era ends and the deep-learning era begins in 2010;
# the large-scale era begins in late 2015 (AlphaGo, September–October 2015). The paper dates the
# large-scale era from 2015-09; we use its first day (the window of the outcome-selection
# comparison in `aigrowth.selection`).
PRE_DL_ERA_START: pd.Timestamp = pd.Timestamp("1950-01-01")
DL_ERA_START: pd.Timestamp = pd.Timestamp("2010-01-01")
LARGE_SCALE_ERA_START: pd.Timestamp = pd.Timestamp("2015-09-01")

# Amodei & Hernandez (OpenAI, 2018), "AI and Compute": record-setting runs from AlexNet (2012)
# to AlphaGo Zero (October 2017), with the analysis published in May 2018. We take the window as
# the calendar years 2012 through 2018.
OPENAI_2018_START: pd.Timestamp = pd.Timestamp("2012-01-01")
OPENAI_2018_END: pd.Timestamp = pd.Timestamp("2018-12-31")

# Epoch AI's large-scale threshold: models trained with more than 1e23 FLOP
# (Epoch AI, "Tracking Compute-Intensive AI Models"; also Our World in Data's
# "large-scale AI systems" chart, which counts the same list).
LARGE_SCALE_THRESHOLD_FLOP: float = 1e23

# Epoch AI's frontier rule: among the top 10 by training compute at release (Epoch AI, 2024,
# "Training Compute of Frontier AI Models Grows by 4-5x per Year").
FRONTIER_TOP_N: int = 10

# Sevilla et al. (2022) add uniform noise of ±log10(2) (a factor of 2 either way) to each log
# compute value in their bootstrap to reflect that compute estimates are uncertain by about 2×.
SEVILLA_NOISE_OOMS: float = math.log10(2.0)

# 1 petaflop/s-day = 10^15 FLOP/s sustained for one day (86,400 s): the unit of OpenAI (2018).
FLOP_PER_PETAFLOP_S_DAY: float = 1e15 * 86_400.0

# Seconds per hour, for energy = power (W) × time (h) × 3,600 s/h.
SECONDS_PER_HOUR: float = 3_600.0

# Domain groups with fewer rows than this (with both compute and parameters) are pooled into
# "Other" in the compute-vs-parameters regression: a slope from a dozen points is not worth a
# line in a table, and HC3 errors are unreliable for tiny groups.
MIN_ROWS_PER_DOMAIN: int = 20

# A share bar resting on fewer models than this is drawn faint (`aigrowth.style.shares`): one
# model more or less moves a share of 20 models by 5 points, and of 3 models by 33, so a
# "100% closed" from three models must not look as solid as one from two hundred. 20 is also
# where a share's 95% interval narrows to about ±20 points.
SMALL_SHARE_N: int = 20

# -- Breaks in the trend (aigrowth.breaks) -----------------------------------------------------

# Every segment of a broken trend holds at least this many models: a slope from fewer is too
# loose to compare, and Bai and Perron's (2003) advice of trimming 5–15 % of the sample per
# segment would, with models this unevenly spread in time (about a tenth of the notable models
# predate 2010), forbid any break before the deep-learning era. 20 of about 530 is about 4 %.
MIN_MODELS_PER_SEGMENT: int = 20

# Candidate break dates lie on a grid this many years apart, coarser for more breaks so that
# every pair or triple of dates can be searched for every bootstrap resample: a quarter-year
# grid for one break, half a year for two, a year for three. A break date is never known to
# better than about a year here (see the bootstrap intervals), so the grid costs nothing.
BREAK_GRID_STEP_YEARS: dict[int, float] = {1: 0.25, 2: 0.5, 3: 1.0}

# At most this many breaks are considered: three breaks make four eras, more than the
# literature's three (Sevilla et al., 2022) and more than about 530 dated models can separate.
MAX_BREAKS: int = 3

# A break is added while the sequential sup-F test rejects at this level (Bai and Perron, 1998).
BREAK_TEST_LEVEL: float = 0.05

# Every segment also spans at least this many years: a slope over a shorter stretch is set by
# the scatter of a few quarters' releases (a 2019–2020 "segment" growing 30× a year is such an
# artefact), and every era in the literature lasts five years or more.
MIN_SEGMENT_YEARS: float = 3.0
