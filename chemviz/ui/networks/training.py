"""Training with a live chart and a Stop button, and the run kept in the session."""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from chemviz.figures.live import live_loss_spec
from chemviz.modeldata import ModelInputs
from chemviz.networks import TrainResult, hidden_representation, train_mlp
from chemviz.representations.space import PCAResult, pca_map
from chemviz.splits import Split
from chemviz.ui import cached, state
from chemviz.ui.cache import heavy
from chemviz.ui.networks.controls import Settings
from chemviz.ui.networks.replay import snapshot_count

# Redraw the live chart at most this often: plotly JSON for a few hundred points
# costs ~10 ms, and a browser cannot show more than a few frames a second anyway.
REDRAW_SECONDS = 0.2
# How long a new script run waits for a stopped one to hand over its network.
FINISH_TIMEOUT = 60.0


@dataclass(frozen=True)
class NetworkRun:
    """One training run kept in the session (``state.NN_RESULT``), with what is drawn from it.

    ``data_key`` identifies the molecules, target and representation it was
    trained on: the run is shown only while they are still the current ones.
    ``token`` names the run in the shared figure cache, where its figures and
    table are kept (:meth:`once`): they change only with the run, and building
    a plotly figure costs more than the rest of a rerun.
    """

    data_key: tuple
    settings: Settings
    split: Split
    result: TrainResult
    predictions: np.ndarray
    hidden_map: PCAResult | None
    hidden_note: str
    token: str = field(default_factory=lambda: uuid.uuid4().hex, compare=False, repr=False)

    def once(self, name: str, build: Callable[[], Any]) -> Any:
        """``build()`` the first time ``name`` is asked for, the cached object afterwards.

        Kept in the figures' share of the shared cache, like every figure of
        the app, so thirty sessions' runs stay within its budget (a dropped
        figure is built again from the run).
        """
        return cached.figure(("network run", self.token, name), build)


class RunBox:
    """The session's training slot (``state.NN_RESULT``), shared by overlapping script runs.

    With Streamlit's fast reruns, a click during training stops the running
    script and starts a new run at once, in another thread, while the old one
    finishes its epoch. The old run can no longer touch ``st.session_state``
    (every access raises its stop request again), so both runs hold this
    plain object: the old one puts its network in ``run`` and sets
    ``finished``; the new one waits for ``finished`` before showing ``run``.
    """

    def __init__(self) -> None:
        self.run: NetworkRun | None = None
        self.finished = threading.Event()
        self.finished.set()


def _box() -> RunBox:
    box = state.get(state.NN_RESULT)
    if box is None:
        box = RunBox()
        state.put(state.NN_RESULT, box)
    return box


def stored_run(key: tuple) -> NetworkRun | None:
    """The session's last run, if it was trained on the current data."""
    box = _box()
    if not box.finished.is_set():  # a stopped run is still finishing its epoch
        with st.spinner("Finishing the epoch in progress…"):
            box.finished.wait(timeout=FINISH_TIMEOUT)
    run = box.run
    return run if run is not None and run.data_key == key else None


def link_asks_for_a_run(run: NetworkRun | None, settings: Settings) -> bool:
    """Whether a shared link showed a trained network this new session lacks (train it now).

    Training is deterministic given the seed, so retraining from the link's
    settings reproduces the teacher's network, losses and charts. Only a
    session that has trained nothing yet follows the link (later, a changed
    setting is the student's, not the link's), and the flag is cleared
    first: a training that fails is not attempted again on every rerun.
    """
    fresh = _box().run is None
    wanted = fresh and bool(state.get(state.NN_RUN)) and (run is None or run.settings != settings)
    if wanted:
        state.put(state.NN_RUN, False)
    return wanted


def remember_in_link(run: NetworkRun | None, settings: Settings) -> None:
    """Say in the link whether the network on screen is these settings' whole training.

    A network stopped by hand, or trained with settings changed since, cannot
    be reproduced from the link's settings, so the link does not ask for it.
    """
    shown = run is not None and run.settings == settings and not run.result.stopped_by_user
    state.put(state.NN_RUN, shown)


