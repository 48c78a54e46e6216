"""Tests of bit → atoms explanations: Morgan, RDKit path, atom-pair and torsion bits, MACCS keys."""

from __future__ import annotations

import numpy as np
import pytest
from rdkit import Chem
from rdkit.Chem import MACCSkeys, rdFingerprintGenerator

from chemviz.representations import bit_atoms, column_atoms, featurize, maccs_atoms
from tests.core.helpers import molecule_set

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
        ("coulomb", 3, {}, "torsion bits and MACCS keys, not 'coulomb'"),
        ("maccs", 3, {}, "not 'maccs'"),  # MACCS keys have maccs_atoms
        ("rdkit", 1024, {"n_bits": 1024}, "bit must be between 0 and 1023"),
        ("torsion", -1, {}, "bit must be between 0 and 2047"),
        ("morgan", 2048, {}, "bit must be between 0 and 2047"),
        ("morgan", 3, {"radius": 9}, "radius must be between 1 and 4"),
    ],
)
def test_bit_atoms_rejects_bad_requests(name, bit, params, message):
    """Check readable errors for other representations, bits out of range and bad parameters."""
    with pytest.raises(ValueError, match=message):
        bit_atoms(Chem.MolFromSmiles("CCO"), name, bit, **params)


# The other hashed fingerprints, each with RDKit's generator built here exactly as
# chemviz.representations.fingerprints builds it (defaults: 2,048 bits, paths ≤ 6 bonds).
GENERATORS = {
    "rdkit": lambda: rdFingerprintGenerator.GetRDKitFPGenerator(maxPath=6, fpSize=2048),
    "atompair": lambda: rdFingerprintGenerator.GetAtomPairGenerator(fpSize=2048),
    "torsion": lambda: rdFingerprintGenerator.GetTopologicalTorsionGenerator(fpSize=2048),
}


def rdkit_atoms_per_bit(mol, name):
    """RDKit's own bit → atom tuples (AllocateAtomsPerBit), sorted: an independent reference."""
    output = rdFingerprintGenerator.AdditionalOutput()
    output.AllocateAtomsPerBit()
    GENERATORS[name]().GetCountFingerprintAsNumPy(mol, additionalOutput=output)
    per_bit = output.GetAtomsPerBit()
    return {bit: {tuple(sorted(a)) for a in atoms} for bit, atoms in per_bit.items()}


def some_unset_bits(on, n=25):
    """``n`` bits (spread over 0…2047) that are not in ``on``."""
    return [bit for bit in range(0, 2048, 41) if bit not in on][:n]


def all_environments(mol, name):
    """Every distinct atom tuple bit_atoms returns, over the bits RDKit sets."""
    on = np.flatnonzero(GENERATORS[name]().GetCountFingerprintAsNumPy(mol))
    return {env for bit in on for env in bit_atoms(mol, name, int(bit))}


@pytest.mark.parametrize("name", ["rdkit", "atompair", "torsion"])
@pytest.mark.parametrize("smiles", ["CCO", "OCCN", IBUPROFEN, "c1ccc2ccccc2c1"])
def test_path_pair_and_torsion_atoms_equal_rdkits_atoms_per_bit(name, smiles):
    """Check every bit's atoms against RDKit's AtomsPerBit output, and unset bits give none."""
    mol = Chem.MolFromSmiles(smiles)
    reference = rdkit_atoms_per_bit(mol, name)
    for bit in [*reference, *some_unset_bits(reference)]:
        assert set(bit_atoms(mol, name, bit)) == reference.get(bit, set()), bit


def test_ethanol_atom_pairs_by_hand():
    """Check C0–C1 (1 bond), C1–O2 (1 bond) and C0–O2 (2 bonds): all three pairs of ethanol."""
    assert all_environments(Chem.MolFromSmiles("CCO"), "atompair") == {(0, 1), (1, 2), (0, 2)}


def test_ethanol_paths_by_hand():
    """Check ethanol's paths: bond C0–C1, bond C1–O2 and the two-bond path C0–C1–O2."""
    assert all_environments(Chem.MolFromSmiles("CCO"), "rdkit") == {(0, 1), (1, 2), (0, 1, 2)}


@pytest.mark.parametrize(
    ("smiles", "expected"),
    [
        ("CCCC", {(0, 1, 2, 3)}),  # butane: one chain of four
        ("CCCCC", {(0, 1, 2, 3), (1, 2, 3, 4)}),  # pentane: two overlapping chains
        ("CCC", set()),  # propane: no chain of four atoms
    ],
)
def test_alkane_torsions_by_hand(smiles, expected):
    """Check the topological torsions of small alkanes: every chain of four bonded atoms."""
    assert all_environments(Chem.MolFromSmiles(smiles), "torsion") == expected


@pytest.mark.parametrize(
    ("name", "params"),
    [("rdkit", {"n_bits": 1024, "max_path": 3}), ("atompair", {}), ("torsion", {})],
)
def test_bits_with_atoms_are_the_bits_featurize_sets(name, params):
    """Check bit_atoms is non-empty exactly where the app's own feature matrix is non-zero."""
    smiles = ["CCO", IBUPROFEN, "CS(=O)(=O)Nc1ccc(Cl)cc1"]
    values = featurize(molecule_set(smiles), name, **params).values
    for row, s in enumerate(smiles):
        mol = Chem.MolFromSmiles(s)
        has_atoms = [bool(bit_atoms(mol, name, bit, **params)) for bit in range(values.shape[1])]
        assert has_atoms == list(values[row] != 0)


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


def _substructure_reps() -> list[str]:
    from chemviz.representations import REPRESENTATIONS

    return [name for name, rep in REPRESENTATIONS.items() if rep.sets_a_column]


def test_the_registry_says_which_representations_a_substructure_sets():
    """Check the registry's facts: the four hashed fingerprints and MACCS, nothing else."""
    assert sorted(_substructure_reps()) == ["atompair", "maccs", "morgan", "rdkit", "torsion"]


@pytest.mark.parametrize("name", ["maccs", "morgan"])
def test_column_atoms_reads_every_column_rdkit_sets(name):
    """Check column_atoms is non-empty where RDKit sets a bit (MACCS: its SMARTS keys only)."""
    mol = Chem.MolFromSmiles(IBUPROFEN)
    if name == "maccs":
        on = set(MACCSkeys.GenMACCSKeys(mol).GetOnBits())
        single = {k for k, (smarts, count) in MACCSkeys.smartsPatts.items()
                  if smarts != "?" and count == 0}  # fmt: skip
        # Column key − 1, as the feature matrix numbers MACCS keys.
        assert all(bool(column_atoms(mol, name, k - 1)) == (k in on) for k in single)
    else:
        bits = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
        on = set(bits.GetFingerprint(mol).GetOnBits())
        assert {b for b in range(2048) if column_atoms(mol, name, b)} == on


def test_column_atoms_refuses_a_representation_without_substructure_columns():
    """Check descriptors (a named property per column, no atoms) are refused with a reason."""
    with pytest.raises(ValueError, match="not 'descriptors'"):
        column_atoms(Chem.MolFromSmiles("CCO"), "descriptors", 0)
