"""Tests of feature-matrix summaries against numpy and hand arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from chemviz.representations import FeatureMatrix, summarize


def real_matrix(values, rows=None) -> FeatureMatrix:
    values = np.asarray(values, dtype=float)
    rows = np.arange(len(values)) if rows is None else np.asarray(rows)
    return FeatureMatrix(values, [f"x{j}" for j in range(values.shape[1])], "real", rows)


def test_summary_of_a_binary_matrix_by_hand():
    """Check sparsity, always/never-on bits and variances of a 4 × 3 matrix worked by hand."""
    values = np.array([[1, 0, 1], [1, 0, 0], [1, 0, 1], [1, 0, 0]], dtype=np.uint8)
    s = summarize(FeatureMatrix(values, ["a", "b", "c"], "binary", np.arange(4)))
    assert (s.n_molecules, s.n_features) == (4, 3)
    assert s.sparsity == pytest.approx(6 / 12)  # six zeros among twelve entries
    assert (s.n_always_on, s.n_never_on, s.n_constant) == (1, 1, 2)
    # column c is on half the time: p(1 − p) = 0.5 × 0.5 = 0.25
    np.testing.assert_allclose(s.variance, [0.0, 0.0, 0.25])


def test_summary_variance_matches_numpy_across_blocks():
    """Check the blockwise variance against np.var on a count matrix wider than one block."""
    values = np.random.default_rng(0).integers(0, 4, size=(30, 600)).astype(np.uint8)
    s = summarize(FeatureMatrix(values, [str(j) for j in range(600)], "count", np.arange(30)))
    np.testing.assert_allclose(s.variance, values.astype(float).var(axis=0))


def test_summary_of_real_features_has_no_on_counts():
    """Check that always/never-on is undefined (None) for real-valued features."""
    s = summarize(real_matrix([[1.0, 2.0], [3.0, 2.0]]))
    assert s.n_always_on is None and s.n_never_on is None and s.n_constant == 1
