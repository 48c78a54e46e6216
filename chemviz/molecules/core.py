"""Molecules in, molecules out: the ``MoleculeSet`` every page works on.

A ``MoleculeSet`` is the one object that travels through chemviz: canonical
SMILES, RDKit molecules, display names and a table of numeric properties (the
candidate targets), all in the same row order. A :class:`ParseReport` says
what happened to every record of an input file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from rdkit import Chem
from rdkit.Chem.Scaffolds import MurckoScaffold

from chemviz.molecules.records import RejectedRecord


@dataclass
class Duplicates:
    """Records that repeat an earlier molecule, stored compactly.

    A file of a million copies of one molecule must not cost a million
    rejection objects (each holding its text): a duplicate is three numbers
    and a reference to the kept molecule's SMILES string, which the
    ``MoleculeSet`` holds anyway.

    Attributes
    ----------
    rows : list of int
        The duplicate records' rows (as :attr:`RejectedRecord.row`).
    first_rows : list of int
        The row of the record each one repeats (the one that was kept).
    smiles : list of str
        The canonical SMILES they share (the same string objects as the kept molecules').
    averaged : bool
        Whether their numeric properties were averaged into the kept record.
    """

    rows: list[int] = field(default_factory=list)
    first_rows: list[int] = field(default_factory=list)
    smiles: list[str] = field(default_factory=list)
    averaged: bool = False

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[RejectedRecord]:
        """The duplicates as rejection records, with the reason in words."""
        merged = "; its properties were averaged into that row" if self.averaged else ""
        return [
            RejectedRecord(
                row, smiles, f"duplicate of row {first} (same molecule, {smiles}){merged}"
            )
            for row, first, smiles in zip(self.rows, self.first_rows, self.smiles, strict=True)
        ]


@dataclass
class ParseReport:
    """What happened to every record of an input.

    The bookkeeping rule ``n_valid + n_rejected == total`` always holds:
    nothing is dropped without a line in ``rejected`` or ``duplicates``.

    Attributes
    ----------
    total : int
        Records read (data rows, lines or SDF records).
    n_valid : int
        Records that became molecules in the resulting ``MoleculeSet``.
    rejected : list of RejectedRecord
        One entry per record that could not be used (unreadable, over the
        budget, malformed), sorted by row.
    duplicates : Duplicates
        Records that repeat an earlier molecule (readable, but not used again).
    notes : list of str
        Things that were done to the molecules that were kept (salts
        stripped, charges neutralised, non-numeric values set to NaN, ...).
    """

    total: int = 0
    n_valid: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)
    duplicates: Duplicates = field(default_factory=Duplicates)
    notes: list[str] = field(default_factory=list)

    @property
    def n_rejected(self) -> int:
        """Records not used: unreadable ones and duplicates."""
        return len(self.rejected) + len(self.duplicates)

    @property
    def is_consistent(self) -> bool:
        """True when every record is either used or listed as rejected."""
        return self.n_valid + self.n_rejected == self.total

    def all_rejected(self) -> list[RejectedRecord]:
        """Every record not used, duplicates included, sorted by row."""
        return sorted([*self.rejected, *self.duplicates.records()], key=lambda r: r.row)

    def rejected_frame(self) -> pd.DataFrame:
        """Every record not used, as a table (columns row, raw, reason)."""
        return pd.DataFrame(
            [(r.row, r.raw, r.reason) for r in self.all_rejected()],
            columns=["row", "raw", "reason"],
        )


class MolSequence(Sequence):
    """RDKit molecules stored compactly, rebuilt on access.

    A live ``Chem.Mol`` costs about 20 kB of memory (AqSolDB's 9,980 take
    over 200 MB), while its binary form (``Mol.ToBinary``) is about 260
    bytes and turns back into a molecule in 60 µs. Hosted apps get 690 MB,
    so a ``MoleculeSet`` keeps the bytes and hands out fresh molecules:
    ``seq[i]`` is a new object on every access, safe to modify.
    """

    def __init__(self, mols=(), _binaries: list[bytes] | None = None):
        self._binaries = _binaries if _binaries is not None else [m.ToBinary() for m in mols]

    def __len__(self) -> int:
        return len(self._binaries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [Chem.Mol(b) for b in self._binaries[index]]
        return Chem.Mol(self._binaries[index])

    def binaries(self) -> list[bytes]:
        """The molecules as ``Mol.ToBinary`` bytes (what worker processes are sent); read-only."""
        return self._binaries

    def take(self, indices) -> MolSequence:
        """The molecules at ``indices``, without decoding them."""
        return MolSequence(_binaries=[self._binaries[i] for i in indices])


@dataclass(frozen=True, eq=False)
class MoleculeSet:
    """A list of molecules with names and numeric properties, in one row order.

    Attributes
    ----------
    smiles : list of str
        Canonical (RDKit) SMILES, one per molecule.
    mols : MolSequence
        The parsed molecules, hydrogens implicit (a list of ``Chem.Mol`` is
        accepted and stored compactly; each access returns a fresh copy).
    names : list of str
        Display names (the input's name column, or ``"mol-<row>"``).
    properties : pandas.DataFrame
        Numeric columns (float, NaN where missing), one row per molecule,
        with a 0-based ``RangeIndex``. These are the candidate targets.
    source : str
        Bundled dataset key or the uploaded file name.
    units : dict of str to str
        Unit of each property where known, e.g. ``{"logS": "log10(mol/L)"}``.
    labels : pandas.DataFrame
        Non-numeric columns kept for display (e.g. a published ``split``).
    conformer_path : pathlib.Path or None
        A committed SDF of precomputed 3D conformers for this set (bundled
        datasets only); see :func:`chemviz.geometry.conformers`.
    descriptor_path : pathlib.Path or None
        A committed table of precomputed RDKit descriptors, one row per
        molecule (bundled datasets only); see
        :func:`chemviz.representations.descriptors.descriptors`.
    trusted : bool
        True for the bundled datasets (committed, checked when built): their
        chemistry runs in the app's own process. Anything a user brings is
        untrusted, and the app runs RDKit on it in worker processes with
        time and memory limits (:mod:`chemviz.workers`).
    """

    smiles: list[str]
    mols: MolSequence
    names: list[str]
    properties: pd.DataFrame
    source: str = ""
    units: dict[str, str] = field(default_factory=dict)
    labels: pd.DataFrame | None = None
    conformer_path: Path | None = None
    descriptor_path: Path | None = None
    trusted: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.mols, MolSequence):
            object.__setattr__(self, "mols", MolSequence(self.mols))
        n = len(self.smiles)
        if not (len(self.mols) == len(self.names) == len(self.properties) == n):
            raise ValueError("smiles, mols, names and properties must have the same length")

    def __len__(self) -> int:
        return len(self.smiles)

    @property
    def property_names(self) -> list[str]:
        """Names of the numeric columns, in input order."""
        return list(self.properties.columns)

    def target(self, name: str) -> np.ndarray:
        """One property as a float array of shape (n,), NaN where missing."""
        if name not in self.properties.columns:
            raise ValueError(
                f"'{name}' is not a numeric column of this data set; "
                f"choose one of: {', '.join(self.property_names) or '(none)'}"
            )
        return self.properties[name].to_numpy(dtype=float)

    def unit(self, name: str) -> str:
        """The unit of a property, or an empty string when unknown."""
        return self.units.get(name, "")

    @property
    def split(self) -> np.ndarray | None:
        """The published train/test split as an array of "train"/"test", if any."""
        if self.labels is None or "split" not in self.labels.columns:
            return None
        return self.labels["split"].to_numpy(dtype=str)

    @property
    def content_hash(self) -> str:
        """A short hash of the molecules and properties, for cache keys.

        Two sets with the same SMILES, names and property values share a hash,
        whatever file they came from, so cached features are reused.
        """
        h = hashlib.sha1()
        h.update("\n".join(self.smiles).encode())
        h.update("\n".join(self.names).encode())
        h.update(pd.util.hash_pandas_object(self.properties, index=False).to_numpy().tobytes())
        h.update(",".join(self.property_names).encode())
        return h.hexdigest()[:16]

    def subset(self, indices) -> MoleculeSet:
        """A new set with the molecules at ``indices`` (in that order)."""
        idx = np.asarray(indices, dtype=int)
        labels = None if self.labels is None else self.labels.iloc[idx].reset_index(drop=True)
        return replace(
            self,
            smiles=[self.smiles[i] for i in idx],
            mols=self.mols.take(idx),
            names=[self.names[i] for i in idx],
            properties=self.properties.iloc[idx].reset_index(drop=True),
            labels=labels,
            # Precomputed conformers and descriptors are stored by row of the full set.
            conformer_path=None,
            descriptor_path=None,
        )


def scaffolds(molecules: MoleculeSet) -> list[str]:
    """Bemis–Murcko scaffold SMILES of every molecule.

    Parameters
    ----------
    molecules : MoleculeSet

    Returns
    -------
    list of str
        One canonical scaffold SMILES per molecule; acyclic molecules have the
        empty scaffold ``""`` and so share one group.

    Notes
    -----
    The scaffold keeps the ring systems and the linkers between them and
    drops every side chain. Molecules with the same scaffold form a
    chemical series; keeping a series together in one cross-validation fold
    asks a model to predict *new* chemistry rather than a close analogue.
    """
    return [MurckoScaffold.MurckoScaffoldSmiles(mol=m) for m in molecules.mols]
