"""What every page models: :class:`CurrentInputs`, built once per run by the sidebar.

The sidebar (``widgets.sidebar``) reads the dataset, target and
representation pickers and the representation's parameters (set on the
Representations page), validates them, and stores one
:class:`CurrentInputs`. Pages take it with :func:`current`; its ``.key``
is what every cached result of the data depends on, so no page builds a
cache key by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import streamlit as st

from chemviz.figures.molecules import axis_label
from chemviz.modeldata import ModelInputs
from chemviz.modeldata import model_inputs as _model_inputs
from chemviz.molecules import MoleculeSet
from chemviz.representations import REPRESENTATIONS, FeatureMatrix, Representation
from chemviz.ui import cached, state


@dataclass(frozen=True)
class CurrentInputs:
    """The molecules, the property to model and how molecules become numbers.

    Attributes
    ----------
    molecules : MoleculeSet
    dataset : str
        Dataset key, ``"upload"`` for an upload.
    title : str
        Human title of the data set.
    target : str or None
        The numeric property to model (None when the set has none).
    unit : str
        Unit of the target, or "".
    rep : str
        Representation (registry key).
    params : tuple of (name, value)
        Its validated parameters, sorted by name.
    """

    molecules: MoleculeSet
    dataset: str
    title: str
    target: str | None
    unit: str
    rep: str
    params: tuple[tuple[str, Any], ...]

    @property
    def key(self) -> tuple:
        """What every result of these inputs depends on: (content, target, rep, params)."""
        return (self.molecules.content_hash, self.target, self.rep, self.params)

    @property
    def features_key(self) -> tuple:
        """What the feature matrix depends on (not the target): (content, rep, params)."""
        return (self.molecules.content_hash, self.rep, self.params)

    @property
    def representation(self) -> Representation:
        """The registry entry of the representation."""
        return REPRESENTATIONS[self.rep]

    @property
    def target_label(self) -> str:
        """The target with its unit, as typed (``"logS (log10(mol/L))"``).

        It may be an uploaded column header: a figure builder escapes it for
        plotly's HTML-like text itself, and Markdown gets it through ``widgets.plain``.
        """
        return axis_label(self.target or "", self.unit)

    def y(self) -> np.ndarray:
        """Target values, shape (n,), NaN where missing."""
        if self.target is None:
            raise ValueError(
                "This data set has no numeric property to model; upload one with a value column."
            )
        return self.molecules.target(self.target)

    def with_representation(self, rep: str) -> CurrentInputs:
        """The same data in another representation, with that one's parameters as set."""
        return replace(self, rep=rep, params=current_params(rep))


def current_params(rep: str) -> tuple[tuple[str, Any], ...]:
    """The parameters of ``rep`` as set on the Representations page, sorted by name.

    A value that no longer validates (an edited URL) falls back to the default.
    """
    out = {}
    for p in REPRESENTATIONS[rep].params:
        try:
            out[p.name] = p.validate(state.get(state.rep_param_key(rep, p.name)))
        except ValueError:
            out[p.name] = p.default
    return tuple(sorted(out.items()))


def current() -> CurrentInputs:
    """The inputs the sidebar built in this run (``app.py`` draws it before each page)."""
    return state.get(state.CURRENT)


def features(inputs: CurrentInputs) -> FeatureMatrix:
    """Features of the inputs' molecules, computed once per ``inputs.key`` for the whole class."""
    bar = st.empty()
    label = inputs.representation.label

    def progress(fraction: float) -> None:
        bar.progress(fraction, text=f"Computing {label}… {fraction:.0%}")

    try:
        return cached.features(inputs.molecules, *inputs.features_key, progress)
    finally:
        bar.empty()


def model_inputs(inputs: CurrentInputs, minimum: int = 10) -> ModelInputs:
    """(X, y) of the molecules with a target value; ValueError if fewer than ``minimum``."""
    return _model_inputs(features(inputs), inputs.y(), minimum=minimum)


def representation_picker() -> str:
    """The representation select box (drawn inside the sidebar)."""
    if state.get(state.REPRESENTATION) not in REPRESENTATIONS:
        state.put(state.REPRESENTATION, state.KEYS[state.REPRESENTATION].default)
    name = st.selectbox(
        "Representation",
        list(REPRESENTATIONS),
        format_func=lambda r: REPRESENTATIONS[r].label,
        help="How molecules become numbers. Set its parameters on the Representations page.",
        **state.bind(state.REPRESENTATION),
    )
    st.caption(REPRESENTATIONS[name].describe(dict(current_params(name))))
    return name
