"""Small sampling helpers shared by the mechanisms."""

from __future__ import annotations

import numpy as np


def stochastic_round(x: float | np.ndarray, rng: np.random.Generator) -> np.ndarray | int:
    """Round to an integer up or down with probability equal to the fraction, so sums
    stay unbiased at small scales."""
    x = np.asarray(x, dtype=float)
    base = np.floor(x)
    out = (base + (rng.random(x.shape) < (x - base))).astype(np.int64)
    return int(out) if out.ndim == 0 else out


def bernoulli_subset(idx: np.ndarray, p: float, rng: np.random.Generator) -> np.ndarray:
    """Each element of `idx` kept independently with probability p. Drawn as geometric
    gaps between kept positions (an exact Bernoulli process), so the cost is
    proportional to the number kept, not to len(idx); the result keeps idx's order."""
    n = len(idx)
    if n == 0 or p <= 0:
        return idx[:0]
    if p >= 1:
        return idx
    expected = n * p
    positions = []
    last = -1
    while last < n:
        size = int(expected + 6 * np.sqrt(expected) + 16) if not positions else int(0.1 * expected + 16)
        steps = np.cumsum(rng.geometric(p, size=size)) + last
        positions.append(steps)
        last = int(steps[-1])
    pos = np.concatenate(positions)
    return idx[pos[pos < n]]


def weighted_sample_without_replacement(weights: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k indices drawn without replacement with probability proportional to weights
    (Efraimidis-Spirakis exponential keys)."""
    n = len(weights)
    k = min(k, int(np.count_nonzero(weights > 0)))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    with np.errstate(divide="ignore"):
        keys = rng.exponential(size=n) / weights
    return np.sort(np.argpartition(keys, k - 1)[:k])


def categorical(cdf_rows: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each element, draw a column index from the row `rows[i]` of a matrix of
    cumulative probabilities (each row ending at 1). Large draws are done per row as a
    multinomial count spread over the row's elements in random order: the same
    distribution as independent draws, at a cost linear in len(rows)."""
    n_rows, n_cols = cdf_rows.shape
    if len(rows) < 200 * n_rows:  # few draws: inverse transform, one uniform each
        flat = (cdf_rows + np.arange(n_rows)[:, None]).ravel()
        u = rng.random(len(rows)) * (1 - 1e-12)
        return _row_upper_bound(flat, n_cols, rows, rows + u) - rows * n_cols
    probs = np.diff(cdf_rows, axis=1, prepend=0.0)
    probs = np.clip(probs, 0.0, None)
    order = np.argsort(rows.astype(np.int16), kind="stable")
    counts = np.bincount(rows, minlength=n_rows)
    out = np.empty(len(rows), dtype=np.int64)
    start = 0
    for r in np.flatnonzero(counts):
        k = int(counts[r])
        p = probs[r] / probs[r].sum()
        drawn = np.repeat(np.arange(n_cols), rng.multinomial(k, p))
        out[order[start:start + k]] = rng.permutation(drawn)
        start += k
    return out


def _row_upper_bound(flat: np.ndarray, n_cols: int, rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """np.searchsorted(flat, keys, side="right") for keys that fall in their own row's
    block of `flat` (row r holds r + cdf, so r <= key < r + 1): a branch-free binary
    search within the row, all keys at once. Same answer as searchsorted over the whole
    array, at a fraction of the cost for thousands of unsorted keys (fewer steps, no
    mispredicted branches)."""
    base = rows * n_cols
    n = n_cols
    while n > 1:
        half = n // 2
        base = base + half * (flat[base + half] <= keys)
        n -= half
    return base + (flat[base] <= keys)
