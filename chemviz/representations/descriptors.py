"""RDKit's 2D descriptors: an ad-hoc list of ~200 named molecular properties.

Molecular weight, logP, polar surface area, ring counts, E-state indices,
topological indices, fragment counts... Each column means something a
chemist can name, which makes descriptors the natural input for feature
selection. Some descriptors cannot be computed for some molecules (partial
charges for unusual elements, BCUT descriptors for elements without
Gasteiger parameters); those gaps are filled and reported, never hidden.
"""

from __future__ import annotations

import gzip
from functools import partial
from pathlib import Path

import numpy as np
from rdkit import Chem, rdBase
from rdkit.Chem import Descriptors

from chemviz import workers
from chemviz.limits import Limits, current
from chemviz.representations.base import FeatureMatrix, Progress, Rejection, report_progress

# Ipc (Bonchev–Trinajstić information content) grows exponentially with size:
# 65 standard deviations out for one Lipophilicity molecule, enough to wreck an
# honestly cross-validated linear model. log10(1 + Ipc) is well behaved (and 0
# for a lone atom, where Ipc = 0), so we report that, under that name.
LOG_DESCRIPTORS = frozenset({"Ipc"})
DESCRIPTOR_NAMES = [
    f"log10(1+{name})" if name in LOG_DESCRIPTORS else name for name, _ in Descriptors.descList
]

# Ipc and AvgIpc come from the characteristic polynomial of the adjacency
# matrix (Le Verrier's method, about n⁴ operations). Above ~100 heavy atoms one
# molecule takes seconds and the coefficients overflow to absurd values, so
# we skip them there and treat the entries as missing (reported in notes).
COSTLY_DESCRIPTORS = frozenset({"Ipc", "AvgIpc"})
COSTLY_MAX_HEAVY_ATOMS = 100

# First line of a committed table written by data/build_descriptors.py, followed
# by the RDKit version that computed it.
PRECOMPUTED_HEADER = "# chemviz descriptor_row values, RDKit "

# No descriptor on this list is meaningfully larger than this; Ipc reaches
# 1e158 for large molecules. Values beyond it are clipped (and reported) so
# that one number cannot swamp every distance and every fitted weight.
ABSURD_MAGNITUDE = 1e10


def descriptor_row(mol: Chem.Mol) -> np.ndarray:
    """All descriptors of ``Descriptors.descList`` for one molecule.

    Parameters
    ----------
    mol : rdkit.Chem.Mol

    Returns
    -------
    numpy.ndarray, shape (len(DESCRIPTOR_NAMES),)
        NaN where RDKit raised an error or the descriptor was skipped as
        too costly (see ``COSTLY_DESCRIPTORS``).
    """
    # Some descriptors cache matrices on the Mol object; work on a copy so the
    # MoleculeSet's molecules do not grow.
    mol = Chem.Mol(mol)
    large = mol.GetNumHeavyAtoms() > COSTLY_MAX_HEAVY_ATOMS
    row = np.full(len(DESCRIPTOR_NAMES), np.nan)
    for j, (name, function) in enumerate(Descriptors.descList):
        if large and name in COSTLY_DESCRIPTORS:
            continue
        try:
            value = function(mol)
            row[j] = np.log10(1.0 + value) if name in LOG_DESCRIPTORS else value
        except Exception:  # RDKit's CalcMolDescriptors does the same: a failure is a gap
            pass
    return row


# Uploaded molecules per worker task: about 20 ms each, so a task takes a
# fraction of a second and a crash re-runs few of them one by one.
UNTRUSTED_CHUNK = 16


def descriptor_untrusted(binary: bytes, limits: Limits) -> np.ndarray:
    """:func:`descriptor_row` of one uploaded molecule (``Mol.ToBinary`` bytes), within budget.

    The task a worker process runs for an upload.

    Raises
    ------
    ValueError
        Over ``limits.atoms_descriptors`` heavy atoms.
    """
    mol = Chem.Mol(binary)
    n_heavy = mol.GetNumHeavyAtoms()
    if n_heavy > limits.atoms_descriptors:
        raise ValueError(
            f"{n_heavy} heavy atoms: this app computes descriptors of uploaded molecules up "
            f"to {limits.atoms_descriptors} heavy atoms (some take seconds to minutes beyond)"
        )
    with rdBase.BlockLogs():
        return descriptor_row(mol)


def _failure_reason(failure: workers.Failure) -> str:
    if failure.kind == "timeout":
        return f"RDKit's descriptors {failure.reason}"
    if failure.kind == "crash":
        return f"RDKit crashed while computing this molecule's descriptors ({failure.reason})"
    if failure.kind == "memory":
        return "the descriptors needed more memory than this app allows"
    return failure.reason


def _untrusted_rows(molecules, runner, limits, progress):
    """Descriptor rows of uploaded molecules, through ``runner``; (values, kept, rejected)."""
    task = partial(descriptor_untrusted, limits=limits)
    results = runner(task, molecules.mols.binaries(), chunk_size=UNTRUSTED_CHUNK, progress=progress)
    kept = [i for i, r in enumerate(results) if not isinstance(r, workers.Failure)]
    rejected = [
        Rejection(i, molecules.names[i], _failure_reason(r))
        for i, r in enumerate(results)
        if isinstance(r, workers.Failure)
    ]
    values = np.array([results[i] for i in kept]).reshape(len(kept), len(DESCRIPTOR_NAMES))
    return values, np.array(kept, dtype=int), rejected


