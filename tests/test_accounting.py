"""Accounting holds at every step: one state per person, stocks move only by recorded
flows, hires never exceed vacancies or searchers, no negative stocks; open vacancies
and desired jobs move only by recorded flows (opened, filled, withdrawn, given up),
below-requirement hires are part of the hires."""

from __future__ import annotations

import numpy as np
import pytest

from skillsim.model import structure as S
from skillsim.model.accounting import employed_by_market, status_stock
from skillsim.model.model import SkillsimModel
from skillsim.model.persons import EMPLOYED, GONE, N_STATUS


def count_by_cell(first: np.ndarray, second: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """A plain count of persons by two attributes, one person at a time: the check that
    shares no code with the model's own counts (model/accounting.py)."""
    out = np.zeros(shape, np.int64)
    for a, b in zip(first.tolist(), second.tolist()):
        out[a, b] += 1
    return out


def jobs_by_market_from_persons(model) -> np.ndarray:
    """Filled jobs by market, counted from the persons who are employed."""
    p = model.persons
    employed = p.view("status") == EMPLOYED
    return np.bincount(p.view("work_market")[employed].astype(np.int64), minlength=S.N_MARKETS)


def hired_this_month_from_persons(model) -> np.ndarray:
    """Jobs entered in the month just stepped, by market, from the persons: everyone
    employed whose status began that month (job-to-job movers included: their new job
    starts then). Nobody leaves a job after matching and placement in the month, so
    this is every job entered in it."""
    p = model.persons
    now = (p.view("status") == EMPLOYED) & (p.view("status_since") == model.month_index - 1)
    return np.bincount(p.view("work_market")[now].astype(np.int64), minlength=S.N_MARKETS)


def counted_from_persons(model) -> dict:
    return {"jobs": jobs_by_market_from_persons(model), "hired": hired_this_month_from_persons(model)}


# Firms adapt sooner than in the baseline, so that at this small scale vacancies are
# withdrawn (jobs given up) and filled below requirements in most months.
FAST_ADAPTATION = {"firms": {"requirements_review_months": 1, "withdrawal_months": 3, "lower_requirements_share": 0.8}}


@pytest.fixture(scope="module")
def stepped(short_baseline):
    """A model stepped month by month with the checks' inputs kept per month."""
    model = SkillsimModel(short_baseline.with_overrides(FAST_ADAPTATION), seed=3, scale=0.005)
    months = []
    before = status_stock(model)
    for _ in range(model.n_months):
        vacancies_before = model.firms.n_vacancies
        model.step()
        after = status_stock(model)
        months.append((before, after, model.record, vacancies_before, counted_from_persons(model)))
        before = after
    return model, months


def test_recorded_stocks_equal_a_count_of_the_persons(stepped):
    """The month's record carries its stocks forward from recorded flows (no count over
    all persons); a count of the persons agrees at the end of every month."""
    _, months = stepped
    for _, after, rec, _, counted in months:
        assert np.array_equal(rec.status_stock, after), f"month {rec.month_index}"
        assert np.array_equal(rec.employed_by_market, counted["jobs"]), f"month {rec.month_index}"


def initial_stock_problems(model) -> list[str]:
    """The reported initial stock against a count of the persons one by one, and against
    the stock carried forward through the burn-in from recorded flows."""
    p = model.persons
    counted = count_by_cell(p.view("region"), p.view("status"), (S.N_REGIONS, N_STATUS))
    problems = []
    if not np.array_equal(model.initial_stock, counted):
        problems.append("initial stock differs from a count of the persons")
    if not np.array_equal(model.last_status_stock, counted):
        problems.append("the stock carried through the burn-in by recorded flows differs from a count of the persons")
    return problems


def test_initial_stock_equals_a_count_of_the_persons(short_baseline):
    model = SkillsimModel(short_baseline, seed=3, scale=0.005)
    assert initial_stock_problems(model) == []
    assert model.initial_stock[:, :GONE].sum() == np.count_nonzero(model.persons.view("status") != GONE) > 0


def test_a_lost_entrant_is_caught_in_the_initial_stock(short_baseline, monkeypatch):
    """Negative test: a model that forgets to record one entrant a month (a broken
    enter_population) fails the check above."""
    original = SkillsimModel.enter_population

    def enter_and_forget_one(self, idx, status):
        original(self, idx, status)
        if len(idx):
            self.record.transitions[self.persons.region[idx[0]], -1, status] -= 1

    monkeypatch.setattr(SkillsimModel, "enter_population", enter_and_forget_one)
    broken = SkillsimModel(short_baseline.with_overrides({"run": {"burn_in_months": 2}}), seed=3, scale=0.003)
    assert initial_stock_problems(broken) == [
        "the stock carried through the burn-in by recorded flows differs from a count of the persons"]


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


def job_flow_problems(months) -> list[str]:
    """Recorded job entries and filled jobs against the persons, month by month."""
    problems = []
    for _, after, rec, _, counted in months:
        if not np.array_equal(rec.job_entries, counted["hired"]):
            problems.append(f"month {rec.month_index}: job entries differ from the persons hired this month")
        if not np.array_equal(rec.employed_by_market, counted["jobs"]):
            problems.append(f"month {rec.month_index}: jobs by market differ from the employed persons' jobs")
        if rec.employed_by_market.sum() != after[:, EMPLOYED].sum():
            problems.append(f"month {rec.month_index}: jobs by market do not add up to the employed")
    return problems


def test_hires_never_exceed_vacancies_or_searchers(stepped):
    _, months = stepped
    for _, _, rec, vacancies_before, _ in months:
        hires = rec.counters.get("matching_hires", 0)
        assert hires <= rec.counters.get("matching_vacancies", 0)
        assert hires <= rec.counters.get("matching_searchers", 0)
        assert hires <= vacancies_before + rec.vacancies_opened.sum()
    assert sum(rec.counters.get("matching_hires", 0) for _, _, rec, _, _ in months) > 0


def test_job_entries_and_jobs_by_market_equal_a_count_of_the_persons(stepped):
    model, months = stepped
    assert job_flow_problems(months) == []
    assert sum(counted["hired"].sum() for *_, counted in months) > 0
    p = model.persons
    employed = p.view("status") == EMPLOYED
    by_occupation = np.bincount(p.view("occupation")[employed], minlength=S.N_OCCUPATIONS)
    last = months[-1][2].employed_by_market
    assert np.array_equal(np.bincount(S.MARKET_OCCUPATION, weights=last, minlength=S.N_OCCUPATIONS), by_occupation)


def test_a_lost_job_entry_is_caught(short_baseline, monkeypatch):
    """Negative test: a model whose hire() forgets one job entry in a month fails the
    checks above (entries and jobs by market against the persons)."""
    original = SkillsimModel.hire

    def hire_and_forget_one(self, idx, firm, market):
        original(self, idx, firm, market)
        if len(idx) and not self.record.counters.get("forgot"):
            self.record.job_entries[market[0]] -= 1
            self.record.count("forgot")

    monkeypatch.setattr(SkillsimModel, "hire", hire_and_forget_one)
    model = SkillsimModel(short_baseline.with_overrides({"run": {"burn_in_months": 0}}), seed=3, scale=0.003)
    months = []
    for _ in range(2):
        before = status_stock(model)
        model.step()
        months.append((before, status_stock(model), model.record, 0, counted_from_persons(model)))
    problems = job_flow_problems(months)
    assert any("job entries differ" in line for line in problems)
    assert any("jobs by market differ" in line for line in problems)


def test_shortfall_equals_change_in_unfilled_technical_jobs_plus_jobs_given_up(stepped):
    """demand - inflow = expansion + exits - entries = change in (desired - employed)
    + technical jobs given up (a withdrawn vacancy's job leaves desired jobs: the demand
    it was is not met, and it no longer waits to be filled)."""
    model, months = stepped
    tech = S.MARKET_TECHNICAL
    first, last = months[0][2], months[-1][2]
    expansion = sum(rec.expansion[tech].sum() for _, _, rec, _, _ in months)
    exits = sum(rec.job_exits[tech].sum() for _, _, rec, _, _ in months)
    entries = sum(rec.job_entries[tech].sum() for _, _, rec, _, _ in months)
    given_up = sum(rec.jobs_given_up[tech].sum() for _, _, rec, _, _ in months)
    desired_start = first.desired_jobs[tech].sum() - first.expansion[tech].sum() + first.jobs_given_up[tech].sum()
    employed_start = first.employed_by_market[tech].sum() - first.job_entries[tech].sum() + first.job_exits[tech].sum()
    change_unfilled = (last.desired_jobs[tech].sum() - last.employed_by_market[tech].sum()) - (desired_start - employed_start)
    assert given_up > 0
    assert expansion + exits - entries == pytest.approx(change_unfilled + given_up, abs=1e-6)


def vacancy_flow_problems(months) -> list[str]:
    """Month by month and market by market: desired jobs move only by expansion and jobs
    given up; open vacancies only by those opened, filled (every job entered fills a
    vacancy), withdrawn as surplus and withdrawn with their job given up; below-requirement
    hires are part of the month's hires."""
    problems = []
    for (_, _, prev, _, _), (_, _, rec, _, _) in zip(months, months[1:]):
        m = rec.month_index
        if not np.allclose(rec.desired_jobs, prev.desired_jobs + rec.expansion - rec.jobs_given_up, atol=1e-6):
            problems.append(f"month {m}: desired jobs moved without recorded expansion or jobs given up")
        expected = (prev.open_vacancies + rec.vacancies_opened - rec.job_entries - rec.vacancies_withdrawn
                    - rec.jobs_given_up)
        if not np.array_equal(rec.open_vacancies, expected):
            problems.append(f"month {m}: open vacancies moved without a recorded flow")
        if (rec.below_requirement_hires > rec.job_entries).any():
            problems.append(f"month {m}: more below-requirement hires than hires in a market")
        if rec.below_requirement_hires.sum() > rec.counters.get("matching_hires", 0):
            problems.append(f"month {m}: more below-requirement hires than matching hires")
    return problems


def test_vacancies_and_desired_jobs_move_only_by_recorded_flows(stepped):
    _, months = stepped
    assert vacancy_flow_problems(months) == []
    recs = [rec for _, _, rec, _, _ in months]
    assert sum(r.jobs_given_up.sum() for r in recs) > 0 and sum(r.below_requirement_hires.sum() for r in recs) > 0


def test_a_vacancy_given_up_without_its_record_is_caught(short_baseline, monkeypatch):
    """Negative test: firms that give up jobs without recording them fail the checks above."""
    from skillsim.model import firms as firms_module

    original = firms_module.Firms.review_vacancies

    def review_and_hide(self, *args):
        markets = original(self, *args)
        return markets[:0] if len(markets) else markets  # closed, but neither recorded nor taken from desired jobs

    monkeypatch.setattr(firms_module.Firms, "review_vacancies", review_and_hide)
    model = SkillsimModel(short_baseline.with_overrides(FAST_ADAPTATION).with_overrides({"run": {"burn_in_months": 4}}),
                          seed=3, scale=0.005)
    months = []
    for _ in range(3):
        model.step()
        months.append((None, None, model.record, 0, None))
    assert any("open vacancies moved" in line for line in vacancy_flow_problems(months))


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
    model = SkillsimModel(scenario.with_overrides(FAST_ADAPTATION), seed=5, scale=0.005)
    laid_off = 0
    months = []
    for _ in range(model.n_months):
        model.step()
        laid_off += model.record.counters.get("laid_off", 0)
        months.append((None, None, model.record, 0, None))
        assert np.array_equal(model.record.status_stock, status_stock(model)), f"{name} {model.record.month_index}"
        assert np.array_equal(model.record.employed_by_market, employed_by_market(model)), name
    assert vacancy_flow_problems(months) == [], name
    assert name == "package" or laid_off > 0  # the layoff path was exercised
