"""What a feature matrix looks like: its shape, sparsity and per-feature variance."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chemviz.representations.base import FeatureMatrix

# Columns are converted to float64 a block at a time: a whole 10,000 × 4096
# fingerprint matrix as float64 would need 330 MB.
_BLOCK = 256


@dataclass(frozen=True)
class FeatureSummary:
    """Summary statistics of a feature matrix.

    Attributes
    ----------
    n_molecules, n_features : int
        The matrix shape.
    sparsity : float
        Fraction of entries that are exactly zero.
    n_always_on, n_never_on : int or None
        For binary and count features: columns non-zero for every molecule,
        and columns zero for every molecule (bits no molecule sets). None for
        real-valued features, where "on" has no meaning.
    variance : numpy.ndarray, shape (n_features,)
        Population variance of each column (ddof = 0), in the squared units of
        the feature.
    n_constant : int
        Columns with zero variance: they cannot help any model.
    """

    n_molecules: int
    n_features: int
    sparsity: float
    n_always_on: int | None
    n_never_on: int | None
    variance: np.ndarray
    n_constant: int


def summarize(fm: FeatureMatrix) -> FeatureSummary:
    """Summarise a feature matrix for the page's overview.

    Parameters
    ----------
    fm : FeatureMatrix

    Returns
    -------
    FeatureSummary

    Notes
    -----
    Hashed fingerprints of a small data set are mostly zeros, and many bits
    are never set at all: the molecules occupy a thin corner of the space
    the representation could describe. Constant columns carry no
    information and only cost memory and time.
    """
    values = fm.values
    n, d = values.shape
    nonzero = values != 0
    variance = np.concatenate(
        [values[:, j : j + _BLOCK].astype(float).var(axis=0) for j in range(0, d, _BLOCK)]
    )
    on_counts = nonzero.sum(axis=0)
    binary_like = fm.kind in ("binary", "count")
    return FeatureSummary(
        n_molecules=n,
        n_features=d,
        sparsity=float(1.0 - on_counts.sum() / values.size) if values.size else 0.0,
        n_always_on=int((on_counts == n).sum()) if binary_like else None,
        n_never_on=int((on_counts == 0).sum()) if binary_like else None,
        variance=variance,
        n_constant=int((variance == 0).sum()),
    )
