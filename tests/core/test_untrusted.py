"""Uploaded molecules: slow or crash-prone RDKit work goes through the worker pool, within budgets.

Each result is checked against RDKit called directly, and each budget by
the reason a student reads.
"""

import numpy as np
import pytest
from rdkit import Chem
from rdkit.Chem import Descriptors, rdMolDescriptors

from chemviz import depict, geometry
from chemviz.limits import Limits
from chemviz.molecules import read_molecules
from chemviz.molecules.explore import SEARCH_MODES, search
from chemviz.representations import featurize
from tests.data.hostile.generate import _acene

SMALL = ["CCO", "c1ccccc1O", "CC(=O)Nc1ccc(O)cc1"]


@pytest.fixture(scope="module")
def pool():
    from chemviz.workers import WorkerPool

    workers = WorkerPool(Limits(workers=2, task_seconds=5), idle_seconds=60)
    yield workers
    workers.shutdown()


def upload(smiles: list[str]):
    text = "".join(f"{s} m{i}\n" for i, s in enumerate(smiles))
    molecules, report = read_molecules(text.encode(), "up.smi")
    assert not molecules.trusted and report.n_valid == len(smiles)
    return molecules


def test_descriptors_of_an_upload_equal_rdkits_and_respect_the_budget(pool):
    """Check MolWt and TPSA against RDKit, and a 40-carbon chain refused at a 30-atom budget."""
    molecules = upload([*SMALL, "C" * 40])
    fm = featurize(molecules, "descriptors", runner=pool.map, limits=Limits(atoms_descriptors=30))
    np.testing.assert_array_equal(fm.rows, [0, 1, 2])
    for column, function in (("MolWt", Descriptors.MolWt), ("TPSA", Descriptors.TPSA)):
        expected = [function(Chem.MolFromSmiles(s)) for s in SMALL]
        np.testing.assert_allclose(fm.values[:, fm.names.index(column)], expected, rtol=1e-12)
    [(index, _, reason)] = fm.rejected
    assert index == 3
    assert reason.startswith("40 heavy atoms: this app computes descriptors of uploaded molecules")


def test_coulomb_of_an_upload_matches_rdkit_and_the_3d_budget_rejects_large_ones(pool):
    """Check the eigenvalues against RDKit's CalcCoulombMat of the same conformer; 30 C refused."""
    molecules = upload(["CCO", "C" * 30])
    fm = featurize(molecules, "coulomb", runner=pool.map, limits=Limits(atoms_3d=20))
    np.testing.assert_array_equal(fm.rows, [0])
    [(index, _, reason)] = fm.rejected
    assert index == 1 and reason.startswith("30 heavy atoms: this app embeds uploaded molecules")
    # The worker's conformer is the fixed-seed ETKDG one, bit for bit (coordinates
    # cross the process boundary as doubles).
    mol3d = geometry.embed_conformer(Chem.MolFromSmiles("CCO"))
    matrix = np.array([list(r) for r in rdMolDescriptors.CalcCoulombMat(mol3d)])
    eig = np.linalg.eigvalsh(matrix)
    np.testing.assert_allclose(fm.values[0], eig[np.argsort(-np.abs(eig))], rtol=1e-12)


def test_one_uploaded_molecule_is_embedded_in_a_worker_with_its_reason_on_failure(pool):
    """Check conformer_for: the worker's coordinates, and a budget refusal as ValueError."""
    molecules = upload(["CCO", "C" * 30])
    mol3d = geometry.conformer_for(molecules, 0, runner=pool.map, limits=Limits(atoms_3d=20))
    expected = geometry.embed_conformer(Chem.MolFromSmiles("CCO")).GetConformer().GetPositions()
    np.testing.assert_array_equal(mol3d.GetConformer().GetPositions(), expected)
    with pytest.raises(ValueError, match="30 heavy atoms"):
        geometry.conformer_for(molecules, 1, runner=pool.map, limits=Limits(atoms_3d=20))


def test_large_molecules_get_a_placeholder_not_a_picture():
    """Check that hexanol (7 heavy atoms) is drawn at a budget of 7 and replaced at 6."""
    drawn = depict.depiction("CCCCCCO", limits=Limits(atoms_depiction=7))
    assert "<path" in drawn and "Not drawn" not in drawn
    placeholder = depict.depiction("CCCCCCO", limits=Limits(atoms_depiction=6))
    assert "Not drawn: 7 heavy atoms" in placeholder and "(pictures up to 6)" in placeholder
    assert "<path" not in placeholder


def test_smarts_search_in_a_worker_matches_rdkit(pool):
    """Check a carboxylic-acid SMARTS against RDKit's own substructure matches."""
    smiles = ["CC(=O)O", "CCO", "OC(=O)c1ccccc1", "CC(=O)OC"]
    molecules = upload(smiles)
    query = "[CX3](=O)[OX2H1]"
    found = search(molecules, query, SEARCH_MODES[1], runner=pool.map)
    pattern = Chem.MolFromSmarts(query)
    expected = [i for i, s in enumerate(smiles) if Chem.MolFromSmiles(s).HasSubstructMatch(pattern)]
    assert found.indices.tolist() == expected == [0, 2]
    assert found.atoms[0] == Chem.MolFromSmiles(smiles[0]).GetSubstructMatch(pattern)


def test_an_invalid_smarts_is_a_message(pool):
    """Check that a broken SMARTS comes back from the worker as RDKit's message."""
    with pytest.raises(ValueError, match="not a valid SMARTS"):
        search(upload(["CCO"]), "[C", SEARCH_MODES[1], runner=pool.map)


def test_a_pathological_smarts_is_stopped_at_the_time_limit(pool):
    """Check that a 41-atom path ending in O, on an acene with no O, is stopped, not waited for.

    Finding that no such path exists means enumerating every path of 40 bonds
    of the ladder graph: about a minute for RDKit at 110 rings.
    """
    molecules = upload([_acene(110)])
    query = "[!#1]" + "~[!#1]" * 40 + "~[#8]"
    with pytest.raises(ValueError, match="did not finish in 5 s: the pattern is too general"):
        search(molecules, query, SEARCH_MODES[1], runner=pool.map)
