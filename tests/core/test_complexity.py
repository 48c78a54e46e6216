"""Tests of chemviz.complexity against scikit-learn, numpy, scipy and hand arithmetic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.polynomial import Polynomial
from rdkit import Chem
from rdkit.Chem import Crippen, Descriptors, rdMolDescriptors
from scipy.integrate import quad
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, cross_val_predict, cross_validate
from sklearn.neighbors import KNeighborsRegressor

from chemviz.complexity import (
    MODELS,
    CurveResult,
    bias_variance,
    bias_variance_sweep,
    cv_predictions,
    cv_predictions_along,
    learning_curve,
    learning_curves_along_lambda,
    make_folds,
    toy_curves,
    toy_lambda_curves,
    validation_curve,
    validation_surface,
)
from chemviz.molecules import MoleculeSet, scaffolds
from chemviz.toy import sine_data

SMILES = [
    "Cc1ccccc1", "CCc1ccccc1", "Oc1ccccc1", "Nc1ccccc1", "Clc1ccccc1", "OC(=O)c1ccccc1",
    "CC1CCCCC1", "OC1CCCCC1", "NC1CCCCC1", "ClC1CCCCC1", "Cc1ccncc1", "Oc1ccncc1",
    "Nc1ccncc1", "Clc1ccncc1", "Cc1ccc2ccccc2c1", "Oc1ccc2ccccc2c1", "Nc1ccc2ccccc2c1",
    "CC1CC1", "OC1CC1", "NC1CC1", "Cc1ccco1", "Oc1ccco1", "CCc1ccco1", "Cc1cccs1",
    "CCc1cccs1", "Oc1cccs1", "CCO", "CCCO", "CCCCO", "CCN", "CCCN", "CCCl", "CCCCCl",
    "CC(C)O", "CC(=O)O", "CCC(=O)O",
]  # fmt: skip


@pytest.fixture(scope="module")
def molecules():
    """36 molecules, 8 scaffolds (7 ring systems and acyclic ""), 5 scaled descriptors, logP."""
    mols = [Chem.MolFromSmiles(s) for s in SMILES]
    functions = (
        Descriptors.MolWt,
        rdMolDescriptors.CalcTPSA,
        rdMolDescriptors.CalcNumHBD,
        rdMolDescriptors.CalcNumRings,
        rdMolDescriptors.CalcNumAromaticRings,
    )
    X = np.array([[f(m) for f in functions] for m in mols], dtype=float)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = np.array([Crippen.MolLogP(m) for m in mols])
    molset = MoleculeSet(
        smiles=[Chem.MolToSmiles(m) for m in mols],
        mols=mols,
        names=SMILES,
        properties=pd.DataFrame({"logP": y}),
    )
    return X, y, np.array(scaffolds(molset))


@pytest.fixture(scope="module")
def data():
    """Random features and a smooth noisy target: 60 samples, 3 features."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 3))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] + 2.0 + 0.1 * rng.normal(size=60)
    return X, y


def sklearn_rmse(estimator, X, y, cv) -> dict:
    """Mean and std over folds of train and test RMSE from scikit-learn's cross_validate."""
    scores = cross_validate(
        estimator, X, y, cv=cv, scoring="neg_root_mean_squared_error", return_train_score=True
    )
    train, test = -scores["train_score"], -scores["test_score"]
    return {
        "train_mean": train.mean(),
        "train_std": train.std(),
        "cv_mean": test.mean(),
        "cv_std": test.std(),
    }


def per_sample(make_model, lam: float, X, y, cv) -> dict:
    """:func:`sklearn_rmse` for the page's λ of (1/n)‖y − f‖² + λ‖w‖².

    scikit-learn's Ridge and KernelRidge minimise ‖y − f‖² + α‖w‖² (no 1/n),
    so each fold's model gets α = n_train·λ, n_train the size of that fold's
    training part; folds of different sizes get different α.
    """
    splits = list(cv.split(X) if hasattr(cv, "split") else cv)
    train, test = [], []
    for fit_rows, test_rows in splits:
        scores = cross_validate(
            make_model(len(fit_rows) * lam), X, y, cv=[(fit_rows, test_rows)],
            scoring="neg_root_mean_squared_error", return_train_score=True,
        )  # fmt: skip
        train.append(-scores["train_score"][0])
        test.append(-scores["test_score"][0])
    train, test = np.array(train), np.array(test)
    return {
        "train_mean": train.mean(),
        "train_std": train.std(),
        "cv_mean": test.mean(),
        "cv_std": test.std(),
    }


def ridge_on_ones(alpha: float) -> Ridge:
    return Ridge(alpha=alpha, fit_intercept=False)


def rbf(gamma: float):
    return lambda alpha: KernelRidge(alpha=alpha, kernel="rbf", gamma=gamma)


