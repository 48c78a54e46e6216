"""Recursive feature elimination (RFE) with a cross-validated error curve.

The workshop contrasts the LASSO's one-shot selection with greedy search:
fit a model, remove the feature(s) with the smallest |coefficient|, refit,
and repeat, measuring the CV error at every size. This module wraps
scikit-learn's ``RFECV`` with standardisation inside the pipeline and the
same folds as :func:`chemviz.selection.regularization_path`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn import config_context
from sklearn.feature_selection import RFE, RFECV
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from chemviz.selection.inputs import (
    check_inputs,
    check_some_left,
    cv_splits,
    drop_uninformative,
)
from chemviz.selection.names import describe_feature
from chemviz.selection.penalty import one_standard_error_index

# The models RFE can rank features with: key -> (description, factory).
ESTIMATORS: dict[str, tuple[str, Callable[[], object]]] = {
    # A little ridge keeps the coefficients of correlated features finite,
    # so "smallest |coefficient|" is a stable ranking.
    "ridge": ("ridge regression, λ = 1 on standardised features", lambda: Ridge(alpha=1.0)),
    "linear": ("ordinary least squares (unstable with correlated features)", LinearRegression),
}

# RFE refits once per step per fold, so its cost grows with features/step.
# Above RFE_MAX_FEATURES informative columns (e.g. 2,048 fingerprint bits)
# only the most variable ones are ranked; the default step keeps the number
# of eliminations per fold at most RFE_MAX_STEPS.
RFE_MAX_FEATURES = 200
RFE_MAX_STEPS = 50


@dataclass(frozen=True)
class RFEResult:
    """Cross-validated error of recursive feature elimination at every size.

    Attributes
    ----------
    n_features : ndarray of int, shape (n_sizes,)
        Numbers of features kept, ascending (1 … n_ranked).
    cv_mean, cv_se : ndarray, shape (n_sizes,)
        Mean held-out RMSE over folds (units of y) and its standard error.
    cv_folds : ndarray, shape (n_folds, n_sizes)
        Held-out RMSE of each fold.
    i_best, i_1se : int
        Index of the lowest ``cv_mean``, and of the fewest features within
        one standard error of it.
    ranking : ndarray of int, shape (n_ranked,)
        From RFE on all molecules: 1 for the last surviving feature, larger
        for earlier eliminations; features removed in the same step share a rank.
    elimination_order : ndarray of int, shape (n_ranked,)
        Indices into ``feature_names``, the first eliminated first.
    feature_names : tuple of str, length n_ranked
        The features RFE ranked.
    kept_columns : ndarray of int, shape (n_ranked,)
        Their indices among the columns of the original X.
    dropped : tuple of (name, reason)
        Constant and duplicate columns removed first.
    step : int
        Features removed per elimination.
    estimator : str
        Key of :data:`ESTIMATORS`.
    notes : tuple of str
    """

    n_features: np.ndarray
    cv_mean: np.ndarray
    cv_se: np.ndarray
    cv_folds: np.ndarray
    i_best: int
    i_1se: int
    ranking: np.ndarray
    elimination_order: np.ndarray
    feature_names: tuple[str, ...]
    kept_columns: np.ndarray
    dropped: tuple[tuple[str, str], ...]
    step: int
    estimator: str
    notes: tuple[str, ...] = ()

    @property
    def n_best(self) -> int:
        """Number of features with the lowest mean CV error."""
        return int(self.n_features[self.i_best])


def most_variable(X: np.ndarray, k: int) -> np.ndarray:
    """Indices (ascending) of the k columns with the largest variance after min–max scaling.

    Scaling each column to [0, 1] first makes the variance unit-free, so
    descriptors in different units compete fairly; for 0/1 fingerprint bits
    it is the plain variance p(1 − p), largest for bits set in half the molecules.
    """
    spread = np.ptp(X, axis=0)
    variance = ((X - X.min(axis=0)) / spread).var(axis=0)
    return np.sort(np.argsort(-variance, kind="stable")[:k])


def _check_step(step, n_features: int) -> int:
    """Features removed per elimination as a whole number (fractions rounded as in sklearn)."""
    if step is None:
        return max(1, math.ceil(n_features / RFE_MAX_STEPS))
    if isinstance(step, int | np.integer) and step >= 1:
        return int(step)
    if isinstance(step, float) and 0 < step < 1:
        return max(1, int(step * n_features))
    raise ValueError(
        "step must be a whole number of features (≥ 1) or a fraction of them "
        f"between 0 and 1; got {step!r}"
    )


def rfe_curve(
    X,
    y,
    estimator: str = "ridge",
    folds: int = 5,
    step: int | float | None = None,
    seed: int = 0,
    feature_names: Sequence[str] | None = None,
    max_features: int = RFE_MAX_FEATURES,
) -> RFEResult:
    """CV error of recursive feature elimination against the number of features kept.

    Parameters
    ----------
    X : array-like or DataFrame, shape (n_molecules, n_features)
    y : array-like, shape (n_molecules,)
    estimator : {"ridge", "linear"}, default "ridge"
        The model whose |coefficients| rank the features (see :data:`ESTIMATORS`).
    folds : int, default 5
    step : int or float, optional
        Features removed per elimination (a float in (0, 1) is a fraction of
        the features ranked). Default: ⌈n_ranked / 50⌉, at most 50 steps.
    seed : int, default 0
        Shuffles the folds, exactly as in :func:`regularization_path`.
    feature_names : sequence of str, optional
    max_features : int, default 200
        Rank at most this many features: the most variable ones (see
        :func:`most_variable`); a note records how many were set aside.

    Returns
    -------
    RFEResult

    Notes
    -----
    In each fold, RFE runs on the training molecules only (scaler included)
    and the held-out molecules score every size; the ranking reported comes
    from a separate RFE on all molecules. Greedy elimination can discard a
    feature that would have been useful in combination with others, which is
    why it may disagree with the LASSO; best-subset search would not, but it
    is combinatorial (2^d subsets).
    """
    X, y, names = check_inputs(X, y, folds, feature_names)
    if estimator not in ESTIMATORS:
        raise ValueError(f"Unknown estimator '{estimator}'; choose one of: {', '.join(ESTIMATORS)}")
    X_kept, kept_columns, dropped = drop_uninformative(X, names)
    check_some_left(X_kept.shape[1], X.shape[1])
    notes = []
    if X_kept.shape[1] > max_features:
        chosen = most_variable(X_kept, max_features)
        notes.append(
            f"RFE ranked the {max_features} most variable of {X_kept.shape[1]} informative "
            f"features; the other {X_kept.shape[1] - max_features} were set aside to keep it fast."
        )
        X_kept, kept_columns = X_kept[:, chosen], kept_columns[chosen]
    step = _check_step(step, X_kept.shape[1])

    pipeline = Pipeline([("scale", StandardScaler()), ("model", ESTIMATORS[estimator][1]())])
    importance = "named_steps.model.coef_"  # rank by |coefficient| on standardised features
    search = RFECV(
        pipeline,
        step=step,
        cv=cv_splits(len(y), folds, seed),
        scoring="neg_root_mean_squared_error",
        importance_getter=importance,
    )
    full = RFE(pipeline, n_features_to_select=1, step=step, importance_getter=importance)
    # Hundreds of small fits: one BLAS thread each is faster than several
    # threads competing (see chemviz.selection.path.fit_path), and X was
    # checked for NaN once above, so scikit-learn need not re-check every fit.
    with threadpool_limits(limits=1, user_api="blas"), config_context(assume_finite=True):
        search.fit(X_kept, y)
        ranking = full.fit(X_kept, y).ranking_
    cv_folds = -np.array([search.cv_results_[f"split{k}_test_score"] for k in range(folds)])
    cv_mean = cv_folds.mean(axis=0)
    cv_se = cv_folds.std(axis=0, ddof=1) / np.sqrt(folds)
    return RFEResult(
        n_features=np.asarray(search.cv_results_["n_features"]),
        cv_mean=cv_mean,
        cv_se=cv_se,
        cv_folds=cv_folds,
        i_best=int(np.argmin(cv_mean)),
        i_1se=one_standard_error_index(cv_mean, cv_se),
        ranking=ranking,
        elimination_order=np.argsort(-ranking, kind="stable"),
        feature_names=tuple(names[j] for j in kept_columns),
        kept_columns=kept_columns,
        dropped=tuple(dropped),
        step=step,
        estimator=estimator,
        notes=tuple(notes),
    )


def elimination_table(result: RFEResult) -> pd.DataFrame:
    """The features RFE ranked, from the last survivor to the first eliminated.

    Parameters
    ----------
    result : RFEResult

    Returns
    -------
    DataFrame, one row per ranked feature, sorted by ``rank``
        ``rank`` (``result.ranking``: 1 for the survivor, larger for
        earlier eliminations), ``feature``, ``meaning`` (in words, see
        :func:`~chemviz.selection.describe_feature`), ``removed_at_step``
        (1 = the first elimination; ``<NA>`` for the survivor) and
        ``features_left`` (how many features the model still had after
        that step; ``<NA>`` for the survivor).

    Notes
    -----
    With ``step`` features removed per elimination, a feature of rank k
    was removed at step (max rank − k + 1), and the features still left
    afterwards are exactly those with rank below k. Read the table from the
    bottom up to replay the elimination.
    """
    ranking = np.asarray(result.ranking)
    order = np.argsort(ranking, kind="stable")
    ranks = ranking[order]
    removed = pd.array(np.where(ranks > 1, ranking.max() - ranks + 1, 0), dtype="Int64")
    removed[ranks == 1] = pd.NA
    left = pd.array(np.searchsorted(np.sort(ranking), ranks, side="left"), dtype="Int64")
    left[ranks == 1] = pd.NA
    return pd.DataFrame(
        {
            "rank": ranks,
            "feature": [result.feature_names[j] for j in order],
            "meaning": [describe_feature(result.feature_names[j]) for j in order],
            "removed_at_step": removed,
            "features_left": left,
        }
    )
