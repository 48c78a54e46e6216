"""Training a network epoch by epoch, with its loss history, early stopping and a Stop hook."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from chemviz.networks.checks import (
    FEATURE_DTYPE,
    check_features,
    check_settings,
    check_shapes,
    check_target,
)
from chemviz.networks.registry import SOLVERS, architecture
from chemviz.networks.snapshots import Recorder, Snapshots


@dataclass(frozen=True)
class MLPModel:
    """A trained network with the standardisations it was trained behind.

    Attributes
    ----------
    network : sklearn.neural_network.MLPRegressor
        The fitted network; it sees standardised inputs and target.
    x_scaler : sklearn.preprocessing.StandardScaler
        Feature means (and, unless the features are bits, standard deviations)
        of the training set.
    y_scaler : sklearn.preprocessing.StandardScaler
        Target mean and standard deviation of the training set.
    """

    network: MLPRegressor
    x_scaler: StandardScaler
    y_scaler: StandardScaler

    @property
    def activation(self) -> str:
        """Key of the hidden layers' activation in :data:`ACTIVATIONS`."""
        return self.network.activation

    @property
    def hidden(self) -> tuple[int, ...]:
        """Width of each hidden layer."""
        return tuple(self.network.hidden_layer_sizes)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predict the property, shape (n,), in the target's units, from raw features (n, d)."""
        return self._predict_scaled(self.x_scaler.transform(check_features(X, "X")))

    def _predict_scaled(self, X_scaled: np.ndarray) -> np.ndarray:
        y_scaled = self.network.predict(X_scaled).astype(float)
        return self.y_scaler.inverse_transform(y_scaled.reshape(-1, 1)).ravel()


@dataclass(frozen=True)
class TrainResult:
    """The history and outcome of one training run.

    Attributes
    ----------
    train_loss, val_loss : ndarray of shape (n_epochs,)
        RMSE on the training and validation sets after each epoch, in the
        target's units (e.g. kcal/mol). Entry ``k`` belongs to epoch ``k + 1``.
    objective : ndarray of shape (n_epochs,)
        What the optimiser minimised, as scikit-learn reports it (``loss_``):
        half the mean squared error on the *standardised* target plus the ℓ2
        term, averaged over the epoch's minibatches while the weights moved.
        Not an RMSE; shown for the curious.
    best_epoch : int
        1-based epoch with the lowest validation RMSE (the first, on ties).
    stopped_early : bool
        Whether early stopping ended training before ``epochs``.
    stopped_by_user : bool
        Whether ``should_stop`` ended training.
    model : MLPModel
        The trained network. With early stopping on, it holds the weights of
        ``best_epoch``; otherwise those of the last epoch.
    n_parameters : int
        Weights and biases in the network.
    seconds_per_epoch : float
        Mean wall time of one epoch, including the per-epoch predictions.
    """

    train_loss: np.ndarray
    val_loss: np.ndarray
    objective: np.ndarray
    best_epoch: int
    stopped_early: bool
    stopped_by_user: bool
    model: MLPModel
    n_parameters: int
    seconds_per_epoch: float

    snapshots: Snapshots | None = None

    @property
    def n_epochs(self) -> int:
        """Epochs actually run."""
        return len(self.train_loss)


