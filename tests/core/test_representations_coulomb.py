"""Tests of Coulomb-matrix features against the formula applied to conformer coordinates."""

from __future__ import annotations

import numpy as np
import pytest
from rdkit import Chem
from rdkit.Chem import rdMolDescriptors

from chemviz.geometry import embed_conformer
from chemviz.representations import coulomb as coulomb_module
from chemviz.representations import featurize
from chemviz.representations.coulomb import coulomb_matrix
from tests.core.helpers import molecule_set


def hand_coulomb(mol3d: Chem.Mol) -> np.ndarray:
    """M_II = 0.5 Z^2.4, M_IJ = Z_I Z_J / |R_I − R_J| (Å), straight from the coordinates."""
    z = np.array([a.GetAtomicNum() for a in mol3d.GetAtoms()], dtype=float)
    r = mol3d.GetConformer().GetPositions()
    n = len(z)
    m = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            m[i, j] = 0.5 * z[i] ** 2.4 if i == j else z[i] * z[j] / np.linalg.norm(r[i] - r[j])
    return m


@pytest.fixture(scope="module")
def ethanol_3d():
    # The same seeded embedding chemviz.geometry uses for uploads.
    return embed_conformer(Chem.MolFromSmiles("CCO"))


def test_rdkit_calc_coulomb_mat_is_the_plain_matrix(ethanol_3d):
    """Check that RDKit's CalcCoulombMat is the formula itself, in atom order, not randomised."""
    rdkit_matrix = np.array([list(row) for row in rdMolDescriptors.CalcCoulombMat(ethanol_3d)])
    np.testing.assert_allclose(rdkit_matrix, hand_coulomb(ethanol_3d), rtol=1e-10)


@pytest.mark.parametrize("smiles", ["CCO", "ClC(Br)C#N", "c1ccccc1O"])
def test_coulomb_matrix_equals_rdkit(smiles):
    """Check our NumPy Coulomb matrix against RDKit's CalcCoulombMat."""
    mol3d = embed_conformer(Chem.MolFromSmiles(smiles))
    rdkit_matrix = np.array([list(row) for row in rdMolDescriptors.CalcCoulombMat(mol3d)])
    np.testing.assert_allclose(coulomb_matrix(mol3d), rdkit_matrix, rtol=1e-10)


def test_coulomb_matrix_by_hand(ethanol_3d):
    """Check symmetry, Z_I Z_J / r_IJ off the diagonal and 0.5 Z^2.4 on it."""
    m = coulomb_matrix(ethanol_3d)
    np.testing.assert_allclose(m, hand_coulomb(ethanol_3d), rtol=1e-10)
    np.testing.assert_allclose(m, m.T)
    # carbon: 0.5 × 6^2.4 = 0.5 × 73.717 = 36.858; hydrogen: 0.5 × 1^2.4 = 0.5
    assert m[0, 0] == pytest.approx(36.858, abs=1e-3)
    assert m[-1, -1] == pytest.approx(0.5)


def test_eigenvalue_form_equals_sorted_eigvalsh_and_pads(ethanol_3d):
    """Check eigenvalues sorted by |λ| and zero-padding of the smaller molecule (water)."""
    fm = featurize(molecule_set(["CCO", "O"]), "coulomb", form="eigenvalues")
    eig = np.linalg.eigvalsh(hand_coulomb(ethanol_3d))
    expected = eig[np.argsort(-np.abs(eig))]
    assert fm.values.shape == (2, 9)  # ethanol C2H6O has 9 atoms with H
    np.testing.assert_allclose(fm.values[0], expected, rtol=1e-8)
    water = hand_coulomb(embed_conformer(Chem.MolFromSmiles("O")))
    w = np.linalg.eigvalsh(water)
    np.testing.assert_allclose(fm.values[1, :3], w[np.argsort(-np.abs(w))], rtol=1e-8)
    np.testing.assert_array_equal(fm.values[1, 3:], 0.0)
    assert fm.names[0] == "eigenvalue 1" and fm.kind == "real"


