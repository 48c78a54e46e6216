"""Tests of chemviz.figures.kernels: the traces carry exactly the computed numbers."""

from __future__ import annotations

import numpy as np
import pytest

from chemviz.figures.frames import figure_dict
from chemviz.figures.kernels import (
    MAX_OVERLAY,
    contributions_figure,
    cv_curve_figure,
    cv_heatmap_figure,
    cv_marker_layout,
    kernel_heatmap_figure,
    kernel_histogram_figure,
    parity_figure,
    ridge_example_figure,
)
from chemviz.kernels import kernel_heatmap_order, kernel_matrix, offdiagonal_values
from chemviz.models import (
    WORKED_X,
    WORKED_Y,
    explain_prediction,
    krr_cv_grid,
    regression_metrics,
    ridge_worked_example,
)


@pytest.fixture(scope="module")
def small():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(12, 3))
    y = X[:, 0] - X[:, 1] ** 2 + 0.1 * rng.normal(size=12)
    return X, y


@pytest.fixture(scope="module")
def heatmap(small):
    X, y = small
    K = kernel_matrix(X, kind="gaussian", sigma=2.0)
    names = [f"mol <{i}> & co" for i in range(12)]
    smiles = [f"[{i + 1}CH4]" for i in range(12)]  # isotopes: no SMILES contains another
    order = kernel_heatmap_order(K, "target", y=y)
    return K, names, smiles, order, kernel_heatmap_figure(K, names, smiles, order, "Gaussian")


def test_kernel_heatmap_shows_the_reordered_matrix(heatmap):
    """Check that the heatmap's z is K with rows and columns in the requested order."""
    K, _, _, order, fig = heatmap
    np.testing.assert_array_equal(np.asarray(fig.data[0].z), K[np.ix_(order, order)])


def test_kernel_heatmap_overlay_has_one_selectable_marker_per_cell(heatmap):
    """Check that the invisible scatter has one marker per cell with (i, j) into K as customdata."""
    K, _, _, order, fig = heatmap
    scatter = fig.data[1]
    pairs = np.asarray(scatter.customdata)
    assert scatter.type == "scattergl" and scatter.marker.opacity == 0
    assert pairs.shape == (K.size, 2)
    # The marker at (column c, row r) stands for the pair (order[r], order[c]).
    np.testing.assert_array_equal(pairs[:, 0], order[np.asarray(scatter.y)])
    np.testing.assert_array_equal(pairs[:, 1], order[np.asarray(scatter.x)])
    assert {tuple(p) for p in pairs} == {(i, j) for i in range(12) for j in range(12)}


def test_kernel_heatmap_hover_is_escaped_and_names_both_molecules(heatmap):
    """Check that hover text shows both names (HTML-escaped), both SMILES and the value."""
    K, _, smiles, _, fig = heatmap
    i, j = np.asarray(fig.data[1].customdata)[5]
    text = fig.data[1].hovertext[5]
    assert f"mol &lt;{i}&gt; &amp; co" in text and f"mol &lt;{j}&gt; &amp; co" in text
    assert smiles[i] in text and smiles[j] in text and f"k = {K[i, j]:.3f}" in text
    assert "<0>" not in text


def test_kernel_heatmap_above_the_overlay_limit_has_no_per_cell_traces():
    """Check that N = MAX_OVERLAY + 1 draws the matrix alone, names kept as tick texts."""
    n = MAX_OVERLAY + 1
    X = np.random.default_rng(2).normal(size=(n, 3))
    K = kernel_matrix(X, kind="gaussian", sigma=2.0)
    order = np.arange(n)[::-1]
    names = [f"m{i}" for i in range(n)]
    fig = kernel_heatmap_figure(K, names, ["C"] * n, order, "Gaussian")
    assert len(fig.data) == 1 and fig.data[0].type == "heatmap"
    np.testing.assert_array_equal(np.asarray(fig.data[0].z), K[np.ix_(order, order)])
    assert list(fig.layout.xaxis.ticktext) == [f"m{i}" for i in order]
    assert "k = %{z:.3f}" in fig.data[0].hovertemplate and fig.data[0].hoverinfo is None
    # One fewer molecule keeps the overlay.
    smaller = kernel_heatmap_figure(K[1:, 1:], names[1:], ["C"] * (n - 1), np.arange(n - 1), "G")
    assert len(smaller.data) == 2 and smaller.data[1].type == "scattergl"


