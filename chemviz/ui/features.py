"""The current representation: its picker in the sidebar, its cached features.

The representation and its parameters are chosen once (sidebar and the
Representations page) and every model page calls :func:`current_inputs`.
Parameter keys are generated from the registry: ``rep_<name>_<param>``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from chemviz.modeldata import ModelInputs, model_inputs
from chemviz.representations import REPRESENTATIONS, FeatureMatrix
from chemviz.ui import cached, state
from chemviz.ui.widgets import CurrentData


def param_key(rep: str, param: str) -> str:
    """The state key of one representation parameter (also its URL name)."""
    return f"rep_{rep}_{param}"


def _valid_values(p) -> tuple:
    """Every value a parameter allows: its choices, the stops of its slider, or True/False."""
    if p.kind == "choice":
        return tuple(p.choices)
    if p.kind == "bool":
        return (False, True)
    low, high, step = p.bounds
    return tuple(range(low, high + 1, step))


for _rep in REPRESENTATIONS.values():
    for _p in _rep.params:
        state.declare(
            param_key(_rep.name, _p.name),
            _p.default,
            url=True,
            help=_rep.label,
            options=_valid_values(_p),
        )


def current_params(rep: str) -> dict[str, Any]:
    """The parameters of ``rep`` as set on the Representations page (defaults otherwise).

    A value that no longer validates (an edited URL) falls back to the default.
    """
    out = {}
    for p in REPRESENTATIONS[rep].params:
        value = state.get(param_key(rep, p.name))
        try:
            out[p.name] = p.validate(value)
        except ValueError:
            out[p.name] = p.default
    return out


def sidebar_picker() -> str:
    """The representation select box (drawn inside the sidebar)."""
    if state.get(state.REPRESENTATION) not in REPRESENTATIONS:
        state.put(state.REPRESENTATION, "morgan")
    name = st.selectbox(
        "Representation",
        list(REPRESENTATIONS),
        format_func=lambda r: REPRESENTATIONS[r].label,
        help="How molecules become numbers. Set its parameters on the Representations page.",
        **state.bind(state.REPRESENTATION),
    )
    st.caption(REPRESENTATIONS[name].describe(current_params(name)))
    return name


def features(
    data: CurrentData, rep: str | None = None, params: dict | None = None
) -> FeatureMatrix:
    """Features of the current molecules, computed once per (data, representation, params)."""
    rep = rep or state.get(state.REPRESENTATION)
    params = current_params(rep) if params is None else params
    bar = st.empty()

    def progress(fraction: float) -> None:
        bar.progress(fraction, text=f"Computing {REPRESENTATIONS[rep].label}… {fraction:.0%}")

    try:
        return cached.features(
            data.molecules,
            data.molecules.content_hash,
            rep,
            tuple(sorted(params.items())),
            progress,
        )
    finally:
        bar.empty()


def current_inputs(data: CurrentData, minimum: int = 10) -> ModelInputs:
    """(X, y) for the current data, target and representation; ValueError if too few."""
    return model_inputs(features(data), data.y(), minimum=minimum)
