"""AppTest: the Neural networks page, driven by widget keys, checked against references."""

import re

import numpy as np
import pytest
from conftest import F4_REL, ROOT, TIMEOUT, as_array, figure, no_errors, open_page
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator
from sklearn.kernel_ridge import KernelRidge
from sklearn.metrics import root_mean_squared_error

from chemviz.datasets import load_dataset
from chemviz.splits import split_train_val_test

PAGE = "app_pages/neural_networks.py"
# A short training: few epochs, no early stopping (so the number of epochs is known).
SHORT = {"nn_epochs": 3, "nn_patience": 0}


def train(at, **values):
    """Set the given widgets by key (select sliders, selectbox, radio, number input), Train."""
    for key, value in {**SHORT, **values}.items():
        if key == "nn_activation":
            at.selectbox(key=key).set_value(value)
        elif key == "nn_solver":
            at.radio(key=key).set_value(value)
        elif key == "nn_seed":
            at.number_input(key=key).set_value(value)
        elif key == "nn_layers":
            at.slider(key=key).set_value(value)
        else:
            at.select_slider(key=key).set_value(value)
    at.button(key="nn_train").click().run()
    no_errors(at)
    return at


def losses(at):
    spec = figure(at, "nn_loss")
    return as_array(spec["data"][0]["y"]), as_array(spec["data"][1]["y"])


@pytest.fixture(scope="module")
def trained():
    """The page on FreeSolv after a 3-epoch training with the default network."""
    return train(open_page("neural_networks"))


def _parity(at):
    return {t["name"].split(":")[0]: t for t in figure(at, "nn_parity")["data"]}


def test_page_opens_with_the_default_architecture_counted_by_hand():
    """Check that the diagram titles 2048·64 + 64 + 64·64 + 64 + 64 + 1 = 135,361 parameters."""
    at = open_page("neural_networks")
    no_errors(at)
    title = figure(at, "nn_architecture")["layout"]["title"]["text"]
    assert title.startswith(f"{2048 * 64 + 64 + 64 * 64 + 64 + 64 + 1:,} parameters")
    assert any("Press **Train**" in i.value for i in at.info)
    assert any("448" in c.value and "97" in c.value for c in at.caption)


def test_the_loss_says_what_scikit_learn_minimises():
    """Check λ = α·n/|B| (1e-4 × 448/32 = 0.0014 by default), Adam's update, full batch λ = α.

    scikit-learn's minibatch loss is ½·mean_B (ỹ − ŷ)² + α‖W‖²/(2|B|): times 2|B|,
    Σ_B (ỹ − ŷ)² + α‖W‖², the penalty counted once per step, n/|B| = 14 steps per epoch.
    """
    at = open_page("neural_networks")
    no_errors(at)
    text = " ".join(m.value for m in at.markdown)
    latex = " ".join(el.value for el in at.get("latex"))
    assert f"= 0.0001 × 448/32 = {1e-4 * 448 / 32:.3g}**" in text  # 0.0014
    assert "(λ = α only for full batch)" in text and "Here **λ =" not in text
    assert r"\frac{m}{\sqrt{v} + \epsilon}" in latex and "**Adam**" in text
    assert "β₁ = 0.9, β₂ = 0.999, ε = 1e-08" in text  # MLPRegressor's defaults, as trained
    at.select_slider(key="nn_batch").set_value(0).run()  # the whole training set
    text = " ".join(m.value for m in at.markdown)
    assert "= 0.0001 × 448/448 = 0.0001** (full batch: λ = α)." in text
    at.radio(key="nn_solver").set_value("sgd").run()
    no_errors(at)
    latex = " ".join(el.value for el in at.get("latex"))
    assert r"W \leftarrow W - \eta \, \frac{\partial L_B}{\partial W}" in latex
    assert r"\sqrt{v}" not in latex


def test_short_training_draws_that_many_epochs(trained):
    """Check that 3 epochs give 3 points per curve and the star at the lowest validation error."""
    train_loss, val_loss = losses(trained)
    assert len(train_loss) == len(val_loss) == 3
    star = figure(trained, "nn_loss")["data"][2]
    assert as_array(star["x"])[0] == np.argmin(val_loss) + 1
    assert any("**3 epochs**" in c.value for c in trained.caption)


def test_loss_curve_ends_at_the_parity_plot_errors(trained):
    """Check that the last training RMSE is sklearn's RMSE of the training points drawn."""
    parity = _parity(trained)
    for name, curve in (("train", losses(trained)[0]), ("validation", losses(trained)[1])):
        y, y_hat = as_array(parity[name]["x"]), as_array(parity[name]["y"])
        assert curve[-1] == pytest.approx(root_mean_squared_error(y, y_hat), rel=1e-5)


