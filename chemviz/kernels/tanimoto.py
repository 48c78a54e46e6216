"""The Tanimoto kernel of binary and count fingerprints, as matrix products.

Σmin(a, b) / Σmax(a, b): the substructures two molecules share over the
substructures either has. For 0/1 fingerprints this is the familiar
a·b / (|a| + |b| − a·b), the similarity RDKit's ``BulkTanimotoSimilarity``
computes pair by pair; here it is one matrix product for all pairs.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist

NOT_A_FINGERPRINT = (
    "The Tanimoto kernel compares fingerprints (non-negative whole numbers), but "
    "this representation has negative or fractional values; pick a fingerprint "
    "representation or another kernel."
)

# Whole numbers below 2²⁴ are exact in float32, and so are sums of products of them
# below 2²⁴: the shared-bit counts are computed in float32 (twice the speed of float64).
_FLOAT32_EXACT = 2**24


def tanimoto(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Σmin(x, y) / Σmax(x, y) for every pair of rows (``Y is X`` for the square case).

    Parameters
    ----------
    X : numpy.ndarray, shape (n, d)
        Fingerprints: bool, integer, or float64 holding non-negative whole numbers.
    Y : numpy.ndarray, shape (m, d)

    Returns
    -------
    numpy.ndarray, shape (n, m), float64

    Raises
    ------
    ValueError
        When a value is negative or fractional (:data:`NOT_A_FINGERPRINT`).

    Notes
    -----
    Binary fingerprints take the fast path: one input check, one float32
    product a·b (exact: the counts are small whole numbers), and the division
    by |a| + |b| − a·b done in place, block by block. Count fingerprints build
    Σmin from 0/1 levels (:func:`sum_of_minima`) and share the division. Two
    empty fingerprints are identical, so their similarity is 1 (RDKit says 0).
    """
    top = max(largest_count(X), largest_count(Y))
    sx = X.sum(axis=1, dtype=np.float64)
    sy = sx if Y is X else Y.sum(axis=1, dtype=np.float64)
    if top <= 1 and max(sx.max(initial=0), sy.max(initial=0)) < _FLOAT32_EXACT:
        a = X.astype(np.float32)
        # Reusing `a` for Y = X lets numpy use the symmetric product (half the work).
        shared = a @ (a if Y is X else Y.astype(np.float32)).T
    else:
        shared = sum_of_minima(X, Y)
    return _over_either(shared, sx, sy)


def _over_either(shared: np.ndarray, sx: np.ndarray, sy: np.ndarray) -> np.ndarray:
    """Σmin / Σmax with Σmax = Σx + Σy − Σmin, into one new float64 matrix.

    Works on blocks of rows that stay in cache, writing each block of the
    result once: no n × m temporaries besides ``shared`` and the result.
    """
    K = np.empty(shared.shape)
    with np.errstate(invalid="ignore"):  # 0/0 for two empty fingerprints, fixed below
        for rows in _row_blocks(*shared.shape):
            out = K[rows]
            np.add(sx[rows, None], sy[None, :], out=out)
            out -= shared[rows]  # Σ max(a, b)
            np.divide(shared[rows], out, out=out)
    empty_x, empty_y = sx == 0, sy == 0
    if empty_x.any() and empty_y.any():
        K[np.ix_(empty_x, empty_y)] = 1.0
    return K


def _row_blocks(n: int, m: int, cells: int = 2**16):
    """Slices of rows holding about ``cells`` entries of an n × m matrix (a few 100 kB)."""
    size = max(1, cells // max(m, 1))
    return (slice(start, start + size) for start in range(0, n, size))


def largest_count(X: np.ndarray) -> int:
    """The largest value of a fingerprint matrix; ValueError if it is not one.

    One pass over the data: for bool and unsigned arrays the type already
    guarantees whole numbers ≥ 0; float arrays are checked block by block.
    """
    if X.size == 0 or X.dtype == bool:
        return 1 if X.size else 0
    if np.issubdtype(X.dtype, np.unsignedinteger):
        return int(X.max())
    if np.issubdtype(X.dtype, np.integer):
        if X.min() < 0:
            raise ValueError(NOT_A_FINGERPRINT)
        return int(X.max())
    top = 0.0
    for rows in _row_blocks(*X.shape):
        block = X[rows]
        if not (block.min() >= 0 and np.array_equal(block, np.floor(block))):
            raise ValueError(NOT_A_FINGERPRINT)
        top = max(top, float(block.max()))
    return int(top)


# Above this many indicator columns per fingerprint bit, the level-by-level
# products of sum_of_minima cost more than one direct L1-distance pass.
_MAX_LEVELS_PER_COLUMN = 8


def sum_of_minima(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Σₖ min(aₖ, bₖ) for every pair of rows of two count matrices.

    Parameters
    ----------
    A, B : numpy.ndarray, shapes (n, d) and (m, d)
        Non-negative whole numbers (``B is A`` for the square case).

    Returns
    -------
    numpy.ndarray, shape (n, m)
        float32 when every row sum is below 2²⁴ (then exact), else float64.

    Notes
    -----
    A count c is a stack of c unit levels, and min(a, b) is the number of
    levels both a and b reach: min(a, b) = Σ_t [a ≥ t][b ≥ t]. Each level is a
    product of 0/1 matrices, computed only over the columns that reach that
    level. For binary fingerprints this is the single product a·b.
    """
    reach = np.minimum(A.max(axis=0, initial=0), B.max(axis=0, initial=0))
    if reach.sum() > _MAX_LEVELS_PER_COLUMN * A.shape[1]:
        # Large counts: min(a, b) = (a + b − |a − b|) / 2, with one L1 pass.
        A, B = A.astype(np.float64, copy=False), B.astype(np.float64, copy=False)
        total = cdist(A, B, "cityblock")
        total *= -1.0
        total += A.sum(axis=1)[:, None]
        total += B.sum(axis=1)[None, :]
        total /= 2.0
        return total
    largest_sum = max(A.sum(axis=1, dtype=np.float64).max(initial=0), 0)
    dtype = np.float32 if largest_sum < _FLOAT32_EXACT else np.float64
    total = np.zeros((A.shape[0], B.shape[0]), dtype=dtype)
    for level in range(1, int(reach.max(initial=0)) + 1):
        cols = reach >= level
        a = (A >= level)[:, cols].astype(dtype)
        b = a if B is A else (B >= level)[:, cols].astype(dtype)
        total += a @ b.T
    return total


def is_counts(X: np.ndarray) -> bool:
    """True for non-negative whole numbers: binary and count fingerprints."""
    try:
        largest_count(X)
    except ValueError:
        return False
    return True
