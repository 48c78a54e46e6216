"""Tests of chemviz.selection against scikit-learn and arithmetic worked by hand."""

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_selection import RFE, RFECV
from sklearn.linear_model import ElasticNet, Lasso, Ridge, enet_path, lasso_path
from sklearn.model_selection import KFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from chemviz.selection import (
    coefficients_at,
    count_dropped,
    cv_predictions,
    describe_feature,
    drop_uninformative,
    elimination_table,
    index_of_lambda,
    one_standard_error_index,
    regularization_path,
    rfe_curve,
    workshop_penalty,
)
from chemviz.selection.path import entry_order


def make_data(n=60, p=8, seed=0):
    """Features on very different scales; y depends on columns 0, 1 and 2 only."""
    rng = np.random.default_rng(seed)
    scales = np.logspace(-2, 3, p)  # 0.01 … 1000: standardisation matters
    X = rng.normal(size=(n, p)) * scales + 5.0
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    y = 3.0 * z[:, 0] - 2.0 * z[:, 1] + 1.0 * z[:, 2] + 0.5 * rng.normal(size=n) + 10.0
    return X, y


@pytest.fixture(scope="module")
def data():
    return make_data()


@pytest.fixture(scope="module")
def path(data):
    X, y = data
    return regularization_path(X, y, n_lambdas=30)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_path_coefficients_equal_sklearn_path_on_standardised_data(data, l1_ratio):
    """Check that the coefficients and the λ grid equal lasso_path / enet_path on standardised X."""
    X, y = data
    result = regularization_path(X, y, l1_ratio=l1_ratio, n_lambdas=30)
    X_std = StandardScaler().fit_transform(X)
    y_c = y - y.mean()
    if l1_ratio == 1.0:
        auto_grid, _, _ = lasso_path(X_std, y_c, alphas=30)
        _, reference, _ = lasso_path(X_std, y_c, alphas=result.lambdas)
    else:
        auto_grid, _, _ = enet_path(X_std, y_c, l1_ratio=l1_ratio, alphas=30)
        _, reference, _ = enet_path(X_std, y_c, l1_ratio=l1_ratio, alphas=result.lambdas)
    np.testing.assert_allclose(result.lambdas, auto_grid, rtol=1e-12)
    np.testing.assert_allclose(result.coefs, reference, atol=1e-10)
    np.testing.assert_array_equal(result.n_nonzero, np.count_nonzero(reference, axis=0))


def test_lambda_max_is_the_smallest_lambda_with_all_coefficients_zero(data):
    """Check that λ_max = max|x_jᵀy|/n zeroes every coefficient and a λ 1 % smaller does not."""
    X, y = data
    result = regularization_path(X, y, n_lambdas=30)
    X_std = StandardScaler().fit_transform(X)
    lam_max = np.max(np.abs(X_std.T @ (y - y.mean()))) / len(y)
    assert result.lambdas[0] == pytest.approx(lam_max)
    assert np.all(result.coefs[:, 0] == 0)
    below = Lasso(alpha=0.99 * lam_max, tol=1e-12).fit(X_std, y - y.mean())
    assert np.count_nonzero(below.coef_) == 1


@pytest.mark.parametrize("index", [5, 15, 29])
def test_original_units_reproduce_the_pipeline_prediction_on_raw_x(data, path, index):
    """Check that X @ coef_orig + intercept equals Pipeline(StandardScaler, Lasso).predict(X)."""
    X, y = data
    pipeline = make_pipeline(StandardScaler(), Lasso(alpha=path.lambdas[index], tol=1e-10))
    expected = pipeline.fit(X, y).predict(X)
    ours = X @ path.coefs_original[:, index] + path.intercepts_original[index]
    np.testing.assert_allclose(ours, expected, atol=1e-4 * np.ptp(y))
    fitted = cv_predictions(X, y, path, index)["y_fit"].to_numpy()
    np.testing.assert_allclose(fitted, expected, atol=1e-4 * np.ptp(y))


