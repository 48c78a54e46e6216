"""AppTest: the Feature selection page, every main widget moved by key, checked against sklearn.

References are computed here, never with chemviz's own selection code: MACCS
keys from RDKit's ``MACCSkeys.GenMACCSKeys``, constant and duplicate columns
found with ``np.unique``, ``StandardScaler`` + ``lasso_path`` / ``enet_path``
for the path, and per-fold ``StandardScaler`` + ``Lasso`` for the held-out
predictions and the CV error. λ values are read back from the figures.
"""

import html
import re

import numpy as np
import pytest
from conftest import as_array, figure, no_errors, open_page, release, scrub_metrics
from rdkit import Chem
from rdkit.Chem import MACCSkeys, rdFingerprintGenerator
from sklearn.feature_selection import RFE
from sklearn.linear_model import Lasso, Ridge, enet_path
from sklearn.model_selection import KFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from chemviz.datasets import load_dataset
from chemviz.molecules import read_molecules
from chemviz.ui.selection import cached as cached_selection

FREESOLV = load_dataset("freesolv")
Y = FREESOLV.target("hydration_free_energy")


def maccs_reference():
    """RDKit MACCS keys of FreeSolv minus constant and duplicate columns, and their key numbers."""
    X = np.array([list(MACCSkeys.GenMACCSKeys(Chem.MolFromSmiles(s))) for s in FREESOLV.smiles])
    X = X[:, 1:].astype(float)  # RDKit's bit 0 is unused; our column j is key j + 1
    _, first = np.unique(X, axis=1, return_index=True)  # first copy of each distinct column
    first = np.sort(first)
    first = first[X[:, first].std(axis=0) > 0]
    return X[:, first], first + 1


X_REF, KEYS_REF = maccs_reference()


def reference_path(lambdas, l1_ratio=1.0):
    """sklearn's coordinate-descent path on the standardised reference matrix (features × λ)."""
    Xs = StandardScaler().fit_transform(X_REF)
    _, coefs, _ = enet_path(Xs, Y - Y.mean(), l1_ratio=l1_ratio, alphas=lambdas, max_iter=10_000)
    return Xs, coefs


def key_of(trace_name: str) -> int:
    """The MACCS key number in a path legend entry such as '3. MACCS 42: [#7]...'."""
    return int(re.search(r"MACCS (\d+)", trace_name).group(1))


def path_lines(at):
    """(λ grid, {MACCS key: coefficients}) of the coloured lines of the path figure."""
    data = figure(at, "sel_path_chart")["data"]
    lambdas = as_array(data[1]["x"])
    return lambdas, {key_of(t["name"]): as_array(t["y"]) for t in data[1:]}


def marker_x(at, key: str) -> float:
    shapes = figure(at, key)["layout"]["shapes"]
    return next(s["x0"] for s in shapes if s.get("name") == "current λ")


def metric(at, label: str) -> str:
    """The value of the λ section's number whose label starts with ``label``, shown now."""
    return next(v for k, v in scrub_metrics(at, "sel_metrics").items() if k.startswith(label))


def table_with(at, column: str):
    """The page's dataframe that has this column."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def column_of(feature: str) -> int:
    """The column of X_REF holding a feature named 'MACCS k: ...'."""
    return int(np.flatnonzero(KEYS_REF == key_of(feature))[0])


def first_entry(coefs, lambdas):
    """λ at which each row of a reference path first becomes non-zero (NaN: never)."""
    nonzero = np.abs(coefs) > 0
    return np.where(nonzero.any(axis=1), lambdas[nonzero.argmax(axis=1)], np.nan)


@pytest.fixture(scope="module")
def page():
    """FreeSolv with MACCS keys (166 named columns, no feature cap), LASSO, 5 folds."""
    at = open_page("feature_selection")
    at.sidebar.selectbox(key="rep").set_value("maccs").run()
    no_errors(at)
    return at


def test_page_shows_equations_dropped_columns_and_starts_at_lambda_1se(page):
    """Check the workshop's objectives, the dropped-column count and the default λ = λ_1se."""
    latex = " ".join(e.value for e in page.latex)
    for piece in [r"\lambda \lVert w \rVert_1", r"(1 - \alpha) \lVert w \rVert_2^2",
                  r"\lVert w \rVert_0", r"\frac{1}{2n}"]:  # fmt: skip
        assert piece in latex
    X = np.array([list(MACCSkeys.GenMACCSKeys(Chem.MolFromSmiles(s))) for s in FREESOLV.smiles])
    n_constant = int((X[:, 1:].std(axis=0) == 0).sum())
    n_duplicate = 166 - n_constant - X_REF.shape[1]
    caption = next(c.value for c in page.caption if "informative" in c.value)
    assert f"{n_constant} constant and {n_duplicate} duplicate" in caption
    assert f"{X_REF.shape[1]} informative" in caption and "642 molecules" in caption
    cv = figure(page, "sel_cv_chart")["data"]
    lambda_1se = as_array(cv[4]["x"])[1]
    assert marker_x(page, "sel_path_chart") == pytest.approx(lambda_1se)


