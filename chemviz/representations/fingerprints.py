"""Fingerprints: Morgan (ECFP/FCFP), RDKit path (FP2-style), MACCS keys, atom pairs, torsions.

A fingerprint answers a list of yes/no (or how-many) questions about small
pieces of a molecule. Hashed fingerprints (Morgan, path, atom pair, torsion)
fold an open-ended set of pieces into a fixed number of bits, so two
unrelated pieces may share a bit ("collisions"); MACCS keys ask 166 fixed,
human-written questions, so every bit has a meaning.

All hashed fingerprints use RDKit's ``rdFingerprintGenerator`` API and its
``GetFingerprintAsNumPy`` / ``GetCountFingerprintAsNumPy``, which write
straight into a NumPy row without building a Python bit vector first.
"""

from __future__ import annotations

import numpy as np
from rdkit import Chem
from rdkit.Chem import MACCSkeys, rdMolDescriptors
from rdkit.Chem import rdFingerprintGenerator as rfg

from chemviz.representations.base import FeatureMatrix, Progress, report_progress, widen_if_needed

# RDKit's MACCS vector has 167 bits: bit 0 is unused padding so that bit k is
# MACCS key k. We drop bit 0 and keep keys 1…166 as columns 0…165.
N_MACCS_KEYS = 166

# Three keys are not SMARTS patterns in RDKit (smartsPatts gives "?").
MACCS_SPECIAL_KEYS = {
    1: "ISOTOPE (not defined by RDKit; always 0)",
    125: "more than one aromatic ring",
    166: "more than one fragment (e.g. a salt)",
}


def morgan_generator(radius: int, n_bits: int, chirality: bool = False, features: bool = False):
    """The RDKit generator for a Morgan fingerprint.

    Parameters
    ----------
    radius : int
        Number of bond hops around each atom (radius 2 = ECFP4, diameter 4).
    n_bits : int
        Length of the folded bit vector.
    chirality : bool
        Include R/S tags in the atom environments.
    features : bool
        Use pharmacophoric atom types (donor, acceptor, aromatic, halogen,
        basic, acidic) instead of element-based ones: FCFP instead of ECFP.

    Returns
    -------
    rdkit.Chem.rdFingerprintGenerator.FingerprintGenerator64
    """
    invariants = rfg.GetMorganFeatureAtomInvGen() if features else None
    # Pass radius explicitly: RDKit's generator defaults to radius 3 (ECFP6).
    return rfg.GetMorganGenerator(
        radius=radius,
        fpSize=n_bits,
        includeChirality=chirality,
        atomInvariantsGenerator=invariants,
    )


def fingerprint_matrix(generator, mols, n_bits: int, counts: bool, progress: Progress = None):
    """Stack one generator's fingerprints of many molecules into a matrix.

    Parameters
    ----------
    generator : rdkit.Chem.rdFingerprintGenerator.FingerprintGenerator64
    mols : list of rdkit.Chem.Mol
    n_bits : int
        The generator's ``fpSize``.
    counts : bool
        Count how often each bit is set instead of recording only presence.
    progress : callable, optional
        Called with the fraction done.

    Returns
    -------
    numpy.ndarray, shape (len(mols), n_bits)
        ``uint8``; counts widen to ``uint16`` only if some count exceeds 255.
    """
    fingerprint = (
        generator.GetCountFingerprintAsNumPy if counts else generator.GetFingerprintAsNumPy
    )
    values = np.zeros((len(mols), n_bits), dtype=np.uint8)
    for i, mol in enumerate(mols):
        row = fingerprint(mol)
        values = widen_if_needed(values, row)
        values[i] = row
        report_progress(progress, i + 1, len(mols))
    return values


def _all_rows(molecules, values, names, kind, notes=()) -> FeatureMatrix:
    """A FeatureMatrix in which every molecule kept its row."""
    return FeatureMatrix(
        values=values,
        names=names,
        kind=kind,
        rows=np.arange(len(molecules)),
        notes=list(notes),
    )


def morgan(
    molecules,
    progress: Progress = None,
    radius: int = 2,
    n_bits: int = 2048,
    counts: bool = False,
    chirality: bool = False,
    features: bool = False,
) -> FeatureMatrix:
    """Morgan fingerprints: ECFP (element atom types) or FCFP (pharmacophore types).

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
    progress : callable, optional
    radius, n_bits, chirality, features
        See :func:`morgan_generator`.
    counts : bool
        Count fingerprint (how many environments hash to each bit).

    Returns
    -------
    FeatureMatrix
        Shape (n, n_bits); columns named ``"ECFP4 bit 0"`` … (``FCFP`` when
        ``features``); kind ``"binary"`` or ``"count"``.

    Notes
    -----
    Each atom starts with an identifier of its own type; at every iteration
    it absorbs the identifiers of its neighbours, so after ``radius``
    iterations the identifier describes a circular environment of
    ``radius`` bonds. Every distinct environment is hashed to one bit. The
    ECFP number is the environment's *diameter*: radius 2 = ECFP4.
    """
    generator = morgan_generator(radius, n_bits, chirality, features)
    values = fingerprint_matrix(generator, molecules.mols, n_bits, counts, progress)
    prefix = f"{'FCFP' if features else 'ECFP'}{2 * radius}"
    names = [f"{prefix} bit {i}" for i in range(n_bits)]
    return _all_rows(molecules, values, names, "count" if counts else "binary")


