"""Levers: life cycle, off = bit-identical, own streams, accounting, every scenario runs."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from skillsim.model import parameters as P
from skillsim.model.levers import LEVER_TYPES, build_levers
from skillsim.model.model import SkillsimModel
from skillsim.model.persons import RETRAINING
from skillsim.model.results import tidy
from skillsim.scenario_files import load_scenario
from skillsim.model.simulate import simulate

from helpers import ROOT
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
LEVER_SECTIONS = [t.name for t in LEVER_TYPES]
SHORT = {"run": {"start_year": 2018, "end_year": 2019}}


def baseline():
    return load_scenario(ROOT / "scenarios" / "baseline.toml")


def all_off(scenario):
    return scenario.with_overrides({s: {"enabled": False} for s in LEVER_SECTIONS})


def test_every_lever_parameter_is_declared_with_family_and_labels():
    lever_params = [p for p in P.PARAMETERS if p.section in LEVER_SECTIONS]
    assert lever_params
    for p in lever_params:
        assert p.lever in ("campuses", "work-to-work", "inclusion"), p.key
        assert p.label_nl and p.label_en and p.source, p.key
    for section in LEVER_SECTIONS:
        for name in ("enabled", "start_year", "end_year", "budget_eur"):
            assert f"{section}.{name}" in P.BY_KEY


def test_no_policy_builds_no_levers_and_baseline_builds_its_levers():
    assert build_levers(load_scenario(ROOT / "scenarios" / "no-policy.toml")) == []
    names = {lever.name for lever in build_levers(baseline())}
    assert "house_of_skills" in names and "learning_account" not in names


@pytest.mark.parametrize("section", LEVER_SECTIONS)
@pytest.mark.parametrize("how", ["disabled", "zero_budget"])
def test_lever_off_is_bit_identical(section, how):
    """All levers off vs. all off plus this lever 'switched on' but disabled / zero budget."""
    base = all_off(baseline()).with_overrides(SHORT)
    change = {"enabled": True, "budget_eur": 0} if how == "zero_budget" else {"enabled": False, "budget_eur": 1e7}
    other = base.with_overrides({section: change})
    a, b = simulate(base, seed=3, scale=0.005), simulate(other, seed=3, scale=0.005)
    pd.testing.assert_frame_equal(a, b)


def test_one_lever_does_not_shift_other_mechanisms_draws_before_it_starts():
    """A lever that starts in 2019 leaves 2018 exactly as the run without it."""
    base = all_off(baseline()).with_overrides(SHORT)
    late = base.with_overrides({"learning_account": {"enabled": True, "start_year": 2019}})
    a, b = simulate(base, seed=1, scale=0.005), simulate(late, seed=1, scale=0.005)
    core = a.indicator.isin(["employed", "unemployed", "hires", "open_vacancies"])
    in2018 = a.date.dt.year == 2018
    pd.testing.assert_frame_equal(a[core & in2018].reset_index(drop=True),
                                  b[b.indicator.isin(["employed", "unemployed", "hires", "open_vacancies"])
                                    & (b.date.dt.year == 2018)].reset_index(drop=True), check_categorical=False)
    assert not a[core].value.equals(b[b.indicator.isin(["employed", "unemployed", "hires", "open_vacancies"])].value)


def test_retraining_funnel_accounting_and_budget():
    s = baseline().with_overrides({"run": {"start_year": 2018, "end_year": 2021}})
    m = SkillsimModel(s, seed=2, scale=0.01)
    in_retraining = []
    for _ in range(m.n_months):
        m.step()
        # every person in retraining belongs to a programme, and only they do
        st = m.persons.view("status")
        prog = m.persons.view("programme")
        assert np.all(prog[st == RETRAINING] >= 0)
        in_retraining.append(int((st == RETRAINING).sum()))
    df = tidy(m)
    nh = df[(df.region == "Noord-Holland") & (df.occupation_group == "all")]
    tot = nh.groupby("indicator", observed=True).value.sum()
    assert tot["retrained_started"] > 0
    assert tot["retrained_completed"] <= tot["retrained_started"]
    assert tot["retrained_placed"] <= tot["retrained_completed"]
    for lever in m.levers:
        assert lever.spent_eur <= lever.budget_eur * (1 + 1e-9), lever.name
    # the tidy cost equals what the levers charged in the run
    charged = sum(v for r in m.records for k, v in r.counters.items() if k.endswith(":cost_eur")) / m.scale
    assert tot["cost_eur"] == pytest.approx(charged)
    assert set(nh[nh.indicator == "cost_eur"].unit) == {"EUR/month"}


def test_capacity_caps_starts():
    s = all_off(baseline()).with_overrides({"run": {"start_year": 2018, "end_year": 2020},
                                            "house_of_skills": {"enabled": True, "capacity_persons": 1000,
                                                                "candidates_per_month": 2000}})
    df = simulate(s, seed=0, scale=0.01)
    started = df[df.indicator == "retrained_started.house_of_skills"].value.sum()
    assert started == pytest.approx(1000, abs=100)


def test_inspiration_days_raise_the_age45_factor_only_while_active():
    s = all_off(baseline()).with_overrides({"run": {"start_year": 2018, "end_year": 2018},
                                            "inspiration_45plus": {"enabled": True, "start_year": 2018, "end_year": 2018,
                                                                   "events_per_year": 1, "effect_months": 3}})
    m = SkillsimModel(s, seed=0, scale=0.002)
    base = s.get("matching.age45_hire_factor")
    factors = []
    for _ in range(12):
        m.step()
        factors.append(m.parameter_now("matching.age45_hire_factor"))
    assert factors[0] == pytest.approx(base + s.get("inspiration_45plus.hire_factor_raise"))
    assert factors[3] == pytest.approx(base)


def test_campuses_are_founded_and_enrol_students():
    s = all_off(baseline()).with_overrides({"run": {"start_year": 2018, "end_year": 2020},
                                            "campuses": {"enabled": True}})
    m = SkillsimModel(s, seed=0, scale=0.01)
    m.run()
    lever = m.levers[0]
    assert len(lever.campuses) == 4 + 4  # 2015-2018 four, 2019-2020 two a year
    assert any(c.intake_this_year and sum(c.intake_this_year.values()) > 0 for c in lever.campuses)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_scenario_file_runs(path):
    s = load_scenario(path)
    assert s.description, path
    assert "baseline" in path.name or any(f.endswith("baseline.toml") for f in s.source_files)
    df = simulate(s.with_overrides({"run": {"start_year": 2018, "end_year": 2020}}), seed=0, scale=0.005)
    assert len(df) and df.value.notna().all()
    assert df["unit"].notna().all()


def test_economic_variants_share_the_baselines_path_to_2020():
    """The demand variants answer 'what if demand changes from 2021 (or 2024)': up to
    2020 they must follow the baseline's (calibrated) growth path exactly."""
    from skillsim.scenario_files import load_scenario

    base = load_scenario(ROOT / "scenarios" / "baseline.toml")
    for name in ("tech-growth-high", "tech-growth-low", "downturn"):
        variant = load_scenario(ROOT / "scenarios" / f"{name}.toml")
        for key in ("demand.technical_demand_growth_per_year", "demand.other_demand_growth_per_year"):
            for year in range(2016, 2021):
                assert variant.at(key, year) == base.at(key, year), (name, key, year)
