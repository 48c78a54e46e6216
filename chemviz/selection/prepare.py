"""What the path and RFE are fitted on: the model's inputs sampled, cleaned and capped.

A path costs (folds + 1) coordinate-descent sweeps over the n × p matrix,
so on the largest sets :func:`prepare_selection` draws a reproducible
sample of molecules and keeps the most variable features, and says so in
``notes`` for the page to show. Constant and duplicate columns are dropped
first: they can never be selected, and a duplicate would split its
coefficient with its twin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chemviz.modeldata import ModelInputs
from chemviz.selection.inputs import check_some_left, count_dropped, drop_uninformative
from chemviz.selection.rfe import most_variable
from chemviz.splits import sample_indices

# A path costs (folds + 1) coordinate-descent sweeps over n × p. Above these
# sizes the page samples molecules (reproducibly, by seed) and keeps the most
# variable features, so a first visit takes seconds, not minutes; measured:
# FreeSolv with 2,048 Morgan bits 25 s uncapped, 1 s with 256 columns.
MAX_MOLECULES = 2000
MAX_FEATURES = 256


@dataclass(frozen=True, eq=False)
class SelectionData:
    """The (X, y) the path and RFE are fitted on, and what was left out on the way.

    Attributes
    ----------
    X : numpy.ndarray, shape (n, p)
        Informative columns only (constant and duplicate columns removed),
        at most ``MAX_FEATURES`` of them; the representation's dtype.
    y : numpy.ndarray, shape (n,)
    rows : numpy.ndarray of int, shape (n,)
        Position of each row in the ``MoleculeSet``.
    columns : numpy.ndarray of int, shape (p,)
        Index of each column of ``X`` among the representation's columns
        (= the Morgan bit; MACCS key number − 1).
    names : list of str, length p
    n_molecules, n_features : int
        Molecules with a target, and columns of the representation, before capping.
    n_constant, n_duplicate : int
        Columns dropped because they are constant, or copies of an earlier column.
    notes : tuple of str
        What was sampled or set aside, for the page to say.
    """

    X: np.ndarray
    y: np.ndarray
    rows: np.ndarray
    columns: np.ndarray
    names: list[str]
    n_molecules: int
    n_features: int
    n_constant: int
    n_duplicate: int
    notes: tuple[str, ...] = ()


def prepare_selection(inputs: ModelInputs, seed: int) -> SelectionData:
    """Sample, clean and cap a model's inputs for feature selection.

    Raises
    ------
    ValueError
        When every column is constant or a duplicate.
    """
    X, y, rows = inputs.X, inputs.y, inputs.rows
    notes = []
    if len(y) > MAX_MOLECULES:
        keep = sample_indices(len(y), MAX_MOLECULES, seed)
        X, y, rows = X[keep], y[keep], rows[keep]
        notes.append(
            f"The path uses a random sample of {MAX_MOLECULES:,} of the {len(inputs):,} "
            f"molecules (seed {seed}), so that it is computed in seconds."
        )
    X, columns, dropped = drop_uninformative(X, inputs.feature_names)
    check_some_left(X.shape[1], len(inputs.feature_names))
    if X.shape[1] > MAX_FEATURES:
        chosen = most_variable(X, MAX_FEATURES)
        notes.append(
            f"Only the {MAX_FEATURES} most variable of the {X.shape[1]:,} informative "
            f"features enter the path (the others are set aside to keep it fast); "
            "for fingerprints these are the bits set in about half of the molecules."
        )
        X, columns = X[:, chosen], columns[chosen]
    counts = count_dropped(dropped)
    return SelectionData(
        X=X,
        y=y,
        rows=rows,
        columns=columns,
        names=[inputs.feature_names[j] for j in columns],
        n_molecules=len(inputs),
        n_features=len(inputs.feature_names),
        n_constant=counts["constant"],
        n_duplicate=counts["duplicate"],
        notes=tuple(notes),
    )