def rdkit_path(
    molecules, progress: Progress = None, n_bits: int = 2048, max_path: int = 6
) -> FeatureMatrix:
    """RDKit's topological (path) fingerprint, in the spirit of Daylight/OpenBabel FP2.

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
    progress : callable, optional
    n_bits : int
        Length of the bit vector (1024 or 2048).
    max_path : int
        Longest path or branched subgraph enumerated, in bonds.

    Returns
    -------
    FeatureMatrix
        Shape (n, n_bits), kind ``"binary"``.

    Notes
    -----
    Every linear path and branched subgraph of 1 to ``max_path`` bonds is
    hashed (with atom types and bond orders) to two bits. It records which
    fragments occur, not where they are in the molecule.
    """
    generator = rfg.GetRDKitFPGenerator(maxPath=max_path, fpSize=n_bits)
    values = fingerprint_matrix(generator, molecules.mols, n_bits, False, progress)
    return _all_rows(molecules, values, [f"path bit {i}" for i in range(n_bits)], "binary")


def atom_pair(molecules, progress: Progress = None, n_bits: int = 2048) -> FeatureMatrix:
    """Atom-pair count fingerprint: (atom type, atom type, bonds between them).

    Returns
    -------
    FeatureMatrix
        Shape (n, n_bits), kind ``"count"``.

    Notes
    -----
    Every pair of atoms is described by both atom types (element, number of
    heavy neighbours, π electrons) and their topological distance; the
    count of each hashed description is one feature. Unlike Morgan
    environments, atom pairs see across the whole molecule.
    """
    generator = rfg.GetAtomPairGenerator(fpSize=n_bits)
    values = fingerprint_matrix(generator, molecules.mols, n_bits, True, progress)
    return _all_rows(molecules, values, [f"atom pair bit {i}" for i in range(n_bits)], "count")


def torsion(molecules, progress: Progress = None, n_bits: int = 2048) -> FeatureMatrix:
    """Topological-torsion count fingerprint: linear paths of four bonded atoms.

    Returns
    -------
    FeatureMatrix
        Shape (n, n_bits), kind ``"count"``.

    Notes
    -----
    A topological torsion is a chain of four bonded heavy atoms i–j–k–l
    described by their atom types, the graph analogue of a dihedral angle.
    """
    generator = rfg.GetTopologicalTorsionGenerator(fpSize=n_bits)
    values = fingerprint_matrix(generator, molecules.mols, n_bits, True, progress)
    return _all_rows(molecules, values, [f"torsion bit {i}" for i in range(n_bits)], "count")


def maccs_key_names() -> list[str]:
    """A readable name for each of the 166 MACCS keys, from RDKit's own SMARTS.

    Returns
    -------
    list of str
        ``"MACCS 42: F"``, ``"MACCS 140: [#8] (more than 3 matches)"``, …
    """
    names = []
    for key in range(1, N_MACCS_KEYS + 1):
        smarts, count = MACCSkeys.smartsPatts[key]
        if key in MACCS_SPECIAL_KEYS:
            text = MACCS_SPECIAL_KEYS[key]
        elif count:
            text = f"{smarts} (more than {count} matches)"
        else:
            text = smarts
        names.append(f"MACCS {key}: {text}")
    return names


def maccs(molecules, progress: Progress = None) -> FeatureMatrix:
    """The 166 MACCS structural keys, one named yes/no question each.

    Returns
    -------
    FeatureMatrix
        Shape (n, 166), kind ``"binary"``; column k-1 is MACCS key k.

    Notes
    -----
    MACCS keys (MDL, 1980s) are a fixed dictionary of substructures such as
    "contains sulfur" or "an N–O bond". Because no hashing is involved, a
    key always means the same thing — the most interpretable fingerprint,
    but a coarse one: many different molecules share the same 166 answers.
    """
    mols = molecules.mols
    values = np.zeros((len(mols), N_MACCS_KEYS), dtype=np.uint8)
    for i, mol in enumerate(mols):
        bits = rdMolDescriptors.GetMACCSKeysFingerprint(mol)
        on = np.fromiter(bits.GetOnBits(), dtype=np.intp)
        values[i, on[on > 0] - 1] = 1  # bit 0 is RDKit's unused padding
        report_progress(progress, i + 1, len(mols))
    return _all_rows(molecules, values, maccs_key_names(), "binary")


def maccs_pattern(key: int) -> Chem.Mol | None:
    """The compiled SMARTS of a MACCS key, or None for the three special keys."""
    if not 1 <= key <= N_MACCS_KEYS:
        raise ValueError(f"MACCS keys are numbered 1 to {N_MACCS_KEYS}, got {key}")
    smarts, _ = MACCSkeys.smartsPatts[key]
    return None if key in MACCS_SPECIAL_KEYS else Chem.MolFromSmarts(smarts)
