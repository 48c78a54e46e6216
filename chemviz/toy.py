"""The 1D teaching problem: noisy samples of sin(2πx) fitted with polynomials.

This is the running example of the workshop's first section. The truth
f*(x) = sin(2πx) is known, so every error that is normally hidden (the true
risk, the approximation and estimation parts, bias and variance) can be
computed exactly and shown next to the training and cross-validation errors a
real study would see. The truth is not a polynomial: f* is *not* in the model
family, so even a perfect fit of the right degree leaves an approximation error.

The polynomial model is ridge regression on Legendre polynomials of
t = 2(x − a)/(b − a) − 1 (the domain [a, b] = [0, 1] mapped to [−1, 1]):

    ŷ(x) = Σₖ wₖ Pₖ(t),   minimise (1/n) Σᵢ (yᵢ − ŷ(xᵢ))² + λ Σ_{k≥1} wₖ²

Legendre polynomials span exactly the same functions as 1, t, t², … (so a
degree-d fit is the same curve in either basis when λ = 0), but unlike plain
powers they stay well conditioned up to degree 20, and their coefficients are
comparable in size, so one λ penalises all of them fairly. The intercept w₀
is not penalised: shrinking the model should flatten it towards the mean of
y, not pull it towards zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.polynomial import legendre
from sklearn.base import BaseEstimator, RegressorMixin

MAX_DEGREE = 20
"""Highest polynomial degree accepted (the page's slider stops at 15)."""

DOMAIN = (0.0, 1.0)
"""The x range of the toy data; it is mapped onto [−1, 1] for the basis."""


def true_function(x) -> np.ndarray:
    """The truth f*(x) = 𝔼[y | x] = sin(2πx), elementwise; x of any shape."""
    return np.sin(2 * np.pi * np.asarray(x, dtype=float))


def sine_data(n: int, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Draw n noisy measurements of sin(2πx).

    Parameters
    ----------
    n : int
        Number of points, at least 1 (the workshop starts with 8).
    noise : float
        Standard deviation σ of the Gaussian noise on y (the workshop: 0.2).
    seed : int
        Random seed; the same seed always gives the same data.

    Returns
    -------
    x : ndarray of shape (n,)
        Positions drawn uniformly on [0, 1], sorted in increasing order.
    y : ndarray of shape (n,)
        y = sin(2πx) + ε with ε ~ N(0, σ²), independent for each point.

    Notes
    -----
    The positions and the noise come from two separate random streams, so
    with a fixed seed the points for n are a subset of the points for any
    larger n: dragging an "add more data" slider adds points and never moves
    the ones already on screen. Sorting does not change the distribution; it
    only makes tables and line plots read left to right.
    """
    if int(n) != n or n < 1:
        raise ValueError(f"The number of points must be a whole number of at least 1, not {n}.")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"The noise level σ must be zero or positive, not {noise}.")
    position_stream, noise_stream = np.random.SeedSequence(seed).spawn(2)
    x = np.random.default_rng(position_stream).uniform(0.0, 1.0, int(n))
    eps = np.random.default_rng(noise_stream).normal(0.0, noise, int(n))
    order = np.argsort(x)
    return x[order], true_function(x[order]) + eps[order]


@dataclass(frozen=True)
class PolynomialFit:
    """A fitted polynomial in the Legendre basis.

    Attributes
    ----------
    coef : ndarray of shape (degree + 1,)
        Legendre coefficients w₀ … w_d (w₀ is the unpenalised intercept).
    degree : int
    lam : float
        The ridge penalty λ used.
    domain : tuple of float
        The x interval mapped onto [−1, 1].
    underdetermined : bool
        True when λ = 0 and the data cannot pin down every coefficient
        (degree ≥ number of distinct x values). ``coef`` is then the
        minimum-norm exact fit, one of infinitely many; see :attr:`message`.
    """

    coef: np.ndarray
    degree: int
    lam: float
    domain: tuple[float, float]
    underdetermined: bool

    @property
    def message(self) -> str:
        """A sentence for the page explaining an underdetermined fit ('' otherwise)."""
        if not self.underdetermined:
            return ""
        return (
            f"Degree {self.degree} has {self.degree + 1} coefficients, more than the data "
            "can determine, so with λ = 0 there are infinitely many exact fits. Shown is the "
            "one with the smallest coefficients (the limit of ridge as λ → 0); raise λ above "
            "0 or add data to make the answer unique."
        )


def legendre_features(x, degree: int, domain=DOMAIN) -> np.ndarray:
    """The design matrix Φ with Φ[..., k] = Pₖ(t), t = x mapped from domain to [−1, 1].

    x may have any shape; the result has shape x.shape + (degree + 1,).
    """
    a, b = domain
    t = 2.0 * (np.asarray(x, dtype=float) - a) / (b - a) - 1.0
    return legendre.legvander(t, degree)


def solve_ridge(phi: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """Ridge regression with an unpenalised first column, for a stack of problems.

    Parameters
    ----------
    phi : ndarray of shape (..., n, p)
        Design matrices whose column 0 is all ones (the intercept).
    y : ndarray of shape (..., n)
        Targets.
    lam : float
        λ ≥ 0 in (1/n)‖y − Φw‖² + λ‖w₁…w_{p−1}‖².

    Returns
    -------
    coef : ndarray of shape (..., p)
    rank : ndarray of int, shape (...)
        Numerical rank of the centred non-intercept columns; below p − 1 means
        the λ = 0 problem has many solutions.

    Notes
    -----
    Centring the columns and y removes the intercept from the problem; the
    rest is solved through the singular value decomposition Z = U S Vᵀ:
    w = V diag(s / (s² + nλ)) Uᵀ y_c. At λ = 0 the factor is 1/s for non-zero
    s and 0 otherwise, which is the minimum-norm least-squares solution, and
    also the limit of the ridge solution as λ → 0. Every problem of the stack
    is solved in one batched SVD, which is what makes 200 resampled fits cheap.
    """
    n = phi.shape[-2]
    y_mean = y.mean(axis=-1)
    if phi.shape[-1] == 1:  # degree 0: the best constant is the mean
        return y_mean[..., None], np.zeros(y_mean.shape, dtype=int)
    col_mean = phi[..., :, 1:].mean(axis=-2, keepdims=True)
    z = phi[..., :, 1:] - col_mean
    u, s, vt = np.linalg.svd(z, full_matrices=False)
    tol = s[..., :1] * max(z.shape[-2:]) * np.finfo(float).eps
    nonzero = s > tol
    s_safe = np.where(nonzero, s, 1.0)
    factor = np.where(nonzero, s_safe / (s_safe**2 + n * lam), 0.0)
    uty = np.einsum("...nk,...n->...k", u, y - y_mean[..., None])
    w = np.einsum("...kj,...k->...j", vt, factor * uty)
    w0 = y_mean - np.einsum("...j,...j->...", col_mean[..., 0, :], w)
    return np.concatenate([w0[..., None], w], axis=-1), nonzero.sum(axis=-1)


def check_degree(degree) -> int:
    """Return degree as an int, or raise ValueError if it is outside 0 … MAX_DEGREE."""
    if int(degree) != degree or not 0 <= degree <= MAX_DEGREE:
        raise ValueError(f"The polynomial degree must be a whole number from 0 to {MAX_DEGREE}.")
    return int(degree)


def check_lambda(lam) -> float:
    """Return λ as a float, or raise ValueError if it is negative or not finite."""
    if not np.isfinite(lam) or lam < 0:
        raise ValueError(f"The ridge penalty λ must be zero or positive, not {lam}.")
    return float(lam)


def fit_polynomial(x, y, degree: int, lam: float = 0.0, domain=DOMAIN) -> PolynomialFit:
    """Fit a degree-d polynomial by (ridge) least squares.

    Parameters
    ----------
    x, y : array-like of shape (n,)
        The data; y without NaN.
    degree : int
        0 … :data:`MAX_DEGREE`.
    lam : float
        Ridge penalty λ ≥ 0 on the non-constant Legendre coefficients.
    domain : tuple of float
        Interval of x mapped onto [−1, 1]; (0, 1) for the toy data.

    Returns
    -------
    PolynomialFit
        Coefficients plus the ``underdetermined`` flag; degree ≥ n with λ = 0
        is not an error but the minimum-norm exact fit, explained by
        :attr:`PolynomialFit.message`.

    Notes
    -----
    Raising the degree can only lower the training error when λ = 0: the
    degree-d polynomials contain the degree-(d − 1) ones, so the minimiser
    over the larger family is at least as good on the training points.
    """
    degree, lam = check_degree(degree), check_lambda(lam)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or len(x) == 0:
        raise ValueError("x and y must be 1D arrays of the same, non-zero length.")
    n_missing = int(np.isnan(y).sum())
    if n_missing:
        raise ValueError(f"y has {n_missing} missing (NaN) values; drop those points first.")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("x and y must be finite numbers (no infinities or NaN).")
    coef, rank = solve_ridge(legendre_features(x, degree, domain), y, lam)
    return PolynomialFit(
        coef=coef,
        degree=degree,
        lam=lam,
        domain=(float(domain[0]), float(domain[1])),
        underdetermined=bool(lam == 0 and rank < degree),
    )


def predict_polynomial(coefs, x) -> np.ndarray:
    """Evaluate a fitted polynomial at x (any shape).

    ``coefs`` is a :class:`PolynomialFit` or a plain array of Legendre
    coefficients on the default domain [0, 1].
    """
    if isinstance(coefs, PolynomialFit):
        coef, domain = coefs.coef, coefs.domain
    else:
        coef, domain = np.asarray(coefs, dtype=float), DOMAIN
    return legendre_features(x, len(coef) - 1, domain) @ coef


class PolynomialRegression(RegressorMixin, BaseEstimator):
    """scikit-learn wrapper around :func:`fit_polynomial` for one-column X.

    The domain is the training range of x, so any 1D feature (not just the
    toy's [0, 1]) gets a well-conditioned basis.

    Parameters
    ----------
    degree : int
    lam : float
        Ridge penalty λ, as in :func:`fit_polynomial`.
    """

    def __init__(self, degree: int = 3, lam: float = 0.0):
        self.degree = degree
        self.lam = lam

    def fit(self, X, y):
        x = self._column(X)
        low, high = float(x.min()), float(x.max())
        domain = (low, high) if high > low else (low - 0.5, low + 0.5)
        self.fit_ = fit_polynomial(x, y, self.degree, self.lam, domain)
        return self

    def predict(self, X):
        return predict_polynomial(self.fit_, self._column(X))

    @staticmethod
    def _column(X) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        if X.ndim == 2 and X.shape[1] == 1:
            return X[:, 0]
        if X.ndim == 1:
            return X
        raise ValueError(
            f"The polynomial model works on one feature (1D data); this X has {X.shape[-1]} "
            "columns. Pick another model family for molecules."
        )
