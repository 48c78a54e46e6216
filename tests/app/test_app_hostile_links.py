"""Links are user input: nonsense in any URL key, on any page, gives a note, never a traceback."""

import pytest
from streamlit.testing.v1 import AppTest

from chemviz.ui import complexity, features, state  # noqa: F401  (declares the generated keys)
from tests.app.conftest import ROOT, TIMEOUT

PAGES = [
    "home", "molecules", "model_complexity", "kernels", "representations",
    "feature_selection", "neural_networks",
]  # fmt: skip
# Values that once crashed a page, allocated gigabytes or hung: not finite, too
# large for an int, negative, huge, not a number, empty, a fraction where a whole
# number is due, and text longer than any key may hold.
NONSENSE = [
    "inf",
    "-inf",
    "nan",
    "1e400",
    "-5",
    "-1",
    "1e9",
    "1000000000",
    "abc",
    "",
    "2.5",
    "9" * 600,
]
URL_KEYS = sorted(name for name, spec in state.KEYS.items() if spec.url)


@pytest.mark.parametrize("name", URL_KEYS)
def test_every_url_key_refuses_nonsense_or_reads_a_valid_value(name):
    """Check that each key's parser either raises ValueError or returns a value it accepts."""
    spec = state.KEYS[name]
    for text in NONSENSE:
        try:
            value = spec.parse(text)
        except ValueError:
            continue
        assert spec.check(value) == value, (name, text)
        assert isinstance(value, spec.kind), (name, text, value)


@pytest.mark.parametrize("value", NONSENSE)
def test_nonsense_in_every_url_key_on_every_page(value):
    """Check that a link with this value in every key opens every page without an exception."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for name in URL_KEYS:
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not [e for e in at.error if "Something went wrong" in e.value], page


def test_a_link_note_names_the_key_and_the_reason():
    """Check that ?cx_n=1e9 is refused with a note naming cx_n, its range and the default used."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["cx_n"] = "1e9"
    at.query_params["nn_layers"] = "inf"
    at.run()
    [note] = [i.value for i in at.info if "not valid" in i.value]
    assert "cx\\_n: 1e9 is outside 2–100; the default (8) is used instead" in note
    assert "nn\\_layers: inf is not a finite number" in note
    at.switch_page("app_pages/model_complexity.py").run()
    assert at.slider(key="cx_n").value == 8


def test_a_kernel_that_no_longer_applies_falls_back_with_a_note():
    """Check that Tanimoto, kept from Morgan bits, becomes Gaussian on descriptors, with a note."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("app_pages/kernels.py").run()
    assert at.selectbox(key="ker_kernel").value == "tanimoto"
    at.sidebar.selectbox(key="rep").set_value("descriptors").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="ker_kernel").value == "gaussian"
    assert "Tanimoto (fingerprints)" not in at.selectbox(key="ker_kernel").options
    assert any("does not apply to RDKit descriptors" in c.value for c in at.caption)
