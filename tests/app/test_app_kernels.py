"""AppTest: the Kernels page, every main widget moved by key, figures checked against RDKit/sklearn.

The references are computed here from the molecules' SMILES with RDKit
fingerprints and scikit-learn (Tanimoto via ``BulkTanimotoSimilarity``,
``rbf_kernel``, ``polynomial_kernel``, ``KernelRidge(kernel="precomputed")``,
``Ridge``), never with chemviz's own kernel or model code. Which molecules a
chart shows is read back from the chart itself (hover texts, point names).
"""

import html
import math

import numpy as np
import pytest
from conftest import (
    F4_REL,
    as_array,
    figure,
    no_errors,
    open_page,
    release,
    scrub_data,
    scrub_metrics,
    shown,
    shown_value,
)
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import Ridge
from sklearn.metrics import root_mean_squared_error
from sklearn.metrics.pairwise import polynomial_kernel, rbf_kernel
from sklearn.model_selection import KFold

from chemviz.datasets import load_dataset
from chemviz.figures.frames import apply_frame
from chemviz.molecules import read_molecules
from chemviz.ui.kernels.controls import LAMBDAS

FREESOLV = load_dataset("freesolv")
INDEX = {name: i for i, name in enumerate(FREESOLV.names)}
Y = FREESOLV.target("hydration_free_energy")
_GEN = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)  # the page's default


def fingerprints(smiles):
    """RDKit Morgan bit vectors (radius 2, 2048 bits) and the same as a 0/1 matrix."""
    mols = [Chem.MolFromSmiles(s) for s in smiles]
    return [_GEN.GetFingerprint(m) for m in mols], np.array(
        [_GEN.GetFingerprintAsNumPy(m) for m in mols], dtype=float
    )


def rdkit_tanimoto(fps_a, fps_b):
    return np.array([DataStructs.BulkTanimotoSimilarity(fp, fps_b) for fp in fps_a])


def heatmap(at):
    """(z as drawn, SMILES of its rows in drawn order) of the kernel heatmap."""
    spec = figure(at, "ker_heatmap")
    z = as_array(spec["data"][0]["z"])
    n = math.isqrt(z.size)
    z = z.reshape(n, n)  # plotly may send a 2D typed array flat, with its shape as text
    hover = spec["data"][1]["hovertext"]
    # The diagonal cell (r, r) reads "name<br>SMILES<br>vs<br>name<br>SMILES<br>k = …".
    smiles = [html.unescape(hover[r * n + r].split("<br>")[1]) for r in range(n)]
    return z, smiles


def split_from_parity(at):
    """Training and test molecule indices of FreeSolv, read from the parity plot's hover names."""
    data = figure(at, "ker_parity")["data"]
    train = [INDEX[html.unescape(s)] for s in data[0]["hovertext"]]
    test = [INDEX[html.unescape(s)] for s in data[1]["hovertext"]]
    return np.array(train), np.array(test), as_array(data[1]["y"])


def current_sigma(at):
    """σ of the sliders at full precision: the CV heatmap's red circle sits at log₁₀ σ."""
    ring = figure(at, "ker_cv")["layout"]["shapes"][0]
    return 10 ** ((ring["y0"] + ring["y1"]) / 2)


def current_lambda(at):
    """λ of the slider as the CV curve marks it: its dotted line's x (a layout shape)."""
    line = figure(at, "ker_cv")["layout"]["shapes"][0]
    assert line["x0"] == line["x1"]
    return line["x0"]


def open_kernels():
    """The Kernels page on FreeSolv's Morgan bits with the Tanimoto kernel chosen.

    Tanimoto has RDKit's BulkTanimotoSimilarity as an independent reference;
    the page opens on the Gaussian kernel (see the test of the defaults).
    """
    at = open_page("kernels")
    at.selectbox(key="ker_kernel").set_value("tanimoto").run()
    return at


@pytest.fixture(scope="module")
def page():
    """One page, opened once: FreeSolv, Morgan bits, the Tanimoto kernel."""
    at = open_kernels()
    no_errors(at)
    return at


