"""Checking and cleaning a feature matrix before feature selection.

Feature selection ranks columns against each other, so two kinds of column
must go before anything is fitted: a **constant** column carries no
information (its standardised value is 0/0), and a **duplicate** column makes
the choice between the copies arbitrary (the LASSO could pick either one).
This module removes both, checks the inputs for the mistakes a student is
likely to make, and builds the cross-validation folds that the LASSO path and
recursive feature elimination share.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from chemviz.splits import make_folds


def check_inputs(
    X, y, folds: int, feature_names: Sequence[str] | None = None
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Validate a feature matrix, a target and a number of folds.

    Parameters
    ----------
    X : array-like or DataFrame, shape (n_molecules, n_features)
        One row per molecule. A DataFrame's column names become the feature
        names unless ``feature_names`` is given.
    y : array-like, shape (n_molecules,)
        The property to predict, in its own units.
    folds : int
        Number of cross-validation folds, at least 2.
    feature_names : sequence of str, optional
        One name per column; defaults to ``"feature 0"``, ``"feature 1"``, ….

    Returns
    -------
    X : ndarray, shape (n_molecules, n_features)
        Integer, boolean or float; not copied when already an array.
    y : ndarray of float, shape (n_molecules,)
    names : list of str, length n_features

    Raises
    ------
    ValueError
        With a message saying what to change: wrong shapes, NaN or infinite
        values, fewer molecules than folds, a constant target.
    """
    if feature_names is None and hasattr(X, "columns"):
        feature_names = [str(c) for c in X.columns]
    try:
        X = np.asarray(X)
        # Keep compact dtypes (a uint8 fingerprint is 8× smaller than float64);
        # only the columns that survive drop_uninformative are converted later.
        if X.dtype.kind not in "biuf":
            X = X.astype(float)
        y = np.asarray(y, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"X and y must contain numbers only ({err})") from None
    if X.ndim != 2:
        raise ValueError(f"X must be a table of molecules × features (2-D); got shape {X.shape}")
    if y.ndim != 1:
        raise ValueError(f"y must be one value per molecule (1-D); got shape {y.shape}")
    n, p = X.shape
    if len(y) != n:
        raise ValueError(f"X has {n} rows (molecules) but y has {len(y)} values; they must match")
    names = [f"feature {j}" for j in range(p)] if feature_names is None else list(feature_names)
    if len(names) != p:
        raise ValueError(f"Got {len(names)} feature names for {p} columns of X")

    n_missing = int(np.isnan(y).sum())
    if n_missing:
        raise ValueError(
            f"y has {n_missing} missing value(s) (NaN) out of {n}; exclude those "
            "molecules before feature selection"
        )
    if not np.isfinite(y).all():
        raise ValueError("y contains infinite values; check the units and the source file")
    bad_columns = np.flatnonzero(~np.isfinite(X).all(axis=0)) if X.dtype.kind == "f" else []
    if len(bad_columns):
        examples = ", ".join(names[j] for j in bad_columns[:3])
        raise ValueError(
            f"X has {int((~np.isfinite(X)).sum())} missing or infinite value(s) in "
            f"{len(bad_columns)} feature(s) (e.g. {examples}); impute them (for example "
            "with the column median) or drop those features first"
        )
    if not isinstance(folds, int | np.integer) or folds < 2:
        raise ValueError(f"folds must be a whole number of at least 2; got {folds!r}")
    if n < folds:
        raise ValueError(
            f"Only {n} molecules for {folds}-fold cross-validation: every fold needs at "
            f"least one held-out molecule, so use at most {n} folds or add molecules"
        )
    if np.ptp(y) == 0:
        raise ValueError(
            f"y is {y[0]:g} for every molecule: there is nothing to predict, so no "
            "feature can matter; choose another property or more varied molecules"
        )
    return X, y, names


def drop_uninformative(
    X: np.ndarray, names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, list[tuple[str, str]]]:
    """Remove constant columns and exact duplicates of an earlier column.

    Parameters
    ----------
    X : ndarray, shape (n_molecules, n_features)
        Finite values of any numeric dtype.
    names : sequence of str, length n_features

    Returns
    -------
    X_kept : ndarray, shape (n_molecules, n_kept)
        The remaining columns, in their original order and dtype.
    kept_idx : ndarray of int, shape (n_kept,)
        Their indices into the columns of ``X``.
    dropped : list of (name, reason)
        One entry per removed column; ``reason`` is ``"constant (…)"`` or
        ``"duplicate of '<name>'"`` (the first copy is the one kept).

    Notes
    -----
    Fingerprints are where this matters: of 2,048 Morgan bits, a small
    dataset typically switches on only a few hundred, and bits set by exactly
    the same molecules are indistinguishable to any model.
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a table with at least one molecule; got shape {X.shape}")
    dropped: list[tuple[str, str]] = []
    kept: list[int] = []
    first_copy: dict[bytes, int] = {}
    constant = np.all(X == X[:1], axis=0)
    for j in range(X.shape[1]):
        if constant[j]:
            dropped.append((names[j], f"constant ({X[0, j]:g} for every molecule)"))
            continue
        # Identical bytes ⇔ identical values (NaN was rejected earlier); hashing
        # the column finds duplicates in one pass instead of comparing all pairs.
        key = np.ascontiguousarray(X[:, j]).tobytes()
        if key in first_copy:
            dropped.append((names[j], f"duplicate of '{names[first_copy[key]]}'"))
        else:
            first_copy[key] = j
            kept.append(j)
    kept_idx = np.asarray(kept, dtype=int)
    return X[:, kept_idx], kept_idx, dropped


def count_dropped(dropped: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Count the dropped columns by reason: ``{"constant": a, "duplicate": b}``."""
    reasons = [reason for _, reason in dropped]
    return {
        "constant": sum(r.startswith("constant") for r in reasons),
        "duplicate": sum(r.startswith("duplicate") for r in reasons),
    }


def check_some_left(n_kept: int, n_features: int) -> None:
    """Raise if dropping constant and duplicate columns left nothing to select from."""
    if n_kept == 0:
        raise ValueError(
            f"All {n_features} features are constant or duplicates for these molecules, "
            "so there is nothing to select from; choose another representation or a "
            "more varied set of molecules"
        )


def cv_splits(n_molecules: int, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (train, held-out) index pairs of shuffled k-fold cross-validation.

    The LASSO path and RFE both call this, so their CV errors are measured
    on exactly the same folds and can be compared on one chart.
    """
    return make_folds(n_molecules, folds, seed)
