"""Randomness: per-person draws (common random numbers per person: minimal worlds after
Starsim's test_worlds; the hash's uniformity and independence; stable person ids), and the
named streams, which give exactly numpy's SeedSequence-seeded PCG64 generators, computed
in batches."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillsim.model.randomness import MONTH_OFFSET, Streams, seed_states, stream_key


def reference_generator(seed: int, name: str, month: int) -> np.random.Generator:
    sequence = np.random.SeedSequence(seed, spawn_key=(stream_key(name), month + MONTH_OFFSET))
    return np.random.Generator(np.random.PCG64(sequence))


@settings(max_examples=300, deadline=None)
@given(seed=st.one_of(st.integers(0, 2**32 - 1), st.integers(0, 2**130)), name=st.text(max_size=30),
       month=st.integers(0, 40_000))
def test_batched_states_equal_seed_sequence(seed, name, month):
    want = np.random.SeedSequence(seed, spawn_key=(stream_key(name), month + MONTH_OFFSET)).generate_state(4, np.uint64)
    assert np.array_equal(seed_states(seed, stream_key(name), np.array([month]))[0], want)


def test_streams_draw_what_numpy_would():
    streams = Streams(7)
    for name in ("matching", "demography.exits", "lever.house_of_skills"):
        for month in (0, 63, 64, 24_191, 24_192, 24_300):
            assert np.array_equal(streams.get(name, month).random(5), reference_generator(7, name, month).random(5))
    # beyond the batchable range (month word >= 2**32): numpy's SeedSequence directly
    far = 2**32 - MONTH_OFFSET + 5
    assert np.array_equal(streams.get("x", far).random(3), reference_generator(7, "x", far).random(3))


def test_a_stream_is_fresh_each_time_it_is_asked_for():
    streams = Streams(3)
    first = streams.get("separations", 24_200).random(4)
    assert np.array_equal(streams.get("separations", 24_200).random(4), first)
    assert not np.array_equal(streams.get("separations", 24_201).random(4), first)
    assert not np.array_equal(streams.get("matching", 24_200).random(4), first)


# --- common random numbers per person: minimal worlds (after Starsim's test_worlds) ---------
# These tests use only what the model had before per-person draws (SkillsimModel, persons
# arrays, model.move), so they can be run against the old stream scheme as well, where they
# fail: there, moving one person shifts the draws of everyone after them in each array.

WORLD_MONTHS, WORLD_SEED, WORLD_SCALE = 24, 2, 0.01


def _world(scenario, hook=None):
    """Monthly (status, work market, occupation) of every person row over WORLD_MONTHS
    months; `hook(model)` is called once, before the second month, and returns the row
    it moved."""
    from skillsim.model.model import SkillsimModel

    model = SkillsimModel(scenario, seed=WORLD_SEED, scale=WORLD_SCALE)
    rows, moved = [], None
    for k in range(WORLD_MONTHS):
        if k == 1 and hook is not None:
            moved = hook(model)
        model.step()
        p = model.persons
        rows.append(p.status[: p.n].astype(np.int64) * 100_000 + p.work_market[: p.n] * 100 + p.occupation[: p.n])
    n = min(len(r) for r in rows)
    return np.stack([r[:n] for r in rows]), moved


def _differing(a, b) -> np.ndarray:
    n = min(a.shape[1], b.shape[1])
    return np.flatnonzero((a[:, :n] != b[:, :n]).any(axis=0))


@pytest.fixture(scope="module")
def world_scenario(short_baseline):
    return short_baseline


@pytest.fixture(scope="module")
def reference_world(world_scenario):
    return _world(world_scenario)[0]


def test_worlds_removing_one_retired_person_changes_only_their_history(world_scenario, reference_world):
    """One retired person (70-74, inactive: never searches) leaves the population a month
    early: their history changes, nobody else's (exits, searches, separations of everyone
    else keep their draws)."""
    from skillsim.model.persons import INACTIVE

    def remove_retired(model):
        p, t = model.persons, model.month_index
        age = t - p.birth_month[: p.n]
        retired = np.flatnonzero((p.status[: p.n] == INACTIVE) & (age >= 70 * 12) & (age < 74 * 12))
        row = int(retired[len(retired) // 4])  # early in the array: many persons after them
        model.leave_population(np.array([row]), "test_hook")
        return row

    other, row = _world(world_scenario, remove_retired)
    differing = _differing(reference_world, other)
    assert list(differing) == [row], f"{len(differing)} histories differ, {int((differing > row).sum())} after row {row}"


def test_worlds_one_worker_leaving_changes_few_histories(world_scenario, reference_world):
    """One employed person leaves for inactivity: their history changes, and in the three
    months after it at most a few others' (those who meet the consequence in a market:
    their job is offered again), not those of the hundreds after them in the array. Later
    the vacancy chain spreads through the markets it reaches (docs/odd.md, Stochasticity),
    still to far fewer than everyone after them."""
    from skillsim.model.persons import EMPLOYED, INACTIVE

    def one_leaves(model):
        # aged 25-54: a person who would retire that month anyway (60+) would leave no trace
        p = model.persons
        age = model.month_index - p.birth_month[: p.n]
        employed = np.flatnonzero((p.status[: p.n] == EMPLOYED) & (age >= 25 * 12) & (age < 55 * 12))
        row = int(employed[len(employed) // 4])
        model.move(np.array([row]), INACTIVE, "test_hook")
        return row

    other, row = _world(world_scenario, one_leaves)
    n = min(reference_world.shape[1], other.shape[1])
    early = _differing(reference_world[1:4], other[1:4])
    assert row in early
    assert len(early) <= 5, f"months 1-3 after the move: {len(early)} of {n} histories differ, {int((early > row).sum())} after row {row}"
    later = _differing(reference_world, other)
    after = int((later > row).sum())
    assert after < 0.2 * (n - row), f"{WORLD_MONTHS} months: {after} of the {n - row - 1} histories after row {row} differ"


# --- the per-object hash: uniform, independent, reproducible ----------------------------------
def test_hash_draws_are_uniform():
    from scipy import stats

    from skillsim.model.randomness import Streams

    u = Streams(0).draws("separations", 24_200).keyed_uniform(np.arange(1_000_000), "leave")
    assert stats.kstest(u, "uniform").pvalue > 0.001
    counts = np.bincount((u * 256).astype(np.int64), minlength=256)
    assert stats.chisquare(counts).pvalue > 0.001
    assert u.min() >= 0 and u.max() < 1


def test_hash_draws_are_independent_across_persons_months_purposes_and_seeds():
    """Correlations of 1e6 draws of consecutive persons, consecutive months, two purposes
    and two seeds: all within 5 standard errors (1 / sqrt(n)) of 0."""
    from skillsim.model.persons import Persons
    from skillsim.model.randomness import Streams

    n = 1_000_000
    streams = Streams(3)
    persons = Persons(n + 10, first_month=24_000, key_word=streams.person_key_word)
    rows = persons.add(n)
    month = streams.draws("matching", 24_200, persons).uniform(rows, "search")
    pairs = {
        "next person": (month[:-1], month[1:]),
        "next month": (month, streams.draws("matching", 24_201, persons).uniform(rows, "search")),
        "other purpose": (month, streams.draws("matching", 24_200, persons).uniform(rows, "market")),
        "other mechanism": (month, streams.draws("separations", 24_200, persons).uniform(rows, "search")),
    }
    other_seed = Streams(4)
    persons_4 = Persons(n + 10, first_month=24_000, key_word=other_seed.person_key_word)
    persons_4.add(n)
    pairs["other seed"] = (month, other_seed.draws("matching", 24_200, persons_4).uniform(rows, "search"))
    for what, (a, b) in pairs.items():
        assert abs(np.corrcoef(a, b)[0, 1]) < 5 / np.sqrt(len(a)), what
        assert abs(np.mean((a < 0.1) & (b < 0.1)) - 0.01) < 5 * np.sqrt(0.01 * 0.99 / len(a)), what  # joint tail


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**40), month=st.integers(0, 40_000), keep=st.lists(st.booleans(), min_size=50, max_size=50))
def test_a_persons_draw_does_not_depend_on_who_else_draws(seed, month, keep):
    """The luck of each person depends on them, the mechanism, the purpose and the month,
    not on their position among the rows that draw with them."""
    from skillsim.model.persons import Persons
    from skillsim.model.randomness import Streams

    streams = Streams(seed)
    persons = Persons(100, first_month=0, key_word=streams.person_key_word)
    rows = persons.add(50)
    draws = streams.draws("demography.exits", month, persons)
    some = rows[np.array(keep)]
    assert np.array_equal(draws.uniform(some, "exit"), draws.uniform(rows, "exit")[np.array(keep)])
    assert np.array_equal(np.sort(draws.lowest(rows[::-1], 5, "x")), draws.lowest(rows, 5, "x"))  # order-free


def test_person_ids_are_stable_and_never_reused():
    """Entrants' ids depend on their kind, month and rank only: a month with more migrants
    leaves the school cohort's ids (and so their draws) unchanged."""
    from skillsim.model.persons import COHORT, MIGRANT, Persons

    def ids(n_migrants):
        persons = Persons(10, first_month=100, key_word=7)
        persons.add(5)
        persons.add(n_migrants, MIGRANT, 101)
        cohort = persons.add(3, COHORT, 101)
        return persons.uid[: persons.n], persons.uid[cohort], persons.draw_key[cohort]

    all_a, cohort_a, keys_a = ids(2)
    all_b, cohort_b, keys_b = ids(9)
    assert np.array_equal(cohort_a, cohort_b) and np.array_equal(keys_a, keys_b)
    assert len(np.unique(all_b)) == len(all_b)
    persons = Persons(10, first_month=100)
    persons.add(2, COHORT, 101)
    with pytest.raises(ValueError):
        persons.add(2, COHORT, 101)  # the same month's cohort twice would reuse ids


