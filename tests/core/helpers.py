"""Small builders shared by the core tests."""

import numpy as np
import pandas as pd
from rdkit import Chem

from chemviz.molecules import MoleculeSet


def molecule_set(smiles, y=None, names=None) -> MoleculeSet:
    """A MoleculeSet straight from SMILES (no reader involved), with a target ``y``.

    ``y`` defaults to zeros and ``names`` to the SMILES themselves.
    """
    mols = [Chem.MolFromSmiles(s) for s in smiles]
    return MoleculeSet(
        smiles=[Chem.MolToSmiles(m) for m in mols],
        mols=mols,
        names=list(smiles) if names is None else list(names),
        properties=pd.DataFrame({"y": np.zeros(len(mols)) if y is None else np.asarray(y, float)}),
    )
