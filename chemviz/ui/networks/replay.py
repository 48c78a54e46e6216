"""Replaying a finished run: an epoch slider that moves the loss chart and the parity plot.

While a network trains, the page streams its losses. Once it has finished,
the snapshots it took (:class:`chemviz.networks.Snapshots`: the predictions
of every molecule at a few dozen epochs) let a class drag back through the
training and watch the clouds of the parity plot tighten, then the
validation cloud spread again as the network starts to memorise: in the
browser, with no server (:mod:`chemviz.ui.scrub`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chemviz.figures.common import parity_frames
from chemviz.figures.frames import layout_payload
from chemviz.figures.networks import (
    epoch_marker_layout,
    loss_figure,
    split_parity_figure,
    split_parity_parts,
)
from chemviz.models import regression_metrics
from chemviz.ui import scrub, state

# Predictions kept per run for the replay (4 bytes each: 0.8 MB), shared out as snapshots:
# 50 for FreeSolv's 642 molecules, 20 for AqSolDB's 9,980.
SNAPSHOT_BUDGET = 200_000
SNAPSHOTS = (10, 50)  # at least, at most


def snapshot_count(n_molecules: int) -> int:
    """How many epochs to snapshot for a data set of ``n_molecules`` (see SNAPSHOT_BUDGET)."""
    low, high = SNAPSHOTS
    return int(np.clip(SNAPSHOT_BUDGET // max(n_molecules, 1), low, high))


@dataclass(frozen=True)
class Replay:
    """A finished run, epoch by epoch.

    Attributes
    ----------
    epochs : list of int, length k
        The epochs that can be shown, increasing (the snapshots and the kept one).
    predictions : list of ndarray, each of shape (n_molecules,)
        Every molecule's prediction at each of those epochs (target units).
    kept : int
        Position in ``epochs`` of the network the page keeps (the best epoch
        under early stopping, else the last).
    """

    epochs: list[int]
    predictions: list[np.ndarray]
    kept: int


def replay_of(run) -> Replay:
    """The run's snapshots put back together per molecule, with the kept network added.

    Every run the page trains takes snapshots (:func:`snapshot_count`, at least 10).
    """
    snaps, split, r = run.result.snapshots, run.split, run.result
    by_epoch = {}
    for k, epoch in enumerate(snaps.epochs):
        every = np.empty(len(run.predictions))
        every[split.train], every[split.val] = snaps.train[k], snaps.val[k]
        every[split.test] = snaps.test[k]
        by_epoch[int(epoch)] = every
    kept = r.best_epoch if run.settings.patience else r.n_epochs
    by_epoch[kept] = run.predictions  # the network on the page, exactly
    epochs = sorted(by_epoch)
    return Replay(epochs, [by_epoch[e] for e in epochs], epochs.index(kept))


def forget_epoch() -> None:
    """A new training starts: its replay opens on the network it keeps, not an old epoch."""
    state.put(state.NN_EPOCH, 0)


def epoch_slider(run, replay: Replay) -> int:
    """The replay slider; returns the position shown (the kept network unless moved)."""
    r = run.result
    labels = [f"{e} ★ kept" if i == replay.kept else str(e) for i, e in enumerate(replay.epochs)]
    return scrub.slider(
        state.NN_EPOCH,
        f"Replay the training: the network after epoch … (of {r.n_epochs})",
        replay.epochs,
        labels,
        fallback=replay.kept,
        help="Drag to watch the parity plot below as the network learned; ★ marks the "
        "network the page keeps.",
    )


def loss_payload(run, replay: Replay, y_label: str) -> dict:
    """The final loss chart, with a frame per replayed epoch (only the marker moves)."""
    r = run.result
    fig = loss_figure(r.train_loss, r.val_loss, r.best_epoch, y_label, run.settings.epochs)
    return layout_payload(fig, state.NN_EPOCH, epoch_marker_layout, replay.epochs)


def parity_payload(run, replay: Replay, y, target: str, unit: str, names) -> dict:
    """The parity plot of the three sets at each replayed epoch.

    plotly draws the kept network's plot; every other epoch moves only the
    predictions, so its frame is made from plain data (:func:`parity_frames`).
    """
    kept = replay.predictions[replay.kept]
    base = split_parity_figure(y, kept, run.split, target, unit, names)
    clouds = (split_parity_parts(y, p, run.split) for p in replay.predictions)
    return parity_frames(base, state.NN_EPOCH, clouds, unit)


def epoch_sentences(run, replay: Replay, y, unit: str) -> dict:
    """A caption per replayed epoch: the three errors of the network at that epoch."""
    split = run.split
    texts = []
    for epoch, p in zip(replay.epochs, replay.predictions, strict=True):
        errors = ", ".join(
            f"{name} {regression_metrics(y[rows], p[rows])['rmse']:.3g}"
            for name, rows in (("training", split.train), ("validation", split.val),
                               ("test", split.test)) if len(rows)
        )  # fmt: skip
        texts.append(f"After epoch {epoch}: RMSE {errors} {unit}.")
    return {"text": texts[replay.kept], "texts": {state.NN_EPOCH: texts}}
