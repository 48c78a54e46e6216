"""Cached computations of the Neural networks page.

The network itself is not cached: it streams its loss curves while it trains
and lives in the session (``state.NN_RESULT``). What is cached is what does
not depend on the network's settings: the kernel ridge baseline on the same
split, the PCA map of the input features, and the figures that depend only on
the settings (the architecture diagram) or on nothing (the activation curves).
Keys are the data's content hash, the target, the representation with its
parameters and the split's identity; arrays are ``_underscore`` arguments.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from chemviz.figures.networks import activation_figure, architecture_figure
from chemviz.networks import KRRBaseline, activation_curves, architecture, krr_baseline
from chemviz.representations.space import PCAResult, pca_map
from chemviz.splits import Split
from chemviz.ui.cache import shared


@shared("models", spinner="Fitting kernel ridge on the same split…")
def baseline(
    _X: np.ndarray,
    _y: np.ndarray,
    _split: Split,
    data_key: tuple,
    split_key: tuple,
    kind: str,
) -> KRRBaseline:
    """Kernel ridge on the network's split, once per (data, target, representation, split)."""
    return krr_baseline(_X, _y, _split, kind)


@shared("small", spinner="Projecting the input features…")
def input_map(_X: np.ndarray, data_key: tuple, standardize: bool) -> PCAResult:
    """PCA of the input features of the molecules with a target value."""
    return pca_map(_X, standardize=standardize)


@shared("figures", heavy_work=False)
def architecture_fig(n_inputs: int, hidden: tuple[int, ...], activation: str) -> go.Figure:
    """The network diagram (shared and read-only: building it costs more than drawing it)."""
    return architecture_figure(architecture(n_inputs, hidden), activation)


@shared("figures", heavy_work=False)
def activation_fig() -> go.Figure:
    """The activation functions: the same figure for everyone."""
    return activation_figure(*activation_curves())
