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
