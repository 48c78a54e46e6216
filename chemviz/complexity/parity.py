"""The model at the slider's current setting: its in-sample and out-of-fold predictions.

The validation curve says how good each setting is on average; the parity
plot shows *which* molecules a model gets wrong. Both use the same folds for
the same data, ``folds``, ``seed`` and ``groups``, so the CV error printed
beside the parity plot is the value on the curve at the marker.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from chemviz.complexity.families import check_family_data, check_params, family, model_params
from chemviz.complexity.folds import check_data, make_folds
from chemviz.complexity.kernel_ridge import fast_predictions
from chemviz.slots import pause_point


@dataclass(frozen=True, eq=False)
class ParityResult:
    """Predictions of the model at one setting, for a parity plot.

    Attributes
    ----------
    model : str
    params : dict
    y : ndarray of shape (n,)
        Measured values.
    fitted : ndarray of shape (n,)
        Predictions of the model trained on all n molecules (what the
        training error sees).
    cross_validated : ndarray of shape (n,)
        Each molecule predicted by the model of the fold that held it out.
    train_rmse : float
        RMSE of ``fitted``.
    cv_rmse : float
        Mean over folds of the held-out RMSE: the number on the validation
        curve at this setting.
    """

    model: str
    params: dict
    y: np.ndarray
    fitted: np.ndarray
    cross_validated: np.ndarray
    train_rmse: float
    cv_rmse: float


def cv_predictions(
    X,
    y,
    model: str,
    fixed: dict | None = None,
    folds: int = 5,
    seed: int = 0,
    groups=None,
) -> ParityResult:
    """Fit one model (the slider's current setting) and predict every molecule out of fold.

    Parameters are as in :func:`validation_curve`; ``fixed`` holds every
    hyperparameter. The folds are the same as the curves' for the same
    ``folds``, ``seed`` and ``groups``. Costs k + 1 fits.
    """
    fam = family(model)
    X, y = check_data(X, y)
    check_family_data(fam, X)
    params = model_params(fam, fixed)
    splits = make_folds(len(y), folds, seed, groups)
    check_params(fam, params, min(len(train) for train, _ in splits))
    estimator = fam.build(params, seed)
    cross_validated = np.empty_like(y)
    fold_rmse = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for train, test in splits:
            cross_validated[test] = clone(estimator).fit(X[train], y[train]).predict(X[test])
            fold_rmse.append(np.sqrt(np.mean((cross_validated[test] - y[test]) ** 2)))
        fitted = clone(estimator).fit(X, y).predict(X)
    return ParityResult(
        model=model,
        params=params,
        y=y,
        fitted=fitted,
        cross_validated=cross_validated,
        train_rmse=float(np.sqrt(np.mean((fitted - y) ** 2))),
        cv_rmse=float(np.mean(fold_rmse)),
    )


def cv_predictions_along(
    X,
    y,
    model: str,
    param: str,
    values,
    fixed: dict | None = None,
    folds: int = 5,
    seed: int = 0,
    groups=None,
    progress=None,
) -> list[ParityResult]:
    """:func:`cv_predictions` at every value of one knob: what the value slider scrubs.

    Parameters are as in :func:`validation_curve`. Ridge and kernel ridge
    share one eigendecomposition per fold among all λ
    (:func:`~chemviz.complexity.kernel_ridge.fast_predictions`); other
    families cost k + 1 fits per value.

    Returns
    -------
    list of ParityResult, one per value, in order.
    """
    fam = family(model)
    X, y = check_data(X, y)
    check_family_data(fam, X)
    params = model_params(fam, fixed)
    splits = make_folds(len(y), folds, seed, groups)
    n_train = min(len(train) for train, _ in splits)
    for value in values:
        check_params(fam, {**params, param: value}, n_train)
    if not fam.fast:
        out = []
        for i, value in enumerate(values):
            pause_point()  # a student's move may go first (chemviz.slots)
            out.append(cv_predictions(X, y, model, {**params, param: value}, folds, seed, groups))
            if progress is not None:
                progress((i + 1) / len(values))
        return out
    fitted, held_out = fast_predictions(model, params, param, values, X, y, splits)
    return [
        ParityResult(
            model=model,
            params={**params, param: value},
            y=y,
            fitted=fitted[i],
            cross_validated=held_out[i],
            train_rmse=float(np.sqrt(np.mean((fitted[i] - y) ** 2))),
            cv_rmse=float(np.mean([_rmse(held_out[i][t], y[t]) for _, t in splits])),
        )
        for i, value in enumerate(values)
    ]


def _rmse(y_hat, y) -> float:
    return float(np.sqrt(np.mean((y_hat - y) ** 2)))
