"""The kernel functions on real-valued features, as matrix products.

Each function takes two feature matrices X (n, d) and Y (m, d), float64,
with ``Y is X`` for the square case, and returns the n × m kernel matrix.
They are registered, with their parameters and formulas, in
:data:`chemviz.kernels.KERNELS`; call them through
:func:`chemviz.kernels.kernel_matrix`, which checks the input first.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist

from chemviz.kernels.tanimoto import is_counts, sum_of_minima


def linear(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return X @ Y.T


# Kernel matrices of thousands of molecules are hundreds of MB, so the functions
# below update one n × m array in place (K += ..., np.exp(K, out=K)) instead of
# building new ones in every arithmetic step.


def polynomial(X: np.ndarray, Y: np.ndarray, degree: float, c: float) -> np.ndarray:
    if degree < 1 or degree != int(degree):
        raise ValueError(f"The polynomial degree must be a whole number ≥ 1, got {degree}.")
    if c < 0:
        # With c ≥ 0 every power of (x·y + c) is a sum of products of features,
        # a valid (positive semi-definite) kernel; a negative c can break that.
        raise ValueError(f"The polynomial offset c must be ≥ 0, got {c}.")
    K = X @ Y.T
    K += c
    return np.power(K, int(degree), out=K)


def squared_euclidean(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """‖x − y‖² = ‖x‖² + ‖y‖² − 2 x·y for every pair: one matrix product."""
    sq = X @ Y.T
    sq *= -2.0
    sq += np.einsum("ij,ij->i", X, X)[:, None]
    sq += np.einsum("ij,ij->i", Y, Y)[None, :]
    # Rounding can leave tiny negative numbers where the true distance is 0.
    np.maximum(sq, 0.0, out=sq)
    if Y is X:
        np.fill_diagonal(sq, 0.0)
    return sq


def gaussian(X: np.ndarray, Y: np.ndarray, sigma: float) -> np.ndarray:
    check_positive("sigma", sigma)
    return gaussian_of_distances(squared_euclidean(X, Y), sigma)


def gaussian_of_distances(sq: np.ndarray, sigma: float) -> np.ndarray:
    """exp(−‖x − y‖² / σ²) from squared distances ``sq``, overwriting them."""
    check_positive("sigma", sigma)
    sq /= -(sigma**2)
    return np.exp(sq, out=sq)


def laplacian(X: np.ndarray, Y: np.ndarray, sigma: float) -> np.ndarray:
    check_positive("sigma", sigma)
    return laplacian_of_distances(cityblock(X, Y), sigma)


def laplacian_of_distances(l1: np.ndarray, sigma: float) -> np.ndarray:
    """exp(−‖x − y‖₁ / σ) from L1 distances ``l1``, overwriting them."""
    check_positive("sigma", sigma)
    l1 /= -sigma
    return np.exp(l1, out=l1)


def cosine(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    # A zero vector has no direction; like scikit-learn we give it similarity 0.
    nx = np.linalg.norm(X, axis=1)
    ny = np.linalg.norm(Y, axis=1)
    nx[nx == 0] = 1.0
    ny[ny == 0] = 1.0
    K = X @ Y.T
    K /= nx[:, None]
    K /= ny[None, :]
    return K


def cityblock(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """L1 distances Σₖ |aₖ − bₖ| for every pair of rows."""
    if not (is_counts(X) and (Y is X or is_counts(Y))):
        return cdist(X, Y, "cityblock")
    # |a − b| = a + b − 2 min(a, b): matrix products instead of a loop over pairs.
    D = sum_of_minima(X, Y).astype(np.float64, copy=False)
    D *= -2.0
    D += X.sum(axis=1)[:, None]
    D += Y.sum(axis=1)[None, :]
    return D


def check_positive(name: str, value: float) -> None:
    if not value > 0:
        raise ValueError(f"The kernel parameter {name} must be > 0, got {value}.")
