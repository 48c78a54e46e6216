"""Model complexity: validation and learning curves, and the risk of the 1D toy.

The Model complexity page asks one question in several ways: how flexible
should a model be? :func:`validation_curve` answers it with cross-validation
on real molecules, for any family in :data:`MODELS`; :func:`learning_curve`
shows how the answer moves with more data; and for the sin(2πx) toy, whose
truth is known, :func:`toy_curves` and :func:`bias_variance_sweep` show the
errors cross-validation is trying to estimate.

Modules: :mod:`.families` (the registry), :mod:`.folds` (partitions and input
checks), :mod:`.curves` (validation and learning curves), :mod:`.kernel_ridge`
(the kernel-ridge shortcut), :mod:`.surface` (the
(σ, λ) grid of kernel ridge, sliced into curves), :mod:`.parity` (the current
model's predictions), :mod:`.prepared` (the capped sample a curve learns from),
:mod:`.toy_risk` (the toy's true error) and :mod:`.bias_variance` (bias and
variance over resampled toy data sets).
"""

from chemviz.complexity.bias_variance import BiasVarianceResult, bias_variance, bias_variance_sweep
from chemviz.complexity.curves import (
    CurveResult,
    LearningCurveResult,
    learning_curve,
    learning_curves_along_lambda,
    validation_curve,
)
from chemviz.complexity.families import MODELS, ModelFamily, family
from chemviz.complexity.folds import make_folds
from chemviz.complexity.parity import ParityResult, cv_predictions, cv_predictions_along
from chemviz.complexity.prepared import Prepared, compact_features, prepare_curves
from chemviz.complexity.surface import SurfaceResult, validation_surface
from chemviz.complexity.toy_risk import ToyCurveResult, dense_grid, toy_curves, toy_lambda_curves

__all__ = [
    "MODELS",
    "BiasVarianceResult",
    "CurveResult",
    "LearningCurveResult",
    "ModelFamily",
    "ParityResult",
    "Prepared",
    "SurfaceResult",
    "ToyCurveResult",
    "bias_variance",
    "bias_variance_sweep",
    "compact_features",
    "cv_predictions",
    "cv_predictions_along",
    "dense_grid",
    "family",
    "learning_curve",
    "learning_curves_along_lambda",
    "make_folds",
    "prepare_curves",
    "toy_curves",
    "toy_lambda_curves",
    "validation_curve",
    "validation_surface",
]
