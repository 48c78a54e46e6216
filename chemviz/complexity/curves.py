"""Validation curves (error against a complexity knob) and learning curves (against data).

Both run k-fold cross-validation: train on k − 1 folds, measure the root
mean squared error (RMSE) on the training part and on the held-out fold,
repeat for every fold, and report the mean and standard deviation over folds.
Kernel ridge and ridge go through :func:`chemviz.models.krr_cv_grid`, which
shares one factorisation of K per fold among all λ; the other families fit
one scikit-learn model per (value, fold) with ``cross_validate`` on the same
folds.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import cross_validate

from chemviz.complexity.families import (
    ModelFamily,
    check_family_data,
    check_params,
    family,
    model_params,
)
from chemviz.complexity.folds import (
    Split,
    check_data,
    make_folds,
    nested_subsets,
    training_sizes,
)
from chemviz.complexity.kernel_ridge import fast_grid, fast_summaries
from chemviz.slots import pause_point

Progress = Callable[[float], None] | None


@dataclass(frozen=True, eq=False)
class CurveResult:
    """Train and cross-validation error against one hyperparameter.

    Attributes
    ----------
    model : str
        Key of :data:`chemviz.complexity.MODELS`.
    param : str
        The knob that was varied.
    values : ndarray of shape (k,)
        Its values, in the order given.
    train_mean, train_std : ndarray of shape (k,)
        Mean and standard deviation over folds of the training RMSE (units of y).
    cv_mean, cv_std : ndarray of shape (k,)
        The same for the held-out folds: the CV error.
    fixed : dict
        Every other hyperparameter, as used.
    folds : int
        Number of folds k.
    split : str
        ``"random"`` or ``"groups"`` (e.g. scaffolds kept together).
    """

    model: str
    param: str
    values: np.ndarray
    train_mean: np.ndarray
    train_std: np.ndarray
    cv_mean: np.ndarray
    cv_std: np.ndarray
    fixed: dict = field(default_factory=dict)
    folds: int = 5
    split: str = "random"

    @property
    def best_index(self) -> int:
        """Index of the lowest CV error: the value cross-validation would choose."""
        return int(np.nanargmin(self.cv_mean))

    @property
    def best_value(self) -> float:
        """The knob value with the lowest CV error."""
        return float(self.values[self.best_index])


@dataclass(frozen=True, eq=False)
class LearningCurveResult:
    """Train and CV error against the number of training samples.

    Attributes
    ----------
    model : str
    sizes : ndarray of int, shape (k,)
        Training-set sizes m.
    train_mean, train_std, cv_mean, cv_std : ndarray of shape (k,)
        RMSE statistics over folds, as in :class:`CurveResult`.
    params : dict
        All hyperparameters of the model.
    folds : int
    split : str
    """

    model: str
    sizes: np.ndarray
    train_mean: np.ndarray
    train_std: np.ndarray
    cv_mean: np.ndarray
    cv_std: np.ndarray
    params: dict = field(default_factory=dict)
    folds: int = 5
    split: str = "random"


def _sklearn_summaries(
    fam: ModelFamily, params: dict, X: np.ndarray, y: np.ndarray, splits: list[Split], seed: int
) -> dict:
    """Train and CV RMSE statistics from one scikit-learn fit per fold."""
    with warnings.catch_warnings():
        # An MLP that stops at max_iter still gives a meaningful point on the
        # curve (stopping early is itself a kind of regularisation).
        warnings.simplefilter("ignore", ConvergenceWarning)
        scores = cross_validate(
            fam.build(params, seed),
            X,
            y,
            cv=splits,
            scoring="neg_root_mean_squared_error",
            return_train_score=True,
            error_score="raise",
        )
    train, test = -scores["train_score"], -scores["test_score"]
    # Population standard deviation (ddof = 0), as krr_cv_grid reports it.
    return {
        "train_mean": train.mean(),
        "train_std": train.std(),
        "cv_mean": test.mean(),
        "cv_std": test.std(),
    }


def _stack(rows: list[dict]) -> dict:
    """A list of per-value summaries (scalars or length-1 arrays) as one dict of arrays."""
    return {key: np.concatenate([np.atleast_1d(row[key]) for row in rows]) for key in rows[0]}


def validation_curve(
    X,
    y,
    model: str,
    param: str,
    values,
    folds: int = 5,
    seed: int = 0,
    groups=None,
    fixed: dict | None = None,
    progress: Progress = None,
) -> CurveResult:
    """Train and CV error (RMSE) of one model family as one knob moves.

    Parameters
    ----------
    X : array-like of shape (n, d)
        Features (already scaled as the representation prescribes).
    y : array-like of shape (n,)
        Target, without NaN.
    model : str
        Key of :data:`chemviz.complexity.MODELS`.
    param : str
        One of the family's knobs (e.g. ``"lam"``, ``"sigma"``, ``"max_depth"``).
    values : array-like of shape (k,)
        The knob values to try.
    folds : int
        Number of folds k ≥ 2.
    seed : int
        Seeds the fold assignment and any random model (tree ties, MLP start).
    groups : array-like of shape (n,), optional
        Group label per sample (scaffolds); folds then keep groups together.
    fixed : dict, optional
        The other hyperparameters, e.g. ``{"lam": 1e-3}`` while varying σ.
    progress : callable, optional
        Called with the fraction done, from 0 to 1.

    Returns
    -------
    CurveResult

    Notes
    -----
    The training error falls as the model becomes more flexible, because
    the model can follow the training points more closely; the CV error
    falls, then rises once the model starts to fit noise. Only the CV error
    can tell where to stop: :attr:`CurveResult.best_index`.

    Cost and memory: ridge and kernel ridge build the n × n kernel matrix
    (8n² bytes: 72 MB for 3,000 molecules) and one factorisation per
    fold and kernel setting; callers cap n for large data sets. Other
    families fit once per value and fold.
    """
    fam = family(model)
    knob = fam.knob(param)
    X, y = check_data(X, y)
    check_family_data(fam, X)
    params = model_params(fam, fixed)
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) == 0:
        raise ValueError(f"Give at least one value of {knob.label} to try.")
    splits = make_folds(len(y), folds, seed, groups)
    n_train = min(len(train) for train, _ in splits)
    for value in values:
        check_params(fam, {**params, param: value}, n_train)
    if fam.fast:
        stats = fast_summaries(model, params, param, values, X, y, splits, progress)
    else:
        rows = []
        for i, value in enumerate(values):
            pause_point()  # a student's move may go first (chemviz.slots)
            rows.append(_sklearn_summaries(fam, {**params, param: value}, X, y, splits, seed))
            if progress is not None:
                progress((i + 1) / len(values))
        stats = _stack(rows)
    return CurveResult(
        model=model,
        param=param,
        values=values,
        **stats,
        fixed={k: v for k, v in params.items() if k != param},
        folds=len(splits),
        split="random" if groups is None else "groups",
    )


def learning_curve(
    X,
    y,
    model: str,
    sizes,
    folds: int = 5,
    seed: int = 0,
    fixed: dict | None = None,
    groups=None,
    progress: Progress = None,
) -> LearningCurveResult:
    """Train and CV error (RMSE) as the training set grows.

    Parameters
    ----------
    X, y, model, folds, seed, fixed, groups, progress
        As in :func:`validation_curve`; ``fixed`` sets every hyperparameter.
    sizes : array-like of shape (k,)
        Training-set sizes: floats in (0, 1] are fractions of the smallest
        training fold, integers are counts (each from 2 to that fold's size).

    Returns
    -------
    LearningCurveResult

    Notes
    -----
    Fold bookkeeping: the data are split into k folds once. For fold i, its
    training indices are shuffled once (seeded), and a training set of size m
    is the first m of that ordering, so larger training sets contain smaller
    ones; the error is always measured on the whole held-out fold i. With
    more data the CV error falls towards the best error the family can reach
    and the training error rises towards it: the gap closes as the
    estimation error shrinks. A richer representation lowers the whole curve.
    """
    fam, X, y, params, splits, counts = _learning_setup(
        X, y, model, sizes, folds, seed, fixed, groups
    )
    rows = []
    for i, subsets in enumerate(_nested(splits, counts, seed)):
        if fam.fast:
            rows.append(fast_summaries(model, params, None, None, X, y, subsets))
        else:
            pause_point()  # a student's move may go first (chemviz.slots)
            rows.append(_sklearn_summaries(fam, params, X, y, subsets, seed))
        if progress is not None:
            progress((i + 1) / len(counts))
    split = "random" if groups is None else "groups"
    return LearningCurveResult(
        model, counts, **_stack(rows), params=params, folds=len(splits), split=split
    )


def learning_curves_along_lambda(
    X,
    y,
    model: str,
    sizes,
    lambdas,
    folds: int = 5,
    seed: int = 0,
    fixed: dict | None = None,
    progress: Progress = None,
) -> list[LearningCurveResult]:
    """:func:`learning_curve` at every λ of ``lambdas``, for ridge and kernel ridge.

    Parameters
    ----------
    X, y, model, sizes, folds, seed, fixed, progress
        As in :func:`learning_curve` (random folds); ``model`` is a family
        with the fast path (``"ridge"``, ``"krr"``), and ``fixed`` sets every
        hyperparameter but λ.
    lambdas : array-like of shape (L,)
        λ values ≥ 0 (the per-sample λ of the Model complexity page).

    Returns
    -------
    list of LearningCurveResult, length L
        Item j equals ``learning_curve(..., fixed={**fixed, "lam": lambdas[j]})``.

    Notes
    -----
    The same eigendecomposition of each (training size, fold) kernel solves
    every λ (:func:`chemviz.models.krr_cv_grid`), so the L curves cost
    hardly more than one: a page whose λ slider moves finds the learning
    curve at the new λ already computed.
    """
    fam, X, y, params, splits, counts = _learning_setup(X, y, model, sizes, folds, seed, fixed)
    if not fam.fast:
        raise ValueError(f"{fam.label} has no λ shared by one factorisation; use learning_curve.")
    lambdas = np.atleast_1d(np.asarray(lambdas, dtype=float))
    for lam in lambdas:
        check_params(fam, {**params, "lam": float(lam)}, int(counts.min()))
    grids = []  # per size: statistics of shape (1, L)
    for i, subsets in enumerate(_nested(splits, counts, seed)):
        grids.append(fast_grid(model, params, None, None, lambdas, X, y, subsets))
        if progress is not None:
            progress((i + 1) / len(counts))
    return [
        LearningCurveResult(
            model,
            counts,
            **{key: np.array([grid[key][0, j] for grid in grids]) for key in grids[0]},
            params={**params, "lam": float(lam)},
            folds=len(splits),
        )
        for j, lam in enumerate(lambdas)
    ]


def _learning_setup(X, y, model, sizes, folds, seed, fixed, groups=None):
    """The checked family, data, settings, folds and training sizes of a learning curve."""
    fam = family(model)
    X, y = check_data(X, y)
    check_family_data(fam, X)
    params = model_params(fam, fixed)
    splits = make_folds(len(y), folds, seed, groups)
    counts = training_sizes(sizes, splits)
    check_params(fam, params, int(counts.min()))
    return fam, X, y, params, splits, counts


def _nested(splits: list[Split], counts: np.ndarray, seed: int):
    """For each training size m, every fold's (first m of its training ordering, held out)."""
    orderings = nested_subsets(splits, seed)
    for m in counts:
        yield [(order[:m], test) for order, (_, test) in zip(orderings, splits, strict=True)]
