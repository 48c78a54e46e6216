"""Tests of chemviz.models against scikit-learn, numpy, RDKit and hand arithmetic."""

from __future__ import annotations

import numpy as np
import pytest
from rdkit import Chem, DataStructs
from rdkit.Chem import Crippen, rdFingerprintGenerator
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, r2_score, root_mean_squared_error
from sklearn.model_selection import GroupKFold, KFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from chemviz.kernels import kernel_matrix
from chemviz.models import (
    WORKED_X,
    WORKED_Y,
    explain_prediction,
    krr_cv_grid,
    krr_fit,
    krr_predict,
    linear_kernel_equivalence,
    regression_metrics,
    ridge_closed_form,
    ridge_worked_example,
    solve_shifted,
    train_test_indices,
)

SMILES = [
    "CCO", "CCCO", "CCCCO", "CCCCCO", "CC(C)O", "CC(=O)O", "CCC(=O)O", "CCOC(=O)C", "c1ccccc1",
    "Cc1ccccc1", "CCc1ccccc1", "Oc1ccccc1", "Nc1ccccc1", "Clc1ccccc1", "Brc1ccccc1",
    "c1ccc2ccccc2c1", "CC(=O)Nc1ccc(O)cc1", "C1CCCCC1", "C1CCOC1", "CCN(CC)CC", "OCC(O)CO",
    "CCCCCCCCCC", "O=C(O)c1ccccc1O", "CCOCC", "CC(C)=O", "CCCl", "ClCCl", "c1ccncc1",
    "Cc1ccncc1", "CC#N",
]  # fmt: skip


@pytest.fixture(scope="module")
def data():
    """Random features and a smooth target with noise: 30 molecules, 4 features."""
    rng = np.random.default_rng(11)
    X = rng.normal(size=(30, 4))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] ** 2 + 0.1 * rng.normal(size=30)
    return X, y


@pytest.fixture(scope="module")
def fingerprints():
    """Morgan bit vectors of 30 small molecules, their RDKit Tanimoto matrix, and logP."""
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=1024)
    mols = [Chem.MolFromSmiles(s) for s in SMILES]
    fps = [gen.GetFingerprint(m) for m in mols]
    X = np.array([gen.GetFingerprintAsNumPy(m) for m in mols])
    K = np.array([DataStructs.BulkTanimotoSimilarity(fp, fps) for fp in fps])
    y = np.array([Crippen.MolLogP(m) for m in mols])
    return X, K, y


# ---- the worked example and ridge -------------------------------------------------


def test_worked_example_normal_equations_by_hand():
    """Check XᵀX and Xᵀy of the workshop's example against the arithmetic done by hand."""
    # XᵀX = [[1+1+1+1, 1+1.5+2.5+3], [·, 1 + 2.25 + 6.25 + 9]] = [[4, 8], [8, 18.5]]
    # Xᵀy = [2 + 2.5 + 1.25 + 3, 2 + 1.5·2.5 + 2.5·1.25 + 3·3] = [8.75, 2 + 3.75 + 3.125 + 9]
    #     = [8.75, 17.875]
    np.testing.assert_array_equal(WORKED_X.T @ WORKED_X, [[4.0, 8.0], [8.0, 18.5]])
    np.testing.assert_array_equal(WORKED_X.T @ WORKED_Y, [8.75, 17.875])


def test_worked_example_at_lambda_zero_is_least_squares():
    """Check λ = 0 against np.linalg.lstsq and the hand solution (1.8875, 0.15)."""
    # det = 4·18.5 − 8·8 = 10; w = [[18.5, −8], [−8, 4]]·[8.75, 17.875] / 10
    #     = [(161.875 − 143) / 10, (−70 + 71.5) / 10] = [1.8875, 0.15]
    row = ridge_worked_example([0.0]).iloc[0]
    lstsq = np.linalg.lstsq(WORKED_X, WORKED_Y, rcond=None)[0]
    np.testing.assert_allclose([row.intercept, row.slope], lstsq, rtol=1e-12)
    np.testing.assert_allclose([row.intercept, row.slope], [1.8875, 0.15], rtol=1e-12)