def test_path_equals_sklearn_lasso_path_on_standardised_data(page):
    """Check λ_max = max|xⱼᵀy|/n and every coloured line against sklearn's lasso_path."""
    lambdas, lines = path_lines(page)
    Xs, coefs = reference_path(lambdas)
    n = len(Y)
    assert lambdas[0] == pytest.approx(np.max(np.abs(Xs.T @ (Y - Y.mean()))) / n)
    assert lambdas[-1] == pytest.approx(lambdas[0] * 1e-3)
    assert len(lines) == 10
    for key, y in lines.items():
        row = int(np.flatnonzero(KEYS_REF == key)[0])
        np.testing.assert_allclose(y, coefs[row], atol=2e-3)
    title = figure(page, "sel_path_chart")["layout"]["title"]["text"]
    assert f"of {X_REF.shape[1]} features" in title


def test_lambda_slider_moves_markers_and_table_matches_the_path(page):
    """Check two λ positions: marker, metric, table length = non-zero count of lasso_path."""
    lambdas, _ = path_lines(page)
    _, coefs = reference_path(lambdas)
    counts = []
    for position in (20, 60):
        release(page, "sel_lambda", position)
        no_errors(page)
        assert marker_x(page, "sel_path_chart") == pytest.approx(lambdas[position])
        assert marker_x(page, "sel_cv_chart") == pytest.approx(lambdas[position])
        table = table_with(page, "w per SD (kcal/mol)")
        expected = int(np.count_nonzero(np.abs(coefs[:, position]) > 1e-10))
        assert abs(len(table) - expected) <= 1  # a coefficient at the edge of zero may differ
        assert int(metric(page, "features selected")) == len(table)
        n_nonzero = as_array(figure(page, "sel_cv_chart")["data"][3]["y"])
        assert n_nonzero[position] == len(table)
        counts.append(len(table))
    assert counts[0] < counts[1]  # position 0 is λ_max: a larger λ keeps fewer features


def test_lambda_slider_never_recomputes_the_path(page, monkeypatch):
    """Check with a spy on the core regularization_path: a λ move calls it 0 times, a new seed 1."""
    real = cached_selection.regularization_path
    calls = []

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(cached_selection, "regularization_path", spy)
    lambdas, _ = path_lines(page)
    before = marker_x(page, "sel_path_chart")
    position = 75 if before != pytest.approx(lambdas[75]) else 70
    release(page, "sel_lambda", position)
    no_errors(page)
    assert calls == []
    after = marker_x(page, "sel_path_chart")
    assert after == pytest.approx(lambdas[position]) and after != pytest.approx(before)
    assert marker_x(page, "sel_cv_chart") == pytest.approx(lambdas[position])
    # The spy does see the calls it should: a seed no other test uses needs a new path…
    page.number_input(key="sel_seed").set_value(4321).run()
    no_errors(page)
    assert len(calls) == 1 and calls[0]["seed"] == 4321
    # …and going back to seed 0 finds its path in the cache.
    page.number_input(key="sel_seed").set_value(0).run()
    assert len(calls) == 1


def test_parity_is_held_out_prediction_of_per_fold_scaled_lasso(page):
    """Check the orange points: Lasso(λ) fitted per fold on that fold's own scaling (no leakage)."""
    position = 40
    release(page, "sel_lambda", position)
    lambdas, _ = path_lines(page)
    spec = figure(page, "sel_parity_chart")["data"]
    measured, held_out = as_array(spec[1]["x"]), as_array(spec[1]["y"])
    np.testing.assert_allclose(measured, Y)
    expected = np.empty_like(Y)
    for train, test in KFold(5, shuffle=True, random_state=0).split(X_REF):
        scaler = StandardScaler().fit(X_REF[train])
        model = Lasso(alpha=lambdas[position], max_iter=10_000, tol=1e-8)
        model.fit(scaler.transform(X_REF[train]), Y[train])
        expected[test] = model.predict(scaler.transform(X_REF[test]))
    # The page's path stops coordinate descent at scikit-learn's default tolerance.
    np.testing.assert_allclose(held_out, expected, atol=5e-2)
    assert np.median(np.abs(held_out - expected)) < 1e-3


