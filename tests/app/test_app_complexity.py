"""AppTest: the Model complexity page, every slider moved by key, figures checked independently.

References are computed here with numpy (``polyfit``, Legendre design matrices),
scikit-learn (``KFold``, ``Ridge``, ``KNeighborsRegressor``, ``cross_validate``)
and RDKit (Morgan fingerprints, Murcko scaffolds), never with chemviz's own
complexity code, except for the scaffold folds themselves: those come from
``make_folds`` (checked in tests/core) so that scikit-learn scores the very same
folds. The toy data are read back from the chart.
"""

import numpy as np
import pytest
from conftest import (
    F4,
    as_array,
    captions,
    figure,
    no_errors,
    open_page,
    release,
    scrub_data,
    shown_value,
)
from numpy.polynomial import legendre
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator
from rdkit.Chem.Scaffolds import MurckoScaffold
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, cross_validate
from sklearn.neighbors import KNeighborsRegressor
from threadpoolctl import threadpool_limits

from chemviz.complexity import make_folds
from chemviz.datasets import load_dataset
from chemviz.toy import sine_data

MOLECULES_TAB = "② Molecules"
FREESOLV = load_dataset("freesolv")
Y = FREESOLV.target("hydration_free_energy")
_GEN = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)  # the default rep
X_FP = np.array(
    [_GEN.GetFingerprintAsNumPy(Chem.MolFromSmiles(s)) for s in FREESOLV.smiles], dtype=float
)
SCAFFOLDS = [MurckoScaffold.MurckoScaffoldSmiles(smiles=s) for s in FREESOLV.smiles]


def trace(spec, name):
    """The trace of a figure with this legend name (first match)."""
    found = [t for t in spec["data"] if t.get("name", "") == name]
    assert found, [t.get("name") for t in spec["data"]]
    return found[0]


def marker_x(spec):
    """x of the vertical 'current value' line."""
    return [s["x0"] for s in spec["layout"]["shapes"] if s["type"] == "line"]


def toy_data(at):
    """The 1D story's points: those drawn (float32) checked, then exact for the references.

    Exact because the references (numpy polyfit near interpolation) are ill-conditioned:
    float32 rounding of x alone moves a degree-8 CV error from 1.46 to 2.59.
    """
    drawn = trace(figure(at, "cx_toy_fit"), "data")
    n, noise, seed = (at.session_state[k] for k in ("cx_n", "cx_noise", "cx_seed"))
    x, y = sine_data(n, noise, seed)
    np.testing.assert_allclose(as_array(drawn["x"]), x, atol=F4)
    np.testing.assert_allclose(as_array(drawn["y"]), y, atol=F4)
    return x, y


def rmse(a, b):
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def polyfit_cv(x, y, degree, folds, seed):
    """Mean held-out RMSE of numpy polyfit over scikit-learn's shuffled KFold."""
    out = []
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(x):
        coef = np.polyfit(x[train], y[train], degree)
        out.append(rmse(np.polyval(coef, x[test]), y[test]))
    return float(np.mean(out))


@pytest.fixture(scope="module")
def toy():
    """The page on the 8-point data set, where a degree-8 fit interpolates (λ = 0)."""
    at = open_page("model_complexity")
    no_errors(at)
    at.slider(key="cx_n").set_value(8).run()
    return at


def test_the_1d_story_opens_where_cv_picks_the_degree_of_the_lowest_true_error():
    """Check the default 12 points: CV's best degree is the true error's, clear of the grey region.

    The CV curve is checked against numpy polyfit on scikit-learn's folds, and the true
    error rises after its minimum (the headline "falls, then rises").
    """
    at = open_page("model_complexity")
    no_errors(at)
    x, y = toy_data(at)
    assert len(x) == 12
    curve = figure(at, "cx_toy_degree")
    cv = as_array(trace(curve, "CV error")["y"])
    true = as_array(trace(curve, "true error (new data)")["y"])
    # Folds train on 9–10 points: polyfit is well posed up to degree 8.
    reference = [polyfit_cv(x, y, d, 5, 0) for d in range(9)]
    np.testing.assert_allclose(cv[:9], reference, atol=F4)
    best = int(np.argmin(reference))
    assert best == int(np.argmin(true)) and best < len(x) - 1
    assert true[best + 3] > true[best]  # it rises again after the best degree
    assert trace(curve, f"CV best ({best})")


