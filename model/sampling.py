"""Small sampling helpers shared by the mechanisms.

Draws for persons and other objects come as uniforms from their own keyed draws
(model/randomness.py, `Draws`); these helpers turn uniforms into choices, so no helper
hands out random numbers by position in an array. `stochastic_round` takes a named
stream: it rounds counts for whole groups (no object's draw).
"""

from __future__ import annotations

import numpy as np

_BELOW_ONE = 1 - 1e-12  # keeps u * _BELOW_ONE < 1, so an inverse CDF never runs past its last entry


def stochastic_round(x: float | np.ndarray, rng: np.random.Generator) -> np.ndarray | int:
    """Round to an integer up or down with probability equal to the fraction, so sums
    stay unbiased at small scales (rng: a named stream; one uniform per element)."""
    x = np.asarray(x, dtype=float)
    return round_with(x, rng.random(x.shape))


def round_with(x: float | np.ndarray, u: float | np.ndarray) -> np.ndarray | int:
    """Stochastic rounding with given uniforms u (one per element of x)."""
    x = np.asarray(x, dtype=float)
    base = np.floor(x)
    out = (base + (np.asarray(u) < (x - base))).astype(np.int64)
    return int(out) if out.ndim == 0 else out


def choice(probs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """For each uniform u, an index drawn with probabilities `probs` (summing to 1), by the
    inverse CDF."""
    cdf = np.cumsum(np.asarray(probs, dtype=float))
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, np.asarray(u) * _BELOW_ONE, side="right"), len(cdf) - 1)


def integers(low: int, high: int, u: np.ndarray) -> np.ndarray:
    """For each uniform u, an integer uniform in [low, high)."""
    return low + (np.asarray(u) * (high - low)).astype(np.int64)


def weighted_sample_without_replacement(weights: np.ndarray, k: int, u: np.ndarray) -> np.ndarray:
    """k positions drawn without replacement with probability proportional to weights,
    given one uniform per position (Efraimidis-Spirakis keys -log(1 - u) / w: the k
    smallest win), in increasing order."""
    n = len(weights)
    k = min(k, int(np.count_nonzero(weights > 0)))
    if k <= 0 or n == 0:
        return np.zeros(0, dtype=np.int64)
    with np.errstate(divide="ignore"):
        keys = -np.log1p(-np.asarray(u, dtype=float)) / weights
    return np.sort(np.argpartition(keys, k - 1)[:k])


def categorical(cdf_rows: np.ndarray, rows: np.ndarray, u: np.ndarray) -> np.ndarray:
    """For each element, the column index drawn from the row `rows[i]` of a matrix of
    cumulative probabilities (each row ending at 1), by the inverse CDF of the element's
    own uniform u[i]."""
    n_rows, n_cols = cdf_rows.shape
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    flat = (cdf_rows + np.arange(n_rows)[:, None]).ravel()
    keys = rows + np.asarray(u) * _BELOW_ONE
    if n_rows * (GRID_CELLS + 2) <= len(rows):  # the table costs less than it saves
        col = _row_upper_bound_grid(flat, n_rows, n_cols, rows, keys)
    else:
        col = _row_upper_bound(flat, n_cols, rows, keys)
    col -= rows * n_cols
    return np.minimum(col, n_cols - 1)  # a row whose cumulative sum ends a rounding error below 1


GRID_CELLS = 1024  # cells per row of _row_upper_bound_grid's table (a power of two: its arithmetic is exact)


