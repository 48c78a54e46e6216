"""Controls and data of the Kernels page: the kernel choice, the split, the fitted model.

The page script (``app_pages/kernels.py``) is a list of sections; their
drawing lives in :mod:`chemviz.ui.kernels.sections`. This module holds what
they share: the settings grids, :func:`load` (molecules, split, cached
setup) and :func:`kernel_controls` (the kernel and its parameters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from chemviz.kernels import KERNELS
from chemviz.modeldata import ModelInputs
from chemviz.models import KRRSetup
from chemviz.ui import scrub, state, widgets
from chemviz.ui.inputs import CurrentInputs, model_inputs
from chemviz.ui.kernels import cached

# Kernel ridge regression costs n³ per fold and σ, and each kernel matrix n²
# floats: above this many molecules the page works on a reproducible sample.
KRR_CAP = 1000
# The heatmap's kernel matrix is N² float64 numbers, cached and sent to the browser:
# 8 MB at N = 1,000, which a 690 MB app instance can hold a few of. Above this the
# heatmap shows a reproducible sample. (Per-cell hover labels stop earlier, at
# figures.kernels.MAX_OVERLAY = 150 molecules.)
HEATMAP_CAP = 1000
HEATMAP_SIZES = state.KER_HEATMAP_SIZES
# λ on a log grid (exact decimals, so URL values match); 0 only for the single
# fit, where it shows what happens without regularisation.
LAMBDAS = state.KER_LAMBDAS
GRID_LAMBDAS = LAMBDAS[1:]
# σ = σ_med · 2^(k/2): the width's slider stops, from the kernel registry.
SIGMA_STEPS = next(p.stops for p in KERNELS["gaussian"].params if p.median_steps)
TEST_FRACTIONS = state.KER_TEST_FRACTIONS
FOLDS = state.FOLDS
MIN_MOLECULES = 5
# Gaussian, for fingerprints too: it has a width σ to drag, and on every bundled data set
# the best (σ, λ) of its CV grid lies inside the grid (tests/core/test_kernel_defaults.py);
# with Tanimoto the best λ sat on the grid's edge. Tanimoto is one click away.
DEFAULT_KERNEL = "gaussian"


def lambda_label(lam: float) -> str:
    return "0 (none)" if lam == 0 else f"{lam:g}"


@dataclass(frozen=True, eq=False)
class Model:
    """Everything the sections need about the molecules being modelled."""

    data: CurrentInputs
    inputs: ModelInputs
    setup: KRRSetup
    data_key: tuple
    split_key: tuple

    def names(self, rows) -> list[str]:
        """Names of the molecules at these rows of the inputs."""
        names = self.data.molecules.names
        return [names[i] for i in self.inputs.rows[np.asarray(rows, dtype=int)]]

    def smiles(self, rows) -> list[str]:
        smiles = self.data.molecules.smiles
        return [smiles[i] for i in self.inputs.rows[np.asarray(rows, dtype=int)]]


def load(data: CurrentInputs) -> Model:
    """Inputs, split and prepared features; raises ValueError with a readable message."""
    inputs = model_inputs(data, minimum=MIN_MOLECULES)
    published = data.molecules.split
    if published is not None:
        published = published[inputs.rows]
    test_fraction = state.get(state.KER_TEST)
    if test_fraction not in TEST_FRACTIONS:
        test_fraction = state.KEYS[state.KER_TEST].default
    split_key = (KRR_CAP, int(state.get(state.KER_SEED)), test_fraction, published is not None)
    setup = cached.setup(inputs, published, data.key, split_key)
    return Model(data, inputs, setup, data.key, split_key)


def data_caption(model: Model) -> None:
    """What the page models, what it left out and why (missing values, the cap, scaling)."""
    inputs, setup = model.inputs, model.setup
    parts = [f"**{len(inputs):,} molecules** with features and a target value."]
    if inputs.excluded_message():
        parts.append(inputs.excluded_message())
    if setup.n_sampled < len(inputs):
        parts.append(
            f"Kernel ridge regression works on a reproducible sample of **{setup.n_sampled:,}** "
            f"of them (seed {model.split_key[1]}): its cost grows as n³ and each kernel matrix "
            "as n², too much for a shared server."
        )
    split = (
        "the data set's **published** train/test split"
        if setup.published
        else f"a random {model.split_key[2]:.0%} test set"
    )
    parts.append(
        f"Split: {len(setup.train):,} training and {len(setup.test):,} test molecules, {split}."
    )
    if setup.standardized:
        parts.append(
            "The features are real numbers in different units, so each is **standardised** "
            "(mean 0, SD 1) with the training molecules' mean and SD before any kernel sees it."
        )
    st.caption(" ".join(parts))


@dataclass(frozen=True)
class KernelChoice:
    """The kernel and its parameter values as the sliders set them."""

    kind: str
    params: dict[str, Any]
    sigma_med: float | None = None

    @property
    def key(self) -> tuple:
        return tuple(sorted(self.params.items()))

    @property
    def label(self) -> str:
        name = KERNELS[self.kind].label.split(" (")[0]
        values = ", ".join(f"{_symbol(p)} = {v:.3g}" for p, v in self.params.items())
        return f"{name}, {values}" if values else name

    @property
    def on_sigma_grid(self) -> bool:
        return self.sigma_med is not None

    def sigma_grid(self) -> list[float]:
        return [sigma_value(self.sigma_med, k) for k in SIGMA_STEPS]


def _symbol(param: str) -> str:
    return {"sigma": "σ", "degree": "d"}.get(param, param)


def sigma_value(sigma_med: float, step: int) -> float:
    return float(sigma_med * 2.0 ** (step / 2))


def kernel_controls(model: Model) -> KernelChoice:
    """Kernel select box and its parameter sliders (σ snaps to the CV grid).

    Only kernels that apply to the current features are offered: Tanimoto
    needs fingerprints. The page opens on :data:`DEFAULT_KERNEL`; a choice that
    no longer applies (Tanimoto kept from a fingerprint, then descriptors
    picked) falls back to it with a note.
    """
    fingerprint = model.inputs.kind in ("binary", "count")
    usable = [k for k, spec in KERNELS.items() if fingerprint or spec.requires == "any"]
    current = state.get(state.KER_KERNEL)
    if current not in usable:
        fallback = DEFAULT_KERNEL
        if current is not None:
            st.caption(
                f"The {KERNELS[current].label} kernel does not apply to "
                f"{model.data.representation.label}; showing the "
                f"{KERNELS[fallback].label} kernel instead."
            )
        state.put(state.KER_KERNEL, fallback)
    left, right = st.columns([1, 2])
    kind = left.selectbox(
        "Kernel",
        usable,
        format_func=lambda k: KERNELS[k].label,
        help="How similarity between two molecules is measured.",
        **state.bind(state.KER_KERNEL),
    )
    return _parameter_sliders(model, kind, right)


def _parameter_sliders(model: Model, kind: str, where) -> KernelChoice:
    """One slider per parameter of the kernel, its stops from the registry.

    A width (``median_steps``) moves in steps of √2 around the median distance
    between training molecules, on the grid the CV search uses.
    """
    params = KERNELS[kind].params
    if not params:
        where.caption(f"The {KERNELS[kind].label} kernel has no parameter to tune.")
        return KernelChoice(kind, {})
    values, sigma_med = {}, None
    for p, column in zip(params, where.columns(len(params)), strict=True):
        key = state.ker_param_key(p.name)
        if p.median_steps:
            sigma_med = cached.median_sigma(model.setup, model.data_key, model.split_key, kind)
            # A scrub slider: the KRR section is drawn at every σ of the grid in
            # advance; the heatmap above follows when the slider is let go.
            position = scrub.slider(
                key,
                "σ, the kernel width (log scale; the grid of the CV search)",
                SIGMA_STEPS,
                [f"{sigma_value(sigma_med, k):.3g}" for k in SIGMA_STEPS],
                where=column,
                help=f"The middle value is the median distance between training molecules "
                f"(σ_med = {sigma_med:.3g}); each step multiplies σ by √2.",
            )
            values[p.name] = sigma_value(sigma_med, SIGMA_STEPS[position])
        else:
            values[p.name] = widgets.param_input(p, key, column)
    return KernelChoice(kind, values, sigma_med)


def krr_controls(model: Model) -> tuple[float, int]:
    """Split, λ and folds controls; returns (λ, folds)."""
    c1, c2, c3, c4 = st.columns([3, 1, 2, 1])
    # A scrub slider: the model is fitted at every λ in advance (chemviz.ui.scrub).
    step = scrub.slider(
        state.KER_LAMBDA,
        "λ, regularisation (log scale)",
        LAMBDAS,
        [lambda_label(v) for v in LAMBDAS],
        where=c1,
        help="The weight of the penalty λ‖w‖²: larger λ, smoother model. 0 means none.",
    )
    lam = LAMBDAS[step]
    folds = c2.selectbox("CV folds", FOLDS, **state.bind(state.KER_FOLDS, FOLDS))
    c3.select_slider(
        "Test fraction",
        TEST_FRACTIONS,
        format_func=lambda f: f"{f:.0%}",
        disabled=model.setup.published,
        help="Ignored when the data set publishes its own split.",
        **state.bind(state.KER_TEST, TEST_FRACTIONS),
    )
    c4.number_input(
        "Seed", min_value=0, max_value=9999, step=1, help="Sample, split and folds.",
        **state.bind(state.KER_SEED),
    )  # fmt: skip
    return lam, folds


@dataclass(frozen=True)
class Fitted:
    """The current model: training kernels and the fit (None when the fit failed)."""

    choice: KernelChoice
    lam: float
    K: np.ndarray
    K_test: np.ndarray
    fit: cached.Fit | None


def fitted(model: Model, choice: KernelChoice, lam: float) -> Fitted:
    """Training kernels for the current setting, and the one KRR fit at λ (ValueError shown)."""
    K, K_test = cached.train_kernels(
        model.setup, model.data_key, model.split_key, choice.kind, choice.key
    )
    y_train = model.inputs.y[model.setup.train]
    try:
        fit = cached.fit(
            K, K_test, y_train, model.data_key, model.split_key, choice.kind, choice.key, lam
        )
    except ValueError as exc:
        widgets.show_error(exc)
        fit = None
    return Fitted(choice, lam, K, K_test, fit)


def cv_grid_key(choice: KernelChoice) -> tuple:
    """The rows of the CV grid: every σ of the grid (Gaussian, Laplacian) or the one setting."""
    if choice.on_sigma_grid:
        return tuple((("sigma", s),) for s in choice.sigma_grid())
    return (choice.key,)


def cv_result(model: Model, choice: KernelChoice, folds: int):
    """The cached CV grid of the current kernel on the training molecules."""
    return cached.cv_grid(
        model.setup,
        model.inputs.y,
        model.data_key,
        model.split_key,
        choice.kind,
        cv_grid_key(choice),
        GRID_LAMBDAS,
        folds,
    )
