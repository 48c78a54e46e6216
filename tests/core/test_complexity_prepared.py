"""What complexity curves learn from: a capped sample, its features kept compact and exact.

References: RDKit's Morgan generator directly, and plain numpy arithmetic.
"""

import numpy as np
import pytest
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator

from chemviz.complexity import compact_features, prepare_curves, validation_curve
from chemviz.datasets import load_dataset
from chemviz.modeldata import model_inputs
from chemviz.molecules import scaffolds
from chemviz.representations import featurize


@pytest.fixture(scope="module")
def freesolv():
    return load_dataset("freesolv")


@pytest.fixture(scope="module")
def morgan_prep(freesolv):
    inputs = model_inputs(featurize(freesolv, "morgan"), freesolv.target("hydration_free_energy"))
    return prepare_curves(inputs, np.array(scaffolds(freesolv), dtype=object), 2000, 0)


def test_fingerprints_are_cached_as_exact_uint8(freesolv, morgan_prep):
    """Check the 642 × 2048 Morgan bits: one byte each (1.3 MB, not 10.5), equal to RDKit's."""
    X = morgan_prep.X
    assert X.dtype == np.uint8 and X.shape == (642, 2048)
    assert X.nbytes == 642 * 2048  # float64 would be 8 × 642 × 2048 = 10,518,528 bytes
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    smiles = [freesolv.smiles[r] for r in morgan_prep.rows]
    reference = np.array([generator.GetFingerprintAsNumPy(Chem.MolFromSmiles(s)) for s in smiles])
    np.testing.assert_array_equal(X, reference)


@pytest.mark.parametrize(
    ("values", "kind", "dtype"),
    [
        ([[0, 1], [1, 0]], "binary", np.uint8),
        ([[0.0, 3.0], [255.0, 1.0]], "count", np.uint8),  # whole floats ≤ 255 fit a byte
        ([[0, 300], [2, 1]], "count", np.uint16),  # 300 > 255
        ([[0.5, 3.0], [1.0, 1.0]], "count", np.float64),  # not whole: kept as is
        ([[-1, 3], [1, 1]], "count", np.float64),  # negative: no unsigned type
    ],
)
def test_compact_features_pick_the_smallest_exact_type(values, kind, dtype):
    """Check the dtype chosen for bits and counts, and that casting back gives the same numbers."""
    X = np.array(values)
    compact = compact_features(X, kind)
    assert compact.dtype == dtype
    np.testing.assert_array_equal(compact.astype(float), X.astype(float))


def test_real_features_are_standardised_in_float64():
    """Check descriptors: float64, mean 0 and SD 1 per column, as (x − mean) / SD by hand."""
    X = np.array([[1.0, 100.0], [2.0, 300.0], [3.0, 500.0], [6.0, 700.0]])
    compact = compact_features(X, "real")
    assert compact.dtype == np.float64
    # Column 0: mean 3, SD sqrt((4 + 1 + 0 + 9) / 4) = sqrt(3.5).
    np.testing.assert_allclose(compact[:, 0], (X[:, 0] - 3) / np.sqrt(3.5), rtol=1e-12)
    np.testing.assert_allclose(compact.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(compact.std(axis=0), 1, rtol=1e-12)


@pytest.mark.parametrize(
    ("model", "knob", "values", "fixed"),
    [
        ("ridge", "lam", [0.1, 10.0], {}),
        ("krr", "sigma", [1.0, 10.0], {"lam": 1e-3}),
        ("knn", "n_neighbors", [3, 8], {}),
    ],
)
def test_curves_on_compact_features_equal_those_on_float64(morgan_prep, model, knob, values, fixed):
    """Check a validation curve on the cached uint8 bits is identical to one on float64 bits."""
    X, y = morgan_prep.X[:200], morgan_prep.y[:200]
    compact = validation_curve(X, y, model, knob, values, fixed=fixed)
    wide = validation_curve(X.astype(np.float64), y, model, knob, values, fixed=fixed)
    np.testing.assert_array_equal(compact.cv_mean, wide.cv_mean)
    np.testing.assert_array_equal(compact.train_mean, wide.train_mean)


def test_a_capped_sample_is_seeded_sorted_and_keeps_each_rows_scaffold(freesolv):
    """Check cap 100 of 642: the seed's own draw (numpy, sorted), with the matching scaffolds."""
    inputs = model_inputs(featurize(freesolv, "morgan"), freesolv.target("hydration_free_energy"))
    every = np.array(scaffolds(freesolv), dtype=object)
    prep = prepare_curves(inputs, every, cap=100, seed=7)
    drawn = np.sort(np.random.default_rng(7).choice(642, size=100, replace=False))
    np.testing.assert_array_equal(prep.rows, inputs.rows[drawn])
    np.testing.assert_array_equal(prep.y, freesolv.target("hydration_free_energy")[prep.rows])
    assert list(prep.scaffolds) == [every[r] for r in prep.rows]
    assert prep.sampled and prep.n_available == 642
