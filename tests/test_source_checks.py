"""Checks against the source (mid-term review 2018, shared/seed DIGEST.md): under the
documented defaults, the levers reproduce the programme figures the review reports.

Each check runs only the lever concerned (the others off: they do not interact at these
sizes), from the year the programme started, at a scale large enough for a programme of
a few hundred people to be some tens of simulated persons, over several seeds. Counts
are rescaled to the full population. Tolerances are set from the seed spread measured
when the defaults were set (noted at each check), so they test the calibration, not the
luck of one seed.
"""

from __future__ import annotations


import numpy as np
import pytest

from skillsim.model.levers import LEVER_TYPES
from skillsim.scenario_files import load_scenario
from skillsim.model.simulate import simulate

from helpers import ROOT


def only(section: str, start: int, end: int):
    base = load_scenario(ROOT / "scenarios" / "baseline.toml")
    off = {t.name: {"enabled": False} for t in LEVER_TYPES if t.name != section}
    return base.with_overrides({**off, "run": {"start_year": start, "end_year": end}})


def series(df, indicator):
    return df[df.indicator == indicator].set_index("date").value


@pytest.mark.slow  # 8 seeds at scale 0.1
def test_sector_plan_nhn():
    """Review §5: 154 trajectories finished by 1 May 2018, 205 eventually, more than 5
    candidates taken in per finisher. Scale 0.1 (30 starts a seed), 8 seeds. Measured
    spread of single seeds: 130-210 by May 2018, 180-240 in total (after issue 15, with
    deadweight, placement through matching and firms adapting: 130-200 and 160-210,
    means 175 and 192, pooled 5.09 candidates per finisher); the mean of 8 seeds
    has a standard error of about 10 and 8, so +-30% and +-20% are 3 and 5 errors. The
    intake per finisher is taken over all seeds together (a ratio of sums): single seeds
    range from 3.5 to 6 because a seed has only about 20 finishers (one simulated person
    is 10 at scale 0.1); the pooled ratio has a standard error of about 0.3, so 4.0-7.0
    keeps "more than 5" (the parameters imply 5.2) within about 3 errors."""
    by_may, total, candidates = [], [], []
    for seed in range(8):
        df = simulate(only("sector_plan", 2016, 2019), seed=seed, scale=0.1)
        done = series(df, "retrained_completed.sector_plan")
        by_may.append(done[:"2018-04-30"].sum())
        total.append(done.sum())
        candidates.append(series(df, "retraining_candidates.sector_plan").sum())
    assert np.mean(by_may) == pytest.approx(154, rel=0.30)
    assert np.mean(total) == pytest.approx(205, rel=0.20)
    assert 4.0 <= sum(candidates) / sum(total) <= 7.0  # "more than 5 times"


def test_jobs_200_plan():
    """Review §6: 273 young people from youth care helped by February 2018 (plan since
    2014). The intake is a deterministic quota, so the seeds agree; at scale 0.1 one
    simulated person is 10, hence +-5%."""
    for seed in range(2):
        df = simulate(only("jobs_200", 2014, 2018), seed=seed, scale=0.1)
        helped = series(df, "inclusion_placements.jobs_200")[:"2018-02-28"].sum()
        assert helped == pytest.approx(273, rel=0.05)


def test_house_of_skills_progress_to_5000_by_2021():
    """Review §5: at least 5,000 people by 2021 for about EUR 11 million. The funded
    capacity (5,000 places, EUR 2,200 each) can reach 5,000 starters by the end of 2021
    at the defaults (measured 4,450-4,850 at scale 0.02, 3 seeds, after issue 15); it
    cannot exceed it.
    The model says honestly that fewer than 5,000 have *finished* by then (completion
    share 0.85 and courses still running): about half."""
    started, completed = [], []
    for seed in range(3):
        df = simulate(only("house_of_skills", 2018, 2021), seed=seed, scale=0.02)
        started.append(series(df, "retrained_started.house_of_skills").sum())
        completed.append(series(df, "retrained_completed.house_of_skills").sum())
        assert started[-1] <= 5_000 + 1e-6
        assert series(df, "cost_eur.house_of_skills").sum() <= 11_000_000 + 1e-6
    assert np.mean(started) == pytest.approx(5_000, rel=0.15)
    assert np.mean(completed) < 5_000
