"""The hidden errors of the 1D story, computable because the truth is known.

With real data we only ever see training and CV errors. For the toy problem
y = sin(2πx) + ε we also know f*(x) = sin(2πx) and σ, so we can compute what
CV tries to estimate:

- the excess risk E(f̂) − E(f*) = ∫₀¹ (f̂(x) − f*(x))² dx of one fit (x is
  uniform on [0, 1], so the integral is the average over a fine grid);
- the expected test error on fresh noisy data, E(f̂) = excess + σ²: no model
  can beat the noise floor σ², so this, not the excess, is what CV estimates.

Bias and variance over many resampled data sets are in
:mod:`chemviz.complexity.bias_variance`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chemviz.complexity.curves import CurveResult
from chemviz.complexity.folds import make_folds
from chemviz.toy import (
    check_degree,
    check_lambda,
    legendre_features,
    sine_data,
    solve_ridge,
    true_function,
)


@dataclass(frozen=True, eq=False)
class ToyCurveResult(CurveResult):
    """A :class:`CurveResult` for the toy problem, with the errors only a known truth gives.

    Here ``train_mean`` is the training RMSE of the fit on all n points (the
    curve drawn on the page) and ``train_std`` is zero; ``cv_mean`` and
    ``cv_std`` are over folds as usual.

    Attributes
    ----------
    excess_rmse : ndarray of shape (k,)
        √∫(f̂ − f*)² dx for the fit on all n points: distance from the truth.
    test_rmse : ndarray of shape (k,)
        √(excess² + σ²): the expected RMSE on fresh noisy data (the "true
        error", directly comparable with the CV error).
    noise : float
        σ, the noise floor of ``test_rmse``.
    underdetermined : ndarray of bool, shape (k,)
        Fits with λ = 0 and more coefficients than the data determine.
    """

    excess_rmse: np.ndarray | None = None
    test_rmse: np.ndarray | None = None
    noise: float = 0.0
    underdetermined: np.ndarray | None = None


def dense_grid(n_points: int = 1000) -> np.ndarray:
    """Midpoints of n_points equal cells of [0, 1]: averaging over them integrates over x."""
    return (np.arange(n_points) + 0.5) / n_points


def rmse(predicted: np.ndarray, observed: np.ndarray) -> float:
    """Root mean squared error √(mean((ŷ − y)²)), in the units of y."""
    return float(np.sqrt(np.mean((predicted - observed) ** 2)))


def _toy_curve(n, noise, seed, settings, folds, n_test_grid, param) -> ToyCurveResult:
    """Fit every (degree, λ) in settings on all data and on each fold."""
    x, y = sine_data(n, noise, seed)
    splits = make_folds(len(x), folds, seed)
    grid = dense_grid(n_test_grid)
    truth = true_function(grid)
    # The Legendre basis is nested: degree d uses the first d + 1 columns of
    # the highest degree's features, so each design matrix is built once.
    top = max(degree for degree, _ in settings)
    phi, phi_grid = legendre_features(x, top), legendre_features(grid, top)
    rows = {key: [] for key in ("train", "cv_mean", "cv_std", "excess", "under")}
    for degree, lam in settings:
        p = degree + 1
        coef, rank = solve_ridge(phi[:, :p], y, lam)
        rows["train"].append(rmse(phi[:, :p] @ coef, y))
        rows["excess"].append(rmse(phi_grid[:, :p] @ coef, truth))
        rows["under"].append(lam == 0 and rank < degree)
        fold_rmse = []
        for train, test in splits:
            fold_coef, _ = solve_ridge(phi[train, :p], y[train], lam)
            fold_rmse.append(rmse(phi[test, :p] @ fold_coef, y[test]))
        rows["cv_mean"].append(np.mean(fold_rmse))
        rows["cv_std"].append(np.std(fold_rmse))
    excess = np.array(rows["excess"])
    values = [d for d, _ in settings] if param == "degree" else [lam for _, lam in settings]
    return ToyCurveResult(
        model="polynomial",
        param=param,
        values=np.asarray(values, dtype=float),
        train_mean=np.array(rows["train"]),
        train_std=np.zeros(len(settings)),
        cv_mean=np.array(rows["cv_mean"]),
        cv_std=np.array(rows["cv_std"]),
        fixed={"lam": settings[0][1]} if param == "degree" else {"degree": settings[0][0]},
        folds=len(splits),
        split="random",
        excess_rmse=excess,
        test_rmse=np.sqrt(excess**2 + noise**2),
        noise=float(noise),
        underdetermined=np.array(rows["under"]),
    )


def toy_curves(
    n: int = 8,
    noise: float = 0.2,
    seed: int = 0,
    degrees=range(16),
    lam: float = 0.0,
    folds: int = 5,
    n_test_grid: int = 1000,
) -> ToyCurveResult:
    """Training, CV and true error of polynomial fits to :func:`chemviz.toy.sine_data`, per degree.

    Parameters
    ----------
    n, noise, seed
        The data set, as in :func:`chemviz.toy.sine_data`.
    degrees : sequence of int
        Degrees to fit (0 … 20).
    lam : float
        Ridge penalty λ ≥ 0 held fixed.
    folds : int
        k for the CV error (at most n; ``folds=n`` is leave-one-out).
    n_test_grid : int
        Points of the grid the true error is averaged over.

    Returns
    -------
    ToyCurveResult
        ``values`` are the degrees; ``test_rmse`` is the true error.
    """
    settings = [(check_degree(d), check_lambda(lam)) for d in degrees]
    return _toy_curve(n, noise, seed, settings, folds, n_test_grid, "degree")


def toy_lambda_curves(
    n: int = 8,
    noise: float = 0.2,
    seed: int = 0,
    degree: int = 9,
    lambdas=None,
    folds: int = 5,
    n_test_grid: int = 1000,
) -> ToyCurveResult:
    """As :func:`toy_curves` but against λ at a fixed degree (default λ: 10⁻⁸ … 10, log-spaced)."""
    if lambdas is None:
        lambdas = np.geomspace(1e-8, 10.0, 28)
    settings = [(check_degree(degree), check_lambda(lam)) for lam in lambdas]
    return _toy_curve(n, noise, seed, settings, folds, n_test_grid, "lam")