def test_kernel_histogram_carries_the_values():
    """Check that the histogram's x values are the off-diagonal values and the axes are labelled."""
    values = offdiagonal_values(np.array([[1.0, 0.2, 0.4], [0.2, 1.0, 0.9], [0.4, 0.9, 1.0]]))
    fig = kernel_histogram_figure(values, "Tanimoto")
    np.testing.assert_array_equal(np.asarray(fig.data[0].x), values)
    assert "unitless" in fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


@pytest.fixture(scope="module")
def grid(small):
    X, y = small
    sigmas, lambdas = [0.5, 1.0, 4.0], np.array([1e-3, 1e-2, 1e-1, 1.0])
    return krr_cv_grid(X, y, "gaussian", [{"sigma": s} for s in sigmas], lambdas, folds=3)


def test_cv_heatmap_carries_the_cv_errors_on_log_axes(grid):
    """Check that z is cv_rmse, x and y are log₁₀ λ and log₁₀ σ, and the colour bar has units."""
    fig = cv_heatmap_figure(grid, "sigma", unit="kcal/mol")
    np.testing.assert_array_equal(np.asarray(fig.data[0].z), grid.cv_rmse)
    np.testing.assert_allclose(fig.data[0].x, np.log10(grid.lambdas))
    np.testing.assert_allclose(fig.data[0].y, np.log10([0.5, 1.0, 4.0]))
    assert fig.data[0].colorbar.title.text == "CV RMSE (kcal/mol)"
    np.testing.assert_array_equal(np.asarray(fig.data[0].customdata)[2, 1], [4.0, 1e-2])
    assert "log scale" in fig.layout.xaxis.title.text and "log scale" in fig.layout.yaxis.title.text


def test_cv_heatmap_marks_the_best_and_the_current_cell(grid):
    """Check that the star sits on the argmin of cv_rmse and the circle on the slider values."""
    fig = cv_heatmap_figure(grid, "sigma", current=(1.0, 0.01), param_label="σ")
    i, j = np.unravel_index(np.argmin(grid.cv_rmse), grid.cv_rmse.shape)
    assert fig.data[1].x[0] == pytest.approx(np.log10(grid.lambdas[j]))
    assert fig.data[1].y[0] == pytest.approx(np.log10(grid.params[i]["sigma"]))
    ring = fig.layout.shapes[0]  # a shape, so a scrub step moves it with a relayout
    assert (ring.x0 + ring.x1) / 2 == pytest.approx(-2.0)  # log₁₀ 0.01
    assert (ring.y0 + ring.y1) / 2 == pytest.approx(0.0)  # log₁₀ 1.0
    assert ring.type == "circle" and list(fig.data[2].x) == [None]  # the legend's key only
    assert (
        fig.data[1].name.startswith("best: σ = ") and fig.layout.yaxis.title.text == "σ (log scale)"
    )


def test_cv_curve_carries_one_row_of_the_grid(grid):
    """Check that the curve shows row 1's train and CV RMSE, its std and the best λ."""
    fig = cv_curve_figure(grid, row=1, current_lambda=0.05, unit="kcal/mol")
    np.testing.assert_array_equal(fig.data[0].x, grid.lambdas)
    np.testing.assert_array_equal(fig.data[0].y, grid.train_rmse[1])
    np.testing.assert_array_equal(fig.data[1].y, grid.cv_rmse[1])
    np.testing.assert_array_equal(fig.data[1].error_y.array, grid.cv_rmse_std[1])
    assert fig.data[2].x[0] == grid.lambdas[np.argmin(grid.cv_rmse[1])]
    line = fig.layout.shapes[0]
    assert line.x0 == line.x1 == 0.05 and line.label.text == "current λ = 0.05"
    assert len(fig.data) == 3
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.title.text == "RMSE (kcal/mol)"


