"""Tests of chemviz.figures.selection: the traces carry exactly the computed numbers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from chemviz.figures.frames import apply_frame, figure_dict, layout_payload
from chemviz.figures.selection import (
    MARKER_NAME,
    cv_figure,
    lambda_marker_layout,
    path_figure,
    rfe_figure,
    with_lambda_marker,
)
from chemviz.figures.selection_partners import partners_figure
from chemviz.selection import correlated_partners, regularization_path, rfe_curve


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 12))
    y = 2.0 * X[:, 0] - X[:, 1] + 0.5 * X[:, 2] + 0.3 * rng.normal(size=50)
    return X, y


@pytest.fixture(scope="module")
def path(data):
    X, y = data
    return regularization_path(X, y, n_lambdas=25, feature_names=[f"x{j}" for j in range(12)])


def markers(fig):
    return [shape for shape in fig.layout.shapes if shape.name == MARKER_NAME]


def test_path_figure_draws_the_top_features_with_their_coefficients(path):
    """Check that traces 1…k are the first k entering features with y equal to their coefs."""
    fig = path_figure(path, top_k=3)
    top = path.entry_order[:3]
    assert len(fig.data) == 4
    for rank, (trace, j) in enumerate(zip(fig.data[1:], top, strict=True)):
        np.testing.assert_array_equal(trace.x, path.lambdas)
        np.testing.assert_array_equal(trace.y, path.coefs[j])
        assert trace.name == f"{rank + 1}. {path.feature_names[j]}"


def test_path_figure_joins_the_other_entering_features_into_one_grey_trace(path):
    """Check that the grey trace holds every other entering feature's path from its last zero."""
    fig = path_figure(path, top_k=3)
    grey = fig.data[0]
    entered = np.flatnonzero((path.coefs != 0).any(axis=1))
    others = [j for j in entered if j not in path.entry_order[:3]]
    y = np.asarray(grey.y, dtype=float)
    gaps = np.flatnonzero(np.isnan(y)) + 1
    segments = np.split(y, gaps)[:-1]  # each ends with its NaN gap
    names = np.split(np.asarray(grey.text), gaps)[:-1]
    assert len(segments) == len(others)
    for segment, name, j in zip(segments, names, others, strict=True):
        start = max(int(np.argmax(path.coefs[j] != 0)) - 1, 0)
        np.testing.assert_array_equal(segment[:-1], path.coefs[j, start:])
        assert set(name) == {path.feature_names[j]}
    assert fig.data[0].name == f"other features ({len(others)})"


def test_path_figure_axes_are_log_lambda_and_carry_units(path):
    """Check that x is log λ and both axis titles name the target's units."""
    fig = path_figure(path, unit_label="kcal/mol")
    assert fig.layout.xaxis.type == "log"
    assert "λ" in fig.layout.xaxis.title.text and "kcal/mol" in fig.layout.xaxis.title.text
    assert "kcal/mol per standard deviation" in fig.layout.yaxis.title.text


def test_lambda_marker_is_one_line_that_moves(path):
    """Check that the marker sits at the slider's λ and a second call moves it, not adds one."""
    fig = path_figure(path, current_index=4)
    assert [m.x0 for m in markers(fig)] == [path.lambdas[4]]
    with_lambda_marker(fig, path.lambdas[10])
    assert [(m.x0, m.x1) for m in markers(fig)] == [(path.lambdas[10], path.lambdas[10])]
    assert markers(fig)[0].label.text == f"λ = {path.lambdas[10]:.3g}"
    fresh = with_lambda_marker(path_figure(path), path.lambdas[2])  # no marker yet: adds one
    assert [m.x0 for m in markers(fresh)] == [path.lambdas[2]]


@pytest.mark.parametrize("build", [path_figure, cv_figure])
def test_each_lambda_frame_is_the_figure_plotly_draws_with_the_marker_moved(path, build):
    """Check base + frame against plotly's own figure with the marker moved to that λ."""
    fig = build(path, current_index=path.i_1se)
    lams = [float(path.lambdas[i]) for i in (0, 7, len(path.lambdas) - 1)]
    payload = layout_payload(fig, "lambda", lambda_marker_layout, lams)
    assert figure_dict(fig) == payload["base"]  # the base figure is left as it was
    for lam, frame in zip(lams, payload["frames"]["lambda"], strict=True):
        moved = with_lambda_marker(go.Figure(fig), lam)
        assert apply_frame(payload["base"], frame) == figure_dict(moved)


def test_cv_figure_carries_the_cv_curve_band_and_counts(path):
    """Check that the traces are cv_mean ± cv_se, cv_mean, n_nonzero and the two chosen λ."""
    fig = cv_figure(path, current_index=7, unit_label="kcal/mol")
    upper, lower, mean, count, chosen = fig.data
    np.testing.assert_array_equal(mean.x, path.lambdas)
    np.testing.assert_array_equal(mean.y, path.cv_mean)
    np.testing.assert_array_equal(upper.y, path.cv_mean + path.cv_se)
    np.testing.assert_array_equal(lower.y, path.cv_mean - path.cv_se)
    np.testing.assert_array_equal(count.y, path.n_nonzero)
    assert count.yaxis == "y2"
    np.testing.assert_array_equal(chosen.x, [path.lambda_min, path.lambda_1se])
    np.testing.assert_array_equal(chosen.y, path.cv_mean[[path.i_min, path.i_1se]])
    lines = {shape.label.text: shape.x0 for shape in fig.layout.shapes if shape.name != MARKER_NAME}
    assert lines == {"λ_min": path.lambda_min, "λ_1se": path.lambda_1se}
    assert [m.x0 for m in markers(fig)] == [path.lambdas[7]]
    assert fig.layout.yaxis.title.text == "CV RMSE (kcal/mol)"
    assert fig.layout.yaxis2.title.text == "number of selected features"
    assert "kcal/mol" in fig.layout.xaxis.title.text