def test_page_opens_with_the_workshop_equations_and_the_1d_story(toy):
    """Check the formulas, the 8-point data set and the four 1D charts."""
    latex = " ".join(el.value for el in toy.latex)
    for piece in (r"E_\text{emp}", r"\lambda \lVert W", r"\text{CV}", "approximation"):
        assert piece in latex
    x, _ = toy_data(toy)
    assert len(x) == 8 and ((0 <= x) & (x <= 1)).all()
    for key in ("cx_toy_fit", "cx_toy_degree", "cx_toy_lambda", "cx_toy_bv"):
        figure(toy, key)


@pytest.mark.parametrize("degree", [0, 3, 5])
def test_degree_slider_refits_and_matches_numpy_polyfit(toy, degree):
    """Check the fit, the training and CV curves and the marker against numpy polyfit."""
    release(toy, "cx_degree", degree)
    no_errors(toy)
    x, y = toy_data(toy)
    fit = trace(figure(toy, "cx_toy_fit"), f"fit: degree {degree}, λ = 0")
    coef = np.polyfit(x, y, degree)
    np.testing.assert_allclose(as_array(fit["y"]), np.polyval(coef, as_array(fit["x"])), atol=F4)
    curve = figure(toy, "cx_toy_degree")
    train = as_array(trace(curve, "training error")["y"])
    for d in range(0, 7):  # well-conditioned for polyfit on 8 points
        reference = rmse(np.polyval(np.polyfit(x, y, d), x), y)
        assert train[d] == pytest.approx(reference, abs=F4)
    cv = as_array(trace(curve, "CV error")["y"])
    for d in range(0, 4):  # every training fold has ≥ 6 points
        assert cv[d] == pytest.approx(polyfit_cv(x, y, d, 5, 0), abs=F4)
    assert marker_x(curve) == [degree]


def test_lambda_slider_matches_ridge_on_legendre_features(toy):
    """Check the λ fit against scikit-learn Ridge (alpha = nλ, free intercept) and the λ marker."""
    release(toy, "cx_degree", 9)
    release(toy, "cx_lambda", 1e-3)
    no_errors(toy)
    x, y = toy_data(toy)
    fit = trace(figure(toy, "cx_toy_fit"), "fit: degree 9, λ = 0.001")
    ridge = Ridge(alpha=len(x) * 1e-3).fit(legendre.legvander(2 * x - 1, 9)[:, 1:], y)
    grid = as_array(fit["x"])
    expected = ridge.predict(legendre.legvander(2 * grid - 1, 9)[:, 1:])
    np.testing.assert_allclose(as_array(fit["y"]), expected, atol=1e-6)
    assert marker_x(figure(toy, "cx_toy_lambda")) == [pytest.approx(1e-3)]
    assert not toy.info  # λ > 0: degree 9 on 8 points has one answer
    release(toy, "cx_lambda", 0.0)
    release(toy, "cx_degree", 2)


def legendre_ridge_train_rmse(x, y, degree, lam):
    """Training RMSE of Ridge on all points' Legendre features, α = n·λ, free intercept."""
    features = legendre.legvander(2 * x - 1, degree)[:, 1:]
    return rmse(Ridge(alpha=len(x) * lam).fit(features, y).predict(features), y)


