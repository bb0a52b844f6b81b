"""The sampling shortcuts give exactly what their plain versions give: the mechanisms'
speed (benchmarks/reference_benchmark.py) must not come from changed rules."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsim.model import matching
from skillsim.model.sampling import _row_upper_bound, categorical, choice, weighted_sample_without_replacement


@settings(max_examples=300, deadline=None)
@given(n_rows=st.integers(1, 30), n_cols=st.integers(1, 120), seed=st.integers(0, 2**32 - 1),
       zero_share=st.floats(0.0, 0.9))
def test_row_binary_search_equals_searchsorted(n_rows, n_cols, seed, zero_share):
    rng = np.random.default_rng(seed)
    weights = rng.random((n_rows, n_cols)) * (rng.random((n_rows, n_cols)) >= zero_share)
    weights[:, rng.integers(n_cols)] += 1e-6  # every row has some weight
    cdf = np.cumsum(weights / weights.sum(axis=1)[:, None], axis=1)
    flat = (cdf + np.arange(n_rows)[:, None]).ravel()
    rows = rng.integers(0, n_rows, 2_000)
    keys = rows + rng.random(len(rows)) * (1 - 1e-12)
    assert np.array_equal(_row_upper_bound(flat, n_cols, rows, keys), np.searchsorted(flat, keys, side="right"))


def test_categorical_draws_follow_their_rows():
    rng = np.random.default_rng(1)
    probs = np.array([[0.5, 0.0, 0.5], [0.1, 0.2, 0.7], [0.0, 0.0, 1.0]])
    rows = rng.integers(0, 3, 20_000)
    drawn = categorical(np.cumsum(probs, axis=1), rows, rng.random(len(rows)))
    for r in range(3):
        share = np.bincount(drawn[rows == r], minlength=3) / np.count_nonzero(rows == r)
        assert np.allclose(share, probs[r], atol=0.015), (r, share)
    assert not np.any((rows == 0) & (drawn == 1)) and np.all(drawn[rows == 2] == 2)  # zero weight never drawn


def test_choice_follows_its_probabilities():
    probs = np.array([0.2, 0.0, 0.5, 0.3])
    drawn = choice(probs, np.random.default_rng(2).random(40_000))
    assert np.allclose(np.bincount(drawn, minlength=4) / 40_000, probs, atol=0.01)
    assert not np.any(drawn == 1) and choice(probs, np.array([0.0, 1 - 1e-17]))[-1] == 3


def test_weighted_sample_without_replacement_favours_weight():
    """Efraimidis-Spirakis on given uniforms: k distinct positions, zero weight never,
    inclusion rising with weight."""
    rng = np.random.default_rng(3)
    weights = np.tile([0.0, 1.0, 4.0], 10)
    counts = np.zeros(len(weights))
    for _ in range(2_000):
        pick = weighted_sample_without_replacement(weights, 5, rng.random(len(weights)))
        assert len(np.unique(pick)) == 5 and np.all(np.diff(pick) > 0)
        counts[pick] += 1
    assert counts[weights == 0].sum() == 0
    assert counts[weights == 4].mean() > 2.5 * counts[weights == 1].mean()


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 400), n_slots=st.integers(1, 60), levels=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_most_suitable_equals_the_three_key_sort(n, n_slots, levels, seed):
    """Each vacancy takes its most suitable applicant, ties by the lowest draw: the same
    winners, in the same order, as sorting by (slot, -q, draw) and taking each slot's first."""
    rng = np.random.default_rng(seed)
    slot = rng.integers(0, n_slots, n)
    q = rng.integers(1, levels + 1, n) / levels  # few distinct values: many ties
    tie_break = rng.random(n)
    order = np.lexsort((tie_break, -q, slot))
    first = np.ones(n, dtype=bool)
    first[1:] = slot[order][1:] != slot[order][:-1]
    assert np.array_equal(matching.most_suitable(slot, q, tie_break, n_slots), order[first])


@settings(max_examples=200, deadline=None)
@given(n=st.integers(0, 300), seed=st.integers(0, 2**32 - 1))
def test_vacancies_sort_by_market_then_age_stably(n, seed):
    """Firms.sort_vacancies orders as np.lexsort((opened, market)) would: by market,
    oldest first, ties in their current order."""
    from skillsim.model import structure as S
    from skillsim.model.firms import Firms

    rng = np.random.default_rng(seed)
    firms = Firms(np.zeros(3), np.zeros(3), np.ones(3))
    market = rng.integers(0, S.N_MARKETS, n)
    opened = rng.integers(24_200, 24_215, n)
    ids = np.arange(n, dtype=np.int32)  # vac_firm carries the original position
    firms.open_vacancies(ids, market, opened)
    bounds = firms.sort_vacancies()
    assert np.array_equal(firms.vac_firm, np.lexsort((opened, market)))
    assert np.array_equal(bounds, np.concatenate([[0], np.cumsum(np.bincount(market, minlength=S.N_MARKETS))]))


