"""What a complexity curve learns from: a capped sample of the molecules, compactly stored.

Curves, parity plots and learning curves on molecules are computed on at
most a cap of molecules (a seeded sample), with their Bemis–Murcko
scaffolds for scaffold folds. :func:`prepare_curves` makes that once per
data, cap and seed; :func:`compact_features` stores the features as small
as they can be exactly, because a server keeps them for a whole class.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chemviz.modeldata import ModelInputs
from chemviz.models import standardize
from chemviz.splits import sample_indices


@dataclass(frozen=True, eq=False)
class Prepared:
    """The molecules a complexity curve learns from, once per data key and cap.

    Attributes
    ----------
    X : ndarray of shape (m, d)
        Real-valued features as float64, standardised (mean 0, SD 1 over these
        m); bits and counts in the smallest unsigned integer type that holds
        them exactly (see :func:`compact_features`). The core functions cast
        to float64 for the duration of one computation.
    y : ndarray of shape (m,)
    rows : ndarray of int, shape (m,)
        Position of each row in the MoleculeSet.
    scaffolds : ndarray of str, shape (m,)
        Bemis–Murcko scaffold SMILES of each row (the scaffold-fold groups).
    n_available : int
        Molecules with features and a target before the cap.
    """

    X: np.ndarray
    y: np.ndarray
    rows: np.ndarray
    scaffolds: np.ndarray
    n_available: int

    @property
    def sampled(self) -> bool:
        return len(self.y) < self.n_available


def compact_features(X: np.ndarray, kind: str) -> np.ndarray:
    """The features to keep in the shared cache: exact, and as small as that allows.

    Parameters
    ----------
    X : ndarray of shape (m, d)
    kind : str
        ``"binary"``, ``"count"`` or ``"real"`` (:class:`chemviz.modeldata.ModelInputs`).

    Returns
    -------
    ndarray of shape (m, d)
        Real-valued features standardised in float64. Whole, non-negative
        values (fingerprint bits, substructure counts) as uint8 when they fit
        (uint16 / uint32 otherwise), which is exact; anything else as float64.

    Notes
    -----
    The cache is shared by every session and holds up to 8 data sets. A
    2,000 × 2,048 fingerprint is 33 MB as float64 but 4 MB as uint8, and
    casting back to float64 gives the very same numbers, so the curves do not
    change at all.
    """
    if kind == "real":  # descriptors on wildly different scales
        return standardize(np.asarray(X, dtype=float))[0]
    X = np.asarray(X)
    if X.size == 0:
        return X.astype(np.uint8)
    whole = np.issubdtype(X.dtype, np.integer) or bool(np.all(X == np.round(X)))
    if whole and X.min() >= 0 and X.max() <= np.iinfo(np.uint32).max:
        return X.astype(np.min_scalar_type(int(X.max())), copy=False)
    return np.asarray(X, dtype=float)


def prepare_curves(inputs: ModelInputs, scaffolds: np.ndarray, cap: int, seed: int) -> Prepared:
    """Features, target and scaffolds of at most ``cap`` molecules drawn with ``seed``.

    Parameters
    ----------
    inputs : ModelInputs
        The molecules with a target value and their features.
    scaffolds : ndarray of str, shape (n_molecules,)
        Bemis–Murcko scaffold of every molecule of the set (indexed like
        ``inputs.rows``, i.e. by position in the MoleculeSet).
    cap, seed : int
        At most ``cap`` molecules, drawn reproducibly with ``seed``.
    """
    keep = sample_indices(len(inputs), cap, seed)
    rows = inputs.rows[keep]
    X = compact_features(inputs.X[keep], inputs.kind)
    return Prepared(X, inputs.y[keep], rows, scaffolds[rows], len(inputs))
