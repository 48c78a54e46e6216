"""Cached computations of the Model complexity page.

1D story: the curves against degree are cached per (n, σ, seed, λ, folds)
and the curve against λ per (n, σ, seed, degree, folds), so a degree move
only refits one polynomial (not cached: it takes microseconds) and moves a
marker. The bias/variance sweep is cached per (n, σ, seed, λ).

Molecules: the prepared (X, y, scaffolds) per data key, every validation
curve per (data, family, knob, fixed settings, folds, seed, split), the
parity data per current setting and the learning curves per representation.
These report progress, so they live in the process-wide, byte-budgeted
caches of :mod:`chemviz.ui.cache` rather than ``st.cache_*``, which would
try to replay the progress bar on a cache hit; each is computed in one of
the server's heavy-computation slots. All values are shared between
sessions: read-only.

Every molecule computation runs with one BLAS thread (:func:`_one_thread`):
on a busy 2-core machine, OpenBLAS threads spin-wait on each other and made a
small network's curve twenty times slower.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
from threadpoolctl import threadpool_limits

from chemviz.complexity import (
    BiasVarianceResult,
    CurveResult,
    LearningCurveResult,
    ParityResult,
    ToyCurveResult,
    bias_variance_sweep,
    cv_predictions,
    learning_curve,
    toy_curves,
    toy_lambda_curves,
    validation_curve,
)
from chemviz.kernels import sample_indices
from chemviz.modeldata import ModelInputs
from chemviz.models import standardize
from chemviz.molecules import MoleculeSet, scaffolds
from chemviz.ui.cache import CACHES, shared

TOY_DEGREES = tuple(range(16))
TOY_LAMBDAS = tuple(np.geomspace(1e-8, 10.0, 28))
BV_REPEATS = 200


@st.cache_data(max_entries=64, max_size="2MB", show_spinner=False)
def toy_degree_curve(n: int, noise: float, seed: int, lam: float, folds: int) -> ToyCurveResult:
    """Train, CV and true error against degree 0…15 at a fixed λ."""
    return toy_curves(n, noise, seed, TOY_DEGREES, lam, folds)


@st.cache_data(max_entries=64, max_size="2MB", show_spinner=False)
def toy_lambda_curve(n: int, noise: float, seed: int, degree: int, folds: int) -> ToyCurveResult:
    """Train, CV and true error against λ (10⁻⁸ … 10) at a fixed degree."""
    return toy_lambda_curves(n, noise, seed, degree, TOY_LAMBDAS, folds)


# Shared, not st.cache_data: the 320 resampled fits on the grid (1.3 MB) would
# otherwise be unpickled on every rerun. Between sessions: read-only.
@shared("small", heavy_work=False)
def toy_bias_variance(n: int, noise: float, seed: int, lam: float) -> BiasVarianceResult:
    """Bias², variance and approximation/estimation errors for degrees 0…15."""
    return bias_variance_sweep(n, noise, TOY_DEGREES, lam, BV_REPEATS, seed)


# -- Molecules --------------------------------------------------------------------
_PREPARED = CACHES["models"]  # up to 2,000 × 2,048 features: megabytes
_SMALL = CACHES["small"]  # scaffolds, curves, parity data, learning curves: kilobytes


def _one_thread(compute):
    """``compute`` wrapped to run with a single BLAS/OpenMP thread."""

    def run():
        with threadpool_limits(1):
            return compute()

    return run


@dataclass(frozen=True, eq=False)
class Prepared:
    """The molecules a complexity curve learns from, once per data key and cap.

    Attributes
    ----------
    X : ndarray of shape (m, d)
        Real-valued features as float64, standardised (mean 0, SD 1 over these
        m); bits and counts in the smallest unsigned integer type that holds
        them exactly (see :func:`compact_features`). The core functions cast
        to float64 for the duration of one computation.
    y : ndarray of shape (m,)
    rows : ndarray of int, shape (m,)
        Position of each row in the MoleculeSet.
    scaffolds : ndarray of str, shape (m,)
        Bemis–Murcko scaffold SMILES of each row (the scaffold-fold groups).
    n_available : int
        Molecules with features and a target before the cap.
    """

    X: np.ndarray
    y: np.ndarray
    rows: np.ndarray
    scaffolds: np.ndarray
    n_available: int

    @property
    def sampled(self) -> bool:
        return len(self.y) < self.n_available


def compact_features(X: np.ndarray, kind: str) -> np.ndarray:
    """The features to keep in the shared cache: exact, and as small as that allows.

    Parameters
    ----------
    X : ndarray of shape (m, d)
    kind : str
        ``"binary"``, ``"count"`` or ``"real"`` (:class:`chemviz.modeldata.ModelInputs`).

    Returns
    -------
    ndarray of shape (m, d)
        Real-valued features standardised in float64. Whole, non-negative
        values (fingerprint bits, substructure counts) as uint8 when they fit
        (uint16 / uint32 otherwise), which is exact; anything else as float64.

    Notes
    -----
    The cache is shared by every session and holds up to 8 data sets. A
    2,000 × 2,048 fingerprint is 33 MB as float64 but 4 MB as uint8, and
    casting back to float64 gives the very same numbers, so the curves do not
    change at all.
    """
    if kind == "real":  # descriptors on wildly different scales
        return standardize(np.asarray(X, dtype=float))[0]
    X = np.asarray(X)
    if X.size == 0:
        return X.astype(np.uint8)
    whole = np.issubdtype(X.dtype, np.integer) or bool(np.all(X == np.round(X)))
    if whole and X.min() >= 0 and X.max() <= np.iinfo(np.uint32).max:
        return X.astype(np.min_scalar_type(int(X.max())), copy=False)
    return np.asarray(X, dtype=float)


def prepared(
    _molecules: MoleculeSet, _inputs: ModelInputs, data_key: tuple, cap: int, seed: int
) -> Prepared:
    """Features, target and scaffolds of at most ``cap`` molecules drawn with ``seed``."""

    def compute() -> Prepared:
        keep = sample_indices(len(_inputs), cap, seed)
        X = compact_features(_inputs.X[keep], _inputs.kind)
        all_scaffolds = _SMALL.get_or_compute(
            ("scaffolds", _molecules.content_hash),
            lambda: np.array(scaffolds(_molecules), dtype=object),
        )
        rows = _inputs.rows[keep]
        return Prepared(X, _inputs.y[keep], rows, all_scaffolds[rows], len(_inputs))

    return _PREPARED.get_or_compute(("prepared", data_key, cap, seed), compute, heavy_work=True)


def curve(
    _prep: Prepared,
    data_key: tuple,
    model: str,
    knob: str,
    values: tuple,
    fixed: tuple,
    folds: int,
    seed: int,
    split: str,
    progress=None,
) -> CurveResult:
    """A validation curve with random or scaffold folds, computed once per setting."""
    return _SMALL.get_or_compute(
        ("curve", data_key, model, knob, values, fixed, folds, seed, split),
        _one_thread(
            lambda: validation_curve(
                _prep.X,
                _prep.y,
                model,
                knob,
                np.array(values),
                folds,
                seed,
                groups=_prep.scaffolds if split == "scaffold" else None,
                fixed=dict(fixed),
                progress=progress,
            )
        ),
        heavy_work=True,
    )


def parity(
    _prep: Prepared, data_key: tuple, model: str, params: tuple, folds: int, seed: int, split: str
) -> ParityResult:
    """In-sample and out-of-fold predictions of the model at the current setting."""
    return _SMALL.get_or_compute(
        ("parity", data_key, model, params, folds, seed, split),
        _one_thread(
            lambda: cv_predictions(
                _prep.X,
                _prep.y,
                model,
                dict(params),
                folds,
                seed,
                groups=_prep.scaffolds if split == "scaffold" else None,
            )
        ),
        heavy_work=True,
    )


def learning(
    _prep: Prepared,
    data_key: tuple,
    model: str,
    params: tuple,
    sizes: tuple,
    folds: int,
    seed: int,
    progress=None,
) -> LearningCurveResult:
    """A learning curve (random folds) for one representation, computed once."""
    return _SMALL.get_or_compute(
        ("learning", data_key, model, params, sizes, folds, seed),
        _one_thread(
            lambda: learning_curve(
                _prep.X,
                _prep.y,
                model,
                np.array(sizes),
                folds,
                seed,
                fixed=dict(params),
                progress=progress,
            )
        ),
        heavy_work=True,
    )
