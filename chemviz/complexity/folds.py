"""Partitioning data for cross-validation, and the checks every curve shares.

Every curve on the page (validation curve, learning curve, parity plot)
uses the same list of (train, test) index pairs for the same data and seed,
so their numbers agree with each other and can be checked against
scikit-learn's ``cross_validate`` given the very same folds.
"""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import KFold

Split = tuple[np.ndarray, np.ndarray]


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


def make_folds(n: int, folds: int = 5, seed: int = 0, groups=None) -> list[Split]:
    """Split n samples into k cross-validation folds.

    Parameters
    ----------
    n : int
        Number of samples.
    folds : int
        k, at least 2.
    seed : int
        Shuffles samples (random folds), or breaks ties between groups of
        equal size (group folds).
    groups : array-like of shape (n,), optional
        A label per sample, e.g. Bemis–Murcko scaffold SMILES from
        :func:`chemviz.molecules.scaffolds`. All samples of a group land in
        the same test fold; an empty label ``""`` (an acyclic molecule) is a
        group of its own.

    Returns
    -------
    list of (train_idx, test_idx)
        k pairs of sorted integer index arrays; every sample is in exactly one
        test fold.

    Notes
    -----
    Random folds put close analogues of a test molecule in the training set,
    so they measure interpolation within known chemical series. Scaffold
    folds hold whole series out and ask the harder question "how well does
    the model predict new chemistry?"; the gap between the two CV errors shows
    how much a random split flatters a model.

    An acyclic molecule has no ring system, so its Bemis–Murcko scaffold is
    empty: it shares no series with anything and is its own group (otherwise
    the 320 acyclic molecules of FreeSolv would all sit in one test fold).
    Groups are dealt out like scikit-learn's ``GroupKFold``: largest first,
    each into the fold that is currently smallest, so the folds come out as
    equal as the groups allow (one group bigger than n/k, such as FreeSolv's
    152 benzenes, still makes its fold bigger).
    """
    if int(folds) != folds or folds < 2:
        raise ValueError(f"Cross-validation needs at least 2 folds, not {folds}.")
    folds = int(folds)
    if groups is None:
        if folds > n:
            raise ValueError(
                f"{folds}-fold cross-validation needs at least {folds} data points, but there "
                f"are only {n}; use at most {n} folds or add data."
            )
        splitter = KFold(n_splits=folds, shuffle=True, random_state=seed)
        return [(tr, te) for tr, te in splitter.split(np.zeros((n, 1)))]
    codes = group_codes(groups)
    if len(codes) != n:
        raise ValueError(f"groups has {len(codes)} labels for {n} data points.")
    sizes = np.bincount(codes)
    if folds > len(sizes):
        raise ValueError(
            f"{folds} group folds need at least {folds} different groups (scaffolds), but "
            f"there are only {len(sizes)}; use fewer folds or random splits."
        )
    fold_of = balanced_assignment(sizes, folds, seed)[codes]
    everything = np.arange(n)
    return [(everything[fold_of != f], everything[fold_of == f]) for f in range(folds)]


def group_codes(groups) -> np.ndarray:
    """Integer group labels 0…g−1 of shape (n,); every empty label ``""`` gets its own code."""
    labels = np.array([str(g) for g in groups], dtype=object)
    empty = labels == ""
    codes = np.empty(len(labels), dtype=int)
    _, codes[~empty] = np.unique(labels[~empty], return_inverse=True)
    n_named = codes[~empty].max() + 1 if (~empty).any() else 0
    codes[empty] = n_named + np.arange(empty.sum())
    return codes


def balanced_assignment(sizes, folds: int, seed: int = 0) -> np.ndarray:
    """The fold of each group, shape (g,): largest group first into the smallest fold.

    Groups of equal size are taken in an order shuffled by ``seed``, so the
    seed changes which groups share a fold but not how balanced the folds are.
    """
    sizes = np.asarray(sizes)
    order = np.random.default_rng(seed).permutation(len(sizes))
    order = order[np.argsort(-sizes[order], kind="stable")]
    load = np.zeros(folds, dtype=int)
    fold_of = np.empty(len(sizes), dtype=int)
    for g in order:
        f = int(np.argmin(load))  # the first of the smallest folds
        fold_of[g] = f
        load[f] += sizes[g]
    return fold_of


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