def test_original_coefficients_divide_by_the_population_standard_deviation(data, path):
    """Check that coef_orig = coef_std / σ_j with σ_j the population (ddof=0) SD of column j."""
    X, _ = data
    np.testing.assert_allclose(path.coefs_original, path.coefs / X.std(axis=0)[:, None])


@pytest.mark.parametrize(
    ("cv_mean", "cv_se", "expected"),
    [
        # min 2.0 at index 3; threshold 2.0 + 0.25 = 2.25; first value ≤ 2.25 is 2.2 at index 2
        ([5.0, 3.0, 2.2, 2.0, 2.1], [0.1, 0.1, 0.3, 0.25, 0.2], 2),
        # min 1 at index 2; threshold 1.1; nothing before it is ≤ 1.1, so the minimum itself
        ([3.0, 2.0, 1.0], [0.1, 0.1, 0.1], 2),
        # threshold 2.0 + 0.25 = 2.25 exactly (binary fractions): equality counts
        ([2.5, 2.25, 2.0], [0.0, 0.0, 0.25], 1),
        # a wide SE at the minimum reaches back to the first (largest) λ: 1.0 + 2.0 = 3.0 ≥ 2.9
        ([2.9, 1.5, 1.0, 1.2], [0.0, 0.0, 2.0, 0.0], 0),
    ],
)
def test_one_standard_error_rule_on_hand_made_errors(cv_mean, cv_se, expected):
    """Check that the 1-SE index is the first one within one SE of the minimum (hand arithmetic)."""
    assert one_standard_error_index(np.array(cv_mean), np.array(cv_se)) == expected


def test_path_indices_follow_the_rules_on_its_own_cv_curve(path):
    """Check that i_min is the argmin and i_1se the first λ under cv_mean[i_min] + cv_se[i_min]."""
    assert path.cv_mean[path.i_min] == path.cv_mean.min()
    threshold = path.cv_mean[path.i_min] + path.cv_se[path.i_min]
    assert path.cv_mean[path.i_1se] <= threshold
    assert np.all(path.cv_mean[: path.i_1se] > threshold)
    assert path.lambda_1se >= path.lambda_min


def leakage_data():
    """y follows x0; x1 is noise with one enormous outlier, which dominates its full-data SD."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 3))
    X[7, 1] = 500.0
    y = 2.0 * X[:, 0] + X[:, 1] * (np.abs(X[:, 1]) < 10) + 0.3 * rng.normal(size=40)
    return X, y


def manual_cv_rmse(X, y, lam, scale_inside: bool):
    """Per-fold RMSE of Lasso(λ) on the same 5 shuffled folds, scaled inside or outside them."""
    X_all = StandardScaler().fit_transform(X)  # the leaky way: scaler saw the held-out rows
    rmse = []
    for train, test in KFold(5, shuffle=True, random_state=0).split(X):
        if scale_inside:
            model = make_pipeline(StandardScaler(), Lasso(alpha=lam, tol=1e-10))
            pred = model.fit(X[train], y[train]).predict(X[test])
        else:
            pred = Lasso(alpha=lam, tol=1e-10).fit(X_all[train], y[train]).predict(X_all[test])
        rmse.append(np.sqrt(np.mean((pred - y[test]) ** 2)))
    return np.mean(rmse), np.std(rmse, ddof=1) / np.sqrt(5)


@pytest.mark.parametrize("index", [10, 20, 29])
def test_cv_error_scales_inside_each_fold_and_differs_from_the_leaky_way(index):
    """Check that CV RMSE equals per-fold Pipeline(StandardScaler, Lasso), not the leaky value."""
    X, y = leakage_data()
    result = regularization_path(X, y, n_lambdas=30, folds=5, seed=0)
    lam = result.lambdas[index]
    inside_mean, inside_se = manual_cv_rmse(X, y, lam, scale_inside=True)
    leaky_mean, _ = manual_cv_rmse(X, y, lam, scale_inside=False)
    assert result.cv_mean[index] == pytest.approx(inside_mean, rel=1e-4)
    assert result.cv_se[index] == pytest.approx(inside_se, rel=1e-3)
    assert abs(leaky_mean - inside_mean) > 0.01 * inside_mean


def test_an_extreme_held_out_value_is_named_in_the_notes():
    """Check that x = 500 among N(0, 1) values (≈ 500 training SDs out) is reported by row."""
    X, y = leakage_data()
    result = regularization_path(X, y, n_lambdas=10, feature_names=["x0", "x1", "x2"])
    assert any("row 7 of X has 'x1'" in note for note in result.notes)


def test_out_of_fold_predictions_come_from_models_that_did_not_see_the_molecule():
    """Check that y_cv equals the prediction of a pipeline fitted without that molecule's fold."""
    X, y = leakage_data()
    result = regularization_path(X, y, n_lambdas=30, folds=5, seed=0)
    table = cv_predictions(X, y, result, 20)
    expected = np.empty(len(y))
    folds = np.empty(len(y), dtype=int)
    for k, (train, test) in enumerate(KFold(5, shuffle=True, random_state=0).split(X)):
        model = make_pipeline(StandardScaler(), Lasso(alpha=result.lambdas[20], tol=1e-10))
        expected[test] = model.fit(X[train], y[train]).predict(X[test])
        folds[test] = k
    np.testing.assert_allclose(table["y_cv"], expected, rtol=1e-5, atol=1e-4)
    np.testing.assert_array_equal(table["fold"], folds)
    np.testing.assert_array_equal(table["y"], y)


