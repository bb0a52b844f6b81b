"""One definition of an uncertainty band, used by every output policy staff read.

- A **band** (spread of one scenario's outcome) is the 10th to 90th percentile of the
  value across the members of an ensemble; the line is the mean (or median). Today the
  ensemble members are runs with different seeds (chance within the model); a later
  ensemble dimension (parameter or demand draws) adds rows to the same ensemble table and
  so widens the same band without changing this code.
- A **difference** between two scenarios is paired by ensemble member (the runs of one
  seed share their random numbers) and given as the mean of the paired differences with
  its 95% t-interval. An interval that includes zero means the difference cannot be told
  apart from chance at this number of runs.

The comparison report, the dashboard, the sweep report and every plot call `band()`,
`paired_interval()` and state the band with `band_label()` / `band_sentence()`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

BAND_LOW = 0.10      # lower edge of a band: 10th percentile across runs
BAND_HIGH = 0.90     # upper edge: 90th percentile
CI_LEVEL = 0.95      # confidence level of a paired difference
# Columns that name one member of the ensemble (one run); everything else in the tidy
# table says what is measured (scenario, date, region, group, indicator).
ENSEMBLE_COLUMNS = ("seed", "run_key", "replicate", "parameter_draw")


def band(table: pd.DataFrame, by: Sequence[str], value: str = "value") -> pd.DataFrame:
    """Per group of `by` (e.g. scenario and date): mean, median, low (10th percentile) and
    high (90th percentile) of `value` across the ensemble members in the group, and n, the
    number of members. `table` has one row per member and group (sum first if a member has
    several rows per group, e.g. regions)."""
    by = list(by)
    if table.empty:
        return pd.DataFrame(columns=by + ["mean", "median", "low", "high", "n"])
    g = table.groupby(by, observed=True, sort=True)[value]
    out = pd.DataFrame({"mean": g.mean(), "median": g.median(), "low": g.quantile(BAND_LOW),
                        "high": g.quantile(BAND_HIGH), "n": g.size()})
    return out.reset_index()


def members(table: pd.DataFrame, by: Sequence[str], value: str = "value") -> pd.DataFrame:
    """Sum `value` per ensemble member within each group of `by` (one row per member and
    group), ready for `band()`. The member columns are those of ENSEMBLE_COLUMNS present."""
    keys = [c for c in ENSEMBLE_COLUMNS if c in table.columns and c not in by]
    return table.groupby(list(by) + keys, observed=True, sort=True)[value].sum().reset_index()


def spread(values) -> tuple[float, float, float]:
    """(mean, 10th percentile, 90th percentile) of one outcome across runs."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if not len(v):
        return math.nan, math.nan, math.nan
    return float(v.mean()), float(np.quantile(v, BAND_LOW)), float(np.quantile(v, BAND_HIGH))


def paired_interval(diffs, level: float = CI_LEVEL) -> tuple[float, float, float]:
    """Mean of paired differences and its t-based confidence interval."""
    diffs = np.asarray(diffs, dtype=float)
    n = len(diffs)
    mean = float(diffs.mean()) if n else math.nan
    if n < 2:
        return mean, math.nan, math.nan
    sd = float(diffs.std(ddof=1))
    if sd == 0.0:
        return mean, mean, mean
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def distinguishable(low: float, high: float) -> bool:
    """True when the interval [low, high] excludes zero (a difference told apart from
    chance); an exact zero difference (identical runs) is not a difference either."""
    if math.isnan(low) or math.isnan(high):
        return False
    return low > 0 or high < 0


_WORDS = {
    "nl": {
        "label": "band: 10e-90e percentiel over {n} runs",
        "sentence": "Band = 10e tot 90e percentiel over {n} runs {members}; lijn = gemiddelde.",
        "seeds": "met verschillende toevalsgetallen (seeds)",
        "sweep": "(verschillende parameterwaarden en seeds)",
        "differences": " Verschillen: gemiddelde van de verschillen per seed met het 95%-betrouwbaarheidsinterval.",
        "indistinguishable": "niet te onderscheiden van toeval bij dit aantal runs",
    },
    "en": {
        "label": "band: 10th-90th percentile over {n} runs",
        "sentence": "Band = 10th to 90th percentile over {n} runs {members}; line = mean.",
        "seeds": "with different random numbers (seeds)",
        "sweep": "(different parameter values and seeds)",
        "differences": " Differences: mean of the per-seed differences with its 95% confidence interval.",
        "indistinguishable": "cannot be told apart from chance at this number of runs",
    },
}


def band_label(lang: str, n: int) -> str:
    """Short legend text for a band, e.g. 'band: 10e-90e percentiel over 4 runs'."""
    return _WORDS[lang]["label"].format(n=n)


def band_sentence(lang: str, n: int, members: str = "seeds", differences: bool = True) -> str:
    """The full definition, for a note under a plot or table. members: 'seeds' (runs
    differ by seed only) or 'sweep' (by parameter values and seeds); differences: also
    say how a difference between scenarios and its interval are computed."""
    w = _WORDS[lang]
    return w["sentence"].format(n=n, members=w[members]) + (w["differences"] if differences else "")


def indistinguishable_words(lang: str) -> str:
    return _WORDS[lang]["indistinguishable"]
