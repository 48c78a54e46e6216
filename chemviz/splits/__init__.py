"""Every sample, split and fold the app makes, in one place.

- :mod:`.holdout`: :func:`sample_indices` (a seeded, capped sample),
  :func:`train_test_indices`, :func:`split_train_val_test` (with a published split);
- :mod:`.folds`: :func:`make_folds` (shuffled k-fold, or whole groups such as
  Bemis–Murcko scaffolds per fold) and :func:`check_folds` (folds a caller gives).

The same data and seed give the same rows everywhere, so the pages' numbers
agree with each other and with scikit-learn given the very same folds.
"""

from chemviz.splits.folds import Fold, balanced_assignment, check_folds, group_codes, make_folds
from chemviz.splits.holdout import (
    MIN_MOLECULES,
    Split,
    sample_indices,
    split_train_val_test,
    train_test_indices,
)

__all__ = [
    "MIN_MOLECULES",
    "Fold",
    "Split",
    "balanced_assignment",
    "check_folds",
    "group_codes",
    "make_folds",
    "sample_indices",
    "split_train_val_test",
    "train_test_indices",
]