def test_elastic_net_cv_matches_a_per_fold_elastic_net_pipeline(data):
    """Check that the elastic-net CV RMSE equals a per-fold Pipeline(StandardScaler, ElasticNet)."""
    X, y = data
    result = regularization_path(X, y, l1_ratio=0.3, n_lambdas=20, folds=4, seed=2)
    lam = result.lambdas[12]
    rmse = []
    for train, test in KFold(4, shuffle=True, random_state=2).split(X):
        model = make_pipeline(StandardScaler(), ElasticNet(alpha=lam, l1_ratio=0.3, tol=1e-10))
        pred = model.fit(X[train], y[train]).predict(X[test])
        rmse.append(np.sqrt(np.mean((pred - y[test]) ** 2)))
    assert result.cv_mean[12] == pytest.approx(np.mean(rmse), rel=1e-4)
    np.testing.assert_allclose(result.cv_folds[:, 12], rmse, rtol=1e-4)


def test_entry_order_on_a_hand_made_path():
    """Check that rows sort by first non-zero λ, ties by larger |coef|, never-entering last."""
    coefs = np.array(
        [
            [0.0, 0.0, 1.0],  # enters at λ index 2
            [0.0, 2.0, 3.0],  # enters at 1 with |2|
            [0.0, 0.0, 0.0],  # never enters
            [0.0, -5.0, 1.0],  # enters at 1 with |−5|: before row 1
        ]
    )
    np.testing.assert_array_equal(entry_order(coefs), [3, 1, 0, 2])


def test_entry_order_of_the_path_matches_first_nonzero_of_lasso_path(data, path):
    """Check that the entry λ index along entry_order never decreases (reference: lasso_path)."""
    X, y = data
    _, reference, _ = lasso_path(
        StandardScaler().fit_transform(X), y - y.mean(), alphas=path.lambdas
    )
    first = np.where((reference != 0).any(axis=1), (reference != 0).argmax(axis=1), 99)
    assert np.all(np.diff(first[path.entry_order]) >= 0)
    assert set(path.entry_order[:3]) == {0, 1, 2}  # the three features y is built from


