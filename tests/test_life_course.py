"""Life course and labour supply (issue 14): the retirement hazards, work past the
pension age, working students and work after retirement counted as employed, school leavers hired straight from
school, the tension's effect on separations, the age structure at the start, and the
annual indicators of the interface (net_participation_rate and its age groups,
retirement_age_mean, occupation_change_rate, school_leavers_direct_to_work_rate)."""

from __future__ import annotations

import types

import numpy as np
import pytest

from skillsim.model import lifecourse
from skillsim.model import structure as S
from skillsim.model.demography import retirement_probabilities
from skillsim.model.initial_state import (age_weights, employed_share_past_pension_age,
                                          work_after_retirement_share_past_pension_age)
from skillsim.model.model import SkillsimModel
from skillsim.model.persons import EDUCATION, EMPLOYED, INACTIVE
from skillsim.model.results import tidy
from skillsim.model.separations import TENSION_RATIO_BOUNDS, tension_ratio
from skillsim.scenario_files import load_scenario

from helpers import BASELINE

SCALE = 0.005
INTERFACE_AGE_GROUPS = ("15-25", "25-35", "35-45", "45-55", "55-60", "60-65", "65-70", "70-75")


def _scenario(**sections):
    scenario = load_scenario(BASELINE).with_overrides({"run": {"end_year": 2019}})
    return scenario.with_overrides(sections) if sections else scenario


@pytest.fixture(scope="module")
def run():
    model = SkillsimModel(_scenario(), seed=4, scale=SCALE)
    model.run()
    return model, tidy(model)


def _annual(table, indicator, region=S.PROVINCE):
    rows = table[(table.region == region) & (table.occupation_group == "all") & (table.indicator == indicator)]
    return rows.set_index(rows.date.dt.year)["value"]


def test_retirement_hazard_is_zero_below_60_and_peaks_at_the_pension_age():
    par = _scenario()
    pension = 66 * 12
    ages = np.array([59 * 12 + 11, 60 * 12, 62 * 12, 64 * 12, pension - 1, pension, pension + 1, 74 * 12])
    p = retirement_probabilities(par, ages, pension)
    before = np.asarray(par.get("retirement.rate_before_pension_age_per_year"))
    after = par.get("retirement.rate_after_pension_age_per_year")
    assert p[0] == 0.0
    np.testing.assert_allclose(p[1:5], 1 - (1 - before[[0, 1, 2, 2]]) ** (1 / 12))
    assert p[5] == par.get("retirement.share_at_pension_age")
    np.testing.assert_allclose(p[6:], 1 - (1 - after) ** (1 / 12))
    assert p[5] > 10 * p[4]


def test_age_structure_follows_cbs_bands():
    w = age_weights()  # ages 15..74
    assert w[0] == pytest.approx(3_810_656 / 20)        # 15: the below-20 group spread evenly
    assert w[30 - 15] == pytest.approx(4_253_083 / 20)  # 30
    assert w[50 - 15] == pytest.approx(5_878_229 / 25)  # 50
    ages_65_79 = S.population_per_year_of_age_nl_2018(np.arange(65, 80))
    assert ages_65_79.sum() == pytest.approx(2_460_202)  # the 65-80 group keeps its total
    assert np.all(np.diff(ages_65_79) < 0)              # and falls with age


def test_employed_counts_working_students_and_pensioners_and_unemployment_rate_uses_them(run):
    model, table = run
    rec = model.records[-1]
    status_employed = rec.status_stock[:, EMPLOYED].sum()
    students, pensioners = rec.working_students.sum(), rec.working_pensioners.sum()
    assert students > 0 and pensioners > 0
    employed = _annual_monthly(table, "employed").iloc[-1]
    assert employed == pytest.approx((status_employed + students + pensioners) / SCALE)
    assert _annual_monthly(table, "working_pensioners").iloc[-1] == pytest.approx(pensioners / SCALE)
    unemployed = rec.status_stock[:, 1].sum()
    rate = _annual_monthly(table, "unemployment_rate").iloc[-1]
    assert rate == pytest.approx(100 * unemployed / (status_employed + students + pensioners + unemployed))
    # a side job is counted for persons in initial education and, as work after retirement, for the inactive
    p = model.persons
    status, side_job = p.view("status"), p.view("side_job")
    assert np.count_nonzero(side_job & (status == EDUCATION)) == students
    assert np.count_nonzero(side_job & (status == INACTIVE)) == pensioners
    # only the retired past the pension age work after retirement
    age = model.month_index - 1 - p.view("birth_month")
    pension = int(round(model.params.at("demography.pension_age_years", 2019) * 12))
    assert np.all(age[side_job & (status == INACTIVE)] >= pension - 12)  # the pension age rose by 4 months in 2019


