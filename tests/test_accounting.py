"""Accounting holds at every step: one state per person, stocks move only by recorded
flows, hires never exceed vacancies or searchers, no negative stocks."""

from __future__ import annotations

import numpy as np
import pytest

from skillsim.model import structure as S
from skillsim.model.accounting import employed_by_market, status_stock
from skillsim.model.model import SkillsimModel
from skillsim.model.persons import EMPLOYED, GONE, N_STATUS


@pytest.fixture(scope="module")
def stepped(short_baseline):
    """A model stepped month by month with the checks' inputs kept per month."""
    model = SkillsimModel(short_baseline, seed=3, scale=0.005)
    months = []
    before = status_stock(model)
    for _ in range(model.n_months):
        vacancies_before = model.firms.n_vacancies
        model.step()
        after = status_stock(model)
        months.append((before, after, model.record, vacancies_before, employed_by_market(model)))
        before = after
    return model, months


def test_recorded_stocks_equal_a_count_of_the_persons(stepped):
    """The month's record carries its stocks forward from recorded flows (no count over
    all persons); a count of the persons agrees at the end of every month."""
    _, months = stepped
    for _, after, rec, _, jobs in months:
        assert np.array_equal(rec.status_stock, after), f"month {rec.month_index}"
        assert np.array_equal(rec.employed_by_market, jobs), f"month {rec.month_index}"


def test_initial_stock_equals_stock_before_first_month(short_baseline):
    model = SkillsimModel(short_baseline, seed=3, scale=0.005)
    assert np.array_equal(model.initial_stock, status_stock(model))


def test_each_stock_moves_only_by_recorded_flows(stepped):
    _, months = stepped
    for before, after, rec, _, _ in months:
        t = rec.transitions  # region x from (incl. NEW) x to
        inflow = t.sum(axis=1)                       # region x to
        outflow = t[:, :N_STATUS, :].sum(axis=2)     # region x from
        expected = before + inflow - outflow
        assert np.array_equal(expected, after), f"month {rec.month_index}: stocks moved without a recorded flow"


def test_no_negative_stocks_and_population_is_the_live_rows(stepped):
    model, months = stepped
    for _, after, _, _, _ in months:
        assert (after >= 0).all()
    p = model.persons
    status = p.view("status")
    assert ((status >= 0) & (status < N_STATUS)).all()
    assert months[-1][1][:, :GONE].sum() == np.count_nonzero(status != GONE)


def test_every_person_in_exactly_one_consistent_state(stepped):
    model, _ = stepped
    p = model.persons
    status = p.view("status")
    employed = status == EMPLOYED
    assert (p.view("employer")[employed] >= 0).all()
    assert (p.view("work_market")[employed] >= 0).all()
    assert (p.view("employer")[~employed] == -1).all()
    assert (p.view("work_market")[~employed] == -1).all()
    assert (p.view("occupation")[employed] == S.MARKET_OCCUPATION[p.view("work_market")[employed]]).all()


def test_hires_never_exceed_vacancies_or_searchers(stepped):
    _, months = stepped
    for _, _, rec, _, _ in months:
        hires = rec.counters.get("matching_hires", 0)
        assert hires <= rec.counters.get("matching_vacancies", 0)
        assert hires <= rec.counters.get("matching_searchers", 0)
        assert rec.job_entries.sum() == rec.counters.get("hires", 0)
    assert sum(rec.counters.get("matching_hires", 0) for _, _, rec, _, _ in months) > 0


def test_jobs_filled_match_employment_by_market(stepped):
    model, months = stepped
    jobs = employed_by_market(model)
    assert jobs.sum() == months[-1][1][:, EMPLOYED].sum()
    rec = months[-1][2]
    # employment by market moves by entries minus exits
    prev = months[-2][2].employed_by_market
    assert np.array_equal(prev + rec.job_entries - rec.job_exits, rec.employed_by_market)


def test_shortfall_equals_change_in_unfilled_technical_jobs(stepped):
    """demand - inflow = expansion + exits - entries = change in (desired - employed)."""
    model, months = stepped
    tech = S.MARKET_TECHNICAL
    first, last = months[0][2], months[-1][2]
    expansion = sum(rec.expansion[tech].sum() for _, _, rec, _, _ in months)
    exits = sum(rec.job_exits[tech].sum() for _, _, rec, _, _ in months)
    entries = sum(rec.job_entries[tech].sum() for _, _, rec, _, _ in months)
    desired_start = first.desired_jobs[tech].sum() - first.expansion[tech].sum()
    employed_start = first.employed_by_market[tech].sum() - first.job_entries[tech].sum() + first.job_exits[tech].sum()
    change_unfilled = (last.desired_jobs[tech].sum() - last.employed_by_market[tech].sum()) - (desired_start - employed_start)
    assert expansion + exits - entries == pytest.approx(change_unfilled, abs=1e-6)


@pytest.mark.parametrize("name", ["package", "steep-downturn"])
def test_recorded_stocks_hold_with_every_lever_and_with_layoffs(name):
    """Every lever on (package), and layoffs (demand for other occupations falling 15% a
    year from 2019, faster than vacancies can be withdrawn): the stocks carried forward
    from recorded flows still equal a count of the persons each month."""
    from skillsim.scenario_files import load_scenario

    from helpers import SCENARIOS

    if name == "package":
        scenario = load_scenario(SCENARIOS / "package.toml").with_overrides({"run": {"end_year": 2021}})
    else:
        scenario = load_scenario(SCENARIOS / "baseline.toml").with_overrides(
            {"run": {"end_year": 2019}, "demand": {"other_demand_growth_per_year": {"2018": 0.012, "2019": -0.15}}})
    model = SkillsimModel(scenario, seed=5, scale=0.005)
    laid_off = 0
    for _ in range(model.n_months):
        model.step()
        laid_off += model.record.counters.get("laid_off", 0)
        assert np.array_equal(model.record.status_stock, status_stock(model)), f"{name} {model.record.month_index}"
        assert np.array_equal(model.record.employed_by_market, employed_by_market(model)), name
    assert name == "package" or laid_off > 0  # the layoff path was exercised