def assert_curve_matches(curve: CurveResult, references: list[dict]) -> None:
    for key in ("train_mean", "train_std", "cv_mean", "cv_std"):
        np.testing.assert_allclose(
            getattr(curve, key), [r[key] for r in references], rtol=1e-7, atol=1e-9
        )


# ---- folds --------------------------------------------------------------------------


def test_random_folds_are_scikit_learn_shuffled_kfold():
    """Check that make_folds equals shuffled KFold with the seed and partitions the data."""
    folds = make_folds(23, 4, seed=7)
    reference = list(KFold(4, shuffle=True, random_state=7).split(np.zeros(23)))
    for (train, test), (ref_train, ref_test) in zip(folds, reference, strict=True):
        np.testing.assert_array_equal(train, ref_train)
        np.testing.assert_array_equal(test, ref_test)
    np.testing.assert_array_equal(np.sort(np.concatenate([t for _, t in folds])), np.arange(23))


def assert_group_folds(folds, groups, n):
    """Every sample tested exactly once; no ring scaffold in two folds, nor in train and test."""
    tested = np.sort(np.concatenate([test for _, test in folds]))
    np.testing.assert_array_equal(tested, np.arange(n))
    fold_of = {}
    for i, (train, test) in enumerate(folds):
        np.testing.assert_array_equal(np.sort(np.concatenate([train, test])), np.arange(n))
        rings = {g for g in groups[test] if g != ""}
        assert not rings & set(groups[train])
        for scaffold in rings:
            assert fold_of.setdefault(scaffold, i) == i
    assert set(fold_of) == set(groups) - {""}  # every ring scaffold is tested once


def test_scaffold_folds_keep_every_scaffold_in_one_fold(molecules):
    """Check that no ring scaffold appears in two test folds and every molecule is tested once."""
    X, _, groups = molecules
    assert_group_folds(make_folds(len(X), 4, seed=0, groups=groups), groups, len(X))


def test_group_folds_balance_a_hand_worked_case():
    """Check largest-first into the smallest fold on groups of 5, 4, 3, 3, 2, 1 and 3 acyclic."""
    groups = np.array(["a"] * 5 + ["b"] * 4 + ["c"] * 3 + ["d"] * 3 + ["e"] * 2 + ["f"] + [""] * 3)
    # Sizes in order 5 4 3 3 2 1 1 1 1 (each "" is a group of 1) into 3 folds:
    # a→0 (5,0,0); b→1 (5,4,0); c or d→2 (5,4,3); the other→2 (5,4,6); e→1 (5,6,6);
    # then four groups of 1 → folds 0, 0, 1, 2: (7,7,7).
    for seed in range(5):
        folds = make_folds(len(groups), 3, seed, groups)
        assert sorted(len(test) for _, test in folds) == [7, 7, 7]
        assert_group_folds(folds, groups, len(groups))
        by_fold = [set(groups[test]) for _, test in folds]
        assert {"c", "d"} <= by_fold[2] and {"b", "e"} <= by_fold[1] and "a" in by_fold[0]
    # The three acyclic molecules (rows 18–20) are not tied together: seeds split them up.
    acyclic = np.flatnonzero(groups == "")
    spread = [
        len({i for i, (_, test) in enumerate(make_folds(21, 3, seed, groups)) for r in acyclic
             if r in test})
        for seed in range(10)
    ]  # fmt: skip
    assert max(spread) >= 2


def test_group_folds_depend_on_the_seed_only_through_ties():
    """Check the seed reorders equal-sized groups reproducibly, and the sizes stay put."""
    groups = np.repeat(np.arange(12), 2)  # 12 groups of 2 into 4 folds: 6 each, any way
    a = make_folds(24, 4, 1, groups)
    b = make_folds(24, 4, 1, groups)
    c = make_folds(24, 4, 2, groups)
    for (_, ta), (_, tb) in zip(a, b, strict=True):
        np.testing.assert_array_equal(ta, tb)
    assert [len(t) for _, t in a] == [len(t) for _, t in c] == [6, 6, 6, 6]
    assert any(not np.array_equal(ta, tc) for (_, ta), (_, tc) in zip(a, c, strict=True))


@pytest.fixture(scope="module")
def freesolv_scaffolds():
    """RDKit's Murcko scaffold SMILES of FreeSolv's 642 molecules (320 acyclic, 152 benzenes)."""
    from rdkit.Chem.Scaffolds import MurckoScaffold

    from chemviz.datasets import load_dataset

    smiles = load_dataset("freesolv").smiles
    return np.array([MurckoScaffold.MurckoScaffoldSmiles(smiles=s) for s in smiles])


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_scaffold_folds_on_freesolv_are_balanced(freesolv_scaffolds, seed):
    """Check FreeSolv's 5 scaffold folds: benzene's 152 alone in one, the others 122–123."""
    groups = freesolv_scaffolds
    assert (groups == "").sum() == 320 and (groups == "c1ccccc1").sum() == 152
    folds = make_folds(len(groups), 5, seed, groups)
    assert_group_folds(folds, groups, 642)
    sizes = sorted(len(test) for _, test in folds)
    # 152 benzenes exceed 642 / 5 = 128.4; the other 490 molecules share four folds:
    # 490 / 4 = 122.5, so two folds of 123 and two of 122.
    assert sizes == [122, 122, 123, 123, 152]
    big = next(test for _, test in folds if len(test) == 152)
    assert set(groups[big]) == {"c1ccccc1"}