def test_work_after_retirement_is_kept_at_the_share_and_ends_at_the_rate_past_the_pension_age():
    """Retire everyone at the pension age (share 1, nobody before it): the share keeping
    work is retirement.work_after_retirement_share; the work then ends at the yearly rate
    after the pension age; with the share 0 nobody works after retirement."""
    scenario = _scenario(retirement={"share_at_pension_age": 1.0, "rate_before_pension_age_per_year": [0.0, 0.0, 0.0],
                                     "work_after_retirement_share": 0.4, "rate_after_pension_age_per_year": 0.5})
    model = SkillsimModel(scenario, seed=1, scale=0.04)
    p = model.persons
    kept, retired, ended, exposure = 0, 0, 0, 0
    for _ in range(12):
        status = p.view("status").copy()
        working_before = np.flatnonzero(p.view("side_job") & (status == INACTIVE))
        at_pension_age = (model.month_index - p.view("birth_month")) >= model.pension_age_months()
        model.step()
        # employed at or past the pension age who became inactive: retired (quits are below it)
        n = len(status)
        retired_now = np.flatnonzero((status == EMPLOYED) & at_pension_age & (p.view("status")[:n] == INACTIVE))
        retired += len(retired_now)
        kept += int(p.side_job[retired_now].sum())
        still = p.view("status")[working_before] == INACTIVE  # not gone
        exposure += int(still.sum())
        ended += int((~p.side_job[working_before][still]).sum())
    assert retired > 250
    assert kept / retired == pytest.approx(0.4, abs=0.08)  # about 3 standard errors
    monthly = 1 - 0.5 ** (1 / 12)
    assert ended / exposure == pytest.approx(monthly, rel=0.2)
    off = SkillsimModel(_scenario(retirement={"work_after_retirement_share": 0.0}), seed=1, scale=0.02)
    off.run()
    p = off.persons
    assert not np.any(p.view("side_job") & (p.view("status") == INACTIVE))


def test_start_state_work_after_retirement_is_the_steady_state_of_the_rules():
    """The start's share with work after retirement, x years past the pension age, is the
    steady state of the monthly rules: a cohort followed month by month from the pension
    age (employed share E0 there, share s retiring at it, then the monthly hazard; each
    retiree keeps work with probability q, which ends at the same hazard)."""
    par = _scenario(retirement={"work_after_retirement_share": 0.3})
    s, r = par.get("retirement.share_at_pension_age"), par.get("retirement.rate_after_pension_age_per_year")
    q, e0 = 0.3, par.get("population.employment_rate_below_pension_age")
    monthly = 1 - (1 - r) ** (1 / 12)
    employed, working = e0 * (1 - s), e0 * s * q
    for months in range(1, 97):
        retiring = employed * monthly
        employed, working = employed - retiring, working * (1 - monthly) + retiring * q
        if months % 24 == 0:
            assert employed == pytest.approx(float(employed_share_past_pension_age(par, months)), rel=1e-9)
            assert working == pytest.approx(float(work_after_retirement_share_past_pension_age(par, months)), rel=0.03)


def _annual_monthly(table, indicator):
    rows = table[(table.region == S.PROVINCE) & (table.occupation_group == "all") & (table.indicator == indicator)]
    return rows.sort_values("date")["value"].reset_index(drop=True)


def test_people_work_past_the_pension_age_and_nobody_leaves_at_exactly_one_age(run):
    model, table = run
    p, t = model.persons, model.month_index - 1
    pension = int(round(model.params.at("demography.pension_age_years", 2019) * 12))
    employed = np.flatnonzero(p.view("status") == EMPLOYED)
    age = t - p.birth_month[employed]
    assert np.count_nonzero(age > pension) > 0
    assert np.count_nonzero((age >= 60 * 12) & (age < pension)) > 0
    mean_age = _annual(table, "retirement_age_mean")
    assert 64.0 < mean_age[2018] < 66.5


