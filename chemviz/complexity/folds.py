"""The checks every curve shares, and the training sizes of a learning curve.

Every curve on the page (validation curve, learning curve, parity plot)
uses the same folds for the same data and seed (:func:`chemviz.splits.make_folds`,
imported here too), so their numbers agree with each other and can be
checked against scikit-learn's ``cross_validate`` given the very same folds.
"""

from __future__ import annotations

import numpy as np

from chemviz.splits import Fold as Split
from chemviz.splits import balanced_assignment, group_codes, make_folds  # noqa: F401


def check_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    """Return X as a float (n, d) array and y as a float (n,) array, or explain what is wrong.

    Missing targets must be dropped by the caller (the page counts and reports
    them); here they raise a ValueError that says how many there are.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or y.ndim != 1 or len(X) != len(y):
        raise ValueError(
            f"X must have one row per target value; got X of shape {X.shape} "
            f"and y of shape {y.shape}."
        )
    n_missing = int(np.isnan(y).sum())
    if n_missing:
        raise ValueError(
            f"The target has {n_missing} missing (NaN) values; drop those molecules first."
        )
    if not np.isfinite(y).all():
        raise ValueError("The target contains infinite values; drop those molecules first.")
    n_bad_rows = int((~np.isfinite(X)).any(axis=1).sum())
    if n_bad_rows:
        raise ValueError(
            f"{n_bad_rows} rows of the features contain NaN or infinite values; "
            "drop them or choose another representation."
        )
    return X, y


def training_sizes(sizes, splits: list[Split]) -> np.ndarray:
    """Turn requested learning-curve sizes into training-set counts.

    Floats in (0, 1] are fractions of the smallest training fold; integers
    are counts. Every count must be at least 2 and at most the size of the
    smallest training fold (so every fold can supply it).
    """
    sizes = np.asarray(sizes)
    if sizes.ndim != 1 or len(sizes) == 0:
        raise ValueError("Give at least one training-set size.")
    largest = min(len(train) for train, _ in splits)
    if np.issubdtype(sizes.dtype, np.floating) and (sizes <= 1).all():
        counts = np.round(sizes * largest).astype(int)
    else:
        counts = np.round(sizes).astype(int)
    if counts.min() < 2:
        raise ValueError(
            f"A training set of {counts.min()} is too small to fit a model; "
            "the smallest size must be at least 2."
        )
    if counts.max() > largest:
        raise ValueError(
            f"A training set of {counts.max()} is larger than the smallest training fold "
            f"({largest} with {len(splits)} folds); the largest size allowed is {largest}."
        )
    return np.unique(counts)


def nested_subsets(splits: list[Split], seed: int = 0) -> list[np.ndarray]:
    """One fixed random ordering of each fold's training indices.

    A learning curve trains fold i on the first m entries of ordering i, so
    the training set for a larger m contains the one for a smaller m, and the
    test fold is always the full held-out fold.
    """
    rng = np.random.default_rng(seed)
    return [rng.permutation(train) for train, _ in splits]