# ---- validation curves against scikit-learn ---------------------------------------------


def test_ridge_curve_equals_scikit_learn_ridge_with_intercept_column(data):
    """Check the fast ridge path against Ridge(alpha=n_train·λ, fit_intercept=False) on [1, X]."""
    X, y = data
    lambdas = [1e-3, 0.1, 10.0, 1000.0]
    curve = validation_curve(X, y, "ridge", "lam", lambdas, folds=5, seed=2)
    X1 = np.hstack([np.ones((len(X), 1)), X])
    cv = KFold(5, shuffle=True, random_state=2)
    references = [per_sample(ridge_on_ones, lam, X1, y, cv) for lam in lambdas]
    assert_curve_matches(curve, references)


@pytest.mark.parametrize("model", ["ridge", "krr"])
def test_each_fold_scales_lambda_by_its_own_training_size(data, model):
    """Check 23 molecules in 4 folds (training parts of 17, 17, 17 and 18): α = n_train·λ each."""
    X, y = data[0][:23], data[1][:23]
    cv = KFold(4, shuffle=True, random_state=0)
    assert sorted(len(train) for train, _ in cv.split(X)) == [17, 17, 17, 18]
    lambdas = [0.01, 1.0]
    curve = validation_curve(X, y, model, "lam", lambdas, folds=4, seed=0)
    if model == "ridge":
        X1 = np.hstack([np.ones((len(X), 1)), X])
        references = [per_sample(ridge_on_ones, lam, X1, y, cv) for lam in lambdas]
    else:
        gamma = MODELS["krr"].defaults["sigma"] ** -2
        references = [per_sample(rbf(gamma), lam, X, y, cv) for lam in lambdas]
    assert_curve_matches(curve, references)


def test_ridge_lambda_is_the_lambda_of_the_per_sample_loss():
    """Check λ = 0.5 on 4 points minimises (1/4)‖y − Xw‖² + 0.5‖w‖², solved by hand.

    X = [1, x] with x = (0, 1, 2, 3), y = (1, 3, 2, 5): XᵀX = [[4, 6], [6, 14]] and
    Xᵀy = (1 + 3 + 2 + 5, 0 + 3 + 4 + 15) = (11, 22). With nλ = 4 × 0.5 = 2,
    [[6, 6], [6, 16]] w = (11, 22), determinant 96 − 36 = 60, so
    w₀ = (16·11 − 6·22)/60 = 44/60 and w₁ = (6·22 − 6·11)/60 = 66/60. The
    gradient of the loss, (2/n)Xᵀ(Xw − y) + 2λw, vanishes there.
    """
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([1.0, 3.0, 2.0, 5.0])
    model = MODELS["ridge"].build({"lam": 0.5}, 0).fit(x[:, None], y)
    np.testing.assert_allclose(model.coef_, [44 / 60, 66 / 60], rtol=1e-12)
    X1 = np.column_stack([np.ones(4), x])
    gradient = (2 / 4) * X1.T @ (X1 @ model.coef_ - y) + 2 * 0.5 * model.coef_
    np.testing.assert_allclose(gradient, 0, atol=1e-12)


@pytest.mark.parametrize(
    ("param", "values", "fixed"),
    [("sigma", [0.3, 1.0, 3.0, 10.0], {"lam": 0.01}), ("lam", [1e-4, 1e-2, 1.0], {"sigma": 2.0})],
)
def test_krr_curve_equals_scikit_learn_kernel_ridge(data, param, values, fixed):
    """Check Gaussian KRR curves over σ and over λ against KernelRidge(rbf, γ = 1/σ², n·λ)."""
    X, y = data
    curve = validation_curve(X, y, "krr", param, values, folds=4, seed=1, fixed=fixed)
    cv = KFold(4, shuffle=True, random_state=1)
    references = []
    for value in values:
        setting = {**fixed, param: value}
        make = rbf(1 / setting["sigma"] ** 2)
        references.append(per_sample(make, setting["lam"], X, y, cv))
    assert_curve_matches(curve, references)
    expected_fixed = {**MODELS["krr"].defaults, **fixed}
    del expected_fixed[param]
    assert curve.fixed == expected_fixed


def knn_by_hand(X, y, train, test, k):
    """k-nearest-neighbour predictions with numpy: mean of the k closest training targets."""
    distance = ((X[test][:, None, :] - X[train][None, :, :]) ** 2).sum(axis=2)
    nearest = np.argsort(distance, axis=1)[:, :k]
    return y[train][nearest].mean(axis=1)


