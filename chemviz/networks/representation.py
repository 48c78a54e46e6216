"""What a trained network learned: hidden-layer activations, and the activation functions."""

from __future__ import annotations

import numpy as np

from chemviz.networks.checks import check_features
from chemviz.networks.registry import ACTIVATIONS
from chemviz.networks.training import MLPModel


def hidden_representation(model: MLPModel, X: np.ndarray, layer: int) -> np.ndarray:
    """The activations of one hidden layer: the representation the network learned.

    Parameters
    ----------
    model : MLPModel
        A trained model (``TrainResult.model``).
    X : ndarray of shape (n, d)
        Raw features, as passed to :func:`train_mlp`.
    layer : int
        1-based hidden layer: 1 is the first, ``len(model.hidden)`` the last.

    Returns
    -------
    ndarray of shape (n, model.hidden[layer - 1]), float32
        a_l = g(a_{l−1} W_{l−1} + b_{l−1}), starting from the standardised input a_0.

    Notes
    -----
    The output of a regression network is a *linear* function of its last
    hidden layer, ŷ = a_L W_L + b_L. So a network is a learned feature
    transformation followed by linear regression: training bends the input
    space until the property becomes (nearly) linear in the last hidden layer's
    coordinates. A 2D projection of these activations, coloured by the target,
    shows that ordering next to the projection of the raw input.
    """
    if not 1 <= layer <= len(model.hidden):
        raise ValueError(f"This network has hidden layers 1 to {len(model.hidden)}; got {layer}")
    g = ACTIVATIONS[model.activation].function
    a = model.x_scaler.transform(check_features(X, "X"))
    for W, b in zip(model.network.coefs_[:layer], model.network.intercepts_[:layer], strict=True):
        a = g(a @ W + b)
    return a


def activation_curves(z: np.ndarray | None = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Every activation of :data:`ACTIVATIONS` evaluated on a grid, for the equations panel.

    Parameters
    ----------
    z : ndarray of shape (m,), optional
        Pre-activation values; default 201 points on [−4, 4].

    Returns
    -------
    z : ndarray of shape (m,)
    curves : dict of str to ndarray of shape (m,)
        g(z) per activation key.
    """
    z = np.linspace(-4.0, 4.0, 201) if z is None else np.asarray(z, dtype=float)
    return z, {key: a.function(z) for key, a in ACTIVATIONS.items()}