@pytest.mark.parametrize(
    ("lam", "expected"),
    [
        # [[5, 8], [8, 19.5]], det 33.5: w = [19.5·8.75 − 8·17.875, −8·8.75 + 5·17.875] / 33.5
        (1.0, [27.625 / 33.5, 19.375 / 33.5]),
        # [[14, 8], [8, 28.5]], det 335: w = [28.5·8.75 − 8·17.875, −8·8.75 + 14·17.875] / 335
        (10.0, [106.375 / 335, 180.25 / 335]),
    ],
)
def test_worked_example_with_penalty_by_hand(lam, expected):
    """Check λ = 1 and 10 against Cramer's rule worked by hand, and ‖w‖ shrinking."""
    table = ridge_worked_example([0.0, lam])
    np.testing.assert_allclose(table.iloc[1][["intercept", "slope"]], expected, rtol=1e-12)
    assert table.norm.iloc[1] < table.norm.iloc[0]


@pytest.mark.parametrize("lam", [1e-3, 0.5, 10.0, 300.0])
def test_ridge_closed_form_matches_sklearn_ridge_without_intercept(data, lam):
    """Check (XᵀX + λI)⁻¹Xᵀy against sklearn's Ridge(alpha=λ, fit_intercept=False)."""
    # sklearn minimises ‖y − Xw‖² + α‖w‖², whose normal equations are (XᵀX + αI) w = Xᵀy.
    X, y = data
    reference = Ridge(alpha=lam, fit_intercept=False, solver="cholesky").fit(X, y).coef_
    np.testing.assert_allclose(ridge_closed_form(X, y, lam), reference, rtol=1e-10)


@pytest.mark.parametrize(
    "X",
    [np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]), np.arange(12.0).reshape(2, 6)],
    ids=["duplicated columns", "more features than molecules"],
)
def test_ridge_at_lambda_zero_on_a_singular_system_explains(X):
    """Check that a singular XᵀX at λ = 0 raises a ValueError suggesting λ > 0."""
    with pytest.raises(ValueError, match=r"XᵀX is singular: there are more features.*use λ > 0"):
        ridge_closed_form(X, np.ones(len(X)), 0.0)


def test_ridge_at_lambda_zero_with_a_column_equal_to_the_sum_of_two_others_explains():
    """Check that x₂ = x₀ + x₁ at λ = 0 raises the singular message, though Cholesky succeeds."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(10, 2))
    X = np.column_stack([X, X[:, 0] + X[:, 1]])
    # Rounding leaves XᵀX barely positive definite: the factorisation alone does not
    # notice (this is what let garbage weights through); its condition number does.
    np.linalg.cholesky(X.T @ X)
    assert 1 / np.linalg.cond(X.T @ X, 1) < 3 * np.finfo(float).eps
    with pytest.raises(ValueError, match=r"XᵀX is singular: .*linearly dependent.*use λ > 0"):
        ridge_closed_form(X, rng.normal(size=10), 0.0)


def test_ridge_at_lambda_zero_on_a_well_posed_system_equals_numpy_lstsq(data):
    """Check that λ = 0 with independent columns (and an intercept) is numpy's least squares."""
    X, y = data
    X = np.column_stack([np.ones(len(X)), X])
    reference = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(ridge_closed_form(X, y, 0.0), reference, rtol=1e-10)


def test_ridge_rejects_negative_lambda_and_nan_target(data):
    """Check the ValueErrors for λ < 0 and a target with NaN."""
    X, y = data
    with pytest.raises(ValueError, match="λ must be ≥ 0"):
        ridge_closed_form(X, y, -1.0)
    with pytest.raises(ValueError, match="y contains NaN for 1 molecules"):
        ridge_closed_form(X, np.where(np.arange(len(y)) == 3, np.nan, y), 1.0)


# ---- kernel ridge --------------------------------------------------------------------


@pytest.mark.parametrize("lam", [1e-4, 0.1, 5.0])
def test_krr_fit_and_predict_match_sklearn_kernel_ridge(fingerprints, lam):
    """Check a = (K + λI)⁻¹y and K a against sklearn's KernelRidge on an RDKit Tanimoto matrix."""
    _, K, y = fingerprints
    train, test = np.arange(22), np.arange(22, 30)
    model = KernelRidge(alpha=lam, kernel="precomputed").fit(K[np.ix_(train, train)], y[train])
    alpha = krr_fit(K[np.ix_(train, train)], y[train], lam)
    np.testing.assert_allclose(alpha, model.dual_coef_, rtol=1e-8)
    np.testing.assert_allclose(
        krr_predict(K[np.ix_(test, train)], alpha),
        model.predict(K[np.ix_(test, train)]),
        rtol=1e-8,
    )


