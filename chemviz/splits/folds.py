"""Cross-validation folds: every k-fold partition the app makes, random or by group.

The complexity curves, the LASSO path, RFE and kernel ridge's CV grid all
take their folds from :func:`make_folds`, so the same data and seed give the
same folds everywhere, and each can be checked against scikit-learn given
the very same folds (random folds are scikit-learn's shuffled ``KFold``).
"""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import KFold

Fold = tuple[np.ndarray, np.ndarray]  # (training rows, held-out rows)


def make_folds(n: int, folds: int = 5, seed: int = 0, groups=None) -> list[Fold]:
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


def check_folds(folds, n: int, seed: int = 0) -> list[Fold]:
    """Folds given as a number (random folds) or as (train, test) pairs, checked.

    Raises ValueError, with a message a student can act on, for fewer than
    two folds, more folds than molecules, or pairs that are empty, out of
    range or overlapping.
    """
    if isinstance(folds, int | np.integer):
        if folds < 2:
            raise ValueError(f"Cross-validation needs at least 2 folds, got {folds}.")
        if folds > n:
            raise ValueError(
                f"There are more folds ({folds}) than molecules ({n}); choose at most {n} folds."
            )
        return make_folds(n, int(folds), seed)
    checked = []
    for train, test in folds:
        train, test = np.asarray(train, dtype=int), np.asarray(test, dtype=int)
        if len(train) == 0 or len(test) == 0:
            raise ValueError("Every fold needs at least one training and one held-out molecule.")
        if min(train.min(), test.min()) < 0 or max(train.max(), test.max()) >= n:
            raise ValueError(f"Fold indices must lie between 0 and {n - 1}.")
        if np.intersect1d(train, test).size:
            raise ValueError("A fold uses the same molecule for training and for testing.")
        checked.append((train, test))
    if not checked:
        raise ValueError("The list of folds is empty.")
    return checked