def test_consistent_bucket_is_uniform_and_moves_few_keys_when_a_bucket_is_added():
    from skillsim.model.sampling import consistent_bucket

    rng = np.random.default_rng(6)
    hi, lo = rng.integers(0, 2**32, 200_000, dtype=np.uint64), rng.integers(0, 2**32, 200_000, dtype=np.uint64)
    n = np.full(len(hi), 40)
    b40 = consistent_bucket(hi, lo, n)
    assert b40.min() == 0 and b40.max() == 39
    assert np.allclose(np.bincount(b40, minlength=40) / len(hi), 1 / 40, atol=0.002)
    b41 = consistent_bucket(hi, lo, n + 1)
    moved = b41 != b40
    assert np.all(b41[moved] == 40)  # a key moves only to the new bucket
    assert abs(moved.mean() - 1 / 41) < 0.003
    mixed = consistent_bucket(hi, lo, np.where(np.arange(len(hi)) % 2 == 0, 3, 500))
    assert mixed[::2].max() == 2 and mixed[1::2].max() == 499


def test_consistent_bucket_equals_the_published_jump_hash():
    """Lamping & Veach's C++ loop, in plain Python integers."""
    from skillsim.model.sampling import consistent_bucket

    def jump_hash(key: int, n: int) -> int:
        b, j = -1, 0
        while j < n:
            b = j
            key = (key * 2862933555777941757 + 1) & ((1 << 64) - 1)
            j = int((b + 1) * (float(1 << 31) / float((key >> 33) + 1)))
        return b

    rng = np.random.default_rng(7)
    hi, lo = rng.integers(0, 2**32, 2_000, dtype=np.uint64), rng.integers(0, 2**32, 2_000, dtype=np.uint64)
    n = rng.integers(1, 3_000, 2_000)
    want = [jump_hash((int(h) << 32) | int(low), int(k)) for h, low, k in zip(hi, lo, n)]
    assert np.array_equal(consistent_bucket(hi, lo, n), want)


@settings(max_examples=300, deadline=None)
@given(n_rows=st.integers(1, 6), n_cols=st.integers(1, 40), seed=st.integers(0, 2**32 - 1),
       zeros=st.floats(0.0, 0.9), n_keys=st.integers(0, 3000))
def test_grid_upper_bound_is_the_binary_search(n_rows, n_cols, seed, zeros, n_keys):
    """sampling._row_upper_bound_grid (the table look-up categorical uses for many keys) gives
    the branch-free binary search's answer, also for rows with zero weights (repeated
    entries), rounding slips above 1, and keys on or next to entries and cell edges."""
    from skillsim.model.sampling import GRID_CELLS, _row_upper_bound, _row_upper_bound_grid

    rng = np.random.default_rng(seed)
    w = rng.random((n_rows, n_cols)) * (rng.random((n_rows, n_cols)) >= zeros)
    w[:, -1] += 1e-3
    cdf = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
    cdf[:, -1] = rng.choice([1.0, 1.0 + 2**-52, 1.0 - 2**-53], n_rows)
    flat = (cdf + np.arange(n_rows)[:, None]).ravel()
    rows = rng.integers(0, n_rows, n_keys)
    keys = rows + rng.random(n_keys) * (1 - 1e-12)
    # keys exactly on entries, on cell edges, and one ulp either side of an entry
    k = min(n_keys, 200)
    on_entry = flat[rows[:k] * n_cols + rng.integers(0, n_cols, k)]
    keys[:k] = np.where(on_entry < rows[:k] + 1, on_entry, keys[:k])
    keys[k:2 * k] = rows[k:2 * k] + rng.integers(0, GRID_CELLS, len(keys[k:2 * k])) / GRID_CELLS
    keys[2 * k:3 * k] = np.nextafter(np.minimum(flat[rows[2 * k:3 * k] * n_cols], rows[2 * k:3 * k] + 0.5), rows[2 * k:3 * k] + 1.0)
    assert np.array_equal(_row_upper_bound_grid(flat, n_rows, n_cols, rows, keys), _row_upper_bound(flat, n_cols, rows, keys))