def test_drop_uninformative_counts_constant_and_duplicate_columns():
    """Check that constants and later copies are dropped with reasons, first copies kept."""
    a = np.array([1.0, 2.0, 3.0, 4.0])
    b = np.array([0.0, 1.0, 0.0, 1.0])
    X = np.column_stack([np.zeros(4), a, np.full(4, 7.0), a, b, a, b])
    names = ["zero", "a", "seven", "a2", "b", "a3", "b2"]
    X_kept, kept, dropped = drop_uninformative(X, names)
    np.testing.assert_array_equal(kept, [1, 4])
    np.testing.assert_array_equal(X_kept, np.column_stack([a, b]))
    assert dropped == [
        ("zero", "constant (0 for every molecule)"),
        ("seven", "constant (7 for every molecule)"),
        ("a2", "duplicate of 'a'"),
        ("a3", "duplicate of 'a'"),
        ("b2", "duplicate of 'b'"),
    ]
    assert count_dropped(dropped) == {"constant": 2, "duplicate": 3}


def test_path_reports_dropped_columns_and_maps_kept_ones_back(data):
    """Check that a constant and a duplicate column are dropped and kept indices map back."""
    X, y = data
    X_more = np.column_stack([np.ones(len(y)), X, X[:, 2]])
    names = ["one"] + [f"x{j}" for j in range(X.shape[1])] + ["x2 again"]
    result = regularization_path(X_more, y, n_lambdas=30, feature_names=names)
    assert result.dropped_counts == {"constant": 1, "duplicate": 1}
    np.testing.assert_array_equal(result.kept_columns, np.arange(1, X.shape[1] + 1))
    table = coefficients_at(result, 20)
    assert set(table["column"]) <= set(range(1, X.shape[1] + 1))
    assert all(table["feature"] == [names[c] for c in table["column"]])


def test_coefficients_at_lists_nonzero_features_by_size(data, path):
    """Check that the table holds lasso_path's non-zero coefficients at a λ, largest |w| first."""
    X, y = data
    _, reference, _ = lasso_path(
        StandardScaler().fit_transform(X), y - y.mean(), alphas=path.lambdas
    )
    table = coefficients_at(path, 12)
    nonzero = np.flatnonzero(reference[:, 12])
    assert sorted(table["column"]) == sorted(nonzero)
    np.testing.assert_allclose(
        np.abs(table["coef_standardised"]), sorted(np.abs(reference[nonzero, 12]), reverse=True)
    )
    np.testing.assert_allclose(
        table["coef_original"], table["coef_standardised"] / X.std(axis=0)[table["column"]]
    )


def test_dataframe_columns_become_feature_names(data):
    """Check that a DataFrame's column names are used as feature names."""
    X, y = data
    frame = pd.DataFrame(X, columns=[f"f-chi-{d}-all" for d in range(X.shape[1])])
    result = regularization_path(frame, y, n_lambdas=10)
    assert result.feature_names == tuple(frame.columns)


def test_index_of_lambda_picks_the_nearest_grid_point_on_a_log_scale(path):
    """Check that a λ 1 % above grid point 7 maps back to index 7."""
    assert index_of_lambda(path, path.lambdas[7] * 1.01) == 7


def test_workshop_penalty_gives_the_same_objective_times_2n():
    """Check that 2n·(sklearn objective) equals the workshop objective with (λ_ws, α)."""
    rng = np.random.default_rng(1)
    X, y, w = rng.normal(size=(9, 3)), rng.normal(size=9), rng.normal(size=3)
    lam, r, n = 0.3, 0.4, 9
    rss = np.sum((y - X @ w) ** 2)
    sklearn = rss / (2 * n) + lam * r * np.abs(w).sum() + lam * (1 - r) / 2 * np.sum(w**2)
    lam_ws, alpha = workshop_penalty(lam, r, n)
    workshop = rss + lam_ws * (alpha * np.abs(w).sum() + (1 - alpha) * np.sum(w**2))
    assert 2 * n * sklearn == pytest.approx(workshop)
    assert workshop_penalty(lam, 1.0, n) == pytest.approx((2 * n * lam, 1.0))  # LASSO: λ_ws = 2nλ


def ridge_pipeline():
    return Pipeline([("scale", StandardScaler()), ("model", Ridge(alpha=1.0))])