def test_training_error_caption_says_where_a_penalised_fit_gets_worse(toy):
    """Check λ = 0.01: the caption names the degrees where the drawn training error rises."""
    release(toy, "cx_lambda", 0.01)
    try:
        no_errors(toy)
        x, y = toy_data(toy)
        train = as_array(trace(figure(toy, "cx_toy_degree"), "training error")["y"])
        rises = [d for d in range(1, len(train)) if train[d] > train[d - 1] + 1e-6]
        assert rises == [5, 13]  # seed 0, 8 points, noise 0.2
        # The drawn values are scikit-learn's Ridge (α = nλ) on Legendre features: no artefact.
        for d in (4, 5, 12, 13):
            assert train[d] == pytest.approx(legendre_ridge_train_rmse(x, y, d, 0.01), rel=1e-6)
        assert any("training error rises at d = 5 and 13" in c for c in captions(toy))
    finally:
        release(toy, "cx_lambda", 0.0)
    assert any("With λ = 0 the training error can only fall" in c for c in captions(toy))
    assert not any("only ever falls" in c for c in captions(toy))


def test_captions_name_the_units_of_each_error(toy):
    """Check the page says RMSE except for the bias–variance panel, whose axis is in MSE."""
    axis = figure(toy, "cx_toy_bv")["layout"]["yaxis"]["title"]["text"]
    assert axis.startswith("mean squared error")
    text = " ".join(captions(toy))
    assert "Every error on this page is an RMSE" not in text
    assert "except in the approximation and estimation panel" in text
    assert "in mean squared error (y units²" in text


def test_underdetermined_degree_is_explained_not_an_error(toy):
    """Check degree ≥ n with λ = 0 shows the min-norm explanation and still draws the fit."""
    release(toy, "cx_degree", 12)
    no_errors(toy)
    assert any("infinitely many exact fits" in el.value for el in toy.info)
    fit = trace(figure(toy, "cx_toy_fit"), "fit: degree 12, λ = 0")
    x, y = toy_data(toy)
    grid = as_array(fit["x"])
    on_data = np.interp(x, grid, as_array(fit["y"]))  # passes (nearly) through every point
    assert rmse(on_data, y) < 0.05
    release(toy, "cx_degree", 2)
    assert not toy.info


def test_n_noise_seed_and_folds_change_the_data_and_the_cv_curve(toy):
    """Check 'add more data', noise 0 (points on the truth), a new seed and k = 3 folds."""
    toy.slider(key="cx_n").set_value(30).run()
    toy.slider(key="cx_noise").set_value(0.0).run()
    no_errors(toy)
    x, y = toy_data(toy)
    assert len(x) == 30
    np.testing.assert_allclose(y, np.sin(2 * np.pi * x), atol=1e-12)  # exact data
    toy.slider(key="cx_noise").set_value(0.3).run()
    x0, _ = toy_data(toy)
    toy.number_input(key="cx_seed").set_value(7).run()
    toy.slider(key="cx_toy_folds").set_value(3).run()
    no_errors(toy)
    x, y = toy_data(toy)
    assert not np.allclose(x, x0)
    cv = as_array(trace(figure(toy, "cx_toy_degree"), "CV error")["y"])
    for d in (1, 3, 5):
        assert cv[d] == pytest.approx(polyfit_cv(x, y, d, 3, 7), abs=F4)
    toy.slider(key="cx_n").set_value(8).run()
    toy.slider(key="cx_noise").set_value(0.2).run()
    toy.number_input(key="cx_seed").set_value(0).run()
    toy.slider(key="cx_toy_folds").set_value(5).run()


def test_bias_variance_panel_and_resampled_fits(toy):
    """Check the approximation error against the best polynomial by least squares on a grid."""
    bv = figure(toy, "cx_toy_bv")
    approx = as_array(trace(bv, "approximation error")["y"])
    grid = (np.arange(500) + 0.5) / 500
    for d in (1, 3, 5):
        truth = np.sin(2 * np.pi * grid)
        best = np.polyval(np.polyfit(grid, truth, d), grid)
        assert approx[d] == pytest.approx(np.mean((best - truth) ** 2), rel=1e-6)
    toy.checkbox(key="cx_resampled").check().run()
    no_errors(toy)
    faint = trace(figure(toy, "cx_toy_fit"), "fits to other data sets")
    assert np.isnan(as_array(faint["y"]).astype(float)).sum() == 20  # 20 fits, one gap each
    toy.checkbox(key="cx_resampled").uncheck().run()


