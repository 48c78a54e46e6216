"""Solve (K + λI) a = y for a whole grid of λ at the cost of one factorisation.

Kernel ridge regression needs a = (K + λI)⁻¹ y for every λ of a
cross-validation grid. Factorising K + λI afresh for each λ (what one
``KernelRidge`` fit per λ does) repeats the O(n³) work every time; here it
is done once, on K, and each λ then costs one O(n²) product.
"""

from __future__ import annotations

import numpy as np

from chemviz.models.linear import _singular, rcond_min


def solve_shifted(K: np.ndarray, y: np.ndarray, lambdas: np.ndarray) -> np.ndarray:
    """a = (K + λI)⁻¹ y for every λ, from one eigendecomposition of K.

    Parameters
    ----------
    K : numpy.ndarray, shape (n, n)
        Symmetric positive semi-definite kernel matrix (not modified).
    y : numpy.ndarray, shape (n,)
    lambdas : numpy.ndarray, shape (L,)
        λ ≥ 0.

    Returns
    -------
    numpy.ndarray, shape (n, L)
        Column j holds the weights a for ``lambdas[j]``.

    Raises
    ------
    ValueError
        When K + λI is singular for some λ: the ratio of its smallest to its
        largest eigenvalue is below :func:`~chemviz.models.linear.rcond_min`.

    Notes
    -----
    Write K = V Λ Vᵀ, its eigenvalues Λ and orthonormal eigenvectors V.
    Adding λI adds λ to every eigenvalue and leaves V alone, so
    (K + λI)⁻¹ = V (Λ + λI)⁻¹ Vᵀ: one decomposition serves every λ, each λ
    costing a division by Λ + λ and one product with V. The eigenvalues also
    give the exact condition number of every K + λI, (λ_min + λ) / (λ_max + λ).

    ``numpy.linalg.eigh`` is used, not SciPy's LAPACK wrappers (a tridiagonal
    reduction, ``sytrd``, would be about half the arithmetic): NumPy lets go
    of Python's interpreter lock while LAPACK works, SciPy's wrappers do not,
    and on a server shared by a class that lock is every other student's
    page. Measured in ``benchmarks/bench_kernels.py``.
    """
    n = len(y)
    lambdas = np.asarray(lambdas, dtype=float)
    eigenvalues, V = np.linalg.eigh(np.asarray(K, dtype=float))
    if not np.all(np.isfinite(eigenvalues)):
        raise ValueError("The kernel matrix has no well-defined eigenvalues (NaN or inf?).")
    low, high = eigenvalues[0], eigenvalues[-1]
    # (smallest / largest) shifted eigenvalue is the exact reciprocal condition number
    # of K + λI; below rcond_min (or negative) the system is singular (e.g. λ = 0).
    scale = np.maximum(np.abs(low + lambdas), np.abs(high + lambdas))
    singular = low + lambdas <= rcond_min(n) * scale
    if singular.any():
        raise ValueError(_singular("K", lambdas[singular][0]))
    b = V.T @ np.asarray(y, dtype=float)  # y in the eigenvector basis
    return V @ (b[:, None] / (eigenvalues[:, None] + lambdas[None, :]))
