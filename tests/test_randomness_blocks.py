"""lowbias32 in blocks (model/randomness.py): a long array hashed block by block gives the
same words as the whole-array passes and as the finaliser written out for one word."""

import numpy as np

from skillsim.model.randomness import LOWBIAS_BLOCK, _lowbias32_block, lowbias32


def lowbias32_word(x: int) -> int:
    """C. Wellons' lowbias32 for one word, in Python integers."""
    x ^= x >> 16
    x = (x * 0x7FEB352D) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x846CA68B) & 0xFFFFFFFF
    x ^= x >> 16
    return x


def test_blocks_equal_whole_array_passes_and_the_one_word_finaliser():
    rng = np.random.default_rng(0)
    for n in (0, 5, 2 * LOWBIAS_BLOCK, 2 * LOWBIAS_BLOCK + 1, 3 * LOWBIAS_BLOCK + 17):
        words = rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32)
        whole = _lowbias32_block(words.copy(), 0x9E3779B9, np.empty_like(words))
        got = words.copy()
        out = lowbias32(got, 0x9E3779B9)
        assert out is got  # in place
        assert np.array_equal(got, whole)
        for i in rng.integers(0, max(n, 1), min(n, 20)):
            assert int(got[i]) == lowbias32_word(int(words[i]) ^ 0x9E3779B9)
    assert np.array_equal(lowbias32(np.array([1, 2], dtype=np.uint32)),
                          [lowbias32_word(1), lowbias32_word(2)])
