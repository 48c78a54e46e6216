"""Kernels: similarity as a matrix, kernel ridge regression, and predictions explained.

The lesson's second part, in its order: ridge regression written with a
kernel; the kernel matrix of real molecules; kernel ridge regression with the
workshop's cross-validation grid; one prediction as a weighted sum of
similarities. Sections are drawn by :mod:`chemviz.ui.kernels_sections`.
"""

import streamlit as st

from chemviz.ui import inputs, widgets
from chemviz.ui import kernels as ker
from chemviz.ui import kernels_sections as sections

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
sections.kernel_equations(choice)
try:
    sections.heatmap_section(model, choice)
except ValueError as exc:  # e.g. the Tanimoto kernel on real-valued descriptors
    widgets.show_error(exc)
    st.stop()

st.header("3 · Kernel ridge regression")
st.markdown(
    "The recipe: form K on the training molecules, solve for one weight aᵢ per molecule, "
    "and predict a new molecule from its similarity to each of them. σ and λ are chosen by "
    "cross-validation on the training molecules; the test molecules are used once, at the end."
)
sections.krr_equations()
lam, folds = ker.krr_controls(model)
now = ker.fitted(model, choice, lam)
sections.krr_section(model, choice, lam, folds, now)

st.header("4 · Why this prediction?")
if now.fit is None:
    st.info("Fit a model first: choose a λ that gives a solution above.")
else:
    sections.explain_section(model, now)
