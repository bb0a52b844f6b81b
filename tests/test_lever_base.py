"""The lever base class: places left (one formula), the generic parameter hook, eligibility."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from skillsim.model import structure as S
from skillsim.model.levers import LEVER_TYPES, Lever, LeverSet
from skillsim.model.levers.campuses import TechnicalCampuses
from skillsim.model.levers.inclusion import InclusionProgramme, Jobs200, SocialReturn
from skillsim.model.levers.work_to_work import HouseOfSkills, Inspiration45Plus, RetrainingFunnel
from skillsim.model.model import SkillsimModel
from skillsim.model.persons import EMPLOYED, UNEMPLOYED
from skillsim.scenario_files import load_scenario

from helpers import BASELINE

SHORT = {"run": {"start_year": 2018, "end_year": 2018}}


def scenario(**sections):
    return load_scenario(BASELINE).with_overrides({**SHORT, **sections})


@pytest.fixture(scope="module")
def model():
    return SkillsimModel(scenario(), seed=4, scale=0.002)


def test_places_left_is_prorated_capacity_less_taken_in_capped_by_budget():
    lever = HouseOfSkills(scenario(house_of_skills={"start_year": 2016, "end_year": 2021, "capacity_persons": 1200,
                                                    "budget_eur": 1e9}))
    fake = SimpleNamespace(scale=0.01, start_month_index=2018 * 12)
    lever.prorate(fake)                       # 2 of the 6 window years lie before the run
    assert lever.spent_eur == pytest.approx(1e9 / 3)
    assert lever.capacity_left_sim == pytest.approx(1200 * 2 / 3 * 0.01)   # 8 simulated places
    assert lever.places_left(fake, 1000.0) == 8
    lever.taken_in_sim = 5
    assert lever.places_left(fake, 1000.0) == 3
    lever.taken_in_sim = 9
    assert lever.places_left(fake, 1000.0) == 0   # never negative
    lever.taken_in_sim = 0
    lever.spent_eur = 1e9 - 250_000            # EUR 250,000 left (full scale) pays 2.5 simulated persons at 1,000
    assert lever.places_left(fake, 1000.0) == 2
    lever.prorate(fake)                        # only once
    assert lever.spent_eur == 1e9 - 250_000


def test_a_lever_funded_by_another_spends_its_funders_budget_and_has_no_places_of_its_own():
    params = scenario(campuses={"enabled": True, "budget_eur": 1e6})
    campuses = TechnicalCampuses(params)
    seats = campuses.retraining
    assert isinstance(seats, RetrainingFunnel) and seats.funder is campuses and seats.capacity_persons is None
    fake = SimpleNamespace(scale=0.01, start_month_index=2018 * 12, record=SimpleNamespace(count=lambda k, v: None))
    assert seats.places_left(fake, 1000.0) == campuses.affordable(fake, 1000.0) == 10
    seats.charge_persons(fake, 4, 1000.0)
    assert campuses.spent_eur == pytest.approx(4 * 1000 / 0.01) and seats.spent_eur == 0
    assert seats.places_left(fake, 1000.0) == 6


def test_every_lever_type_is_a_lever_and_adjusts_only_declared_parameters():
    assert all(issubclass(t, Lever) for t in LEVER_TYPES)
    assert [t for t in LEVER_TYPES if t.adjusts] == [Inspiration45Plus]
    for t in LEVER_TYPES:
        assert not [m for m in vars(t) if m.startswith("adjust_")], t  # no per-parameter hooks


def test_generic_parameter_hook_applies_only_while_the_lever_is_active_and_within_the_declared_range():
    s = scenario(**{lever.name: {"enabled": False} for lever in LEVER_TYPES}).with_overrides(
        {"inspiration_45plus": {"enabled": True, "start_year": 2018, "end_year": 2018, "events_per_year": 1,
                                "effect_months": 2, "hire_factor_raise": 0.1}})
    m = SkillsimModel(s, seed=0, scale=0.002)
    key, base = "matching.age45_hire_factor", s.get("matching.age45_hire_factor")
    assert m.parameter_now(key) == base              # burn-in done, no event yet
    values = []
    for _ in range(4):
        m.step()
        values.append(m.parameter_now(key))
    # the event in January 2018 acts in January and February; read after each month's
    # step, values[k] is the value in force in month k + 2 (February, March, ...)
    assert values[0] == pytest.approx(base + 0.1)
    assert values[1] == values[2] == values[3] == base
    busy = s.with_overrides({"inspiration_45plus": {"events_per_year": 12, "effect_months": 12, "hire_factor_raise": 0.25}})
    m2 = SkillsimModel(busy, seed=0, scale=0.002)
    m2.step()
    m2.step()
    assert m2.parameter_now(key) == 1.0              # 0.75 + 2 x 0.25 kept within the declared [0, 1]
    # a parameter no lever adjusts is the scenario's value
    assert m.parameter_now("matching.cross_group_penalty") == s.get("matching.cross_group_penalty")
    assert list(m.levers.adjusters) == [key]


def test_lever_set_shares_a_monthly_computation_and_recomputes_it_next_month(model):
    calls = []

    class Probe:
        def __init__(self, m):
            calls.append(m.month_index)
            self.month = m.month_index

    levers = LeverSet([])
    a = levers.monthly(model, Probe)
    assert levers.monthly(model, Probe) is a and calls == [model.month_index]
    later = SimpleNamespace(month_index=model.month_index + 1)
    assert levers.monthly(later, Probe) is not a and len(calls) == 2
    assert not hasattr(model, "_retraining_pools")


def test_retraining_eligibility(model):
    lever = HouseOfSkills(model.params)
    p, t = model.persons, model.month_index
    rows = np.arange(p.n)
    mask = lever.eligible(model, rows)
    assert mask.any() and not mask.all()
    status, age = p.status[rows], t - p.birth_month[rows]
    assert set(np.unique(status[mask])) <= {UNEMPLOYED, EMPLOYED}
    assert not S.is_technical(p.occupation[rows[mask & (status == EMPLOYED)]]).any()   # workers: non-technical only
    assert S.is_technical(p.occupation[rows[mask & (status == UNEMPLOYED)]]).any()     # job seekers: any group
    assert age[mask].min() >= 18 * 12 and age[mask].max() < model.pension_age_months() - 12
    assert set(np.unique(p.region[rows[mask]])) <= set(HouseOfSkills.regions)
    sub = rows[::7]
    assert np.array_equal(lever.eligible(model, sub), mask[::7])      # a mask over any rows asked
    assert np.array_equal(lever.eligible(model), mask)                 # None: every row
    seekers = lever.eligible_job_seekers(model, lever.regions)
    assert np.array_equal(seekers, rows[mask & (status == UNEMPLOYED)])


@pytest.mark.parametrize("lever_type", [Jobs200, SocialReturn])
def test_inclusion_eligibility_is_the_same_mask_for_all_rows_or_some(model, lever_type):
    lever = lever_type(model.params)
    assert isinstance(lever, InclusionProgramme)
    everyone = lever.eligible(model)
    assert everyone.any()
    some = np.arange(0, model.persons.n, 3)
    assert np.array_equal(lever.eligible(model, some), everyone[some])
    st = model.persons.status[everyone.nonzero()[0]]
    assert not np.isin(st, [EMPLOYED]).any()
