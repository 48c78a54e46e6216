"""Input checks of the networks package: messages a student can act on."""

from __future__ import annotations

import numpy as np

from chemviz.networks.registry import ACTIVATIONS

# Networks compute in single precision: half the memory of double (a 7,000 × 2,048
# fingerprint matrix is 57 MB, not 115 MB) and about 1.6× faster, while the rounding
# (~1e-7) is far below the noise of stochastic gradient steps.
FEATURE_DTYPE = np.float32


def check_settings(hidden, activation, alpha, learning_rate, batch_size, epochs, patience):
    """Reject out-of-range hyperparameters with a message naming the control."""
    hidden = tuple(int(w) for w in hidden)
    if not hidden or min(hidden) < 1:
        raise ValueError(f"Each hidden layer needs at least one unit; got {list(hidden)}")
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"Unknown activation '{activation}'; choose one of: {', '.join(ACTIVATIONS)}"
        )
    if not alpha >= 0:
        raise ValueError(f"The ℓ2 strength α must be 0 or more; got {alpha}")
    if not learning_rate > 0:
        raise ValueError(f"The learning rate must be positive; got {learning_rate}")
    if batch_size < 1:
        raise ValueError(f"The batch size must be at least 1; got {batch_size}")
    if epochs < 1:
        raise ValueError(f"Train for at least 1 epoch; got {epochs}")
    if patience is not None and patience < 1:
        raise ValueError(f"Early-stopping patience must be at least 1 epoch; got {patience}")
    return hidden


def check_features(X, which: str) -> np.ndarray:
    with np.errstate(over="ignore"):  # values beyond single precision become inf, reported below
        X = np.asarray(X, dtype=FEATURE_DTYPE)
    if X.ndim != 2:
        raise ValueError(f"The {which} features must be a table (molecules × features)")
    n_bad = int(np.count_nonzero(~np.isfinite(X).all(axis=1)))
    if n_bad:
        raise ValueError(
            f"{n_bad} {which} molecule(s) have missing (NaN) or infinite feature values; "
            f"choose another representation or remove them"
        )
    return X


def check_target(y, which: str) -> np.ndarray:
    y = np.asarray(y, dtype=float).ravel()
    n_bad = int(np.count_nonzero(~np.isfinite(y)))
    if n_bad:
        raise ValueError(
            f"{n_bad} of {len(y)} {which} molecules have no target value (NaN or infinite); "
            f"exclude them before training"
        )
    return y


def check_shapes(X_train, y_train, X_val, y_val) -> None:
    if len(X_train) != len(y_train) or len(X_val) != len(y_val):
        raise ValueError("Features and targets must have one row per molecule")
    if X_train.shape[1] != X_val.shape[1]:
        raise ValueError(
            f"Training and validation features differ in width ({X_train.shape[1]} vs "
            f"{X_val.shape[1]}); featurize both the same way"
        )
    if len(y_train) < 2 or len(y_val) < 1:
        raise ValueError("Training needs at least 2 training and 1 validation molecule")
