"""Life-course observations for the CBS comparisons (issue 14), taken after the month's
accounts are closed: participation by age (quarter ends) and occupation change between
the ends of two Decembers. They only read the persons; nothing here changes the state
or draws random numbers.

- Participation: population and employed in the CBS sense (status employed, in
  initial education with a side job, or retired with work after retirement) by region of residence and single year of age, at the end of June and of December; the
  results table averages the two (CBS publishes annual averages of its quarters; two
  observations a year keep the cost small).
- Occupation change (CBS 83119NED concept): of the persons employed (status employed)
  at the end of December of the previous year and at the end of December of this year,
  those whose occupation group differs, by region and age group
  (structure.OCCUPATION_CHANGE_AGE_GROUPS, age at the end of the year).
"""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.persons import EDUCATION, EMPLOYED, GONE, INACTIVE

PARTICIPATION_MONTHS = (6, 12)  # end of June and of December


def _age_group(age_months: np.ndarray, groups) -> np.ndarray:
    """Index of the age group of each age (contiguous groups, ascending; -1 below the
    first, len(groups) at or above the end of the last), as int8: the number of group
    edges at or below the age, less one (np.searchsorted(edges, age, side="right") - 1,
    counted by one comparison per edge instead of a binary search per person)."""
    edges = [g[0] * 12 for g in groups] + [groups[-1][1] * 12]
    count = np.asarray(age_months >= edges[0]).view(np.int8)
    for edge in edges[1:]:
        count += age_months >= edge
    return count - np.int8(1)


AGE_MIN, AGE_MAX = 15, 74  # single years of age observed for participation


def participation(model) -> tuple[np.ndarray, np.ndarray]:
    """(population, employed in the CBS sense), region x single year of age 15..74, now.
    One pass over the persons' columns (no index arrays); it runs twice a year. The
    results table sums the years into CBS's age groups."""
    p, t = model.persons, model.month_index
    n_ages = AGE_MAX - AGE_MIN + 1
    status = p.view("status")
    # the gone have a far-future birth month (negative age): bin n_ages with those outside 15-74
    # (in place: an age below 0, read as unsigned, is above n_ages)
    age = t - p.view("birth_month")
    age //= 12
    age -= AGE_MIN
    unsigned = age.view(np.uint32)
    np.minimum(unsigned, n_ages, out=unsigned)
    # one count of integer keys (cell x 3 + class: 0 gone, 1 in the population, 2 employed in the CBS sense)
    key = p.view("region").astype(np.int64)
    key *= n_ages + 1
    key += unsigned
    key *= 3
    key += status != GONE
    side_job = p.view("side_job")  # a student's side job, or a retired person's work after retirement
    key += (status == EMPLOYED) | (((status == EDUCATION) | (status == INACTIVE)) & side_job)
    counts = np.bincount(key, minlength=S.N_REGIONS * (n_ages + 1) * 3).reshape(S.N_REGIONS, n_ages + 1, 3)[:, :n_ages]
    return counts[..., 1] + counts[..., 2], counts[..., 2].copy()


def occupation_snapshot(model) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the persons employed now and their occupation groups."""
    p = model.persons
    idx = np.flatnonzero(p.view("status") == EMPLOYED)
    return idx, p.occupation[idx].copy()


def occupation_change(model, snapshot) -> tuple[np.ndarray, np.ndarray]:
    """(changed, employed at both ends), region x age group, against `snapshot`."""
    p, t = model.persons, model.month_index
    idx, occupation_then = snapshot
    both = np.flatnonzero(p.status[idx] == EMPLOYED)  # (integer gathers: faster than boolean selections)
    idx, occupation_then = idx[both], occupation_then[both]
    groups = S.OCCUPATION_CHANGE_AGE_GROUPS
    g = _age_group(t - p.birth_month[idx], groups)
    ok = np.flatnonzero((g >= 0) & (g < len(groups)))
    idx, occupation_then, g = idx[ok], occupation_then[ok], g[ok]
    cell = p.region[idx].astype(np.int64) * len(groups) + g
    changed = p.occupation[idx] != occupation_then
    size = S.N_REGIONS * len(groups)
    return (np.bincount(np.compress(changed, cell), minlength=size).reshape(S.N_REGIONS, len(groups)),
            np.bincount(cell, minlength=size).reshape(S.N_REGIONS, len(groups)))


def observe(model) -> None:
    """Take this month's life-course observations into model.record."""
    month = model.month
    if month in PARTICIPATION_MONTHS:
        model.record.participation = participation(model)
    if month == 12:
        previous = getattr(model, "occupation_snapshot", None)
        if previous is not None:
            model.record.occupation_change = occupation_change(model, previous)
        model.occupation_snapshot = occupation_snapshot(model)
