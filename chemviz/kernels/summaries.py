"""What the Kernels page shows of a kernel matrix: samples, widths, pairs, row orders.

Memory: a kernel matrix of n molecules holds n² float64 numbers (800 MB for
10,000 molecules), so callers sample above a cap with :func:`sample_indices`.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import pdist, squareform

from chemviz.kernels.registry import as_features
from chemviz.splits import sample_indices


def median_heuristic_sigma(X, sample: int = 500, seed: int = 0, kind: str = "gaussian") -> float:
    """A starting value for the width σ: the median distance between molecules.

    Parameters
    ----------
    X : array_like, shape (n, d)
    sample : int
        At most this many molecules (drawn reproducibly) enter the median,
        so the cost stays bounded for large sets.
    seed : int
    kind : {"gaussian", "laplacian"}
        Euclidean distances for the Gaussian, L1 distances for the Laplacian.

    Returns
    -------
    float
        σ in the units of the features' distance.

    Notes
    -----
    With σ equal to the median distance, a typical pair of molecules has
    similarity e⁻¹ ≈ 0.37: the kernel neither calls everything identical
    (σ far too large) nor everything unrelated (σ far too small). It is a
    place to start the search, not the answer; cross-validation picks σ.
    """
    if kind not in ("gaussian", "laplacian"):
        raise ValueError("The median heuristic applies to the gaussian and laplacian kernels.")
    X = as_features(X, "The representation")
    X = X[sample_indices(len(X), sample, seed)]
    distances = pdist(X, "euclidean" if kind == "gaussian" else "cityblock")
    distances = distances[distances > 0]
    if distances.size == 0:
        raise ValueError("All molecules have the same representation; no width can separate them.")
    return float(np.median(distances))


def offdiagonal_values(K: np.ndarray) -> np.ndarray:
    """Kᵢⱼ for i < j: each pair of different molecules once, for a histogram.

    Notes
    -----
    The diagonal (a molecule with itself) is left out: it is 1 for most
    kernels and says nothing about the width. If almost all values are near
    0, σ is too small (no molecule resembles another); near 1, too large.
    """
    K = np.asarray(K)
    if K.ndim != 2 or K.shape[0] != K.shape[1]:
        raise ValueError("Off-diagonal values need a square kernel matrix.")
    return K[np.triu_indices(len(K), k=1)]


def most_similar_pair(K: np.ndarray) -> tuple[int, int]:
    """(i, j), i < j, of the two different molecules with the largest kernel value.

    The diagonal (each molecule with itself) does not count. For kernels with
    a unit diagonal this is the pair a chemist would call closest analogues.
    """
    K = np.asarray(K, dtype=float)
    if K.ndim != 2 or K.shape[0] != K.shape[1] or len(K) < 2:
        raise ValueError(
            "The most similar pair needs a square kernel matrix of 2 molecules or more."
        )
    i, j = np.triu_indices(len(K), k=1)
    best = int(np.argmax(K[i, j]))
    return int(i[best]), int(j[best])


HEATMAP_ORDERS = ("dataset", "target", "cluster")


def kernel_heatmap_order(K: np.ndarray, how: str = "dataset", y=None) -> np.ndarray:
    """A row order for drawing a kernel matrix.

    Parameters
    ----------
    K : numpy.ndarray, shape (n, n)
    how : {"dataset", "target", "cluster"}
        Dataset order; by increasing target ``y`` (missing values last); or
        the leaf order of average-linkage hierarchical clustering on the
        distance 1 − K̃, where K̃ᵢⱼ = Kᵢⱼ / √(Kᵢᵢ Kⱼⱼ) (K̃ = K for kernels
        with a unit diagonal).
    y : array_like, shape (n,), optional
        Needed for ``how="target"``.

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        A permutation of ``range(n)``.

    Notes
    -----
    Clustering puts similar molecules next to each other, so families of
    analogues appear as bright blocks on the diagonal. The optimal leaf
    ordering (scipy) flips branches to make neighbours as similar as
    possible; it is used up to a few hundred molecules, where it is cheap.
    """
    K = np.asarray(K, dtype=float)
    n = len(K)
    if how == "dataset":
        return np.arange(n)
    if how == "target":
        if y is None or len(y) != n:
            raise ValueError("Ordering by target needs one target value per molecule.")
        return np.argsort(np.asarray(y, dtype=float), kind="stable")
    if how != "cluster":
        raise ValueError(f"Unknown order '{how}'; choose one of: {', '.join(HEATMAP_ORDERS)}.")
    if n < 3:
        return np.arange(n)
    scale = np.sqrt(np.clip(np.diag(K), 1e-300, None))
    distance = 1.0 - K / scale[:, None] / scale[None, :]
    distance = np.clip((distance + distance.T) / 2.0, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average", optimal_ordering=n <= 400)
    return leaves_list(tree)