def test_rfe_curve_equals_rfecv_cv_results_on_the_same_folds():
    """Check that the RFE curve equals RFECV's cv_results_ and the ranking RFE's, same folds."""
    X, y = make_data(n=50, p=10, seed=4)
    result = rfe_curve(X, y, folds=4, step=1, seed=1)
    reference = RFECV(
        ridge_pipeline(),
        step=1,
        cv=KFold(4, shuffle=True, random_state=1),
        scoring="neg_root_mean_squared_error",
        importance_getter="named_steps.model.coef_",
    ).fit(X, y)
    split = -np.array([reference.cv_results_[f"split{k}_test_score"] for k in range(4)])
    np.testing.assert_array_equal(result.n_features, reference.cv_results_["n_features"])
    np.testing.assert_allclose(result.cv_mean, -reference.cv_results_["mean_test_score"])
    np.testing.assert_allclose(result.cv_se, split.std(axis=0, ddof=1) / 2)  # √4 = 2
    ranking = RFE(
        ridge_pipeline(), n_features_to_select=1, importance_getter="named_steps.model.coef_"
    ).fit(X, y)
    np.testing.assert_array_equal(result.ranking, ranking.ranking_)
    assert set(result.elimination_order[-3:]) == {0, 1, 2}  # y is built from these
    assert result.n_best == result.n_features[np.argmin(result.cv_mean)]


@pytest.mark.parametrize("step", [1, 3])
def test_elimination_table_follows_sklearns_rfe_ranking(step):
    """Check rank, name and removal step of every feature against sklearn's RFE, step 1 and 3."""
    X, y = make_data(n=50, p=10, seed=4)
    names = [f"x{j}" for j in range(10)]
    result = rfe_curve(X, y, folds=4, step=step, seed=1, feature_names=names)
    reference = RFE(
        ridge_pipeline(), n_features_to_select=1, step=step,
        importance_getter="named_steps.model.coef_",
    ).fit(X, y).ranking_  # fmt: skip
    table = elimination_table(result)
    assert list(table["rank"]) == sorted(reference)
    assert dict(zip(table["feature"], table["rank"], strict=True)) == {
        f"x{j}": reference[j] for j in range(10)
    }
    np.testing.assert_array_equal(table["rank"], np.sort(result.ranking))
    # Replay the elimination by hand: 10 features, `step` removed per step, down to 1.
    left, removed = 10, {}
    for s in range(1, 10):
        if left == 1:
            break
        k = min(step, left - 1)
        left -= k
        removed[s] = (k, left)
    survivor = table.iloc[0]
    assert survivor["rank"] == 1 and pd.isna(survivor["removed_at_step"])
    for s, (k, left_after) in removed.items():
        at_step = table[table["removed_at_step"] == s]
        assert len(at_step) == k
        assert (at_step["features_left"] == left_after).all()
    # The first removed (last rows) are the largest ranks: RFEResult.elimination_order.
    first_out = {result.feature_names[j] for j in result.elimination_order[: removed[1][0]]}
    assert set(table[table["removed_at_step"] == 1]["feature"]) == first_out


def test_elimination_table_by_hand_for_step_two():
    """Check 7 features, step 2: ranks 4, 3, 2 removed at steps 1, 2, 3 leaving 5, 3 and 1."""
    X, y = make_data(n=40, p=7, seed=2)
    table = elimination_table(rfe_curve(X, y, folds=4, step=2))
    assert list(table["rank"]) == [1, 2, 2, 3, 3, 4, 4]
    assert list(table["removed_at_step"].iloc[1:]) == [3, 3, 2, 2, 1, 1]
    assert list(table["features_left"].iloc[1:]) == [1, 1, 3, 3, 5, 5]


