"""Tests of chemviz.figures.complexity: the traces carry exactly the computed numbers."""

from __future__ import annotations

import numpy as np
import pytest

from chemviz.complexity import (
    bias_variance_sweep,
    dense_grid,
    learning_curve,
    toy_curves,
    validation_curve,
)
from chemviz.figures.complexity import (
    bias_variance_figure,
    complexity_curve_figure,
    learning_curve_figure,
    toy_fit_figure,
    value_marker_layout,
)
from chemviz.figures.frames import figure_dict
from chemviz.toy import fit_polynomial, predict_polynomial, sine_data, true_function


def trace(fig, name):
    """The one trace called ``name``."""
    (found,) = [t for t in fig.data if t.name == name]
    return found


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(40, 3))
    y = X[:, 0] ** 2 + 0.1 * rng.normal(size=40)
    return X, y


@pytest.fixture(scope="module")
def toy():
    return toy_curves(8, 0.2, 0, degrees=range(12), lam=0.0)


def test_toy_fit_figure_carries_data_truth_fit_and_faint_fits():
    """Check the four traces: faint fits split by NaN, data, truth and fit on the grid."""
    x, y = sine_data(8)
    grid = dense_grid(50)
    fit = predict_polynomial(fit_polynomial(x, y, 3), grid)
    faint = bias_variance_sweep(8, 0.2, [3], n_repeats=10, n_grid=50, n_shown=4).fits_at(3)
    fig = toy_fit_figure(x, y, grid, true_function(grid), fit, faint, "degree 3")
    faint_y = np.asarray(fig.data[0].y, dtype=float).reshape(4, 51)
    np.testing.assert_array_equal(faint_y[:, :50], faint)
    assert np.isnan(faint_y[:, 50]).all()
    np.testing.assert_array_equal(fig.data[1].x, x)
    np.testing.assert_array_equal(fig.data[1].y, y)
    np.testing.assert_array_equal(fig.data[2].y, np.sin(2 * np.pi * grid))
    np.testing.assert_array_equal(fig.data[3].y, fit)
    assert fig.data[3].name == "degree 3"
    assert "units" in fig.layout.xaxis.title.text and "units" in fig.layout.yaxis.title.text


def test_toy_fit_figure_without_faint_fits_has_an_empty_first_trace():
    """Check that the trace order is the same with and without faint fits."""
    x, y = sine_data(8)
    grid = dense_grid(20)
    fig = toy_fit_figure(x, y, grid, true_function(grid), np.zeros(20))
    assert len(fig.data[0].x) == 0 and len(fig.data) == 4


def test_curve_figure_draws_train_cv_bands_best_and_current(data):
    """Check lines, ±std bands, the CV-best star and the current value's vertical line."""
    X, y = data
    curve = validation_curve(X, y, "krr", "sigma", [0.3, 1, 3, 10, 30], folds=4)
    fig = complexity_curve_figure(curve, 3, True, "RMSE (kcal/mol)", x_label="σ")
    np.testing.assert_array_equal(trace(fig, "training error").y, curve.train_mean)
    np.testing.assert_array_equal(trace(fig, "CV error").y, curve.cv_mean)
    np.testing.assert_array_equal(trace(fig, "CV error").x, curve.values)
    band = np.asarray(trace(fig, "CV error ± 1 std").y)
    np.testing.assert_allclose(band[:5], curve.cv_mean + curve.cv_std)
    np.testing.assert_allclose(band[5:], np.maximum(curve.cv_mean - curve.cv_std, 0)[::-1])
    best = next(t for t in fig.data if t.name.startswith("CV best"))
    assert best.x[0] == curve.best_value and best.y[0] == curve.cv_mean.min()
    assert fig.layout.shapes[0].x0 == 3 and fig.layout.shapes[0].x1 == 3
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.title.text == "RMSE (kcal/mol)"


