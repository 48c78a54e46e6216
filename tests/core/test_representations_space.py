"""Tests of PCA and t-SNE chemical-space maps against numpy and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.manifold import TSNE

from chemviz.representations import featurize, pca_map, tsne_map
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


def numpy_pca(x: np.ndarray, k: int = 2):
    """PCA by eigen-decomposition of the covariance matrix: the textbook reference."""
    centred = x - x.mean(axis=0)
    eigenvalues, vectors = np.linalg.eigh(np.cov(centred, rowvar=False))
    top = np.argsort(eigenvalues)[::-1][:k]
    return centred @ vectors[:, top], eigenvalues[top] / eigenvalues.sum()


def test_pca_of_fingerprints_matches_numpy(molecules):
    """Check PCA scores (up to sign) and variance ratios of Morgan bits against numpy."""
    values = featurize(molecules, "morgan", n_bits=256).values
    result = pca_map(values)
    coords, ratio = numpy_pca(values.astype(float))
    np.testing.assert_allclose(np.abs(result.coords), np.abs(coords), atol=1e-8)
    np.testing.assert_allclose(result.explained_variance_ratio, ratio, rtol=1e-8)
    assert not result.standardized


def test_pca_standardises_real_features(molecules):
    """Check that standardize=True equals PCA of z-scores (population std) computed by hand."""
    values = featurize(molecules, "autocorrelation").values
    std = values.std(axis=0)
    z = (values - values.mean(axis=0)) / np.where(std > 0, std, 1.0)
    coords, ratio = numpy_pca(z)
    result = pca_map(values, standardize=True)
    np.testing.assert_allclose(np.abs(result.coords), np.abs(coords), atol=1e-8)
    np.testing.assert_allclose(result.explained_variance_ratio, ratio, rtol=1e-8)


@pytest.mark.parametrize(
    "values, message",
    [
        (np.ones((2, 4)), "at least 3 molecules"),
        (np.ones((5, 4)), "same value for all molecules"),
    ],
)
def test_pca_refuses_degenerate_input(values, message):
    """Check readable errors for too few molecules and for constant features."""
    with pytest.raises(ValueError, match=message):
        pca_map(values)


@pytest.mark.slow  # t-SNE takes seconds, much more on a busy machine
def test_tsne_matches_scikit_learn_on_low_dimensional_input():
    """Check that t-SNE of ≤ 50 features equals scikit-learn's TSNE with the same settings."""
    x = np.random.default_rng(1).normal(size=(40, 5))
    result = tsne_map(x, seed=3, perplexity=10, max_iter=250)
    expected = TSNE(
        2, perplexity=10, init="pca", learning_rate="auto", max_iter=250, random_state=3
    )
    np.testing.assert_allclose(result.coords, expected.fit_transform(x))
    assert result.input_dims == 5


@pytest.mark.slow  # t-SNE takes seconds, much more on a busy machine
def test_tsne_reduces_wide_input_to_50_dimensions_first():
    """Check that wide inputs go through PCA to 50 dimensions before t-SNE."""
    x = np.random.default_rng(2).integers(0, 2, size=(60, 120))
    result = tsne_map(x, perplexity=5, max_iter=250)
    assert result.input_dims == 50 and result.coords.shape == (60, 2)


def test_tsne_perplexity_must_be_below_the_number_of_molecules():
    """Check that an impossible perplexity raises a readable error."""
    with pytest.raises(ValueError, match="perplexity must be at least 1 and below"):
        tsne_map(np.random.default_rng(0).normal(size=(10, 3)), perplexity=30)
