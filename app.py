"""chemviz: an interactive lab for machine learning on molecules.

Run with ``make run`` (or ``streamlit run app.py``). This script sets up the
page, draws the shared sidebar (dataset and target), and hands over to the
page the user picked.
"""

import streamlit as st

from chemviz.ui import state, widgets

# These modules declare URL keys generated from the registries (rep_morgan_radius,
# cx_value_ridge_lam, ...). Import them before state.read_url(), so that even the
# first run of a freshly started server honours a shared link's parameters.
from chemviz.ui import complexity, features  # noqa: F401  isort: skip

st.set_page_config(page_title="chemviz", page_icon="⚗️", layout="wide")

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

page = st.navigation(PAGES)
state.read_url()
try:
    widgets.sidebar()
except ValueError as exc:  # a broken data file: say so instead of a traceback
    widgets.show_error(exc)
    st.stop()
page.run()
state.write_url()