def test_more_folds_than_points_is_an_error_message(toy):
    """Check k = 5 folds on 3 points shows a message a student can act on."""
    toy.slider(key="cx_n").set_value(3).run()
    assert not toy.exception
    assert any("5-fold" in el.value and "only 3" in el.value for el in toy.error)
    toy.slider(key="cx_n").set_value(8).run()
    no_errors(toy)


# -- Molecules --------------------------------------------------------------------


def sklearn_cv(model, X, y, folds, groups=None):
    """Mean held-out RMSE with scikit-learn's cross_validate on the given folds."""
    scores = cross_validate(
        model, X, y, cv=folds, groups=groups, scoring="neg_root_mean_squared_error"
    )
    return float(-scores["test_score"].mean())


def with_ones(X):
    return np.hstack([np.ones((len(X), 1)), X])


def ridge_cv(lam, X, y, folds):
    """Mean held-out RMSE of Ridge on [1, X] for the page's λ of (1/n)‖y − Xw‖² + λ‖w‖².

    scikit-learn's Ridge minimises ‖y − Xw‖² + α‖w‖², so each fold's model
    gets α = n_train·λ, n_train the number of molecules it is trained on.
    """
    folds = list(folds.split(X) if hasattr(folds, "split") else folds)
    errors = []
    for train, test in folds:
        model = Ridge(alpha=len(train) * lam, fit_intercept=False).fit(X[train], y[train])
        errors.append(rmse(model.predict(X[test]), y[test]))
    return float(np.mean(errors))


@pytest.fixture(scope="module")
def mol():
    at = open_page("model_complexity")
    at.session_state["cx_tab"] = MOLECULES_TAB
    at.run()
    no_errors(at)
    return at


def test_ridge_curves_match_sklearn_on_random_and_scaffold_folds(mol):
    """Check both CV curves (random solid, scaffold dashed) against scikit-learn's Ridge."""
    spec = figure(mol, "cx_mol_curve")
    lams = as_array(trace(spec, "CV error")["x"])
    random_cv = as_array(trace(spec, "CV error")["y"])
    scaffold_cv = as_array(trace(spec, "CV error, scaffold folds (Bemis–Murcko)")["y"])
    random = KFold(5, shuffle=True, random_state=0)
    # The fold assignment itself (balance, groups kept whole) is tested in tests/core.
    scaffold = make_folds(len(Y), 5, 0, SCAFFOLDS)
    for i in (0, 6, 9, 18):
        assert random_cv[i] == pytest.approx(ridge_cv(lams[i], with_ones(X_FP), Y, random), 1e-6)
        assert scaffold_cv[i] == pytest.approx(
            ridge_cv(lams[i], with_ones(X_FP), Y, scaffold), 1e-6
        )
    assert (scaffold_cv > random_cv).mean() > 0.5  # random folds flatter the model
    assert marker_x(spec) == [pytest.approx(1e-3)]  # the default λ of (1/n)‖y − Xw‖² + λ‖w‖²
    # 152 benzenes in one fold; the other 490 molecules (320 acyclic, each its own group)
    # balance the other four: 490 / 4 = 122.5.
    assert any("test folds hold 152, 123, 123, 122 and 122 molecules" in c for c in captions(mol))


def test_value_slider_moves_the_marker_and_refits_the_parity_plot(mol):
    """Check λ = 0.1: marker, and out-of-fold predictions equal to scikit-learn's."""
    release(mol, "cx_value_ridge_lam", 0.1)
    no_errors(mol)
    assert marker_x(figure(mol, "cx_mol_curve")) == [pytest.approx(0.1)]
    parity = figure(mol, "cx_mol_parity")["data"]
    oof = as_array(parity[1]["y"])
    expected = np.empty_like(Y)
    for train, test in KFold(5, shuffle=True, random_state=0).split(X_FP):
        # 513 or 514 training molecules per fold: α = n_train · 0.1.
        model = Ridge(alpha=len(train) * 0.1, fit_intercept=False)
        model.fit(with_ones(X_FP[train]), Y[train])
        expected[test] = model.predict(with_ones(X_FP[test]))
    np.testing.assert_allclose(oof, expected, atol=1e-6)
    assert parity[1]["name"].startswith("out-of-fold (CV)")


