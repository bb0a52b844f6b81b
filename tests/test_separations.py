"""Separations (model/separations.py), one month by hand: only the employed leave, to
unemployment or inactivity as the two rates say, and each job left is offered again."""

from __future__ import annotations

import numpy as np

from skillsim.model import separations
from skillsim.model.persons import EMPLOYED, INACTIVE, UNEMPLOYED

from helpers import small_model


def test_no_one_leaves_when_both_rates_are_zero(short_baseline):
    model = small_model(short_baseline, **{"separations.separation_rate_per_month": 0.0,
                                           "separations.quit_to_inactivity_rate_per_month": 0.0})
    before = model.persons.view("status").copy()
    separations.step(model)
    assert np.array_equal(model.persons.view("status"), before)
    assert model.firms.take_jobs_left()[0].size == 0


def test_with_only_the_separation_rate_the_leavers_become_unemployed(short_baseline):
    rate = 0.05
    model = small_model(short_baseline, **{"separations.separation_rate_per_month": rate,
                                           "separations.quit_to_inactivity_rate_per_month": 0.0})
    p = model.persons
    before = p.view("status").copy()
    employer, market = p.view("employer").copy(), p.view("work_market").copy()
    separations.step(model)
    left = np.flatnonzero(p.view("status") != before)
    n_employed = np.count_nonzero(before == EMPLOYED)
    assert (before[left] == EMPLOYED).all()          # only the employed leave
    assert (p.status[left] == UNEMPLOYED).all()       # all of them to unemployment
    assert abs(len(left) - rate * n_employed) < 5 * np.sqrt(n_employed * rate * (1 - rate))
    assert (p.employer[left] == -1).all() and (p.work_market[left] == -1).all()
    assert model.record.counters["separated"] == len(left) and "quit" not in model.record.counters
    # each job left is waiting to be offered again, at its firm, in its market
    firms_left, markets_left = model.firms.take_jobs_left()
    assert sorted(zip(firms_left.tolist(), markets_left.tolist())) == sorted(
        zip(employer[left].tolist(), market[left].tolist()))
    assert np.array_equal(model.record.job_exits, np.bincount(market[left], minlength=len(model.record.job_exits)))


def test_the_two_rates_split_the_leavers(short_baseline):
    p_u, p_n = 0.01, 0.04
    model = small_model(short_baseline, **{"separations.separation_rate_per_month": p_u,
                                           "separations.quit_to_inactivity_rate_per_month": p_n})
    before = model.persons.view("status").copy()
    separations.step(model)
    after = model.persons.view("status")
    n_employed = np.count_nonzero(before == EMPLOYED)
    to_u = np.count_nonzero((before == EMPLOYED) & (after == UNEMPLOYED))
    to_n = np.count_nonzero((before == EMPLOYED) & (after == INACTIVE))
    for count, rate in ((to_u, p_u), (to_n, p_n)):
        assert abs(count - rate * n_employed) < 5 * np.sqrt(n_employed * rate)
    assert to_n > to_u
    assert np.count_nonzero(after != before) == to_u + to_n