def test_page_opens_on_the_gaussian_kernel_with_a_width_to_drag():
    """Check the default kernel is Gaussian for fingerprints too, its σ slider at σ_med (k = 0)."""
    at = open_page("kernels")
    no_errors(at)
    assert at.selectbox(key="ker_kernel").value == "gaussian"
    assert shown_value(at, "ker_sigma") == f"{current_sigma(at):.3g}"  # σ_med: step 0
    assert scrub_data(at, "ker_sigma_scrub", "slider")["index"] == 4  # the middle of −4 … 4
    assert "Tanimoto (fingerprints)" in at.selectbox(key="ker_kernel").options  # one click away


def test_tanimoto_shows_its_formula_beside_the_workshop_equations(page):
    """Check the Tanimoto formula, the workshop's equations and the data caption."""
    latex = " ".join(e.value for e in page.latex)
    pieces = [
        r"K_{ij} = k(x_i, x_j)",
        r"a = (K + \lambda I)^{-1} y",
        r"\sum_i a_i\, k(x^*, x_i)",
        r"\frac{\sum_k \min(x_k, x'_k)}{\sum_k \max(x_k, x'_k)}",
        r"w = (\lambda I + X^\top X)^{-1} X^\top y",
    ]
    assert all(piece in latex for piece in pieces), latex
    caption = page.caption[0].value
    assert "642 molecules" in caption and "514 training and 128 test" in caption


def test_heatmap_is_rdkit_tanimoto_of_the_molecules_shown(page):
    """Check that the 60 × 60 heatmap equals RDKit's BulkTanimotoSimilarity, cell by cell."""
    z, smiles = heatmap(page)
    assert z.shape == (60, 60)
    fps, _ = fingerprints(smiles)
    np.testing.assert_allclose(z, rdkit_tanimoto(fps, fps), atol=1e-12)


def test_worked_example_matches_hand_arithmetic(page):
    """Check the ridge table: λ = 0 gives w = [18.5·8.75 − 8·17.875, …]/10 = [1.8875, 0.15]."""
    table = next(df.value for df in page.dataframe if "w₀" in df.value.columns)
    assert table["λ"].tolist() == [0.0, 1.0, 10.0]
    assert table["w₀"].iloc[0] == pytest.approx((18.5 * 8.75 - 8 * 17.875) / 10)
    assert table["w₁"].iloc[0] == pytest.approx((-8 * 8.75 + 4 * 17.875) / 10)
    assert table["w₁"].iloc[1] > table["w₁"].iloc[0]  # the slope grows: the page says why
    assert table["‖w‖"].is_monotonic_decreasing
    # ‖w‖ by hand at λ = 0: √(1.8875² + 0.15²) = √(3.56266 + 0.0225) = 1.8935, and the
    # caption quotes the table it sits under, not numbers typed beside it.
    assert table["‖w‖"].iloc[0] == pytest.approx(math.hypot(1.8875, 0.15), abs=5e-5)
    caption = next(c.value for c in page.caption if "shrinks the **length** of w" in c.value)
    norm, slope = table["‖w‖"], table["w₁"]
    assert f"falls from {norm.iloc[0]:g} to {norm.iloc[-1]:g}" in caption
    assert "falls from 1.8935 to 0.6248" in caption
    assert f"grows* from {slope.iloc[0]:g} to {slope.max():g} at λ = 1" in caption


def test_each_objective_is_named_beside_its_lambda(page):
    """Check the page names its summed-error objective and the Model complexity page's n·λ."""
    latex = " ".join(e.value for e in page.latex)
    assert r"\min_w\ \lVert y - Xw \rVert_2^2 + \lambda \lVert w \rVert_2^2" in latex
    captions = " ".join(c.value for c in page.caption)
    assert "sums the squared errors (no 1/n)" in captions
    assert "divided by the number of training molecules n" in captions
    assert "a minimises ‖y − Ka‖² + λ aᵀKa" in captions


def test_ridge_and_linear_kernel_give_sklearn_ridge_predictions(page):
    """Check the equivalence table: primal = dual = sklearn Ridge(fit_intercept=False, α=1)."""
    table = next(df.value for df in page.dataframe if "difference" in df.value.columns)
    train, _, _ = split_from_parity(page)
    train40 = np.sort(train)[:40]
    test = [INDEX[name] for name in table["test molecule"]]
    _, X_train = fingerprints([FREESOLV.smiles[i] for i in train40])
    _, X_test = fingerprints([FREESOLV.smiles[i] for i in test])
    reference = Ridge(alpha=1.0, fit_intercept=False).fit(X_train, Y[train40]).predict(X_test)
    np.testing.assert_allclose(table["ridge x*·w"], reference, rtol=1e-9)
    np.testing.assert_allclose(table["kernel Σ aᵢ⟨x*, xᵢ⟩"], reference, rtol=1e-9)


