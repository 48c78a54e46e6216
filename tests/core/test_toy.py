"""Tests of chemviz.toy against numpy's polynomial fits, scikit-learn and hand arithmetic."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.polynomial import Polynomial, legendre
from sklearn.base import clone
from sklearn.linear_model import Ridge

from chemviz.toy import (
    PolynomialRegression,
    fit_polynomial,
    predict_polynomial,
    sine_data,
    true_function,
)


@pytest.fixture(scope="module")
def eight():
    """The workshop's setting: 8 points, noise 0.2."""
    return sine_data(8, noise=0.2, seed=0)


# ---- sine_data --------------------------------------------------------------------


def test_sine_data_shapes_range_and_order(eight):
    """Check that sine_data returns n sorted positions in [0, 1] and n targets."""
    x, y = eight
    assert x.shape == y.shape == (8,)
    assert np.all((x >= 0) & (x <= 1))
    assert np.all(np.diff(x) > 0)


def test_sine_data_is_reproducible_and_seed_dependent():
    """Check that the same seed gives the same data and another seed different data."""
    np.testing.assert_array_equal(sine_data(8, seed=3)[1], sine_data(8, seed=3)[1])
    assert not np.allclose(sine_data(8, seed=3)[0], sine_data(8, seed=4)[0])


def test_sine_data_statistics_for_large_n():
    """Check that residuals have mean ≈ 0 and std ≈ σ, and x has mean ≈ 1/2, for n = 20,000."""
    n, sigma = 20_000, 0.2
    x, y = sine_data(n, noise=sigma, seed=1)
    residual = y - np.sin(2 * np.pi * x)
    # Standard errors: mean σ/√n = 0.0014; std σ/√(2n) = 0.001; mean of x (1/√12)/√n = 0.002.
    # Tolerances are about 4 standard errors.
    assert abs(residual.mean()) < 0.006
    assert abs(residual.std() - sigma) < 0.004
    assert abs(x.mean() - 0.5) < 0.008


def test_sine_data_without_noise_is_the_truth():
    """Check that noise 0 gives y = sin(2πx) exactly."""
    x, y = sine_data(50, noise=0.0, seed=2)
    np.testing.assert_allclose(y, np.sin(2 * np.pi * x), atol=1e-15)
    np.testing.assert_allclose(true_function([0.0, 0.25, 0.75]), [0.0, 1.0, -1.0], atol=1e-15)


def test_more_data_keeps_the_existing_points():
    """Check that the 8 points of a seed are among its 20 points (the 'add data' slider)."""
    x8, y8 = sine_data(8, seed=5)
    x20, y20 = sine_data(20, seed=5)
    index = np.searchsorted(x20, x8)
    np.testing.assert_array_equal(x20[index], x8)
    np.testing.assert_array_equal(y20[index], y8)


# ---- fit_polynomial ----------------------------------------------------------------


@pytest.mark.parametrize("degree", range(7))
def test_unregularised_fit_equals_numpy_least_squares(eight, degree):
    """Check that λ = 0 gives the same curve as numpy's Polynomial.fit, degrees 0–6."""
    x, y = eight
    reference = Polynomial.fit(x, y, degree)
    grid = np.linspace(0, 1, 101)
    ours = predict_polynomial(fit_polynomial(x, y, degree), grid)
    np.testing.assert_allclose(ours, reference(grid), atol=1e-8)


def test_training_error_never_increases_with_degree(eight):
    """Check that training RMSE is non-increasing over degrees 0–7 and 0 at degree 7 (n = 8)."""
    x, y = eight
    rmse = np.array(
        [
            np.sqrt(np.mean((predict_polynomial(fit_polynomial(x, y, d), x) - y) ** 2))
            for d in range(8)
        ]
    )
    # Nested families: degree d contains degree d − 1, so the least-squares optimum
    # can only improve; 1e-12 allows for rounding.
    assert np.all(np.diff(rmse) <= 1e-12)
    assert rmse[7] < 1e-10  # 8 coefficients through 8 points: exact interpolation
    assert rmse[0] == pytest.approx(np.std(y))  # the best constant is the mean


@pytest.mark.parametrize("lam", [1e-4, 0.01, 1.0])
def test_ridge_fit_equals_scikit_learn_ridge(eight, lam):
    """Check ridge on Legendre features against sklearn Ridge with an unpenalised intercept."""
    x, y = eight
    degree, n = 6, len(x)
    features = legendre.legvander(2 * x - 1, degree)[:, 1:]
    # sklearn minimises ‖y − Xw − b‖² + α‖w‖²; dividing by n gives our
    # (1/n)‖y − ŷ‖² + λ‖w‖² with α = nλ.
    reference = Ridge(alpha=n * lam).fit(features, y)
    grid = np.linspace(0, 1, 51)
    expected = reference.predict(legendre.legvander(2 * grid - 1, degree)[:, 1:])
    ours = predict_polynomial(fit_polynomial(x, y, degree, lam), grid)
    np.testing.assert_allclose(ours, expected, atol=1e-10)


