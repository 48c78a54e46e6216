"""3D conformers: ETKDGv3 embedding followed by an MMFF94 clean-up.

The bundled datasets ship precomputed conformers (``data/*.conformers.sdf.gz``,
made by ``data/build.py`` with :func:`embed_conformer`), so 3D views and 3D
representations are instant for them; uploads are embedded on demand.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass

from rdkit import Chem, rdBase
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
    # Force-field typing warnings for valid molecules would flood the server log.
    with rdBase.BlockLogs():
        if rdDistGeom.EmbedMolecule(molh, params) != 0:
            # Random starting coordinates rescue many large or caged molecules.
            params.useRandomCoords = True
            if rdDistGeom.EmbedMolecule(molh, params) != 0:
                raise ValueError("RDKit's ETKDG could not generate 3D coordinates")
        if rdForceFieldHelpers.MMFFHasAllMoleculeParams(molh):
            rdForceFieldHelpers.MMFFOptimizeMolecule(molh, maxIters=max_mmff_iters)
    return molh


BUILD_FAILURE = (
    "RDKit's ETKDG could not embed this molecule when the dataset was built (see data/README.md)"
)


def iter_conformers(
    molecules, progress: Callable[[float], None] | None = None, sanitize: bool = True
):
    """Yield ``(index, conformer or None, reason)`` for every molecule, in order.

    Streaming keeps memory flat: all of AqSolDB's 3D molecules held at once
    take about 420 MB, more than half of a hosted app's memory.

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
        Precomputed conformers are read from its ``conformer_path``; a row
        missing from that file failed at build time and is not retried
        (some failures take a minute each). Without a file, every molecule
        is embedded with :func:`embed_conformer`.
    progress : callable, optional
        Called with the fraction done (0 to 1).
    sanitize : bool
        Sanitise precomputed conformers (aromaticity, valences) as they are
        read. A caller that needs only elements and coordinates, such as
        the Coulomb matrix, passes False and reads the file about 20 % faster.

    Yields
    ------
    index : int
    conformer : rdkit.Chem.Mol or None
        Explicit hydrogens, coordinates in Å.
    reason : str
        Why the conformer is None, else "".
    """
    n = len(molecules)
    path = molecules.conformer_path
    if path is not None and path.exists():
        expected = 0
        with gzip.open(path, "rb") as fh:
            for mol in Chem.ForwardSDMolSupplier(fh, removeHs=False, sanitize=sanitize):
                if mol is None or not mol.HasProp("row"):
                    continue
                row = int(mol.GetProp("row"))
                for missing in range(expected, min(row, n)):
                    yield missing, None, BUILD_FAILURE
                if row < n:
                    yield row, mol, ""
                expected = row + 1
                if progress is not None and row % 200 == 0:
                    progress(min(1.0, expected / n))
        for missing in range(expected, n):
            yield missing, None, BUILD_FAILURE
    else:
        for i, mol in enumerate(molecules.mols):
            try:
                yield i, embed_conformer(mol), ""
            except ValueError as exc:
                yield i, None, str(exc)
            if progress is not None:
                progress((i + 1) / n)
    if progress is not None:
        progress(1.0)


def conformers(
    molecules, progress: Callable[[float], None] | None = None
) -> tuple[list[Chem.Mol | None], list[EmbeddingFailure]]:
    """3D conformers for every molecule of a set, with a list of failures.

    Holds every conformer in memory: prefer :func:`iter_conformers` for the
    large datasets.

    Returns
    -------
    conformers : list of (rdkit.Chem.Mol or None)
        One entry per molecule, explicit hydrogens, coordinates in Å; None
        where embedding failed.
    failures : list of EmbeddingFailure
        One entry per None above, with the molecule's name and the reason.
    """
    confs: list[Chem.Mol | None] = [None] * len(molecules)
    failures = []
    for i, mol, reason in iter_conformers(molecules, progress):
        confs[i] = mol
        if mol is None:
            failures.append(EmbeddingFailure(i, molecules.names[i], reason))
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
        raise ValueError(BUILD_FAILURE)
    return embed_conformer(molecules.mols[index])
