"""The page's controls and the panels that follow them directly (data, architecture, equations)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from chemviz.modeldata import ModelInputs
from chemviz.networks import ACTIVATIONS, SETTINGS, architecture, update_rule
from chemviz.splits import Split, split_train_val_test
from chemviz.ui import state, widgets
from chemviz.ui.inputs import CurrentInputs
from chemviz.ui.networks import cached

SPLIT_SEED = 0  # fixed: every setting is compared on the same molecules
# Above this many training molecules an epoch is slow enough to say so on the page.
LARGE_TRAINING_SET = 2000


@dataclass(frozen=True)
class Settings:
    """Everything the Train button passes to :func:`chemviz.networks.train_mlp`."""

    hidden: tuple[int, ...]
    activation: str
    alpha: float
    learning_rate: float
    batch_size: int  # 0 = full batch
    epochs: int
    patience: int  # 0 = off
    solver: str
    seed: int


def _batch_label(b: int) -> str:
    return SETTINGS["batch_size"].format(b)


# The settings' widgets, by registry name and state key, in two rows of five: short enough
# that Train and the diagram fit on a laptop's first screen.
ROWS = (
    (("layers", state.NN_LAYERS), ("width", state.NN_WIDTH), ("activation", state.NN_ACTIVATION),
     ("solver", state.NN_SOLVER), ("seed", state.NN_SEED)),
    (("alpha", state.NN_ALPHA), ("learning_rate", state.NN_LR), ("batch_size", state.NN_BATCH),
     ("epochs", state.NN_EPOCHS), ("patience", state.NN_PATIENCE)),
)  # fmt: skip


def controls() -> Settings:
    """The network's settings, in two rows: architecture (and seed), then training."""
    v = {}
    for row in ROWS:
        for (name, key), column in zip(row, st.columns(len(row)), strict=True):
            v[name] = widgets.param_input(SETTINGS[name], key, column)
    return Settings(
        hidden=(int(v["width"]),) * int(v["layers"]),
        activation=v["activation"],
        alpha=float(v["alpha"]),
        learning_rate=float(v["learning_rate"]),
        batch_size=int(v["batch_size"]),
        epochs=int(v["epochs"]),
        patience=int(v["patience"]),
        solver=v["solver"],
        seed=int(v["seed"]),
    )


def make_split(data: CurrentInputs, inputs: ModelInputs) -> Split:
    """Training/validation/test rows of ``inputs``; the published test set when there is one."""
    published = data.molecules.split
    return split_train_val_test(
        len(inputs),
        seed=SPLIT_SEED,
        published_split=None if published is None else published[inputs.rows],
    )


def data_key(data: CurrentInputs, inputs: ModelInputs) -> tuple:
    """What a stored run must share with the current page to be shown."""
    return (*data.key, len(inputs))


def data_caption(data: CurrentInputs, inputs: ModelInputs, split: Split) -> None:
    """How many molecules, what was left out, and how they were split."""
    how = (
        "the data set's published test set, validation drawn from its training rows"
        if data.molecules.split is not None
        else f"at random, 70/15/15, seed {SPLIT_SEED} (fixed, so every setting "
        "sees the same molecules)"
    )
    st.caption(
        f"**{len(inputs):,} molecules** with a target: **{len(split.train):,}** train the "
        f"weights, **{len(split.val):,}** validate (watched every epoch, used for early "
        f"stopping), **{len(split.test):,}** test (looked at once, at the end). Split {how}. "
        f"{inputs.excluded_message()}"
    )
    if len(split.train) > LARGE_TRAINING_SET:
        st.info(
            f"Each epoch passes over all {len(split.train):,} training molecules (FreeSolv: "
            f"448), so it takes about {len(split.train) / 448:.0f}× as long. Keep the epochs "
            "low and early stopping on; Stop ends training at any time and keeps the network."
        )