def test_rfe_caps_to_the_most_variable_columns_after_min_max_scaling():
    """Check that RFE keeps the columns closest to half ones: p(1−p) is largest at p = ½."""
    rng = np.random.default_rng(0)
    # Column j is 1 for the first j+1 of 20 molecules: p = (j+1)/20, variance p(1−p),
    # largest for j = 9 (p = 0.5, 0.25), then j = 8 and 10 (p = 0.45, 0.55: 0.2475).
    X = (np.arange(20)[:, None] <= np.arange(15)[None, :]).astype(float)
    y = rng.normal(size=20)
    result = rfe_curve(X, y, folds=4, max_features=3)
    np.testing.assert_array_equal(result.kept_columns, [8, 9, 10])
    assert "3 most variable of 15" in result.notes[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "f-chi-2-all",
            "product autocorrelation of electronegativity (χ) over atom pairs 2 bonds apart",
        ),
        (
            "absD_f-Z-1-all",
            "absolute-difference autocorrelation of nuclear charge (Z) over bonded atom "
            "pairs (1 bond apart)",
        ),
        (
            "D_mc-chi-2-all",
            "difference autocorrelation of electronegativity (χ) over atom pairs 2 bonds "
            "apart starting from the metal",
        ),
        (
            "f-S-0-all",
            "product autocorrelation of size (S, covalent radius) over each atom with itself "
            "(depth 0)",
        ),
        (
            "f-I-3-all",
            "product autocorrelation of identity (I = 1 for every atom, so it counts atom "
            "pairs) over atom pairs 3 bonds apart",
        ),
        ("MolLogP", "MolLogP"),
        ("ECFP4 bit 123", "ECFP4 bit 123"),
        ("morgan bit 123", "morgan bit 123"),
        ("MACCS 42", "MACCS 42"),
        ("f-chi-2", "f-chi-2"),  # not a complete autocorrelation name
    ],
)
def test_describe_feature_reads_autocorrelation_names(name, expected):
    """Check that autocorrelation names become words and other names pass through."""
    assert describe_feature(name) == expected


X_OK, Y_OK = make_data(n=12, p=3)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: regularization_path(X_OK[:4], Y_OK[:4]), "Only 4 molecules for 5-fold"),
        (lambda: rfe_curve(X_OK[:3], Y_OK[:3], folds=4), "Only 3 molecules for 4-fold"),
        (
            lambda: regularization_path(np.ones((12, 3)), Y_OK),
            "All 3 features are constant or duplicates",
        ),
        (
            lambda: rfe_curve(np.ones((12, 2)), Y_OK),
            "All 2 features are constant or duplicates",
        ),
        (
            lambda: regularization_path(X_OK, np.where(np.arange(12) < 2, np.nan, Y_OK)),
            "y has 2 missing value",
        ),
        (
            lambda: regularization_path(np.where(np.eye(12, 3) > 0, np.nan, X_OK), Y_OK),
            "X has 3 missing or infinite value",
        ),
        (lambda: regularization_path(X_OK, Y_OK, l1_ratio=0), r"l1_ratio .* must be in \(0, 1\]"),
        (lambda: regularization_path(X_OK, Y_OK, l1_ratio=1.5), r"must be in \(0, 1\]"),
        (lambda: regularization_path(X_OK, Y_OK, l1_ratio=-0.2), r"must be in \(0, 1\]"),
        (lambda: regularization_path(X_OK, np.full(12, 2.0)), "nothing to predict"),
        (lambda: regularization_path(X_OK, Y_OK[:10]), "X has 12 rows .* but y has 10"),
        (lambda: regularization_path(X_OK[:, 0], Y_OK), "2-D"),
        (lambda: regularization_path(X_OK, Y_OK, folds=1), "folds must be a whole number"),
        (lambda: regularization_path(X_OK, Y_OK, n_lambdas=1), "n_lambdas must be"),
        (lambda: regularization_path(X_OK, Y_OK, feature_names=["a"]), "1 feature names for 3"),
        (lambda: regularization_path([["a", "b"]] * 12, Y_OK), "numbers only"),
        (lambda: rfe_curve(X_OK, Y_OK, estimator="forest"), "Unknown estimator 'forest'"),
        (lambda: rfe_curve(X_OK, Y_OK, step=0), "step must be"),
        (lambda: rfe_curve(X_OK, Y_OK, step=1.5), "step must be"),
        (lambda: one_standard_error_index([1.0, 2.0], [0.1]), "same, non-zero length"),
        (lambda: drop_uninformative(np.zeros((0, 3)), ["a", "b", "c"]), "at least one molecule"),
    ],
)
def test_bad_input_raises_a_readable_value_error(call, message):
    """Check that foreseeable bad input raises ValueError with a message saying what to change."""
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p, X, y: coefficients_at(p, 30), "λ index must be a whole number from 0 to 29"),
        (lambda p, X, y: coefficients_at(p, -1), "λ index must be"),
        (lambda p, X, y: cv_predictions(X[:, :3], y, p, 0), "the ones the path was computed"),
        (lambda p, X, y: index_of_lambda(p, 0.0), "λ must be positive"),
    ],
)
def test_bad_lookup_raises_a_readable_value_error(data, path, call, message):
    """Check that a λ index out of range or the wrong X raises ValueError in words."""
    X, y = data
    with pytest.raises(ValueError, match=message):
        call(path, X, y)


