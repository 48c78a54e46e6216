"""Tests of bit → atoms explanations for Morgan bits and MACCS keys."""

from __future__ import annotations

import pytest
from rdkit import Chem
from rdkit.Chem import MACCSkeys, rdFingerprintGenerator

from chemviz.representations import bit_atoms, maccs_atoms

IBUPROFEN = "CC(C)Cc1ccc(C(C)C(=O)O)cc1"


def rdkit_bit_info(mol, radius=2, n_bits=2048):
    """RDKit's own bit → (centre, radius) map, called independently."""
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=radius, fpSize=n_bits)
    output = rdFingerprintGenerator.AdditionalOutput()
    output.AllocateBitInfoMap()
    gen.GetFingerprint(mol, additionalOutput=output)
    return output.GetBitInfoMap()


@pytest.mark.parametrize("smiles", ["CCO", IBUPROFEN, "c1ccc2ccccc2c1"])
def test_morgan_bit_atoms_are_the_atoms_within_radius_of_the_centre(smiles):
    """Check every set bit's atoms against the atoms within r bonds of RDKit's centre atom."""
    mol = Chem.MolFromSmiles(smiles)
    distance = Chem.GetDistanceMatrix(mol)
    for bit, environments in rdkit_bit_info(mol).items():
        expected = {
            tuple(i for i in range(mol.GetNumAtoms()) if distance[centre, i] <= radius)
            for centre, radius in environments
        }
        assert set(bit_atoms(mol, "morgan", bit)) == expected


def test_ethanol_oxygen_environment_by_hand():
    """Check that the radius-1 environment around ethanol's oxygen is atoms C1 and O2."""
    mol = Chem.MolFromSmiles("CCO")
    info = rdkit_bit_info(mol)
    bit = next(b for b, envs in info.items() if (2, 1) in envs)
    assert (1, 2) in bit_atoms(mol, "morgan", bit)


def test_unset_bit_has_no_atoms():
    """Check that a bit the molecule does not set gives an empty list."""
    mol = Chem.MolFromSmiles("CCO")
    unset = next(b for b in range(2048) if b not in rdkit_bit_info(mol))
    assert bit_atoms(mol, "morgan", unset) == []


def test_bit_atoms_follows_the_parameters():
    """Check that radius and size are honoured (radius 1, 256 bits)."""
    mol = Chem.MolFromSmiles(IBUPROFEN)
    distance = Chem.GetDistanceMatrix(mol)
    for bit, environments in rdkit_bit_info(mol, radius=1, n_bits=256).items():
        expected = {
            tuple(i for i in range(mol.GetNumAtoms()) if distance[c, i] <= r)
            for c, r in environments
        }
        assert set(bit_atoms(mol, "morgan", bit, radius=1, n_bits=256)) == expected


@pytest.mark.parametrize(
    "name, bit, params, message",
    [
        ("rdkit", 3, {}, "Morgan bits and MACCS keys, not 'rdkit'"),
        ("morgan", 2048, {}, "bit must be between 0 and 2047"),
        ("morgan", 3, {"radius": 9}, "radius must be between 1 and 4"),
    ],
)
def test_bit_atoms_rejects_bad_requests(name, bit, params, message):
    """Check readable errors for other fingerprints, bits out of range and bad parameters."""
    with pytest.raises(ValueError, match=message):
        bit_atoms(Chem.MolFromSmiles("CCO"), name, bit, **params)


def test_maccs_fluorine_key_matches_each_fluorine():
    """Check that key 42 (F) in CF3H matches the three fluorine atoms (indices 0, 2, 3)."""
    assert sorted(maccs_atoms(Chem.MolFromSmiles("FC(F)F"), 42)) == [(0,), (2,), (3,)]


@pytest.mark.parametrize("smiles", [IBUPROFEN, "CS(=O)(=O)Nc1ccc(Cl)cc1", "OCC(O)CO", "C1CCOC1"])
def test_maccs_matches_agree_with_rdkit_keys(smiles):
    """Check that each single-match SMARTS key has matches exactly when RDKit sets it."""
    mol = Chem.MolFromSmiles(smiles)
    on = set(MACCSkeys.GenMACCSKeys(mol).GetOnBits())
    for key, (smarts, count) in MACCSkeys.smartsPatts.items():
        if smarts != "?" and count == 0:
            assert bool(maccs_atoms(mol, key)) == (key in on), key


@pytest.mark.parametrize(
    "smiles, key, expected",
    [
        ("c1ccc2ccccc2c1", 125, 2),  # naphthalene: two aromatic rings
        ("c1ccccc1C1CCCCC1", 125, 1),  # one aromatic, one aliphatic ring
        ("[Na+].[Cl-]", 166, 2),  # two fragments
        ("CCO", 1, 0),  # ISOTOPE is never set
    ],
)
def test_maccs_special_keys(smiles, key, expected):
    """Check the three non-SMARTS keys: aromatic rings, fragments and the unused key 1."""
    assert len(maccs_atoms(Chem.MolFromSmiles(smiles), key)) == expected


def test_maccs_key_out_of_range():
    """Check that a key number above 166 is refused."""
    with pytest.raises(ValueError, match="numbered 1 to 166"):
        maccs_atoms(Chem.MolFromSmiles("C"), 167)
