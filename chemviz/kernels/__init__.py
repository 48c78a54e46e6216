"""Kernels: similarity between molecules as a matrix.

A kernel k(x, x′) turns two feature vectors into one number, their
similarity. The kernel matrix of a data set, Kᵢⱼ = k(xᵢ, xⱼ), is all that
kernel ridge regression ever sees of the molecules (:mod:`chemviz.models`).
:func:`kernel_matrix` computes any kernel of :data:`KERNELS` with matrix
products, never a Python loop over pairs.

Modules:

- :mod:`~chemviz.kernels.registry`: :data:`KERNELS` (name, formula,
  parameters with their ranges), :func:`kernel_matrix`, which checks the
  input and calls the kernel's function, and :func:`kernel_matrices` for a
  grid of settings (widths share one distance matrix);
- :mod:`~chemviz.kernels.functions`: the kernels on real-valued features
  (linear, polynomial, Gaussian, Laplacian, cosine);
- :mod:`~chemviz.kernels.tanimoto`: the Tanimoto kernel of binary and count
  fingerprints;
- :mod:`~chemviz.kernels.summaries`: what the page shows of a kernel
  matrix: reproducible samples, the median-heuristic width, off-diagonal
  values, the closest pair and heatmap row orders.

Memory: a kernel matrix of n molecules holds n² float64 numbers (800 MB for
10,000 molecules), so callers sample above a cap with :func:`sample_indices`.
"""

from chemviz.kernels.registry import KERNELS, Kernel, Param, kernel_matrices, kernel_matrix
from chemviz.kernels.summaries import (
    HEATMAP_ORDERS,
    kernel_heatmap_order,
    median_heuristic_sigma,
    most_similar_pair,
    offdiagonal_values,
)
from chemviz.splits import sample_indices  # kept here too: where kernel code looked for it

__all__ = [
    "HEATMAP_ORDERS",
    "KERNELS",
    "Kernel",
    "Param",
    "kernel_heatmap_order",
    "kernel_matrices",
    "kernel_matrix",
    "median_heuristic_sigma",
    "most_similar_pair",
    "offdiagonal_values",
    "sample_indices",
]
