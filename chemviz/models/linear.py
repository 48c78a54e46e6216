"""Ridge regression in the primal and the dual (kernel) form, as on the slides.

Primal (ridge): w = (XᵀX + λI)⁻¹ Xᵀy, prediction ŷ(x*) = x*·w.
Dual (kernel ridge, KRR): a = (K + λI)⁻¹ y, prediction ŷ(x*) = Σᵢ aᵢ k(x*, xᵢ).
With the linear kernel k(x, x′) = x·x′ the two give the same predictions
(:func:`linear_kernel_equivalence`); :func:`ridge_worked_example` solves the
workshop's 1D example by the book.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.linalg

from chemviz.kernels import kernel_matrix

# Why each system can be singular at λ = 0, in words a student can act on.
_SINGULAR_CAUSE = {
    "XᵀX": "there are more features than molecules, or some features are linearly dependent "
    "(a duplicated column, or one that is a sum or multiple of others)",
    "K": "some molecules have the same representation, the kernel is so wide that every "
    "similarity is ≈ 1 (try a smaller σ), or, with the linear kernel, there are more "
    "molecules than features",
}


def _singular(matrix: str, lam: float) -> str:
    cause = _SINGULAR_CAUSE[matrix]
    if lam == 0:
        return f"{matrix} is singular: {cause}; use λ > 0."
    return f"{matrix} + λI is numerically singular at λ = {lam:g} ({cause}); use a larger λ."


def rcond_min(n: int) -> float:
    """Below this reciprocal condition number an n × n system counts as singular.

    n·ε with ε = 2.2·10⁻¹⁶ (float64), the tolerance of ``numpy.linalg.matrix_rank``:
    rounding errors of size ε can be amplified by up to 1/rcond, so below n·ε
    the computed solution has no correct digits left.
    """
    return max(n, 1) * np.finfo(float).eps


def _check_lambda(lam: float) -> float:
    lam = float(lam)
    if not lam >= 0:  # also catches NaN
        raise ValueError(f"λ must be ≥ 0 (it weighs the penalty on large weights), got {lam}.")
    return lam


def _check_target(y, n: int) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    if y.ndim != 1 or len(y) != n:
        raise ValueError(f"y must hold one value per molecule ({n}), got shape {y.shape}.")
    missing = int(np.isnan(y).sum())
    if missing:
        raise ValueError(
            f"y contains NaN for {missing} molecules; exclude molecules without a "
            "measured value before fitting."
        )
    return y


def _solve_positive(A: np.ndarray, b: np.ndarray, singular: str) -> np.ndarray:
    """Solve A x = b for symmetric positive definite A by Cholesky (no inverse).

    Raises ``ValueError(singular)`` when the factorisation fails or when A is
    ill-conditioned: its reciprocal condition number (LAPACK's ``pocon``
    estimate, 1-norm) below :func:`rcond_min`. A nearly singular matrix often
    factorises without complaint and gives large, meaningless weights (scipy
    only warns), so the estimate is what catches, e.g., a column equal to the
    sum of two others at λ = 0.
    """
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):
        raise ValueError("The system has missing or infinite values (NaN/inf); check the inputs.")
    # The O(n³) factorisation by NumPy, which releases the interpreter lock while
    # LAPACK works (SciPy's wrappers hold it, stalling every other session of
    # the server); the O(n²) estimate and solves by SciPy's LAPACK wrappers.
    try:
        factor = np.linalg.cholesky(A)  # lower triangular, A = L Lᵀ
    except np.linalg.LinAlgError:  # a pivot ≤ 0: A is not (numerically) positive definite
        raise ValueError(singular) from None
    pocon, potrs = scipy.linalg.get_lapack_funcs(("pocon", "potrs"), (factor,))
    rcond, info = pocon(factor, np.abs(A).sum(axis=0).max(initial=0.0), uplo="L")
    if info != 0 or not rcond >= rcond_min(len(A)):  # also catches NaN
        raise ValueError(singular)
    x, info = potrs(factor, b, lower=True)
    if info != 0:
        raise ValueError(singular)
    return x


def ridge_closed_form(X, y, lam: float) -> np.ndarray:
    """Ridge regression weights w = (XᵀX + λI)⁻¹ Xᵀy, exactly as written.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix. There is no hidden intercept and no scaling: add a
        column of ones yourself for an intercept (it is then penalised too,
        as on the workshop's slide).
    y : array_like, shape (n,)
    lam : float
        λ ≥ 0. The same number as scikit-learn's ``Ridge(alpha=λ)``.

    Returns
    -------
    numpy.ndarray, shape (d,)

    Raises
    ------
    ValueError
        When XᵀX + λI is singular or so ill-conditioned (reciprocal condition
        number below :func:`rcond_min`) that the weights would be rounding noise.

    Notes
    -----
    Setting the gradient of ‖y − Xw‖² + λ‖w‖² to zero gives the normal
    equations (XᵀX + λI) w = Xᵀy, solved here by Cholesky factorisation
    rather than by inverting a matrix (cheaper and more accurate). At λ = 0
    this is ordinary least squares, which has no unique answer when two
    columns are equal or there are more features than molecules; any λ > 0
    makes the system solvable.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a table of shape (molecules, features), got {X.shape}.")
    y = _check_target(y, len(X))
    lam = _check_lambda(lam)
    return _solve_positive(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y, _singular("XᵀX", lam))


def krr_fit(K, y, lam: float) -> np.ndarray:
    """Kernel ridge regression weights a = (K + λI)⁻¹ y.

    Parameters
    ----------
    K : array_like, shape (n, n)
        Kernel matrix of the training molecules.
    y : array_like, shape (n,)
    lam : float
        λ ≥ 0, the same number as scikit-learn's ``KernelRidge(alpha=λ)``.

    Returns
    -------
    numpy.ndarray, shape (n,)
        One weight aᵢ per training molecule.

    Raises
    ------
    ValueError
        When K + λI is singular or ill-conditioned (see :func:`rcond_min`): at
        λ = 0 with duplicate molecules, or a kernel so wide that every Kᵢⱼ ≈ 1.
    """
    K = np.asarray(K, dtype=float)
    if K.ndim != 2 or K.shape[0] != K.shape[1]:
        raise ValueError(f"K must be a square kernel matrix, got shape {K.shape}.")
    y = _check_target(y, len(K))
    lam = _check_lambda(lam)
    return _solve_positive(K + lam * np.eye(len(K)), y, _singular("K", lam))


def krr_predict(K_new_train, alpha) -> np.ndarray:
    """Predictions ŷ(x*) = Σᵢ aᵢ k(x*, xᵢ) for new molecules.

    Parameters
    ----------
    K_new_train : array_like, shape (m, n)
        Kernel between m new molecules and the n training molecules.
    alpha : array_like, shape (n,)
        Weights from :func:`krr_fit`.

    Returns
    -------
    numpy.ndarray, shape (m,)
    """
    K_new_train = np.asarray(K_new_train, dtype=float)
    alpha = np.asarray(alpha, dtype=float)
    if K_new_train.ndim != 2 or K_new_train.shape[1] != len(alpha):
        raise ValueError(
            f"The kernel has shape {K_new_train.shape} but there are {len(alpha)} weights; "
            "it must have one column per training molecule."
        )
    return K_new_train @ alpha


# The workshop's worked example: an intercept column of ones and one feature x.
WORKED_X = np.array([[1.0, 1.0], [1.0, 1.5], [1.0, 2.5], [1.0, 3.0]])
WORKED_Y = np.array([2.0, 2.5, 1.25, 3.0])


def ridge_worked_example(lambdas=(0.0, 1.0, 10.0)) -> pd.DataFrame:
    """The workshop's 1D example solved for several λ.

    Returns
    -------
    pandas.DataFrame
        Columns ``lambda``, ``intercept`` (w₀), ``slope`` (w₁) and ``norm``
        (‖w‖₂), one row per λ.

    Notes
    -----
    By hand: XᵀX = [[4, 8], [8, 18.5]] and Xᵀy = [8.75, 17.875]. At λ = 0,
    det = 4·18.5 − 8·8 = 10 and w = [[18.5, −8], [−8, 4]]·[8.75, 17.875] / 10
    = [1.8875, 0.15]. Growing λ shrinks ‖w‖; because the intercept is
    penalised as well, the slope can grow while the intercept shrinks.
    """
    rows = []
    for lam in lambdas:
        w = ridge_closed_form(WORKED_X, WORKED_Y, lam)
        rows.append({"lambda": float(lam), "intercept": w[0], "slope": w[1], "norm": np.hypot(*w)})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class LinearEquivalence:
    """Ridge (primal) and linear-kernel KRR (dual) side by side.

    Attributes
    ----------
    w : numpy.ndarray, shape (d,)
        Primal weights, one per feature.
    alpha : numpy.ndarray, shape (n,)
        Dual weights, one per training molecule; w = Xᵀa.
    primal, dual : numpy.ndarray, shape (m,)
        Predictions x*·w and Σᵢ aᵢ ⟨x*, xᵢ⟩ for the new molecules.
    """

    w: np.ndarray
    alpha: np.ndarray
    primal: np.ndarray
    dual: np.ndarray

    @property
    def max_difference(self) -> float:
        """Largest |primal − dual|: rounding error only."""
        return float(np.max(np.abs(self.primal - self.dual), initial=0.0))


def linear_kernel_equivalence(X, y, lam: float, X_new) -> LinearEquivalence:
    """Fit ridge and linear-kernel KRR on the same data and predict ``X_new`` both ways.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Training features (add a column of ones for an intercept).
    y : array_like, shape (n,)
    lam : float
        λ, the same in both forms.
    X_new : array_like, shape (m, d)
        Molecules to predict.

    Returns
    -------
    LinearEquivalence
        Both sets of weights and both predictions; ``max_difference`` is
        rounding error only.

    Notes
    -----
    Writing w = Xᵀa turns (XᵀX + λI) w = Xᵀy into (XXᵀ + λI) a = y, where
    XXᵀ = K is the linear kernel matrix. The primal solves a d × d system
    (d features), the dual an n × n one (n molecules): the same model, so
    the cheaper one wins. Both need λ > 0 unless their matrix is invertible.
    """
    X = np.asarray(X, dtype=float)
    X_new = np.asarray(X_new, dtype=float)
    w = ridge_closed_form(X, y, lam)
    alpha = krr_fit(kernel_matrix(X, kind="linear"), y, lam)
    dual = krr_predict(kernel_matrix(X_new, X, kind="linear"), alpha)
    return LinearEquivalence(w=w, alpha=alpha, primal=X_new @ w, dual=dual)
