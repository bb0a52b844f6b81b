"""Demand (model/demand.py), one month by hand: desired jobs grow at the scenario's
rates, open vacancies are brought to desired jobs minus employed, jobs left are offered
again at their firm, and employment above the jobs wanted is laid off."""

from __future__ import annotations

import numpy as np
import pytest

from skillsim.model import demand
from skillsim.model import structure as S
from skillsim.model.accounting import employed_by_market
from skillsim.model.persons import EMPLOYED, UNEMPLOYED

from helpers import small_model


def test_desired_jobs_grow_at_the_monthly_rate_and_vacancies_fill_the_gap(short_baseline):
    model = small_model(short_baseline, **{"demand.technical_demand_growth_per_year": 0.12,
                                           "demand.other_demand_growth_per_year": -0.03})
    before = model.desired_jobs.copy()
    demand.step(model)
    growth = np.where(S.MARKET_TECHNICAL, 1.12, 0.97) ** (1 / 12)
    assert model.desired_jobs == pytest.approx(before * growth)
    assert model.record.expansion == pytest.approx(before * (growth - 1))
    gap = model.desired_jobs - employed_by_market(model)  # counted from the persons
    vacancies = model.firms.vacancies_by_market()
    assert (np.abs(vacancies - np.maximum(gap, 0)) < 1).all()  # rounded up or down, never more
    assert vacancies[gap >= 1].min() >= 1


def test_a_job_left_is_offered_again_at_its_firm(short_baseline):
    model = small_model(short_baseline)
    p, firms = model.persons, model.firms
    employed = np.flatnonzero(p.view("status") == EMPLOYED)
    # a technical job whose market has vacancies wanted beyond those open: a replacement is needed
    gap = model.desired_jobs - employed_by_market(model) - firms.vacancies_by_market()
    person = next(i for i in employed if gap[p.work_market[i]] > -0.5 and S.MARKET_TECHNICAL[p.work_market[i]])
    firm, market = int(p.employer[person]), int(p.work_market[person])
    at_firm_before = np.count_nonzero((firms.vac_firm == firm) & (firms.vac_market == market))
    model.move(np.array([person]), UNEMPLOYED, "separated")
    demand.step(model)
    at_firm_after = np.count_nonzero((firms.vac_firm == firm) & (firms.vac_market == market))
    assert at_firm_after == at_firm_before + 1
    assert model.firms.take_jobs_left()[0].size == 0  # the list of jobs left was used up


def test_employment_above_the_jobs_wanted_is_laid_off(short_baseline):
    model = small_model(short_baseline, **{"demand.layoff_rate_when_over_demand_per_month": 1.0,
                                           "demand.technical_demand_growth_per_year": 0.0,
                                           "demand.other_demand_growth_per_year": 0.0})
    jobs = employed_by_market(model)
    shrink = ~S.MARKET_TECHNICAL & (jobs >= 10)
    model.desired_jobs = np.where(shrink, jobs * 0.5, model.desired_jobs)
    before = model.persons.view("status").copy()
    demand.step(model)
    after_jobs = employed_by_market(model)
    assert (np.abs(after_jobs[shrink] - model.desired_jobs[shrink]) < 1).all()  # rate 1: all the excess
    assert np.array_equal(after_jobs[S.MARKET_TECHNICAL], jobs[S.MARKET_TECHNICAL])
    assert (model.firms.vacancies_by_market()[shrink] == 0).all()  # nothing is offered where jobs are cut
    laid_off = (before == EMPLOYED) & (model.persons.view("status") == UNEMPLOYED)
    assert model.record.counters["laid_off"] == laid_off.sum() == (jobs - after_jobs).sum()
    assert model.firms.take_jobs_left()[0].size == 0  # jobs cut are not offered again


