"""Streams give exactly numpy's SeedSequence-seeded PCG64 generators, computed in batches."""

from __future__ import annotations

import numpy as np
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
