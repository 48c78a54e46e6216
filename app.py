"""chemviz: an interactive lab for machine learning on molecules.

Run with ``make run`` (or ``streamlit run app.py``). This script sets up the
page, draws the shared sidebar (dataset and target), and hands over to the
page the user picked.
"""

import logging

import streamlit as st

from chemviz import allocator, slots
from chemviz.ui import cache, cached, one_thread_per_computation, section, state, widgets
from chemviz.ui.scrub.assets import ensure_plotly_js

st.set_page_config(page_title="chemviz", page_icon="⚗️", layout="wide")
allocator.tune()  # once per process, before the caches fill (chemviz/allocator.py)
cached.warm_datasets()  # once per process: parse the bundled sets before a class arrives
ensure_plotly_js()  # the browser's own plotly.js, for charts that follow a dragged slider

PAGES = {
    "Start": [
        st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("app_pages/molecules.py", title="Molecules", icon=":material/science:"),
    ],
    "The lesson": [
        st.Page(
            "app_pages/model_complexity.py", title="Model complexity", icon=":material/show_chart:"
        ),
        st.Page("app_pages/kernels.py", title="Kernels", icon=":material/grid_on:"),
        st.Page("app_pages/representations.py", title="Representations", icon=":material/hub:"),
        st.Page(
            "app_pages/feature_selection.py",
            title="Feature selection",
            icon=":material/filter_alt:",
        ),
        st.Page(
            "app_pages/neural_networks.py", title="Neural networks", icon=":material/neurology:"
        ),
    ],
}

LOG = logging.getLogger("chemviz")

page = st.navigation(PAGES)
one_thread_per_computation()
state.read_url()
widgets.show_url_notes()
# A student moving a control on the page they see waits for less than one opening it.
cache.set_priority(slots.MOVE if state.get(state.SHOWN_PAGE) == page.url_path else slots.OPEN)
try:
    widgets.sidebar()
    page.run()
except ValueError as exc:  # a core message meant for the user (a broken file, too few molecules)
    widgets.show_error(exc)
except Exception:  # the last line of defence: a short message here, the traceback in the log
    LOG.exception("Unexpected error on page %r", page.title)
    widgets.show_unexpected_error()
finally:  # also after st.stop() on a page, which ends the whole script run here
    state.put(state.SHOWN_PAGE, page.url_path)
    state.write_url()
    section.end_of_full_run()  # a run without app.py is a section's own: a move
