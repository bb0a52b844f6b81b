"""Net effects of a scenario against the reference (the first scenario), per year and to
the end year: what a lever adds to employment once displacement is counted.

Effects, each read from the tidy table at the end of December of every year (persons,
full-population scale, province totals):

- `unfilled_technical_jobs`: technical jobs firms want filled that are not filled (the
  technical shortfall as a level: a year with more inflow than demand brings it to 0 at
  most, so a surplus cannot buy "avoided shortfall");
- `unfilled_technical_job_years`: those unfilled jobs summed over the month ends from the
  start year to December of the year, divided by 12 (job-years left unfilled; the
  cumulative technical shortfall on unfilled jobs);
- `technical_employment`, `nontechnical_employment`: jobs filled in the technical and the
  other occupation groups (indicator `employed` by occupation group, region of the job);
- `total_employment` = technical + non-technical employment (jobs in the model's markets;
  working students' side jobs are not in an occupation group and not counted);
- `unfilled_nontechnical_jobs`: unfilled jobs in the other groups (displacement shows as
  a rise when a lever pulls workers out of them);
- `in_retraining`: persons in a retraining programme (out of work while they train).

Each effect's difference is paired by ensemble member (skillsim/bands.py): d_i = scenario_i
- reference_i, its mean with the 95% t-interval (`paired_interval`) and the band
(10th-90th percentile of the d_i, `band`). Reads the tidy table only.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from skillsim import bands as B
from skillsim.compare.select import text_is
from skillsim.model import structure as S

MEMBER = "member"
PROVINCE = S.PROVINCE
TECHNICAL_GROUPS = tuple(S.OCCUPATION_GROUPS[i] for i in np.flatnonzero(S.TECHNICAL))
OTHER_GROUPS = tuple(g for g in S.OCCUPATION_GROUPS if g not in TECHNICAL_GROUPS)

# effect -> unit; the order of tables and plots
EFFECTS: dict[str, str] = {
    "technical_employment": "persons",
    "nontechnical_employment": "persons",
    "total_employment": "persons",
    "unfilled_technical_jobs": "persons",
    "unfilled_technical_job_years": "person-years",
    "unfilled_nontechnical_jobs": "persons",
    "in_retraining": "persons",
}
# Indicators of the tidy table the effects need (skillsim/compare/execute.py keeps them).
INDICATORS = ("employed", "unfilled_technical_jobs", "unfilled_nontechnical_jobs", "in_retraining")
NET_COLUMNS = ("scenario", "reference", "year", "effect", "unit", "diff_mean", "ci_low", "ci_high",
               "band_low", "band_high", "distinguishable", "n_members")


def _with_member(table: pd.DataFrame) -> pd.DataFrame:
    return table if MEMBER in table.columns else table.assign(**{MEMBER: table["seed"]})


def _province(table: pd.DataFrame, indicator: str, groups=("all",)) -> pd.DataFrame:
    rows = table[text_is(table["indicator"], indicator) & text_is(table["region"], PROVINCE)
                 & text_is(table["occupation_group"], *groups)]
    return rows


def _monthly(table: pd.DataFrame, indicator: str, groups=("all",)) -> pd.Series:
    """Per (scenario, member, date): the province's value, summed over `groups`."""
    rows = _province(table, indicator, groups)
    return rows.groupby(["scenario", MEMBER, "date"], observed=True)["value"].sum()


def _december(monthly: pd.Series, start: int, end: int) -> pd.Series:
    """Per (scenario, member, year): the value at the end of December of each year."""
    if monthly.empty:
        return pd.Series(dtype=float, index=pd.MultiIndex.from_arrays([[], [], []], names=["scenario", MEMBER, "year"]))
    frame = monthly.rename("value").reset_index()
    dates = pd.DatetimeIndex(frame["date"])
    frame = frame[(dates.month == 12) & dates.year.isin(range(start, end + 1))]
    frame = frame.assign(year=pd.DatetimeIndex(frame["date"]).year)
    return frame.groupby(["scenario", MEMBER, "year"], observed=True)["value"].sum()


