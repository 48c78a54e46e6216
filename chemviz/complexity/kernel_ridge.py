"""Kernel ridge and ridge for the complexity curves: the fast path and a fittable model.

The Model complexity page prints the regularised loss of the workshop's
first section, L′ = (1/n)‖y − f(x, W)‖² + λ‖W‖², and its λ slider means that
λ, for the 1D polynomials and for molecules alike. Minimising L′ gives
w = (XᵀX + nλI)⁻¹Xᵀy: the workshop's second section (the Kernels page)
writes the same solution without the 1/n, as (λI + XᵀX)⁻¹Xᵀy, so its λ is n
times this one. Every fit here therefore solves with n·λ, n the number of
molecules it is trained on (each CV fold its own).

Curves over λ or a kernel parameter come from :func:`chemviz.models.krr_cv_grid`
(``per_sample=True``), which shares one factorisation of K per fold among
all λ. Ridge regression is the same computation with the linear kernel on
[1, X]: a column of ones gives the intercept, penalised like every other
weight, exactly as on the workshop's slide (so scikit-learn's equivalent is
``Ridge(alpha=n·λ, fit_intercept=False)`` on [1, X]). A penalised intercept
means a very large λ shrinks predictions towards 0, not towards the mean of y.

The two scikit-learn-style estimators below fit the single model at the
slider's current value (for the parity plot); they call the same
:mod:`chemviz.models` and :mod:`chemviz.kernels` functions.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin

from chemviz.kernels import KERNELS, kernel_matrix
from chemviz.models import krr_cv_grid, krr_fit, krr_predict, ridge_closed_form
from chemviz.models.shifted import solve_shifted
from chemviz.slots import pause_point


def with_intercept(X: np.ndarray) -> np.ndarray:
    """[1, X]: X with a leading column of ones, shape (n, d + 1)."""
    return np.hstack([np.ones((len(X), 1)), X])


def kernel_settings(params: dict) -> tuple[str, dict]:
    """The kernel name and the parameters that kernel takes, from a family's settings."""
    kind = params["kernel"]
    if kind not in KERNELS:
        raise ValueError(f"Unknown kernel '{kind}'; choose one of: {', '.join(KERNELS)}.")
    return kind, {p.name: params[p.name] for p in KERNELS[kind].params}


def fast_grid(
    model: str, params: dict, param, values, lambdas, X, y, splits, progress=None
) -> dict:
    """Mean and standard deviation over folds of train and CV RMSE on a (value, λ) grid.

    Parameters
    ----------
    model : {"ridge", "krr"}
    params : dict
        All settings of the family (kernel, its parameters, lam).
    param : str or None
        The kernel parameter on the rows (e.g. ``"sigma"``), or None for a
        single row at the kernel parameters in ``params`` (always for ridge).
    values : array-like of shape (k,) or None
        Values of ``param``.
    lambdas : array-like of shape (m,)
    X, y : ndarray
    splits : list of (train_idx, test_idx)
    progress : callable, optional

    Returns
    -------
    dict with ``train_mean``, ``train_std``, ``cv_mean``, ``cv_std``, arrays of shape (k, m).
    """
    if model == "ridge":
        X, kind, kernel_params = with_intercept(X), "linear", {}
    else:
        kind, kernel_params = kernel_settings(params)
    if param is None:
        grid = [kernel_params]
    elif param not in kernel_params:
        raise ValueError(f"The {kind} kernel has no parameter {param}; vary λ instead.")
    else:
        grid = [{**kernel_params, param: value} for value in values]
    rows = []
    # One call per kernel setting (each needs its own kernel matrix anyway), so
    # the page's progress bar can move; each call serves every λ at once.
    for i, kernel_point in enumerate(grid):
        rows.append(krr_cv_grid(X, y, kind, [kernel_point], lambdas, folds=splits, per_sample=True))
        if progress is not None:
            progress((i + 1) / len(grid))
    stats = {
        "train_mean": "train_rmse",
        "train_std": "train_rmse_std",
        "cv_mean": "cv_rmse",
        "cv_std": "cv_rmse_std",
    }
    return {key: np.vstack([getattr(r, name) for r in rows]) for key, name in stats.items()}


def fast_summaries(model: str, params: dict, param, values, X, y, splits, progress=None) -> dict:
    """One row or column of :func:`fast_grid`: statistics of shape (k,) along ``param``.

    ``param`` is ``"lam"``, a kernel parameter, or None for the single model
    ``params`` (then the arrays have length 1).
    """
    if param is None or param == "lam":
        lambdas = [params["lam"]] if param is None else values
        stats = fast_grid(model, params, None, None, lambdas, X, y, splits, progress)
        return {key: value[0] for key, value in stats.items()}
    stats = fast_grid(model, params, param, values, [params["lam"]], X, y, splits, progress)
    return {key: value[:, 0] for key, value in stats.items()}


