"""3D conformers: ETKDGv3 embedding followed by an MMFF94 clean-up.

The bundled datasets ship precomputed conformers (``data/*.conformers.sdf.gz``,
made by ``data/build.py`` with :func:`embed_conformer`), so 3D views and 3D
representations are instant for them; uploads are embedded on demand.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass

from rdkit import Chem
from rdkit.Chem import rdDistGeom, rdForceFieldHelpers

# A fixed seed makes every embedding reproducible: the same SMILES gives the
# same coordinates on every machine, so 3D features are cacheable and testable.
EMBED_SEED = 0xC0FFEE


@dataclass(frozen=True)
class EmbeddingFailure:
    """A molecule that could not be given 3D coordinates.

    Attributes
    ----------
    index : int
        0-based position in the ``MoleculeSet``.
    name : str
        The molecule's display name.
    reason : str
        What went wrong, in words.
    """

    index: int
    name: str
    reason: str


def embed_conformer(mol: Chem.Mol, seed: int = EMBED_SEED, max_mmff_iters: int = 500) -> Chem.Mol:
    """Give one molecule a 3D conformer with explicit hydrogens.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
        A molecule with implicit hydrogens (as parsed from SMILES).
    seed : int
        Random seed of the distance-geometry embedding.
    max_mmff_iters : int
        Maximum number of MMFF94 minimisation steps.

    Returns
    -------
    rdkit.Chem.Mol
        A copy with explicit hydrogens and one conformer, coordinates in Å.

    Raises
    ------
    ValueError
        If ETKDG cannot embed the molecule (e.g. impossible stereochemistry,
        or a very strained cage).

    Notes
    -----
    ETKDG ("experimental-torsion knowledge distance geometry") samples
    coordinates that satisfy bond-length and angle bounds and then biases
    torsions toward those seen in crystal structures. A short MMFF94
    minimisation then relaxes the geometry. Molecules MMFF has no parameters
    for (some metals, unusual valences) keep their ETKDG geometry.
    """
    molh = Chem.AddHs(mol)
    params = rdDistGeom.ETKDGv3()
    params.randomSeed = seed
    if rdDistGeom.EmbedMolecule(molh, params) != 0:
        # Random starting coordinates rescue many large or caged molecules.
        params.useRandomCoords = True
        if rdDistGeom.EmbedMolecule(molh, params) != 0:
            raise ValueError("RDKit's ETKDG could not generate 3D coordinates for this molecule")
    if rdForceFieldHelpers.MMFFHasAllMoleculeParams(molh):
        rdForceFieldHelpers.MMFFOptimizeMolecule(molh, maxIters=max_mmff_iters)
    return molh


def read_conformer_file(path, n: int) -> list[Chem.Mol | None]:
    """Read a committed conformer SDF into a list indexed by dataset row.

    Parameters
    ----------
    path : path-like
        A gzipped SDF whose records carry a ``row`` tag (0-based dataset row).
    n : int
        Number of molecules in the dataset.

    Returns
    -------
    list of (rdkit.Chem.Mol or None)
        Length ``n``; None where the file has no conformer for that row.
    """
    out: list[Chem.Mol | None] = [None] * n
    with gzip.open(path, "rb") as fh:
        for mol in Chem.ForwardSDMolSupplier(fh, removeHs=False):
            if mol is not None and mol.HasProp("row"):
                row = int(mol.GetProp("row"))
                if 0 <= row < n:
                    out[row] = mol
    return out


def conformers(
    molecules, progress: Callable[[float], None] | None = None
) -> tuple[list[Chem.Mol | None], list[EmbeddingFailure]]:
    """3D conformers for every molecule of a set, with a list of failures.

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
        The set; precomputed conformers are used when it has a
        ``conformer_path``, the rest are embedded with :func:`embed_conformer`.
    progress : callable, optional
        Called with the fraction done (0 to 1) while embedding, so a page can
        show a progress bar.

    Returns
    -------
    conformers : list of (rdkit.Chem.Mol or None)
        One entry per molecule, explicit hydrogens, coordinates in Å; None
        where embedding failed.
    failures : list of EmbeddingFailure
        One entry per None above, with the molecule's name and the reason.
    """
    n = len(molecules)
    confs: list[Chem.Mol | None]
    if molecules.conformer_path is not None and molecules.conformer_path.exists():
        confs = read_conformer_file(molecules.conformer_path, n)
    else:
        confs = [None] * n
    failures = []
    todo = [i for i, c in enumerate(confs) if c is None]
    for k, i in enumerate(todo):
        try:
            confs[i] = embed_conformer(molecules.mols[i])
        except ValueError as exc:
            failures.append(EmbeddingFailure(i, molecules.names[i], str(exc)))
        if progress is not None:
            progress((k + 1) / len(todo))
    return confs, failures


def conformer_for(molecules, index: int) -> Chem.Mol:
    """A 3D conformer of one molecule: the precomputed one if committed, else embedded.

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
    index : int
        0-based position in the set.

    Returns
    -------
    rdkit.Chem.Mol
        Explicit hydrogens, one conformer, coordinates in Å.

    Raises
    ------
    ValueError
        If the molecule cannot be embedded.
    """
    path = molecules.conformer_path
    if path is not None and path.exists():
        with gzip.open(path, "rb") as fh:
            # Records are written in row order, so we stop as soon as we pass it.
            for mol in Chem.ForwardSDMolSupplier(fh, removeHs=False, sanitize=False):
                if mol is None or not mol.HasProp("row"):
                    continue
                row = int(mol.GetProp("row"))
                if row == index:
                    Chem.SanitizeMol(mol)
                    return mol
                if row > index:
                    break
    return embed_conformer(molecules.mols[index])