@pytest.mark.parametrize("k", [1, 3, 10])
def test_knn_curve_equals_numpy_neighbours(data, k):
    """Check the kNN CV error against a numpy k-nearest-neighbour average on the same KFold."""
    X, y = data
    curve = validation_curve(X, y, "knn", "n_neighbors", [k], folds=5, seed=4)
    test_rmse, train_rmse = [], []
    for train, test in KFold(5, shuffle=True, random_state=4).split(X):
        test_rmse.append(np.sqrt(np.mean((knn_by_hand(X, y, train, test, k) - y[test]) ** 2)))
        train_rmse.append(np.sqrt(np.mean((knn_by_hand(X, y, train, train, k) - y[train]) ** 2)))
    np.testing.assert_allclose(curve.cv_mean, [np.mean(test_rmse)], rtol=1e-10)
    np.testing.assert_allclose(curve.cv_std, [np.std(test_rmse)], rtol=1e-10)
    np.testing.assert_allclose(curve.train_mean, [np.mean(train_rmse)], rtol=1e-10)


def test_scaffold_curve_equals_scikit_learn_on_the_same_group_folds(molecules):
    """Check a KRR curve with scaffold folds against KernelRidge on the very same folds."""
    X, y, groups = molecules
    lambdas = [1e-3, 1e-1, 10.0]
    curve = validation_curve(
        X, y, "krr", "lam", lambdas, folds=3, seed=5, groups=groups, fixed={"sigma": 2.0}
    )
    cv = make_folds(len(y), 3, 5, groups)  # their balance is checked above
    references = [per_sample(rbf(0.25), lam, X, y, cv) for lam in lambdas]
    assert_curve_matches(curve, references)
    assert curve.split == "groups" and curve.folds == 3


def test_best_index_is_the_lowest_cv_error():
    """Check that best_index and best_value pick the minimum of cv_mean."""
    curve = CurveResult(
        "knn",
        "n_neighbors",
        np.array([1.0, 3.0, 9.0]),
        *(np.zeros(3),) * 2,
        np.array([3.0, 1.0, 2.0]),
        np.zeros(3),
    )
    assert curve.best_index == 1 and curve.best_value == 3.0


