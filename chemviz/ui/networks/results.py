"""What the page shows after training: loss curves, parity, errors next to KRR, learned maps."""

from __future__ import annotations

import numpy as np
import streamlit as st

from chemviz.figures.networks import projection_figure
from chemviz.modeldata import ModelInputs
from chemviz.networks import KRR_MAX_TRAIN, comparison_table
from chemviz.networks.baseline import KRR_FOLDS
from chemviz.representations.space import PCAResult
from chemviz.ui import scrub
from chemviz.ui.inputs import CurrentInputs
from chemviz.ui.networks import cached
from chemviz.ui.networks.controls import SPLIT_SEED, Settings
from chemviz.ui.networks.replay import (
    epoch_sentences,
    epoch_slider,
    loss_payload,
    parity_payload,
    replay_of,
)
from chemviz.ui.networks.training import NetworkRun, rmse_label


def show_loss(run: NetworkRun, settings: Settings, unit: str, chart) -> None:
    """The final loss chart with the best epoch and the replay's marker, and what to notice."""
    r = run.result
    replay = run.once("replay", lambda: replay_of(run))
    with chart.container():
        epoch_slider(run, replay)
        payload = run.once("loss replay", lambda: loss_payload(run, replay, rmse_label(unit)))
        scrub.show_chart("nn_loss", payload)
    how = (
        "stopped early: the validation error had not improved for "
        f"{run.settings.patience} epochs, so the weights of epoch {r.best_epoch} were kept"
        if r.stopped_early
        else "stopped by you (or by a change of setting) — the network so far is kept"
        if r.stopped_by_user
        else "all epochs run"
    )
    st.caption(
        f"**{r.n_epochs} epochs** in {r.n_epochs * r.seconds_per_epoch:.1f} s "
        f"({r.seconds_per_epoch:.2g} s each), {how}. Lowest validation RMSE "
        f"{r.val_loss[r.best_epoch - 1]:.3g} {unit} at epoch {r.best_epoch} (★). The training "
        "error keeps falling; when the validation error flattens or rises while it does, the "
        "network has started to memorise its training molecules — that gap is overfitting."
    )
    if run.settings != settings:
        st.info("This run used other settings than those above: press **Train** to retrain.")


def show_results(run: NetworkRun, data: CurrentInputs, inputs: ModelInputs) -> None:
    """Parity plot, errors next to kernel ridge's, and the learned representation."""
    y, split = inputs.y, run.split

    def names() -> list[str]:
        return np.asarray(data.molecules.names, dtype=object)[inputs.rows].tolist()

    st.subheader("Predictions, next to kernel ridge on the same molecules")
    left, right = st.columns([3, 2])
    replay = run.once("replay", lambda: replay_of(run))
    with left:
        payload = run.once(
            "parity replay", lambda: parity_payload(run, replay, y, data.target, data.unit, names())
        )
        scrub.show_chart("nn_parity", payload)
        texts = run.once("epoch sentences", lambda: epoch_sentences(run, replay, y, data.unit))
        scrub.show_text("nn_parity_epoch", texts)
    left.caption(
        "Points on the dashed line are perfect predictions. Training points hug it more "
        "closely than validation and test points: the difference is what the network "
        "memorised rather than learned."
    )
    krr = cached.baseline(
        inputs.X, y, split, data.key,
        (SPLIT_SEED, len(split.train), len(split.val), len(split.test)), inputs.kind,
    )  # fmt: skip
    table = comparison_table(
        y, split, {"network": run.predictions, "kernel ridge": krr.predictions}
    )
    with right:
        # One column per model: two narrow columns fit beside the parity plot.
        shown = table.T
        st.dataframe(
            shown,
            key="nn_metrics",
            column_config={c: st.column_config.NumberColumn(format="%.3f") for c in shown},
        )
        sigma = f", σ = {krr.sigma:.3g} (median distance)" if krr.sigma else ""
        sample = (
            f" It was fitted on a random sample of {krr.n_fit:,} of the {krr.n_train:,} "
            f"training molecules: its n × n kernel grows as n²."
            if krr.n_fit < krr.n_train
            else ""
        )
        st.caption(
            f"Errors in {data.unit or 'target units'}. Kernel ridge: {krr.kernel} kernel{sigma}, "
            f"λ = {krr.lam:g} chosen by {KRR_FOLDS}-fold cross-validation on the training set "
            f"(at most {KRR_MAX_TRAIN:,} molecules).{sample} Only the test column is a fair "
            "estimate for new molecules: the network's epochs were chosen on the validation set."
        )
    _show_maps(run, data, inputs, names)


def _axis_labels(pca: PCAResult) -> tuple[str, str]:
    first, second = pca.explained_variance_ratio[:2]
    return f"PC 1 ({first:.0%} of variance)", f"PC 2 ({second:.0%} of variance)"


def _show_maps(run, data, inputs, names) -> None:
    st.subheader("What the network learned: a new representation of the molecules")
    left, right = st.columns(2)

    def input_figure():
        inp = cached.input_map(inputs.X, data.key, inputs.kind == "real")
        return projection_figure(
            inp.coords, inputs.y, names(),
            f"Input: {data.representation.label} ({inputs.X.shape[1]:,} features)",
            data.target_label, _axis_labels(inp),
        )  # fmt: skip

    try:
        left.plotly_chart(run.once("input map", input_figure), key="nn_map_input")
    except ValueError as exc:
        left.warning(str(exc))
    if run.hidden_map is None:
        right.warning(run.hidden_note)
    else:
        hidden = run.once(
            "hidden map",
            lambda: projection_figure(
                run.hidden_map.coords, inputs.y, names(),
                f"Last hidden layer ({run.settings.hidden[-1]} units)",
                data.target_label, _axis_labels(run.hidden_map),
            ),
        )  # fmt: skip
        right.plotly_chart(hidden, key="nn_map_hidden")
    st.caption(
        "Both maps are PCA projections of all molecules, coloured by the target. Left: the "
        "molecules as the network receives them. Right: the same molecules in the last hidden "
        "layer. The output is a linear function of that layer (ŷ = a_L W_L + b_L), so training "
        "bends the space until the colours run smoothly in one direction: a network is learned "
        "features followed by linear regression."
    )