def test_krr_at_lambda_zero_with_a_duplicate_molecule_explains():
    """Check that K + 0·I with two identical molecules raises the singular-system ValueError."""
    K = kernel_matrix([[1, 0, 1], [1, 0, 1], [0, 1, 1]], kind="tanimoto")
    with pytest.raises(ValueError, match=r"K is singular.*use λ > 0"):
        krr_fit(K, [1.0, 2.0, 3.0], 0.0)


def test_krr_at_lambda_zero_with_a_very_wide_gaussian_explains():
    """Check that σ = 100 on points ~1 apart (every k ≈ 1) at λ = 0 raises the singular message."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, 3))
    K = kernel_matrix(X, kind="gaussian", sigma=100.0)
    # k = exp(−d²/10⁴) with d² ≲ 40: every entry lies within 0.4 % of 1.
    assert K.min() > 0.996
    with pytest.raises(ValueError, match=r"K is singular: .*so wide that every similarity is ≈ 1"):
        krr_fit(K, rng.normal(size=20), 0.0)
    # The same matrix with a penalty is well posed: sklearn's KernelRidge agrees.
    y = rng.normal(size=20)
    reference = KernelRidge(alpha=1e-3, kernel="precomputed").fit(K, y).dual_coef_
    np.testing.assert_allclose(krr_fit(K, y, 1e-3), reference, rtol=1e-8)


def test_krr_predict_rejects_a_kernel_of_the_wrong_width():
    """Check that a kernel without one column per weight raises a ValueError."""
    with pytest.raises(ValueError, match="one column per training molecule"):
        krr_predict(np.ones((2, 3)), np.ones(4))


@pytest.mark.parametrize("lam", [1e-3, 1.0, 50.0])
def test_linear_kernel_ridge_equals_ridge(data, lam):
    """Check that linear-kernel KRR (dual) and ridge (primal) both predict as sklearn's Ridge."""
    X, y = data
    X_new = np.random.default_rng(2).normal(size=(6, 4))
    result = linear_kernel_equivalence(X, y, lam, X_new)
    reference = Ridge(alpha=lam, fit_intercept=False, solver="cholesky").fit(X, y).predict(X_new)
    np.testing.assert_allclose(result.primal, reference, rtol=1e-9)
    np.testing.assert_allclose(result.dual, reference, rtol=1e-9)
    np.testing.assert_allclose(X.T @ result.alpha, result.w, rtol=1e-9)  # w = Xᵀa
    assert result.max_difference < 1e-10


# ---- the cross-validated grid ----------------------------------------------------------


def _sklearn_grid(make_model, K_or_X, y, params, lambdas, folds):
    """Mean and std over folds of the four errors, fitting sklearn once per grid cell."""
    scoring = {"rmse": "neg_root_mean_squared_error", "mae": "neg_mean_absolute_error"}
    keys = ("train_rmse", "cv_rmse", "train_mae", "cv_mae", "train_rmse_std", "cv_rmse_std")
    out = {key: np.empty((len(params), len(lambdas))) for key in keys}
    for i, p in enumerate(params):
        for j, lam in enumerate(lambdas):
            scores = cross_validate(
                make_model(p, lam), K_or_X, y, cv=folds, scoring=scoring, return_train_score=True
            )
            for ours, theirs in (("train", "train"), ("cv", "test")):
                out[f"{ours}_rmse"][i, j] = -scores[f"{theirs}_rmse"].mean()
                out[f"{ours}_mae"][i, j] = -scores[f"{theirs}_mae"].mean()
                out[f"{ours}_rmse_std"][i, j] = scores[f"{theirs}_rmse"].std()
    return out


def _assert_grid_equal(result, reference):
    for key, expected in reference.items():
        np.testing.assert_allclose(getattr(result, key), expected, rtol=1e-8, err_msg=key)


@pytest.mark.parametrize("n", [1, 2, 3, 40])
def test_solve_shifted_matches_one_solve_per_lambda(n):
    """Check that one eigendecomposition gives numpy's solve of (K + λI) a = y for every λ."""
    rng = np.random.default_rng(n)
    X = rng.normal(size=(n, 5))
    K, y = kernel_matrix(X, kind="gaussian", sigma=3.0), rng.normal(size=n)
    lambdas = np.array([1e-4, 0.01, 1.0, 100.0])
    alphas = solve_shifted(K.copy(), y, lambdas)
    assert alphas.shape == (n, 4)
    for j, lam in enumerate(lambdas):
        reference = np.linalg.solve(K + lam * np.eye(n), y)
        np.testing.assert_allclose(alphas[:, j], reference, rtol=1e-9, atol=1e-12)