@pytest.fixture(scope="module")
def downturn_and_baseline():
    """Tidy tables of the downturn scenario (demand -2% / -2.5% a year in 2024-2025) and
    the baseline, 2018-2025, same seed, at a small scale."""
    from skillsim.model.model import SkillsimModel
    from skillsim.model.results import tidy
    from skillsim.scenario_files import load_scenario

    from helpers import SCENARIOS

    tables = {}
    for name in ("downturn", "baseline"):
        scenario = load_scenario(SCENARIOS / f"{name}.toml").with_overrides({"run": {"end_year": 2025}})
        model = SkillsimModel(scenario, seed=2, scale=0.02)
        model.run()
        tables[name] = tidy(model)
    return tables


def december(table, indicator, region=S.PROVINCE, occupation_group="all"):
    rows = table[(table["indicator"] == indicator) & (table["region"] == region)
                 & (table["occupation_group"] == occupation_group) & (table["date"].dt.month == 12)]
    return rows.set_index(rows["date"].dt.year)["value"]


def test_unfilled_technical_jobs_never_go_negative_and_fall_when_demand_falls(downturn_and_baseline):
    down, base = downturn_and_baseline["downturn"], downturn_and_baseline["baseline"]
    for table in (down, base):
        for indicator in ("unfilled_technical_jobs", "unfilled_nontechnical_jobs"):
            rows = table[table["indicator"] == indicator]
            assert len(rows) > 0 and (rows["value"] >= 0).all(), indicator
            # every region and every group of the kind has its rows
            assert set(rows["region"]) == set(S.REGIONS) | {S.PROVINCE}
    unfilled_down, unfilled_base = december(down, "unfilled_technical_jobs"), december(base, "unfilled_technical_jobs")
    assert unfilled_down[2023] == unfilled_base[2023]  # the same run until the downturn
    assert unfilled_down[2025] < 0.8 * unfilled_down[2023]  # demand falls 2% a year: the level falls
    assert unfilled_down[2025] < 0.8 * unfilled_base[2025]
    assert unfilled_base[2025] > unfilled_base[2023]  # growing demand: the level persists and rises


def test_shortfall_is_the_change_in_unfilled_technical_jobs_plus_jobs_given_up(downturn_and_baseline):
    """In the tidy table, year by year (2019-2025): technical_shortfall = change in
    unfilled_technical_jobs (December to December) + technical_jobs_given_up, as long as
    no technical market employs more than its desired jobs. Desired jobs are floats and
    vacancies whole, so a market can employ up to one simulated person more than it
    desires (less than one: nobody is laid off) and counts no unfilled jobs then; the
    tolerance allows two such persons, at scale 0.02 100 persons a year against yearly
    shortfalls of 100-3,500."""
    for table in downturn_and_baseline.values():
        short = december(table, "technical_shortfall")
        unfilled = december(table, "unfilled_technical_jobs")
        given_up = december(table, "technical_jobs_given_up")
        years = range(2019, 2026)
        change = np.array([unfilled[y] - unfilled[y - 1] + given_up[y] for y in years])
        assert np.allclose([short[y] for y in years], change, rtol=0, atol=2 / 0.02)


def test_avoided_shortfall_is_the_difference_in_unfilled_technical_jobs(downturn_and_baseline):
    """A lever's avoided shortfall on unfilled jobs (model.results.avoided_unfilled_technical_jobs):
    reference minus scenario, paired by seed and date; here the downturn's lower demand
    "avoids" unfilled jobs only while its unfilled level is below the baseline's."""
    from skillsim.model.results import avoided_unfilled_technical_jobs

    down, base = downturn_and_baseline["downturn"], downturn_and_baseline["baseline"]
    avoided = avoided_unfilled_technical_jobs(base, down)
    dec = avoided[avoided.index.get_level_values("date").month == 12]
    by_year = dec.groupby(dec.index.get_level_values("date").year).sum()
    expected = december(base, "unfilled_technical_jobs") - december(down, "unfilled_technical_jobs")
    assert np.allclose(by_year.values, expected.loc[by_year.index].values)
    assert by_year[2023] == 0 and by_year[2025] > 0
