"""Cached computations of the Kernels page.

What is expensive is computed once per setting and reused by every rerun:
the prepared feature matrix and split (:func:`setup`), the training kernels
for one kernel setting (:func:`train_kernels`, one entry per σ of the grid,
which is why the σ slider snaps to the grid), and the cross-validation grid
(:func:`cv_grid`). Moving the λ slider only refits one model (:func:`fit`,
a Cholesky solve on the cached kernel) and moves a marker.

Keys: ``data_key`` = (content hash, target, representation, its parameters);
``split_key`` = (cap, seed, test fraction, published split used). Arrays are
``_underscore`` arguments. Dense solves run with one BLAS thread (set where
each run starts: :func:`chemviz.ui.one_thread_per_computation`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from chemviz.figures.kernels import (
    contributions_figure,
    cv_curve_figure,
    cv_heatmap_figure,
    kernel_heatmap_figure,
    kernel_histogram_figure,
    ridge_example_figure,
)
from chemviz.kernels import (
    kernel_heatmap_order,
    kernel_matrix,
    median_heuristic_sigma,
    offdiagonal_values,
)
from chemviz.kernels import sample_indices as _sample
from chemviz.modeldata import ModelInputs
from chemviz.models import (
    WORKED_X,
    WORKED_Y,
    Contributions,
    KRRGridResult,
    LinearEquivalence,
    krr_cv_grid,
    krr_fit,
    krr_predict,
    linear_kernel_equivalence,
    ridge_worked_example,
)
from chemviz.models.krr_setup import KRRSetup, prepare_krr
from chemviz.ui.cache import shared


@shared("models", spinner="Preparing the molecules…")
def setup(
    _inputs: ModelInputs,
    _published: np.ndarray | None,
    data_key: tuple,
    split_key: tuple,
) -> KRRSetup:
    """Sample (above the cap), split and, for real-valued features, standardise.

    ``split_key`` is (cap, seed, test fraction, use published split);
    ``_published`` holds the published labels aligned with the inputs' rows.
    """
    return prepare_krr(_inputs, _published, *split_key)


@shared("small")
def median_sigma(_setup: KRRSetup, data_key: tuple, split_key: tuple, kind: str) -> float:
    """σ of the median heuristic on the training molecules (Euclidean or L1 by kernel)."""
    return median_heuristic_sigma(_setup.X[_setup.train], kind=kind)


@shared("models", spinner="Computing the kernel…")
def train_kernels(
    _setup: KRRSetup, data_key: tuple, split_key: tuple, kind: str, params: tuple
) -> tuple[np.ndarray, np.ndarray]:
    """(K_train, K_test_train) for one kernel setting; read-only, shared."""
    X_train = _setup.X[_setup.train]
    K = kernel_matrix(X_train, kind=kind, **dict(params))
    K_test = kernel_matrix(_setup.X[_setup.test], X_train, kind=kind, **dict(params))
    K.setflags(write=False)
    K_test.setflags(write=False)
    return K, K_test


@shared("small", spinner="Cross-validating every cell of the grid…")
def cv_grid(
    _setup: KRRSetup,
    _y: np.ndarray,
    data_key: tuple,
    split_key: tuple,
    kind: str,
    grid: tuple,
    lambdas: tuple,
    folds: int,
) -> KRRGridResult:
    """The workshop's grid search on the training molecules (the test set stays out).

    ``grid`` is a tuple of parameter tuples, one per row of the result.
    Real-valued features are standardised inside each fold, with that fold's
    training rows only, as the Feature selection page does.
    """
    scaled_in_folds = _setup.raw_train is not None
    return krr_cv_grid(
        _setup.raw_train if scaled_in_folds else _setup.X[_setup.train],
        _y[_setup.train],
        kind,
        [dict(p) for p in grid],
        np.asarray(lambdas),
        folds,
        seed=split_key[1],
        scale_in_folds=scaled_in_folds,
    )


@dataclass(frozen=True)
class Fit:
    """One fitted KRR model: weights a and predictions on both sets."""

    alpha: np.ndarray
    train_pred: np.ndarray
    test_pred: np.ndarray


@shared("models", heavy_work=False)
def fit(
    _K: np.ndarray,
    _K_test: np.ndarray,
    _y_train: np.ndarray,
    data_key: tuple,
    split_key: tuple,
    kind: str,
    params: tuple,
    lam: float,
) -> Fit:
    """a = (K + λI)⁻¹ y and the predictions; the only solve a λ or σ move triggers."""
    alpha = krr_fit(_K, _y_train, lam)
    return Fit(alpha, krr_predict(_K, alpha), krr_predict(_K_test, alpha))


# Up to 8 MB each (N = 1,000), within the models' share of the cache budget.
@shared("models")
def heatmap_kernel(
    _setup: KRRSetup, data_key: tuple, split_key: tuple, kind: str, params: tuple, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, K): a reproducible sample of ``n`` molecules and their kernel matrix."""
    rows = _sample(len(_setup.X), n, split_key[1])
    K = kernel_matrix(_setup.X[rows], kind=kind, **dict(params))
    K.setflags(write=False)  # shared by every session
    return rows, K