def test_same_seed_same_draws_other_seed_other_draws():
    from skillsim.model.randomness import Streams

    ids = np.arange(1_000)
    a = Streams(9).draws("matching", 24_300).keyed_uniform(ids, "tie_break")
    assert np.array_equal(a, Streams(9).draws("matching", 24_300).keyed_uniform(ids, "tie_break"))
    assert not np.array_equal(a, Streams(10).draws("matching", 24_300).keyed_uniform(ids, "tie_break"))


# --- integer forms of the Bernoulli comparisons (the same outcomes, fewer operations) ----------
EDGE_BITS = np.array([0, 1, 2**31 - 1, 2**31, 2**32 - 2, 2**32 - 1], dtype=np.uint32)


@settings(max_examples=200, deadline=None)
@given(p=st.lists(st.one_of(st.floats(-0.5, 1.5), st.sampled_from([0.0, 1.0, 0.5, 2**-32, 1 - 2**-33])), min_size=1, max_size=4),
       seed=st.integers(0, 2**32 - 1))
def test_bits_thresholds_give_the_float_comparison(p, seed):
    from skillsim.model.randomness import bits_below, bits_thresholds

    p = np.array(p)
    bits = np.concatenate([EDGE_BITS, np.random.default_rng(seed).integers(0, 2**32, 2000, dtype=np.uint32)])
    # and the words next to each threshold, where a rounding slip would show
    near = np.clip(np.floor(p * 2**32)[:, None] + np.arange(-2, 3)[None, :], 0, 2**32 - 1).astype(np.uint32).ravel()
    bits = np.concatenate([bits, near])
    which = np.arange(len(bits)) % len(p)
    assert np.array_equal(bits < bits_thresholds(p)[which], bits_below(bits, p[which]))