def levels(table: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """One row per (scenario, member, year), one column per effect (EFFECTS); an effect
    whose indicator the table does not have is NaN."""
    table = _with_member(table)
    out: dict[str, pd.Series] = {}
    tech = _december(_monthly(table, "employed", TECHNICAL_GROUPS), start, end)
    other = _december(_monthly(table, "employed", OTHER_GROUPS), start, end)
    if len(tech) and len(other):
        out["technical_employment"] = tech
        out["nontechnical_employment"] = other
        out["total_employment"] = tech + other.reindex(tech.index)
    unfilled = _monthly(table, "unfilled_technical_jobs")
    if len(unfilled):
        out["unfilled_technical_jobs"] = _december(unfilled, start, end)
        frame = unfilled.rename("value").reset_index()
        frame = frame[pd.DatetimeIndex(frame["date"]).year.isin(range(start, end + 1))].sort_values("date")
        frame["value"] = frame.groupby(["scenario", MEMBER], observed=True)["value"].cumsum() / 12.0
        out["unfilled_technical_job_years"] = _december(frame.set_index(["scenario", MEMBER, "date"])["value"],
                                                        start, end)
    for name in ("unfilled_nontechnical_jobs", "in_retraining"):
        series = _monthly(table, name)
        if len(series):
            out[name] = _december(series, start, end)
    index = None
    for series in out.values():
        index = series.index if index is None else index.union(series.index)
    if index is None:
        return pd.DataFrame(columns=list(EFFECTS), index=pd.MultiIndex.from_arrays([[], [], []],
                                                                                    names=["scenario", MEMBER, "year"]))
    frame = pd.DataFrame({name: out[name].reindex(index) if name in out else np.nan for name in EFFECTS}, index=index)
    return frame


def paired(levels_frame: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """The long table of net effects (NET_COLUMNS): per scenario other than the reference
    (labels[0]), year and effect, the paired difference against the reference."""
    rows = []
    if levels_frame.empty:
        return pd.DataFrame(columns=list(NET_COLUMNS))
    scen_level = levels_frame.index.get_level_values("scenario").astype(str)
    ref = levels_frame[scen_level == labels[0]].droplevel("scenario")
    for label in labels[1:]:
        mine = levels_frame[scen_level == label].droplevel("scenario")
        both = mine.index.intersection(ref.index)
        d = mine.loc[both] - ref.loc[both]
        for year in sorted(set(both.get_level_values("year"))):
            dy = d.xs(year, level="year")
            for effect, unit in EFFECTS.items():
                values = dy[effect].to_numpy(dtype=float)
                values = values[~np.isnan(values)]
                m, lo, hi = B.paired_interval(values) if len(values) else (math.nan,) * 3
                _, blo, bhi = B.spread(values)
                rows.append({"scenario": label, "reference": labels[0], "year": int(year), "effect": effect,
                             "unit": unit, "diff_mean": m, "ci_low": lo, "ci_high": hi, "band_low": blo,
                             "band_high": bhi, "distinguishable": B.distinguishable(lo, hi),
                             "n_members": int(len(values))})
    return pd.DataFrame(rows, columns=list(NET_COLUMNS))


def net_effects(table: pd.DataFrame, labels: list[str], start: int, end: int) -> pd.DataFrame:
    """net_effects.csv: per scenario (not the reference), year and effect, the paired
    difference against the first scenario with its 95% interval and band."""
    return paired(levels(table, start, end), labels)


def at_end(levels_frame: pd.DataFrame, label: str, reference: str, end: int) -> dict[str, np.ndarray]:
    """Per effect: the paired differences (one per member) in December of the end year."""
    if levels_frame.empty:
        return {effect: np.array([]) for effect in EFFECTS}
    scen_level = levels_frame.index.get_level_values("scenario").astype(str)
    year = levels_frame.index.get_level_values("year")
    ref = levels_frame[(scen_level == reference) & (year == end)].droplevel(["scenario", "year"])
    mine = levels_frame[(scen_level == label) & (year == end)].droplevel(["scenario", "year"])
    both = mine.index.intersection(ref.index)
    d = mine.loc[both] - ref.loc[both]
    return {effect: d[effect].dropna().to_numpy(dtype=float) for effect in EFFECTS}


def cost_per_net_job(extra_cost_eur: float, diffs: np.ndarray, is_reference: bool,
                     changes_levers: bool) -> tuple[float, str]:
    """(cost per net job in EUR, reason when there is none). `diffs`: the paired
    differences of the jobs gained (one per member) in December of the end year.

    Computed only where it means something: a scenario other than the reference that
    changes policy levers, costs more, and gains jobs whose 95% interval lies above 0.
    Reasons: reference, no_levers, not_reported (the runs lack the indicator),
    no_extra_cost, not_distinguishable (the interval includes 0), no_net_gain (fewer
    jobs, told apart from chance)."""
    if is_reference:
        return math.nan, "reference"
    if not changes_levers:
        return math.nan, "no_levers"
    if not len(diffs):
        return math.nan, "not_reported"
    if not extra_cost_eur > 0:
        return math.nan, "no_extra_cost"
    m, lo, hi = B.paired_interval(diffs)
    if not B.distinguishable(lo, hi):
        return math.nan, "not_distinguishable"
    if hi < 0:
        return math.nan, "no_net_gain"
    return extra_cost_eur / m, ""