@shared("figures", heavy_work=False)
def heatmap_fig(
    _K: np.ndarray,
    _y: np.ndarray,
    _names: list[str],
    _smiles: list[str],
    data_key: tuple,
    split_key: tuple,
    kind: str,
    params: tuple,
    n: int,
    order: str,
    label: str,
) -> tuple[go.Figure, np.ndarray]:
    """The heatmap figure and its row order (up to N² hover labels: build once, reuse)."""
    order_rows = kernel_heatmap_order(_K, order, _y)
    return kernel_heatmap_figure(_K, _names, _smiles, order_rows, label), order_rows


@shared("small")  # ridge on 2,048 bits: 0.1–0.3 s, in the slot
def equivalence(
    _setup: KRRSetup, _y: np.ndarray, data_key: tuple, split_key: tuple, n: int, m: int, lam: float
) -> LinearEquivalence:
    """Ridge and linear-kernel KRR on the first ``n`` training molecules, ``m`` test ones."""
    train, test = _setup.train[:n], _setup.test[:m]
    return linear_kernel_equivalence(_setup.X[train], _y[train], lam, _setup.X[test])


@shared("figures", heavy_work=False)
def histogram_fig(_K: np.ndarray, data_key: tuple, split_key: tuple, kind: str, params: tuple,
                  n: int, label: str) -> go.Figure:  # fmt: skip
    """Histogram of the heatmap sample's off-diagonal kernel values."""
    return kernel_histogram_figure(offdiagonal_values(_K), label)


@shared("figures", heavy_work=False)
def worked_example() -> tuple[pd.DataFrame, go.Figure]:
    """The workshop's 1D ridge example at λ = 0, 1, 10 and its figure (the same for everyone)."""
    table = ridge_worked_example((0.0, 1.0, 10.0))
    return table, ridge_example_figure(table, WORKED_X, WORKED_Y)


# The KRR section at every λ and σ of the sliders: ~30 fits and figures, once per setting.
@shared("figures")
def krr_views(
    data_key: tuple, split_key: tuple, kind: str, params: tuple, lam: float, folds: int,
    target: str, unit: str, _build,
) -> dict:  # fmt: skip
    """The KRR section's scrub payloads for one kernel setting, built by ``_build()``."""
    return _build()


# Cached per marked (σ, λ) as well: building a plotly figure (validation of every
# trace) costs more than the KRR solve behind it, and a student sliding back and
# forth revisits the same few values.
@shared("figures", heavy_work=False)
def cv_fig(
    _result: KRRGridResult,
    data_key: tuple,
    split_key: tuple,
    kind: str,
    grid: tuple,
    folds: int,
    current: tuple | None,
    unit: str,
) -> go.Figure:
    """The CV heatmap over (σ, λ) with the sliders' cell marked, or the λ curve (one row)."""
    if len(_result.params) > 1:
        return cv_heatmap_figure(_result, "sigma", current, unit=unit, param_label="σ")
    return cv_curve_figure(_result, 0, None if current is None else current[1], unit=unit)


@shared("figures", heavy_work=False)
def contributions_fig(
    _contributions: Contributions,
    data_key: tuple,
    split_key: tuple,
    kind: str,
    params: tuple,
    lam: float,
    test_position: int,
    unit: str,
) -> go.Figure:
    """The largest terms aᵢ k(x*, xᵢ) of one test prediction."""
    return contributions_figure(_contributions, unit)