def test_rfe_figure_carries_the_curve_and_the_lasso_count(data, path):
    """Check that the RFE traces are its CV curve and the LASSO's count at λ_1se is a line."""
    X, y = data
    rfe = rfe_curve(X, y, step=2)
    count = int(path.n_nonzero[path.i_1se])
    fig = rfe_figure(rfe, lasso_count_at_1se=count, unit_label="kcal/mol")
    upper, lower, mean, chosen = fig.data
    np.testing.assert_array_equal(mean.x, rfe.n_features)
    np.testing.assert_array_equal(mean.y, rfe.cv_mean)
    np.testing.assert_array_equal(upper.y, rfe.cv_mean + rfe.cv_se)
    np.testing.assert_array_equal(lower.y, rfe.cv_mean - rfe.cv_se)
    np.testing.assert_array_equal(chosen.x, rfe.n_features[[rfe.i_best, rfe.i_1se]])
    assert [(s.x0, s.label.text) for s in fig.layout.shapes] == [
        (count, f"LASSO at λ_1se: {count}")
    ]
    assert fig.layout.yaxis.title.text == "CV RMSE (kcal/mol)"
    assert fig.layout.xaxis.title.text == "number of features kept"


def test_cv_axis_is_cut_at_one_and_a_half_times_the_mean_only_error(path):
    """Check that a CV curve shooting far above cv_mean[0] gets y range [0, 1.5 cv_mean[0]]."""
    assert cv_figure(path).layout.yaxis.range is None  # this curve stays below: autorange
    exploding = dataclasses.replace(path, cv_mean=path.cv_mean * np.linspace(1, 1e4, 25))
    fig = cv_figure(exploding)
    assert fig.layout.yaxis.range == (0, 1.5 * path.cv_mean[0])
    np.testing.assert_array_equal(fig.data[2].y, exploding.cv_mean)  # data untouched


@pytest.fixture(scope="module")
def twins():
    """x0 and x1 nearly identical (r ≈ 0.999), x2 and x3 correlated (r ≈ 0.9), y from x0, x2."""
    rng = np.random.default_rng(0)
    x, z = rng.normal(size=(2, 80))
    X = np.column_stack(
        [x, x + 0.05 * rng.normal(size=80), z, z + 0.5 * rng.normal(size=80), rng.normal(size=80)]
    )
    y = 2.0 * x + z + 0.3 * rng.normal(size=80)
    return X, y


@pytest.mark.parametrize("l1_ratio", [1.0, 0.1])
def test_partners_figure_carries_the_entry_lambdas_of_the_table(twins, l1_ratio):
    """Check dots at feature_enters / partner_enters, crosses at the grid's floor, bars joining."""
    X, y = twins
    result = regularization_path(X, y, l1_ratio=l1_ratio, feature_names=list("abcde"))
    table = correlated_partners(X, result, top_k=4)
    assert len(table) == 2
    floor = result.lambdas[-1]
    fig = partners_figure(table, result.lambdas, unit_label="kcal/mol")
    np.testing.assert_array_equal(fig.data[1].x, table["feature_enters"])
    entered = table["partner_enters"].notna().to_numpy()
    np.testing.assert_array_equal(fig.data[2].x, table["partner_enters"][entered])
    np.testing.assert_array_equal(fig.data[3].x, np.full((~entered).sum(), floor))
    assert len(fig.data[2].x) + len(fig.data[3].x) == len(table)
    bars = np.asarray(fig.data[0].x, dtype=float).reshape(-1, 3)
    np.testing.assert_array_equal(bars[:, 0], table["feature_enters"])
    np.testing.assert_array_equal(bars[:, 1], np.where(entered, table["partner_enters"], floor))
    assert fig.data[1].y[0].startswith("1. ") and "↔" in fig.data[1].y[0]
    assert fig.layout.xaxis.type == "log" and "kcal/mol" in fig.layout.xaxis.title.text
    lo, hi = fig.layout.xaxis.range  # the whole grid, as on the path figure (log10 units)
    assert lo < np.log10(floor) < np.log10(result.lambdas[0]) < hi


def test_partners_figure_draws_a_partner_that_never_enters_as_a_cross_at_the_floor():
    """Check a hand-made table: the NaN partner becomes a cross at λ = 0.01, its bar ends there."""
    table = pd.DataFrame(
        {
            "rank": [1, 2],
            "feature": ["MolWt", "HeavyAtomCount"],
            "partner": ["ExactMolWt", "NumValenceElectrons"],
            "r": [0.999, 0.95],
            "feature_enters": [2.0, 1.0],
            "partner_enters": [np.nan, 0.5],
            "lambda_ratio": [np.nan, 2.0],
        }
    )
    fig = partners_figure(table, lambdas=np.geomspace(4.0, 0.01, 10))
    assert list(fig.data[3].x) == [0.01] and list(fig.data[3].y) == ["1. MolWt ↔ ExactMolWt"]
    assert list(fig.data[3].text) == ["ExactMolWt (r = 1.00)"]
    assert list(fig.data[2].x) == [0.5] and list(fig.data[2].text) == [
        "NumValenceElectrons (r = 0.95)"
    ]
    np.testing.assert_array_equal(
        np.asarray(fig.data[0].x, dtype=float).reshape(-1, 3)[:, :2], [[2.0, 0.01], [1.0, 0.5]]
    )
