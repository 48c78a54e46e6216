"""The state table's one ``bind``: a widget's value seeded and repaired from the table."""

from conftest import TIMEOUT, no_errors
from streamlit.testing.v1 import AppTest


def _bind_script():
    """Bind ker_n (default 60) against what a test put in session state and the options offered."""
    import streamlit as st

    from chemviz.ui import state

    offered = st.session_state["offered"]
    state.bind(state.KER_N, offered or None)
    st.session_state["after"] = st.session_state.get(state.KER_N)


def _bound(held, offered):
    at = AppTest.from_function(_bind_script, default_timeout=TIMEOUT)
    at.session_state["offered"] = offered
    if held is not None:
        at.session_state["ker_n"] = held
    at.run()
    no_errors(at)
    return at.session_state["after"]


def test_bind_seeds_the_tables_default():
    """Check an untouched key starts at its declared default, 60."""
    assert _bound(None, ()) == 60


def test_bind_keeps_a_value_that_is_offered():
    """Check a held 20 among the offered (10, 20, 60) stays 20."""
    assert _bound(20, (10, 20, 60)) == 20


def test_bind_replaces_a_value_no_longer_offered_by_the_default():
    """Check a held 7 among (10, 20, 60) becomes the default 60."""
    assert _bound(7, (10, 20, 60)) == 60


def test_bind_falls_back_to_the_first_option_when_the_default_is_not_offered():
    """Check a held 7 among (10, 20) becomes 10 (the default 60 is not offered)."""
    assert _bound(7, (10, 20)) == 10