def test_solve_shifted_leaves_a_read_only_kernel_alone():
    """Check that a read-only K (as the page caches it) is not written to."""
    K = kernel_matrix(np.arange(8.0).reshape(4, 2), kind="gaussian", sigma=5.0)
    K.setflags(write=False)
    before = K.copy()
    solve_shifted(K, np.ones(4), np.array([0.1]))
    np.testing.assert_array_equal(K, before)


def test_solve_shifted_flags_the_singular_lambdas_by_the_exact_condition_number():
    """Check K = [[1, 1], [1, 1]] (eigenvalues 0 and 2): λ = 0 is singular, λ = 1e-3 is not."""
    K = np.ones((2, 2))
    with pytest.raises(ValueError, match="K is singular"):
        solve_shifted(K.copy(), np.array([1.0, 2.0]), np.array([0.0, 1.0]))
    # det(K + λI) = (1 + λ)² − 1 = λ(2 + λ) and (K + λI)⁻¹ = [[1 + λ, −1], [−1, 1 + λ]] / det,
    # so for y = (1, 2): a₀ = (1 + λ − 2) / det = (λ − 1) / det, a₁ = (−1 + 2 + 2λ) / det.
    lam = 1e-3
    a = solve_shifted(K.copy(), np.array([1.0, 2.0]), np.array([lam]))[:, 0]
    np.testing.assert_allclose(a, np.array([lam - 1, 1 + 2 * lam]) / (lam * (2 + lam)), rtol=1e-9)


def test_cv_grid_gaussian_matches_sklearn_kernel_ridge(data):
    """Check train/CV RMSE and MAE over (σ, λ) against sklearn's rbf KernelRidge, γ = 1/σ²."""
    X, y = data
    sigmas, lambdas = [0.7, 2.0, 6.0], np.array([1e-3, 0.1, 3.0])
    result = krr_cv_grid(X, y, "gaussian", [{"sigma": s} for s in sigmas], lambdas, folds=5, seed=3)
    expected_folds = list(KFold(5, shuffle=True, random_state=3).split(X))
    for (tr, te), (etr, ete) in zip(result.folds, expected_folds, strict=True):
        np.testing.assert_array_equal(tr, etr)
        np.testing.assert_array_equal(te, ete)
    reference = _sklearn_grid(
        lambda p, lam: KernelRidge(alpha=lam, kernel="rbf", gamma=1 / p["sigma"] ** 2),
        X, y, result.params, lambdas, expected_folds,
    )  # fmt: skip
    _assert_grid_equal(result, reference)


def test_cv_grid_scaled_in_folds_matches_a_scaler_kernel_ridge_pipeline(data):
    """Check scale_in_folds against StandardScaler + rbf KernelRidge refitted in every fold.

    Columns in wildly different units, one of them constant in most molecules,
    so that scaling with all molecules and with each fold's training rows differ.
    """
    X, y = data
    X = X * np.array([1.0, 100.0, 0.01, 5.0]) + np.array([0.0, 300.0, -2.0, 1.0])
    X[:, 3] = np.where(np.arange(len(y)) < 4, X[:, 3], 1.0)  # set in only 4 of 30 molecules
    sigmas, lambdas = [1.0, 3.0], np.array([1e-2, 0.3])
    grid = [{"sigma": s} for s in sigmas]
    result = krr_cv_grid(X, y, "gaussian", grid, lambdas, folds=5, seed=1, scale_in_folds=True)
    reference = _sklearn_grid(
        lambda p, lam: make_pipeline(
            StandardScaler(), KernelRidge(alpha=lam, kernel="rbf", gamma=1 / p["sigma"] ** 2)
        ),
        X, y, result.params, lambdas, result.folds,
    )  # fmt: skip
    _assert_grid_equal(result, reference)
    # Scaling once with all 30 molecules, the leak the option avoids, gives other numbers.
    leaky = krr_cv_grid(StandardScaler().fit_transform(X), y, "gaussian", grid, lambdas, 5, 1)
    assert not np.allclose(leaky.cv_rmse, result.cv_rmse, rtol=1e-6)


