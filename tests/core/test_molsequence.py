"""Molecules are stored as compact bytes and rebuilt on access."""

from rdkit import Chem

from chemviz.molecules import read_molecules
from chemviz.molecules.core import MolSequence


def test_molecules_round_trip_through_their_binary_form():
    """Check that stored molecules give back the same canonical SMILES and stereo."""
    smiles = ["C[C@H](N)C(=O)O", "c1ccccc1O", "[Na+].CC(=O)[O-]"]
    seq = MolSequence([Chem.MolFromSmiles(s) for s in smiles])
    assert len(seq) == 3
    assert [Chem.MolToSmiles(m) for m in seq] == [
        Chem.MolToSmiles(Chem.MolFromSmiles(s)) for s in smiles
    ]
    assert [Chem.MolToSmiles(m) for m in seq.take([2, 0])] == [
        Chem.MolToSmiles(Chem.MolFromSmiles(smiles[2])),
        Chem.MolToSmiles(Chem.MolFromSmiles(smiles[0])),
    ]


def test_each_access_is_a_fresh_molecule_so_changes_do_not_leak():
    """Check that editing a returned molecule does not change the stored one."""
    molecules, _ = read_molecules("CCO\n", "pasted")
    first = molecules.mols[0]
    first.GetAtomWithIdx(0).SetAtomicNum(7)
    assert Chem.MolToSmiles(molecules.mols[0]) == "CCO"
    assert molecules.mols[0] is not molecules.mols[0]