def read_precomputed(path: Path, n_molecules: int) -> np.ndarray | None:
    """The raw descriptor values committed for a bundled dataset, if they still apply.

    Parameters
    ----------
    path : pathlib.Path
        ``data/<key>.descriptors.csv.gz`` (see ``data/build_descriptors.py``).
    n_molecules : int
        Rows the set has; a file with another count is not used.

    Returns
    -------
    numpy.ndarray, shape (n_molecules, len(DESCRIPTOR_NAMES)), or None
        Exactly what :func:`descriptor_row` gives for each molecule, NaN
        included; None when the file was made by another RDKit version or
        for another list of descriptors, so the caller computes them afresh.
    """
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        if fh.readline().rstrip("\n") != PRECOMPUTED_HEADER + rdBase.rdkitVersion:
            return None
        if fh.readline().rstrip("\n").split(",") != DESCRIPTOR_NAMES:
            return None
        import pandas as pd  # here, not at the top: worker processes never call this

        # pandas 3 parses each float exactly: it is the double whose repr was written.
        frame = pd.read_csv(fh, header=None, dtype=float)
    values = frame.to_numpy(dtype=float)
    return values if values.shape == (n_molecules, len(DESCRIPTOR_NAMES)) else None


def clean_columns(values: np.ndarray, names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Replace non-finite entries by the column median and clip absurd magnitudes.

    Parameters
    ----------
    values : numpy.ndarray, shape (n, d)
        Modified in place.
    names : list of str
        Column names, for the notes.

    Returns
    -------
    values : numpy.ndarray, shape (n, d)
    notes : list of str
        One sentence per kind of repair, naming the columns and counts.

    Notes
    -----
    The median (not the mean) is used because descriptor distributions are
    skewed and the mean would be dragged by a few large molecules. A
    filled-in value carries no information about that molecule; if a column
    needed many repairs, consider leaving it out.
    """
    notes = []
    missing = ~np.isfinite(values)
    if missing.any():
        repaired = []
        for j in np.flatnonzero(missing.any(axis=0)):
            finite = values[~missing[:, j], j]
            values[missing[:, j], j] = np.median(finite) if finite.size else 0.0
            repaired.append(f"{names[j]} ({missing[:, j].sum()})")
        notes.append(
            f"{len(repaired)} descriptors could not be computed for some molecules and were "
            f"replaced by the column median (number of molecules in brackets): "
            + ", ".join(repaired)
        )
    huge = np.abs(values) > ABSURD_MAGNITUDE
    if huge.any():
        clipped = [f"{names[j]} ({huge[:, j].sum()})" for j in np.flatnonzero(huge.any(axis=0))]
        np.clip(values, -ABSURD_MAGNITUDE, ABSURD_MAGNITUDE, out=values)
        notes.append(
            f"{len(clipped)} descriptors had values beyond ±{ABSURD_MAGNITUDE:.0e} and were "
            "clipped to that bound (number of molecules in brackets): " + ", ".join(clipped)
        )
    return values, notes


def descriptors(
    molecules,
    progress: Progress = None,
    runner: workers.Runner | None = None,
    limits: Limits | None = None,
) -> FeatureMatrix:
    """RDKit's 2D descriptors (every entry of ``Descriptors.descList``).

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
    progress : callable, optional
    runner : callable, optional
        Where an untrusted set's descriptors are computed (the app's worker
        pool: :mod:`chemviz.workers`); in this process by default.
    limits : Limits, optional
        The descriptor budget for untrusted molecules (:func:`chemviz.limits.current`).

    Returns
    -------
    FeatureMatrix
        Shape (n_kept, 217 in RDKit 2026.09), columns named as in RDKit
        (``"MolWt"``, ``"TPSA"``, ...), kind ``"real"``. Every molecule of a
        trusted set keeps its row; an untrusted molecule over the budget, or
        whose computation crashed or ran out of time, is in ``rejected``.
        Repairs are listed in ``notes``.

    Notes
    -----
    Descriptors have wildly different units and scales (molecular weight in
    g/mol in the hundreds, fraction sp3 between 0 and 1), so standardise
    them before distances or penalised regression.

    RDKit needs about 20 ms per molecule, so the bundled datasets carry the
    values precomputed with this same code (``MoleculeSet.descriptor_path``);
    the gaps are filled here either way, so the notes are the same.
    """
    mols = molecules.mols
    path = getattr(molecules, "descriptor_path", None)
    values = None if path is None else read_precomputed(path, len(mols))
    rows, rejected = np.arange(len(mols)), []
    if values is None and not molecules.trusted:
        run = runner or workers.in_process
        values, rows, rejected = _untrusted_rows(molecules, run, limits or current(), progress)
        if not len(rows):
            return FeatureMatrix(
                np.empty((0, len(DESCRIPTOR_NAMES))), list(DESCRIPTOR_NAMES), "real", rows, rejected
            )
    elif values is None:
        values = np.empty((len(mols), len(DESCRIPTOR_NAMES)))
        # Silence RDKit's per-molecule warnings (e.g. missing Gasteiger parameters);
        # what matters to the user is reported in notes instead.
        with rdBase.BlockLogs():
            for i, mol in enumerate(mols):
                values[i] = descriptor_row(mol)
                report_progress(progress, i + 1, len(mols))
    n_large = sum(mols[int(i)].GetNumHeavyAtoms() > COSTLY_MAX_HEAVY_ATOMS for i in rows)
    values, notes = clean_columns(values, DESCRIPTOR_NAMES)
    if n_large:
        notes.insert(
            0,
            f"Ipc and AvgIpc were not computed for {n_large} molecules with more than "
            f"{COSTLY_MAX_HEAVY_ATOMS} heavy atoms (their algorithm needs seconds per molecule "
            "there and overflows); they count as missing below.",
        )
    return FeatureMatrix(
        values=values,
        names=list(DESCRIPTOR_NAMES),
        kind="real",
        rows=rows,
        rejected=rejected,
        notes=notes,
    )
