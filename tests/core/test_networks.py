"""Tests of chemviz.networks: training history, early stopping, hidden layers, splits."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sklearn.neural_network._multilayer_perceptron as sk_mlp
from scipy.special import expit
from sklearn.metrics import root_mean_squared_error
from sklearn.neural_network import MLPRegressor
from sklearn.neural_network._base import ACTIVATIONS as SK_ACTIVATIONS

from chemviz.networks import (
    ACTIVATIONS,
    activation_curves,
    architecture,
    hidden_representation,
    split_train_val_test,
    train_mlp,
)

SMALL = dict(hidden=(8, 8), batch_size=16)


@pytest.fixture(scope="module")
def toy():
    """A learnable problem: y = 3 + x₀ + 2x₁ − x₂ + noise of s.d. 0.1, 200 points."""
    rng = np.random.default_rng(42)
    X = rng.normal(size=(200, 6))
    y = 3 + X[:, 0] + 2 * X[:, 1] - X[:, 2] + 0.1 * rng.normal(size=200)
    split = split_train_val_test(200, seed=0)
    return X[split.train], y[split.train], X[split.val], y[split.val]


@pytest.fixture(scope="module")
def toy_result(toy):
    return train_mlp(*toy, epochs=40, seed=0, **SMALL)


# --- architecture ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n_inputs", "hidden", "n_outputs", "expected"),
    [
        # 2048·64 + 64 + 64·64 + 64 + 64·1 + 1 = 131,072 + 64 + 4,096 + 64 + 64 + 1 = 135,361
        (2048, (64, 64), 1, 135_361),
        # 3·4 + 4 + 4·2 + 2 = 12 + 4 + 8 + 2 = 26
        (3, (4,), 2, 26),
        # 5·1 + 1 + 1·1 + 1 = 8
        (5, (1,), 1, 8),
    ],
)
def test_architecture_counts_weights_and_biases_by_hand(n_inputs, hidden, n_outputs, expected):
    """Check that the parameter count matches the arithmetic worked by hand."""
    arch = architecture(n_inputs, hidden, n_outputs)
    assert arch.n_parameters == expected
    assert arch.n_weights + arch.n_biases == expected
    assert arch.widths == (n_inputs, *hidden, n_outputs)


@pytest.mark.parametrize("hidden", [(5,), (7, 3), (4, 4, 2)])
def test_architecture_matches_a_fitted_mlpregressor(hidden):
    """Check that the count equals the sizes of a fitted MLPRegressor's coefs_ and intercepts_."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 9)), rng.normal(size=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net = MLPRegressor(hidden_layer_sizes=hidden, max_iter=2).fit(X, y)
    sizes = sum(w.size for w in net.coefs_) + sum(b.size for b in net.intercepts_)
    assert architecture(9, hidden).n_parameters == sizes


# --- training --------------------------------------------------------------------------


def test_losses_are_finite_and_training_loss_falls(toy_result):
    """Check that every loss is finite and the last training RMSE is under half the first."""
    assert np.isfinite(toy_result.train_loss).all() and np.isfinite(toy_result.val_loss).all()
    assert toy_result.train_loss[-1] < toy_result.train_loss[0] / 2
    assert toy_result.n_epochs == 40 and not toy_result.stopped_early


def test_losses_are_rmse_in_the_targets_units(toy, toy_result):
    """Check that the last RMSEs equal sklearn's RMSE of predictions unscaled by hand."""
    X_train, y_train, X_val, y_val = toy
    net = toy_result.model.network
    # Standardise with the training mean and population s.d., predict, and map back. The
    # network computes in single precision, so agreement is to ~1e-7 per step, not 1e-16.
    mean, sd = X_train.mean(axis=0), X_train.std(axis=0)

    def predict(X):
        return net.predict((X - mean) / sd) * y_train.std() + y_train.mean()

    assert toy_result.train_loss[-1] == pytest.approx(
        root_mean_squared_error(y_train, predict(X_train)), rel=1e-5
    )
    assert toy_result.val_loss[-1] == pytest.approx(
        root_mean_squared_error(y_val, predict(X_val)), rel=1e-5
    )
    np.testing.assert_allclose(toy_result.model.predict(X_val), predict(X_val), rtol=1e-5)


