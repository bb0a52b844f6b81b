"""Demography (model/demography.py), one month by hand: who ages out at 75, who leaves
the labour force at the state pension age, who arrives (net migration, school cohort).
The retirement hazards themselves (issue 14) are tested in tests/test_life_course.py;
here they are set to the old cliff (nobody before the pension age, everyone at and
after it), which the rule must then reproduce exactly."""

from __future__ import annotations

import numpy as np

from skillsim.model import demography
from skillsim.model.persons import EDUCATION, EMPLOYED, GONE, INACTIVE, RETRAINING, UNEMPLOYED

from helpers import small_model

QUIET = {"demography.other_exit_rate_per_year": 0.0, "demography.net_migration_per_year": 0}
CLIFF = {"retirement.rate_before_pension_age_per_year": [0.0, 0.0, 0.0], "retirement.share_at_pension_age": 1.0,
         "retirement.rate_after_pension_age_per_year": 1.0}


def living(model, status, count):
    return np.flatnonzero(model.persons.view("status") == status)[:count]


def test_ageing_out_at_75_and_retiring_at_pension_age(short_baseline):
    model = small_model(short_baseline, **QUIET, **CLIFF)
    model.cohort_per_year = 0.0  # no school cohort this month
    p, t = model.persons, model.month_index
    pension_months = int(round(model.params.at("demography.pension_age_years", model.year) * 12))
    old, young_old = living(model, INACTIVE, 2)
    p.birth_month[old] = t - 75 * 12          # 75 this month: ages out
    p.birth_month[young_old] = t - 75 * 12 + 1  # 75 next month: stays
    worker, jobless, student = (living(model, s, 2) for s in (EMPLOYED, UNEMPLOYED, EDUCATION))
    trainee = living(model, UNEMPLOYED, 4)[2:]
    p.set_status(trainee, RETRAINING, t)  # nobody retrains at the start: two are put in retraining
    for pair in (worker, jobless, trainee):
        p.birth_month[pair[0]] = t - pension_months      # reaches pension age: inactive
        p.birth_month[pair[1]] = t - pension_months + 1  # one month short: unchanged
    p.birth_month[student[0]] = t - pension_months       # not in the labour force: stays in education
    birth = p.view("birth_month").copy()
    should_age_out = np.flatnonzero((birth <= t - 75 * 12) & (p.view("status") != GONE))
    before = p.view("status").copy()
    n_before = p.n

    demography.step(model)

    status = p.view("status")
    assert status[old] == GONE and p.birth_month[old] > t  # out of every age test
    assert status[young_old] == INACTIVE
    for pair, was in ((worker, EMPLOYED), (jobless, UNEMPLOYED), (trainee, RETRAINING)):
        assert status[pair[0]] == INACTIVE, was
        assert status[pair[1]] == was
    assert status[student[0]] == EDUCATION
    assert p.employer[worker[0]] == -1 and p.work_market[worker[0]] == -1  # the job is left
    assert model.record.counters["aged_out"] == len(should_age_out) >= 1
    assert p.n == n_before  # nobody arrived
    in_labour_force = (before <= UNEMPLOYED) | (before == RETRAINING)
    should_retire = np.flatnonzero(in_labour_force & (birth <= t - pension_months) & (birth > t - 75 * 12))
    changed = np.flatnonzero(status != before)
    assert set(changed) == set(should_age_out) | set(should_retire)  # nobody else moved
    counters = model.record.counters
    assert counters.get("retired", 0) + counters["pension_age"] == len(should_retire) >= 3  # employed / the others
    assert counters.get("retired", 0) >= 1 and counters["pension_age"] >= 2


def test_net_migration_arrivals_are_20_to_44_and_job_seekers_or_inactive(short_baseline):
    scale = 0.003
    per_month = 7
    model = small_model(short_baseline, scale=scale, **{
        "demography.other_exit_rate_per_year": 0.0,
        "demography.net_migration_per_year": int(round(per_month * 12 / scale)),
        "demography.migrant_job_seeker_share": 1.0})
    model.cohort_per_year = 0.0
    p, t = model.persons, model.month_index
    n_before = p.n
    demography.step(model)
    new = np.arange(n_before, p.n)
    assert len(new) == per_month
    age_months = t - p.birth_month[new]
    assert ((age_months >= 20 * 12) & (age_months < 45 * 12)).all()
    assert (p.status[new] == UNEMPLOYED).all()  # job seeker share 1
    assert model.record.transitions[:, -1, UNEMPLOYED].sum() == per_month  # recorded as entering (NEW -> unemployed)


def test_negative_net_migration_removes_adults_aged_20_to_44(short_baseline):
    scale = 0.003
    model = small_model(short_baseline, scale=scale, **{
        "demography.other_exit_rate_per_year": 0.0,
        "demography.net_migration_per_year": -int(round(5 * 12 / scale))})
    model.cohort_per_year = 0.0
    p, t = model.persons, model.month_index
    birth_before = p.view("birth_month").copy()
    demography.step(model)
    emigrated = np.flatnonzero((p.view("status") == GONE) & (p.status_since[: p.n] == t))
    assert model.record.counters["emigrated"] == 5
    emigrant_age = t - birth_before[emigrated]
    aged_out = emigrant_age >= 75 * 12
    assert ((emigrant_age[~aged_out] >= 20 * 12) & (emigrant_age[~aged_out] < 45 * 12)).all()
    assert np.count_nonzero(~aged_out) == 5


def test_school_cohort_enters_at_15_in_education(short_baseline):
    model = small_model(short_baseline, **QUIET)
    model.cohort_per_year = 12 * 9.0  # nine a month
    p, t = model.persons, model.month_index
    n_before = p.n
    demography.step(model)
    new = np.arange(n_before, p.n)
    assert len(new) == 9
    assert (p.status[new] == EDUCATION).all()
    assert (t - p.birth_month[new] == 15 * 12).all()
