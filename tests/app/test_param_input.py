"""One helper draws the widget of any registry parameter, bound to its state key."""

from conftest import TIMEOUT, no_errors
from streamlit.testing.v1 import AppTest


def _script():
    """Draw the Morgan parameters and the network settings with ``widgets.param_input``."""
    from chemviz.networks import SETTINGS
    from chemviz.representations import REPRESENTATIONS
    from chemviz.ui import state, widgets

    for p in REPRESENTATIONS["morgan"].params:
        widgets.param_input(p, state.rep_param_key("morgan", p.name))
    for name, key in [
        ("activation", state.NN_ACTIVATION),
        ("solver", state.NN_SOLVER),
        ("batch_size", state.NN_BATCH),
        ("seed", state.NN_SEED),
    ]:
        widgets.param_input(SETTINGS[name], key)


def _run(**held):
    at = AppTest.from_function(_script, default_timeout=TIMEOUT)
    for key, value in held.items():
        at.session_state[key] = value
    at.run()
    no_errors(at)
    return at


def test_each_kind_of_parameter_gets_its_widget_at_the_table_default():
    """Check radius → slider 1–4 at 2, bits → select slider, switches → toggles, seed → box."""
    at = _run()
    [radius] = at.slider
    assert (radius.label, radius.min, radius.max, radius.value) == ("Radius", 1, 4, 2)
    bits = at.select_slider(key="rep_morgan_n_bits")
    assert (bits.options, bits.value) == (["256", "512", "1024", "2048", "4096"], 2048)
    assert [t.label for t in at.toggle] == [
        "Counts",
        "Chirality",
        "Pharmacophore atom types (FCFP)",
    ]
    assert [t.value for t in at.toggle] == [False, False, False]
    [seed] = at.number_input
    assert (seed.min, seed.max, seed.value) == (0, 9999, 0)


def test_choices_are_shown_by_their_registry_words():
    """Check activations read "ReLU", …; the optimiser "Adam"; batch 0 "all (GD)"."""
    at = _run()
    assert at.selectbox(key="nn_activation").options == [
        "ReLU", "tanh", "logistic (sigmoid)", "identity (no non-linearity)"
    ]  # fmt: skip
    assert at.radio(key="nn_solver").options == ["Adam", "plain gradient descent"]
    batch = at.select_slider(key="nn_batch")
    assert batch.options == ["1 (SGD)", "4", "16", "32", "64", "128", "256", "all (GD)"]
    assert batch.value == 32


def test_a_held_value_the_widget_does_not_offer_falls_back_to_the_default():
    """Check a batch of 7 (not on the grid) becomes the table's 32, and a held 128 stays."""
    assert _run(nn_batch=7).select_slider(key="nn_batch").value == 32
    assert _run(nn_batch=128).select_slider(key="nn_batch").value == 128
