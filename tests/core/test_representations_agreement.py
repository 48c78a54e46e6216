"""Tests of similarity agreement between representations against scipy and hand arithmetic."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import jaccard, pdist

from chemviz.representations import FeatureMatrix, featurize, similarity_agreement
from tests.core.helpers import molecule_set

SMILES = [
    "CCO", "CCCO", "CCCCO", "CC(C)O", "CC(=O)O", "CCOC(=O)C", "c1ccccc1", "Cc1ccccc1",
    "Oc1ccccc1", "Nc1ccccc1", "Clc1ccccc1", "c1ccc2ccccc2c1", "CC(=O)Nc1ccc(O)cc1",
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "C1CCCCC1", "C1CCOC1", "CCN(CC)CC", "OCC(O)CO",
    "CCCCCCCCCC", "O=C(O)c1ccccc1O", "CC#N", "ClC(Cl)Cl", "CS(C)=O", "c1ccncc1",
]  # fmt: skip


@pytest.fixture(scope="module")
def molecules():
    return molecule_set(SMILES, y=np.arange(len(SMILES)))


def real_matrix(values, rows=None) -> FeatureMatrix:
    values = np.asarray(values, dtype=float)
    rows = np.arange(len(values)) if rows is None else np.asarray(rows)
    return FeatureMatrix(values, [f"x{j}" for j in range(values.shape[1])], "real", rows)


def test_a_representation_agrees_with_itself(molecules):
    """Check that comparing a representation with itself gives ρ = 1 and full overlap."""
    fm = featurize(molecules, "maccs")
    result = similarity_agreement(fm, fm, sample=20, seed=0)
    assert result.spearman == pytest.approx(1.0)
    assert result.knn_overlap == pytest.approx(1.0)
    assert (result.n_sampled, result.n_total) == (20, len(SMILES))
    assert len(result.distances_a) == 20 * 19 // 2


def test_a_shuffled_copy_does_not_agree():
    """Check that shuffling which molecule has which features destroys the agreement."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 8))
    result = similarity_agreement(real_matrix(x), real_matrix(rng.permutation(x)), sample=300)
    assert abs(result.spearman) < 0.1
    assert result.knn_overlap < 0.1


def test_binary_distances_are_scipy_jaccard(molecules):
    """Check fingerprint distances against scipy's Jaccard distance, pair by pair."""
    fm = featurize(molecules, "morgan", n_bits=512)
    result = similarity_agreement(fm, fm, sample=10, seed=4)
    bits = fm.values[result.rows].astype(bool)
    expected = [jaccard(bits[i], bits[j]) for i in range(10) for j in range(i + 1, 10)]
    np.testing.assert_allclose(result.distances_a, expected)
    assert result.metric_a == "Tanimoto distance"


def test_count_tanimoto_by_hand():
    """Check the count Tanimoto distance 1 − Σmin/Σmax on vectors worked by hand."""
    values = np.array([[2, 0, 1], [1, 1, 1], [0, 0, 0], [0, 0, 0], [3, 3, 3], [1, 0, 0], [0, 2, 0]])
    fm = FeatureMatrix(values.astype(np.uint8), ["a", "b", "c"], "count", np.arange(7))
    d = similarity_agreement(fm, fm, sample=7, k=1).distances_a
    # pair (0, 1): Σmin = 1 + 0 + 1 = 2, Σmax = 2 + 1 + 1 = 4 → 1 − 2/4 = 0.5
    assert d[0] == pytest.approx(0.5)
    # pair (2, 3): two empty fingerprints are identical → 0
    pair_23 = 6 + 5 + 0  # condensed index of (2, 3): pairs of row 0 (6), row 1 (5), then first
    assert d[pair_23] == 0.0


def test_real_distances_are_euclidean_on_standardised_columns():
    """Check real-valued distances against scipy pdist of columns standardised over the set."""
    x = np.random.default_rng(5).normal(size=(12, 3)) * [1, 10, 100]
    fm = real_matrix(x)
    result = similarity_agreement(fm, fm, sample=12)
    expected = pdist((x - x.mean(axis=0)) / x.std(axis=0))
    np.testing.assert_allclose(result.distances_a, expected)


def test_knn_overlap_by_hand():
    """Check the 1-nearest-neighbour overlap of two one-feature layouts worked by hand."""
    # A: 0 1 3 7 15 31 63 → nearest: 1, 0, 1, 2, 3, 4, 5
    # B: 0 10 11 30 31 60 61 → nearest: 1, 2, 1, 4, 3, 6, 5
    # same for molecules 0, 2, 4, 6 → overlap 4/7
    a = real_matrix(np.array([[0, 1, 3, 7, 15, 31, 63]]).T)
    b = real_matrix(np.array([[0, 10, 11, 30, 31, 60, 61]]).T)
    result = similarity_agreement(a, b, sample=7, k=1)
    assert result.knn_overlap == pytest.approx(4 / 7)


def test_agreement_uses_only_molecules_in_both():
    """Check that molecules rejected by one representation are left out of the sample frame."""
    x = np.random.default_rng(6).normal(size=(10, 2))
    a = real_matrix(x)
    b = real_matrix(x[[0, 1, 2, 4, 5, 6, 8, 9]], rows=[0, 1, 2, 4, 5, 6, 8, 9])
    result = similarity_agreement(a, b, sample=100)
    assert result.n_total == 8 and result.n_sampled == 8
    np.testing.assert_array_equal(result.rows, [0, 1, 2, 4, 5, 6, 8, 9])
    assert result.spearman == pytest.approx(1.0)


def test_agreement_sample_size_is_checked():
    """Check that a sample too large for memory is refused with the allowed range."""
    fm = real_matrix(np.random.default_rng(0).normal(size=(10, 2)))
    with pytest.raises(ValueError, match="sample must be between 7 and 2000"):
        similarity_agreement(fm, fm, sample=5000)
