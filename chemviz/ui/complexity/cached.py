"""Cached computations of the Model complexity page.

1D story: the curves against degree are cached per (n, σ, seed, λ, folds)
and the curve against λ per (n, σ, seed, degree, folds), so a degree move
only refits one polynomial (not cached: it takes microseconds) and moves a
marker. The bias/variance sweep is cached per (n, σ, seed, λ).

Molecules: the prepared (X, y, scaffolds) per data key, every validation
curve per (data, family, knob, fixed settings, folds, seed, split), the
parity data per current setting and the learning curves per representation.
They live in the process-wide, byte-budgeted caches of
:mod:`chemviz.ui.cache`, like every cached result of the app; each is
computed in one of the server's heavy-computation slots. All values are
shared between sessions: read-only.

Every computation runs with one BLAS thread, set where each run starts
(:func:`chemviz.ui.one_thread_per_computation`): on a busy 2-core machine,
OpenBLAS threads spin-wait on each other and made a small network's curve
twenty times slower.
"""

from __future__ import annotations

import numpy as np

from chemviz.complexity import (
    BiasVarianceResult,
    CurveResult,
    LearningCurveResult,
    Prepared,
    ToyCurveResult,
    bias_variance_sweep,
    cv_predictions_along,
    learning_curve,
    learning_curves_along_lambda,
    prepare_curves,
    toy_curves,
    toy_lambda_curves,
    validation_curve,
)
from chemviz.modeldata import ModelInputs
from chemviz.molecules import MoleculeSet, scaffolds
from chemviz.ui.cache import CACHES, shared

TOY_DEGREES = tuple(range(16))
TOY_LAMBDAS = tuple(np.geomspace(1e-8, 10.0, 28))
BV_REPEATS = 200


@shared("small", heavy_work=False)
def toy_degree_curve(n: int, noise: float, seed: int, lam: float, folds: int) -> ToyCurveResult:
    """Train, CV and true error against degree 0…15 at a fixed λ."""
    return toy_curves(n, noise, seed, TOY_DEGREES, lam, folds)


@shared("small", heavy_work=False)
def toy_lambda_curve(n: int, noise: float, seed: int, degree: int, folds: int) -> ToyCurveResult:
    """Train, CV and true error against λ (10⁻⁸ … 10) at a fixed degree."""
    return toy_lambda_curves(n, noise, seed, degree, TOY_LAMBDAS, folds)


# The 320 resampled fits on the grid: 1.3 MB, shared between sessions (read-only).
# The 320 resampled fits on the grid: 1.3 MB, shared between sessions (read-only). With
# the models, not the small results: five of them filled those 12 MB and pushed out
# every page's curves, which a class then computed again and again (measured).
@shared("models")
def toy_bias_variance(n: int, noise: float, seed: int, lam: float) -> BiasVarianceResult:
    """Bias², variance and approximation/estimation errors for degrees 0…15."""
    return bias_variance_sweep(n, noise, TOY_DEGREES, lam, BV_REPEATS, seed)


# The 1D story's four charts (as plain dicts) and captions at one setting: ~50 kB.
@shared("figures")
def toy_panels(setting, _build) -> dict:
    """The 1D story's panels at ``setting`` (a ``ToySetting``), built by ``_build``."""
    return _build(setting)


# ... and with a frame per degree and per λ for the browser to scrub: ~0.2 MB.
@shared("figures")
def toy_views(setting, _build) -> dict:
    """The 1D story's scrub payloads at ``setting``, assembled by ``_build``."""
    return _build(setting)


# -- Molecules --------------------------------------------------------------------
_PREPARED = CACHES["models"]  # up to 2,000 × 2,048 features: megabytes
_SMALL = CACHES["small"]  # scaffolds, curves, parity data, learning curves: kilobytes


def prepared(
    _molecules: MoleculeSet, _inputs: ModelInputs, data_key: tuple, cap: int, seed: int
) -> Prepared:
    """Features, target and scaffolds of at most ``cap`` molecules drawn with ``seed``."""

    def compute() -> Prepared:
        all_scaffolds = _SMALL.get_or_compute(
            ("scaffolds", _molecules.content_hash),
            lambda: np.array(scaffolds(_molecules), dtype=object),
        )
        return prepare_curves(_inputs, all_scaffolds, cap, seed)

    return _PREPARED.get_or_compute(("prepared", data_key, cap, seed), compute, heavy_work=True)


def _groups(prep: Prepared, split: str):
    """The scaffold of each molecule for scaffold folds; None for random folds."""
    return prep.scaffolds if split == "scaffold" else None


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
        lambda: validation_curve(
            _prep.X,
            _prep.y,
            model,
            knob,
            np.array(values),
            folds,
            seed,
            groups=_groups(_prep, split),
            fixed=dict(fixed),
            progress=progress,
        ),
        heavy_work=True,
    )


def parity_along(
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
) -> list:
    """The parity data at every value of the knob (for the value slider), once per setting."""
    return _PREPARED.get_or_compute(
        ("parity along", data_key, model, knob, values, fixed, folds, seed, split),
        lambda: cv_predictions_along(
            _prep.X,
            _prep.y,
            model,
            knob,
            values,
            dict(fixed),
            folds,
            seed,
            groups=_groups(_prep, split),
            progress=progress,
        ),
        heavy_work=True,
    )


# The curve and parity charts at every value of the slider: ~40 figures, built once.
@shared("figures")
def value_views(key: tuple, _build) -> dict:
    """The molecules tab's scrub payloads for one setting (``key``), built by ``_build()``."""
    return _build()


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
        lambda: learning_curve(
            _prep.X,
            _prep.y,
            model,
            np.array(sizes),
            folds,
            seed,
            fixed=dict(params),
            progress=progress,
        ),
        heavy_work=True,
    )


def learning_along_lambda(
    _prep: Prepared,
    data_key: tuple,
    model: str,
    fixed: tuple,
    lambdas: tuple,
    sizes: tuple,
    folds: int,
    seed: int,
    progress=None,
) -> list[LearningCurveResult]:
    """The learning curves (random folds) at every λ of the slider, computed once."""
    return _SMALL.get_or_compute(
        ("learning along λ", data_key, model, fixed, lambdas, sizes, folds, seed),
        lambda: learning_curves_along_lambda(
            _prep.X,
            _prep.y,
            model,
            np.array(sizes),
            np.array(lambdas),
            folds,
            seed,
            fixed=dict(fixed),
            progress=progress,
        ),
        heavy_work=True,
    )
