"""Kernels: similarity as a matrix, kernel ridge regression, and predictions explained.

The lesson's second part, in its order: ridge regression written with a
kernel; the kernel matrix of real molecules; kernel ridge regression with the
workshop's cross-validation grid; one prediction as a weighted sum of
similarities. Sections are drawn by :mod:`chemviz.ui.kernels.sections`.
"""

import streamlit as st

from chemviz.ui import inputs, widgets
from chemviz.ui.kernels import controls as ker
from chemviz.ui.kernels import heatmap, sections

st.title("Kernels")
st.markdown(
    "A model that is linear in its parameters can be rewritten so that it only ever asks "
    "*how similar are these two molecules?* That similarity is the **kernel** k(x, x′). "
    "Change it and you change what the model can learn."
)

data = inputs.current()
try:
    model = ker.load(data)
except ValueError as exc:
    widgets.show_error(exc)
    st.stop()
ker.data_caption(model)

st.header("1 · Ridge regression, written with a kernel")
try:
    sections.ridge_section(model)
except ValueError as exc:
    widgets.show_error(exc)

st.header("2 · The kernel matrix: similarity between molecules")
choice = ker.kernel_controls(model)
heatmap.kernel_equations(choice)
heatmap.heatmap_section(model, choice)  # a section: shows its own errors

sections.krr_and_explain(model, choice)
