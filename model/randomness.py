"""Random numbers: per-object draws (common random numbers per person) and named streams.

Per-object draws (the default for every decision about a person, a vacancy, a firm or a
campus): the draw of object `id` for decision `purpose` of mechanism `name` in month `t`
is a 32-bit counter-based hash

    x = lowbias32(key(id) XOR base(seed, name, month, purpose)),   u = x / 2**32 in [0, 1)

where base() is a splitmix64 chain over (run seed, crc32(name), month, crc32(purpose))
computed once per call in Python, key(id) = lowbias32(id XOR a seed word) is the
object's scrambled key (persons carry it in `persons.draw_key`, set once when the person
is created), and lowbias32 is C. Wellons' 32-bit integer finaliser (two multiplies, three
xor-shifts: a bijection). The draw depends on nothing but these five numbers: not on the
position of the object in any array, nor on how many other objects draw in the same
month. So a lever that moves one person changes the draws of nobody else; the persons
whose outcomes change are those it touches and those who meet them in a market
(competing for the same vacancy). Persons are identified by `persons.uid`, a stable id
given at creation and never reused (model/persons.py: the initial population 0..n-1; an
entrant by (cohort or migrant, month of entry, rank among that month's entrants)).
Bernoulli decisions compare x with floor(p * 2**32) in integers; weighted choices use
the inverse CDF of the person's u; k of a group "at random without replacement" are the
k with the lowest draws (Efraimidis-Spirakis keys -log(u) / w when weighted). Draws are
computed only for the objects that need one (vectorised uint32 numpy arithmetic, about
a third of the cost of the 64-bit variant; tests/test_randomness.py checks uniformity
and independence across persons, months, purposes and seeds).

Named streams (`streams.get(name, month)`, a numpy Generator) remain only for draws
that are not any object's: counts for a whole group (the month's school cohort size,
net migration, a lever's monthly job-seeker share of candidates, the stochastic
rounding of a market's vacancy gap is keyed by market instead), and draws at
initialisation over objects that exist once in a fixed order (firm sizes, the initial
vacancy counts by market). A stream is a generator seeded by (run seed, crc32(name),
month): one mechanism's draws never shift another's, and a change in one month never
shifts the draws of later months. A lever that is off draws nothing, so a run with it
off is bit-identical to a run without it.

The stream generator is PCG64 seeded by numpy's SeedSequence(seed, spawn_key=(crc32(name),
month + 1_000_000)). Creating a SeedSequence costs 10-30 microseconds, so the
SeedSequence hash (numpy's published algorithm, whose output numpy keeps stable across
versions) is computed here for 64 months of a stream at once, with numpy arrays, and the
generator is built from the ready state. The states are exactly numpy's
(tests/test_randomness.py compares them for many seeds, names and months); months
outside the batchable range use SeedSequence itself.
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


# --- per-object draws: a counter-based 32-bit hash --------------------------------------
_MASK64 = (1 << 64) - 1
_LB_M1, _LB_M2 = np.uint32(0x7FEB352D), np.uint32(0x846CA68B)  # lowbias32 (C. Wellons, hash-prospector)
_S15, _S16 = np.uint32(15), np.uint32(16)
TWO_32 = 4294967296.0


def _splitmix64(x: int) -> int:
    """splitmix64's output function of state x + golden gamma (Steele, Lea & Flood 2014)."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def hash_word(*parts: int) -> int:
    """A 32-bit word from non-negative integers of any size, by a splitmix64 chain over
    their 64-bit words (different tuples give unrelated words)."""
    h = 0x6A09E667F3BCC909
    for part in parts:
        part = int(part)
        if part < 0:
            raise ValueError(f"hash_word takes non-negative integers, got {part}")
        while True:
            h = _splitmix64(h ^ (part & _MASK64))
            part >>= 64
            if not part:
                break
        h = _splitmix64(h ^ 0x5851F42D4C957F2D)  # end of a part: (1, 2) and (2**64 + 1,) differ
    return h >> 32


LOWBIAS_BLOCK = 1 << 15  # words per block of lowbias32: its eight passes over a block stay in the CPU cache


