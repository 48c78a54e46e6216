"""3D conformers: ETKDGv3 embedding followed by an MMFF94 clean-up.

The bundled datasets ship precomputed conformers (``data/*.conformers.sdf.gz``,
made by ``data/build.py`` with :func:`embed_conformer`), so 3D views and 3D
representations are instant for them; uploads are embedded on demand.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rdkit import Chem, rdBase
from rdkit.Chem import rdDistGeom, rdForceFieldHelpers

from chemviz import workers
from chemviz.limits import Limits, current

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


# Uploads are embedded in batches of this many molecules: the 3D molecules of a
# batch are reduced (to a Coulomb matrix, a viewer) before the next is embedded.
EMBED_BATCH = 256


def embed_conformer(
    mol: Chem.Mol, seed: int = EMBED_SEED, max_mmff_iters: int = 500, timeout: int = 0
) -> Chem.Mol:
    """Give one molecule a 3D conformer with explicit hydrogens.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
        A molecule with implicit hydrogens (as parsed from SMILES).
    seed : int
        Random seed of the distance-geometry embedding.
    max_mmff_iters : int
        Maximum number of MMFF94 minimisation steps.
    timeout : int
        Seconds ETKDG may spend on one attempt (0: no limit, as for the
        bundled sets). Uploads also run in a worker process whose wall clock
        is limited, since a timed-out attempt is retried with random coordinates.

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
    params.timeout = timeout
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


def embed_untrusted(binary: bytes, limits: Limits) -> bytes:
    """Embed one uploaded molecule (``Mol.ToBinary`` bytes) within the 3D budget.

    The task a worker process runs for an upload: bytes in, bytes out (the
    3D molecule with hydrogens and its conformer), so it crosses the process
    boundary cheaply.

    Raises
    ------
    ValueError
        Over ``limits.atoms_3d`` heavy atoms, or when ETKDG fails.
    """
    mol = Chem.Mol(binary)
    n_heavy = mol.GetNumHeavyAtoms()
    if n_heavy > limits.atoms_3d:
        raise ValueError(
            f"{n_heavy} heavy atoms: this app embeds uploaded molecules in 3D up to "
            f"{limits.atoms_3d} heavy atoms (ETKDG needs seconds to minutes beyond)"
        )
    # CoordsAsDouble: by default RDKit pickles coordinates as float32.
    mol3d = embed_conformer(mol, timeout=max(1, int(limits.task_seconds)))
    return mol3d.ToBinary(Chem.PropertyPickleOptions.CoordsAsDouble)


def failure_reason(failure: workers.Failure) -> str:
    """A worker's failure to embed one molecule, in words."""
    if failure.kind == "timeout":
        return f"3D embedding {failure.reason}"
    if failure.kind == "crash":
        return f"RDKit crashed while embedding this molecule in 3D ({failure.reason})"
    if failure.kind == "memory":
        return "3D embedding needed more memory than this app allows"
    return failure.reason


def _embed_all(molecules, runner, limits, progress):
    """Yield ``(index, conformer or None, reason)``, embedding uploads batch by batch."""
    n = len(molecules)
    task = partial(embed_untrusted, limits=limits)
    binaries = molecules.mols.binaries()
    for start in range(0, n, EMBED_BATCH):
        stop = min(n, start + EMBED_BATCH)
        done = (lambda f, a=start, b=stop: progress((a + f * (b - a)) / n)) if progress else None
        for i, out in enumerate(runner(task, binaries[start:stop], progress=done), start=start):
            if isinstance(out, workers.Failure):
                yield i, None, failure_reason(out)
            else:
                yield i, Chem.Mol(out), ""


BUILD_FAILURE = (
    "RDKit's ETKDG could not embed this molecule when the dataset was built (see data/README.md)"
)


def iter_conformers(
    molecules,
    progress: Callable[[float], None] | None = None,
    sanitize: bool = True,
    runner: workers.Runner | None = None,
    limits: Limits | None = None,
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
        is embedded: in this process with :func:`embed_conformer` for a
        trusted set, else with :func:`embed_untrusted` through ``runner``.
    progress : callable, optional
        Called with the fraction done (0 to 1).
    sanitize : bool
        Sanitise precomputed conformers (aromaticity, valences) as they are
        read. A caller that needs only elements and coordinates, such as
        the Coulomb matrix, passes False and reads the file about 20 % faster.
    runner : callable, optional
        Where untrusted molecules are embedded (:mod:`chemviz.workers`);
        in this process by default.
    limits : Limits, optional
        The 3D budget for untrusted molecules (:func:`chemviz.limits.current`).

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
    elif not molecules.trusted:
        yield from _embed_all(
            molecules, runner or workers.in_process, limits or current(), progress
        )
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


def conformer_for(
    molecules, index: int, runner: workers.Runner | None = None, limits: Limits | None = None
) -> Chem.Mol:
    """A 3D conformer of one molecule: the precomputed one if committed, else embedded.

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
    index : int
        0-based position in the set.
    runner, limits
        As for :func:`iter_conformers`: where and within which budget an
        untrusted molecule is embedded.

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
    if molecules.trusted:
        return embed_conformer(molecules.mols[index])
    task = partial(embed_untrusted, limits=limits or current())
    [out] = (runner or workers.in_process)(task, [molecules.mols.binaries()[index]])
    if isinstance(out, workers.Failure):
        raise ValueError(failure_reason(out))
    return Chem.Mol(out)
