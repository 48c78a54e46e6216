"""The Tanimoto kernel of binary and count fingerprints, as matrix products.

Σmin(a, b) / Σmax(a, b): the substructures two molecules share over the
substructures either has. For 0/1 fingerprints this is the familiar
a·b / (|a| + |b| − a·b), the similarity RDKit's ``BulkTanimotoSimilarity``
computes pair by pair; here it is one matrix product for all pairs.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist


def tanimoto(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    K = sum_of_minima(X, Y)  # Σ min(a, b): the substructures both share
    sx, sy = X.sum(axis=1), Y.sum(axis=1)
    for rows in _row_blocks(len(K)):
        either = sx[rows, None] + sy[None, :] - K[rows]  # Σ max(a, b)
        # Two empty fingerprints are identical, so similarity 1 (RDKit returns 0).
        K[rows] = np.divide(K[rows], either, out=np.ones_like(either), where=either > 0)
    return K


def _row_blocks(n: int, size: int = 1024):
    """Slices of ``size`` rows: temporaries stay small next to an n × m result."""
    return (slice(start, start + size) for start in range(0, n, size))


# Above this many indicator columns per fingerprint bit, the level-by-level
# products of _sum_of_minima cost more than one direct L1-distance pass.
_MAX_LEVELS_PER_COLUMN = 8


def sum_of_minima(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Σₖ min(aₖ, bₖ) for every pair of rows of two count matrices.

    A count c is a stack of c unit levels, and min(a, b) is the number of
    levels both a and b reach: min(a, b) = Σ_t [a ≥ t][b ≥ t]. Each level is a
    product of 0/1 matrices, computed in float32 (exact for whole numbers
    below 2²⁴) and only over the columns that reach that level. For binary
    fingerprints this is the single product a·b.
    """
    reach = np.minimum(A.max(axis=0, initial=0), B.max(axis=0, initial=0))
    if reach.sum() > _MAX_LEVELS_PER_COLUMN * A.shape[1]:
        # Large counts: min(a, b) = (a + b − |a − b|) / 2, with one L1 pass.
        total = cdist(A, B, "cityblock")
        total *= -1.0
        total += A.sum(axis=1)[:, None]
        total += B.sum(axis=1)[None, :]
        total /= 2.0
        return total
    total = np.zeros((A.shape[0], B.shape[0]))
    for level in range(1, int(reach.max(initial=0)) + 1):
        cols = reach >= level
        a = (A >= level)[:, cols].astype(np.float32)
        # Reusing `a` for B = A lets numpy use the symmetric product (half the work).
        b = a if B is A else (B >= level)[:, cols].astype(np.float32)
        total += a @ b.T
    return total


def is_counts(X: np.ndarray) -> bool:
    """True for non-negative whole numbers: binary and count fingerprints."""
    return bool(np.all(X >= 0) and np.all(X == np.floor(X)))