def test_each_epoch_is_one_partial_fit_pass(toy):
    """Check that 5 epochs give the weights of 5 MLPRegressor.partial_fit calls on scaled data."""
    X_train, y_train, X_val, y_val = toy
    result = train_mlp(X_train, y_train, X_val, y_val, epochs=5, seed=3, **SMALL)
    reference = MLPRegressor(
        hidden_layer_sizes=(8, 8),
        batch_size=16,
        random_state=np.random.RandomState(3),
        momentum=0.0,
        nesterovs_momentum=False,
    )
    # Standardised by hand, in the single precision chemviz trains in.
    Xs = ((X_train - X_train.mean(axis=0)) / X_train.std(axis=0)).astype(np.float32)
    ys = ((y_train - y_train.mean()) / y_train.std()).astype(np.float32)
    for _ in range(5):
        reference.partial_fit(Xs, ys)
    for ours, theirs in zip(result.model.network.coefs_, reference.coefs_, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(result.objective, reference.loss_curve_, rtol=1e-5)


def test_molecules_are_reshuffled_every_epoch(toy, monkeypatch):
    """Check that each epoch visits the training molecules in a new order."""
    orders = []
    original = sk_mlp.shuffle

    def recording_shuffle(*args, **kwargs):
        out = original(*args, **kwargs)
        orders.append(out.copy())
        return out

    monkeypatch.setattr(sk_mlp, "shuffle", recording_shuffle)
    train_mlp(*toy, epochs=3, seed=0, **SMALL)
    assert len(orders) == 3
    assert not np.array_equal(orders[1], orders[2])
    assert not np.array_equal(orders[0], orders[1])


def test_a_seed_reproduces_the_losses_bitwise(toy, toy_result):
    """Check that the same seed gives identical losses and another seed different ones."""
    again = train_mlp(*toy, epochs=40, seed=0, **SMALL)
    other = train_mlp(*toy, epochs=40, seed=1, **SMALL)
    assert np.array_equal(again.train_loss, toy_result.train_loss)
    assert np.array_equal(again.val_loss, toy_result.val_loss)
    assert not np.array_equal(other.train_loss, toy_result.train_loss)


def test_train_mlp_signature_follows_the_issue():
    """Check the positional order and defaults of issue 7, then keyword-only extras."""
    import inspect

    params = inspect.signature(train_mlp).parameters
    positional = [
        (name, p.default)
        for name, p in params.items()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]
    empty = inspect.Parameter.empty
    assert positional == [
        ("X_train", empty), ("y_train", empty), ("X_val", empty), ("y_val", empty),
        ("hidden", (64, 64)), ("activation", "relu"), ("alpha", 1e-4),
        ("learning_rate", 1e-3), ("batch_size", 32), ("epochs", 200),
        ("early_stopping_patience", None), ("seed", 0), ("on_epoch", None),
    ]  # fmt: skip
    keyword_only = {n for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert keyword_only == {"solver", "scale_inputs", "should_stop", "X_test", "snapshots"}


def test_on_epoch_can_be_passed_by_position(toy):
    """Check that the 13th positional argument is on_epoch, called once per epoch."""
    calls = []
    X_train, y_train, X_val, y_val = toy
    train_mlp(
        X_train, y_train, X_val, y_val, (4,), "relu", 1e-4, 1e-2, 16, 3, None, 0,
        lambda *args: calls.append(args[0]),
    )  # fmt: skip
    assert calls == [1, 2, 3]


def test_on_epoch_is_called_once_per_epoch_with_the_results_numbers(toy):
    """Check that on_epoch sees epochs 1..n once each with the recorded losses."""
    calls = []
    result = train_mlp(*toy, epochs=7, on_epoch=lambda *args: calls.append(args), **SMALL)
    assert [c[0] for c in calls] == list(range(1, 8))
    assert [c[1] for c in calls] == result.train_loss.tolist()
    assert [c[2] for c in calls] == result.val_loss.tolist()


def test_should_stop_ends_training_after_that_epoch(toy):
    """Check that a Stop request after the third epoch leaves three epochs."""
    polls = iter([False, False, True])
    result = train_mlp(*toy, epochs=50, should_stop=lambda: next(polls), **SMALL)
    assert result.n_epochs == 3
    assert result.stopped_by_user and not result.stopped_early


@pytest.fixture(scope="module")
def overfitting():
    """Validation inputs equal to the training inputs with the opposite target.

    The better the network fits y, the further it is from −y, so the validation
    error must rise once training gets going.
    """
    rng = np.random.default_rng(7)
    X = rng.normal(size=(30, 5))
    y = rng.normal(size=30)
    return X, y, X, -y


@pytest.mark.parametrize("patience", [1, 4])
def test_early_stopping_stops_after_patience_epochs_without_improvement(overfitting, patience):
    """Check that training ends at best_epoch + patience and keeps the best epoch's weights."""
    result = train_mlp(
        *overfitting, hidden=(32,), epochs=100, early_stopping_patience=patience, seed=0
    )
    assert result.stopped_early
    assert len(result.val_loss) == result.best_epoch + patience
    assert result.best_epoch == np.argmin(result.val_loss) + 1
    X_val, y_val = overfitting[2], overfitting[3]
    assert root_mean_squared_error(y_val, result.model.predict(X_val)) == pytest.approx(
        result.val_loss[result.best_epoch - 1], rel=1e-9
    )


@pytest.mark.parametrize(
    ("scale_inputs", "divided"),
    [(None, False), (True, True), (False, False)],
)
def test_fingerprint_bits_are_centred_and_divided_only_on_request(scale_inputs, divided):
    """Check that 0/1 features are centred by default, and divided by their s.d. if asked."""
    rng = np.random.default_rng(1)
    X = (rng.random((40, 12)) < 0.3).astype(np.uint8)
    y = X[:, 0] - X[:, 1] + 0.1 * rng.normal(size=40)
    result = train_mlp(
        X[:30], y[:30], X[30:], y[30:], hidden=(4,), epochs=2, scale_inputs=scale_inputs
    )
    sd = X[:30].std(axis=0)
    expected = (X[30:] - X[:30].mean(axis=0)) / (np.where(sd > 0, sd, 1) if divided else 1)
    np.testing.assert_allclose(result.model.x_scaler.transform(X[30:]), expected, rtol=1e-6)


def test_continuous_features_are_divided_by_their_sd_by_default(toy_result, toy):
    """Check that non-binary features are standardised: the scaler's s.d. equals numpy's."""
    np.testing.assert_allclose(toy_result.model.x_scaler.scale_, toy[0].std(axis=0), rtol=1e-6)


def test_batch_larger_than_the_training_set_is_full_batch_without_warning(toy):
    """Check that batch_size > n_train trains silently (it is clipped to full batch)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = train_mlp(*toy, hidden=(4,), batch_size=10_000, epochs=2, solver="sgd")
    assert result.model.network.batch_size == len(toy[1])


def test_sgd_with_a_huge_learning_rate_says_it_diverged(toy):
    """Check that blown-up weights raise a message suggesting a smaller learning rate."""
    X_train, y_train, X_val, y_val = toy
    with pytest.raises(ValueError, match=r"diverged.*Lower the learning rate"):
        train_mlp(
            X_train, y_train, X_val, y_val, solver="sgd", learning_rate=1e3, batch_size=1, epochs=5
        )


# --- bad input -------------------------------------------------------------------------


def test_nan_targets_are_rejected_with_their_count(toy):
    """Check that NaN targets raise a message counting them."""
    X_train, y_train, X_val, y_val = toy
    y_bad = y_train.copy()
    y_bad[[0, 5, 9]] = np.nan
    with pytest.raises(ValueError, match=f"3 of {len(y_bad)} training molecules have no target"):
        train_mlp(X_train, y_bad, X_val, y_val, epochs=1)


@pytest.mark.parametrize("bad", [np.inf, np.nan, 1e39])  # 1e39 exceeds single precision
def test_non_finite_features_are_rejected_with_their_count(toy, bad):
    """Check that NaN, infinite or out-of-range features raise a message counting the molecules."""
    X_train, y_train, X_val, y_val = toy
    X_bad = X_val.copy()
    X_bad[2, 1] = bad
    with pytest.raises(ValueError, match="1 validation molecule"):
        train_mlp(X_train, y_train, X_bad, y_val, epochs=1)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (dict(hidden=(8, 0)), "at least one unit"),
        (dict(hidden=()), "at least one unit"),
        (dict(batch_size=0), "batch size must be at least 1"),
        (dict(epochs=0), "at least 1 epoch"),
        (dict(learning_rate=0.0), "learning rate must be positive"),
        (dict(alpha=-1.0), "α must be 0 or more"),
        (dict(activation="swish"), "Unknown activation 'swish'"),
        (dict(solver="lbfgs"), "Unknown solver 'lbfgs'"),
        (dict(early_stopping_patience=0), "patience must be at least 1"),
    ],
)
def test_out_of_range_settings_are_rejected(toy, setting, message):
    """Check that each bad hyperparameter raises a message naming it."""
    with pytest.raises(ValueError, match=message):
        train_mlp(*toy, **{"epochs": 1, **setting})


def test_feature_widths_must_agree(toy):
    """Check that training and validation features of different widths are rejected."""
    X_train, y_train, X_val, y_val = toy
    with pytest.raises(ValueError, match="differ in width"):
        train_mlp(X_train, y_train, X_val[:, :3], y_val, epochs=1)


# --- hidden representation -------------------------------------------------------------


@pytest.fixture(scope="module", params=["relu", "tanh", "logistic", "identity"])
def deep_model(request, toy):
    X_train, y_train, X_val, y_val = toy
    result = train_mlp(
        X_train, y_train, X_val, y_val, hidden=(6, 5, 4), activation=request.param, epochs=3
    )
    return result.model, X_val


def _manual_forward(model, X, layer):
    """A numpy forward pass written out independently of chemviz."""
    g = {
        "relu": lambda z: np.where(z > 0, z, 0.0),
        "tanh": np.tanh,
        "logistic": lambda z: 1 / (1 + np.exp(-z)),
        "identity": lambda z: z,
    }[model.activation]
    a = (X - model.x_scaler.mean_) / model.x_scaler.scale_
    for W, b in zip(model.network.coefs_[:layer], model.network.intercepts_[:layer], strict=True):
        a = g(a @ W + b)
    return a


@pytest.mark.parametrize("layer", [1, 2, 3])
def test_hidden_representation_matches_a_manual_forward_pass(deep_model, layer):
    """Check that each hidden layer's activations equal a hand-written numpy forward pass."""
    model, X = deep_model
    H = hidden_representation(model, X, layer)
    assert H.shape == (len(X), model.hidden[layer - 1])
    np.testing.assert_allclose(H, _manual_forward(model, X, layer), rtol=1e-5, atol=1e-6)


def test_hidden_layers_match_sklearns_own_forward_pass(deep_model):
    """Check every hidden layer against MLPRegressor._forward_pass's recorded activations."""
    model, X = deep_model
    net = model.network
    layers = net._forward_pass([model.x_scaler.transform(X)] + [None] * (net.n_layers_ - 1))
    for layer in (1, 2, 3):
        np.testing.assert_allclose(
            hidden_representation(model, X, layer), layers[layer], rtol=1e-5, atol=1e-6
        )


def test_output_is_linear_regression_on_the_last_hidden_layer(deep_model):
    """Check that a_L W_L + b_L of the last hidden layer reproduces the predictions."""
    model, X = deep_model
    net = model.network
    H = hidden_representation(model, X, 3)
    y_scaled = (H @ net.coefs_[-1] + net.intercepts_[-1]).ravel()
    sklearn_output = net._forward_pass_fast(model.x_scaler.transform(X)).ravel()
    np.testing.assert_allclose(y_scaled, sklearn_output, rtol=1e-5, atol=1e-6)
    y = y_scaled * model.y_scaler.scale_[0] + model.y_scaler.mean_[0]
    np.testing.assert_allclose(y, model.predict(X), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("layer", [0, 4])
def test_hidden_representation_rejects_a_missing_layer(deep_model, layer):
    """Check that asking for a layer the network lacks says which layers exist."""
    model, X = deep_model
    with pytest.raises(ValueError, match="hidden layers 1 to 3"):
        hidden_representation(model, X, layer)


@pytest.mark.parametrize("key", list(ACTIVATIONS))
def test_activations_agree_with_sklearn(key):
    """Check each registered activation against scikit-learn's in-place version."""
    z, curves = activation_curves()
    expected = z.copy()
    SK_ACTIVATIONS[key](expected)
    np.testing.assert_allclose(curves[key], expected, rtol=1e-12)


def test_activation_values_at_known_points():
    """Check ReLU(−2) = 0, ReLU(2) = 2, σ(0) = 1/2 and tanh(0) = 0."""
    _, curves = activation_curves(np.array([-2.0, 0.0, 2.0]))
    assert curves["relu"].tolist() == [0.0, 0.0, 2.0]
    assert curves["logistic"][1] == 0.5 == expit(0.0)
    assert curves["tanh"][1] == 0.0


# --- splits ----------------------------------------------------------------------------


def test_split_sizes_and_partition():
    """Check a 100-molecule split: ceil(0.15·100) = 15 test, 15 validation, 100 − 30 = 70 train."""
    split = split_train_val_test(100, seed=5)
    assert (len(split.train), len(split.val), len(split.test)) == (70, 15, 15)
    together = np.concatenate(split)
    assert np.array_equal(np.sort(together), np.arange(100))


def test_split_rounds_up_held_out_sets():
    """Check 642 molecules: ceil(96.3) = 97 test, 97 validation, 642 − 194 = 448 train."""
    split = split_train_val_test(642)
    assert (len(split.train), len(split.val), len(split.test)) == (448, 97, 97)


def test_split_depends_on_seed_only():
    """Check that a seed reproduces its split and another seed changes it."""
    a, b, c = (split_train_val_test(50, seed=s) for s in (1, 1, 2))
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not np.array_equal(a.test, c.test)


@pytest.mark.parametrize("n", [0, 3, 9])
def test_split_too_small_says_how_many_are_needed(n):
    """Check that fewer than 10 molecules raise a message naming the count and the minimum."""
    with pytest.raises(ValueError, match=f"{n} have a target value, and at least 10 are needed"):
        split_train_val_test(n)


def test_split_with_large_fractions_needs_more_molecules():
    """Check the minimum for 40 % + 40 %: from n = 14 on, n − 2·ceil(0.4n) ≥ 2 always holds."""
    # n = 13: 13 − 2·ceil(5.2) = 13 − 12 = 1 training molecule, too few;
    # n = 14: 14 − 2·ceil(5.6) = 2; 15: 15 − 12 = 3; 16: 16 − 14 = 2; 17: 3; 18: 2; 19: 3;
    # from 20 on, n − 2·ceil(0.4n) > n − 2·(0.4n + 1) = n/5 − 2 ≥ 2.
    with pytest.raises(ValueError, match="13 have a target value, and at least 14 are needed"):
        split_train_val_test(13, val_fraction=0.4, test_fraction=0.4)
    assert len(split_train_val_test(14, val_fraction=0.4, test_fraction=0.4).train) == 2


def test_published_split_keeps_its_test_rows():
    """Check that the published test rows are the test set and validation comes from train."""
    labels = np.array(["train"] * 80 + ["test"] * 20)
    split = split_train_val_test(100, published_split=labels, seed=0)
    assert np.array_equal(split.test, np.arange(80, 100))
    assert len(split.val) == 15 and set(split.val) <= set(range(80))
    assert len(split.train) == 65


def test_published_split_without_test_rows_is_rejected():
    """Check that a published split with no test rows says so."""
    with pytest.raises(ValueError, match="no test rows"):
        split_train_val_test(20, published_split=["train"] * 20)


@pytest.mark.parametrize(("val", "test"), [(0.0, 0.2), (0.2, 0.0), (1.0, 0.1), (0.5, 0.5)])
def test_split_fractions_out_of_range_are_rejected(val, test):
    """Check that empty or all-consuming held-out fractions are rejected."""
    with pytest.raises(ValueError, match="fractions"):
        split_train_val_test(100, val_fraction=val, test_fraction=test)


def test_published_split_with_bad_labels_is_rejected():
    """Check that labels other than train/test are rejected."""
    with pytest.raises(ValueError, match="'train' or 'test'"):
        split_train_val_test(20, published_split=["train"] * 19 + ["valid"])


def test_split_lives_in_chemviz_splits_and_is_re_exported():
    """Check that the kernels and complexity pages can import the very same split function."""
    import chemviz.networks
    import chemviz.splits

    assert chemviz.networks.split_train_val_test is chemviz.splits.split_train_val_test
    assert chemviz.networks.Split is chemviz.splits.Split


# --- kernel ridge on the same split ------------------------------------------------------


def _sklearn_krr(K_train, y_train, K_new, lam):
    """scikit-learn's KernelRidge on a precomputed kernel, with the target centred by hand."""
    from sklearn.kernel_ridge import KernelRidge

    offset = y_train.mean()
    model = KernelRidge(alpha=lam, kernel="precomputed").fit(K_train, y_train - offset)
    return model.predict(K_new) + offset


def test_krr_baseline_on_fingerprints_is_tanimoto_kernel_ridge():
    """Check that bit features give Tanimoto KRR equal to sklearn's, λ chosen from the grid."""
    from chemviz.networks import krr_baseline
    from chemviz.networks.baseline import KRR_LAMBDAS

    rng = np.random.default_rng(0)
    X = (rng.random((60, 30)) < 0.3).astype(np.uint8)
    y = X[:, :5].sum(axis=1) + 0.1 * rng.normal(size=60)
    split = split_train_val_test(60, seed=1)
    base = krr_baseline(X, y, split, "binary")
    # Tanimoto of bit vectors by hand: a·b / (|a| + |b| − a·b).
    A = X.astype(float)
    dot = A @ A[split.train].T
    K = dot / (A.sum(1)[:, None] + A[split.train].sum(1)[None, :] - dot)
    expected = _sklearn_krr(K[np.ix_(split.train, range(len(split.train)))], y[split.train], K,
                            base.lam)  # fmt: skip
    assert base.kernel == "tanimoto" and base.sigma is None and base.lam in KRR_LAMBDAS
    np.testing.assert_allclose(base.predictions, expected, rtol=1e-6, atol=1e-9)
    assert base.n_fit == base.n_train == len(split.train)


def test_krr_baseline_on_real_features_is_gaussian_with_median_sigma():
    """Check that real features are standardised on the training set, σ = median distance."""
    from scipy.spatial.distance import cdist, pdist

    from chemviz.networks import krr_baseline

    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 4)) * [1, 10, 100, 0.1]
    y = X[:, 0] + X[:, 1] / 10
    split = split_train_val_test(50, seed=2)
    base = krr_baseline(X, y, split, "real")
    Xs = (X - X[split.train].mean(0)) / X[split.train].std(0)
    sigma = np.median(pdist(Xs[split.train]))
    assert base.kernel == "gaussian" and base.sigma == pytest.approx(sigma)
    K = np.exp(-cdist(Xs, Xs[split.train], "sqeuclidean") / sigma**2)
    expected = _sklearn_krr(K[split.train], y[split.train], K, base.lam)
    np.testing.assert_allclose(base.predictions, expected, rtol=1e-6, atol=1e-9)


def test_krr_baseline_caps_the_training_molecules(monkeypatch):
    """Check that a training set above the cap is sampled down to it, and still predicts all."""
    import chemviz.networks.baseline as baseline

    monkeypatch.setattr(baseline, "KRR_MAX_TRAIN", 20)
    rng = np.random.default_rng(0)
    X = (rng.random((80, 16)) < 0.4).astype(np.uint8)
    split = split_train_val_test(80, seed=0)
    base = baseline.krr_baseline(X, rng.normal(size=80), split, "binary")
    assert base.n_fit == 20 and base.n_train == len(split.train) > 20
    assert base.predictions.shape == (80,) and np.isfinite(base.predictions).all()


def test_comparison_table_rows_are_sklearn_errors_per_set():
    """Check that each model's row holds sklearn's RMSE/MAE/R² on its own split rows."""
    from sklearn.metrics import mean_absolute_error, r2_score

    from chemviz.networks import comparison_table

    rng = np.random.default_rng(5)
    y = rng.normal(size=40)
    split = split_train_val_test(40, seed=0)
    preds = {"a": y + rng.normal(size=40), "b": y * 0.5}
    table = comparison_table(y, split, preds)
    assert list(table.index) == ["a", "b"]
    for name, y_hat in preds.items():
        row = table.loc[name]
        assert row["train RMSE"] == pytest.approx(
            root_mean_squared_error(y[split.train], y_hat[split.train])
        )
        assert row["validation RMSE"] == pytest.approx(
            root_mean_squared_error(y[split.val], y_hat[split.val])
        )
        assert row["test MAE"] == pytest.approx(
            mean_absolute_error(y[split.test], y_hat[split.test])
        )
        assert row["test R²"] == pytest.approx(r2_score(y[split.test], y_hat[split.test]))


def test_update_rule_quotes_the_adam_constants_scikit_learn_trains_with():
    """Check Adam's sentence names β₁ 0.9, β₂ 0.999, ε 1e-8 (MLPRegressor's documented defaults)."""
    from chemviz.networks import update_rule

    equations, text = update_rule("adam", 3e-3)
    assert "β₁ = 0.9, β₂ = 0.999, ε = 1e-08" in text and "η = 0.003" in text
    assert len(equations) == 2 and r"\beta_1" in equations[1]


def test_update_rule_of_plain_gradient_descent_is_one_step_down_the_gradient():
    """Check SGD's rule is W ← W − η ∂L_B/∂W alone, and an unknown optimiser is refused."""
    from chemviz.networks import update_rule

    equations, text = update_rule("sgd", 0.01)
    assert equations == [r"W \leftarrow W - \eta \, \frac{\partial L_B}{\partial W}"]
    assert "η = 0.01" in text
    with pytest.raises(ValueError, match="Unknown solver 'rmsprop'"):
        update_rule("rmsprop", 0.01)


# --- snapshots (a run to replay) --------------------------------------------------------


def test_snapshots_are_every_step_th_epoch_with_the_first_and_the_last(toy):
    """Check 11 epochs, about 4 snapshots: step ⌈11/4⌉ = 3, so epochs 1, 3, 6, 9 and 11."""
    result = train_mlp(*toy, epochs=11, seed=0, snapshots=4, **SMALL)
    assert result.snapshots.epochs.tolist() == [1, 3, 6, 9, 11]
    assert train_mlp(*toy, epochs=3, seed=0, **SMALL).snapshots is None  # none asked for


def test_snapshot_predictions_give_the_recorded_losses_and_predict_the_test_set(toy):
    """Check each snapshot's RMSEs against the loss history, and the last against the model."""
    _, y_train, X_val, y_val = toy
    X_test = X_val[:7] + 0.5  # any molecules the network never saw
    result = train_mlp(*toy, epochs=8, seed=0, snapshots=4, X_test=X_test, **SMALL)
    snaps = result.snapshots
    assert snaps.train.dtype == np.float32 and snaps.test.shape == (len(snaps.epochs), 7)
    for k, epoch in enumerate(snaps.epochs):
        train_rmse = root_mean_squared_error(y_train, snaps.train[k])
        val_rmse = root_mean_squared_error(y_val, snaps.val[k])
        assert train_rmse == pytest.approx(result.train_loss[epoch - 1], rel=1e-5)
        assert val_rmse == pytest.approx(result.val_loss[epoch - 1], rel=1e-5)
    # No early stopping: the model kept is the last epoch's, as is the last snapshot.
    np.testing.assert_allclose(snaps.test[-1], result.model.predict(X_test), rtol=1e-5)
    assert not np.allclose(snaps.test[0], snaps.test[-1])  # the network moved


def test_snapshots_keep_the_last_epochs_weights_even_when_early_stopping_restores(overfitting):
    """Check the last snapshot is the last epoch's network, not the best epoch's."""
    result = train_mlp(
        *overfitting, hidden=(32,), epochs=100, early_stopping_patience=3, seed=0, snapshots=10
    )
    assert result.snapshots.epochs[-1] == len(result.val_loss)
    last_val = root_mean_squared_error(overfitting[3], result.snapshots.val[-1])
    assert last_val == pytest.approx(result.val_loss[-1], rel=1e-5)
    assert last_val > result.val_loss[result.best_epoch - 1]
