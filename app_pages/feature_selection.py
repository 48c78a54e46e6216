"""Feature selection: the LASSO / elastic-net path with cross-validation, and RFE.

The path is fitted once per (data, representation, ℓ1 share, folds, seed)
and cached; the λ slider only moves markers and reads the cached path.
Controls and set-up are in :mod:`chemviz.ui.selection.controls`, the sections in
:mod:`chemviz.ui.selection.sections`.
"""

import streamlit as st

from chemviz.ui import inputs, widgets
from chemviz.ui.selection import controls as sel
from chemviz.ui.selection import sections

st.title("Feature selection")
st.markdown(
    "Which parts of a representation matter? The **LASSO** answers in one shot: its ℓ1 "
    "penalty pulls coefficients to exactly zero, and the larger λ, the fewer features "
    "survive. Cross-validation chooses λ. Watch the whole path, not just one model."
)

data = inputs.current()
setting = sel.controls(data)
try:
    setting = sel.prepare(setting)
except ValueError as exc:  # too few molecules, no target, every column constant
    widgets.show_error(exc)
    st.stop()

# Folded, so that the path is on the first screen: the objective is one click away.
with st.expander("1 · The objective: what the path minimises, and its λ"):
    sel.equations(setting)

st.header("2 · The regularisation path")
try:
    result = sel.path(setting)
except ValueError as exc:  # e.g. more folds than molecules
    widgets.show_error(exc)
    sel.data_caption(setting)
    st.stop()
sections.along_the_path(result, setting)
sel.data_caption(setting)  # below the path, so that the path is on the first screen
sel.representation_note(data.rep)  # how to read the selected columns listed above

st.header("4 · Best subset and recursive feature elimination")
sections.rfe_section(result, setting)  # a section: shows its own errors