def fast_predictions(model: str, params: dict, param: str, values, X, y, splits):
    """In-sample and out-of-fold predictions of ridge or KRR at every value of one knob.

    Parameters
    ----------
    model : {"ridge", "krr"}
    params : dict
        All settings of the family.
    param : str
        ``"lam"`` or a kernel parameter (e.g. ``"sigma"``).
    values : array-like of shape (k,)
    X, y : ndarray of shape (n, d) and (n,)
    splits : list of (train_idx, test_idx)

    Returns
    -------
    fitted, cross_validated : ndarray of shape (k, n)
        Row i: each molecule predicted by the model trained on all molecules,
        and by the model of the fold that held it out, at ``values[i]``.

    Notes
    -----
    As in :func:`chemviz.models.krr_cv_grid`: one eigendecomposition per
    fold (and one of the whole K) serves every λ; the in-sample predictions
    are K a = y − nλ a. A kernel parameter needs a kernel per value.
    """
    if model == "ridge":
        X, kind, kernel_params = with_intercept(X), "linear", {}
    else:
        kind, kernel_params = kernel_settings(params)
    values = np.asarray(values, dtype=float)
    if param == "lam":
        settings = [(kernel_params, values)]
    else:
        settings = [({**kernel_params, param: v}, np.array([params["lam"]])) for v in values]
    fitted, held_out = [], []
    for point, lambdas in settings:
        K = kernel_matrix(X, kind=kind, **point)
        cv = np.empty((len(lambdas), len(y)))
        for train, test in splits:
            pause_point()  # a student's move may go first (chemviz.slots)
            alphas = solve_shifted(K[np.ix_(train, train)], y[train], lambdas * len(train))
            cv[:, test] = (K[np.ix_(test, train)] @ alphas).T
        alphas = solve_shifted(K, y, lambdas * len(y))
        fitted.append((y[:, None] - lambdas[None, :] * len(y) * alphas).T)
        held_out.append(cv)
    return np.vstack(fitted), np.vstack(held_out)


class KernelRidgeModel(RegressorMixin, BaseEstimator):
    """Kernel ridge regression ŷ(x*) = Σᵢ aᵢ k(x*, xᵢ), a = (K + nλI)⁻¹ y.

    Parameters
    ----------
    kernel : str
        A key of :data:`chemviz.kernels.KERNELS`.
    lam : float
        λ ≥ 0 of (1/n)‖y − Ka‖² + λ aᵀKa, n the number of training molecules
        (scikit-learn's ``KernelRidge(alpha=n·λ)``).
    kernel_params : dict, optional
        The kernel's parameters (e.g. ``{"sigma": 3.0}``).
    """

    def __init__(self, kernel: str = "gaussian", lam: float = 1e-3, kernel_params=None):
        self.kernel = kernel
        self.lam = lam
        self.kernel_params = kernel_params

    def fit(self, X, y):
        self.X_train_ = np.asarray(X, dtype=float)
        K = kernel_matrix(self.X_train_, kind=self.kernel, **(self.kernel_params or {}))
        self.alpha_ = krr_fit(K, y, len(self.X_train_) * self.lam)
        return self

    def predict(self, X):
        K_new = kernel_matrix(X, self.X_train_, kind=self.kernel, **(self.kernel_params or {}))
        return krr_predict(K_new, self.alpha_)


class RidgeModel(RegressorMixin, BaseEstimator):
    """Ridge regression with a penalised intercept column, as on the slide.

    Parameters
    ----------
    lam : float
        λ ≥ 0 of (1/n)‖y − Xw‖² + λ‖w‖², X with a leading column of ones:
        w = (XᵀX + nλI)⁻¹Xᵀy, n the number of training molecules.

    Notes
    -----
    With more columns than molecules (2,049 for Morgan bits and the ones
    column, against a few hundred molecules) the weights are computed in the
    dual form of the workshop's linear-kernel slide, w = Xᵀa with
    a = (XXᵀ + nλI)⁻¹y: the same w for any λ > 0, from an n × n system instead
    of a d × d one (on FreeSolv's folds about 30 times less arithmetic). It is
    also exactly what the validation curve computes, with the linear kernel.
    """

    def __init__(self, lam: float = 1.0):
        self.lam = lam

    def fit(self, X, y):
        X1 = with_intercept(np.asarray(X, dtype=float))
        penalty = len(X1) * self.lam  # the 1/n of the page's loss, moved onto λ
        if X1.shape[1] > X1.shape[0] and penalty > 0:  # λ = 0: the primal explains the failure
            self.coef_ = X1.T @ krr_fit(kernel_matrix(X1, kind="linear"), y, penalty)
        else:
            self.coef_ = ridge_closed_form(X1, y, penalty)
        return self

    def predict(self, X):
        return with_intercept(np.asarray(X, dtype=float)) @ self.coef_


def build_krr(params: dict, seed: int) -> KernelRidgeModel:
    """The registry's factory for the ``krr`` family (``seed`` unused: KRR is deterministic)."""
    kind, kernel_params = kernel_settings(params)
    return KernelRidgeModel(kernel=kind, lam=params["lam"], kernel_params=kernel_params)


def build_ridge(params: dict, seed: int) -> RidgeModel:
    """The registry's factory for the ``ridge`` family."""
    return RidgeModel(lam=params["lam"])