def test_parity_plot_holds_every_freesolv_value_once(trained):
    """Check that train + validation + test points are exactly FreeSolv's measured values."""
    parity = _parity(trained)
    drawn = np.concatenate([as_array(parity[k]["x"]) for k in ("train", "validation", "test")])
    expected = load_dataset("freesolv").target("hydration_free_energy")
    np.testing.assert_allclose(np.sort(drawn), np.sort(expected))
    assert [len(as_array(parity[k]["x"])) for k in ("train", "validation", "test")] == [448, 97, 97]


def test_metrics_table_has_the_networks_test_error(trained):
    """Check that the table's network test RMSE is sklearn's RMSE of the test points drawn."""
    table = trained.dataframe[0].value
    test = _parity(trained)["test"]
    rmse = root_mean_squared_error(as_array(test["x"]), as_array(test["y"]))  # the plot: float32
    assert table.loc["test RMSE", "network"] == pytest.approx(rmse, rel=F4_REL)


def test_kernel_ridge_row_matches_sklearn_on_rdkit_fingerprints(trained):
    """Check the KRR column against sklearn's KernelRidge on RDKit's own Morgan bits."""
    freesolv = load_dataset("freesolv")
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    X = np.array([gen.GetFingerprintAsNumPy(Chem.MolFromSmiles(s)) for s in freesolv.smiles])
    X = X.astype(float)
    y = freesolv.target("hydration_free_energy")
    split = split_train_val_test(len(y), seed=0)
    caption = next(c.value for c in trained.caption if "Kernel ridge: tanimoto" in c.value)
    lam = float(re.search(r"λ = ([0-9.e-]+)", caption).group(1))
    dot = X @ X[split.train].T
    K = dot / (X.sum(1)[:, None] + X[split.train].sum(1)[None, :] - dot)
    offset = y[split.train].mean()
    model = KernelRidge(alpha=lam, kernel="precomputed").fit(
        K[split.train], y[split.train] - offset
    )
    y_hat = model.predict(K[split.test]) + offset
    table = trained.dataframe[0].value
    assert table.loc["test RMSE", "kernel ridge"] == pytest.approx(
        root_mean_squared_error(y[split.test], y_hat), rel=1e-6
    )


def test_learned_map_and_input_map_are_drawn_for_every_molecule(trained):
    """Check that both PCA maps hold all 642 molecules coloured by their target."""
    expected = np.sort(load_dataset("freesolv").target("hydration_free_energy"))
    for key in ("nn_map_input", "nn_map_hidden"):
        trace = figure(trained, key)["data"][0]
        assert len(as_array(trace["x"])) == 642
        np.testing.assert_allclose(np.sort(as_array(trace["marker"]["color"])), expected)


@pytest.mark.parametrize(("layers", "width"), [(1, 8), (3, 16)])
def test_layers_and_width_change_the_diagram(layers, width):
    """Check the parameter count for d = 2048 inputs against the formula worked by hand."""
    at = open_page("neural_networks")
    at.slider(key="nn_layers").set_value(layers)
    at.select_slider(key="nn_width").set_value(width).run()
    no_errors(at)
    # input→first: 2048·w + w; each further hidden layer: w·w + w; output: w + 1.
    expected = 2048 * width + width + (layers - 1) * (width * width + width) + width + 1
    spec = figure(at, "nn_architecture")
    assert spec["layout"]["title"]["text"].startswith(f"{expected:,} parameters")
    assert len(spec["data"]) == 1 + layers + 2  # edges, input, hidden layers, output


def test_activation_changes_the_diagram_and_the_equation():
    """Check that tanh labels the hidden units and its definition appears as LaTeX."""
    at = open_page("neural_networks")
    at.selectbox(key="nn_activation").set_value("tanh").run()
    no_errors(at)
    hovers = [t.get("hovertemplate", "") for t in figure(at, "nn_architecture")["data"]]
    assert any("units · tanh" in h for h in hovers)
    assert any(r"\tanh(z)" in el.value for el in at.get("latex"))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("nn_alpha", 10.0),
        ("nn_lr", 0.01),
        ("nn_batch", 0),
        ("nn_solver", "sgd"),
        ("nn_seed", 7),
        ("nn_activation", "tanh"),
        ("nn_width", 8),
    ],
)
def test_each_training_setting_changes_the_losses(trained, key, value):
    """Check that retraining with one setting changed gives other loss curves."""
    at = train(open_page("neural_networks"), **{key: value})
    assert not np.array_equal(losses(at)[0], losses(trained)[0])
    assert len(losses(at)[0]) == 3


