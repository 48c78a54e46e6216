"""From molecules and features to the (X, y) a model learns from, with an honest count.

Two things can stop a molecule from reaching a model: the representation
could not handle it (listed in ``FeatureMatrix.rejected``), or its target is
missing (NaN). :func:`model_inputs` removes both and says how many.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chemviz.representations import FeatureMatrix


@dataclass(frozen=True, eq=False)
class ModelInputs:
    """The matrix and target of the lesson's step 2 (featurize), aligned.

    Attributes
    ----------
    X : numpy.ndarray, shape (n, d)
        Feature rows (the representation's dtype: ``uint8`` fingerprints
        stay ``uint8`` to save memory; cast before arithmetic). When every
        molecule has a target this is the feature matrix itself, not a
        copy: treat it as read-only.
    y : numpy.ndarray, shape (n,)
        Target values, all finite.
    rows : numpy.ndarray of int, shape (n,)
        Position of each row in the ``MoleculeSet`` (for names, SMILES).
    n_missing_target : int
        Featurized molecules left out because their target is NaN.
    n_rejected : int
        Molecules the representation could not handle.
    feature_names : list of str
    kind : str
        ``"binary"``, ``"count"`` or ``"real"``.
    """

    X: np.ndarray
    y: np.ndarray
    rows: np.ndarray
    n_missing_target: int
    n_rejected: int
    feature_names: list[str]
    kind: str

    def __len__(self) -> int:
        return len(self.y)

    def excluded_message(self) -> str:
        """A sentence for the page: what was left out and why, or "" if nothing was."""
        parts = []
        if self.n_missing_target:
            parts.append(f"{self.n_missing_target:,} without a target value")
        if self.n_rejected:
            parts.append(f"{self.n_rejected:,} the representation could not handle")
        return f"Left out: {' and '.join(parts)}." if parts else ""


def model_inputs(features: FeatureMatrix, y: np.ndarray, minimum: int = 2) -> ModelInputs:
    """Align a target with a feature matrix and drop molecules without a value.

    Parameters
    ----------
    features : FeatureMatrix
    y : numpy.ndarray, shape (n_molecules,)
        The target for every molecule of the set (NaN where missing).
    minimum : int
        Fewest molecules a model can use.

    Raises
    ------
    ValueError
        When fewer than ``minimum`` molecules have both features and a target.
    """
    y_rows = np.asarray(y, dtype=float)[features.rows]
    keep = np.isfinite(y_rows)
    # Every row kept (the usual case): the features themselves, not a copy. Pages
    # ask for these on every rerun, and AqSolDB's fingerprints are 20 MB.
    X, rows = (
        (features.values, features.rows)
        if keep.all()
        else (features.values[keep], features.rows[keep])
    )
    inputs = ModelInputs(
        X=X,
        y=y_rows[keep],
        rows=rows,
        n_missing_target=int((~keep).sum()),
        n_rejected=len(features.rejected),
        feature_names=list(features.names),
        kind=features.kind,
    )
    if len(inputs) < minimum:
        raise ValueError(
            f"Only {len(inputs)} molecule(s) have both features and a target value; "
            f"this needs at least {minimum}. {inputs.excluded_message()}".strip()
        )
    return inputs
