"""Ridge regression and kernel ridge regression, written as on the slides.

Primal (ridge): w = (XᵀX + λI)⁻¹ Xᵀy, prediction ŷ(x*) = x*·w.
Dual (kernel ridge, KRR): a = (K + λI)⁻¹ y, prediction ŷ(x*) = Σᵢ aᵢ k(x*, xᵢ).

Modules:

- :mod:`~chemviz.models.linear`: :func:`ridge_closed_form`, :func:`krr_fit`,
  :func:`krr_predict`, the ridge ⇔ linear-kernel equivalence and the
  workshop's worked 1D example;
- :mod:`~chemviz.models.cv`: :func:`krr_cv_grid`, the grid search over a
  kernel parameter and λ with one factorisation per fold;
- :mod:`~chemviz.models.shifted`: :func:`solve_shifted`, (K + λI)⁻¹ y for
  many λ from one eigendecomposition of K;
- :mod:`~chemviz.models.explain`: :func:`explain_prediction`, a prediction
  split into its terms aᵢ k(x*, xᵢ);
- :mod:`~chemviz.models.evaluation`: the train/test split, standardisation
  with training statistics, and the error metrics.
"""

from chemviz.models.cv import KRRGridResult, krr_cv_grid
from chemviz.models.evaluation import regression_metrics, standardize, train_test_indices
from chemviz.models.explain import Contributions, explain_prediction
from chemviz.models.krr_setup import KRRSetup, prepare_krr
from chemviz.models.linear import (
    WORKED_X,
    WORKED_Y,
    LinearEquivalence,
    krr_fit,
    krr_predict,
    linear_kernel_equivalence,
    ridge_closed_form,
    ridge_worked_example,
)
from chemviz.models.shifted import solve_shifted

__all__ = [
    "WORKED_X",
    "WORKED_Y",
    "Contributions",
    "KRRGridResult",
    "KRRSetup",
    "LinearEquivalence",
    "explain_prediction",
    "krr_cv_grid",
    "krr_fit",
    "krr_predict",
    "linear_kernel_equivalence",
    "prepare_krr",
    "regression_metrics",
    "ridge_closed_form",
    "ridge_worked_example",
    "solve_shifted",
    "standardize",
    "train_test_indices",
]
