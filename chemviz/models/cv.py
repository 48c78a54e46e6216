"""The workshop's grid search: KRR train and CV errors over (kernel parameter, λ).

One factorisation of the training kernel per fold and kernel parameter (an
eigendecomposition, :mod:`chemviz.models.shifted`) serves every λ, so a
finer λ grid costs almost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chemviz.kernels import kernel_matrices
from chemviz.models.evaluation import standardize
from chemviz.models.linear import _check_lambda, _check_target
from chemviz.models.shifted import solve_shifted
from chemviz.slots import pause_point
from chemviz.splits import check_folds


@dataclass(frozen=True)
class KRRGridResult:
    """Train and cross-validation errors of KRR over a (kernel parameter, λ) grid.

    Every error array has shape (n_params, n_lambdas): row i is
    ``params[i]``, column j is ``lambdas[j]``. Errors are in the target's
    units, averaged over folds (the RMSE of each fold, then their mean).

    Attributes
    ----------
    params : list of dict
        Kernel parameters of each row, e.g. ``{"sigma": 3.0}``.
    lambdas : numpy.ndarray, shape (n_lambdas,)
    train_rmse, cv_rmse, train_mae, cv_mae : numpy.ndarray
        Mean over folds of the error on the training part and on the
        held-out part of each fold.
    train_rmse_std, cv_rmse_std : numpy.ndarray
        Standard deviation over folds (ddof = 0) of the RMSEs.
    folds : list of (numpy.ndarray, numpy.ndarray)
        The (train, held-out) row indices of every fold actually used.
    """

    params: list[dict]
    lambdas: np.ndarray
    train_rmse: np.ndarray
    cv_rmse: np.ndarray
    train_mae: np.ndarray
    cv_mae: np.ndarray
    train_rmse_std: np.ndarray
    cv_rmse_std: np.ndarray
    folds: list[tuple[np.ndarray, np.ndarray]]

    @property
    def best(self) -> tuple[int, int]:
        """(i, j) of the lowest CV RMSE: ``params[i]`` with ``lambdas[j]``."""
        i, j = np.unravel_index(np.nanargmin(self.cv_rmse), self.cv_rmse.shape)
        return int(i), int(j)


def _fold_predictions(K_train, K_test_train, y_train, lambdas):
    """Training and held-out predictions of one fold for every λ at once.

    One eigendecomposition of K_train serves the whole λ grid
    (:func:`~chemviz.models.shifted.solve_shifted`). The training
    predictions need no product with K: (K + λI) a = y gives K a = y − λa.
    Returns arrays of shape (n_train, n_lambdas) and (n_test, n_lambdas).
    """
    alphas = solve_shifted(K_train, y_train, lambdas)
    return y_train[:, None] - lambdas[None, :] * alphas, K_test_train @ alphas


def _fold_kernels(X, kind, params_grid, folds, scale_in_folds: bool):
    """(fold, setting, K_train, K_test_train) for every fold and kernel setting.

    Unscaled, the full kernel of each setting is built once and sliced into
    every fold. Scaled inside the folds, each fold standardises with its own
    training rows' means and SDs (the held-out rows must not shape the
    scaling) and so needs kernels of its own.
    """
    if not scale_in_folds:
        for p, K in enumerate(kernel_matrices(X, kind, params_grid)):
            for f, (train, test) in enumerate(folds):
                yield f, p, K[np.ix_(train, train)], K[np.ix_(test, train)]
        return
    for f, (train, test) in enumerate(folds):
        scaled = standardize(X[train], X[np.concatenate([train, test])])[1]
        n_train = len(train)
        for p, K in enumerate(kernel_matrices(scaled, kind, params_grid)):
            yield f, p, K[:n_train, :n_train], K[n_train:, :n_train]


def krr_cv_grid(
    X,
    y,
    kind,
    params_grid,
    lambdas,
    folds=5,
    seed: int = 0,
    per_sample: bool = False,
    scale_in_folds: bool = False,
) -> KRRGridResult:
    """Train and cross-validation error of KRR for every (kernel parameter, λ) pair.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features of the molecules (the training set: keep the test set out).
    y : array_like, shape (n,)
        Target without missing values.
    kind : str
        Kernel name, see :data:`chemviz.kernels.KERNELS`.
    params_grid : list of dict
        Kernel parameters to try, e.g. ``[{"sigma": s} for s in sigmas]``;
        ``[{}]`` for a kernel without parameters.
    lambdas : array_like, shape (n_lambdas,)
        λ values ≥ 0.
    folds : int or list of (train, test) index arrays
        k for shuffled k-fold (``KFold(k, shuffle=True, random_state=seed)``),
        or explicit folds (e.g. grouped by scaffold).
    seed : int
    per_sample : bool
        False: λ is the workshop's, a = (K + λI)⁻¹ y. True: λ is that of the
        per-sample objective (1/n)‖y − Ka‖² + λ aᵀKa, so each fold solves
        with n_train λ, n_train the size of its own training part.
    scale_in_folds : bool
        Standardise the columns of ``X`` inside each fold with that fold's
        training rows only (for real-valued features given unscaled).

    Returns
    -------
    KRRGridResult

    Notes
    -----
    The full n × n kernel is built once per parameter and sliced into every
    fold (Gaussian and Laplacian widths share one distance matrix); with
    ``scale_in_folds`` each fold builds its own, from its own scaling. Per
    fold, one eigendecomposition K_train = VΛVᵀ (cost ∝ n³) gives
    a = V (Λ + λI)⁻¹ Vᵀ y for every λ at O(n²) each, as one matrix
    (n_train × n_lambdas), so a finer λ grid costs almost nothing; the
    training predictions are K a = y − λa. Memory: n² float64 for the
    kernel; cap n (e.g. ~3,000) before calling. The numbers equal
    scikit-learn's ``KernelRidge(alpha=λ)`` fitted fold by fold
    (``alpha = n_train λ`` with ``per_sample``).
    """
    X = np.asarray(X)
    n = len(X)
    y = _check_target(y, n)
    lambdas = np.atleast_1d(np.asarray(lambdas, dtype=float))
    if lambdas.size == 0 or len(params_grid) == 0:
        raise ValueError("The grid is empty: give at least one kernel setting and one λ.")
    for lam in lambdas:
        _check_lambda(lam)
    folds = check_folds(folds, n, seed)

    shape = (len(folds), len(params_grid), len(lambdas))
    rmse = {"train": np.empty(shape), "cv": np.empty(shape)}
    mae = {"train": np.empty(shape), "cv": np.empty(shape)}
    for f, p, K_train, K_test_train in _fold_kernels(X, kind, params_grid, folds, scale_in_folds):
        pause_point()  # a student's move may go first (chemviz.slots)
        train, test = folds[f]
        fold_lambdas = lambdas * len(train) if per_sample else lambdas
        fitted, predicted = _fold_predictions(K_train, K_test_train, y[train], fold_lambdas)
        for part, y_hat, y_true in (("train", fitted, y[train]), ("cv", predicted, y[test])):
            residual = y_hat - y_true[:, None]
            rmse[part][f, p] = np.sqrt(np.mean(residual**2, axis=0))
            mae[part][f, p] = np.mean(np.abs(residual), axis=0)
    return KRRGridResult(
        params=[dict(p) for p in params_grid],
        lambdas=lambdas,
        train_rmse=rmse["train"].mean(axis=0),
        cv_rmse=rmse["cv"].mean(axis=0),
        train_mae=mae["train"].mean(axis=0),
        cv_mae=mae["cv"].mean(axis=0),
        train_rmse_std=rmse["train"].std(axis=0),
        cv_rmse_std=rmse["cv"].std(axis=0),
        folds=folds,
    )
