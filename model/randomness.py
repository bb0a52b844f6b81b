"""Named random streams derived from one seed (common random numbers).

Every random decision draws from `streams.get(name, month)`: a generator seeded by
(run seed, crc32(name), month). A mechanism's draws therefore never shift another's,
and a change in one month never shifts the draws of later months. A lever that is off
draws nothing, so a run with it off is bit-identical to a run without it.

The generator is PCG64 seeded by numpy's SeedSequence(seed, spawn_key=(crc32(name),
month + 1_000_000)). Creating a SeedSequence costs 10-30 microseconds, and the model
creates about eight streams a month; so the SeedSequence hash (numpy's published
algorithm, whose output numpy keeps stable across versions) is computed here for 64
months of a stream at once, with numpy arrays, and the generator is built from the
ready state. The states are exactly numpy's (tests/test_randomness.py compares them for
many seeds, names and months); months outside the batchable range use SeedSequence
itself.
"""

from __future__ import annotations

import zlib

import numpy as np
from numpy.random.bit_generator import ISeedSequence

MONTH_OFFSET = 1_000_000  # spawn_key's second word is month + MONTH_OFFSET
BLOCK_MONTHS = 64         # stream states computed together

# numpy.random.SeedSequence's constants (numpy/random/bit_generator.pyx)
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_MULT_L, _MIX_MULT_R, _XSHIFT, _POOL_SIZE = 0xCA01F9DD, 0x4973F715, 16, 4
_MASK32 = 0xFFFFFFFF


def stream_key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def _uint32_words(n: int) -> list[int]:
    """A non-negative integer as little-endian 32-bit words ([0] for 0), as SeedSequence
    reads its entropy and spawn key."""
    words = [n & _MASK32]
    n >>= 32
    while n:
        words.append(n & _MASK32)
        n >>= 32
    return words


def _hasher(init: int, mult: int):
    """SeedSequence's multiplicative hash: each call hashes 32-bit words with the next
    constant of the sequence init * mult**k (mod 2**32)."""
    const = init

    def hash_words(value: np.ndarray) -> np.ndarray:
        nonlocal const
        value = value ^ np.uint32(const)
        const = (const * mult) & _MASK32
        value = value * np.uint32(const)
        return value ^ (value >> np.uint32(_XSHIFT))

    return hash_words


def seed_states(seed: int, key: int, months: np.ndarray) -> np.ndarray:
    """SeedSequence(seed, spawn_key=(key, month + MONTH_OFFSET)).generate_state(4, uint64)
    for each month (0 <= month + MONTH_OFFSET < 2**32), as a (len(months), 4) array."""
    month_words = (np.asarray(months, dtype=np.int64) + MONTH_OFFSET).astype(np.uint32)
    n = len(month_words)
    run = _uint32_words(seed)
    run += [0] * (_POOL_SIZE - len(run))  # padded to the pool size when a spawn key follows
    entropy = [np.full(n, w, dtype=np.uint32) for w in run + _uint32_words(key)] + [month_words]
    hashmix = _hasher(_INIT_A, _MULT_A)

    def mix(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        result = np.uint32(_MIX_MULT_L) * x - np.uint32(_MIX_MULT_R) * y
        return result ^ (result >> np.uint32(_XSHIFT))

    pool = [hashmix(entropy[i]) for i in range(_POOL_SIZE)]
    for src in range(_POOL_SIZE):
        for dst in range(_POOL_SIZE):
            if src != dst:
                pool[dst] = mix(pool[dst], hashmix(pool[src]))
    for src in range(_POOL_SIZE, len(entropy)):
        for dst in range(_POOL_SIZE):
            pool[dst] = mix(pool[dst], hashmix(entropy[src]))
    output_hash = _hasher(_INIT_B, _MULT_B)
    words = [output_hash(pool[i % _POOL_SIZE]) for i in range(8)]  # 4 uint64 = 8 uint32, cycling over the pool
    return np.ascontiguousarray(np.stack(words, axis=1).astype("<u4")).view("<u8").astype(np.uint64)


class _KnownState(ISeedSequence):
    """A seed sequence whose 4 x uint64 state is already computed."""

    __slots__ = ("state",)

    def __init__(self, state: np.ndarray):
        self.state = state

    def generate_state(self, n_words, dtype=np.uint32):
        if n_words != 4 or np.dtype(dtype) != np.uint64:
            raise ValueError("only PCG64's 4 x uint64 state is known")
        return self.state


class Streams:
    def __init__(self, seed: int):
        if not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
        self.seed = int(seed)
        self._states: dict[tuple[str, int], np.ndarray] = {}

    def get(self, name: str, month: int = 0) -> np.random.Generator:
        month = int(month)
        if not 0 <= month + MONTH_OFFSET < 2**32:
            sequence = np.random.SeedSequence(self.seed, spawn_key=(stream_key(name), month + MONTH_OFFSET))
            return np.random.Generator(np.random.PCG64(sequence))
        block, row = divmod(month, BLOCK_MONTHS)
        states = self._states.get((name, block))
        if states is None:
            first = block * BLOCK_MONTHS
            states = self._states[(name, block)] = seed_states(
                self.seed, stream_key(name), np.arange(first, first + BLOCK_MONTHS))
        return np.random.Generator(np.random.PCG64(_KnownState(states[row])))


class MesaGenerator:
    """A guard for Mesa's own numpy generator (`mesa.Model.rng`), which mesa.Model.__init__
    creates and the model never uses: drawing from it would bypass the named streams.
    Mesa may set and read it while it initialises; after `MesaGenerator.close(model)`
    reading it raises."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, model, owner=None):
        if model is None:
            return self
        if model.__dict__.get("_mesa_generators_closed"):
            raise AttributeError(
                f"model.{self.name} is Mesa's generator, which skillsim does not use: draw from a named "
                f"stream instead, model.streams.get(name, model.month_index) (skillsim/model/randomness.py)")
        return model.__dict__.get(f"_mesa_{self.name}")

    def __set__(self, model, value) -> None:
        model.__dict__[f"_mesa_{self.name}"] = value

    @staticmethod
    def close(model) -> None:
        model.__dict__["_mesa_generators_closed"] = True