def test_a_target_unrelated_to_the_features_selects_nothing_and_says_so():
    """Check that pure-noise y puts λ_min at λ_max (no features) and notes it in words."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 5)), rng.normal(size=40)
    result = regularization_path(X, y, n_lambdas=20)
    assert result.i_min == 0 and result.n_nonzero[0] == 0
    assert any("no feature selected" in note for note in result.notes)


def test_a_target_that_wants_every_feature_notes_the_end_of_the_grid():
    """Check that λ_min at the smallest λ of the grid is reported in the notes."""
    X, y = make_data(n=200, p=3, seed=5)  # three informative features, little noise
    result = regularization_path(X, y, n_lambdas=20)
    assert result.i_min == 19
    assert any("smallest λ of the grid" in note for note in result.notes)


def test_preparing_for_selection_drops_constant_and_duplicate_columns_by_hand():
    """Check 4 molecules × columns a, const, a-copy, b: keeps a and b, counts 1 + 1 dropped."""
    from chemviz.modeldata import ModelInputs
    from chemviz.selection import prepare_selection

    a, b = [0.0, 1.0, 2.0, 4.0], [1.0, 0.0, 1.0, 0.0]
    X = np.column_stack([a, [3.0] * 4, a, b])
    inputs = ModelInputs(
        X, np.arange(4.0), np.array([5, 6, 7, 8]), 0, 0, ["a", "c", "a2", "b"], "real"
    )
    data = prepare_selection(inputs, seed=0)
    assert data.names == ["a", "b"]
    np.testing.assert_array_equal(data.columns, [0, 3])
    np.testing.assert_array_equal(data.X, X[:, [0, 3]])
    assert (data.n_constant, data.n_duplicate, data.n_features, data.n_molecules) == (1, 1, 4, 4)
    assert data.notes == ()  # nothing sampled or set aside


def test_preparing_for_selection_samples_above_the_cap_with_the_seed(monkeypatch):
    """Check 10 molecules with a cap of 4: numpy's seeded draw, sorted, and a note saying so."""
    from chemviz.modeldata import ModelInputs
    from chemviz.selection import prepare, prepare_selection

    monkeypatch.setattr(prepare, "MAX_MOLECULES", 4)
    X = np.arange(20.0).reshape(10, 2) ** [1, 2]  # two different, non-constant columns
    inputs = ModelInputs(X, np.arange(10.0), np.arange(10) + 100, 0, 0, ["x", "x²"], "real")
    data = prepare_selection(inputs, seed=3)
    drawn = np.sort(np.random.default_rng(3).choice(10, size=4, replace=False))
    np.testing.assert_array_equal(data.rows, 100 + drawn)
    np.testing.assert_array_equal(data.y, drawn.astype(float))
    assert "random sample of 4 of the 10 molecules (seed 3)" in data.notes[0]
