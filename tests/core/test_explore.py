"""Search and target statistics on a small, hand-checked set."""

import numpy as np
import pytest

from chemviz.molecules import read_molecules
from chemviz.molecules.explore import SEARCH_MODES, search, target_statistics

TEXT, SMARTS = SEARCH_MODES


@pytest.fixture(scope="module")
def small():
    csv = (
        "name,smiles,y\nethanol,CCO,1\nacetic acid,CC(=O)O,2\n"
        "benzoic acid,OC(=O)c1ccccc1,3\nphenol,Oc1ccccc1,\n"
    )
    return read_molecules(csv, "small.csv")[0]


def test_text_search_matches_names_and_smiles_case_insensitively(small):
    """Check that 'ACID' finds both acids and 'c1ccccc1' finds the two aromatics by SMILES."""
    assert search(small, "ACID", TEXT).indices.tolist() == [1, 2]
    assert search(small, "c1ccccc1", TEXT).indices.tolist() == [2, 3]


def test_smarts_search_returns_matching_atoms(small):
    """Check that the carboxylic-acid SMARTS finds the two acids and the C, O, O atoms."""
    result = search(small, "[CX3](=O)[OX2H1]", SMARTS)
    assert result.indices.tolist() == [1, 2]
    mol = small.mols[1]
    symbols = sorted(mol.GetAtomWithIdx(i).GetSymbol() for i in result.atoms[1])
    assert symbols == ["C", "O", "O"]


def test_empty_query_matches_everything_and_bad_smarts_is_explained(small):
    """Check that '' returns all molecules and an invalid SMARTS raises a clear error."""
    assert search(small, "  ", SMARTS).indices.tolist() == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="not a valid SMARTS"):
        search(small, "[C", SMARTS)


def test_target_statistics_by_hand(small):
    """Check statistics of y = [1, 2, 3, NaN]: mean 2, sample std 1, one missing."""
    stats = target_statistics(small.target("y"))
    assert stats["count"] == 3 and stats["missing"] == 1
    assert stats["mean"] == pytest.approx(2.0)
    assert stats["std"] == pytest.approx(1.0)  # sqrt(((1-2)² + 0 + (3-2)²) / (3 - 1))
    assert stats["median"] == 2.0 and stats["min"] == 1.0 and stats["max"] == 3.0
    assert np.isnan(target_statistics(np.array([5.0]))["std"])
