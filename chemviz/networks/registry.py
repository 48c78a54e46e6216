"""The choices of a network: activations, optimisers, the page's settings, the parameter count."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy.special import expit
from sklearn.neural_network import MLPRegressor

from chemviz.params import Param


@dataclass(frozen=True)
class Activation:
    """A hidden-layer non-linearity g(z), applied element-wise.

    Attributes
    ----------
    key : str
        scikit-learn's name for it (``MLPRegressor(activation=key)``).
    label : str
        Name shown in the UI.
    latex : str
        Its definition, for ``st.latex``.
    function : callable
        ``function(z) -> g(z)``, element-wise on an array of any shape.
    description : str
        One sentence for the page.
    """

    key: str
    label: str
    latex: str
    function: Callable[[np.ndarray], np.ndarray]
    description: str


ACTIVATIONS: dict[str, Activation] = {
    a.key: a
    for a in [
        Activation(
            "relu",
            "ReLU",
            r"\mathrm{ReLU}(z) = \max(0, z)",
            lambda z: np.maximum(z, 0.0),
            "Zero for negative input, identity for positive: cheap, and its gradient "
            "does not vanish for large z. The workshop's choice.",
        ),
        Activation(
            "tanh",
            "tanh",
            r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
            np.tanh,
            "A smooth S-curve from −1 to 1; saturates (gradient → 0) for large |z|.",
        ),
        Activation(
            "logistic",
            "logistic (sigmoid)",
            r"\sigma(z) = \frac{1}{1 + e^{-z}}",
            expit,
            "A smooth S-curve from 0 to 1; saturates for large |z|, so deep stacks learn slowly.",
        ),
        Activation(
            "identity",
            "identity (no non-linearity)",
            r"g(z) = z",
            np.array,  # a copy of z, like the other functions return
            "No bending at all: any stack of linear layers is one linear model, "
            "so depth adds nothing. A control experiment.",
        ),
    ]
}

# Optimisers, by scikit-learn's name. "sgd" is configured as the plain
# gradient step of the workshop (no momentum, constant η), so that batch size
# alone moves it between stochastic (batch 1) and full-batch gradient descent.
SOLVERS: dict[str, str] = {
    "adam": "Adam: a gradient step with per-weight step sizes adapted from running "
    "averages of the gradient and its square. Robust default.",
    "sgd": "Plain gradient descent W ← W − η ∂L/∂W on each minibatch: batch size 1 is "
    "stochastic gradient descent, the whole training set is full-batch gradient descent.",
}


# The Adam constants of the networks chemviz.networks builds (scikit-learn's defaults).
_ADAM = MLPRegressor().get_params()
_ADAM_LATEX = (
    r"m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \quad "
    r"v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2, \quad "
    r"W \leftarrow W - \eta\, \frac{\sqrt{1 - \beta_2^{\,t}}}{1 - \beta_1^{\,t}}\, "
    r"\frac{m}{\sqrt{v} + \epsilon}"
)


def update_rule(solver: str, learning_rate: float) -> tuple[list[str], str]:
    """The weight update of an optimiser: its equations (LaTeX) and a sentence on them (Markdown).

    The constants quoted are those the network really uses.
    """
    if solver not in SOLVERS:
        raise ValueError(f"Unknown solver '{solver}'; choose one of: {', '.join(SOLVERS)}")
    if solver == "sgd":
        return [r"W \leftarrow W - \eta \, \frac{\partial L_B}{\partial W}"], (
            f"**Plain gradient descent** with η = {learning_rate:g}: each step "
            "moves the weights straight down the gradient of the minibatch loss L_B."
        )
    return [r"g = \frac{\partial L_B}{\partial W}", _ADAM_LATEX], (
        f"**Adam** (η = {learning_rate:g}) does not step straight down the "
        "gradient g of the minibatch loss L_B: it keeps running averages of g (m) and of "
        "g² (v) and moves each weight by η·m/√v, so every weight gets its own step size "
        f"(β₁ = {_ADAM['beta_1']:g}, β₂ = {_ADAM['beta_2']:g}, ε = {_ADAM['epsilon']:g}: "
        "scikit-learn's defaults, which the network uses; t counts the steps)."
    )


def _setting(name: str, label: str, **facts) -> Param:
    return Param(name, label, **facts)


# The settings of the Neural networks page, declared once (their widgets, their URL keys and
# their checks all come from here). Grids are log-spaced in exact decimals, so a value in a
# link reads back equal.
SETTINGS: dict[str, Param] = {
    p.name: p
    for p in [
        _setting("layers", "Hidden layers", default=2, kind="int", low=1, high=4,
                 more_is_complex=True, widget="slider"),
        _setting("width", "Units per hidden layer", default=64, kind="int", low=2, high=512,
                 log=True, stops=(2, 4, 8, 16, 32, 64, 128, 256, 512), more_is_complex=True),
        _setting("activation", "Activation g(z)", default="relu", kind="choice",
                 choices=tuple(ACTIVATIONS), widget="selectbox",
                 labels=tuple((k, a.label) for k, a in ACTIVATIONS.items())),
        _setting("solver", "Optimiser", default="adam", kind="choice", choices=tuple(SOLVERS),
                 widget="radio", help=" ".join(SOLVERS.values()),
                 labels=(("adam", "Adam"), ("sgd", "plain gradient descent"))),
        _setting("alpha", "ℓ2 strength α (log scale)", default=1e-4, low=0.0, high=10.0,
                 log=True, stops=(0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0),
                 more_is_complex=False, labels=((0.0, "0 (off)"),),
                 help="scikit-learn's alpha: the penalty of one minibatch step (see the loss)."),
        _setting("learning_rate", "Learning rate η (log scale)", default=1e-3, low=1e-4,
                 high=0.1, log=True, stops=(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)),
        # 0 = the whole training set
        _setting("batch_size", "Batch size", default=32, kind="int", low=0, high=256,
                 stops=(1, 4, 16, 32, 64, 128, 256, 0), labels=((0, "all (GD)"), (1, "1 (SGD)")),
                 help="Molecules per gradient step: 1 is stochastic gradient descent (SGD), "
                 "'all' is full-batch gradient descent (GD)."),
        _setting("epochs", "Epochs (passes over the training set)", default=50, kind="int",
                 low=1, high=500, stops=(1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500)),
        _setting("patience", "Early-stopping patience (epochs)", default=10, kind="int", low=0,
                 high=50, stops=(0, 2, 3, 5, 10, 20, 50), labels=((0, "off"),),
                 help="Stop once the validation error has not improved for this many epochs, "
                 "and keep the weights of the best epoch."),
        _setting("seed", "Seed (initial weights, batch order)", default=0, kind="int", low=0,
                 high=9999, widget="number"),
    ]
}  # fmt: skip


@dataclass(frozen=True)
class Architecture:
    """Layer widths and parameter count of a fully connected network.

    Attributes
    ----------
    widths : tuple of int
        Units per layer, input first and output last, e.g. ``(2048, 64, 64, 1)``.
    n_weights : int
        Entries of the weight matrices, Σ_l width_l · width_{l+1}.
    n_biases : int
        One bias per non-input unit, Σ_{l ≥ 1} width_l.
    n_parameters : int
        ``n_weights + n_biases``: the numbers training adjusts.
    """

    widths: tuple[int, ...]
    n_weights: int
    n_biases: int
    n_parameters: int


def architecture(n_inputs: int, hidden: Sequence[int], n_outputs: int = 1) -> Architecture:
    """Count the parameters of a fully connected network.

    Parameters
    ----------
    n_inputs : int
        Features per molecule (e.g. 2048 fingerprint bits).
    hidden : sequence of int
        Width of each hidden layer.
    n_outputs : int
        Output units (1 for one property).

    Returns
    -------
    Architecture

    Notes
    -----
    Each layer l → l+1 has a weight matrix W_l of shape (width_l, width_{l+1})
    and a bias vector of length width_{l+1}. With a 2048-bit fingerprint the
    first matrix dominates: a (64, 64) network has 135,361 parameters, 97 % of
    them between the input and the first hidden layer — far more than the
    few hundred molecules in a typical training set, which is why networks
    need regularisation.
    """
    widths = (int(n_inputs), *(int(w) for w in hidden), int(n_outputs))
    if min(widths) < 1:
        raise ValueError(f"Every layer needs at least one unit; got widths {list(widths)}")
    n_weights = sum(a * b for a, b in pairwise(widths))
    n_biases = sum(widths[1:])
    return Architecture(widths, n_weights, n_biases, n_weights + n_biases)
