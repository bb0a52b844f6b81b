"""The profile of a run: every mechanism of the monthly order and every active lever,
with non-negative times that add up to no more than the run's wall time."""

from __future__ import annotations

import time

from skillsim.model.model import MONTHLY_STEPS
from skillsim.model.simulate import simulate
from skillsim.profile import format_profile, profile_frame
from skillsim.scenario_files import load_scenario

from helpers import SCENARIOS


def test_profile_lists_mechanisms_and_active_levers_within_the_wall_time():
    s = load_scenario(SCENARIOS / "package.toml").with_overrides({"run": {"start_year": 2018, "end_year": 2018}})
    profile: dict = {}
    start = time.perf_counter()
    simulate(s, seed=0, scale=0.003, profile=profile)
    wall = time.perf_counter() - start
    months = 12 + s.get("run.burn_in_months")
    for name, _ in MONTHLY_STEPS:
        assert profile[name][0] == months, name
    levers = [k for k in profile if k.startswith("lever ")]
    from skillsim.model.levers import build_levers
    assert sorted(levers) == sorted(f"lever {lever.name}" for lever in build_levers(s))
    assert len(levers) == 11
    assert all(profile[k][0] == months for k in levers)
    assert all(secs >= 0 for _, secs in profile.values())
    assert sum(secs for _, secs in profile.values()) <= wall
    df = profile_frame(profile, wall)
    assert abs(df["total_s"].sum() - wall) < 1e-9          # the "untimed" row closes the table
    text = format_profile(profile, wall)
    assert all(name in text for name, _ in MONTHLY_STEPS) and "% of run" in text


def test_profile_is_off_by_default():
    from skillsim.model.model import SkillsimModel

    s = load_scenario(SCENARIOS / "baseline.toml").with_overrides({"run": {"start_year": 2018, "end_year": 2018}})
    assert SkillsimModel(s, seed=0, scale=0.002).profile is None
