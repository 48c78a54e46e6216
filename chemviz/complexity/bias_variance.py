"""Bias², variance and noise of polynomial fits to the toy, over resampled training sets.

Redraw the training set many times, fit each, and look at the fits at every
x: how far their *average* is from the truth (bias²), how much they scatter
around that average (variance), plus the noise σ² no model removes. The
excess risk also splits the workshop's way, into approximation error (the
best polynomial of that degree, f†, is still not sin) and estimation error
(too few data to find f†). All R fits of a degree are solved in one call.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chemviz.complexity.toy_risk import dense_grid
from chemviz.toy import (
    check_degree,
    check_lambda,
    legendre_features,
    sine_data,
    solve_ridge,
    true_function,
)


@dataclass(frozen=True, eq=False)
class BiasVarianceResult:
    """Bias², variance and noise of polynomial fits over resampled training sets.

    All errors are mean squared errors (units of y squared), one entry per
    degree; with a single degree the arrays have length 1.

    Attributes
    ----------
    degrees : ndarray of int, shape (k,)
    lam : float
    n, noise, n_repeats : int, float, int
        Training-set size, σ, and number of resampled training sets R.
    design : str
        ``"fixed"`` (same x, fresh noise) or ``"random"`` (fresh x too).
    bias2 : ndarray of shape (k,)
        ∫ (f̄ − f*)² dx, f̄ the average fit over the R training sets.
    variance : ndarray of shape (k,)
        ∫ mean over sets of (f̂ − f̄)² dx.
    noise2 : float
        σ², the error no model can remove.
    total : ndarray of shape (k,)
        bias2 + variance + noise2, the decomposition's expected test MSE.
    expected_mse, expected_mse_se : ndarray of shape (k,)
        Monte-Carlo expected test MSE (each fit scored on fresh points with
        fresh noise) and its standard error; ``total`` agrees within sampling error.
    approximation, estimation : ndarray of shape (k,)
        Excess risk split the workshop's way: ∫(f† − f*)² for the best
        polynomial f† of that degree, and the rest, bias2 + variance − approximation.
    grid : ndarray of shape (g,)
    truth : ndarray of shape (g,)
        f* on the grid.
    mean_fit : ndarray of shape (k, g)
        f̄ on the grid, per degree.
    fits : ndarray of float32, shape (k, n_shown, g)
        The first resampled fits on the grid, per degree, for faint lines
        (single precision: they are only drawn).
    """

    degrees: np.ndarray
    lam: float
    n: int
    noise: float
    n_repeats: int
    design: str
    bias2: np.ndarray
    variance: np.ndarray
    noise2: float
    total: np.ndarray
    expected_mse: np.ndarray
    expected_mse_se: np.ndarray
    approximation: np.ndarray
    estimation: np.ndarray
    grid: np.ndarray
    truth: np.ndarray
    mean_fit: np.ndarray
    fits: np.ndarray

    def fits_at(self, degree: int) -> np.ndarray:
        """The resampled fits of one degree, shape (n_shown, g)."""
        matches = np.flatnonzero(self.degrees == degree)
        if len(matches) == 0:
            raise ValueError(f"Degree {degree} was not analysed; the degrees are {self.degrees}.")
        return self.fits[matches[0]]


def bias_variance_sweep(
    n: int = 8,
    noise: float = 0.2,
    degrees=range(10),
    lam: float = 0.0,
    n_repeats: int = 200,
    seed: int = 0,
    n_grid: int = 500,
    n_test: int = 50,
    n_shown: int = 20,
    design: str = "fixed",
) -> BiasVarianceResult:
    """Decompose the expected test error of degree-d fits into bias², variance and noise.

    Parameters
    ----------
    n, noise : int, float
        Size and σ of every training set.
    degrees : sequence of int
        Degrees to analyse; every degree sees the same R training sets.
    lam : float
        Ridge penalty λ ≥ 0.
    n_repeats : int
        R, the number of training sets drawn (≥ 2).
    seed : int
        With ``design="fixed"`` the positions are those of
        ``sine_data(n, noise, seed)``, the data set on the page.
    n_grid : int
        Grid points over [0, 1] for the integrals and the plotted fits.
    n_test : int
        Fresh test points per training set for the Monte-Carlo check.
    n_shown : int
        How many resampled fits to return for drawing.
    design : {"fixed", "random"}
        ``"fixed"``: every training set has the same positions x and fresh
        noise; ``"random"``: fresh positions too.

    Returns
    -------
    BiasVarianceResult

    Notes
    -----
    For a new x, the expected squared error over training sets and noise
    splits exactly into 𝔼(f̂ − y)² = (f̄ − f*)² + 𝔼(f̂ − f̄)² + σ². Simple
    models have a large bias (even the average fit misses the wiggles of sin);
    complex ones have a large variance (each training set gives a very
    different curve). Regularisation trades a little bias for less variance.

    Why a fixed design by default: with random positions, two of 8 points
    sometimes land almost on top of each other, and a high-degree polynomial
    through them shoots off to ±10⁶. Such rare disasters dominate the average
    (for high degrees the variance is, in theory, infinite), which hides the
    smooth trade-off the panel is meant to show. Fixing x and redrawing the
    noise is the textbook "fixed-design" decomposition; the test error is
    still measured at new positions. With a fixed design all R fits share one
    design matrix, so each degree costs a single SVD.
    """
    degrees = np.array([check_degree(d) for d in degrees])
    lam = check_lambda(lam)
    _check_design(n, n_repeats, design)
    x, y, x_test, y_test = _draw_sets(n, noise, n_repeats, n_test, seed, design)
    grid = dense_grid(n_grid)
    truth = true_function(grid)
    # The Legendre basis is nested: degree d uses the first d + 1 columns of the
    # highest degree's features, so each design matrix is built only once.
    top = int(degrees.max())
    phi, phi_test, phi_grid = (legendre_features(v, top) for v in (x, x_test, grid))
    per_degree = [
        _one_degree(d + 1, phi, y, phi_test, y_test, phi_grid, truth, lam, n_shown) for d in degrees
    ]
    out = {k: [row[k] for row in per_degree] for k in per_degree[0]}
    bias2, variance = np.array(out["bias2"]), np.array(out["variance"])
    approximation = np.array(out["approx"])
    return BiasVarianceResult(
        degrees=degrees,
        lam=lam,
        n=int(n),
        noise=float(noise),
        n_repeats=int(n_repeats),
        design=design,
        bias2=bias2,
        variance=variance,
        noise2=float(noise) ** 2,
        total=bias2 + variance + float(noise) ** 2,
        expected_mse=np.array(out["mse"]),
        expected_mse_se=np.array(out["se"]),
        approximation=approximation,
        estimation=bias2 + variance - approximation,
        grid=grid,
        truth=truth,
        mean_fit=np.array(out["mean_fit"]),
        # Drawn as faint lines only: single precision halves what a cached sweep holds.
        fits=np.array(out["shown"], dtype=np.float32),
    )


def bias_variance(
    n: int = 8,
    noise: float = 0.2,
    degree: int = 3,
    lam: float = 0.0,
    n_repeats: int = 200,
    seed: int = 0,
    **options,
) -> BiasVarianceResult:
    """:func:`bias_variance_sweep` for one degree (every per-degree array has length 1)."""
    return bias_variance_sweep(n, noise, [degree], lam, n_repeats, seed, **options)


def _check_design(n: int, n_repeats: int, design: str) -> None:
    """ValueError for too few points or data sets, or an unknown design."""
    if int(n) != n or n < 1:
        raise ValueError(f"The number of points must be a whole number of at least 1, not {n}.")
    if int(n_repeats) != n_repeats or n_repeats < 2:
        raise ValueError(f"Bias and variance need at least 2 resampled data sets, not {n_repeats}.")
    if design not in ("fixed", "random"):
        raise ValueError(f"The design must be 'fixed' or 'random', not '{design}'.")


def _draw_sets(n: int, noise: float, n_repeats: int, n_test: int, seed: int, design: str):
    """R training sets and R test sets: (x, y, x_test, y_test).

    x has shape (n,) for the fixed design (one set of positions for all R sets)
    and (R, n) for the random one; y (R, n); x_test and y_test (R, n_test).
    """
    # Spawned streams, distinct from those of sine_data(n, noise, seed).
    train_stream, test_stream = np.random.SeedSequence([seed, 1]).spawn(2)
    rng_train, rng_test = np.random.default_rng(train_stream), np.random.default_rng(test_stream)
    if design == "fixed":
        x = sine_data(n, noise, seed)[0]  # shape (n,): one design shared by all R sets
    else:
        x = rng_train.uniform(0, 1, (n_repeats, n))  # shape (R, n)
    y = true_function(x) + rng_train.normal(0, noise, (n_repeats, n))
    x_test = rng_test.uniform(0, 1, (n_repeats, n_test))
    y_test = true_function(x_test) + rng_test.normal(0, noise, (n_repeats, n_test))
    return x, y, x_test, y_test


def _one_degree(p, phi, y, phi_test, y_test, phi_grid, truth, lam, n_shown) -> dict:
    """Bias², variance, test error and approximation error of the R fits with p coefficients.

    Integrals over [0, 1] are means over the grid; ``phi*`` hold the Legendre
    features of the highest degree, of which the first p columns are used.
    """
    coef, _ = solve_ridge(phi[..., :p], y, lam)  # (R, p): all R fits in one call
    fits = coef @ phi_grid[:, :p].T  # (R, g)
    mean_fit = fits.mean(axis=0)
    predicted = (phi_test[..., :p] @ coef[:, :, None])[..., 0]  # (R, n_test)
    per_set = ((predicted - y_test) ** 2).mean(axis=1)  # independent across sets
    best, _ = solve_ridge(phi_grid[:, :p], truth, 0.0)  # f†, the best polynomial
    return {
        "mean_fit": mean_fit,
        "shown": fits[:n_shown],
        "bias2": np.mean((mean_fit - truth) ** 2),
        "variance": np.mean(fits.var(axis=0)),
        "mse": per_set.mean(),
        "se": per_set.std(ddof=1) / np.sqrt(len(per_set)),
        "approx": np.mean((phi_grid[:, :p] @ best - truth) ** 2),
    }