def test_lambda_slider_refits_and_matches_sklearn_kernel_ridge():
    """Check that each λ gives sklearn KernelRidge's test predictions and moves the CV marker."""
    at = open_kernels()
    previous = None
    for lam in (0.1, 3.0):
        release(at, "ker_lambda", lam)
        no_errors(at)
        train, test, predicted = split_from_parity(at)
        fps, _ = fingerprints(list(FREESOLV.smiles))
        K = rdkit_tanimoto([fps[i] for i in train], [fps[i] for i in train])
        K_test = rdkit_tanimoto([fps[i] for i in test], [fps[i] for i in train])
        model = KernelRidge(alpha=lam, kernel="precomputed").fit(K, Y[train])
        # The page draws float32 (chemviz.figures.frames): agreement to its precision.
        np.testing.assert_allclose(predicted, model.predict(K_test), rtol=F4_REL, atol=1e-10)
        rmse = root_mean_squared_error(Y[test], model.predict(K_test))
        metrics = scrub_metrics(at, "ker_metrics")
        assert metrics["test RMSE (kcal/mol)"] == f"{rmse:.3f}"
        marker = figure(at, "ker_cv")["layout"]["shapes"][0]  # the dotted line at the λ
        assert marker["x0"] == marker["x1"] == lam
        assert previous is None or not np.allclose(predicted, previous)
        previous = predicted


def test_cv_curve_matches_sklearn_kernel_ridge_on_the_same_folds(page):
    """Check the CV RMSE curve against KernelRidge fold by fold (KFold(5, shuffle, seed 0))."""
    spec = figure(page, "ker_cv")["data"]
    lambdas, cv = as_array(spec[1]["x"]), as_array(spec[1]["y"])
    train, _, _ = split_from_parity(page)
    fps, _ = fingerprints([FREESOLV.smiles[i] for i in train])
    K, y = rdkit_tanimoto(fps, fps), Y[train]
    folds = list(KFold(5, shuffle=True, random_state=0).split(K))
    for lam, value in zip(lambdas[::4], cv[::4], strict=True):
        errors = [
            root_mean_squared_error(
                y[te],
                KernelRidge(alpha=lam, kernel="precomputed")
                .fit(K[np.ix_(tr, tr)], y[tr])
                .predict(K[np.ix_(te, tr)]),
            )
            for tr, te in folds
        ]
        assert value == pytest.approx(np.mean(errors), rel=F4_REL)


def test_explained_prediction_adds_up_to_the_models_prediction():
    """Check that the contribution bars sum to the parity plot's prediction for that molecule."""
    at = open_kernels()
    at.selectbox(key="ker_explain").set_value(7).run()
    no_errors(at)
    _, test, predicted = split_from_parity(at)
    bars = figure(at, "ker_contrib")["data"][0]
    assert sum(as_array(bars["x"])) == pytest.approx(predicted[7], rel=F4_REL)
    assert FREESOLV.names[test[7]] in at.html[-2].value  # the molecule predicted, drawn


def test_lambda_zero_shows_the_singular_system_message():
    """Check that λ = 0 with duplicate fingerprints says K is singular, without a traceback."""
    at = open_kernels()
    release(at, "ker_lambda", 0.0)
    assert not at.exception
    assert any("singular" in e.value and "λ > 0" in shown(e.value) for e in at.error)
    assert any("choose a λ" in i.value for i in at.info)


@pytest.mark.slow
def test_lambda_zero_with_a_very_wide_gaussian_shows_the_message_not_numbers():
    """Check that λ = 0 with σ = 4σ_med on descriptors says K is singular and draws no fit."""
    # This K factorises (no exact zero pivot) but its condition number is ~10¹⁸: scipy
    # only warned and the page used to show weights of ~10¹⁵ and a parity plot.
    at = open_kernels()
    at.sidebar.selectbox(key="rep").set_value("descriptors").run()
    at.selectbox(key="ker_kernel").set_value("gaussian").run()
    at.session_state["ker_sigma"] = 4
    release(at, "ker_lambda", 0.0)
    assert not at.exception
    assert any(
        "K is singular" in e.value and "every similarity is ≈ 1" in e.value for e in at.error
    ), [e.value for e in at.error]
    parity = figure(at, "ker_parity")  # no points, only the reason
    assert parity["data"] == []
    assert "K is singular" in parity["layout"]["annotations"][0]["text"]
    assert set(scrub_metrics(at, "ker_metrics").values()) == {"—"}
    assert any("choose a λ" in i.value for i in at.info)