def lowbias32(x: np.ndarray, xor: int | None = None) -> np.ndarray:
    """C. Wellons' lowbias32 finaliser on a uint32 array, in place (a bijection of 32-bit words);
    `xor`: a 32-bit word xored into each word first. A long 1-d array is done in blocks of
    LOWBIAS_BLOCK words, all passes over one block before the next (about half the time
    of whole-array passes for a million words: the block stays in the cache), with one
    scratch array for the shifts."""
    if x.ndim != 1 or len(x) <= 2 * LOWBIAS_BLOCK:
        return _lowbias32_block(x, xor, np.empty_like(x))
    scratch = np.empty(LOWBIAS_BLOCK, dtype=x.dtype)
    for start in range(0, len(x), LOWBIAS_BLOCK):
        part = x[start:start + LOWBIAS_BLOCK]
        _lowbias32_block(part, xor, scratch[:len(part)])
    return x


def _lowbias32_block(x: np.ndarray, xor: int | None, shifted: np.ndarray) -> np.ndarray:
    """lowbias32 of x in place (after xoring in `xor`), with `shifted` (like x) as scratch."""
    if xor is not None:
        x ^= np.uint32(xor)
    np.right_shift(x, _S16, out=shifted)
    x ^= shifted
    x *= _LB_M1
    np.right_shift(x, _S15, out=shifted)
    x ^= shifted
    x *= _LB_M2
    np.right_shift(x, _S16, out=shifted)
    x ^= shifted
    return x


def object_keys(ids: np.ndarray, seed_word: int) -> np.ndarray:
    """The scrambled draw keys of objects with ids `ids` (< 2**32): distinct ids give
    distinct keys (a bijection)."""
    return lowbias32(np.asarray(ids, dtype=np.uint32) ^ np.uint32(seed_word))


def keyed_bits(keys: np.ndarray, base: int) -> np.ndarray:
    """The 32-bit draws of objects with draw keys `keys` for one (name, month, purpose) base."""
    return lowbias32(np.asarray(keys, dtype=np.uint32) ^ np.uint32(base))


def bits_below(bits: np.ndarray, p) -> np.ndarray:
    """Bernoulli outcomes: bits / 2**32 < p (p a scalar or an array like bits), compared in
    integers for a scalar p."""
    if np.ndim(p) == 0:
        p = float(p)
        if p >= 1.0:
            return np.ones(len(bits), dtype=bool)
        if p <= 0.0:
            return np.zeros(len(bits), dtype=bool)
        return bits < np.uint32(int(p * TWO_32))
    return bits < np.asarray(p, dtype=float) * TWO_32


def bits_thresholds(p: np.ndarray) -> np.ndarray:
    """Integer thresholds for an array of probabilities p: bits < bits_thresholds(p)[i]
    is bits_below(bits, p[i]) (the float comparison bits < p * 2**32, for a 32-bit word:
    the integer ceil(p * 2**32), within [0, 2**32]). So a few probabilities (one per age
    band, say) are compared as integers, looked up per person, with no float per person."""
    x = np.asarray(p, dtype=float) * TWO_32
    return np.clip(np.ceil(x), 0.0, TWO_32).astype(np.uint64)


def bits_outside(bits: np.ndarray, p_low: float, p_high: float) -> np.ndarray:
    """bits_below(bits, p_low) | ~bits_below(bits, p_high) for scalars p_low <= p_high
    (draws below p_low or at or above p_high), in one unsigned comparison: outside
    [s, h) (the integer thresholds of bits_below) means (bits - s) mod 2**32 >= h - s."""
    p_low, p_high = float(p_low), float(p_high)
    if not 0.0 < p_low <= p_high < 1.0:
        return bits_below(bits, p_low) | ~bits_below(bits, p_high)
    low, high = int(p_low * TWO_32), int(p_high * TWO_32)
    return (bits - np.uint32(low)) >= np.uint32(high - low)


def bits_to_uniform(bits: np.ndarray) -> np.ndarray:
    """Uniforms in [0, 1) from 32-bit draws."""
    return bits * (1.0 / TWO_32)


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
        self._bases: dict[tuple[str, int, str], int] = {}
        self.person_key_word = hash_word(self.seed, stream_key("person.key"))
        self.object_key_word = hash_word(self.seed, stream_key("object.key"))

    def get(self, name: str, month: int = 0) -> np.random.Generator:
        """The named stream of (name, month): only for draws that are no object's (module docstring)."""
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

    def base(self, name: str, month: int, purpose: str) -> int:
        """The 32-bit base word of (name, month, purpose) for per-object draws."""
        key = (name, int(month), purpose)
        word = self._bases.get(key)
        if word is None:
            word = self._bases[key] = hash_word(self.seed, stream_key(name), int(month) + MONTH_OFFSET, stream_key(purpose))
        return word

    def draws(self, name: str, month: int, persons=None) -> "Draws":
        """Per-object draws of mechanism `name` in `month` (persons by row through `persons`)."""
        return Draws(self, name, int(month), persons)


