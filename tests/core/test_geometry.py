"""3D conformers: deterministic embedding, committed files streamed, failures reported."""

import gzip
from dataclasses import replace

import numpy as np
import pytest
from rdkit import Chem

from chemviz import geometry
from chemviz.molecules import read_molecules


def test_embedding_is_3d_with_hydrogens_and_reproducible():
    """Check that ethanol gets 9 atoms in 3D, C–O ≈ 1.42 Å, and the same coordinates twice."""
    a = geometry.embed_conformer(Chem.MolFromSmiles("CCO"))
    b = geometry.embed_conformer(Chem.MolFromSmiles("CCO"))
    assert a.GetNumAtoms() == 9 and a.GetConformer().Is3D()
    xyz = a.GetConformer().GetPositions()
    np.testing.assert_array_equal(xyz, b.GetConformer().GetPositions())
    assert np.linalg.norm(xyz[1] - xyz[2]) == pytest.approx(1.42, abs=0.03)  # MMFF C–O


def test_committed_file_is_streamed_and_missing_rows_are_build_failures(tmp_path):
    """Check that a row absent from the conformer file is reported, not re-embedded."""
    molecules, _ = read_molecules("name,smiles\na,CCO\nb,CCN\nc,CCC\n", "x.csv")
    path = tmp_path / "x.conformers.sdf.gz"
    with gzip.open(path, "wt") as fh:
        for row in (0, 2):  # row 1 "failed" at build time
            mol = geometry.embed_conformer(molecules.mols[row])
            mol.SetProp("row", str(row))
            fh.write(Chem.MolToMolBlock(mol) + ">  <row>\n" + str(row) + "\n\n$$$$\n")
    with_file = replace(molecules, conformer_path=path)
    seen = [(i, mol is not None, reason) for i, mol, reason in geometry.iter_conformers(with_file)]
    assert seen == [(0, True, ""), (1, False, geometry.BUILD_FAILURE), (2, True, "")]
    confs, failures = geometry.conformers(with_file)
    assert [f.name for f in failures] == ["b"]
    assert Chem.MolToSmiles(Chem.RemoveHs(confs[2])) == "CCC"
    with pytest.raises(ValueError, match="could not embed"):
        geometry.conformer_for(with_file, 1)


def test_without_a_file_every_molecule_is_embedded():
    """Check that an upload's molecules are embedded on demand, with progress reaching 1."""
    molecules, _ = read_molecules("CCO\nc1ccccc1\n", "pasted")
    fractions = []
    confs, failures = geometry.conformers(molecules, progress=fractions.append)
    assert not failures and all(c.GetConformer().Is3D() for c in confs)
    assert fractions[-1] == 1.0