def test_the_same_seed_reproduces_the_curves_and_changing_a_setting_says_so(trained):
    """Check bitwise reproducibility, then the note that shown results used other settings."""
    at = train(open_page("neural_networks"))
    np.testing.assert_array_equal(losses(at)[0], losses(trained)[0])
    at.select_slider(key="nn_lr").set_value(0.01).run()
    assert any("other settings" in i.value for i in at.info)
    assert any("η = 0.01" in m.value for m in at.markdown)


def test_epochs_and_patience():
    """Check that early stopping ends at best epoch + patience, before the epoch limit."""
    at = train(open_page("neural_networks"), nn_epochs=100, nn_patience=2, nn_lr=0.03)
    val_loss = losses(at)[1]
    best = int(np.argmin(val_loss)) + 1
    assert len(val_loss) == best + 2 < 100
    assert any("stopped early" in c.value for c in at.caption)


def _upload(rows: list[str]):
    """Upload a small CSV through the Molecules page, then open this page."""
    at = open_page("molecules")
    csv = "smiles,name,value\n" + "\n".join(rows) + "\n"
    at.file_uploader(key="mol_file").upload("small.csv", csv.encode(), "text/csv")
    at.button(key="mol_read").click().run()
    _pick_upload(at)
    at.switch_page(PAGE).run()
    return at


def _pick_upload(at) -> None:
    """Select the upload in the sidebar before the next run.

    AppTest matches a select box's value against its *labels* (the format_func's
    output), so the value 'upload' taken from session state is not found; pick by position.
    """
    picker = at.sidebar.selectbox(key="dataset")
    picker.select_index(len(picker.options) - 1)


ALKANES = ["C" * k for k in range(1, 15)]


def test_a_set_too_small_to_split_says_how_many_are_needed():
    """Check that 6 molecules give a readable error naming the 10 needed, not a traceback."""
    at = _upload([f"{s},m{i},{i * 0.5}" for i, s in enumerate(ALKANES[:6])])
    assert not at.exception
    assert "Too few molecules to split" in at.error[0].value
    assert "6 have a target value" in at.error[0].value and "at least 10" in at.error[0].value


def test_missing_targets_are_counted_and_left_out():
    """Check that 3 blank values of 14 are reported and the split uses the other 11."""
    rows = [f"{s},m{i},{'' if i in (2, 5, 9) else i * 0.5}" for i, s in enumerate(ALKANES)]
    at = _upload(rows)
    no_errors(at)
    caption = next(c.value for c in at.caption if "with a target" in c.value)
    assert "Left out: 3 without a target value." in caption
    assert "**11 molecules**" in caption
    _pick_upload(at)
    train(at)
    parity = _parity(at)
    assert sum(len(as_array(parity[k]["x"])) for k in ("train", "validation", "test")) == 11


@pytest.mark.slow
def test_published_split_is_used_for_the_test_set():
    """Check that the solubility set's published test rows are the test points."""
    at = open_page("neural_networks")
    at.sidebar.selectbox(key="dataset").set_value("solubility").run()
    no_errors(at)
    solubility = load_dataset("solubility")
    n_test = int((solubility.split == "test").sum())
    caption = next(c.value for c in at.caption if "with a target" in c.value)
    assert f"**{n_test:,}** test" in caption and "published test set" in caption


def _open_link(query: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    at.switch_page(PAGE).run()
    no_errors(at)
    return at


def test_a_link_to_a_trained_network_retrains_it_to_the_same_losses():
    """Check ?nn_run=true&…: two fresh sessions each train it, losses equal to a Train click's."""
    link = {"nn_run": "true", "nn_epochs": "3", "nn_patience": "0", "nn_seed": "7"}
    first, second = _open_link(link), _open_link(link)
    clicked = train(open_page("neural_networks"), nn_seed=7)
    for at in (first, second):
        train_loss, val_loss = losses(at)
        assert len(train_loss) == 3
        np.testing.assert_array_equal(train_loss, losses(clicked)[0])
        np.testing.assert_array_equal(val_loss, losses(clicked)[1])
    assert first.session_state["nn_run"] is True  # and its own link says so again


def test_a_link_without_a_run_trains_nothing_and_a_changed_setting_drops_the_flag():
    """Check no nn_run: no network; after training, a new width clears nn_run (not reproducible)."""
    at = _open_link({"nn_epochs": "3", "nn_patience": "0"})
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith("-nn_loss")]
    train(at)
    assert at.session_state["nn_run"] is True
    at.select_slider(key="nn_width").set_value(32).run()
    assert at.session_state["nn_run"] is False
