"""Tests of chemviz.representations fingerprints against RDKit's own generators."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from rdkit import Chem
from rdkit.Chem import MACCSkeys, rdFingerprintGenerator

from chemviz.molecules import MoleculeSet
from chemviz.representations import featurize
from chemviz.representations.fingerprints import N_MACCS_KEYS

SMILES = [
    "CCO", "c1ccccc1O", "CC(=O)Oc1ccccc1C(=O)O", "C[C@H](N)C(=O)O", "C[C@@H](N)C(=O)O",
    "CN1CCC[C@H]1c1cccnc1", "FC(F)(F)c1ccc(Cl)cc1", "O=S(=O)(N)c1ccccc1", "[Na+].[Cl-]", "C",
]  # fmt: skip


def molecule_set(smiles) -> MoleculeSet:
    mols = [Chem.MolFromSmiles(s) for s in smiles]
    return MoleculeSet(
        smiles=[Chem.MolToSmiles(m) for m in mols],
        mols=mols,
        names=list(smiles),
        properties=pd.DataFrame({"y": np.arange(len(mols), dtype=float)}),
    )


@pytest.fixture(scope="module")
def molecules() -> MoleculeSet:
    return molecule_set(SMILES)


def on_bits_matrix(fingerprints, n_bits: int) -> np.ndarray:
    """Rebuild a 0/1 matrix from RDKit bit vectors through their on-bit lists."""
    out = np.zeros((len(fingerprints), n_bits), dtype=np.uint8)
    for i, fp in enumerate(fingerprints):
        out[i, list(fp.GetOnBits())] = 1
    return out


def count_matrix(fingerprints, n_bits: int) -> np.ndarray:
    """Rebuild a count matrix from RDKit sparse count vectors."""
    out = np.zeros((len(fingerprints), n_bits), dtype=np.int64)
    for i, fp in enumerate(fingerprints):
        for bit, count in fp.GetNonzeroElements().items():
            out[i, bit] = count
    return out


@pytest.mark.parametrize(
    "radius, n_bits, chirality, features",
    [
        (2, 2048, False, False),
        (1, 256, False, False),
        (3, 1024, True, False),
        (2, 512, False, True),
    ],
)
def test_morgan_bits_equal_rdkit_generator(molecules, radius, n_bits, chirality, features):
    """Check that Morgan bits equal RDKit's generator called directly, for several settings."""
    invariants = rdFingerprintGenerator.GetMorganFeatureAtomInvGen() if features else None
    gen = rdFingerprintGenerator.GetMorganGenerator(
        radius=radius, fpSize=n_bits, includeChirality=chirality, atomInvariantsGenerator=invariants
    )
    expected = on_bits_matrix([gen.GetFingerprint(m) for m in molecules.mols], n_bits)
    fm = featurize(
        molecules, "morgan", radius=radius, n_bits=n_bits, chirality=chirality, features=features
    )
    np.testing.assert_array_equal(fm.values, expected)
    assert fm.kind == "binary" and fm.values.dtype == np.uint8
    np.testing.assert_array_equal(fm.rows, np.arange(len(SMILES)))
    assert fm.rejected == []


def test_morgan_default_is_ecfp4_not_rdkit_radius_3(molecules):
    """Check that the default Morgan fingerprint is radius 2 (ECFP4), not the generator's 3."""
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    expected = on_bits_matrix([gen.GetFingerprint(m) for m in molecules.mols], 2048)
    fm = featurize(molecules, "morgan")
    np.testing.assert_array_equal(fm.values, expected)
    assert fm.names[0] == "ECFP4 bit 0" and fm.names[-1] == "ECFP4 bit 2047"


def test_chirality_separates_enantiomers(molecules):
    """Check that L- and D-alanine differ only when chirality is on."""
    plain = featurize(molecules, "morgan").values
    chiral = featurize(molecules, "morgan", chirality=True).values
    assert np.array_equal(plain[3], plain[4])
    assert not np.array_equal(chiral[3], chiral[4])