def test_folds_change_the_cv_error_to_sklearns(page):
    """Check 3 folds: the CV curve equals the mean over folds of per-fold RMSE of enet_path."""
    page.select_slider(key="sel_folds").set_value(3).run()
    no_errors(page)
    cv = figure(page, "sel_cv_chart")["data"]
    lambdas, cv_mean = as_array(cv[2]["x"]), as_array(cv[2]["y"])
    rmse = []
    for train, test in KFold(3, shuffle=True, random_state=0).split(X_REF):
        scaler = StandardScaler().fit(X_REF[train])
        mean = Y[train].mean()
        _, coefs, _ = enet_path(
            scaler.transform(X_REF[train]),
            Y[train] - mean,
            l1_ratio=1.0,
            alphas=lambdas,
            max_iter=10_000,
        )
        pred = scaler.transform(X_REF[test]) @ coefs + mean
        rmse.append(np.sqrt(((pred - Y[test, None]) ** 2).mean(axis=0)))
    np.testing.assert_allclose(cv_mean, np.mean(rmse, axis=0), rtol=1e-3)
    page.select_slider(key="sel_folds").set_value(5).run()


def test_elastic_net_slider_gives_sklearns_enet_path_and_keeps_lambda(page):
    """Check ℓ1 share 0.5: λ_max doubles, lines equal enet_path, the λ shown is kept."""
    lasso, _ = path_lines(page)
    release(page, "sel_lambda", 40)
    page.select_slider(key="sel_alpha").set_value(0.5).run()
    no_errors(page)
    lambdas, lines = path_lines(page)
    assert lambdas[0] == pytest.approx(2 * lasso[0])
    _, coefs = reference_path(lambdas, l1_ratio=0.5)
    for key, y in lines.items():
        np.testing.assert_allclose(y, coefs[int(np.flatnonzero(KEYS_REF == key)[0])], atol=2e-3)
    # λ = lasso[40] lies on the new path's range: the slider stands at its nearest grid point,
    # within half a grid step (100 log-spaced λ over three decades).
    nearest = lambdas[np.argmin(np.abs(np.log(lambdas) - np.log(lasso[40])))]
    assert abs(np.log(nearest / lasso[40])) <= np.log(10 ** (3 / 99)) / 2 + 1e-9
    assert marker_x(page, "sel_path_chart") == pytest.approx(nearest)
    assert any("α = 0.67" in c.value for c in page.caption)  # 2r/(1 + r) with r = 0.5
    page.select_slider(key="sel_alpha").set_value(1.0).run()
    assert marker_x(page, "sel_path_chart") == pytest.approx(lasso[40])  # and back again
    page.button(key="sel_go_1se").click().run()


def test_elastic_net_slider_goes_to_lambda_1se_when_the_new_path_misses_the_lambda(page):
    """Check the LASSO's smallest λ (below the r = 0.5 path's λ_max/1000) gives way to λ_1se."""
    release(page, "sel_lambda", 99)
    page.select_slider(key="sel_alpha").set_value(0.5).run()
    no_errors(page)
    lambda_1se = as_array(figure(page, "sel_cv_chart")["data"][4]["x"])[1]
    assert marker_x(page, "sel_path_chart") == pytest.approx(lambda_1se)
    page.select_slider(key="sel_alpha").set_value(1.0).run()
    page.button(key="sel_go_1se").click().run()


def group_rows(page, l1_ratio):
    """The correlated-partners table at one ℓ1 share, and each key's entry λ on sklearn's path."""
    page.select_slider(key="sel_alpha").set_value(l1_ratio).run()
    no_errors(page)
    lambdas, _ = path_lines(page)
    _, coefs = reference_path(lambdas, l1_ratio=l1_ratio)
    return table_with(page, "partner"), first_entry(coefs, lambdas)