@pytest.mark.parametrize("lam", [1e-3, 0.1])
def test_cv_grid_per_sample_lambda_is_n_train_times_larger(data, lam):
    """Check per_sample: each fold solves with α = n_train·λ (23 molecules: folds of 17 and 18)."""
    X, y = data[0][:23], data[1][:23]
    result = krr_cv_grid(X, y, "gaussian", [{"sigma": 2.0}], [lam], 4, 0, per_sample=True)
    train_rmse, cv_rmse = [], []
    for tr, te in result.folds:
        model = KernelRidge(alpha=len(tr) * lam, kernel="rbf", gamma=0.25).fit(X[tr], y[tr])
        train_rmse.append(root_mean_squared_error(y[tr], model.predict(X[tr])))
        cv_rmse.append(root_mean_squared_error(y[te], model.predict(X[te])))
    assert sorted(len(tr) for tr, _ in result.folds) == [17, 17, 17, 18]
    assert result.cv_rmse[0, 0] == pytest.approx(np.mean(cv_rmse), rel=1e-8)
    assert result.train_rmse[0, 0] == pytest.approx(np.mean(train_rmse), rel=1e-8)


def test_cv_grid_tanimoto_matches_sklearn_on_rdkit_kernel(fingerprints):
    """Check the Tanimoto grid against sklearn's KernelRidge on RDKit's Tanimoto matrix."""
    X, K, y = fingerprints
    lambdas = np.logspace(-3, 1, 5)
    result = krr_cv_grid(X, y, "tanimoto", [{}], lambdas, folds=4, seed=0)
    reference = _sklearn_grid(
        lambda p, lam: KernelRidge(alpha=lam, kernel="precomputed"),
        K, y, [{}], lambdas, result.folds,
    )  # fmt: skip
    _assert_grid_equal(result, reference)


def test_cv_grid_linear_kernel_with_explicit_folds_matches_ridge(data):
    """Check ridge by the linear kernel over 40 λ on grouped folds against sklearn's Ridge."""
    X, y = data
    lambdas = np.logspace(-4, 3, 40)
    groups = np.arange(len(y)) % 6
    folds = list(GroupKFold(3).split(X, y, groups))
    result = krr_cv_grid(X, y, "linear", [{}], lambdas, folds=folds)
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(result.folds, folds, strict=True))
    reference = _sklearn_grid(
        lambda p, lam: Ridge(alpha=lam, fit_intercept=False, solver="cholesky"),
        X, y, [{}], lambdas, folds,
    )  # fmt: skip
    _assert_grid_equal(result, reference)


def test_cv_grid_best_is_the_lowest_cv_error(data):
    """Check that ``best`` points at the minimum of ``cv_rmse``."""
    X, y = data
    result = krr_cv_grid(X, y, "gaussian", [{"sigma": s} for s in (0.5, 2, 8)], [1e-3, 1e-1, 10])
    i, j = result.best
    assert result.cv_rmse[i, j] == result.cv_rmse.min()
    assert result.cv_rmse.shape == result.cv_rmse_std.shape == (3, 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"folds": 31}, r"more folds \(31\) than molecules \(30\)"),
        ({"folds": 1}, "at least 2 folds"),
        ({"lambdas": [1.0, -0.1]}, "λ must be ≥ 0"),
        ({"lambdas": []}, "The grid is empty"),
        ({"params_grid": []}, "The grid is empty"),
        (
            {"folds": [(np.arange(5), np.arange(4, 8))]},
            "same molecule for training and for testing",
        ),
        ({"folds": [(np.arange(5), np.array([40]))]}, "between 0 and 29"),
        ({"folds": [(np.arange(5), np.array([], dtype=int))]}, "at least one training"),
        ({"kind": "tanimoto", "params_grid": [{}]}, "pick a fingerprint representation"),
    ],
)
def test_cv_grid_bad_settings_raise_clear_errors(data, kwargs, message):
    """Check the ValueErrors for bad folds, λ, an empty grid and a kernel that does not fit."""
    X, y = data
    settings = {"kind": "gaussian", "params_grid": [{"sigma": 1.0}], "lambdas": [0.1]} | kwargs
    with pytest.raises(ValueError, match=message):
        krr_cv_grid(X, y, **settings)


