"""The result type every representation returns, and two small helpers they share.

A representation turns a :class:`~chemviz.molecules.MoleculeSet` into a
:class:`FeatureMatrix`: one row of numbers per molecule it could handle, a
readable name per column, and an explicit list of the molecules it could not
handle (``rejected``) with the reason. Nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from chemviz.slots import pause_point

if TYPE_CHECKING:  # worker processes import this module without pandas
    import pandas as pd

KINDS = ("binary", "count", "real")

Progress = Callable[[float], None] | None


class Rejection(NamedTuple):
    """A molecule a representation could not handle.

    Attributes
    ----------
    index : int
        0-based position in the input ``MoleculeSet``.
    name : str
        The molecule's display name.
    reason : str
        Why, in words a student can act on.
    """

    index: int
    name: str
    reason: str


@dataclass(frozen=True, eq=False)
class FeatureMatrix:
    """Features of a set of molecules: the matrix X of the lesson.

    Attributes
    ----------
    values : numpy.ndarray, shape (n_kept, n_features)
        One row per *kept* molecule, in input order. Fingerprints are stored
        as unsigned integers (``uint8`` when every count fits, wider only if
        needed) to save memory: 10,000 molecules × 2048 bits is 20 MB as
        ``uint8`` but 160 MB as ``float64``. Cast with
        ``values.astype(float)`` before arithmetic that could overflow
        (a ``uint8`` matrix product wraps around at 256). The array is
        read-only so a cached matrix cannot be changed by accident.
    names : list of str
        One readable name per column (``"ECFP4 bit 17"``, ``"MolWt"``,
        ``"f-chi-1-all"``, ...).
    kind : {"binary", "count", "real"}
        Binary and count features are compared with Tanimoto similarity;
        real-valued features are usually standardised first.
    rows : numpy.ndarray of int, shape (n_kept,)
        Index into the input ``MoleculeSet`` of each row of ``values``.
        Align a target with ``y[fm.rows]``.
    rejected : list of Rejection
        The molecules that have no row, with the reason.
    notes : list of str
        What was done to the values that a user should know (e.g. missing
        descriptors replaced by the column median).
    representation : str
        Registry name of the representation that made this matrix.
    params : dict
        The full parameter set used (defaults filled in).
    """

    values: np.ndarray
    names: list[str]
    kind: str
    rows: np.ndarray
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    representation: str = ""
    params: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.values.ndim != 2:
            raise ValueError(f"feature values must be 2D, got shape {self.values.shape}")
        if len(self.names) != self.values.shape[1]:
            raise ValueError(f"{len(self.names)} names for {self.values.shape[1]} columns")
        if len(self.rows) != self.values.shape[0]:
            raise ValueError(f"{len(self.rows)} row indices for {self.values.shape[0]} rows")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        self.values.flags.writeable = False

    @property
    def shape(self) -> tuple[int, int]:
        """(molecules kept, features)."""
        return self.values.shape

    @property
    def n_input(self) -> int:
        """Number of molecules that went in (kept + rejected)."""
        return len(self.rows) + len(self.rejected)

    def rejected_frame(self) -> pd.DataFrame:
        """The rejected molecules as a table (columns index, name, reason)."""
        import pandas as pd  # here, not at the top: worker processes never call this

        return pd.DataFrame(self.rejected, columns=["index", "name", "reason"])

    def to_frame(
        self, molecules, rows: int | None = None, columns: int | None = None
    ) -> pd.DataFrame:
        """The features as a table with the molecules' names and SMILES first.

        Parameters
        ----------
        molecules : chemviz.molecules.MoleculeSet
            The set this matrix was computed from.
        rows, columns : int, optional
            Keep only the first ``rows`` molecules and ``columns`` features
            (a preview: the whole of AqSolDB × 2048 bits is a 20 MB table).

        Returns
        -------
        pandas.DataFrame, shape (n_kept, 2 + n_features)
            Columns ``name``, ``smiles`` and one per feature: ready for a CSV
            download.
        """
        import pandas as pd  # here, not at the top: worker processes never call this

        kept = self.rows[:rows]
        features = pd.DataFrame(self.values[: len(kept), :columns], columns=self.names[:columns])
        ids = pd.DataFrame(
            {
                "name": [molecules.names[i] for i in kept],
                "smiles": [molecules.smiles[i] for i in kept],
            }
        )
        return pd.concat([ids, features], axis=1)


def report_progress(progress: Progress, done: int, total: int) -> None:
    """Call ``progress(done / total)`` about a hundred times over a loop.

    A progress bar redrawn for each of 10,000 molecules would cost more than
    the featurization, so we report only every 1 % (and at the end). Each
    report is also a point where a more urgent computation may go first
    (:func:`chemviz.slots.pause_point`).
    """
    step = max(1, total // 100)
    if done % step == 0 or done == total:
        pause_point()
        if progress is not None:
            progress(done / total)


def widen_if_needed(values: np.ndarray, row: np.ndarray) -> np.ndarray:
    """Return ``values``, re-typed to a wider integer type if ``row`` would overflow it.

    Count fingerprints start as ``uint8``; a count above 255 (possible for
    large molecules folded into few bits) switches the whole matrix to
    ``uint16`` rather than wrapping around silently.
    """
    if row.size == 0:
        return values
    needed = np.min_scalar_type(int(row.max()))
    if np.can_cast(needed, values.dtype):
        return values
    return values.astype(np.promote_types(values.dtype, needed))
