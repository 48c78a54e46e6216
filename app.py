"""chemviz: an interactive lab for machine learning on molecules.

Run with ``make run`` (or ``streamlit run app.py``). This script sets up the
page, draws the shared sidebar (dataset and target), and hands over to the
page the user picked.
"""

import streamlit as st

from chemviz.ui import state, widgets

st.set_page_config(page_title="chemviz", page_icon="⚗️", layout="wide")

PAGES = {
    "Start": [
        st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("app_pages/molecules.py", title="Molecules", icon=":material/science:"),
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