def test_progress_reaches_one(data):
    """Check that the progress callback receives increasing fractions ending at 1."""
    X, y = data
    seen = []
    validation_curve(X, y, "tree", "max_depth", [1, 2, 3, 4], progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 4


def test_surface_rows_and_columns_equal_kernel_ridge(data):
    """Check that σ and λ curves sliced from one grid equal KernelRidge at those settings."""
    X, y = data
    sigmas, lambdas = [0.5, 2.0, 8.0], [1e-3, 1e-1, 10.0]
    surface = validation_surface(X, y, "krr", lambdas, "sigma", sigmas, folds=4, seed=2)
    cv = KFold(4, shuffle=True, random_state=2)
    # λ = 0.08 is nearest (in log) to the grid's 0.1; σ = 2.5 nearest to 2.0.
    by_sigma = surface.curve("sigma", at=0.08)
    assert by_sigma.fixed["lam"] == 0.1
    references = [per_sample(rbf(s**-2), 0.1, X, y, cv) for s in sigmas]
    assert_curve_matches(by_sigma, references)
    by_lambda = surface.curve("lam", at=2.5)
    assert by_lambda.fixed["sigma"] == 2.0
    references = [per_sample(rbf(0.25), lam, X, y, cv) for lam in lambdas]
    assert_curve_matches(by_lambda, references)


def test_surface_messages(data):
    """Check that a grid is refused for a family without λ and for an axis it does not have."""
    X, y = data
    with pytest.raises(ValueError, match="only for ridge and kernel ridge, not knn"):
        validation_surface(X, y, "knn", [1.0])
    surface = validation_surface(X, y, "ridge", [0.1, 1.0])
    with pytest.raises(ValueError, match="no axis 'sigma'"):
        surface.curve("sigma")


# ---- learning curves -------------------------------------------------------------------


def test_learning_curve_sizes_from_fractions_and_counts(data):
    """Check that fractions are taken of the smallest training fold (60 · 4/5 = 48)."""
    X, y = data
    by_fraction = learning_curve(X, y, "knn", [0.25, 0.5, 1.0], folds=5, fixed={"n_neighbors": 3})
    np.testing.assert_array_equal(by_fraction.sizes, [12, 24, 48])  # 0.25 · 48 = 12, 0.5 · 48 = 24
    by_count = learning_curve(X, y, "knn", [5, 30], folds=5, fixed={"n_neighbors": 3})
    np.testing.assert_array_equal(by_count.sizes, [5, 30])


def test_learning_curve_bookkeeping_by_hand(data):
    """Check each point against kNN by hand on the first m of a seeded permutation of each fold."""
    X, y = data
    seed, k, sizes = 6, 3, [10, 25, 48]
    result = learning_curve(X, y, "knn", sizes, folds=5, seed=seed, fixed={"n_neighbors": k})
    rng = np.random.default_rng(seed)
    splits = list(KFold(5, shuffle=True, random_state=seed).split(X))
    orders = [rng.permutation(train) for train, _ in splits]
    for i, m in enumerate(sizes):
        test_rmse = []
        for order, (train, test) in zip(orders, splits, strict=True):
            subset = order[:m]
            assert len(subset) == m and not set(subset) & set(test) and set(subset) <= set(train)
            test_rmse.append(np.sqrt(np.mean((knn_by_hand(X, y, subset, test, k) - y[test]) ** 2)))
        assert result.cv_mean[i] == pytest.approx(np.mean(test_rmse), rel=1e-10)
        assert result.cv_std[i] == pytest.approx(np.std(test_rmse), rel=1e-10, abs=1e-12)


def test_learning_curve_fast_path_equals_kernel_ridge(data):
    """Check the KRR learning curve (fast path) against KernelRidge on the same subsets."""
    X, y = data
    result = learning_curve(
        X, y, "krr", [8, 30], folds=3, seed=0, fixed={"sigma": 1.5, "lam": 0.05}
    )
    rng = np.random.default_rng(0)
    splits = list(KFold(3, shuffle=True, random_state=0).split(X))
    orders = [rng.permutation(train) for train, _ in splits]
    for i, m in enumerate([8, 30]):
        subsets = [(order[:m], test) for order, (_, test) in zip(orders, splits, strict=True)]
        ref = per_sample(rbf(1 / 1.5**2), 0.05, X, y, subsets)  # α = m·λ on m molecules
        assert result.cv_mean[i] == pytest.approx(ref["cv_mean"], rel=1e-8)
        assert result.train_mean[i] == pytest.approx(ref["train_mean"], rel=1e-8)


def test_learning_curves_along_lambda_equal_ridge_at_each_lambda(data):
    """Check every λ's learning curve (one factorisation for all) against Ridge on [1, X]."""
    X, y = data
    lambdas = [1e-3, 0.1, 10.0]
    along = learning_curves_along_lambda(X, y, "ridge", [8, 30], lambdas, folds=3, seed=2)
    rng = np.random.default_rng(2)
    splits = list(KFold(3, shuffle=True, random_state=2).split(X))
    orders = [rng.permutation(train) for train, _ in splits]
    X1 = np.hstack([np.ones((len(X), 1)), X])  # the intercept, penalised like every weight
    assert [r.params["lam"] for r in along] == lambdas
    for result, lam in zip(along, lambdas, strict=True):
        for i, m in enumerate([8, 30]):
            subsets = [(order[:m], test) for order, (_, test) in zip(orders, splits, strict=True)]
            ref = per_sample(ridge_on_ones, lam, X1, y, subsets)  # α = m·λ on m molecules
            assert result.cv_mean[i] == pytest.approx(ref["cv_mean"], rel=1e-7)
            assert result.train_mean[i] == pytest.approx(ref["train_mean"], rel=1e-7)
            assert result.cv_std[i] == pytest.approx(ref["cv_std"], rel=1e-6)


def test_learning_curves_along_lambda_need_a_shared_factorisation(data):
    """Check that a family without the fast path (kNN) is refused with a message."""
    X, y = data
    with pytest.raises(ValueError, match="use learning_curve"):
        learning_curves_along_lambda(X, y, "knn", [8, 30], [0.1], fixed={"n_neighbors": 3})


# ---- the current model ------------------------------------------------------------------


def test_cv_predictions_equal_scikit_learn_cross_val_predict(data):
    """Check out-of-fold and refitted predictions against KernelRidge with the same folds."""
    X, y = data
    result = cv_predictions(X, y, "krr", {"sigma": 2.0, "lam": 0.1}, folds=5, seed=3)
    cv = KFold(5, shuffle=True, random_state=3)
    # 60 molecules in 5 folds: each fold model trains on 48 (α = 4.8), the refit on 60 (α = 6).
    out_of_fold = cross_val_predict(rbf(0.25)(48 * 0.1), X, y, cv=cv)
    np.testing.assert_allclose(result.cross_validated, out_of_fold, rtol=1e-8)
    refit = rbf(0.25)(60 * 0.1).fit(X, y)
    np.testing.assert_allclose(result.fitted, refit.predict(X), rtol=1e-8)
    assert result.cv_rmse == pytest.approx(
        per_sample(rbf(0.25), 0.1, X, y, cv)["cv_mean"], rel=1e-8
    )


@pytest.mark.parametrize("lam", [1e-3, 0.1, 10.0])
def test_ridge_parity_with_more_bits_than_molecules_equals_scikit_learn(lam):
    """Check ridge on 40 molecules × 120 random bits (dual form inside) against sklearn's Ridge."""
    rng = np.random.default_rng(4)
    X = (rng.random((40, 120)) < 0.2).astype(np.uint8)
    y = X[:, :10].sum(axis=1) + rng.normal(0, 0.3, 40)
    result = cv_predictions(X, y, "ridge", {"lam": lam}, folds=4, seed=1)
    X1 = np.hstack([np.ones((40, 1)), X])  # the penalised intercept column of the slide
    cv = KFold(4, shuffle=True, random_state=1)
    # 40 molecules in 4 folds: α = 30·λ for each fold model, 40·λ for the refit on all.
    fold_model = Ridge(alpha=30 * lam, fit_intercept=False, solver="cholesky")
    np.testing.assert_allclose(
        result.cross_validated, cross_val_predict(fold_model, X1, y, cv=cv), rtol=1e-7, atol=1e-9
    )
    refit = Ridge(alpha=40 * lam, fit_intercept=False, solver="cholesky").fit(X1, y)
    np.testing.assert_allclose(result.fitted, refit.predict(X1), rtol=1e-7, atol=1e-9)
    curve = validation_curve(X, y, "ridge", "lam", [lam], folds=4, seed=1)
    assert result.cv_rmse == pytest.approx(curve.cv_mean[0], rel=1e-9)  # the value at the marker


@pytest.mark.parametrize(
    ("model", "param", "values", "fixed", "reference"),
    [
        # λ along ridge on [1, X]: α = n_train·λ per fold, n·λ for the refit (60 = 5 × 12).
        ("ridge", "lam", [1e-3, 0.1, 3.0], {}, lambda v, n: ridge_on_ones(n * v)),
        # σ along a Gaussian exp(−d²/σ²) at λ = 0.1: scikit-learn's γ = 1/σ².
        ("krr", "sigma", [0.5, 2.0], {"lam": 0.1},
         lambda v, n: KernelRidge(alpha=n * 0.1, kernel="rbf", gamma=1 / v**2)),
        # k-NN has no fast path: one cross_val_predict per value.
        ("knn", "n_neighbors", [1, 5], {}, lambda v, n: KNeighborsRegressor(int(v))),
    ],
)  # fmt: skip
def test_predictions_along_a_knob_equal_scikit_learn_at_every_value(
    data, model, param, values, fixed, reference
):
    """Check out-of-fold and refitted predictions at each value against scikit-learn."""
    X, y = data
    along = cv_predictions_along(X, y, model, param, values, fixed, folds=5, seed=2)
    cv = KFold(5, shuffle=True, random_state=2)
    X_ref = np.hstack([np.ones((60, 1)), X]) if model == "ridge" else X
    for value, result in zip(values, along, strict=True):
        assert result.params[param] == value
        held_out = cross_val_predict(reference(value, 48), X_ref, y, cv=cv)
        np.testing.assert_allclose(result.cross_validated, held_out, rtol=1e-7, atol=1e-9)
        refit = reference(value, 60).fit(X_ref, y).predict(X_ref)
        np.testing.assert_allclose(result.fitted, refit, rtol=1e-7, atol=1e-9)
    curve = validation_curve(X, y, model, param, values, folds=5, seed=2, fixed=fixed)
    np.testing.assert_allclose([r.cv_rmse for r in along], curve.cv_mean, rtol=1e-9)


# ---- the toy problem ---------------------------------------------------------------------


def test_toy_curves_against_numpy_fits_and_quadrature():
    """Check train, CV and true error of degrees 0–4 with numpy fits and scipy's quad."""
    n, noise, seed = 12, 0.2, 3
    curves = toy_curves(n, noise, seed, degrees=range(5), lam=0.0, folds=4)
    x, y = sine_data(n, noise, seed)
    splits = list(KFold(4, shuffle=True, random_state=seed).split(x))
    for degree in range(5):
        p = Polynomial.fit(x, y, degree)
        assert curves.train_mean[degree] == pytest.approx(
            np.sqrt(np.mean((p(x) - y) ** 2)), rel=1e-8
        )
        excess, _ = quad(lambda t, p=p: (p(t) - np.sin(2 * np.pi * t)) ** 2, 0, 1, limit=200)
        assert curves.excess_rmse[degree] == pytest.approx(np.sqrt(excess), rel=1e-4)
        # expected error on fresh noisy data = excess + σ²
        assert curves.test_rmse[degree] == pytest.approx(np.sqrt(excess + noise**2), rel=1e-4)
        fold_rmse = []
        for train, test in splits:
            q = Polynomial.fit(x[train], y[train], degree)
            fold_rmse.append(np.sqrt(np.mean((q(x[test]) - y[test]) ** 2)))
        assert curves.cv_mean[degree] == pytest.approx(np.mean(fold_rmse), rel=1e-7)
        assert curves.cv_std[degree] == pytest.approx(np.std(fold_rmse), rel=1e-6)


def test_toy_curves_flag_degrees_above_the_data():
    """Check that with 8 points and λ = 0 exactly degrees 8 and up are underdetermined."""
    curves = toy_curves(8, 0.2, 0, degrees=range(16), lam=0.0)
    np.testing.assert_array_equal(curves.underdetermined, np.arange(16) >= 8)
    assert not toy_curves(8, 0.2, 0, degrees=range(16), lam=1e-6).underdetermined.any()


def test_toy_lambda_curve_training_error_grows_with_lambda():
    """Check that a larger ridge penalty never lowers the training error (degree 9, 20 points)."""
    curves = toy_lambda_curves(20, 0.2, 1, degree=9, lambdas=np.geomspace(1e-8, 10, 12))
    assert np.all(np.diff(curves.train_mean) >= -1e-12)
    assert curves.param == "lam" and curves.fixed == {"degree": 9}


# ---- bias and variance -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("design", "n", "degrees"), [("fixed", 8, [1, 3, 5, 7]), ("random", 20, [1, 3, 5])]
)
def test_bias_variance_adds_up_to_the_simulated_test_error(design, n, degrees):
    """Check bias² + variance + σ² against the Monte-Carlo test error within 3 standard errors."""
    result = bias_variance_sweep(n, 0.2, degrees, 0.0, n_repeats=400, seed=0, design=design)
    # The decomposition is exact in expectation; the two estimates differ only by
    # the random test points and noise, whose spread the standard error bounds.
    # 3 SE: a fixed seed makes the test deterministic, and 3 SE would fail by
    # chance for fewer than 1 seed in 300.
    difference = np.abs(result.total - result.expected_mse)
    assert np.all(difference < 3 * result.expected_mse_se)
    np.testing.assert_allclose(result.total, result.bias2 + result.variance + 0.04)