def train_live(
    inputs: ModelInputs, split: Split, settings: Settings, key: tuple, unit: str, slots
) -> NetworkRun:
    """Train with a live loss chart, a progress bar and a Stop button; keep the run.

    ``slots`` are three ``st.empty`` placeholders: (chart, Stop button, progress bar).

    Notes
    -----
    Streamlit runs a page as one script: a click on Stop (or on any widget)
    while the network trains interrupts it by raising a control exception
    (``StopException`` with fast reruns, else ``RerunException``) at the
    script's next ``st`` call — here, the next chart redraw in ``on_epoch``.
    We catch it there, let ``train_mlp`` stop after this epoch
    (``should_stop``), hand the network trained so far to the session's
    :class:`RunBox`, and re-raise the exception, so the click is still
    handled and the next run shows the stopped network instead of losing it.
    """
    chart, stop, bar = slots
    box = _box()
    stop.button("Stop", key="nn_stop", icon=":material/stop_circle:")
    bar.progress(0.0, text="Preparing the first epoch…")
    history: tuple[list[float], list[float]] = ([], [])
    interrupted: list[ScriptControlException] = []
    last_draw = [-math.inf]

    def on_epoch(epoch: int, train_rmse: float, val_rmse: float) -> None:
        history[0].append(train_rmse)
        history[1].append(val_rmse)
        now = time.perf_counter()
        if interrupted or (now - last_draw[0] < REDRAW_SECONDS and epoch < settings.epochs):
            return
        last_draw[0] = now
        spec = live_loss_spec(history[0], history[1], settings.epochs, rmse_label(unit))
        try:
            chart.vega_lite_chart(spec, key=f"nn_live_{epoch}")
            bar.progress(
                epoch / settings.epochs,
                text=f"Epoch {epoch} of {settings.epochs} · training RMSE {train_rmse:.3g} · "
                f"validation RMSE {val_rmse:.3g} {unit}",
            )
        except ScriptControlException as exc:
            interrupted.append(exc)

    box.finished.clear()
    try:
        # One heavy computation at a time on the server (chemviz.ui.cache): the
        # others' warm reruns keep the second core.
        with heavy():
            result = train_mlp(
                inputs.X[split.train],
                inputs.y[split.train],
                inputs.X[split.val],
                inputs.y[split.val],
                hidden=settings.hidden,
                activation=settings.activation,
                alpha=settings.alpha,
                learning_rate=settings.learning_rate,
                # 0 means the whole training set: full-batch gradient descent.
                batch_size=settings.batch_size or len(split.train),
                epochs=settings.epochs,
                early_stopping_patience=settings.patience or None,
                seed=settings.seed,
                solver=settings.solver,
                on_epoch=on_epoch,
                should_stop=lambda: bool(interrupted),
                X_test=inputs.X[split.test],  # snapshots to replay the run (replay.py)
                snapshots=snapshot_count(len(inputs.y)),
            )
        box.run = _evaluate(result, inputs, split, settings, key)
    finally:
        box.finished.set()
    if interrupted:
        raise interrupted[0]
    return box.run


def _evaluate(result, inputs, split, settings, key) -> NetworkRun:
    """Predictions for every molecule and the PCA map of the last hidden layer."""
    hidden = hidden_representation(result.model, inputs.X, len(settings.hidden))
    try:
        hidden_map, note = pca_map(hidden), ""
    except ValueError:
        hidden_map = None
        note = (
            "Every unit of the last hidden layer gives the same output for all molecules "
            "(with ReLU: the units are 'dead', stuck at zero), so there is nothing to map. "
            "Try a smaller learning rate or another seed."
        )
    return NetworkRun(
        key, settings, split, result, result.model.predict(inputs.X), hidden_map, note
    )


def rmse_label(unit: str) -> str:
    return f"RMSE ({unit})" if unit else "RMSE"
