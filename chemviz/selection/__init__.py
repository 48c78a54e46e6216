"""Feature selection: LASSO / elastic-net paths with cross-validation, and RFE.

Which parts of a representation matter? The ℓ1 penalty answers in one shot:
the larger λ, the fewer features survive, and cross-validation picks λ.
Recursive feature elimination answers greedily, one step at a time.

Modules: :mod:`~chemviz.selection.inputs` (checks, dropping constant and
duplicate columns, folds), :mod:`~chemviz.selection.penalty` (λ grid, the
workshop's λ, the 1-SE rule), :mod:`~chemviz.selection.path` (the path),
:mod:`~chemviz.selection.lookup` (reading it at one λ),
:mod:`~chemviz.selection.groups` (correlated features: do they enter together?),
:mod:`~chemviz.selection.rfe` (RFE), :mod:`~chemviz.selection.names`
(feature names in words), :mod:`~chemviz.selection.prepare` (what the path
is fitted on: sampled, cleaned and capped).
"""

from chemviz.selection.groups import (
    CORRELATION_THRESHOLD,
    correlated_partners,
    summarise_partners,
)
from chemviz.selection.inputs import count_dropped, drop_uninformative
from chemviz.selection.lookup import coefficients_at, cv_predictions, index_of_lambda
from chemviz.selection.names import describe_feature
from chemviz.selection.path import PathResult, regularization_path
from chemviz.selection.penalty import LAMBDA_RATIO, one_standard_error_index, workshop_penalty
from chemviz.selection.prepare import (
    MAX_FEATURES,
    MAX_MOLECULES,
    SelectionData,
    prepare_selection,
)
from chemviz.selection.rfe import (
    ESTIMATORS,
    RFE_MAX_FEATURES,
    RFEResult,
    elimination_table,
    rfe_curve,
)

__all__ = [
    "CORRELATION_THRESHOLD",
    "ESTIMATORS",
    "LAMBDA_RATIO",
    "MAX_FEATURES",
    "MAX_MOLECULES",
    "RFE_MAX_FEATURES",
    "PathResult",
    "RFEResult",
    "SelectionData",
    "coefficients_at",
    "correlated_partners",
    "count_dropped",
    "cv_predictions",
    "describe_feature",
    "drop_uninformative",
    "elimination_table",
    "index_of_lambda",
    "one_standard_error_index",
    "prepare_selection",
    "regularization_path",
    "rfe_curve",
    "summarise_partners",
    "workshop_penalty",
]
