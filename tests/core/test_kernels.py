"""Tests of chemviz.kernels against scikit-learn, RDKit, scipy and hand arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pytest
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator
from scipy.spatial.distance import jaccard
from sklearn.metrics.pairwise import (
    cosine_similarity,
    laplacian_kernel,
    linear_kernel,
    polynomial_kernel,
    rbf_kernel,
)

from chemviz.kernels import (
    KERNELS,
    kernel_heatmap_order,
    kernel_matrices,
    kernel_matrix,
    median_heuristic_sigma,
    offdiagonal_values,
    sample_indices,
)

SMILES = [
    "CCO", "CCCO", "CCCCO", "CC(C)O", "CC(=O)O", "CCOC(=O)C", "c1ccccc1", "Cc1ccccc1",
    "Oc1ccccc1", "Nc1ccccc1", "Clc1ccccc1", "c1ccc2ccccc2c1", "CC(=O)Nc1ccc(O)cc1",
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "C1CCCCC1", "C1CCOC1", "CCN(CC)CC", "OCC(O)CO",
    "CCCCCCCCCC", "O=C(O)c1ccccc1O",
]  # fmt: skip


@pytest.fixture(scope="module")
def morgan():
    """Morgan (radius 2, 2048 bits) bit and count fingerprints as RDKit objects and arrays."""
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    mols = [Chem.MolFromSmiles(s) for s in SMILES]
    bits = [gen.GetFingerprint(m) for m in mols]
    counts = [gen.GetCountFingerprint(m) for m in mols]

    def to_array(fp):
        arr = np.zeros(2048)
        DataStructs.ConvertToNumpyArray(fp, arr)
        return arr

    return {
        "bits": bits,
        "counts": counts,
        "bit_array": np.array([to_array(fp) for fp in bits]),
        "count_array": np.array([to_array(fp) for fp in counts]),
    }


@pytest.fixture(scope="module")
def real_data():
    rng = np.random.default_rng(7)
    return rng.normal(size=(15, 6)), rng.normal(size=(9, 6))


@pytest.mark.parametrize("sigma", [0.3, 1.0, 2.5, 10.0])
def test_gaussian_matches_sklearn_rbf_with_gamma_one_over_sigma_squared(real_data, sigma):
    """Check that exp(−‖x−y‖²/σ²) equals scikit-learn's rbf_kernel with γ = 1/σ²."""
    X, Y = real_data
    gamma = 1.0 / sigma**2
    np.testing.assert_allclose(
        kernel_matrix(X, kind="gaussian", sigma=sigma), rbf_kernel(X, gamma=gamma), atol=1e-12
    )
    np.testing.assert_allclose(
        kernel_matrix(X, Y, kind="gaussian", sigma=sigma), rbf_kernel(X, Y, gamma=gamma), atol=1e-12
    )


def test_gaussian_of_identical_molecules_is_exactly_one(morgan):
    """Check that the Gaussian diagonal is exactly 1 despite the ‖x‖² + ‖y‖² − 2x·y rounding."""
    K = kernel_matrix(morgan["count_array"], kind="gaussian", sigma=3.0)
    assert np.all(np.diag(K) == 1.0)


@pytest.mark.parametrize("sigma", [0.5, 4.0, 30.0])
@pytest.mark.parametrize("data", ["real", "counts"])
def test_laplacian_matches_sklearn_with_gamma_one_over_sigma(real_data, morgan, sigma, data):
    """Check that exp(−‖x−y‖₁/σ) equals scikit-learn's laplacian_kernel with γ = 1/σ."""
    X, Y = real_data if data == "real" else (morgan["count_array"], morgan["count_array"][:7])
    np.testing.assert_allclose(
        kernel_matrix(X, kind="laplacian", sigma=sigma), laplacian_kernel(X, gamma=1 / sigma),
        atol=1e-12,
    )  # fmt: skip
    np.testing.assert_allclose(
        kernel_matrix(X, Y, kind="laplacian", sigma=sigma),
        laplacian_kernel(X, Y, gamma=1 / sigma),
        atol=1e-12,
    )


