"""Firms (model/firms.py): a firm for a job is drawn by size x sector fit within the
job's region; vacancies open, close and sort; jobs left wait for their replacement."""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.firms import Firms


def one_firm_per_region_and_sector(big_firm_size: float = 3.0) -> Firms:
    """One firm of size 1 in every (region, sector), and one more, of size
    big_firm_size, in region 0 and sector 0 (the last firm)."""
    region = np.repeat(np.arange(S.N_REGIONS), S.N_SECTORS)
    sector = np.tile(np.arange(S.N_SECTORS), S.N_REGIONS)
    size = np.ones(len(region))
    return Firms(np.append(region, 0), np.append(sector, 0), np.append(size, big_firm_size))


def test_firms_are_drawn_in_the_jobs_region_by_size_times_sector_fit():
    firms = one_firm_per_region_and_sector()
    occupation = int(np.argmax(S.SECTOR_OF_OCCUPATION[0]))  # a group that sector 0 employs
    market = S.market_index(0, occupation)
    draws = firms.choose_many(np.full(40_000, market), np.random.default_rng(4).random(40_000))
    assert (firms.region[draws] == 0).all()
    fit = S.SECTOR_OF_OCCUPATION[firms.sector, occupation] * firms.size * (firms.region == 0)
    expected = fit / fit.sum()
    share = np.bincount(draws, minlength=firms.n) / len(draws)
    assert np.allclose(share, expected, atol=0.01)
    assert share[-1] > 2.5 * share[0]  # the size-3 firm vs its size-1 twin of the same sector
    assert not np.any(share[expected == 0])  # a sector that has no such jobs is never drawn
    other_region = firms.choose(S.market_index(2, occupation), 500, np.random.default_rng(5).random(500))
    assert (firms.region[other_region] == 2).all()


def test_vacancies_open_close_and_count_by_market():
    firms = one_firm_per_region_and_sector()
    firms.open_vacancies(np.array([0, 1, 2]), np.array([5, 5, 7]), 100)
    firms.open_vacancies(np.array([3]), np.array([5]), 98)
    assert firms.n_vacancies == 4
    by_market = firms.vacancies_by_market()
    assert by_market[5] == 3 and by_market[7] == 1 and by_market.sum() == 4
    bounds = firms.sort_vacancies()
    assert list(firms.vac_firm[bounds[5]:bounds[6]]) == [3, 0, 1]  # oldest first (opened month 98)
    firms.close_vacancies(np.array([bounds[5]]))  # the oldest of market 5 is filled
    assert sorted(firms.vac_firm.tolist()) == [0, 1, 2]
    assert firms.vacancies_by_market()[5] == 2


def test_jobs_left_are_handed_over_once():
    firms = one_firm_per_region_and_sector()
    firms.job_left(np.array([4, 9]), np.array([12, 30]))
    firms.job_left(np.array([], dtype=np.int32), np.array([], dtype=np.int16))
    firms.job_left(np.array([1]), np.array([12]))
    left_firm, left_market = firms.take_jobs_left()
    assert left_firm.tolist() == [4, 9, 1] and left_market.tolist() == [12, 30, 12]
    assert firms.take_jobs_left()[0].size == 0  # taken: the next month starts empty