class Draws:
    """The draws of one mechanism in one month. Person methods take person rows and key
    each draw by that person's draw key (`persons.draw_key`); `keyed*` take ids of other
    objects (vacancies, firms, campuses, markets); `purpose` names the decision, so two
    decisions about the same person in the same month use unrelated draws. `generator`
    is the mechanism's named stream, for draws that are no object's."""

    __slots__ = ("streams", "name", "month", "persons", "_generator")

    def __init__(self, streams: Streams, name: str, month: int, persons=None):
        self.streams, self.name, self.month, self.persons = streams, name, month, persons
        self._generator = None

    @property
    def generator(self) -> np.random.Generator:
        if self._generator is None:
            self._generator = self.streams.get(self.name, self.month)
        return self._generator

    # --- persons (rows) -------------------------------------------------------------------
    def bits(self, rows: np.ndarray, purpose: str) -> np.ndarray:
        keys = self.persons.draw_key[rows]
        if np.may_share_memory(keys, self.persons.draw_key):  # rows a slice: a view, not a copy
            keys = keys.copy()
        return lowbias32(keys, self.streams.base(self.name, self.month, purpose))

    def uniform(self, rows: np.ndarray, purpose: str) -> np.ndarray:
        return bits_to_uniform(self.bits(rows, purpose))

    # --- persons by their draw keys (gathered once, for several decisions) -----------------
    def keys(self, rows: np.ndarray) -> np.ndarray:
        """The draw keys of person rows `rows` (a copy): key_bits(keys(rows), purpose) is
        bits(rows, purpose), so a mechanism that draws several times for the same persons
        reads their keys once and subsets them with the rows."""
        return np.array(self.persons.draw_key[rows], dtype=np.uint32)

    def key_bits(self, keys: np.ndarray, purpose: str) -> np.ndarray:
        """bits(rows, purpose) for the persons whose draw keys are `keys` (Draws.keys)."""
        return lowbias32(np.array(keys, dtype=np.uint32), self.streams.base(self.name, self.month, purpose))

    def key_uniform(self, keys: np.ndarray, purpose: str) -> np.ndarray:
        return bits_to_uniform(self.key_bits(keys, purpose))

    def bernoulli(self, rows: np.ndarray, p, purpose: str) -> np.ndarray:
        """Mask over rows: True with probability p (a scalar, or one per row)."""
        if np.ndim(p) == 0 and (p <= 0 or len(rows) == 0):
            return np.zeros(len(rows), dtype=bool)
        return bits_below(self.bits(rows, purpose), p)

    def subset(self, rows: np.ndarray, p, purpose: str) -> np.ndarray:
        """The rows kept, each with probability p, in their order."""
        return np.compress(self.bernoulli(rows, p, purpose), rows)  # rows[mask], faster

    def lowest(self, rows: np.ndarray, k: int, purpose: str) -> np.ndarray:
        """k of rows at random without replacement (those with the lowest draws), in
        their order; all of them if k >= len(rows)."""
        k = int(k)
        if k >= len(rows):
            return rows
        if k <= 0:
            return rows[:0]
        return rows[np.sort(np.argpartition(self.bits(rows, purpose), k - 1)[:k])]

    # --- other objects (ids) --------------------------------------------------------------
    def keyed_bits(self, ids: np.ndarray, purpose: str) -> np.ndarray:
        keys = object_keys(ids, self.streams.object_key_word)
        return keyed_bits(keys, self.streams.base(self.name, self.month, purpose))

    def keyed_uniform(self, ids: np.ndarray, purpose: str) -> np.ndarray:
        return bits_to_uniform(self.keyed_bits(ids, purpose))


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
                f"model.{self.name} is Mesa's generator, which skillsim does not use: draw from the "
                f"mechanism's draws instead, model.draws(name) (per person; skillsim/model/randomness.py)")
        return model.__dict__.get(f"_mesa_{self.name}")

    def __set__(self, model, value) -> None:
        model.__dict__[f"_mesa_{self.name}"] = value

    @staticmethod
    def close(model) -> None:
        model.__dict__["_mesa_generators_closed"] = True