def test_interface_indicators_exist_for_every_region_and_age_group(run):
    _model, table = run
    annual = table[table.occupation_group == "all"]
    names = {"net_participation_rate", "retirement_age_mean", "occupation_change_rate",
             "school_leavers_direct_to_work_rate"} | {f"net_participation_rate.{g}" for g in INTERFACE_AGE_GROUPS}
    for region in list(S.REGIONS) + [S.PROVINCE]:
        have = set(annual[annual.region == region].indicator.astype(str))
        assert names <= have, (region, names - have)
    total = _annual(table, "net_participation_rate")
    assert 55 < total[2019] < 80
    by_age = {g: _annual(table, f"net_participation_rate.{g}")[2019] for g in INTERFACE_AGE_GROUPS}
    assert by_age["35-45"] > by_age["60-65"] > by_age["65-70"] > by_age["70-75"] > 0
    assert 0 < _annual(table, "occupation_change_rate")[2019] < 50
    units = table.drop_duplicates("indicator").set_index("indicator")["unit"].astype(str)
    assert units["net_participation_rate.65-70"] == "%" and units["retirement_age_mean"] == "years"


def test_mean_retirement_age_moves_with_the_pension_age():
    means = []
    for pension in (65.0, 67.5):
        scenario = _scenario(demography={"pension_age_years": pension})
        model = SkillsimModel(scenario, seed=2, scale=SCALE)
        model.run()
        means.append(_annual(tidy(model), "retirement_age_mean")[2019])
    assert means[1] > means[0] + 0.5


def test_school_leavers_are_hired_straight_from_school_at_the_given_shares():
    rates = []
    for share in (0.0, 1.0):
        scenario = _scenario(education={"direct_hire_share": share, "work_based_retention": share})
        model = SkillsimModel(scenario, seed=1, scale=SCALE)
        model.run()
        rates.append(_annual(tidy(model), "school_leavers_direct_to_work_rate")[2019])
    assert rates[0] == 0.0
    assert rates[1] > 50.0


def test_tension_ratio_is_relative_to_the_recent_past_and_capped():
    params = _scenario()
    fake = types.SimpleNamespace(params=params, firms=types.SimpleNamespace(n_vacancies=600))
    assert tension_ratio(fake, 1000) == 1.0          # no history yet
    for _ in range(20):
        assert tension_ratio(fake, 1000) == pytest.approx(1.0)
    assert len(fake.tension_history) == params.get("separations.tension_memory_months")
    assert tension_ratio(fake, 2000) == pytest.approx(0.5)   # unemployment doubles: slack
    assert tension_ratio(fake, 10**9) == TENSION_RATIO_BOUNDS[0]
    fake.tension_history[:] = [0.6]
    assert tension_ratio(fake, 0) == TENSION_RATIO_BOUNDS[1]


def test_separations_rise_when_demand_falls():
    """Same seed; demand falls 8% in 2019 in the second run: vacancies per unemployed drop
    below their recent mean, so more of the employed become unemployed in 2019."""
    flows = []
    for growth in (0.01, -0.08):
        scenario = _scenario(demand={"other_demand_growth_per_year": {2018: 0.012, 2019: growth},
                                     "technical_demand_growth_per_year": {2018: 0.012, 2019: growth}})
        model = SkillsimModel(scenario, seed=3, scale=SCALE)
        model.run()
        flows.append(sum(r.counters.get("separated", 0) for r in model.records if r.month_index // 12 == 2019))
    assert flows[1] > 1.2 * flows[0]


def test_occupation_change_needs_mobility():
    rates = []
    for scale_, penalty in ((0.1, 5.0), (4.0, 0.3)):
        scenario = _scenario(matching={"mobility_scale": scale_, "cross_group_penalty": penalty})
        model = SkillsimModel(scenario, seed=5, scale=SCALE)
        model.run()
        rates.append(_annual(tidy(model), "occupation_change_rate")[2019])
    assert rates[0] < 2.0 < 5.0 < rates[1]


def test_participation_snapshot_counts_every_live_person_once(run):
    model, _table = run
    pop, emp = lifecourse.participation(model)
    status = model.persons.view("status")
    birth = model.persons.view("birth_month")
    age = model.month_index - birth
    live = (status != 5) & (age >= 15 * 12) & (age < 75 * 12)
    assert pop.sum() == np.count_nonzero(live)
    side_job = model.persons.view("side_job")
    assert emp.sum() == np.count_nonzero(live & ((status == EMPLOYED) | (((status == EDUCATION) | (status == INACTIVE)) & side_job)))