def test_cv_grid_rejects_nan_target(data):
    """Check that NaN in y raises a ValueError with the count (the caller excludes them)."""
    X, y = data
    y = y.copy()
    y[[2, 5]] = np.nan
    with pytest.raises(ValueError, match="y contains NaN for 2 molecules"):
        krr_cv_grid(X, y, "gaussian", [{"sigma": 1.0}], [0.1])


def test_krr_with_a_tiny_lambda_on_duplicates_asks_for_a_larger_lambda():
    """Check that λ = 1e-20 on a singular K raises a ValueError naming that λ."""
    K = kernel_matrix([[1, 0, 1], [1, 0, 1], [0, 1, 1]], kind="tanimoto")
    with pytest.raises(ValueError, match="numerically singular at λ = 1e-20.*use a larger λ"):
        krr_fit(K, [1.0, 2.0, 3.0], 1e-20)
    with pytest.raises(ValueError, match="numerically singular at λ = 1e-20.*use a larger λ"):
        krr_cv_grid(np.repeat(np.eye(4), 3, axis=0), np.arange(12.0), "tanimoto", [{}], [1e-20], 3)


def test_cv_grid_at_lambda_zero_with_duplicates_is_singular():
    """Check that λ = 0 with duplicated molecules raises the singular-system ValueError."""
    X = np.repeat(np.eye(4), 3, axis=0)  # every molecule three times
    with pytest.raises(
        ValueError, match="K is singular: some molecules have the same representation"
    ):
        krr_cv_grid(X, np.arange(12.0), "tanimoto", [{}], [0.0, 1.0], folds=3)


# ---- explaining a prediction -----------------------------------------------------------


def test_explanation_sums_to_the_prediction(fingerprints):
    """Check that the listed contributions plus the remainder equal krr_predict."""
    _, K, y = fingerprints
    train = np.arange(25)
    alpha = krr_fit(K[np.ix_(train, train)], y[train], 0.1)
    k_star = K[27, train]
    names = [SMILES[i] for i in train]
    result = explain_prediction(k_star, alpha, names=names, top=5)
    prediction = krr_predict(k_star[None, :], alpha)[0]
    assert result.table.contribution.sum() + result.remainder == pytest.approx(
        prediction, abs=1e-12
    )
    assert result.prediction == pytest.approx(prediction, abs=1e-12)
    assert len(result.table) == 5 and result.n_remainder == 20
    magnitudes = np.abs(result.table.contribution.to_numpy())
    assert np.all(np.diff(magnitudes) <= 0)
    assert (
        magnitudes[-1] >= np.abs(alpha * k_star)[np.setdiff1d(train, result.table["index"])].max()
    )
    np.testing.assert_allclose(result.table.contribution, result.table.kernel * result.table.alpha)
    assert list(result.table.name) == [names[i] for i in result.table["index"]]


def test_explanation_of_two_molecules_by_hand():
    """Check a = (2, −1), k = (0.5, 0.8): terms 1.0 and −0.8, prediction 0.2."""
    result = explain_prediction([0.5, 0.8], [2.0, -1.0], top=1)
    assert list(result.table.contribution) == [1.0]
    assert result.remainder == pytest.approx(-0.8)
    assert result.prediction == pytest.approx(0.2)


# ---- splits and metrics ----------------------------------------------------------------


def test_train_test_indices_partition_and_reproduce():
    """Check that the split covers every row once, holds out 2 of 10 and repeats per seed."""
    train, test = train_test_indices(10, 0.25, seed=1)
    assert len(test) == 2 and len(train) == 8  # round(2.5) = 2 (round half to even)
    np.testing.assert_array_equal(np.sort(np.concatenate([train, test])), np.arange(10))
    again = train_test_indices(10, 0.25, seed=1)
    np.testing.assert_array_equal(test, again[1])


def test_train_test_indices_use_a_published_split():
    """Check that published train/test labels are used as given."""
    train, test = train_test_indices(4, 0.5, 0, published_split=["train", "test", "train", "test"])
    np.testing.assert_array_equal(train, [0, 2])
    np.testing.assert_array_equal(test, [1, 3])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((10, 0.0, 0, None), "between 0 and 1"),
        ((3, 0.1, 0, None), "empty training or test set"),
        ((2, 0.5, 0, ["train", "valid"]), "only say train or test"),
        ((3, 0.5, 0, ["train", "test"]), "2 labels for 3 molecules"),
    ],
)
def test_train_test_indices_errors(args, message):
    """Check the ValueErrors for a bad fraction or published split."""
    with pytest.raises(ValueError, match=message):
        train_test_indices(*args)