@settings(max_examples=200, deadline=None)
@given(a=st.floats(-0.5, 1.5), b=st.floats(-0.5, 1.5), seed=st.integers(0, 2**32 - 1))
def test_bits_outside_gives_the_two_comparisons(a, b, seed):
    from skillsim.model.randomness import bits_below, bits_outside

    low, high = min(a, b), max(a, b)
    bits = np.concatenate([EDGE_BITS, np.random.default_rng(seed).integers(0, 2**32, 2000, dtype=np.uint32)])
    for p in (low, high):
        if 0 < p < 1:
            s = int(p * 2**32)
            bits = np.concatenate([bits, np.clip(np.arange(s - 2, s + 3), 0, 2**32 - 1).astype(np.uint32)])
    assert np.array_equal(bits_outside(bits, low, high), bits_below(bits, low) | ~bits_below(bits, high))


def test_key_draws_are_the_row_draws():
    """Draws.key_bits on keys read once (Draws.keys) is Draws.bits on the rows, for any
    subset of them taken along."""
    from skillsim.model.persons import Persons
    from skillsim.model.randomness import Streams

    streams = Streams(5)
    persons = Persons(1000, first_month=0, key_word=streams.person_key_word)
    rows = persons.add(1000)
    draws = streams.draws("matching", 300, persons)
    some = np.random.default_rng(1).permutation(rows)[:400]
    keys = draws.keys(some)
    assert np.array_equal(draws.key_bits(keys, "market"), draws.bits(some, "market"))
    assert np.array_equal(draws.key_uniform(keys[::3], "tie"), draws.uniform(some[::3], "tie"))
    assert np.array_equal(keys, persons.draw_key[some])  # key_bits left the keys as they were