@pytest.mark.parametrize(("degree", "c"), [(1, 0.0), (2, 1.0), (3, 0.5), (4, 2.0)])
def test_polynomial_matches_sklearn(real_data, degree, c):
    """Check that (x·y + c)^d equals scikit-learn's polynomial_kernel with γ = 1, coef0 = c."""
    X, Y = real_data
    np.testing.assert_allclose(
        kernel_matrix(X, Y, kind="polynomial", degree=degree, c=c),
        polynomial_kernel(X, Y, degree=degree, gamma=1.0, coef0=c),
        rtol=1e-12,
    )


def test_polynomial_defaults_are_degree_two_offset_one():
    """Check that the default polynomial kernel is (x·y + 1)²."""
    # x = (1, 2), y = (3, 1): x·y = 3 + 2 = 5, (5 + 1)² = 36.
    assert kernel_matrix([[1.0, 2.0]], [[3.0, 1.0]], kind="polynomial")[0, 0] == 36.0


def test_linear_matches_sklearn(real_data):
    """Check that the linear kernel equals scikit-learn's linear_kernel."""
    X, Y = real_data
    np.testing.assert_allclose(kernel_matrix(X, Y, kind="linear"), linear_kernel(X, Y), rtol=1e-12)


def test_cosine_matches_sklearn_including_a_zero_vector(real_data):
    """Check that the cosine kernel equals scikit-learn's (a zero vector has similarity 0)."""
    X, Y = real_data
    X = X.copy()
    X[3] = 0.0
    np.testing.assert_allclose(
        kernel_matrix(X, Y, kind="cosine"), cosine_similarity(X, Y), atol=1e-12
    )
    np.testing.assert_allclose(kernel_matrix(X, kind="cosine"), cosine_similarity(X), atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.uint8, bool])
def test_binary_tanimoto_matches_rdkit_bulk_tanimoto(morgan, dtype):
    """Check that Tanimoto on Morgan bit vectors (float, uint8 or bool) equals RDKit's."""
    reference = np.array(
        [DataStructs.BulkTanimotoSimilarity(fp, morgan["bits"]) for fp in morgan["bits"]]
    )
    K = kernel_matrix(morgan["bit_array"].astype(dtype), kind="tanimoto")
    assert K.dtype == np.float64
    np.testing.assert_allclose(K, reference, atol=1e-12)


def test_binary_tanimoto_between_two_sets_matches_rdkit(morgan):
    """Check the rectangular case (first 8 molecules against the last 12) against RDKit."""
    bits = morgan["bits"]
    reference = np.array([DataStructs.BulkTanimotoSimilarity(fp, bits[8:]) for fp in bits[:8]])
    K = kernel_matrix(morgan["bit_array"][:8], morgan["bit_array"][8:], kind="tanimoto")
    np.testing.assert_allclose(K, reference, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.uint8, np.int64])
def test_count_tanimoto_matches_rdkit_on_count_fingerprints(morgan, dtype):
    """Check that the min/max Tanimoto of count vectors equals RDKit's on UIntSparseIntVect."""
    counts = morgan["counts"]
    assert morgan["count_array"].max() > 1  # the test needs real counts
    reference = np.array([DataStructs.BulkTanimotoSimilarity(fp, counts) for fp in counts])
    K = kernel_matrix(morgan["count_array"].astype(dtype), kind="tanimoto")
    np.testing.assert_allclose(K, reference, atol=1e-12)
    # Rectangular, float counts against integer ones: the same numbers.
    K = kernel_matrix(
        morgan["count_array"][:5], morgan["count_array"].astype(dtype), kind="tanimoto"
    )
    np.testing.assert_allclose(K, reference[:5], atol=1e-12)