def architecture_row(inputs: ModelInputs, settings: Settings) -> None:
    """The network diagram beside the activation functions."""
    left, right = st.columns([3, 2])
    arch = architecture(inputs.X.shape[1], settings.hidden)
    left.plotly_chart(
        cached.architecture_fig(inputs.X.shape[1], settings.hidden, settings.activation),
        key="nn_architecture",
    )
    first = inputs.X.shape[1] * settings.hidden[0]
    left.caption(
        f"Each grey line is a weight. {first / arch.n_parameters:.0%} of the "
        f"{arch.n_parameters:,} parameters join the input to the first hidden layer — compare "
        f"with the {len(inputs):,} molecules: without regularisation the network can memorise."
    )
    with right:
        st.latex(ACTIVATIONS[settings.activation].latex)
        st.latex(r"a_l = g\left(a_{l-1} W_{l-1} + b_{l-1}\right)")
        st.latex(r"\hat y = a_L W_L + b_L")
        st.plotly_chart(cached.activation_fig(), key="nn_activations")
        st.caption(
            f"{ACTIVATIONS[settings.activation].description} Without a non-linear g, "
            "a stack of layers is one linear model."
        )


def effective_lambda(alpha: float, batch_size: int, n_train: int) -> tuple[int, int, float]:
    """(molecules per step, steps per epoch, λ of the whole-set loss) for scikit-learn's α.

    Each minibatch step of ``MLPRegressor`` minimises ½·mean_B (ỹ − ŷ)² +
    (α / 2|B|) Σ_l ‖W_l‖², i.e. (times 2|B|) Σ_{i∈B} (ỹᵢ − ŷᵢ)² + α Σ_l ‖W_l‖²:
    the workshop's loss with λ = α, but over the |B| molecules of the batch.
    Averaged over which molecules a batch holds, a step's loss is
    (1/2n)·[Σ_all (ỹᵢ − ŷᵢ)² + (n/|B|)·α Σ_l ‖W_l‖²]: the workshop's loss
    over all n training molecules with λ = α·n/|B| (14α for 448 molecules
    in batches of 32), which is α exactly only for full-batch training.
    ``batch_size`` 0 means the whole set.
    """
    batch = n_train if batch_size == 0 else min(batch_size, n_train)
    return batch, math.ceil(n_train / batch), alpha * n_train / batch


def training_equations(settings: Settings, n_train: int) -> None:
    """The loss the network really minimises and the update of the chosen optimiser."""
    st.latex(r"L(W) = \sum_i \left(y_i - \hat y_i\right)^2 + \lambda \sum_l \lVert W_l \rVert^2")
    batch_size, steps, lam = effective_lambda(settings.alpha, settings.batch_size, n_train)
    equations, explanation = update_rule(settings.solver, settings.learning_rate)
    for latex in equations:
        st.latex(latex)
    st.markdown(explanation)
    if settings.alpha == 0:
        penalty = "With **α = 0** nothing is penalised: λ = 0."
    else:
        penalty = (
            f"Each step minimises L_B = Σ over its {batch_size:,} molecules of (ỹᵢ − ŷᵢ)² + "
            f"α Σ‖W_l‖², with **α = {settings.alpha:g}**: the penalty is counted once per "
            f"step, and an epoch takes {steps:,} steps over the {n_train:,} training "
            f"molecules. In effect that is the loss above with **λ = α·n/|B| = "
            f"{settings.alpha:g} × {n_train:,}/{batch_size:,} = {lam:.3g}**"
            + (" (full batch: λ = α)." if steps == 1 else " (λ = α only for full batch).")
        )
    st.markdown(
        f"{penalty} ỹ is the target standardised to mean 0 and SD 1 (predictions are "
        "mapped back to its units for the charts), so λ weighs the weights against errors "
        "measured in standard deviations of y."
    )
    batch = _batch_label(settings.batch_size)
    st.markdown(
        f"Each step uses a **batch of {batch}** molecules: batch 1 is stochastic gradient "
        "descent (noisy, hard to get stuck), the whole training set is full-batch gradient "
        "descent (smooth, deterministic). Backpropagation computes ∂L/∂W by the chain rule, "
        "layer by layer."
    )
    st.caption(
        "The workshop's network also used 10 % dropout; scikit-learn's networks have none, "
        "so here the regularisers are the ℓ2 penalty (α, λ above) and early stopping."
    )
