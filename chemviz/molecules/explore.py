"""Looking at a molecule set: substructure and text search, target statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from rdkit import Chem, rdBase

from chemviz import workers

if TYPE_CHECKING:  # worker processes import this module without pandas
    import pandas as pd

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


def search(
    molecules: MoleculeSet,
    query: str,
    mode: str = SEARCH_MODES[0],
    runner: workers.Runner | None = None,
) -> SearchResult:
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
    runner : callable, optional
        Where a substructure search runs. A SMARTS is user input (it arrives
        in links too), and matching a pathological pattern can take RDKit
        minutes, so the app runs it as one worker task with a time limit
        (:mod:`chemviz.workers`); in this process by default.

    Returns
    -------
    SearchResult

    Raises
    ------
    ValueError
        If the SMARTS pattern cannot be parsed (RDKit's message is included),
        or the search did not finish within the worker's time limit.

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
    [found] = (runner or workers.in_process)(
        partial(first_matches, smarts=query), [molecules.mols.binaries()]
    )
    if isinstance(found, workers.Failure):
        if found.kind == "error":
            raise ValueError(found.reason)
        what = {"timeout": found.reason, "memory": "needed more memory than this app allows"}
        raise ValueError(
            f"The search for '{query}' {what.get(found.kind, 'crashed RDKit')}: the pattern is "
            "too general for these molecules. Try a more specific SMARTS."
        )
    return SearchResult(np.asarray(sorted(found), dtype=int), found)


def first_matches(binaries: list[bytes], smarts: str) -> dict[int, tuple[int, ...]]:
    """The atoms of the first match of ``smarts`` in each molecule that has one.

    Parameters
    ----------
    binaries : list of bytes
        Molecules as ``Mol.ToBinary`` bytes (what a worker process is sent).
    smarts : str

    Returns
    -------
    dict of int to tuple of int
        Position of each matching molecule → its matched atom indices.

    Raises
    ------
    ValueError
        If ``smarts`` is not a valid SMARTS pattern.
    """
    with rdBase.CaptureErrorLog() as log:
        pattern = Chem.MolFromSmarts(smarts)
    if pattern is None:
        first = next((ln for ln in log.messages.splitlines() if ln.strip()), "")
        raise ValueError(f"'{smarts}' is not a valid SMARTS pattern. {first.split('] ', 1)[-1]}")
    atoms = {}
    for i, binary in enumerate(binaries):
        match = Chem.Mol(binary).GetSubstructMatch(pattern)
        if match:
            atoms[i] = tuple(match)
    return atoms


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
    import pandas as pd  # here, not at the top: worker processes never call this

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