def test_count_tanimoto_of_two_vectors_by_hand():
    """Check Σmin/Σmax on a = (2, 0, 1, 3), b = (1, 1, 1, 0)."""
    # Σmin = 1 + 0 + 1 + 0 = 2; Σmax = 2 + 1 + 1 + 3 = 7; similarity 2/7.
    K = kernel_matrix([[2, 0, 1, 3]], [[1, 1, 1, 0]], kind="tanimoto")
    assert K[0, 0] == pytest.approx(2 / 7, abs=1e-15)


def test_count_tanimoto_with_large_counts_matches_the_definition():
    """Check the large-count path (one L1 pass) against Σmin/Σmax computed pair by pair."""
    rng = np.random.default_rng(3)
    X = rng.integers(0, 300, size=(12, 10)).astype(float)
    Y = rng.integers(0, 300, size=(5, 10)).astype(float)
    both = np.minimum(X[:, None, :], Y[None, :, :]).sum(axis=2)
    either = np.maximum(X[:, None, :], Y[None, :, :]).sum(axis=2)
    np.testing.assert_allclose(kernel_matrix(X, Y, kind="tanimoto"), both / either, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.uint8])
def test_tanimoto_of_two_empty_fingerprints_is_one_like_scipy_jaccard(dtype):
    """Check that two empty fingerprints have similarity 1 − scipy's Jaccard distance = 1."""
    X = np.array([[0, 0, 0], [0, 0, 0], [1, 0, 1]], dtype=dtype)
    K = kernel_matrix(X, kind="tanimoto")
    assert K[0, 1] == 1.0 - jaccard(X[0], X[1]) == 1.0
    assert K[0, 2] == 1.0 - jaccard(X[0], X[2]) == 0.0
    # |a| = 2, |b| = 1, a·b = 1: 1 / (2 + 1 − 1) = 0.5; empty against non-empty is 0.
    K = kernel_matrix(X[[2, 0]], np.array([[1, 0, 0], [0, 0, 0]], dtype=dtype), kind="tanimoto")
    np.testing.assert_array_equal(K, [[0.5, 0.0], [0.0, 1.0]])


@pytest.mark.parametrize(
    "bad",
    [[[1.0, -1.0]], [[0.5, 1.0]], np.array([[1, -1]], dtype=np.int8)],
    ids=["negative", "fractional", "negative integer"],
)
def test_tanimoto_on_a_non_fingerprint_asks_for_a_fingerprint(bad):
    """Check that Tanimoto on negative or fractional values raises a ValueError in words."""
    with pytest.raises(ValueError, match="pick a fingerprint representation"):
        kernel_matrix(bad, kind="tanimoto")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "rbf"}, "Unknown kernel 'rbf'; choose one of: linear"),
        ({"kind": "gaussian", "gamma": 1.0}, "The gaussian kernel takes sigma; got gamma"),
        ({"kind": "tanimoto", "sigma": 1.0}, "The tanimoto kernel takes no parameters"),
        ({"kind": "gaussian", "sigma": 0.0}, "sigma must be > 0"),
        ({"kind": "laplacian", "sigma": -1.0}, "sigma must be > 0"),
        ({"kind": "polynomial", "degree": 1.5}, "degree must be a whole number"),
        ({"kind": "polynomial", "degree": 0}, "degree must be a whole number"),
        ({"kind": "polynomial", "c": -1.0}, "offset c must be ≥ 0"),
    ],
)
def test_bad_kernel_choices_raise_clear_errors(kwargs, message):
    """Check that unknown kernels and invalid parameters raise a ValueError naming the fix."""
    with pytest.raises(ValueError, match=message):
        kernel_matrix(np.ones((3, 2)), **kwargs)


