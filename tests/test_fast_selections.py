"""The faster forms of small rules in the hot paths give what the plain forms give:
matching.below_age_band_thresholds (the on-the-job search test by age band) and
lifecourse._age_group (the age group of occupation change)."""

import numpy as np

from skillsim.model import structure as S
from skillsim.model.lifecourse import _age_group
from skillsim.model.matching import below_age_band_thresholds, on_the_job_age_band
from skillsim.model.persons import GONE_BIRTH_MONTH
from skillsim.model.randomness import bits_thresholds


def test_below_age_band_thresholds_is_the_plain_comparison():
    rng = np.random.default_rng(4)
    t = 2020 * 12
    birth = np.concatenate([t - rng.integers(15 * 12, 75 * 12, 20_000), [t - 300, t - 299, t - 540, t - 539, GONE_BIRTH_MONTH]]).astype(np.int32)
    bits = rng.integers(0, 2**32, len(birth), dtype=np.uint64).astype(np.uint32)
    for p in ([0.3, 0.12, 0.05], [1.0, 0.5, 0.0], [0.0, 0.0, 0.2]):  # 1.0: a threshold of 2**32 (every draw below)
        thresholds = bits_thresholds(np.array(p))
        want = bits < thresholds[on_the_job_age_band(t - birth.astype(np.int64))]
        got = below_age_band_thresholds(bits, thresholds, birth, t)
        assert np.array_equal(got, want) and 0 < want.sum() < len(want)


def test_age_group_is_a_binary_search_over_the_group_edges():
    groups = S.OCCUPATION_CHANGE_AGE_GROUPS
    edges = np.array([g[0] for g in groups] + [groups[-1][1]]) * 12
    ages = np.arange(-40, 1300, dtype=np.int32)
    got = _age_group(ages, groups)
    assert np.array_equal(got, np.searchsorted(edges, ages, side="right") - 1)
    assert got.min() == -1 and got.max() == len(groups)
    assert np.array_equal(_age_group(np.array([15 * 12, 25 * 12 - 1, 25 * 12, 74 * 12]), groups), [0, 0, 1, 2])


def test_firms_choose_searches_one_market_block_with_choose_many_s_answer():
    from skillsim.model.firms import Firms
    rng = np.random.default_rng(8)
    n = 400
    firms = Firms(rng.integers(0, S.N_REGIONS, n), rng.integers(0, S.N_SECTORS, n), rng.lognormal(0, 1, n))
    u = np.concatenate([rng.random(3000), [0.0, 1 - 1e-16, 0.5]])
    for market in range(S.N_MARKETS):
        got = firms.choose(market, len(u), u)
        assert np.array_equal(got, firms.choose_many(np.full(len(u), market), u))
        if firms._cdf_start[market + 1] > firms._cdf_start[market]:
            assert (firms.region[got] == S.MARKET_REGION[market]).all()