def test_coefficients_are_legendre_coefficients(eight):
    """Check that a plain coefficient array is evaluated with numpy's legval on t = 2x − 1."""
    x, y = eight
    fit = fit_polynomial(x, y, 4, 0.1)
    grid = np.linspace(0, 1, 11)
    np.testing.assert_allclose(
        predict_polynomial(fit.coef, grid), legendre.legval(2 * grid - 1, fit.coef)
    )
    np.testing.assert_allclose(
        predict_polynomial(fit, grid), legendre.legval(2 * grid - 1, fit.coef)
    )


def test_degree_above_points_gives_the_minimum_norm_exact_fit(eight):
    """Check degree 9 on 8 points: flagged, explained, interpolating, the pseudo-inverse fit."""
    x, y = eight
    fit = fit_polynomial(x, y, 9, 0.0)
    assert fit.underdetermined
    assert "infinitely many exact fits" in fit.message and "raise λ above 0" in fit.message
    np.testing.assert_allclose(predict_polynomial(fit, x), y, atol=1e-9)
    # Minimum norm over the non-constant coefficients (the intercept is free):
    z = legendre.legvander(2 * x - 1, 9)[:, 1:]
    z_centred = z - z.mean(axis=0)
    w = np.linalg.pinv(z_centred) @ (y - y.mean())
    np.testing.assert_allclose(fit.coef[1:], w, atol=1e-8)
    np.testing.assert_allclose(fit.coef[0], y.mean() - z.mean(axis=0) @ w, atol=1e-8)


@pytest.mark.parametrize(
    ("degree", "lam", "flag"), [(7, 0.0, False), (15, 1e-3, False), (8, 0.0, True)]
)
def test_underdetermined_flag(eight, degree, lam, flag):
    """Check that only λ = 0 with degree ≥ n (8 points) is flagged underdetermined."""
    x, y = eight
    fit = fit_polynomial(x, y, degree, lam)
    assert fit.underdetermined is flag
    assert (fit.message != "") is flag


# ---- the scikit-learn wrapper --------------------------------------------------------


def test_polynomial_regression_matches_numpy_on_any_range():
    """Check the estimator on x in [10, 20] against numpy, after a clone."""
    rng = np.random.default_rng(0)
    x = rng.uniform(10, 20, 30)
    y = np.cos(x) + 0.1 * rng.normal(size=30)
    model = clone(PolynomialRegression(degree=5, lam=0.0)).fit(x[:, None], y)
    np.testing.assert_allclose(model.predict(x[:, None]), Polynomial.fit(x, y, 5)(x), atol=1e-8)


def test_polynomial_regression_rejects_several_features():
    """Check that a two-column X is refused with a message naming the column count."""
    with pytest.raises(ValueError, match=r"one feature .* 2 columns"):
        PolynomialRegression().fit(np.zeros((5, 2)), np.zeros(5))


# ---- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize("degree", [-1, 21, 2.5])
def test_degree_out_of_range(eight, degree):
    """Check that degrees outside 0–20 or not whole are refused."""
    with pytest.raises(ValueError, match="whole number from 0 to 20"):
        fit_polynomial(*eight, degree)


@pytest.mark.parametrize("lam", [-0.1, np.nan, np.inf])
def test_negative_or_invalid_lambda(eight, lam):
    """Check that λ < 0, NaN or infinite is refused."""
    with pytest.raises(ValueError, match="λ must be zero or positive"):
        fit_polynomial(*eight, 2, lam)


def test_nan_targets_are_counted():
    """Check that NaN in y is refused with the number of missing values."""
    y = np.array([0.0, np.nan, 1.0, np.nan])
    with pytest.raises(ValueError, match="2 missing"):
        fit_polynomial(np.linspace(0, 1, 4), y, 1)


def test_mismatched_lengths():
    """Check that x and y of different lengths are refused."""
    with pytest.raises(ValueError, match="same, non-zero length"):
        fit_polynomial(np.zeros(3), np.zeros(4), 1)


@pytest.mark.parametrize(
    ("n", "noise", "match"),
    [(0, 0.2, "at least 1"), (3.5, 0.2, "whole number"), (5, -1.0, "noise level")],
)
def test_sine_data_bad_settings(n, noise, match):
    """Check that impossible data settings are refused with a message."""
    with pytest.raises(ValueError, match=match):
        sine_data(n, noise)