def test_correlated_partners_follow_sklearns_enet_path_and_the_mixing_slider(page):
    """Check the partner table at r = 1 and 0.1: |r| ≥ 0.8, entry λ of enet_path, and it changes."""
    grid_step = 10 ** (3 / 99)  # 100 log-spaced λ over three decades
    shown = {}
    for l1_ratio in (1.0, 0.1):
        table, entry = group_rows(page, l1_ratio)
        assert len(table) > 0
        unit = "feature enters at λ (kcal/mol)"
        for _, row in table.iterrows():
            a, b = (
                int(np.flatnonzero(KEYS_REF == key_of(row[c]))[0]) for c in ("feature", "partner")
            )
            assert row["r"] == pytest.approx(np.corrcoef(X_REF[:, a], X_REF[:, b])[0, 1])
            assert abs(row["r"]) >= 0.8
            for got, want in ((row[unit], entry[a]), (row["partner enters at λ"], entry[b])):
                if np.isnan(want):
                    assert np.isnan(got)
                else:  # coordinate descent's tolerance may move an entry by one grid point
                    assert abs(np.log(got / want)) <= np.log(grid_step) + 1e-9
        dots = figure(page, "sel_groups_chart")["data"]
        np.testing.assert_allclose(as_array(dots[1]["x"]), table[unit])
        entered = table["partner enters at λ"].dropna()
        np.testing.assert_allclose(as_array(dots[2]["x"]), entered)
        summary = next(m.value for m in page.markdown if "enter together" in m.value)
        assert f"At **r = {l1_ratio:g}**" in summary and f"of the {len(table)} pairs" in summary
        shown[l1_ratio] = table
    assert not shown[1.0].equals(shown[0.1])
    # A smaller ℓ1 share moves λ_max (and every entry) up by 1/r: ten times at r = 0.1.
    assert shown[0.1].iloc[:, 4].max() > 5 * shown[1.0].iloc[:, 4].max()
    page.select_slider(key="sel_alpha").set_value(1.0).run()


def test_mixing_slider_is_labelled_r_with_the_workshops_alpha_in_latex(page):
    """Check the slider says r = l1_ratio and the latex line gives α = 2r/(1 + r) = 0.67 at 0.5."""
    slider = page.select_slider(key="sel_alpha")
    assert "r = l1_ratio" in slider.label
    slider.set_value(0.5).run()
    latex = " ".join(e.value for e in page.latex)
    assert r"r = 0.5 \;\Longrightarrow\; \alpha = \frac{2r}{1 + r} = 0.67" in latex
    page.select_slider(key="sel_alpha").set_value(1.0).run()


def test_substructure_view_highlights_the_selected_maccs_key(page):
    """Check the MACCS key picker and its example cards (molecules that have the key)."""
    options = page.selectbox(key="sel_feature").options
    assert options and all(o.startswith("MACCS") for o in options)
    page.selectbox(key="sel_feature").set_value(options[1]).run()
    no_errors(page)
    body = " ".join(el.proto.body for el in page.get("html"))
    assert body.count('data-testid="sel-substructure"') >= 2
    key = key_of(options[1])
    having = X_REF[:, np.flatnonzero(KEYS_REF == key)[0]] != 0
    assert any(f"set in {having.sum()} of 642 molecules" in m.value for m in page.markdown)


HASHED = {
    "rdkit": (
        lambda: rdFingerprintGenerator.GetRDKitFPGenerator(maxPath=6, fpSize=2048),
        "branched subgraph",
    ),
    "torsion": (
        lambda: rdFingerprintGenerator.GetTopologicalTorsionGenerator(fpSize=2048),
        "chain of four bonded atoms",
    ),
}


@pytest.mark.parametrize("rep", sorted(HASHED))
def test_path_and_torsion_bits_are_drawn_on_molecules_that_set_them(rep):
    """Check a selected path / torsion bit's cards are all molecules in which RDKit sets it."""
    at = open_page("feature_selection")
    at.sidebar.selectbox(key="rep").set_value(rep).run()
    no_errors(at)
    options = at.selectbox(key="sel_feature").options
    assert options
    at.selectbox(key="sel_feature").set_value(options[0]).run()
    no_errors(at)
    bit = int(options[0].rsplit(" ", 1)[1])
    generator = HASHED[rep][0]()
    having = {
        name
        for smiles, name in zip(FREESOLV.smiles, FREESOLV.names, strict=True)
        if generator.GetCountFingerprintAsNumPy(Chem.MolFromSmiles(smiles))[bit]
    }
    body = " ".join(el.proto.body for el in at.get("html"))
    shown = [html.unescape(n) for n in re.findall(r"<strong>(.*?)</strong>", body)]
    assert 2 <= len(shown) <= 8 and set(shown) <= having
    assert any(f"set in {len(having)} of 642 molecules" in m.value for m in at.markdown)
    assert any(HASHED[rep][1] in c.value for c in at.caption)