def test_regression_metrics_match_sklearn(data):
    """Check RMSE, MAE and R² against sklearn.metrics."""
    _, y = data
    y_hat = y + np.random.default_rng(0).normal(scale=0.3, size=len(y))
    m = regression_metrics(y, y_hat)
    assert m["rmse"] == pytest.approx(root_mean_squared_error(y, y_hat), rel=1e-12)
    assert m["mae"] == pytest.approx(mean_absolute_error(y, y_hat), rel=1e-12)
    assert m["r2"] == pytest.approx(r2_score(y, y_hat), rel=1e-12)


def test_regression_metrics_r2_undefined_for_a_constant_target():
    """Check that R² is NaN when every measured value is the same."""
    assert np.isnan(regression_metrics([1.0, 1.0, 1.0], [1.0, 2.0, 0.0])["r2"])


def test_standardize_uses_training_statistics_only():
    """Check that standardize matches sklearn's StandardScaler fitted on the training rows."""
    from sklearn.preprocessing import StandardScaler

    from chemviz.models import standardize

    rng = np.random.default_rng(3)
    X_train = rng.normal(5.0, [1.0, 10.0, 0.1], size=(20, 3))
    X_test = rng.normal(0.0, 1.0, size=(4, 3))
    scaler = StandardScaler().fit(X_train)
    train, test = standardize(X_train, X_test)
    np.testing.assert_allclose(train, scaler.transform(X_train), atol=1e-12)
    np.testing.assert_allclose(test, scaler.transform(X_test), atol=1e-12)


def test_standardize_centres_a_constant_column_without_dividing_by_zero():
    """Check that a column with SD 0 becomes zeros, not NaN."""
    from chemviz.models import standardize

    (out,) = standardize(np.array([[1.0, 7.0], [3.0, 7.0]]))
    np.testing.assert_array_equal(out, [[-1.0, 0.0], [1.0, 0.0]])


def test_krr_preparation_scales_with_the_training_molecules_only():
    """Check 6 molecules, 2 held out: X standardised by the 4 training rows' mean and SD."""
    from chemviz.modeldata import ModelInputs
    from chemviz.models import prepare_krr

    X = np.array([[1.0], [2.0], [3.0], [4.0], [10.0], [20.0]])
    published = np.array(["train", "train", "train", "train", "test", "test"])
    inputs = ModelInputs(X, np.arange(6.0), np.arange(6), 0, 0, ["x"], "real")
    setup = prepare_krr(inputs, published, cap=100, seed=0, test_fraction=0.2, use_published=True)
    np.testing.assert_array_equal(setup.train, [0, 1, 2, 3])
    np.testing.assert_array_equal(setup.test, [4, 5])
    # Training mean 2.5, SD sqrt((2.25 + 0.25 + 0.25 + 2.25) / 4) = sqrt(1.25).
    np.testing.assert_allclose(setup.X[:, 0], (X[:, 0] - 2.5) / np.sqrt(1.25), rtol=1e-12)
    np.testing.assert_array_equal(setup.raw_train, X[:4])
    assert setup.standardized and setup.published and setup.n_sampled == 6
    assert not setup.X.flags.writeable  # shared between sessions


def test_krr_preparation_keeps_fingerprints_as_they_are_and_samples_above_the_cap():
    """Check 10 binary rows, cap 5: numpy's seeded draw, bits unscaled, a random split of it."""
    from chemviz.modeldata import ModelInputs
    from chemviz.models import prepare_krr, train_test_indices

    X = (np.arange(30).reshape(10, 3) % 2).astype(np.uint8)
    inputs = ModelInputs(X, np.arange(10.0), np.arange(10), 0, 0, ["a", "b", "c"], "binary")
    setup = prepare_krr(inputs, None, cap=5, seed=1, test_fraction=0.4, use_published=False)
    sample = np.sort(np.random.default_rng(1).choice(10, size=5, replace=False))
    train, test = train_test_indices(5, 0.4, 1, None)
    np.testing.assert_array_equal(setup.train, sample[train])
    np.testing.assert_array_equal(setup.test, sample[test])
    assert setup.X is X or np.shares_memory(setup.X, X)  # not copied, not scaled
    assert not setup.standardized and setup.raw_train is None and setup.n_sampled == 5
