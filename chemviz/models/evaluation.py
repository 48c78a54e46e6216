"""Scoring predictions in the target's units, and scaling features with the training set's.

(Holding out a test set, :func:`train_test_indices`, is one of the splits in
:mod:`chemviz.splits`; it is imported here too, where model code looked for it.)
"""

from __future__ import annotations

import numpy as np

from chemviz.splits import train_test_indices  # noqa: F401  (re-exported)


def regression_metrics(y, y_hat) -> dict[str, float]:
    """RMSE, MAE (in the target's units) and R² (unitless) of predictions.

    R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² compares the model with always predicting
    the mean; it is NaN for fewer than two molecules or a constant target.
    """
    y = np.asarray(y, dtype=float)
    y_hat = np.asarray(y_hat, dtype=float)
    if y.shape != y_hat.shape or y.ndim != 1 or len(y) == 0:
        raise ValueError(
            f"y and ŷ must be 1D and of equal length, got {y.shape} and {y_hat.shape}."
        )
    residual = y - y_hat
    total = np.sum((y - y.mean()) ** 2)
    r2 = 1.0 - np.sum(residual**2) / total if len(y) > 1 and total > 0 else float("nan")
    return {
        "rmse": float(np.sqrt(np.mean(residual**2))),
        "mae": float(np.mean(np.abs(residual))),
        "r2": float(r2),
    }


def standardize(X_train, *others) -> tuple[np.ndarray, ...]:
    """Scale every column to mean 0 and SD 1 using the training molecules' statistics only.

    Parameters
    ----------
    X_train : array_like, shape (n, d)
        Training features: their column means and standard deviations are used.
    *others : array_like, shape (m, d)
        More molecules (test set, a sample to draw) scaled with the same numbers.

    Returns
    -------
    tuple of numpy.ndarray (float64)
        The scaled training matrix first, then each of ``others``.

    Notes
    -----
    Real-valued descriptors come in wildly different units (a molecular
    weight in the hundreds, a charge below one); unscaled, the largest would
    dominate every distance and so every Gaussian kernel value. The
    statistics come from the training set alone: the test set must not
    influence the model, not even through its scaling. A constant column
    (SD 0) is only centred.
    """
    X_train = np.asarray(X_train, dtype=float)
    if X_train.ndim != 2 or len(X_train) == 0:
        raise ValueError("Standardising needs a non-empty table of shape (molecules, features).")
    mean = X_train.mean(axis=0)
    scale = X_train.std(axis=0)
    scale[scale == 0] = 1.0
    return tuple((np.asarray(X, dtype=float) - mean) / scale for X in (X_train, *others))