def test_bias_variance_of_a_constant_fit_by_hand():
    """Check degree 0 with fixed x: variance ≈ σ²/n and bias² = c² + 1/2 with c = mean sin(2πxᵢ)."""
    n, sigma = 8, 0.2
    result = bias_variance(n, sigma, degree=0, n_repeats=2000, seed=1)
    x, _ = sine_data(n, sigma, 1)
    # Each fit is the mean of y: its variance over data sets is σ²/n = 0.04/8 = 0.005;
    # the relative standard error of a variance from R = 2000 sets is √(2/R) ≈ 3 %.
    assert result.variance[0] == pytest.approx(sigma**2 / n, rel=0.1)
    # The average fit is c = mean sin(2πxᵢ); ∫(c − sin 2πx)² dx = c² + ∫sin² = c² + 1/2.
    c = np.mean(np.sin(2 * np.pi * x))
    assert result.bias2[0] == pytest.approx(
        c**2 + 0.5, abs=5 * np.sqrt(result.variance[0] / 2000) + 1e-5
    )


def test_approximation_error_by_hand():
    """Check the best constant (error 1/2) and best line (error 1/2 − 3/π²) for sin(2πx)."""
    result = bias_variance_sweep(8, 0.2, [0, 1], n_repeats=10)
    # Best constant 0: ∫₀¹ sin²(2πx) dx = 1/2. Best line: slope b = ∫(x − ½)sin / ∫(x − ½)²
    # = (−1/2π)/(1/12) = −6/π, error 1/2 − b²/12 = 1/2 − 3/π² ≈ 0.19604.
    np.testing.assert_allclose(result.approximation, [0.5, 0.5 - 3 / np.pi**2], atol=1e-5)
    np.testing.assert_allclose(
        result.estimation, result.bias2 + result.variance - result.approximation
    )


