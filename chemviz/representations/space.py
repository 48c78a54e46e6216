"""Chemical-space maps: PCA and t-SNE views of a feature matrix.

A representation places every molecule at a point in ℝᵈ; "similar
molecules" are then nearby points. A 2D map shows that space squashed flat.
See :mod:`chemviz.representations.agreement` for comparing two
representations' notions of similarity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
from sklearn.preprocessing import StandardScaler

TSNE_INPUT_DIMS = 50  # t-SNE on more dimensions is slow and no better; PCA first


@dataclass(frozen=True)
class PCAResult:
    """A 2D (or kD) PCA map.

    Attributes
    ----------
    coords : numpy.ndarray, shape (n, n_components)
        Scores of each molecule on the principal components (in the units
        of the standardised or raw features).
    explained_variance_ratio : numpy.ndarray, shape (n_components,)
        Fraction of the total variance along each component.
    standardized : bool
        Whether features were standardised first.
    """

    coords: np.ndarray
    explained_variance_ratio: np.ndarray
    standardized: bool


def _as_float(values: np.ndarray) -> np.ndarray:
    """Floating-point values; float32 stays float32 (half the memory of a float64 copy)."""
    return values if values.dtype.kind == "f" else values.astype(float)


def _check_rows(values, minimum: int, what: str) -> None:
    if values.ndim != 2 or values.shape[0] < minimum:
        raise ValueError(f"{what} needs at least {minimum} molecules, got {values.shape[0]}")


def pca_map(values, n_components: int = 2, seed: int = 0, standardize: bool = False) -> PCAResult:
    """Project features onto their first principal components.

    Parameters
    ----------
    values : numpy.ndarray, shape (n, d)
        A feature matrix (``FeatureMatrix.values``).
    n_components : int
        Number of components kept.
    seed : int
        Seeds ARPACK's start vector, so the map is reproducible.
    standardize : bool
        Scale every feature to mean 0 and variance 1 first. Pass
        ``fm.kind == "real"``: descriptors in g/mol and in fractions must not
        be compared in their raw units, whereas fingerprint bits already
        share one scale.

    Returns
    -------
    PCAResult

    Raises
    ------
    ValueError
        With fewer than 3 molecules or when every feature is constant.

    Notes
    -----
    PCA finds the orthogonal directions along which the molecules vary most;
    the map shows the first two. Binary and count fingerprints are passed to
    scikit-learn as a sparse matrix (ARPACK solver), so 10,000 × 2048 bits
    never becomes a dense float array.
    """
    values = np.asarray(values)
    _check_rows(values, 3, "A PCA map")
    if np.ptp(values, axis=0).max() == 0:
        raise ValueError("Every feature has the same value for all molecules; PCA has no axis")
    if standardize:
        data = StandardScaler().fit_transform(_as_float(values))
    else:
        data = sparse.csr_array(values, dtype=float)
    small = n_components >= min(values.shape)
    if small and sparse.issparse(data):
        data = data.toarray()
    pca = PCA(n_components, svd_solver="full" if small else "arpack", random_state=seed)
    coords = pca.fit_transform(data)
    return PCAResult(coords, pca.explained_variance_ratio_, standardize)


@dataclass(frozen=True)
class TSNEResult:
    """A 2D t-SNE map.

    Attributes
    ----------
    coords : numpy.ndarray, shape (n, 2)
        Positions on the map (no units: only neighbourhoods are meaningful).
    perplexity : float
    input_dims : int
        Dimensions t-SNE saw (after the PCA step).
    """

    coords: np.ndarray
    perplexity: float
    input_dims: int


def tsne_map(
    values,
    seed: int = 0,
    perplexity: float = 30.0,
    standardize: bool = False,
    max_iter: int = 1000,
) -> TSNEResult:
    """A t-SNE map of the features (after PCA to at most 50 dimensions).

    Parameters
    ----------
    values : numpy.ndarray, shape (n, d)
    seed : int
        t-SNE's random seed: a different seed gives a different, equally
        valid map.
    perplexity : float
        Roughly the number of neighbours each molecule tries to keep close.
    standardize : bool
        As in :func:`pca_map`.
    max_iter : int
        Optimisation steps (at least 250); fewer is faster and rougher.

    Returns
    -------
    TSNEResult

    Notes
    -----
    t-SNE keeps each molecule's near neighbours near and gives up on large
    distances: clusters are meaningful, the space between them is not. Its
    cost grows as n log n; a few thousand molecules take tens of seconds, so
    the page runs it only on request.
    """
    values = np.asarray(values)
    _check_rows(values, 5, "A t-SNE map")
    if not 1 <= perplexity < values.shape[0]:
        raise ValueError(
            f"perplexity must be at least 1 and below the number of molecules "
            f"({values.shape[0]}); got {perplexity}"
        )
    if values.shape[1] > TSNE_INPUT_DIMS and values.shape[0] > TSNE_INPUT_DIMS:
        data = pca_map(values, TSNE_INPUT_DIMS, seed, standardize).coords
    elif standardize:
        data = StandardScaler().fit_transform(_as_float(values))
    else:
        data = _as_float(values)
    tsne = TSNE(
        2,
        perplexity=perplexity,
        init="pca",
        learning_rate="auto",
        max_iter=max_iter,
        random_state=seed,
    )
    return TSNEResult(tsne.fit_transform(data), perplexity, data.shape[1])
