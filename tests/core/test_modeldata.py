"""model_inputs: features and target aligned by row, worked by hand on a five-molecule set."""

import numpy as np
import pytest

from chemviz.modeldata import model_inputs
from chemviz.representations import FeatureMatrix


def features(rows=(0, 1, 3, 4)) -> FeatureMatrix:
    """Four featurised molecules of five (molecule 2 rejected); row r holds [r, 10r]."""
    rows = np.array(rows)
    values = np.column_stack([rows, 10 * rows]).astype(np.uint8)
    values.setflags(write=False)  # as the shared cache holds them
    return FeatureMatrix(values, ["a", "b"], "count", rows)


def test_targets_are_taken_at_the_featurised_rows_and_nan_rows_dropped():
    """Check y = [0.5, 1.5, nan, 3.5, nan]: rows 0, 1, 3 kept, with their features."""
    inputs = model_inputs(features(), np.array([0.5, 1.5, 2.5, 3.5, np.nan]))
    np.testing.assert_array_equal(inputs.rows, [0, 1, 3])
    np.testing.assert_array_equal(inputs.y, [0.5, 1.5, 3.5])
    np.testing.assert_array_equal(inputs.X, [[0, 0], [1, 10], [3, 30]])
    assert inputs.n_missing_target == 1  # molecule 4; molecule 2 was never featurised


def test_with_every_target_known_the_features_are_not_copied():
    """Check that the usual case shares the cached feature array (20 MB on AqSolDB)."""
    fm = features()
    inputs = model_inputs(fm, np.arange(5.0))
    assert inputs.X is fm.values and inputs.rows is fm.rows
    assert not inputs.X.flags.writeable


def test_too_few_molecules_with_a_target_is_a_message():
    """Check that one usable molecule of a minimum of two raises a readable ValueError."""
    with pytest.raises(ValueError, match="Only 1 molecule"):
        model_inputs(features(), np.array([1.0, np.nan, np.nan, np.nan, np.nan]))
