"""Looking at a molecule set: substructure and text search, target statistics."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rdkit import Chem, rdBase

from chemviz.molecules.core import MoleculeSet

SEARCH_MODES = ("name or SMILES text", "substructure (SMARTS)")


@dataclass(frozen=True)
class SearchResult:
    """Which molecules match a query, and which atoms matched.

    Attributes
    ----------
    indices : numpy.ndarray
        Positions in the ``MoleculeSet`` of the matching molecules, in order.
    atoms : dict of int to tuple of int
        For a substructure search: the atoms of the first match in each hit,
        for highlighting.
    """

    indices: np.ndarray
    atoms: dict[int, tuple[int, ...]] = field(default_factory=dict)


def search(molecules: MoleculeSet, query: str, mode: str = SEARCH_MODES[0]) -> SearchResult:
    """Find molecules by name/SMILES text or by a SMARTS substructure.

    Parameters
    ----------
    molecules : MoleculeSet
    query : str
        Text to look for (case-insensitive, in names and canonical SMILES),
        or a SMARTS pattern such as ``c1ccccc1`` or ``[CX3](=O)[OX2H1]``.
        An empty query matches everything.
    mode : str
        One of :data:`SEARCH_MODES`.

    Returns
    -------
    SearchResult

    Raises
    ------
    ValueError
        If the SMARTS pattern cannot be parsed (RDKit's message is included).

    Notes
    -----
    SMARTS is to SMILES what a regular expression is to text: ``c`` means
    any aromatic carbon, ``[OX2H1]`` an oxygen with two connections, one of
    them to hydrogen. A substructure search asks "which molecules contain
    this pattern?", which no text search on SMILES can answer reliably,
    because one molecule has many SMILES strings.
    """
    query = query.strip()
    if not query:
        return SearchResult(np.arange(len(molecules)))
    if mode == SEARCH_MODES[0]:
        q = query.lower()
        hits = [
            i
            for i, (name, smi) in enumerate(zip(molecules.names, molecules.smiles, strict=True))
            if q in name.lower() or q in smi.lower()
        ]
        return SearchResult(np.asarray(hits, dtype=int))
    if mode != SEARCH_MODES[1]:
        raise ValueError(f"Unknown search mode '{mode}'; choose one of: {', '.join(SEARCH_MODES)}")
    with rdBase.CaptureErrorLog() as log:
        pattern = Chem.MolFromSmarts(query)
    if pattern is None:
        first = next((ln for ln in log.messages.splitlines() if ln.strip()), "")
        raise ValueError(f"'{query}' is not a valid SMARTS pattern. {first.split('] ', 1)[-1]}")
    atoms = {}
    for i, mol in enumerate(molecules.mols):
        match = mol.GetSubstructMatch(pattern)
        if match:
            atoms[i] = tuple(match)
    return SearchResult(np.asarray(sorted(atoms), dtype=int), atoms)


def target_statistics(values: np.ndarray) -> pd.Series:
    """Summary statistics of a property, with the number of missing values.

    Parameters
    ----------
    values : numpy.ndarray, shape (n,)
        Property values, NaN where missing.

    Returns
    -------
    pandas.Series
        ``count`` (non-missing), ``missing``, ``mean``, ``std`` (sample,
        ddof=1), ``min``, ``25%``, ``median``, ``75%``, ``max``.
    """
    v = np.asarray(values, dtype=float)
    present = v[~np.isnan(v)]
    stats = {"count": float(present.size), "missing": float(v.size - present.size)}
    if present.size:
        q1, med, q3 = np.percentile(present, [25, 50, 75])
        stats |= {
            "mean": present.mean(),
            "std": present.std(ddof=1) if present.size > 1 else np.nan,
            "min": present.min(),
            "25%": q1,
            "median": med,
            "75%": q3,
            "max": present.max(),
        }
    return pd.Series(stats, dtype=float)
