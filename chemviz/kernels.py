"""Kernels: similarity between molecules as a matrix.

A kernel k(x, x′) turns two feature vectors into one number, their
similarity. The kernel matrix of a data set, Kᵢⱼ = k(xᵢ, xⱼ), is all that
kernel ridge regression ever sees of the molecules (:mod:`chemviz.models`).
Every kernel is declared once in :data:`KERNELS` (name, formula, parameters
with their ranges); :func:`kernel_matrix` computes any of them with matrix
products, never a Python loop over pairs.

Memory: a kernel matrix of n molecules holds n² float64 numbers (800 MB for
10,000 molecules), so callers sample above a cap with :func:`sample_indices`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import cdist, pdist, squareform


@dataclass(frozen=True)
class Param:
    """One kernel parameter, as the UI shows it.

    Attributes
    ----------
    name : str
        Keyword of :func:`kernel_matrix`, e.g. ``"sigma"``.
    label : str
        Short label for a widget, e.g. ``"σ (width)"``.
    default : float
        Value used when the caller does not give one.
    low, high : float
        Slider range.
    log : bool
        True when the slider should move on a log scale.
    help : str
        One sentence on what the parameter does.
    integer : bool
        True for whole-number parameters (the polynomial degree).
    """

    name: str
    label: str
    default: float
    low: float
    high: float
    log: bool
    help: str
    integer: bool = False


@dataclass(frozen=True)
class Kernel:
    """A kernel in the registry.

    Attributes
    ----------
    name : str
        Key used by :func:`kernel_matrix` (``kind=``) and in URLs.
    label : str
        Human name.
    formula_latex : str
        k(x, x′) for ``st.latex``.
    params : tuple of Param
        The kernel's parameters (empty for parameter-free kernels).
    function : callable
        ``function(X, Y, **params) -> K``; ``Y is X`` for the square case.
    requires : {"any", "nonnegative"}
        ``"nonnegative"``: only for fingerprints (non-negative whole numbers).
    """

    name: str
    label: str
    formula_latex: str
    params: tuple[Param, ...]
    function: Callable[..., np.ndarray]
    requires: str = "any"


def _linear(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return X @ Y.T


# Kernel matrices of thousands of molecules are hundreds of MB, so the functions
# below update one n × m array in place (K += ..., np.exp(K, out=K)) instead of
# building new ones in every arithmetic step.


def _polynomial(X: np.ndarray, Y: np.ndarray, degree: float, c: float) -> np.ndarray:
    if degree < 1 or degree != int(degree):
        raise ValueError(f"The polynomial degree must be a whole number ≥ 1, got {degree}.")
    if c < 0:
        # With c ≥ 0 every power of (x·y + c) is a sum of products of features,
        # a valid (positive semi-definite) kernel; a negative c can break that.
        raise ValueError(f"The polynomial offset c must be ≥ 0, got {c}.")
    K = X @ Y.T
    K += c
    return np.power(K, int(degree), out=K)


def _squared_euclidean(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """‖x − y‖² = ‖x‖² + ‖y‖² − 2 x·y for every pair: one matrix product."""
    sq = X @ Y.T
    sq *= -2.0
    sq += np.einsum("ij,ij->i", X, X)[:, None]
    sq += np.einsum("ij,ij->i", Y, Y)[None, :]
    # Rounding can leave tiny negative numbers where the true distance is 0.
    np.maximum(sq, 0.0, out=sq)
    if Y is X:
        np.fill_diagonal(sq, 0.0)
    return sq


def _gaussian(X: np.ndarray, Y: np.ndarray, sigma: float) -> np.ndarray:
    _check_positive("sigma", sigma)
    K = _squared_euclidean(X, Y)
    K /= -(sigma**2)
    return np.exp(K, out=K)


def _laplacian(X: np.ndarray, Y: np.ndarray, sigma: float) -> np.ndarray:
    _check_positive("sigma", sigma)
    K = _cityblock(X, Y)
    K /= -sigma
    return np.exp(K, out=K)


def _cosine(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    # A zero vector has no direction; like scikit-learn we give it similarity 0.
    nx = np.linalg.norm(X, axis=1)
    ny = np.linalg.norm(Y, axis=1)
    nx[nx == 0] = 1.0
    ny[ny == 0] = 1.0
    K = X @ Y.T
    K /= nx[:, None]
    K /= ny[None, :]
    return K


def _tanimoto(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    K = _sum_of_minima(X, Y)  # Σ min(a, b): the substructures both share
    sx, sy = X.sum(axis=1), Y.sum(axis=1)
    for rows in _row_blocks(len(K)):
        either = sx[rows, None] + sy[None, :] - K[rows]  # Σ max(a, b)
        # Two empty fingerprints are identical, so similarity 1 (RDKit returns 0).
        K[rows] = np.divide(K[rows], either, out=np.ones_like(either), where=either > 0)
    return K


def _row_blocks(n: int, size: int = 1024):
    """Slices of ``size`` rows: temporaries stay small next to an n × m result."""
    return (slice(start, start + size) for start in range(0, n, size))


# Above this many indicator columns per fingerprint bit, the level-by-level
# products of _sum_of_minima cost more than one direct L1-distance pass.
_MAX_LEVELS_PER_COLUMN = 8


def _sum_of_minima(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Σₖ min(aₖ, bₖ) for every pair of rows of two count matrices.

    A count c is a stack of c unit levels, and min(a, b) is the number of
    levels both a and b reach: min(a, b) = Σ_t [a ≥ t][b ≥ t]. Each level is a
    product of 0/1 matrices, computed in float32 (exact for whole numbers
    below 2²⁴) and only over the columns that reach that level. For binary
    fingerprints this is the single product a·b.
    """
    reach = np.minimum(A.max(axis=0, initial=0), B.max(axis=0, initial=0))
    if reach.sum() > _MAX_LEVELS_PER_COLUMN * A.shape[1]:
        # Large counts: min(a, b) = (a + b − |a − b|) / 2, with one L1 pass.
        total = cdist(A, B, "cityblock")
        total *= -1.0
        total += A.sum(axis=1)[:, None]
        total += B.sum(axis=1)[None, :]
        total /= 2.0
        return total
    total = np.zeros((A.shape[0], B.shape[0]))
    for level in range(1, int(reach.max(initial=0)) + 1):
        cols = reach >= level
        a = (A >= level)[:, cols].astype(np.float32)
        # Reusing `a` for B = A lets numpy use the symmetric product (half the work).
        b = a if B is A else (B >= level)[:, cols].astype(np.float32)
        total += a @ b.T
    return total