def test_sorted_matrix_form_by_hand():
    """Check row-norm sorting, the upper triangle and padding against water computed by hand."""
    fm = featurize(molecule_set(["CCO", "O"]), "coulomb", form="sorted_matrix")
    water = hand_coulomb(embed_conformer(Chem.MolFromSmiles("O")))
    order = np.argsort(-np.linalg.norm(water, axis=1), kind="stable")
    padded = np.zeros((9, 9))
    padded[:3, :3] = water[np.ix_(order, order)]
    expected = padded[np.triu_indices(9)]
    assert fm.values.shape == (2, 9 * 10 // 2)  # 45 upper-triangle entries
    np.testing.assert_allclose(fm.values[1], expected, rtol=1e-6)  # stored as float32
    assert fm.names[:2] == ["M[1,1]", "M[1,2]"]
    # Oxygen has the largest row norm, so it comes first: 0.5 × 8^2.4 = 73.517.
    assert fm.values[1, 0] == pytest.approx(73.517, abs=1e-3)


def test_molecules_over_the_atom_cap_are_rejected_not_truncated():
    """Check that octane (26 atoms with H) is rejected by a cap of 20, with the reason."""
    fm = featurize(molecule_set(["CCCCCCCC", "CCO"]), "coulomb", form="sorted_matrix", max_atoms=20)
    np.testing.assert_array_equal(fm.rows, [1])
    assert fm.rejected[0].index == 0
    assert "has 26 atoms with hydrogens" in fm.rejected[0].reason
    assert "capped at 20" in fm.rejected[0].reason


def test_eigenvalue_form_ignores_the_atom_cap():
    """Check that the cap applies only to the sorted-matrix form."""
    fm = featurize(molecule_set(["CCCCCCCC", "CCO"]), "coulomb", max_atoms=20)
    np.testing.assert_array_equal(fm.rows, [0, 1])


def test_embedding_failures_are_reported(monkeypatch):
    """Check that a molecule that could not be embedded is in rejected with its reason."""
    molecules = molecule_set(["CCO", "C1CC1"])

    def fake_conformers(mols, progress=None, sanitize=True, **_):
        yield 0, embed_conformer(mols.mols[0]), ""
        yield 1, None, "ETKDG could not embed"

    monkeypatch.setattr(coulomb_module, "iter_conformers", fake_conformers)
    fm = featurize(molecules, "coulomb")
    np.testing.assert_array_equal(fm.rows, [0])
    assert fm.rejected == [(1, "C1CC1", "ETKDG could not embed")]


def test_conformers_with_overlapping_atoms_are_rejected(monkeypatch):
    """Check that a salt embedded with both ions at one point is rejected, not made infinite."""
    molecules = molecule_set(["CCO", "[Na+].[Cl-]"])
    salt = embed_conformer(molecules.mols[1])
    conformer = salt.GetConformer()
    conformer.SetAtomPosition(1, conformer.GetAtomPosition(0))

    def fake_conformers(mols, progress=None, sanitize=True, **_):
        yield 0, embed_conformer(mols.mols[0]), ""
        yield 1, salt, ""

    monkeypatch.setattr(coulomb_module, "iter_conformers", fake_conformers)
    fm = featurize(molecules, "coulomb")
    np.testing.assert_array_equal(fm.rows, [0])
    assert "only 0.00 Å apart" in fm.rejected[0].reason
    assert np.isfinite(fm.values).all()
    with pytest.raises(ValueError, match="only 0.00 Å apart"):
        coulomb_matrix(salt)


def test_memory_guard_explains_how_to_fix(monkeypatch):
    """Check that an oversized sorted matrix raises ValueError suggesting a smaller cap."""
    monkeypatch.setattr(coulomb_module, "MAX_MATRIX_BYTES", 100)
    with pytest.raises(ValueError, match="lower max_atoms or use the eigenvalue form"):
        featurize(molecule_set(["CCO"]), "coulomb", form="sorted_matrix")


def test_progress_reaches_one():
    """Check that the progress callback is called and ends at 1."""
    seen = []
    featurize(molecule_set(["CCO", "O"]), "coulomb", progress=seen.append)
    assert seen and seen[-1] == pytest.approx(1.0)
    assert all(0 <= f <= 1 for f in seen)
