"""Firms (model/firms.py): a firm for a job is drawn by size x sector fit within the
job's region; vacancies open, close and sort; jobs left wait for their replacement;
firms review long-open vacancies (lower requirements or keep them) and withdraw them,
giving the job up, only after the declared durations."""

from __future__ import annotations

import numpy as np

from skillsim.model.randomness import Streams

from skillsim.model import structure as S
from skillsim.model.firms import KEPT_REQUIREMENTS, LOWERED_REQUIREMENTS, NOT_REVIEWED, Firms


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


def open_at_ages(firms: Firms, now: int, ages: np.ndarray, market: int = 5) -> None:
    """One vacancy per entry of `ages` (months open at `now`), all in `market`."""
    firms.open_vacancies(np.zeros(len(ages), dtype=np.int32), np.full(len(ages), market), now - ages)


def test_vacancies_are_reviewed_and_withdrawn_only_after_the_declared_durations():
    """A vacancy is reviewed (requirements lowered or kept) once it has been open
    review_after months, never before, and withdrawn once it has been open
    withdraw_after months, never before."""
    firms = one_firm_per_region_and_sector()
    now, review_after, withdraw_after = 200, 6, 12
    ages = np.repeat(np.arange(0, 16), 500)  # 500 vacancies of each age 0..15 months
    open_at_ages(firms, now, ages)
    withdrawn = firms.review_vacancies(now, review_after, withdraw_after, 0.46, Streams(1).draws("firms.adapt", 100))
    assert len(withdrawn) == np.count_nonzero(ages >= withdraw_after) and (withdrawn == 5).all()
    age_left = now - firms.vac_opened
    assert age_left.max() == withdraw_after - 1  # open 11 months: still there
    assert (firms.vac_review[age_left < review_after] == NOT_REVIEWED).all()
    reviewed = age_left >= review_after
    assert (firms.vac_review[reviewed] != NOT_REVIEWED).all()
    share = firms.vac_lowered[reviewed].mean()
    assert abs(share - 0.46) < 0.03  # 3,000 reviewed: sd of the share about 0.009


def test_a_vacancy_is_reviewed_once():
    """A kept vacancy is not drawn again next month; a lowered one stays lowered."""
    firms = one_firm_per_region_and_sector()
    open_at_ages(firms, 100, np.full(2_000, 6))
    firms.review_vacancies(100, 6, 12, 0.5, Streams(2).draws("firms.adapt", 100))
    decided = firms.vac_review.copy()
    assert set(np.unique(decided)) == {KEPT_REQUIREMENTS, LOWERED_REQUIREMENTS}
    firms.review_vacancies(101, 6, 12, 0.5, Streams(3).draws("firms.adapt", 100))
    assert np.array_equal(firms.vac_review, decided)
    assert firms.n_vacancies == 2_000
    firms.review_vacancies(106, 6, 12, 0.5, Streams(4).draws("firms.adapt", 100))  # open 12 months now
    assert firms.n_vacancies == 0


def test_given_up_jobs_leave_desired_jobs_and_are_recorded(short_baseline):
    """firms.adapt closes the vacancies open firms.withdrawal_months and lowers desired
    jobs by one for each, in their market; nothing else moves."""
    from helpers import small_model
    from skillsim.model.firms import adapt

    model = small_model(short_baseline)
    firms, t = model.firms, model.month_index
    w = int(short_baseline.get("firms.withdrawal_months"))   # the calibrated value (the baseline's point)
    rng = np.random.default_rng(5)
    old = rng.random(firms.n_vacancies) < 0.2
    firms.vac_opened[old] = t - w        # open withdrawal_months: withdrawn now
    firms.vac_opened[~old] = t - w + 1   # a month short: kept
    expected = np.bincount(firms.vac_market[old], minlength=S.N_MARKETS)
    desired, n_before = model.desired_jobs.copy(), firms.n_vacancies
    adapt(model)
    assert expected.sum() > 0
    assert np.array_equal(model.record.jobs_given_up, expected)
    assert np.allclose(model.desired_jobs, desired - expected)
    assert firms.n_vacancies == n_before - expected.sum()
    assert (t - firms.vac_opened < w).all()