def train_mlp(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    hidden: Sequence[int] = (64, 64),
    activation: str = "relu",
    alpha: float = 1e-4,
    learning_rate: float = 1e-3,
    batch_size: int = 32,
    epochs: int = 200,
    early_stopping_patience: int | None = None,
    seed: int = 0,
    on_epoch: Callable[[int, float, float], None] | None = None,
    *,
    solver: str = "adam",
    scale_inputs: bool | None = None,
    should_stop: Callable[[], bool] | None = None,
    X_test: np.ndarray | None = None,
    snapshots: int = 0,
) -> TrainResult:
    """Train a multilayer perceptron epoch by epoch, recording its errors.

    Parameters
    ----------
    X_train, X_val : ndarray of shape (n_train, d) and (n_val, d)
        Features of the training and validation molecules (e.g. fingerprints).
    y_train, y_val : ndarray of shape (n_train,) and (n_val,)
        The property, in its units. Molecules without a value must be removed
        first (NaN raises ``ValueError``).
    hidden : sequence of int
        Width of each hidden layer, e.g. ``(64, 64)``.
    activation : str
        A key of :data:`ACTIVATIONS`.
    alpha : float
        ℓ2 penalty strength λ (≥ 0).
    learning_rate : float
        Step size η (> 0).
    batch_size : int
        Molecules per gradient step: 1 is stochastic gradient descent, and any
        size ≥ n_train is full-batch gradient descent.
    epochs : int
        Maximum number of passes over the training set.
    early_stopping_patience : int, optional
        Stop once the validation RMSE has not improved for this many epochs,
        and keep the weights of the best epoch. ``None`` trains all epochs.
    seed : int
        Seeds the initial weights and the order of molecules in every epoch.
    on_epoch : callable, optional
        ``on_epoch(epoch, train_rmse, val_rmse)`` after every epoch (1-based),
        with the same numbers as the result, so a page can stream the chart.
    solver : str, keyword-only
        A key of :data:`SOLVERS`: ``"adam"`` or ``"sgd"``.
    scale_inputs : bool, optional, keyword-only
        Divide each centred feature by its standard deviation. ``None`` (the
        default) does so unless every feature is a 0/1 bit (see Notes).
    should_stop : callable, optional, keyword-only
        Asked after every epoch; returning True ends training (a Stop button).
        At least one epoch always runs.
    X_test : ndarray of shape (n_test, d), optional, keyword-only
        Molecules never used in training, predicted in the snapshots too.
    snapshots : int, keyword-only
        Record the predictions of every set at about this many epochs
        (:class:`Snapshots`), to replay the run; 0 records none. Memory:
        4 bytes per molecule and snapshot.

    Returns
    -------
    TrainResult

    Raises
    ------
    ValueError
        For NaN or infinite values, mismatched shapes, or out-of-range settings,
        and if the weights blow up (the message suggests a smaller η).

    Notes
    -----
    *Engine.* Each epoch is one call of ``MLPRegressor.partial_fit``, which in
    scikit-learn 1.9 makes exactly one pass over the data: it shuffles the
    rows, cuts them into minibatches of ``batch_size`` and takes one optimiser
    step per minibatch, keeping Adam's running averages between calls. Its
    ``random_state`` is a ``numpy.random.RandomState`` built from ``seed``,
    not the integer itself: scikit-learn re-seeds from an integer on every
    call, which would replay the same molecule order every epoch, whereas one
    generator object moves on, giving a fresh order per epoch that is still
    reproducible. (``warm_start=True, max_iter=1`` would instead restart Adam's
    averages every epoch and warn about convergence each time.)

    *Scaling.* Inputs are centred on the training set's means and divided by
    its standard deviations, and so is the target, so that one learning rate
    suits every dataset; predictions are mapped back to the target's units.
    Fingerprints are only centred: their bits already share one scale, and
    dividing by a rare bit's small standard deviation would blow it up (a bit
    set in 1 of 448 molecules has s.d. 0.047, so it would become ±21). On
    FreeSolv with Morgan bits, dividing raised the test RMSE of a (64, 64)
    network from about 1.5 to 2.2 kcal/mol.
    The network works in single precision (:data:`FEATURE_DTYPE`) and holds
    one standardised copy of ``X_train`` and ``X_val`` while it trains
    (4 bytes per entry: 7,000 × 2,048 fingerprint bits take 57 MB).

    *Loss.* scikit-learn minimises, per minibatch B, ½·mean_B (y − ŷ)² +
    (α / 2|B|) Σ_l ‖W_l‖² on the standardised target — the workshop's loss up to
    constant factors. Every epoch we then predict both sets and report RMSE =
    √(mean (y − ŷ)²) in the target's units, comparable across epochs and with
    other models.

    *Regularisation.* The workshop's demo also uses 10 % dropout;
    scikit-learn's networks have no dropout, so the regularisers here are the
    ℓ2 penalty α and early stopping. Early stopping copies the weights each
    time the validation RMSE reaches a new minimum and restores that copy at
    the end, so after stopping the model is the one from ``best_epoch`` and
    ``len(val_loss) == best_epoch + early_stopping_patience``.
    """
    hidden = check_settings(
        hidden, activation, alpha, learning_rate, batch_size, epochs, early_stopping_patience
    )
    if solver not in SOLVERS:
        raise ValueError(f"Unknown solver '{solver}'; choose one of: {', '.join(SOLVERS)}")
    X_train, y_train = check_features(X_train, "training"), check_target(y_train, "training")
    X_val, y_val = check_features(X_val, "validation"), check_target(y_val, "validation")
    check_shapes(X_train, y_train, X_val, y_val)

    start = time.perf_counter()
    x_scaler, y_scaler = _scalers(X_train, y_train, scale_inputs)
    X_train_s, X_val_s = x_scaler.transform(X_train), x_scaler.transform(X_val)
    y_train_s = y_scaler.transform(y_train.reshape(-1, 1)).ravel().astype(FEATURE_DTYPE)
    batch = min(batch_size, len(y_train))  # larger than the set: the whole set, full-batch GD
    network = _network(hidden, activation, solver, alpha, learning_rate, batch, seed)
    model = MLPModel(network, x_scaler, y_scaler)

    train_loss: list[float] = []
    val_loss: list[float] = []
    objective: list[float] = []
    recorder = Recorder(model, X_train_s, X_val_s, X_test, epochs, snapshots)
    best_epoch, best_weights = 0, None
    stopped_early = stopped_by_user = False
    patience = early_stopping_patience
    # Minibatch products (32 × 2048 by 2048 × 64) are too small to gain from
    # parallel BLAS; its threads cost more than they save, many times more on a
    # busy shared server, and one core stays free to redraw the chart. Overflow
    # warnings are silenced because divergence is reported as a ValueError.
    with threadpool_limits(limits=1, user_api="blas"), np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            _one_pass(network, X_train_s, y_train_s, epoch, learning_rate)
            train_rmse = _rmse(y_train, model._predict_scaled(X_train_s))
            val_rmse = _rmse(y_val, model._predict_scaled(X_val_s))
            if not (math.isfinite(train_rmse) and math.isfinite(val_rmse)):
                raise _diverged(epoch, learning_rate)
            train_loss.append(train_rmse)
            val_loss.append(val_rmse)
            objective.append(float(network.loss_))
            recorder.maybe(epoch)
            if best_epoch == 0 or val_rmse < val_loss[best_epoch - 1]:
                best_epoch = epoch
                if patience is not None:
                    best_weights = [w.copy() for w in network.coefs_ + network.intercepts_]
            if on_epoch is not None:
                on_epoch(epoch, train_rmse, val_rmse)
            if patience is not None and epoch - best_epoch >= patience:
                stopped_early = epoch < epochs
                break
            if should_stop is not None and should_stop():
                stopped_by_user = epoch < epochs
                break
    seconds_per_epoch = (time.perf_counter() - start) / len(train_loss)
    recorder.maybe(len(train_loss), last=True)

    if best_weights is not None:
        _restore(network, best_weights)
    return TrainResult(
        train_loss=np.array(train_loss),
        val_loss=np.array(val_loss),
        objective=np.array(objective),
        best_epoch=best_epoch,
        stopped_early=stopped_early,
        stopped_by_user=stopped_by_user,
        model=model,
        n_parameters=architecture(X_train.shape[1], hidden).n_parameters,
        seconds_per_epoch=seconds_per_epoch,
        snapshots=recorder.result(),
    )