@pytest.mark.parametrize(
    ("X", "Y", "message"),
    [
        ([[1.0, np.nan]], None, "missing or infinite values"),
        ([1.0, 2.0], None, "numeric table of shape"),
        ([["a", "b"]], None, "numeric table of shape"),
        ([[1.0, 2.0]], [[1.0, 2.0, 3.0]], "different numbers of features"),
    ],
)
def test_bad_inputs_raise_clear_errors(X, Y, message):
    """Check that NaN, 1D, text and mismatched inputs raise a ValueError in words."""
    with pytest.raises(ValueError, match=message):
        kernel_matrix(X, Y, kind="linear")


@pytest.mark.parametrize("name", list(KERNELS))
def test_every_registered_kernel_runs_with_its_defaults(name, morgan):
    """Check that each kernel runs with its defaults (inside the slider range), symmetric."""
    kernel = KERNELS[name]
    assert kernel.formula_latex and kernel.label and kernel.requires in ("any", "nonnegative")
    for p in kernel.params:
        assert p.low <= p.default <= p.high
    K = kernel_matrix(morgan["bit_array"], kind=name)
    assert K.shape == (len(SMILES), len(SMILES))
    np.testing.assert_allclose(K, K.T, atol=1e-12)


@pytest.mark.parametrize(
    ("kind", "grid", "reference"),
    [
        (
            "gaussian",
            [{"sigma": s} for s in (0.5, 2.0, 8.0)],
            lambda X, s: rbf_kernel(X, gamma=s**-2),
        ),
        (
            "laplacian",
            [{"sigma": s} for s in (1.0, 5.0)],
            lambda X, s: laplacian_kernel(X, gamma=1 / s),
        ),
        ("polynomial", [{"degree": 2, "c": 1.0}, {"degree": 3, "c": 0.0}], None),
    ],
)
def test_kernel_matrices_over_a_grid_equal_one_kernel_matrix_per_setting(
    morgan, kind, grid, reference
):
    """Check that a grid of widths (one shared distance matrix) gives kernel_matrix and sklearn."""
    X = morgan["count_array"]
    matrices = list(kernel_matrices(X, kind, grid))
    assert len(matrices) == len(grid)
    for K, params in zip(matrices, grid, strict=True):
        np.testing.assert_array_equal(K, kernel_matrix(X, kind=kind, **params))
        if reference is not None:
            np.testing.assert_allclose(K, reference(X, params["sigma"]), atol=1e-12)


def test_kernel_matrices_checks_every_width():
    """Check that a bad σ anywhere in the grid raises the same ValueError as kernel_matrix."""
    with pytest.raises(ValueError, match="sigma must be > 0"):
        list(kernel_matrices(np.eye(3), "gaussian", [{"sigma": 1.0}, {"sigma": -2.0}]))


def test_median_heuristic_on_three_points_by_hand():
    """Check σ on points 0, 1, 3 on a line: distances 1, 3, 2, so the median is 2."""
    assert median_heuristic_sigma([[0.0], [1.0], [3.0]]) == 2.0


def test_median_heuristic_laplacian_uses_l1_distances():
    """Check σ for (0,0), (1,1), (3,0): L1 distances 2, 3, 3, so the median is 3."""
    # |0−1| + |0−1| = 2; |0−3| + |0−0| = 3; |1−3| + |1−0| = 3.
    assert median_heuristic_sigma([[0.0, 0.0], [1.0, 1.0], [3.0, 0.0]], kind="laplacian") == 3.0


def test_median_heuristic_gives_typical_similarity_one_over_e():
    """Check that with σ from the heuristic, the median Gaussian similarity is e⁻¹."""
    # 42 molecules give 861 pairs: an odd count, so the median is one actual pair.
    X = np.random.default_rng(0).normal(size=(42, 3))
    sigma = median_heuristic_sigma(X, sample=1000)
    K = kernel_matrix(X, kind="gaussian", sigma=sigma)
    assert np.median(offdiagonal_values(K)) == pytest.approx(math.exp(-1), rel=1e-9)