def test_bias_variance_fits_for_drawing():
    """Check the shapes of the per-degree fits and that fits_at refuses an unknown degree."""
    result = bias_variance_sweep(8, 0.2, [2, 3], n_repeats=30, n_grid=100, n_shown=5)
    assert result.fits.shape == (2, 5, 100) and result.fits_at(3).shape == (5, 100)
    assert result.mean_fit.shape == (2, 100)
    with pytest.raises(ValueError, match="Degree 4 was not analysed"):
        result.fits_at(4)


# ---- messages for impossible settings -----------------------------------------------------


def test_more_folds_than_points(data):
    """Check the message for more folds than data points."""
    X, y = data
    with pytest.raises(ValueError, match="61-fold cross-validation needs at least 61 data points"):
        validation_curve(X, y, "knn", "n_neighbors", [1], folds=61)
    with pytest.raises(ValueError, match="needs at least 9 data points, but there are only 8"):
        toy_curves(8, folds=9)


def test_more_group_folds_than_scaffolds(molecules):
    """Check the message when there are fewer groups than folds (7 ring scaffolds + 10 acyclic)."""
    X, y, groups = molecules
    assert len(set(groups) - {""}) == 7 and (groups == "").sum() == 10
    with pytest.raises(ValueError, match="18 group folds need at least 18 different groups"):
        validation_curve(X, y, "ridge", "lam", [1.0], folds=18, groups=groups)


