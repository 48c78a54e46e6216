"""Small neural networks (multilayer perceptrons) trained one epoch at a time.

The engine is scikit-learn's :class:`~sklearn.neural_network.MLPRegressor`;
this module adds what a lesson needs around it: standardised inputs and
target, the training and validation error after every epoch in the target's
own units, a callback so a page can draw the loss curves while the network
trains, a Stop hook, early stopping that keeps the best epoch's weights, the
hidden layers' activations (the learned representation), and the parameter
count of an architecture.

Notation follows the workshop: a network ŷ = f(x, W) with weight matrices
W_l, trained on the loss L(W) = Σᵢ (yᵢ − ŷᵢ)² + λ Σ_l ‖W_l‖² by gradient
steps W ← W − η ∂L/∂W (here λ is ``alpha`` and η is ``learning_rate``).

The package: :mod:`~.registry` (activations, optimisers, architecture),
:mod:`~.training` (:func:`train_mlp`), :mod:`~.representation` (hidden layers),
:mod:`~.baseline` (kernel ridge on the same split), :mod:`~.checks` (input
validation); the split comes from :mod:`chemviz.splits`.
"""

from chemviz.networks.baseline import (
    KRR_MAX_TRAIN,
    KRRBaseline,
    comparison_table,
    krr_baseline,
)
from chemviz.networks.checks import FEATURE_DTYPE
from chemviz.networks.registry import (
    ACTIVATIONS,
    SETTINGS,
    SOLVERS,
    Activation,
    Architecture,
    architecture,
    update_rule,
)
from chemviz.networks.representation import activation_curves, hidden_representation
from chemviz.networks.training import MLPModel, Snapshots, TrainResult, train_mlp
from chemviz.splits import MIN_MOLECULES, Split, split_train_val_test

__all__ = [
    "ACTIVATIONS",
    "FEATURE_DTYPE",
    "KRR_MAX_TRAIN",
    "MIN_MOLECULES",
    "SETTINGS",
    "SOLVERS",
    "Activation",
    "Architecture",
    "KRRBaseline",
    "MLPModel",
    "Snapshots",
    "Split",
    "TrainResult",
    "activation_curves",
    "architecture",
    "comparison_table",
    "hidden_representation",
    "krr_baseline",
    "split_train_val_test",
    "train_mlp",
    "update_rule",
]
