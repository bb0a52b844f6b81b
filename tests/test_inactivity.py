"""Inactivity (model/inactivity.py), one month by hand: the unemployed stop searching,
the inactive below pension age start; the inactive at or above pension age never do."""

from __future__ import annotations

import numpy as np

from skillsim.model import inactivity
from skillsim.model.persons import INACTIVE, UNEMPLOYED

from helpers import small_model


def test_nobody_moves_when_both_rates_are_zero(short_baseline):
    model = small_model(short_baseline, **{"inactivity.unemployed_to_inactive_rate_per_month": 0.0,
                                           "inactivity.inactive_to_unemployed_rate_per_month": 0.0})
    before = model.persons.view("status").copy()
    inactivity.step(model)
    assert np.array_equal(model.persons.view("status"), before)


def test_only_the_inactive_below_pension_age_start_searching(short_baseline):
    """Below the pension age and below retirement.start_age_years (60): the retired do
    not come back (issue 14)."""
    rate = 0.2  # the declared maximum, so that many start
    model = small_model(short_baseline, **{"inactivity.unemployed_to_inactive_rate_per_month": 0.0,
                                           "inactivity.inactive_to_unemployed_rate_per_month": rate})
    p, t = model.persons, model.month_index
    pension_months = int(round(model.params.at("demography.pension_age_years", model.year) * 12))
    limit = min(pension_months, model.params.get("retirement.start_age_years") * 12)
    before = p.view("status").copy()
    below = (before == INACTIVE) & (p.view("birth_month") > t - limit)
    at_or_above = (before == INACTIVE) & ~below
    assert at_or_above.sum() > 50 and below.sum() > 50
    inactivity.step(model)
    after = p.view("status")
    started = after == UNEMPLOYED
    assert not (started & at_or_above).any()
    n = below.sum()
    assert abs((started & below).sum() - rate * n) < 5 * np.sqrt(n * rate * (1 - rate))
    assert np.count_nonzero(after != before) == (started & below).sum()  # nobody else moved
    assert model.record.counters["started_searching"] == (started & below).sum()


def test_the_unemployed_stop_searching_at_their_rate(short_baseline):
    rate = 0.5
    model = small_model(short_baseline, **{"inactivity.unemployed_to_inactive_rate_per_month": rate,
                                           "inactivity.inactive_to_unemployed_rate_per_month": 0.0})
    before = model.persons.view("status").copy()
    inactivity.step(model)
    after = model.persons.view("status")
    stopped = (before == UNEMPLOYED) & (after == INACTIVE)
    n = np.count_nonzero(before == UNEMPLOYED)
    assert abs(stopped.sum() - rate * n) < 5 * np.sqrt(n * rate * (1 - rate))
    assert np.count_nonzero(after != before) == stopped.sum()