def _row_upper_bound_grid(flat: np.ndarray, n_rows: int, n_cols: int, rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """_row_upper_bound(flat, n_cols, rows, keys), mostly by table look-up. Row r's block
    of `flat` (r + its cdf) is cut into GRID_CELLS cells [r + g / G, r + (g + 1) / G);
    the table holds, for each row and cell edge, how many entries of the row are at or
    below it. A key whose cell holds no entry has as many entries below it as its cell's
    lower edge: that count is the answer. Only keys in a cell with an entry (at most
    n_cols of the G cells of a row) are searched for. Exact: flat - r and key - r are
    exact in floating point (r is an integer no larger than them), and so are their
    products with G (a power of two) and the floor and ceiling of those."""
    g_cells = GRID_CELLS
    row_of = np.repeat(np.arange(n_rows), n_cols)
    # entry e of row r is at or below the edge r + g / G iff ceil((e - r) * G) <= g
    cell = np.clip(np.ceil((flat - row_of) * g_cells), 0, g_cells + 1).astype(np.int64)
    table = np.bincount(row_of * (g_cells + 2) + cell, minlength=n_rows * (g_cells + 2))
    table = table.reshape(n_rows, g_cells + 2).cumsum(axis=1)
    table += (np.arange(n_rows) * n_cols)[:, None]  # as positions in flat
    table = table.ravel()
    # each key's cell: r + g / G <= key < r + (g + 1) / G
    cell_f = keys - rows
    cell_f *= g_cells
    np.floor(cell_f, out=cell_f)
    outside = cell_f >= g_cells  # (a key rounded up to r + 1: searched for)
    at = cell_f.astype(np.int64)
    np.minimum(at, g_cells - 1, out=at)
    at += rows * (g_cells + 2)
    out = table[at]
    at += 1
    search = np.flatnonzero((table[at] != out) | outside)
    if len(search):
        out[search] = _row_upper_bound(flat, n_cols, rows[search], keys[search])
    return out


def _row_upper_bound(flat: np.ndarray, n_cols: int, rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """np.searchsorted(flat, keys, side="right") for keys that fall in their own row's
    block of `flat` (row r holds r + cdf, so r <= key < r + 1): a branch-free binary
    search within the row, all keys at once. Same answer as searchsorted over the whole
    array, at a fraction of the cost for thousands of unsorted keys (fewer steps, no
    mispredicted branches)."""
    base = rows * n_cols
    probe = np.empty_like(base)
    value = np.empty(len(base), dtype=flat.dtype)
    right = np.empty(len(base), dtype=bool)
    n = n_cols
    while n > 1:  # in place: probe = base + half; base = probe where flat[probe] <= key
        half = n // 2
        np.add(base, half, out=probe)
        np.take(flat, probe, out=value)
        np.less_equal(value, keys, out=right)
        np.copyto(base, probe, where=right)
        n -= half
    return base + (flat[base] <= keys)


def consistent_bucket(bits_high: np.ndarray, bits_low: np.ndarray, n_buckets: np.ndarray) -> np.ndarray:
    """For each 64-bit key (bits_high * 2**32 + bits_low, from an object's own draws) a
    bucket in [0, n_buckets[i]), uniform, by Lamping & Veach's jump consistent hash (2014):
    when n grows by one, only a share 1 / (n + 1) of the keys move (to the new bucket),
    where floor(u * n) would move about half of them. Used for the vacancy an applicant
    picks among a market's open vacancies (oldest first), so one vacancy more or less at
    the end of a market's list leaves the other applicants' picks alone."""
    key = (np.asarray(bits_high, dtype=np.uint64) << np.uint64(32)) | np.asarray(bits_low, dtype=np.uint64)
    n_buckets = np.asarray(n_buckets, dtype=np.int64)
    out = np.zeros(len(key), dtype=np.int64)
    mult, one, shift, scale = np.uint64(2862933555777941757), np.uint64(1), np.uint64(33), float(1 << 31)
    # The keys still jumping. Nearly all keys keep jumping for the first ln(n) rounds, so
    # the arrays are compressed only once half of them are done; until then a done key's
    # bucket is frozen by the mask `active` (the same buckets as compressing every round).
    where = np.flatnonzero(n_buckets > 1)  # one bucket (or none): bucket 0
    key, n = key[where], n_buckets[where]
    bucket = np.zeros(len(where), dtype=np.int64)
    active = np.ones(len(where), dtype=bool)
    n_active = len(where)
    high, r, jump_f, jump, below = _jump_scratch(len(where))
    while n_active:  # in place, into scratch arrays (the same numbers as the expressions in the comments)
        key *= mult
        key += one
        np.right_shift(key, shift, out=high)
        np.copyto(r, high, casting="unsafe")          # r = (key >> 33) as float
        r += 1.0
        np.divide(scale, r, out=r)                    # scale / r
        np.add(bucket, 1.0, out=jump_f)               # (bucket + 1) (exact in float)
        jump_f *= r
        np.copyto(jump, jump_f, casting="unsafe")     # jump = ((bucket + 1) * (scale / r)).astype(int64)
        np.less(jump, n, out=below)
        active &= below
        np.copyto(bucket, jump, where=active)
        n_active = int(np.count_nonzero(active))
        if n_active < len(where) // 2:
            out[where] = bucket
            keep = np.flatnonzero(active)
            where, key, n, bucket, active = where[keep], key[keep], n[keep], bucket[keep], active[keep]
            high, r, jump_f, jump, below = _jump_scratch(len(where))
    out[where] = bucket
    return out


def _jump_scratch(n: int) -> tuple[np.ndarray, ...]:
    """Scratch arrays for consistent_bucket's loop over n keys."""
    return (np.empty(n, dtype=np.uint64), np.empty(n), np.empty(n), np.empty(n, dtype=np.int64), np.empty(n, dtype=bool))
