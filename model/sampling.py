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
    """Each element of `idx` kept independently with probability p (drawn as a binomial
    count and a sample, so the cost is proportional to the number kept)."""
    n = len(idx)
    if n == 0 or p <= 0:
        return idx[:0]
    if p >= 1:
        return idx
    k = rng.binomial(n, p)
    return np.sort(idx[rng.choice(n, size=k, replace=False)])


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
    cumulative probabilities (each row ending at 1)."""
    n_rows, n_cols = cdf_rows.shape
    flat = (cdf_rows + np.arange(n_rows)[:, None]).ravel()
    u = rng.random(len(rows)) * (1 - 1e-12)
    pos = np.searchsorted(flat, rows + u, side="right")
    return pos - rows * n_cols
