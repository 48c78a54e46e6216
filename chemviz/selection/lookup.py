"""Reading a computed path at one λ: the work a λ-slider move does.

Everything here is a lookup or one matrix–vector product on a
:class:`~chemviz.selection.path.PathResult`; the path is never refitted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chemviz.selection.names import describe_feature
from chemviz.selection.path import PathResult


def _check_index(result: PathResult, index: int) -> int:
    n_lambdas = len(result.lambdas)
    if not isinstance(index, int | np.integer) or not 0 <= index < n_lambdas:
        raise ValueError(f"λ index must be a whole number from 0 to {n_lambdas - 1}; got {index!r}")
    return int(index)


def index_of_lambda(result: PathResult, lam: float) -> int:
    """The grid index whose λ is closest to ``lam`` on a log scale (for a slider)."""
    if not lam > 0:
        raise ValueError(f"λ must be positive; got {lam!r}")
    return int(np.argmin(np.abs(np.log(result.lambdas) - np.log(lam))))


def coefficients_at(result: PathResult, index: int) -> pd.DataFrame:
    """The features selected at one λ of the path, largest effect first.

    Parameters
    ----------
    result : PathResult
    index : int
        Position on ``result.lambdas``.

    Returns
    -------
    DataFrame
        One row per non-zero coefficient, sorted by |standardised
        coefficient|: ``feature``, ``column`` (index into the original X),
        ``coef_standardised`` (units of y per standard deviation of the
        feature), ``coef_original`` (units of y per unit of the feature),
        ``meaning`` (the feature in words, see :func:`describe_feature`).

    Notes
    -----
    Compare features by the *standardised* coefficient: the original-units
    coefficient of a feature measured in large numbers (e.g. molecular
    weight) is small even when the feature matters a lot.
    """
    index = _check_index(result, index)
    coefs = result.coefs[:, index]
    rows = np.flatnonzero(coefs)
    rows = rows[np.argsort(-np.abs(coefs[rows]), kind="stable")]
    return pd.DataFrame(
        {
            "feature": [result.feature_names[r] for r in rows],
            "column": result.kept_columns[rows],
            "coef_standardised": coefs[rows],
            "coef_original": result.coefs_original[rows, index],
            "meaning": [describe_feature(result.feature_names[r]) for r in rows],
        }
    )


def cv_predictions(X, y, result: PathResult, index: int) -> pd.DataFrame:
    """Predictions at one λ: held out (cross-validated) and fitted on all molecules.

    Parameters
    ----------
    X : array-like, shape (n_molecules, n_features_in)
        The same X that was passed to :func:`regularization_path`.
    y : array-like, shape (n_molecules,)
        The same target.
    result : PathResult
    index : int
        Position on ``result.lambdas``.

    Returns
    -------
    DataFrame, one row per molecule
        ``y``; ``y_cv``, the prediction made while the molecule was held
        out (a lookup in ``result.oof_predictions``); ``y_fit``, the
        prediction of the model fitted on all molecules (X @ w + b in
        original units, one matrix–vector product); ``fold``.

    Notes
    -----
    ``y_fit`` is the model's training error, ``y_cv`` its honest error: at
    small λ the first hugs the diagonal while the second spreads out.
    """
    index = _check_index(result, index)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n_molecules = len(result.fold_of)
    if X.shape != (n_molecules, result.n_features_in) or y.shape != (n_molecules,):
        raise ValueError(
            f"X and y must be the ones the path was computed from: {n_molecules} molecules "
            f"× {result.n_features_in} features; got X {X.shape} and y {y.shape}"
        )
    fitted = (
        X[:, result.kept_columns] @ result.coefs_original[:, index]
        + result.intercepts_original[index]
    )
    return pd.DataFrame(
        {
            "y": y,
            "y_cv": result.oof_predictions[:, index],
            "y_fit": fitted,
            "fold": result.fold_of,
        }
    )
