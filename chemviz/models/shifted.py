"""Solve (K + λI) a = y for a whole grid of λ at the cost of about one factorisation.

Kernel ridge regression needs a = (K + λI)⁻¹ y for every λ of a
cross-validation grid. Factorising K + λI afresh for each λ (what one
``KernelRidge`` fit per λ does) repeats the O(n³) work every time; here it
is done once, on K, and each λ then costs O(n).
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import lapack

from chemviz.models.linear import _singular, rcond_min


def solve_shifted(K: np.ndarray, y: np.ndarray, lambdas: np.ndarray) -> np.ndarray:
    """a = (K + λI)⁻¹ y for every λ, from one tridiagonal reduction of K.

    Parameters
    ----------
    K : numpy.ndarray, shape (n, n)
        Symmetric positive semi-definite kernel matrix (overwritten if writeable).
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
    Householder reflections turn K into a tridiagonal matrix T with the same
    eigenvalues, K = Q T Qᵀ (the first step of every symmetric eigensolver;
    LAPACK ``sytrd``). Because Q is orthogonal, K + λI = Q (T + λI) Qᵀ: adding
    λ only shifts T's diagonal. So a = Q (T + λI)⁻¹ Qᵀ y, where Qᵀy and Q(·)
    apply the reflections (O(n²)) and (T + λI)⁻¹ is a tridiagonal solve
    (O(n), LAPACK ``ptsv``). The reduction costs about (4/3) n³ operations,
    a quarter of a full eigendecomposition K = VΛVᵀ (which also builds all n
    eigenvectors), and gives the same numbers: it is exact, not iterative.
    T's smallest and largest eigenvalues (bisection, O(n)) give the exact
    condition number of every K + λI.
    """
    n = len(y)
    lambdas = np.asarray(lambdas, dtype=float)
    if n == 1:  # nothing to reduce: K is the number K₀₀
        d, e = K[0].astype(float), np.empty(0)
        low = high = float(d[0])
    else:
        # K.T is K (symmetric) in the column-major order LAPACK works in: no copy.
        c, d, e, tau, info = lapack.dsytrd(K.T, lower=1, overwrite_a=K.flags.writeable)
        # The reflectors, stored below T's subdiagonal, as the (n − 1) × (n − 1) block that
        # LAPACK's QR routines read (one contiguous copy, used twice).
        reflectors = np.asfortranarray(c[1:, :-1])
        low, high = (_eigenvalue(d, e, k) for k in (1, n))
    # (smallest / largest) shifted eigenvalue is the exact reciprocal condition number
    # of K + λI; below rcond_min (or negative) the system is singular (e.g. λ = 0).
    scale = np.maximum(np.abs(low + lambdas), np.abs(high + lambdas))
    singular = low + lambdas <= rcond_min(n) * scale
    if singular.any():
        raise ValueError(_singular("K", lambdas[singular][0]))

    def apply_q(B: np.ndarray, trans: str) -> np.ndarray:
        """Q B or Qᵀ B. Q = diag(1, Q̃), Q̃ being the QR-style reflectors below T's subdiagonal."""
        if n == 1:
            return B
        out = B.copy()
        out[1:] = lapack.dormqr("L", trans, reflectors, tau, B[1:], lwork=64 * B.shape[1])[0]
        return out

    b = apply_q(np.asarray(y, dtype=float)[:, None], "T")[:, 0]
    if n == 1:
        return b[:, None] / (d[0] + lambdas[None, :])
    Z = np.empty((n, len(lambdas)))
    for j, lam in enumerate(lambdas):
        *_, Z[:, j], info = lapack.dptsv(d + lam, e, b)
        if info != 0:  # not positive definite after all (K was not a kernel matrix)
            raise ValueError(_singular("K", lam))
    return apply_q(Z, "N")


def _eigenvalue(d: np.ndarray, e: np.ndarray, k: int) -> float:
    """The k-th smallest eigenvalue (1-based) of the tridiagonal T, by bisection (O(n))."""
    m, w, *_, info = lapack.dstebz(d, e, 2, 0.0, 0.0, k, k, 0.0, "E")
    if info != 0 or m != 1:
        raise ValueError("The kernel matrix has no well-defined eigenvalues (NaN or inf?).")
    return float(w[0])
