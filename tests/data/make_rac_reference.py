"""Freeze molSimplify's full-scope RACs of a few molecules into rac_molsimplify.json.

molSimplify (Janet, Kulik and co-workers' own package) is the reference
implementation of revised autocorrelations; chemviz does not depend on it.
Run this once in a throw-away environment, then commit the JSON it writes:

    python3 -m venv /tmp/molsimplify-env
    /tmp/molsimplify-env/bin/pip install molsimplify==2.0.0   # brings rdkit, openbabel-wheel
    /tmp/molsimplify-env/bin/python tests/data/make_rac_reference.py

Each molecule's graph is RDKit's, with every hydrogen explicit (``Chem.AddHs``),
handed to molSimplify as its ``mol3D.graph``, so molSimplify never guesses
bonds from 3D distances and both programs see exactly the same graph; the
numbers then differ only if the property tables or the sums do. The values
are molSimplify's ``full_autocorrelation(mol, prop, 3)``: for every start
atom a breadth-first walk to depth 3, summing P_start · P_atom per depth.
"""

from __future__ import annotations

import json
import re
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
from molSimplify.Classes.atom3D import atom3D
from molSimplify.Classes.mol3D import mol3D
from molSimplify.Informatics.autocorrelation import full_autocorrelation
from rdkit import Chem

OUT = Path(__file__).with_name("rac_molsimplify.json")
DEPTH = 3
# chemviz's property codes and molSimplify's names for the same property.
PROPERTIES = {
    "chi": "electronegativity",
    "Z": "nuclear_charge",
    "T": "topology",
    "I": "ident",
    "S": "size",
}
# Organics, halogens, P, S, Si, a salt (two fragments), and the heavy elements
# whose electronegativity differs most between tables (Pb, Hg, Bi).
MOLECULES = {
    "ethanol": "CCO",
    "benzene": "c1ccccc1",
    "aspirin": "CC(=O)Oc1ccccc1C(=O)O",
    "pyridine": "c1ccncc1",
    "chloroform": "ClC(Cl)Cl",
    "bromobenzene": "Brc1ccccc1",
    "iodomethane": "CI",
    "trifluoroacetic acid": "OC(=O)C(F)(F)F",
    "trimethyl phosphate": "COP(=O)(OC)OC",
    "thiophene": "c1ccsc1",
    "dimethyl sulfoxide": "CS(C)=O",
    "tetramethylsilane": "C[Si](C)(C)C",
    "sodium acetate": "CC(=O)[O-].[Na+]",
    "tetraethyllead": "CC[Pb](CC)(CC)CC",
    "dimethylmercury": "C[Hg]C",
    "methylmercury chloride": "C[Hg]Cl",
    "triphenylbismuth": "c1ccc(cc1)[Bi](c1ccccc1)c1ccccc1",
}


def to_mol3d(smiles: str) -> mol3D:
    """A molSimplify molecule with RDKit's atoms and bonds (coordinates unused)."""
    molh = Chem.AddHs(Chem.MolFromSmiles(smiles))
    mol = mol3D()
    for atom in molh.GetAtoms():
        mol.addAtom(atom3D(atom.GetSymbol(), [0.0, 0.0, 0.0]))
    mol.graph = Chem.GetAdjacencyMatrix(molh).astype(float)
    return mol


def main() -> None:
    results = {}
    for name, smiles in MOLECULES.items():
        mol = to_mol3d(smiles)
        results[name] = {
            "smiles": smiles,
            "n_atoms_with_h": int(mol.natoms),
            **{
                code: [float(v) for v in np.asarray(full_autocorrelation(mol, prop, DEPTH))]
                for code, prop in PROPERTIES.items()
            },
        }
    document = {
        "about": (
            "Full-scope product RACs f-P-d-all (d = 0..3) from molSimplify's "
            "full_autocorrelation on RDKit's explicit-hydrogen graph; written by "
            "tests/data/make_rac_reference.py."
        ),
        "molsimplify": version("molSimplify"),
        "rdkit": Chem.rdBase.rdkitVersion,
        "python": sys.version.split()[0],
        "depth": DEPTH,
        "molecules": results,
    }
    # One molecule per line: small, and a regenerated file diffs line by line.
    text = json.dumps(document, indent=1)
    text = re.sub(r"\[\s+([^\]]*?)\s+\]", lambda m: "[" + " ".join(m[1].split()) + "]", text)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(results)} molecules to {OUT}")


if __name__ == "__main__":
    main()
