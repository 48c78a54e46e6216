"""The kernel registry and :func:`kernel_matrix`, the one entry point.

Every kernel is declared once in :data:`KERNELS` (name, formula, parameters
with their ranges); the Kernels page builds its widgets from this table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from chemviz.kernels.functions import (
    cityblock,
    cosine,
    gaussian,
    gaussian_of_distances,
    laplacian,
    laplacian_of_distances,
    linear,
    polynomial,
    squared_euclidean,
)
from chemviz.kernels.tanimoto import tanimoto
from chemviz.params import Param


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
        ``"nonnegative"``: only for fingerprints (non-negative whole numbers);
        such a kernel gets bool/integer arrays unconverted and checks them itself.
    """

    name: str
    label: str
    formula_latex: str
    params: tuple[Param, ...]
    function: Callable[..., np.ndarray]
    requires: str = "any"


_SIGMA = Param(
    name="sigma",
    label="σ (width)",
    default=1.0,
    low=1e-2,
    high=1e3,
    log=True,
    more_is_complex=False,  # small σ: only near-identical molecules are similar
    help="Distance over which similarity fades: small σ, only near-identical molecules "
    "are similar; large σ, everything looks alike. Start near the median heuristic.",
    # From a quarter to four times the median distance, in steps of √2.
    stops=tuple(range(-4, 5)),
    median_steps=True,
)

KERNELS: dict[str, Kernel] = {
    kernel.name: kernel
    for kernel in [
        Kernel(
            name="linear",
            label="Linear",
            formula_latex=r"k(x, x') = x^\top x'",
            params=(),
            function=linear,
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
                    kind="int",
                    more_is_complex=True,
                    help="Highest power of the features the model can combine.",
                    stops=(1, 2, 3, 4, 5),
                ),
                Param(
                    name="c",
                    label="offset c",
                    default=1.0,
                    low=0.0,
                    high=10.0,
                    log=False,
                    help="Weight of the lower-order terms relative to the highest power.",
                    stops=(0.0, 0.5, 1.0, 2.0, 5.0, 10.0),
                ),
            ),
            function=polynomial,
        ),
        Kernel(
            name="gaussian",
            label="Gaussian",
            formula_latex=r"k(x, x') = \exp\left(-\frac{\lVert x - x' \rVert_2^2}{\sigma^2}\right)",
            params=(_SIGMA,),
            function=gaussian,
        ),
        Kernel(
            name="laplacian",
            label="Laplacian",
            formula_latex=r"k(x, x') = \exp\left(-\frac{\lVert x - x' \rVert_1}{\sigma}\right)",
            params=(_SIGMA,),
            function=laplacian,
        ),
        Kernel(
            name="tanimoto",
            label="Tanimoto (fingerprints)",
            formula_latex=r"k(x, x') = \frac{\sum_k \min(x_k, x'_k)}{\sum_k \max(x_k, x'_k)}",
            params=(),
            function=tanimoto,
            requires="nonnegative",
        ),
        Kernel(
            name="cosine",
            label="Cosine",
            formula_latex=r"k(x, x') = \frac{x^\top x'}{\lVert x \rVert_2 \, \lVert x' \rVert_2}",
            params=(),
            function=cosine,
        ),
    ]
}


def as_features(X, what: str, keep_integers: bool = False) -> np.ndarray:
    """``X`` as a 2D float64 array without NaN/inf; ValueError in words otherwise.

    ``keep_integers=True`` returns bool and integer arrays as they are (they
    cannot hold NaN): fingerprints stay 1 byte per bit instead of 8.
    """
    X = np.asarray(X)
    if X.ndim != 2 or not (np.issubdtype(X.dtype, np.number) or X.dtype == bool):
        raise ValueError(f"{what} must be a numeric table of shape (molecules, features).")
    if keep_integers and (X.dtype == bool or np.issubdtype(X.dtype, np.integer)):
        return X
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
    Σmin is built from products of 0/1 matrices (see :mod:`chemviz.kernels.tanimoto`), so
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
    # The Tanimoto kernel checks its own input (non-negative whole numbers) in the
    # same pass that tells binary from count fingerprints.
    keep = kernel.requires == "nonnegative"
    X = as_features(X, "The representation", keep_integers=keep)
    Y = X if Y is None else as_features(Y, "The second set of molecules", keep_integers=keep)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(
            f"The two sets have different numbers of features ({X.shape[1]} and "
            f"{Y.shape[1]}); compute both with the same representation."
        )
    return kernel.function(X, Y, **{**known, **params})


# Kernels of one distance matrix and a width σ: (distance, kernel of the distances).
_WIDTH_KERNELS = {
    "gaussian": (squared_euclidean, gaussian_of_distances),
    "laplacian": (cityblock, laplacian_of_distances),
}


def kernel_matrices(X, kind: str, params_grid) -> Iterator[np.ndarray]:
    """``kernel_matrix(X, kind=kind, **params)`` for each ``params`` of a grid, one at a time.

    Parameters
    ----------
    X : array_like, shape (n, d)
    kind : str
        A key of :data:`KERNELS`.
    params_grid : sequence of dict
        E.g. ``[{"sigma": s} for s in sigmas]``.

    Yields
    ------
    numpy.ndarray, shape (n, n), float64
        The same numbers as :func:`kernel_matrix`, in the order of the grid.

    Notes
    -----
    A Gaussian or Laplacian kernel is a function of one distance matrix, the
    same for every σ. Over a grid of widths it is computed once (the matrix
    product, n²d operations) and each σ costs one exp over n² numbers.
    Memory: one more n × n matrix while the grid runs.
    """
    params_grid = [dict(p) for p in params_grid]
    shared = kind in _WIDTH_KERNELS and len(params_grid) > 1
    if not shared or any(set(p) - {"sigma"} for p in params_grid):
        for params in params_grid:
            yield kernel_matrix(X, kind=kind, **params)
        return
    default = KERNELS[kind].params[0].default
    distance, of_distances = _WIDTH_KERNELS[kind]
    X = as_features(X, "The representation")
    D = distance(X, X)
    for params in params_grid:
        yield of_distances(D.copy(), params.get("sigma", default))