def test_lambda_slider_moves_the_cv_marker_without_recomputing_the_grid(monkeypatch):
    """Check that moving λ makes no krr_cv_grid call but moves the marker; new folds make one."""
    from chemviz.ui.kernels import cached as cached_kernels

    calls = []
    real = cached_kernels.krr_cv_grid

    def spy(*args, **kwargs):  # counts, then does the real work
        calls.append(len(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(cached_kernels, "krr_cv_grid", spy)
    cached_kernels.cv_grid.clear()  # earlier tests may have cached this very grid
    at = open_kernels()
    no_errors(at)
    # One grid per kernel shown, on the 514 training molecules: the default Gaussian's, then
    # Tanimoto's.
    assert calls == [514, 514]
    assert current_lambda(at) == 0.01
    for lam in (1.0, 1e-4):
        release(at, "ker_lambda", lam)
        no_errors(at)
        assert current_lambda(at) == lam
    assert calls == [514, 514]
    at.selectbox(key="ker_folds").set_value(4).run()  # a new grid: the spy sees it
    no_errors(at)
    assert calls == [514, 514, 514]


def test_gaussian_sigma_slider_matches_sklearn_rbf_and_doubles_sigma():
    """Check the Gaussian heatmap against rbf_kernel(γ = 1/σ²) and that two steps double σ."""
    at = open_kernels()
    at.selectbox(key="ker_kernel").set_value("gaussian").run()
    no_errors(at)
    sigma0 = current_sigma(at)
    release(at, "ker_sigma", 2)
    no_errors(at)
    sigma2 = current_sigma(at)
    assert sigma2 == pytest.approx(2 * sigma0)
    z, smiles = heatmap(at)
    _, X = fingerprints(smiles)
    np.testing.assert_allclose(z, rbf_kernel(X, gamma=1 / sigma2**2), atol=1e-12)
    # The CV heatmap covers σ_med/4 … 4σ_med and 15 λ values.
    cv = figure(at, "ker_cv")["data"][0]
    assert as_array(cv["z"]).size == 9 * 15
    np.testing.assert_allclose(10 ** as_array(cv["y"])[[0, -1]], [sigma0 / 4, sigma0 * 4])


def test_heatmap_size_order_and_polynomial_kernel():
    """Check N, ordering by target and the polynomial kernel against sklearn's."""
    at = open_kernels()
    at.select_slider(key="ker_n").set_value(20)
    at.radio(key="ker_order").set_value("target").run()
    no_errors(at)
    z, smiles = heatmap(at)
    assert z.shape == (20, 20)
    canonical = {Chem.CanonSmiles(s): i for i, s in enumerate(FREESOLV.smiles)}
    targets = [Y[canonical[Chem.CanonSmiles(s)]] for s in smiles]
    assert targets == sorted(targets)
    at.selectbox(key="ker_kernel").set_value("polynomial").run()
    at.select_slider(key="ker_degree").set_value(3)
    at.select_slider(key="ker_c").set_value(2.0).run()
    no_errors(at)
    z, smiles = heatmap(at)
    _, X = fingerprints(smiles)
    np.testing.assert_allclose(z, polynomial_kernel(X, degree=3, gamma=1.0, coef0=2.0), rtol=1e-12)


def test_whole_set_heatmap_drops_the_hover_overlay_and_says_so():
    """Check N = 642 (all of FreeSolv): a 642 × 642 RDKit Tanimoto heatmap, no overlay, a note."""
    at = open_kernels()
    at.select_slider(key="ker_n").set_value(642)
    at.radio(key="ker_order").set_value("dataset").run()
    no_errors(at)
    spec = figure(at, "ker_heatmap")
    assert len(spec["data"]) == 1  # no per-cell scatter above 150 molecules
    z = as_array(spec["data"][0]["z"]).reshape(642, 642)
    names = [html.unescape(t) for t in spec["layout"]["xaxis"]["ticktext"]]
    fps, _ = fingerprints([FREESOLV.smiles[INDEX[name]] for name in names])
    np.testing.assert_allclose(z, rdkit_tanimoto(fps, fps), atol=1e-12)
    caption = next(c.value for c in at.caption if c.value.startswith("Kᵢⱼ for 642 molecules"))
    assert "Above 150 molecules the cells carry no names" in caption
    assert "two boxes below" in caption and "At most 1,000 molecules are drawn" in caption
    assert len(at.selectbox(key="ker_pair_a").options) == 642


def test_pair_boxes_show_rdkit_similarity_of_the_two_molecules(page):
    """Check that choosing two molecules shows their Tanimoto similarity and both structures."""
    options = page.selectbox(key="ker_pair_a").options  # the names, in heatmap order
    page.selectbox(key="ker_pair_a").select(options[5])
    page.selectbox(key="ker_pair_b").select(options[9]).run()
    no_errors(page)
    fps, _ = fingerprints([FREESOLV.smiles[INDEX[options[k]]] for k in (5, 9)])
    expected = DataStructs.TanimotoSimilarity(fps[0], fps[1])
    metric = next(m for m in page.metric if m.label == "k(A, B)")
    assert metric.value == f"{expected:.3f}"
    cards = page.html[0].value
    assert html.escape(options[5]) in cards and html.escape(options[9]) in cards


UPLOAD = b"""smiles,name,logS
CCO,ethanol,1.1
CCCO,propanol,0.5
CCCCO,butanol,0.1
CCCCCO,pentanol,-0.6
c1ccccc1,benzene,-1.6
Cc1ccccc1,toluene,-2.2
CC(=O)O,acetic acid,
CCN,ethylamine,
"""


def test_small_upload_counts_missing_targets_and_refuses_too_many_folds():
    """Check an upload with 2 missing values: they are counted, and 10 folds of 5 are refused."""
    at = open_page()
    # As the Molecules page's "Read molecules" button does (widgets.use_upload).
    at.session_state["upload_result"] = read_molecules(UPLOAD, "small.csv")
    at.session_state["_pending_dataset"] = "upload"
    # Set before the page runs: after an upload AppTest cannot re-run the sidebar's
    # dataset box (its label function reads session state, which a test thread lacks).
    at.session_state["ker_folds"] = 10
    at.switch_page("app_pages/kernels.py").run()
    assert not at.exception
    caption = at.caption[0].value
    assert "6 molecules" in caption and "Left out: 2 without a target value" in caption
    assert at.selectbox(key="ker_folds").value == 10
    assert any("more folds (10) than molecules (5)" in e.value for e in at.error)
    assert figure(at, "ker_parity")  # the single fit still draws
    # 6 with a target: 5 train, 1 test. The ridge ⇔ kernel demo counts what it really fits.
    equivalence = next(c.value for c in at.caption if c.value.startswith("Both fitted on"))
    assert "Both fitted on 5 training molecules" in equivalence
    assert "the kernel form for 5 (one per molecule)" in equivalence
    [table] = [d.value for d in at.dataframe if "ridge x*·w" in d.value.columns]
    assert len(table) == 1


@pytest.mark.slow
def test_cv_grid_on_descriptors_scales_inside_each_fold():
    """Check the descriptor CV grid against StandardScaler + rbf KernelRidge refitted per fold."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from chemviz.modeldata import model_inputs
    from chemviz.representations import featurize

    at = open_kernels()
    at.sidebar.selectbox(key="rep").set_value("descriptors").run()
    at.selectbox(key="ker_kernel").set_value("gaussian").run()
    no_errors(at)
    cv = figure(at, "ker_cv")["data"][0]
    lambdas, sigmas = 10 ** as_array(cv["x"]), 10 ** as_array(cv["y"])
    z = as_array(cv["z"]).reshape(len(sigmas), len(lambdas))
    train, _, _ = split_from_parity(at)
    # The page's own input matrix (descriptors with gaps filled), unscaled: only the
    # scaling and the cross-validation are under test here.
    inputs = model_inputs(featurize(FREESOLV, "descriptors"), Y)
    position = {int(r): k for k, r in enumerate(inputs.rows)}
    X, y = inputs.X[[position[i] for i in train]], inputs.y[[position[i] for i in train]]
    folds = list(KFold(5, shuffle=True, random_state=0).split(X))
    for i, j in ((0, 0), (len(sigmas) // 2, len(lambdas) // 2), (-1, -1)):
        model = make_pipeline(
            StandardScaler(), KernelRidge(alpha=lambdas[j], kernel="rbf", gamma=sigmas[i] ** -2)
        )
        errors = [
            root_mean_squared_error(y[te], model.fit(X[tr], y[tr]).predict(X[te]))
            for tr, te in folds
        ]
        assert z[i, j] == pytest.approx(np.mean(errors), rel=1e-6)
    assert any("with that fold's training molecules only" in c.value for c in at.caption)


@pytest.mark.slow
def test_tanimoto_is_not_offered_on_descriptors_and_gaussian_standardises():
    """Check that real-valued descriptors are offered no Tanimoto kernel, and Gaussian scales."""
    at = open_kernels()
    at.sidebar.selectbox(key="rep").set_value("descriptors").run()
    assert "Tanimoto (fingerprints)" not in at.selectbox(key="ker_kernel").options
    at.selectbox(key="ker_kernel").set_value("gaussian").run()
    no_errors(at)
    assert "standardised" in at.caption[0].value


def test_the_sigma_frames_are_scikit_learn_kernel_ridge_at_each_width():
    """Check the parity frame of σ step 2 (σ = 2σ_med, drawn ahead) against KernelRidge on RDKit's
    Morgan bits with rbf_kernel(γ = 1/σ²), λ = 0.01, then that letting go there shows it."""
    at = open_page("kernels")
    no_errors(at)
    train, test, _ = split_from_parity(at)
    sigma = 2 * current_sigma(at)  # σ_med · 2^(2/2)
    data = scrub_data(at, "ker_parity", "chart")
    steps = scrub_data(at, "ker_sigma_scrub", "slider")
    frame = data["frames"]["ker_sigma"][steps["index"] + 2]  # two steps up
    ahead = as_array(apply_frame(data["base"], frame)["data"][1]["y"])
    _, X = fingerprints(list(FREESOLV.smiles))
    K = rbf_kernel(X[train], X[train], gamma=1 / sigma**2)
    K_test = rbf_kernel(X[test], X[train], gamma=1 / sigma**2)
    expected = KernelRidge(alpha=0.01, kernel="precomputed").fit(K, Y[train]).predict(K_test)
    np.testing.assert_allclose(ahead, expected, rtol=F4_REL, atol=1e-6)
    release(at, "ker_sigma", 2)
    no_errors(at)
    assert figure(at, "ker_parity")["data"][1]["name"] == frame["data"][1]["name"]


def test_every_cv_frame_rings_its_own_sigma_and_lambda():
    """Check the Gaussian CV heatmap's frames: λ frame j at log₁₀ λⱼ, σ frame k at log₁₀ σₖ."""
    at = open_page("kernels")  # the Gaussian kernel, σ on its grid
    no_errors(at)
    data = scrub_data(at, "ker_cv", "chart")
    sigma, lam = current_sigma(at), 10 ** _ring_centre(data["base"])[0]
    by_lambda, by_sigma = data["frames"]["ker_lambda"], data["frames"]["ker_sigma"]
    sigmas = [10 ** _ring_centre(apply_frame(data["base"], f))[1] for f in by_sigma]
    assert sigmas == pytest.approx([sigma * 2 ** (k / 2) for k in range(-4, 5)])
    for j, frame in enumerate(by_lambda):
        drawn = apply_frame(data["base"], frame)
        if not drawn["layout"].get("shapes"):  # λ = 0: no ring, the figure drawn whole
            assert LAMBDAS[j] == 0
            continue
        x, y = _ring_centre(drawn)
        assert (10**x, 10**y) == (pytest.approx(LAMBDAS[j]), pytest.approx(sigma))
    assert lam in [pytest.approx(v) for v in LAMBDAS]


def _ring_centre(figure_json) -> tuple[float, float]:
    ring = figure_json["layout"]["shapes"][0]
    return (ring["x0"] + ring["x1"]) / 2, (ring["y0"] + ring["y1"]) / 2
