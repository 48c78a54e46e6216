"""Every fold and sample comes from chemviz.splits: the pages agree with scikit-learn.

References: scikit-learn's shuffled ``KFold`` and NumPy's seeded ``choice``.
"""

import numpy as np
import pytest
from sklearn.model_selection import KFold

from chemviz.selection.inputs import cv_splits
from chemviz.splits import check_folds, make_folds, sample_indices


@pytest.mark.parametrize(("n", "k", "seed"), [(10, 2, 0), (642, 5, 3), (101, 10, 7)])
def test_the_path_the_curves_and_the_krr_grid_share_scikit_learns_folds(n, k, seed):
    """Check LASSO's cv_splits, the curves' make_folds and KRR's check_folds against KFold."""
    reference = list(KFold(k, shuffle=True, random_state=seed).split(np.zeros(n)))
    for folds in (cv_splits(n, k, seed), make_folds(n, k, seed), check_folds(k, n, seed)):
        assert len(folds) == k
        for (train, test), (ref_train, ref_test) in zip(folds, reference, strict=True):
            np.testing.assert_array_equal(train, ref_train)
            np.testing.assert_array_equal(test, ref_test)


def test_a_capped_sample_is_numpys_seeded_draw_sorted():
    """Check 3 of 10 with seed 5: numpy's choice without replacement, sorted; all when n ≤ cap."""
    expected = np.sort(np.random.default_rng(5).choice(10, size=3, replace=False))
    np.testing.assert_array_equal(sample_indices(10, 3, 5), expected)
    np.testing.assert_array_equal(sample_indices(4, 10, 5), [0, 1, 2, 3])
    with pytest.raises(ValueError, match="at least 1"):
        sample_indices(4, 0)


@pytest.mark.parametrize(
    ("folds", "message"),
    [
        (1, "at least 2 folds"),
        (20, "more folds \\(20\\) than molecules \\(10\\)"),
        ([([0, 1], [1, 2])], "same molecule for training and for testing"),
        ([([0, 1], [])], "at least one training and one held-out"),
        ([([0, 1], [12])], "between 0 and 9"),
    ],
)
def test_folds_a_caller_gives_are_checked_with_a_reason(folds, message):
    """Check each kind of bad folds gets a message a student can act on."""
    with pytest.raises(ValueError, match=message):
        check_folds(folds, 10)
