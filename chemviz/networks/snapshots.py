"""Snapshots of a training run: every molecule's prediction at a few epochs, to replay it.

A finished run's loss curves say *when* the network started to memorise;
snapshots show *what* it did to each molecule meanwhile. The Neural
networks page replays them with an epoch slider (``chemviz.ui.networks.replay``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from chemviz.networks.checks import FEATURE_DTYPE, check_features


@dataclass(frozen=True)
class Snapshots:
    """Predictions during training, at a few epochs: a run that can be replayed.

    Attributes
    ----------
    epochs : ndarray of int, shape (k,)
        The 1-based epochs recorded, increasing: every ``step``-th epoch,
        the first and the last.
    train, val, test : ndarray of float32, shape (k, n_train), (k, n_val), (k, n_test)
        Predictions (target units) for each set after each of those epochs;
        ``test`` has zero columns when no test set was given.
    """

    epochs: np.ndarray
    train: np.ndarray
    val: np.ndarray
    test: np.ndarray


class Recorder:
    """Takes the :class:`Snapshots` of a run: every ``step``-th epoch, the first and the last."""

    def __init__(self, model, X_train_s, X_val_s, X_test, epochs: int, snapshots: int):
        self.model, self.X_train_s, self.X_val_s = model, X_train_s, X_val_s
        self.X_test_s = None
        if X_test is not None and snapshots:
            X_test = check_features(X_test, "test")
            self.X_test_s = model.x_scaler.transform(X_test).astype(FEATURE_DTYPE)
        self.step = math.ceil(epochs / snapshots) if snapshots else 0
        self.taken: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []

    def maybe(self, epoch: int, last: bool = False) -> None:
        if not self.step or (self.taken and self.taken[-1][0] == epoch):
            return
        if not (last or epoch == 1 or epoch % self.step == 0):
            return
        predict = self.model._predict_scaled
        test = predict(self.X_test_s) if self.X_test_s is not None else np.empty(0)
        parts = (predict(self.X_train_s), predict(self.X_val_s), test)
        self.taken.append((epoch, *(p.astype(np.float32) for p in parts)))

    def result(self) -> Snapshots | None:
        if not self.taken:
            return None
        epochs, train, val, test = zip(*self.taken, strict=True)
        return Snapshots(np.array(epochs), np.stack(train), np.stack(val), np.stack(test))
