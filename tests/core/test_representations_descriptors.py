"""Tests of the RDKit-descriptor representation: values, gaps and absurd magnitudes."""

from __future__ import annotations

import numpy as np
import pytest
from rdkit import Chem
from rdkit.Chem import Descriptors

from chemviz.representations import featurize
from chemviz.representations.descriptors import ABSURD_MAGNITUDE, clean_columns
from tests.core.helpers import molecule_set

ASPIRIN = "CC(=O)Oc1ccccc1C(=O)O"


@pytest.fixture(scope="module")
def small_set():
    # Tetraethyltin has no Gasteiger parameters: partial charges and BCUTs are NaN.
    return molecule_set([ASPIRIN, "CCO", "c1ccccc1", "CC[Sn](CC)(CC)CC", "CCN"])


@pytest.fixture(scope="module")
def small_fm(small_set):
    return featurize(small_set, "descriptors")


@pytest.mark.parametrize(
    "name, function",
    [
        ("MolWt", Descriptors.MolWt),
        ("TPSA", Descriptors.TPSA),
        ("MolLogP", Descriptors.MolLogP),
        ("NumHDonors", Descriptors.NumHDonors),
    ],
)
def test_descriptor_values_equal_rdkit(small_fm, name, function):
    """Check that a descriptor column equals RDKit's function for aspirin."""
    assert small_fm.values[0, small_fm.names.index(name)] == pytest.approx(
        function(Chem.MolFromSmiles(ASPIRIN))
    )


def test_aspirin_molecular_weight_by_hand(small_fm):
    """Check aspirin's MolWt against its formula C9H8O4."""
    # 9 × 12.011 + 8 × 1.008 + 4 × 15.999 = 108.099 + 8.064 + 63.996 = 180.159 g/mol
    assert small_fm.values[0, small_fm.names.index("MolWt")] == pytest.approx(180.159, abs=1e-3)


def test_every_rdkit_descriptor_is_a_named_column(small_fm):
    """Check that the columns are Descriptors.descList in order, Ipc on a log scale."""
    expected = [name for name, _ in Descriptors.descList]
    expected[expected.index("Ipc")] = "log10(1+Ipc)"
    assert small_fm.names == expected
    assert small_fm.kind == "real"


def test_missing_partial_charges_are_filled_with_median_and_reported(small_set, small_fm):
    """Check that tin's missing charges become the column median and are named in notes."""
    column = small_fm.names.index("MaxPartialCharge")
    others = [Descriptors.MaxPartialCharge(small_set.mols[i]) for i in (0, 1, 2, 4)]
    assert small_fm.values[3, column] == pytest.approx(np.median(others))
    assert np.isfinite(small_fm.values).all()
    assert any("MaxPartialCharge (1)" in note and "median" in note for note in small_fm.notes)
    np.testing.assert_array_equal(small_fm.rows, np.arange(5))


def test_clean_columns_by_hand():
    """Check median filling and clipping on a small matrix worked by hand."""
    values = np.array([[1.0, np.nan, 1e30], [3.0, np.inf, 2.0], [5.0, 2.0, -1e12], [7.0, 4.0, 5.0]])
    cleaned, notes = clean_columns(values, ["a", "b", "c"])
    # column b: finite values 2 and 4, median 3 → replaces NaN and inf
    np.testing.assert_array_equal(cleaned[:, 1], [3.0, 3.0, 2.0, 4.0])
    # column c: ±1e30 and 1e12 exceed 1e10 and are clipped to ±1e10
    np.testing.assert_array_equal(cleaned[:, 2], [ABSURD_MAGNITUDE, 2.0, -ABSURD_MAGNITUDE, 5.0])
    np.testing.assert_array_equal(cleaned[:, 0], [1.0, 3.0, 5.0, 7.0])
    assert "b (2)" in notes[0] and "median" in notes[0]
    assert "c (2)" in notes[1] and "clipped" in notes[1]


def test_column_without_any_value_becomes_zero():
    """Check that a column with no finite value at all is filled with 0, not NaN."""
    cleaned, notes = clean_columns(np.array([[np.nan, 1.0], [np.nan, 2.0]]), ["x", "y"])
    np.testing.assert_array_equal(cleaned[:, 0], [0.0, 0.0])
    assert "x (2)" in notes[0]


def test_costly_ipc_is_skipped_for_very_large_molecules():
    """Check that Ipc is not computed above 100 heavy atoms and that this is reported."""
    fm = featurize(molecule_set(["C" * 120, "CCCCCC"]), "descriptors")
    ipc = fm.names.index("log10(1+Ipc)")
    small = Chem.MolFromSmiles("CCCCCC")
    # With one other molecule, the median of the column is that molecule's value.
    assert fm.values[0, ipc] == pytest.approx(np.log10(1 + Descriptors.Ipc(small)))
    assert "more than 100 heavy atoms" in fm.notes[0]