def test_median_heuristic_of_identical_molecules_raises():
    """Check that identical representations raise a ValueError instead of returning σ = 0."""
    with pytest.raises(ValueError, match="same representation"):
        median_heuristic_sigma(np.ones((4, 3)))


def test_sample_indices_keeps_everything_below_the_cap():
    """Check that a set no larger than the cap is used whole, in order."""
    np.testing.assert_array_equal(sample_indices(5, 10, seed=1), np.arange(5))


def test_sample_indices_is_reproducible_sorted_and_distinct():
    """Check that a seed gives one sorted sample of distinct rows, another seed another."""
    a = sample_indices(1000, 60, seed=4)
    assert len(np.unique(a)) == 60 and np.all(np.diff(a) > 0) and a.max() < 1000
    np.testing.assert_array_equal(a, sample_indices(1000, 60, seed=4))
    assert not np.array_equal(a, sample_indices(1000, 60, seed=5))


def test_offdiagonal_values_are_the_upper_triangle():
    """Check that a 3 × 3 matrix gives K01, K02, K12."""
    K = np.array([[1.0, 0.2, 0.3], [0.2, 1.0, 0.6], [0.3, 0.6, 1.0]])
    np.testing.assert_array_equal(offdiagonal_values(K), [0.2, 0.3, 0.6])
    with pytest.raises(ValueError, match="square"):
        offdiagonal_values(K[:2])


def test_heatmap_order_by_dataset_and_target():
    """Check the dataset order and the order of increasing target (NaN last)."""
    K = np.eye(4)
    np.testing.assert_array_equal(kernel_heatmap_order(K, "dataset"), [0, 1, 2, 3])
    np.testing.assert_array_equal(
        kernel_heatmap_order(K, "target", y=[3.0, np.nan, 1.0, 2.0]), [2, 3, 0, 1]
    )


def test_heatmap_cluster_order_keeps_similar_molecules_together():
    """Check that clustering puts two interleaved families of molecules into contiguous blocks."""
    family = np.array([0, 1, 0, 1, 0, 1, 0])
    K = np.where(family[:, None] == family[None, :], 0.9, 0.1)
    np.fill_diagonal(K, 1.0)
    order = kernel_heatmap_order(K, "cluster")
    assert sorted(order) == list(range(7))
    assert np.count_nonzero(np.diff(family[order])) == 1  # one boundary between the two blocks


@pytest.mark.parametrize(
    ("how", "y", "message"), [("size", None, "Unknown order"), ("target", None, "one target value")]
)
def test_heatmap_order_errors(how, y, message):
    """Check that an unknown order or a missing target raises a ValueError."""
    with pytest.raises(ValueError, match=message):
        kernel_heatmap_order(np.eye(3), how, y=y)


def test_most_similar_pair_ignores_the_diagonal():
    """Check that the pair is the largest off-diagonal entry, found by hand in a 3 × 3 matrix."""
    from chemviz.kernels import most_similar_pair

    K = np.array([[1.0, 0.2, 0.7], [0.2, 1.0, 0.4], [0.7, 0.4, 1.0]])
    assert most_similar_pair(K) == (0, 2)
    with pytest.raises(ValueError, match="2 molecules or more"):
        most_similar_pair(np.ones((1, 1)))


def test_every_kernel_parameter_offers_slider_stops_within_its_range():
    """Check the registry's stops: inside [low, high], whole for integers, σ's steps 2^(k/2)."""
    from chemviz.kernels import KERNELS

    for kernel in KERNELS.values():
        for p in kernel.params:
            assert p.stops, f"{kernel.name}.{p.name} has no stops"
            if p.median_steps:  # σ_med · 2^(k/2) for k = −4…4: a quarter to four times σ_med
                assert (2.0 ** (min(p.stops) / 2), 2.0 ** (max(p.stops) / 2)) == (0.25, 4.0)
                continue
            assert all(p.low <= v <= p.high for v in p.stops)
            assert not p.integer or all(v == int(v) for v in p.stops)
            assert p.default in p.stops
