"""Direct placement (school leavers kept by their work-based employer, lever finishers):
first come, first served, while a market's vacancies last, oldest vacancy first."""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.matching import place_in_vacancies
from skillsim.model.model import SkillsimModel
from skillsim.model.persons import EMPLOYED, UNEMPLOYED


def test_place_in_vacancies_serves_in_order_while_vacancies_last(short_baseline):
    model = SkillsimModel(short_baseline, seed=2, scale=0.003)
    p, firms = model.persons, model.firms
    bounds = firms.sort_vacancies()
    available = np.diff(bounds)
    rng = np.random.default_rng(0)
    idx = np.flatnonzero(p.view("status") == UNEMPLOYED)[:400]
    # a few markets, asked for more often than they have vacancies
    some = rng.choice(np.flatnonzero(available > 0), size=6, replace=False)
    markets = rng.choice(some, size=len(idx))
    expected_firm = {}
    taken = dict.fromkeys(some.tolist(), 0)
    for person, m in zip(idx, markets):  # the rule, one person at a time
        if taken[m] < available[m]:
            expected_firm[person] = firms.vac_firm[bounds[m] + taken[m]]
            taken[m] += 1
    vacancies_before = firms.n_vacancies
    hired = place_in_vacancies(model, idx, markets)
    assert set(idx[hired]) == set(expected_firm)
    assert 0 < hired.sum() < len(idx)  # some served, some left over
    for person in idx[hired]:
        assert p.status[person] == EMPLOYED and p.employer[person] == expected_firm[person]
    assert (p.work_market[idx[hired]] == markets[hired]).all()
    assert (p.occupation[idx[hired]] == S.MARKET_OCCUPATION[markets[hired]]).all()
    assert firms.n_vacancies == vacancies_before - hired.sum()
    assert (np.bincount(markets[hired], minlength=S.N_MARKETS) <= available).all()


def hires_in_matching(model, lowered: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """One month of matching in a market where skill closeness never counts (penalty 0)
    and any education below a group's usual level makes the regular test refuse
    (mismatch factor 0); lowered requirements (fit power 0) waive it. Returns, by market,
    the recorded below-requirement hires and the hires of persons below the market's
    education level, counted from the persons, and the number of hires."""
    from skillsim.model import matching
    from skillsim.model.firms import LOWERED_REQUIREMENTS, NOT_REVIEWED

    p, firms = model.persons, model.firms
    firms.vac_review[:] = LOWERED_REQUIREMENTS if lowered else NOT_REVIEWED
    before = (p.view("status").copy(), p.view("employer").copy(), p.view("work_market").copy())
    matching.step(model)
    status, employer, market = p.view("status"), p.view("employer"), p.view("work_market")
    hired = np.flatnonzero((status == EMPLOYED) & ((before[0] != EMPLOYED) | (before[1] != employer)
                                                   | (before[2] != market)))
    short = p.view("education")[hired] < S.REQUIRED_EDUCATION[S.MARKET_OCCUPATION[market[hired]]]
    counted = np.bincount(market[hired][short].astype(np.int64), minlength=S.N_MARKETS)
    return model.record.below_requirement_hires, counted, len(hired)


def test_a_below_requirement_hire_is_counted_as_such(short_baseline):
    """Every hire the regular test would have refused is recorded as below requirements,
    in its market, and no other hire is."""
    from helpers import small_model

    overrides = {"matching.cross_group_penalty": 0.0, "matching.education_mismatch_factor": 0.0,
                 "firms.lowered_requirements_fit_power": 0.0}
    recorded, counted, n_hired = hires_in_matching(small_model(short_baseline, seed=4, scale=0.01, **overrides), lowered=True)
    assert counted.sum() > 20 and n_hired > counted.sum()
    assert np.array_equal(recorded, counted)
    # the same month with no vacancy's requirements lowered: nobody below them is hired
    recorded, counted, n_hired = hires_in_matching(small_model(short_baseline, seed=4, scale=0.01, **overrides), lowered=False)
    assert n_hired > 0 and counted.sum() == 0 and recorded.sum() == 0


def test_lowered_requirements_with_fit_power_one_change_nothing(short_baseline):
    """firms.lowered_requirements_fit_power = 1 (requirements not lowered): the month's
    hires are those of a month without any lowered vacancy, draw for draw."""
    from helpers import small_model

    outcomes = []
    for lowered in (False, True):
        model = small_model(short_baseline, seed=6, **{"firms.lowered_requirements_fit_power": 1.0})
        recorded, _, n_hired = hires_in_matching(model, lowered)
        outcomes.append((recorded.sum(), n_hired, model.persons.view("work_market").copy()))
    assert outcomes[0][0] == outcomes[1][0] == 0
    assert outcomes[0][1] == outcomes[1][1] > 0
    assert np.array_equal(outcomes[0][2], outcomes[1][2])