def test_a_lambda_in_a_link_is_the_lambda_of_the_equation_shown():
    """Check ?cx_value_ridge_lam=0.1 (an old link's key): CV equals Ridge with α = n_train · 0.1."""
    from conftest import ROOT, TIMEOUT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["cx_value_ridge_lam"] = "0.1"
    at.run()
    at.switch_page("app_pages/model_complexity.py")
    at.session_state["cx_tab"] = MOLECULES_TAB
    at.run()
    no_errors(at)
    assert shown_value(at, "cx_value_ridge_lam") == "0.1"
    spec = figure(at, "cx_mol_curve")
    lams = as_array(trace(spec, "CV error")["x"]).tolist()
    cv = as_array(trace(spec, "CV error")["y"])[lams.index(0.1)]
    random = KFold(5, shuffle=True, random_state=0)
    assert cv == pytest.approx(ridge_cv(0.1, with_ones(X_FP), Y, random), rel=1e-6)
    latex = " ".join(el.value for el in at.latex)
    assert r"\frac{1}{n}\lVert y - f(x, W)\rVert_2^2 + \lambda" in latex


def test_split_radio_puts_scaffold_folds_in_front(mol):
    """Check the scaffold split makes the solid CV curve the scaffold one."""
    before = as_array(trace(figure(mol, "cx_mol_curve"), "CV error")["y"])
    mol.radio(key="cx_split").set_value("scaffold").run()
    no_errors(mol)
    spec = figure(mol, "cx_mol_curve")
    np.testing.assert_allclose(
        as_array(trace(spec, "CV error, random folds")["y"]), before, rtol=1e-12
    )
    mol.radio(key="cx_split").set_value("random").run()


