"""Every representation on every bundled dataset, each checked against an independent number.

The unit tests of each representation pin values on small molecules; these
check that the real data sets (salts, metals, large drug molecules) go through
every representation with nothing dropped silently, on a reproducible sample
spread over each set.
"""

from __future__ import annotations

import numpy as np
import pytest
from rdkit import Chem
from rdkit.Chem import Descriptors, MACCSkeys, rdFingerprintGenerator

from chemviz.datasets import DATASETS, load_dataset
from chemviz.representations import REPRESENTATIONS, featurize

N_SAMPLE = 25


@pytest.fixture(scope="module", params=sorted(DATASETS))
def sample(request):
    """N_SAMPLE molecules spread evenly over a bundled set, first and last included."""
    molecules = load_dataset(request.param)
    return molecules.subset(np.linspace(0, len(molecules) - 1, N_SAMPLE).astype(int))


def reference(name: str, mol: Chem.Mol) -> np.ndarray | float:
    """What RDKit itself gives for one molecule with the registry's defaults."""
    if name == "morgan":
        return rdFingerprintGenerator.GetMorganGenerator(
            radius=2, fpSize=2048
        ).GetFingerprintAsNumPy(mol)
    if name == "rdkit":
        return rdFingerprintGenerator.GetRDKitFPGenerator(
            maxPath=6, fpSize=2048
        ).GetFingerprintAsNumPy(mol)
    if name == "atompair":
        return rdFingerprintGenerator.GetAtomPairGenerator(fpSize=2048).GetCountFingerprintAsNumPy(
            mol
        )
    if name == "torsion":
        gen = rdFingerprintGenerator.GetTopologicalTorsionGenerator(fpSize=2048)
        return gen.GetCountFingerprintAsNumPy(mol)
    if name == "maccs":
        # RDKit's MACCS vector has 167 bits; bit 0 is unused, so key k is column k - 1.
        return np.array(list(MACCSkeys.GenMACCSKeys(mol)))[1:]
    raise KeyError(name)


@pytest.mark.parametrize("name", ["morgan", "rdkit", "atompair", "torsion", "maccs"])
def test_fingerprints_of_every_dataset_equal_rdkit_row_by_row(sample, name):
    """Check every sampled molecule's fingerprint against RDKit's generator, none rejected."""
    fm = featurize(sample, name)
    assert fm.rejected == []
    expected = np.array([reference(name, m) for m in sample.mols])
    np.testing.assert_array_equal(fm.values, expected)


def test_descriptors_of_every_dataset_match_rdkit_molwt_and_are_finite(sample):
    """Check MolWt against Descriptors.MolWt, and that every gap is reported, not left as NaN."""
    fm = featurize(sample, "descriptors")
    kept = [sample.mols[i] for i in fm.rows]
    np.testing.assert_allclose(
        fm.values[:, fm.names.index("MolWt")], [Descriptors.MolWt(m) for m in kept], rtol=1e-12
    )
    assert np.isfinite(fm.values).all()
    assert len(fm.rows) + len(fm.rejected) == N_SAMPLE


def test_identity_autocorrelation_of_every_dataset_counts_atoms_and_bonds(sample):
    """Check f-I-0 = number of atoms and f-I-1 = 2 × number of bonds, hydrogens included.

    With P = 1 for every atom, AC(0) sums 1·1 over the atoms and AC(1) over
    ordered pairs of bonded atoms: each bond is counted from both ends.
    """
    fm = featurize(sample, "autocorrelation")
    assert len(fm.rows) + len(fm.rejected) == N_SAMPLE
    with_h = [Chem.AddHs(sample.mols[i]) for i in fm.rows]
    np.testing.assert_array_equal(
        fm.values[:, fm.names.index("f-I-0-all")], [m.GetNumAtoms() for m in with_h]
    )
    np.testing.assert_array_equal(
        fm.values[:, fm.names.index("f-I-1-all")], [2 * m.GetNumBonds() for m in with_h]
    )


def test_coulomb_spectrum_of_every_dataset_sums_to_the_diagonal(sample):
    """Check that each spectrum sums to the trace, Σ 0.5·Z^2.4 over the atoms (H included).

    The sample has no precomputed conformers (a subset is re-embedded, like
    an upload), so this also runs the ETKDG + MMFF path on real molecules.
    """
    few = sample.subset(range(0, N_SAMPLE, 5))
    fm = featurize(few, "coulomb")
    assert len(fm.rows) + len(fm.rejected) == len(few)
    assert all(r.reason for r in fm.rejected)
    for row, i in zip(fm.values, fm.rows, strict=True):
        z = np.array([a.GetAtomicNum() for a in Chem.AddHs(few.mols[i]).GetAtoms()], dtype=float)
        assert row.sum() == pytest.approx((0.5 * z**2.4).sum(), rel=1e-9)


def test_the_tests_above_cover_every_registered_representation():
    """Check that no representation in the registry is left out of this file."""
    covered = {"morgan", "rdkit", "atompair", "torsion", "maccs", "descriptors"}
    covered |= {"autocorrelation", "coulomb"}
    assert covered == set(REPRESENTATIONS)
