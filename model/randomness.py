"""Named random streams derived from one seed (common random numbers).

Every random decision draws from `streams.get(name, month)`: a generator seeded by
(run seed, crc32(name), month). A mechanism's draws therefore never shift another's,
and a change in one month never shifts the draws of later months. A lever that is off
draws nothing, so a run with it off is bit-identical to a run without it.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream_key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    def __init__(self, seed: int):
        if not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
        self.seed = int(seed)

    def get(self, name: str, month: int = 0) -> np.random.Generator:
        sequence = np.random.SeedSequence(self.seed, spawn_key=(stream_key(name), int(month) + 1_000_000))
        return np.random.Generator(np.random.PCG64(sequence))