def test_knn_family_folds_and_seed_match_sklearn(mol):
    """Check the k-NN curve with 3 folds and seed 2 against scikit-learn on the same folds."""
    mol.selectbox(key="cx_family").set_value("knn").run()
    mol.slider(key="cx_folds").set_value(3).run()
    mol.number_input(key="cx_mseed").set_value(2).run()
    no_errors(mol)
    spec = figure(mol, "cx_mol_curve")
    ks = as_array(trace(spec, "CV error")["x"])
    cv = as_array(trace(spec, "CV error")["y"])
    folds = KFold(3, shuffle=True, random_state=2)
    # Fingerprint distances tie a lot; the page runs with one BLAS thread, and so must the
    # reference, or rounding in the last bit can pick a different neighbour among equals.
    with threadpool_limits(1):
        for i in (0, len(ks) // 2, len(ks) - 1):
            reference = sklearn_cv(KNeighborsRegressor(n_neighbors=int(ks[i])), X_FP, Y, folds)
            assert cv[i] == pytest.approx(reference, rel=1e-9)
    release(mol, "cx_value_knn_n_neighbors", float(ks[0]))
    assert marker_x(figure(mol, "cx_mol_curve")) == [pytest.approx(ks[0])]
    mol.slider(key="cx_folds").set_value(5).run()
    mol.number_input(key="cx_mseed").set_value(0).run()


def test_krr_knob_selector_switches_to_a_lambda_curve(mol):
    """Check the kernel-ridge knob picker: λ on a log axis, larger = simpler."""
    mol.selectbox(key="cx_family").set_value("krr").run()
    mol.selectbox(key="cx_knob_krr").set_value("lam").run()
    no_errors(mol)
    spec = figure(mol, "cx_mol_curve")
    assert spec["layout"]["xaxis"]["type"] == "log"
    assert spec["layout"]["xaxis"]["title"]["text"].startswith("λ")
    assert "larger = simpler" in scrub_data(mol, "cx_value_krr_lam_scrub", "slider")["label"]
    # λ of (1/n)‖y − Ka‖² + λ aᵀKa: scikit-learn's KernelRidge with α = n_train·λ
    # (Gaussian kernel, σ = 1 by default: γ = 1/σ² = 1).
    lams = as_array(trace(spec, "CV error")["x"])
    cv = as_array(trace(spec, "CV error")["y"])
    folds = list(KFold(5, shuffle=True, random_state=0).split(X_FP))
    for i in (len(lams) // 2, len(lams) - 1):
        errors = []
        for train, test in folds:
            model = KernelRidge(alpha=len(train) * lams[i], kernel="rbf", gamma=1.0)
            model.fit(X_FP[train], Y[train])
            errors.append(rmse(model.predict(X_FP[test]), Y[test]))
        assert cv[i] == pytest.approx(np.mean(errors), rel=1e-6)


def test_learning_curve_overlays_a_second_representation(mol):
    """Check the learning curve: sizes are fractions of the training fold, MACCS overlaid."""
    mol.selectbox(key="cx_family").set_value("ridge").run()
    mol.multiselect(key="cx_lc_reps").set_value(["maccs"]).run()
    no_errors(mol)
    spec = figure(mol, "cx_mol_learning")
    names = [t["name"] for t in spec["data"]]
    assert "MACCS keys: CV error" in names and "Morgan (ECFP/FCFP): CV error" in names
    sizes = as_array(trace(spec, "MACCS keys: CV error")["x"])
    smallest_training_fold = 642 - 129  # 642 = 129 + 129 + 128 + 128 + 128
    expected = np.round(np.array([0.1, 0.2, 0.35, 0.5, 0.75, 1.0]) * smallest_training_fold)
    np.testing.assert_array_equal(sizes, expected)


# Every (family, knob) of the Molecules tab, with a value off the default. The network is
# slow even on the page's own cap of 200 molecules (one network per width and fold).
KNOB_MOVES = [
    pytest.param("ridge", "lam", 0.01, id="ridge-lam"),
    pytest.param("krr", "sigma", 10.0, id="krr-sigma"),
    pytest.param("krr", "lam", 0.1, id="krr-lam"),
    pytest.param("knn", "n_neighbors", 12.0, id="knn-k"),
    pytest.param("tree", "max_depth", 9.0, id="tree-depth"),
    pytest.param("mlp", "width", 4.0, id="mlp-width", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("model", "knob", "value"), KNOB_MOVES)
def test_every_value_slider_moves_the_marker_and_refits(model, knob, value):
    """Check each family's knob slider: the marker moves to the value, the parity plot refits."""
    at = open_page("model_complexity")
    at.session_state["cx_tab"] = MOLECULES_TAB
    at.session_state["cx_family"] = model
    if model == "krr":
        at.session_state["cx_knob_krr"] = knob
    at.run(timeout=600)
    no_errors(at)
    key = f"cx_value_{model}_{knob}"
    slider = scrub_data(at, f"{key}_scrub", "slider")
    shown = float(shown_value(at, key))
    before = marker_x(figure(at, "cx_mol_curve"))
    assert before == [pytest.approx(shown, rel=1e-3)] and shown != value
    assert f"{value:.3g}" in slider["labels"]
    parity_before = as_array(figure(at, "cx_mol_parity")["data"][1]["y"])
    at.session_state[key] = value  # what letting go of the slider at that value does
    at.run(timeout=600)
    no_errors(at)
    spec = figure(at, "cx_mol_curve")
    assert marker_x(spec) == [pytest.approx(value)]
    values = as_array(trace(spec, "CV error")["x"])
    assert value in values.tolist()  # the curve itself is the same grid, not recomputed around it
    parity = as_array(figure(at, "cx_mol_parity")["data"][1]["y"])
    assert len(parity) == len(parity_before)
    assert not np.allclose(parity, parity_before)  # the out-of-fold model was refitted
    assert any(f"= {value:.3g}: training" in c for c in captions(at))
    if model == "mlp":  # the page's cap for the one family that fits a network per point
        assert any("sample of 200 of 642" in c for c in captions(at))
