"""Links are user input: nonsense in any URL key, on any page, gives a note, never a traceback."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from chemviz.ui import state
from tests.app.conftest import ROOT, TIMEOUT, shown

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


def test_a_typed_decimal_snaps_to_the_grid_value_it_means():
    """Check ?cx_value_ridge_lam=1e-05 reads as the grid's 10^-5 (9.999999999999999e-06)."""
    spec = state.KEYS[state.cx_value_key("ridge", "lam")]
    grid_value = next(v for v in spec.options if abs(v - 1e-5) < 1e-12)
    assert grid_value != 1e-5  # geomspace's rounding: the reason snapping is needed
    assert spec.parse("1e-05") == grid_value
    with pytest.raises(ValueError, match="is not one of"):
        spec.parse("2e-05")


def test_a_link_note_names_the_key_and_the_reason():
    """Check that ?cx_n=1e9 is refused with a note naming cx_n, its range and the default used."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["cx_n"] = "1e9"
    at.query_params["nn_layers"] = "inf"
    at.run()
    [note] = [shown(i.value) for i in at.info if "not valid" in i.value]
    default = state.KEYS[state.CX_N].default
    assert f"cx_n: 1e9 is outside 2–100; the default ({default}) is used instead" in note
    assert "nn_layers: inf is not a finite number" in note
    at.switch_page("app_pages/model_complexity.py").run()
    assert at.slider(key="cx_n").value == default


def test_a_kernel_that_no_longer_applies_falls_back_with_a_note():
    """Check that Tanimoto, kept from Morgan bits, becomes Gaussian on descriptors, with a note."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("app_pages/kernels.py").run()
    at.selectbox(key="ker_kernel").set_value("tanimoto").run()  # on Morgan bits
    assert at.selectbox(key="ker_kernel").value == "tanimoto"
    at.sidebar.selectbox(key="rep").set_value("descriptors").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="ker_kernel").value == "gaussian"
    assert "Tanimoto (fingerprints)" not in at.selectbox(key="ker_kernel").options
    assert any("does not apply to RDKit descriptors" in c.value for c in at.caption)


MARKUP_UPLOAD = (
    'name,smiles,<a href="http://example.invalid/t">t</a> <b>logS</b>\n'
    + "".join(
        f'"<a href=http://example.invalid/{i}>m{i}</a> <b>b</b>",{s},{i * 0.37:.2f}\n'
        for i, s in enumerate(
            ["CCO", "CCCO", "CCCCO", "CCCCCO", "c1ccccc1", "Cc1ccccc1", "CCc1ccccc1", "c1ccccc1O",
             "CC(=O)O", "CCC(=O)O", "CCN", "CCCN", "CCCl", "CCBr", "CC=O", "CCC=O", "OCCO",
             "CC(C)O", "CC(C)C", "CCCCCC", "C1CCCCC1", "C1CCCC1", "CCOC", "COC", "CCOCC"]
        )
    )
)  # fmt: skip


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@pytest.mark.parametrize("page", PAGES)
def test_html_in_an_upload_never_reaches_a_chart_as_markup(page):
    """Check that <a> and <b> from uploaded names and headers are escaped in every plotly figure."""
    import json

    from chemviz.molecules import read_molecules

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["upload_result"] = read_molecules(MARKUP_UPLOAD.encode(), "markup.csv")
    at.session_state["_pending_dataset"] = "upload"
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    if page == "model_complexity":  # the molecules tab holds the charts of this data
        at.session_state["cx_tab"] = state.CX_TABS[1]
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    for chart in at.get("plotly_chart"):
        for text in _strings(json.loads(chart.proto.spec)):
            assert "<a " not in text and "<b>b" not in text and "<b>logS" not in text, (
                chart.proto.id,
                text[:120],
            )
    # Markdown may hold user text as entities (&lt;a) or escaped (\<a): never as a raw tag.
    for element in [*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.subheader]:
        assert not re.search(r"(?<!\\)<(a|b|img|script)\b", element.value), element.value


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("see http://example.invalid/x", r"https?://"),
        ("go to www.example.invalid", r"(?i)www\."),
        ("mail me: a@example.invalid", r"\w@\w"),
        (":material/home: :red[alert]", r":material/"),
    ],
)
def test_plain_breaks_every_pattern_the_front_end_would_link(text, pattern):
    """Check that ``plain`` leaves no URL, e-mail or icon pattern, yet reads as typed."""
    from chemviz.ui.widgets import plain

    out = plain(text)
    assert not re.search(pattern, re.sub(r"\\(.)", r"\1", out))  # escapes read, joiners kept
    assert shown(out) == text


@pytest.mark.parametrize("name", ["invalid_rows.csv", "log_S (mol/L)", "FreeSolv 2014.sdf"])
def test_plain_keeps_ordinary_names_free_of_invisible_characters(name):
    """Check that a file name or header with no URL in it reaches the page unchanged."""
    from chemviz.ui.widgets import plain

    assert "\u2060" not in plain(name)
    assert shown(plain(name)) == name