@pytest.mark.slow
def test_rfe_marks_the_lasso_count_at_lambda_1se(page):
    """Check the RFE toggle draws the curve with a line at the LASSO's count at λ_1se."""
    page.toggle(key="sel_rfe").set_value(True).run()
    no_errors(page)
    cv = figure(page, "sel_cv_chart")["data"]
    i_1se = int(np.argmin(np.abs(as_array(cv[2]["x"]) - as_array(cv[4]["x"])[1])))
    lasso_count = as_array(cv[3]["y"])[i_1se]
    rfe = figure(page, "sel_rfe_chart")
    assert rfe["layout"]["shapes"][0]["x0"] == lasso_count
    assert as_array(rfe["data"][2]["x"]).max() == X_REF.shape[1]
    page.toggle(key="sel_rfe").set_value(False).run()


@pytest.mark.slow
def test_rfe_elimination_table_equals_sklearns_rfe_ranking(page):
    """Check every MACCS key's rank against sklearn's RFE (ridge, same step), and no cap note."""
    page.toggle(key="sel_rfe").set_value(True).run()
    no_errors(page)
    table = table_with(page, "removed at step")
    step = int(np.ceil(X_REF.shape[1] / 50))  # the page's default: at most 50 eliminations
    pipeline = Pipeline([("scale", StandardScaler()), ("model", Ridge(alpha=1.0))])
    reference = RFE(
        pipeline, n_features_to_select=1, step=step, importance_getter="named_steps.model.coef_"
    ).fit(X_REF, Y)
    expected = dict(zip(KEYS_REF, reference.ranking_, strict=True))
    assert len(table) == X_REF.shape[1]
    assert {
        key_of(f): rank for f, rank in zip(table["feature"], table["rank"], strict=True)
    } == expected
    max_rank = reference.ranking_.max()
    removed = table["removed at step"].dropna().astype(int)
    np.testing.assert_array_equal(removed, max_rank - table["rank"].iloc[1:] + 1)
    assert not any("RFE ranked only" in i.value for i in page.info)  # 166 keys: no cap
    page.toggle(key="sel_rfe").set_value(False).run()


@pytest.mark.slow
def test_rfe_on_morgan_bits_says_it_ranked_only_the_200_most_variable_of_the_paths_256():
    """Check the cap note and that the table holds the 200 bits of largest p(1 − p)."""
    at = open_page("feature_selection")
    at.sidebar.selectbox(key="rep").set_value("morgan").run()
    at.toggle(key="sel_rfe").set_value(True).run()
    no_errors(at)
    assert any("RFE ranked only 200 of the 256 features" in i.value for i in at.info)
    ranked = {key_of_bit(name) for name in table_with(at, "removed at step")["feature"]}
    assert len(ranked) == 200
    # Path and RFE both keep the informative bits of largest p(1 − p) (variance of a 0/1
    # column), so RFE's 200 are the top 200 of all informative bits (ties at the edge aside).
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    X = np.array([generator.GetFingerprintAsNumPy(Chem.MolFromSmiles(s)) for s in FREESOLV.smiles])
    _, first = np.unique(X, axis=1, return_index=True)
    informative = np.sort(first[X[:, first].std(axis=0) > 0])  # first copy of each distinct bit
    p = X[:, informative].mean(axis=0)
    variance = dict(zip(informative.tolist(), p * (1 - p), strict=True))
    edge = np.sort(p * (1 - p))[::-1][199]
    assert ranked <= {b for b, v in variance.items() if v >= edge - 1e-12}
    assert {b for b, v in variance.items() if v > edge + 1e-12} <= ranked


def key_of_bit(name: str) -> int:
    """The bit number in 'ECFP4 bit 17' or a legend entry '3. ECFP4 bit 17'."""
    return int(re.search(r"bit (\d+)", name).group(1))


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

ENANTIOMERS = b"""smiles,name,y
C[C@H](O)CC,R-butanol,1.0
C[C@@H](O)CC,S-butanol,2.0
"""


def _open_upload(text: bytes, **state):
    at = open_page()
    at.session_state["upload_result"] = read_molecules(text, "small.csv")
    at.session_state["_pending_dataset"] = "upload"
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page("app_pages/feature_selection.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_small_upload_counts_missing_targets_and_refuses_too_many_folds():
    """Check 2 NaN targets are excluded and counted, and 10 folds of 6 molecules are refused."""
    at = _open_upload(UPLOAD, sel_folds=10)
    assert any("Left out: 2 without a target value" in c.value for c in at.caption)
    assert any("Only 6 molecules for 10-fold" in e.value for e in at.error)


def test_all_constant_features_are_refused():
    """Check two enantiomers (identical Morgan bits without chirality) give a clear message."""
    at = _open_upload(ENANTIOMERS)
    assert any("constant or duplicates" in e.value for e in at.error)