def test_curve_figure_overlays_a_second_split_dashed(data):
    """Check that the overlay's CV error is drawn dashed with its own numbers."""
    X, y = data
    curve = validation_curve(X, y, "ridge", "lam", [0.01, 1, 100], folds=4)
    groups = np.repeat(np.arange(8), 5)
    other = validation_curve(X, y, "ridge", "lam", [0.01, 1, 100], folds=4, groups=groups)
    fig = complexity_curve_figure(curve, None, True, "RMSE (kcal/mol)", overlay=other)
    dashed = trace(fig, "CV error, scaffold folds")
    np.testing.assert_array_equal(dashed.y, other.cv_mean)
    assert dashed.line.dash == "dash"
    assert len(fig.layout.shapes) == 0  # no current value, no marker line


def test_toy_curve_figure_adds_true_error_noise_floor_and_shading(toy):
    """Check the toy's true error, the σ floor and the grey band over underdetermined degrees."""
    fig = complexity_curve_figure(toy, 3, False, "RMSE (y units)", y_range=(0, 1.5))
    np.testing.assert_array_equal(trace(fig, "true error (new data)").y, toy.test_rmse)
    assert list(trace(fig, "noise floor σ").y) == [0.2, 0.2]
    shading = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(shading) == 1 and shading[0].x0 == 7.5  # degrees 8–11 with 8 points
    assert list(fig.layout.yaxis.range) == [0, 1.5]


def test_learning_curve_figure_has_one_colour_per_representation(data):
    """Check that every representation's CV and training errors are drawn against size."""
    X, y = data
    results = {
        "all features": learning_curve(X, y, "krr", [5, 15, 30], folds=4),
        "first feature": learning_curve(X[:, :1], y, "krr", [5, 15, 30], folds=4),
    }
    fig = learning_curve_figure(results, "RMSE (kcal/mol)")
    for label, result in results.items():
        cv = trace(fig, f"{label}: CV error")
        np.testing.assert_array_equal(cv.x, result.sizes)
        np.testing.assert_array_equal(cv.y, result.cv_mean)
        np.testing.assert_array_equal(trace(fig, f"{label}: training error").y, result.train_mean)
    colours = {trace(fig, f"{label}: CV error").line.color for label in results}
    assert len(colours) == 2
    assert "molecules" in fig.layout.xaxis.title.text and "kcal/mol" in fig.layout.yaxis.title.text


def test_bias_variance_figure_carries_every_term():
    """Check bias², variance, noise, their sum, the simulation with ±2 SE and approximation."""
    result = bias_variance_sweep(8, 0.2, range(6), n_repeats=50)
    fig = bias_variance_figure(result, current_degree=2)
    np.testing.assert_array_equal(trace(fig, "bias²").y, result.bias2)
    np.testing.assert_array_equal(trace(fig, "variance").y, result.variance)
    np.testing.assert_array_equal(trace(fig, "noise σ²").y, np.full(6, result.noise2))
    assert result.noise2 == pytest.approx(0.2**2)
    np.testing.assert_array_equal(trace(fig, "bias² + variance + σ²").y, result.total)
    simulated = trace(fig, "test error, simulated")
    np.testing.assert_array_equal(simulated.y, result.expected_mse)
    np.testing.assert_array_equal(simulated.error_y.array, 2 * result.expected_mse_se)
    np.testing.assert_array_equal(trace(fig, "approximation error").y, result.approximation)
    assert fig.layout.yaxis.type == "log" and "units²" in fig.layout.yaxis.title.text
    assert fig.layout.shapes[0].x0 == 2


@pytest.mark.parametrize("value", [0.3, 10, 30])
def test_value_marker_layout_is_the_layout_plotly_draws_at_that_value(toy, value):
    """Check a frame made from the base's layout against figure_dict of the curve at ``value``."""
    base = figure_dict(complexity_curve_figure(toy, 3, False, "RMSE", y_range=(0, 1.5)))
    drawn = figure_dict(complexity_curve_figure(toy, value, False, "RMSE", y_range=(0, 1.5)))
    moved = {**base["layout"], **value_marker_layout(base["layout"], value)}
    assert moved == drawn["layout"] and drawn["data"] == base["data"]
    assert len(moved["shapes"]) == 2  # the grey band over degrees 8–11 stays, first
