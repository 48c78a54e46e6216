"""Samples and held-out sets: a capped sample, a test set, training/validation/test sets.

- :func:`sample_indices`: a seeded sample of at most ``cap`` molecules, for
  whatever costs more than linearly in their number (kernel matrices,
  t-SNE, paths and curves on the largest sets).
- :func:`train_test_indices`: a training and a test set (the Kernels page).
- :func:`split_train_val_test`: training, validation and test sets, random
  or the data set's published split (the Neural networks page watches a
  validation set while it trains).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

# Fewer molecules than this cannot fill a training, a validation and a test set
# with enough points for any of the three errors to mean something.
MIN_MOLECULES = 10


def sample_indices(n: int, cap: int, seed: int = 0) -> np.ndarray:
    """Row indices of a reproducible random sample of at most ``cap`` of ``n`` molecules.

    Returns ``arange(n)`` when ``n <= cap``; otherwise ``cap`` distinct
    indices drawn with ``seed`` and sorted, so the sample keeps dataset order.

    >>> sample_indices(5, 10)
    array([0, 1, 2, 3, 4])
    """
    if cap < 1:
        raise ValueError(f"The sample size must be at least 1, got {cap}.")
    if n <= cap:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=cap, replace=False))


def train_test_indices(
    n: int, test_fraction: float = 0.2, seed: int = 0, published_split=None
) -> tuple[np.ndarray, np.ndarray]:
    """Split molecule rows into a training and a test set.

    Parameters
    ----------
    n : int
        Number of molecules.
    test_fraction : float
        Share of molecules held out, 0 < fraction < 1 (ignored with a
        published split).
    seed : int
        Random seed: the same seed gives the same split.
    published_split : array_like of str, shape (n,), optional
        ``"train"``/``"test"`` labels published with a data set; used as is.

    Returns
    -------
    train, test : numpy.ndarray of int
        Sorted row indices.
    """
    if published_split is not None:
        labels = np.asarray(published_split, dtype=str)
        if len(labels) != n:
            raise ValueError(f"The published split has {len(labels)} labels for {n} molecules.")
        unknown = sorted(set(labels) - {"train", "test"})
        if unknown:
            raise ValueError(f"The published split may only say train or test, not {unknown}.")
        return np.flatnonzero(labels == "train"), np.flatnonzero(labels == "test")
    if not 0 < test_fraction < 1:
        raise ValueError(f"The test fraction must be between 0 and 1, got {test_fraction}.")
    n_test = round(test_fraction * n)
    if n_test < 1 or n_test > n - 1:
        raise ValueError(
            f"A test fraction of {test_fraction} of {n} molecules leaves an empty training "
            "or test set; change the fraction or use more molecules."
        )
    shuffled = np.random.default_rng(seed).permutation(n)
    return np.sort(shuffled[n_test:]), np.sort(shuffled[:n_test])


class Split(NamedTuple):
    """Row indices of the training, validation and test sets (sorted, disjoint)."""

    train: np.ndarray
    val: np.ndarray
    test: np.ndarray


def split_train_val_test(
    n: int,
    val_fraction: float = 0.15,
    test_fraction: float = 0.15,
    seed: int = 0,
    published_split: Sequence[str] | None = None,
) -> Split:
    """Partition ``n`` molecules at random into training, validation and test sets.

    Parameters
    ----------
    n : int
        Number of molecules (with a target value).
    val_fraction, test_fraction : float
        Shares of all ``n`` molecules held out; each set gets
        ``ceil(fraction · n)`` molecules, the training set the rest.
    seed : int
        Seed of the random permutation.
    published_split : sequence of str, optional
        ``"train"``/``"test"`` per molecule (``MoleculeSet.split``). If given,
        its test rows are the test set (``test_fraction`` is ignored) and the
        validation set is drawn from its training rows.

    Returns
    -------
    Split
        ``(train, val, test)`` index arrays of shape (n_set,).

    Raises
    ------
    ValueError
        If a fraction is out of range, or there are too few molecules to fill
        all three sets; the message says how many are needed.

    Notes
    -----
    The training set fits the weights, the validation set decides when to
    stop and which hyperparameters to keep, and the test set is looked at
    once, at the end. A network watched against its validation error is
    being tuned on it, so that error is optimistic; only the test error is a
    fair estimate of performance on new molecules.
    """
    if not (0 < val_fraction < 1 and 0 < test_fraction < 1):
        raise ValueError("The validation and test fractions must lie between 0 and 1")
    if val_fraction + test_fraction >= 1:
        raise ValueError("The validation and test fractions leave nothing to train on")
    rng = np.random.default_rng(seed)
    if published_split is not None:
        labels = np.asarray(published_split, dtype=str)
        if labels.shape != (n,) or not set(labels) <= {"train", "test"}:
            raise ValueError(f"The published split must give 'train' or 'test' for all {n} rows")
        pool, test = np.flatnonzero(labels == "train"), np.flatnonzero(labels == "test")
        if len(test) == 0:
            raise ValueError("The published split has no test rows; use a random split")
    else:
        order = rng.permutation(n)
        n_test = math.ceil(test_fraction * n)
        pool, test = order[n_test:], order[:n_test]
    n_val = math.ceil(val_fraction * n)
    if n < MIN_MOLECULES or len(test) == 0 or len(pool) - n_val < 2:
        raise ValueError(
            f"Too few molecules to split into training, validation and test sets: "
            f"{n} have a target value, and at least {_needed(val_fraction, test_fraction)} "
            f"are needed (or a published split with training and test rows to spare)"
        )
    pool = rng.permutation(pool)
    return Split(np.sort(pool[n_val:]), np.sort(pool[:n_val]), np.sort(test))


def _needed(val_fraction: float, test_fraction: float) -> int:
    """Smallest m such that every random split of m or more molecules leaves two to train on."""
    # Rounding up means n − ⌈vn⌉ − ⌈tn⌉ > n(1 − v − t) − 2, which is ≥ 2 from this n on ...
    n = max(MIN_MOLECULES, math.ceil(4 / (1 - val_fraction - test_fraction)))
    # ... and often a little below it too.
    while n > MIN_MOLECULES and _n_train(n - 1, val_fraction, test_fraction) >= 2:
        n -= 1
    return n


def _n_train(n: int, val_fraction: float, test_fraction: float) -> int:
    return n - math.ceil(val_fraction * n) - math.ceil(test_fraction * n)