def test_morgan_counts_equal_rdkit_count_fingerprint(molecules):
    """Check that counts mode equals RDKit's GetCountFingerprint entries."""
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=1024)
    expected = count_matrix([gen.GetCountFingerprint(m) for m in molecules.mols], 1024)
    fm = featurize(molecules, "morgan", n_bits=1024, counts=True)
    np.testing.assert_array_equal(fm.values, expected)
    assert fm.kind == "count" and fm.values.max() > 1


def test_features_flag_names_columns_fcfp(molecules):
    """Check that pharmacophore typing names the columns FCFP with the diameter."""
    fm = featurize(molecules, "morgan", radius=3, features=True)
    assert fm.names[5] == "FCFP6 bit 5"


@pytest.mark.parametrize("n_bits, max_path", [(2048, 7), (1024, 4)])
def test_rdkit_path_equals_rdkit_generator(molecules, n_bits, max_path):
    """Check that the path fingerprint equals GetRDKitFPGenerator's bits."""
    gen = rdFingerprintGenerator.GetRDKitFPGenerator(maxPath=max_path, fpSize=n_bits)
    expected = on_bits_matrix([gen.GetFingerprint(m) for m in molecules.mols], n_bits)
    fm = featurize(molecules, "rdkit", n_bits=n_bits, max_path=max_path)
    np.testing.assert_array_equal(fm.values, expected)


@pytest.mark.parametrize(
    "name, make",
    [
        ("atompair", rdFingerprintGenerator.GetAtomPairGenerator),
        ("torsion", rdFingerprintGenerator.GetTopologicalTorsionGenerator),
    ],
)
def test_pair_and_torsion_counts_equal_rdkit(molecules, name, make):
    """Check that atom-pair and torsion counts equal RDKit's count fingerprints."""
    gen = make(fpSize=512)
    expected = count_matrix([gen.GetCountFingerprint(m) for m in molecules.mols], 512)
    fm = featurize(molecules, name, n_bits=512)
    np.testing.assert_array_equal(fm.values, expected)
    assert fm.kind == "count"


def test_large_counts_widen_instead_of_wrapping():
    """Check that a count above 255 switches to uint16 and keeps its true value."""
    # n-C300H602: 297 bonds between two CH2 groups, all hashed to the same atom-pair bit.
    molecules = molecule_set(["C" * 300, "CCO"])
    gen = rdFingerprintGenerator.GetAtomPairGenerator(fpSize=256)
    expected = count_matrix([gen.GetCountFingerprint(m) for m in molecules.mols], 256)
    fm = featurize(molecules, "atompair", n_bits=256)
    assert expected.max() > 255
    assert fm.values.dtype == np.uint16
    np.testing.assert_array_equal(fm.values, expected)


def test_maccs_equals_rdkit_without_bit_zero(molecules):
    """Check that MACCS keys equal GenMACCSKeys with RDKit's unused bit 0 dropped."""
    full = on_bits_matrix([MACCSkeys.GenMACCSKeys(m) for m in molecules.mols], 167)
    fm = featurize(molecules, "maccs")
    assert fm.values.shape == (len(SMILES), N_MACCS_KEYS)
    np.testing.assert_array_equal(fm.values, full[:, 1:])


@pytest.mark.parametrize(
    "key, name",
    [
        (42, "MACCS 42: F"),
        (140, "MACCS 140: [#8] (more than 3 matches)"),
        (125, "MACCS 125: more than one aromatic ring"),
        (1, "MACCS 1: ISOTOPE (not defined by RDKit; always 0)"),
    ],
)
def test_maccs_columns_are_named_by_their_smarts(molecules, key, name):
    """Check that MACCS column key-1 is named after key's SMARTS from RDKit's table."""
    assert featurize(molecules, "maccs").names[key - 1] == name