def test_parity_figure_carries_points_metrics_and_units():
    """Check the train/test points, metrics in the legend, the y = x line and axis units."""
    y_tr, p_tr = np.array([1.0, 2.0, 3.0]), np.array([1.1, 1.8, 3.3])
    y_te, p_te = np.array([0.0, 4.0]), np.array([0.5, 3.0])
    fig = parity_figure(y_tr, p_tr, y_te, p_te, "ΔG hydration", unit="kcal/mol")
    np.testing.assert_array_equal(fig.data[0].x, y_tr)
    np.testing.assert_array_equal(fig.data[0].y, p_tr)
    np.testing.assert_array_equal(fig.data[1].x, y_te)
    np.testing.assert_array_equal(fig.data[1].y, p_te)
    # test RMSE = √((0.5² + 1²)/2) = √0.625 ≈ 0.791
    assert f"RMSE {regression_metrics(y_te, p_te)['rmse']:.3g} kcal/mol" in fig.data[1].name
    assert "RMSE 0.791" in fig.data[1].name
    assert list(fig.data[2].x) == list(fig.data[2].y) == [0.0, 4.0]
    assert fig.layout.xaxis.title.text == "measured ΔG hydration (kcal/mol)"
    assert fig.layout.yaxis.title.text == "predicted ΔG hydration (kcal/mol)"


def test_parity_figure_without_test_set_has_train_and_diagonal_only():
    """Check that a training-only parity plot has two traces."""
    fig = parity_figure([1.0, 2.0], [1.5, 2.5], target_label="logS")
    assert len(fig.data) == 2 and fig.data[0].name.startswith("train")


def test_parity_figure_draws_clouds_of_more_than_500_points_with_webgl():
    """Check the switch: 300 + 200 molecules are SVG markers, 300 + 201 are WebGL."""
    rng = np.random.default_rng(0)
    for n_test, kind in ((200, "scatter"), (201, "scattergl")):
        y_tr, y_te = rng.normal(size=300), rng.normal(size=n_test)
        fig = parity_figure(y_tr, y_tr, y_te, y_te, "logS")
        assert [t.type for t in fig.data] == [kind, kind, "scatter"]  # the y = x line: SVG


def test_contributions_figure_bars_sum_to_the_prediction():
    """Check that the bars are the top terms plus the remainder, summing to the prediction."""
    contributions = explain_prediction([0.5, 0.8, 0.1, 0.3], [2.0, -1.0, 4.0, 1.0], top=2)
    fig = contributions_figure(contributions, unit="log units")
    x = np.asarray(fig.data[0].x)
    # Terms 1.0, −0.8, 0.4, 0.3: top two 1.0 and −0.8, remainder 0.7, total 0.9.
    np.testing.assert_allclose(x, [1.0, -0.8, 0.7])
    assert x.sum() == pytest.approx(contributions.prediction) == pytest.approx(0.9)
    assert fig.data[0].y[-1] == "all other 2 molecules"
    assert "(log units)" in fig.layout.xaxis.title.text


def test_ridge_example_figure_draws_each_fitted_line():
    """Check the four data points and that each line is ŷ = w₀ + w₁x from the table."""
    table = ridge_worked_example()
    fig = ridge_example_figure(table, WORKED_X, WORKED_Y)
    np.testing.assert_array_equal(fig.data[0].x, WORKED_X[:, 1])
    np.testing.assert_array_equal(fig.data[0].y, WORKED_Y)
    assert len(fig.data) == 1 + len(table)
    for trace, (_, row) in zip(fig.data[1:], table.iterrows(), strict=True):
        np.testing.assert_allclose(trace.y, row.intercept + row.slope * np.asarray(trace.x))


@pytest.mark.parametrize("current", [(0.5, 1e-3), (4.0, 0.1), (1.0, 1.0)])
def test_cv_marker_layout_is_the_shapes_plotly_draws_at_those_sliders(grid, current):
    """Check cv_marker_layout against figure_dict of the heatmap and of the λ curve drawn there."""
    heatmap = figure_dict(cv_heatmap_figure(grid, "sigma", current, unit="kcal/mol"))
    assert cv_marker_layout(grid, current) == {"shapes": heatmap["layout"]["shapes"]}
    # The λ curve (a kernel without a width): its label changes side a third of the way.
    curve = figure_dict(cv_curve_figure(grid, 0, current[1], unit="kcal/mol"))
    assert cv_marker_layout(grid, current, None) == {"shapes": curve["layout"]["shapes"]}