def _scalers(X_train, y_train, scale_inputs: bool | None):
    """Standardisers fitted on the training set: inputs (centred; scaled unless 0/1 bits) and y.

    ``scale_inputs=None`` decides from the data: fingerprint bits are left
    unscaled (a rare bit would otherwise become a huge input), anything else
    is scaled to unit variance.
    """
    if scale_inputs is None:
        scale_inputs = not bool(((X_train == 0) | (X_train == 1)).all())
    x_scaler = StandardScaler(with_std=scale_inputs).fit(X_train)
    return x_scaler, StandardScaler().fit(y_train.reshape(-1, 1))


def _restore(network: MLPRegressor, weights: list[np.ndarray]) -> None:
    """Put the best epoch's weights back, in place, so the optimiser's view of them stays valid."""
    for now, best in zip(network.coefs_ + network.intercepts_, weights, strict=True):
        now[...] = best


def _network(hidden, activation, solver, alpha, learning_rate, batch_size, seed) -> MLPRegressor:
    """scikit-learn's MLP, set up to be stepped one epoch at a time by :func:`_one_pass`."""
    return MLPRegressor(
        hidden_layer_sizes=hidden,
        activation=activation,
        solver=solver,
        alpha=alpha,
        learning_rate_init=learning_rate,
        batch_size=batch_size,
        random_state=np.random.RandomState(seed),
        # Plain gradient steps for "sgd" (ignored by Adam).
        momentum=0.0,
        nesterovs_momentum=False,
        # scikit-learn's own stopping rule is off; early stopping is done by train_mlp.
        n_iter_no_change=np.inf,
    )


def _one_pass(network: MLPRegressor, X: np.ndarray, y: np.ndarray, epoch: int, eta: float):
    """One epoch of minibatch steps, translating blown-up weights into a message."""
    try:
        network.partial_fit(X, y)
    except ValueError as error:
        if "non-finite" not in str(error):  # scikit-learn's words for blown-up weights
            raise
        raise _diverged(epoch, eta) from error


def _rmse(y: np.ndarray, y_pred: np.ndarray) -> float:
    return float(np.sqrt(np.mean((y - y_pred) ** 2)))


def _diverged(epoch: int, learning_rate: float) -> ValueError:
    return ValueError(
        f"Training diverged at epoch {epoch}: the weights grew without bound. "
        f"Lower the learning rate (now {learning_rate:g}) or use the Adam solver."
    )