def _is_counts(X: np.ndarray) -> bool:
    """True for non-negative whole numbers: binary and count fingerprints."""
    return bool(np.all(X >= 0) and np.all(X == np.floor(X)))


def _cityblock(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """L1 distances Σₖ |aₖ − bₖ| for every pair of rows."""
    if not (_is_counts(X) and (Y is X or _is_counts(Y))):
        return cdist(X, Y, "cityblock")
    # |a − b| = a + b − 2 min(a, b): matrix products instead of a loop over pairs.
    D = _sum_of_minima(X, Y)
    D *= -2.0
    D += X.sum(axis=1)[:, None]
    D += Y.sum(axis=1)[None, :]
    return D


def _check_positive(name: str, value: float) -> None:
    if not value > 0:
        raise ValueError(f"The kernel parameter {name} must be > 0, got {value}.")


_SIGMA = Param(
    name="sigma",
    label="σ (width)",
    default=1.0,
    low=1e-2,
    high=1e3,
    log=True,
    help="Distance over which similarity fades: small σ, only near-identical molecules "
    "are similar; large σ, everything looks alike. Start near the median heuristic.",
)

KERNELS: dict[str, Kernel] = {
    kernel.name: kernel
    for kernel in [
        Kernel(
            name="linear",
            label="Linear",
            formula_latex=r"k(x, x') = x^\top x'",
            params=(),
            function=_linear,
        ),
        Kernel(
            name="polynomial",
            label="Polynomial",
            formula_latex=r"k(x, x') = (x^\top x' + c)^{d}",
            params=(
                Param(
                    name="degree",
                    label="degree d",
                    default=2,
                    low=1,
                    high=5,
                    log=False,
                    help="Highest power of the features the model can combine.",
                    integer=True,
                ),
                Param(
                    name="c",
                    label="offset c",
                    default=1.0,
                    low=0.0,
                    high=10.0,
                    log=False,
                    help="Weight of the lower-order terms relative to the highest power.",
                ),
            ),
            function=_polynomial,
        ),
        Kernel(
            name="gaussian",
            label="Gaussian",
            formula_latex=r"k(x, x') = \exp\left(-\frac{\lVert x - x' \rVert_2^2}{\sigma^2}\right)",
            params=(_SIGMA,),
            function=_gaussian,
        ),
        Kernel(
            name="laplacian",
            label="Laplacian",
            formula_latex=r"k(x, x') = \exp\left(-\frac{\lVert x - x' \rVert_1}{\sigma}\right)",
            params=(_SIGMA,),
            function=_laplacian,
        ),
        Kernel(
            name="tanimoto",
            label="Tanimoto (fingerprints)",
            formula_latex=r"k(x, x') = \frac{\sum_k \min(x_k, x'_k)}{\sum_k \max(x_k, x'_k)}",
            params=(),
            function=_tanimoto,
            requires="nonnegative",
        ),
        Kernel(
            name="cosine",
            label="Cosine",
            formula_latex=r"k(x, x') = \frac{x^\top x'}{\lVert x \rVert_2 \, \lVert x' \rVert_2}",
            params=(),
            function=_cosine,
        ),
    ]
}


def _as_features(X, what: str) -> np.ndarray:
    X = np.asarray(X)
    if X.ndim != 2 or not (np.issubdtype(X.dtype, np.number) or X.dtype == bool):
        raise ValueError(f"{what} must be a numeric table of shape (molecules, features).")
    X = X.astype(np.float64, copy=False)
    if not np.all(np.isfinite(X)):
        raise ValueError(
            f"{what} has missing or infinite values (NaN/inf) for some molecules; "
            "choose another representation or remove those molecules."
        )
    return X


def kernel_matrix(X, Y=None, kind: str = "gaussian", **params) -> np.ndarray:
    """The kernel matrix Kᵢⱼ = k(xᵢ, yⱼ) between two sets of molecules.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Feature vectors of n molecules.
    Y : array_like, shape (m, d), optional
        A second set (e.g. test molecules against training molecules);
        ``None`` means ``X`` itself, giving a square symmetric matrix.
    kind : str
        A key of :data:`KERNELS`: ``linear``, ``polynomial``, ``gaussian``,
        ``laplacian``, ``tanimoto`` or ``cosine``.
    **params
        The kernel's parameters (``sigma``; ``degree`` and ``c``); missing
        ones take the registry default.

    Returns
    -------
    numpy.ndarray, shape (n, m), float64

    Raises
    ------
    ValueError
        For an unknown kernel or parameter, a non-numeric or NaN input, or
        the Tanimoto kernel on values that are not fingerprints.

    Notes
    -----
    Nothing loops over pairs. The Gaussian uses ‖x − y‖² = ‖x‖² + ‖y‖² − 2x·y,
    one matrix product. The Tanimoto similarity Σmin/Σmax of two count
    fingerprints counts shared substructures over substructures in either;
    Σmin is built from products of 0/1 matrices (see ``_sum_of_minima``), so
    for binary fingerprints it is the familiar a·b / (|a| + |b| − a·b). Two
    all-zero fingerprints get similarity 1 (they are identical; RDKit says 0),
    which keeps every diagonal entry equal to 1. The workshop writes the
    Gaussian width as σ in exp(−‖x − y‖²/σ²); scikit-learn's ``rbf_kernel``
    uses γ = 1/σ².
    """
    if kind not in KERNELS:
        raise ValueError(f"Unknown kernel '{kind}'; choose one of: {', '.join(KERNELS)}.")
    kernel = KERNELS[kind]
    known = {p.name: p.default for p in kernel.params}
    unknown = sorted(set(params) - set(known))
    if unknown:
        takes = ", ".join(known) or "no parameters"
        raise ValueError(f"The {kind} kernel takes {takes}; got {', '.join(unknown)}.")
    X = _as_features(X, "The representation")
    Y = X if Y is None else _as_features(Y, "The second set of molecules")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(
            f"The two sets have different numbers of features ({X.shape[1]} and "
            f"{Y.shape[1]}); compute both with the same representation."
        )
    if kernel.requires == "nonnegative" and not (_is_counts(X) and (Y is X or _is_counts(Y))):
        raise ValueError(
            "The Tanimoto kernel compares fingerprints (non-negative whole numbers), but "
            "this representation has negative or fractional values; pick a fingerprint "
            "representation or another kernel."
        )
    return kernel.function(X, Y, **{**known, **params})


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
    X = _as_features(X, "The representation")
    X = X[sample_indices(len(X), sample, seed)]
    distances = pdist(X, "euclidean" if kind == "gaussian" else "cityblock")
    distances = distances[distances > 0]
    if distances.size == 0:
        raise ValueError("All molecules have the same representation; no width can separate them.")
    return float(np.median(distances))


def sample_indices(n: int, cap: int, seed: int = 0) -> np.ndarray:
    """Row indices of a reproducible random sample of at most ``cap`` of ``n`` molecules.

    Returns ``arange(n)`` when ``n <= cap``; otherwise ``cap`` distinct
    indices drawn with ``seed`` and sorted, so the sample keeps dataset order.
    """
    if cap < 1:
        raise ValueError(f"The sample size must be at least 1, got {cap}.")
    if n <= cap:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=cap, replace=False))


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
