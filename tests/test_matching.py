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