@pytest.mark.parametrize(
    ("model", "param", "values", "kwargs", "match"),
    [
        ("knn", "n_neighbors", [1], {"folds": 1}, "at least 2 folds"),
        ("svm", "C", [1], {}, "Unknown model family 'svm'"),
        ("knn", "max_depth", [1], {}, "has no knob 'max_depth'"),
        ("knn", "n_neighbors", [1], {"fixed": {"weights": "distance"}}, "no setting weights"),
        ("knn", "n_neighbors", [60], {}, "choose k ≤ 48"),
        ("polynomial", "degree", [2], {}, "works on one feature"),
        ("knn", "n_neighbors", [], {}, "at least one value"),
        ("tree", "max_depth", [0, 2], {}, "maximum depth must be a whole number of at least 1"),
        ("krr", "lam", [-1.0], {}, "must not be negative"),
        (
            "krr",
            "sigma",
            [1.0],
            {"fixed": {"kernel": "linear"}},
            "linear kernel has no parameter sigma",
        ),
    ],
)
def test_validation_curve_messages(data, model, param, values, kwargs, match):
    """Check each impossible validation-curve setting gets a message naming the problem."""
    X, y = data
    with pytest.raises(ValueError, match=match):
        validation_curve(X, y, model, param, values, **kwargs)


def test_polynomial_degree_out_of_range_in_a_curve():
    """Check that a degree above 20 is refused before fitting."""
    x, y = sine_data(30)
    with pytest.raises(ValueError, match="whole number from 0 to 20"):
        validation_curve(x[:, None], y, "polynomial", "degree", [3, 25])


def test_missing_targets_and_bad_features_are_counted(data):
    """Check that NaN targets and non-finite feature rows are refused with their counts."""
    X, y = data
    y_missing = y.copy()
    y_missing[[1, 4, 9]] = np.nan
    with pytest.raises(ValueError, match="3 missing"):
        validation_curve(X, y_missing, "knn", "n_neighbors", [3])
    X_bad = X.copy()
    X_bad[2, 0], X_bad[5, 1] = np.inf, np.nan
    with pytest.raises(ValueError, match="2 rows of the features"):
        learning_curve(X_bad, y, "knn", [10])


@pytest.mark.parametrize(
    ("sizes", "match"),
    [
        ([1, 10], "training set of 1 is too small"),
        ([10, 49], "largest size allowed is 48"),
        ([0.01], "training set of 0 is too small"),
    ],
)
def test_learning_curve_size_messages(data, sizes, match):
    """Check sizes below 2 or above the smallest training fold (48 of 60 with 5 folds)."""
    X, y = data
    with pytest.raises(ValueError, match=match):
        learning_curve(X, y, "knn", sizes, fixed={"n_neighbors": 1})


def test_bias_variance_messages():
    """Check the messages for an unknown design and too few repeats."""
    with pytest.raises(ValueError, match="'fixed' or 'random'"):
        bias_variance(design="grid")
    with pytest.raises(ValueError, match="at least 2 resampled data sets"):
        bias_variance(n_repeats=1)


def test_the_lambda_knob_curve_lands_on_half_decades():
    """Check λ's 19 curve values: 10^-6, 10^-5.5, …, 10^3 (every half-decade, by hand)."""
    from chemviz.complexity import MODELS

    values = MODELS["ridge"].knob("lam").curve_values()
    assert values == pytest.approx([10.0 ** (k / 2) for k in range(-12, 7)], rel=1e-12)


def test_a_knob_with_listed_values_uses_them_and_snaps_its_default():
    """Check the network's width: values 1, 4, 16, 64; a value snaps to the log-nearest."""
    from chemviz.complexity import MODELS

    width = MODELS["mlp"].knob("width")
    assert width.curve_values() == [1.0, 4.0, 16.0, 64.0]
    # log 7 is nearer log 4 than log 16 (7/4 = 1.75 < 16/7 = 2.3); 40: 64/40 = 1.6 < 40/16 = 2.5.
    assert width.nearest(7) == 4.0
    assert width.nearest(40) == 64.0


def test_kernel_ridge_curves_offer_only_the_default_kernels_knobs():
    """Check that a Gaussian-kernel curve varies σ or λ, not the polynomial kernel's degree."""
    from chemviz.complexity import MODELS

    krr = MODELS["krr"]
    assert krr.defaults["kernel"] == "gaussian"
    assert [k.name for k in krr.curve_knobs()] == ["sigma", "lam"]
    assert [k.name for k in MODELS["ridge"].curve_knobs()] == ["lam"]
