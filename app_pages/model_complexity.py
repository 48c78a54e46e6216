"""Model complexity: training error falls as a model grows, the error on new data does not.

The workshop's first section in two tabs: the 1D polynomial story, where the
truth sin(2πx) is known and every hidden error can be shown, then real
molecules, where only cross-validation can tell how complex a model should
be. Tabs are lazy (``on_change="rerun"``): only the open one computes, and
each is a section of its own (``chemviz.ui.section``): its sliders rerun it alone.
"""

import streamlit as st

from chemviz.ui import inputs, state
from chemviz.ui.complexity import molecules as cx_molecules
from chemviz.ui.complexity import toy as cx_toy

TABS = ["① The 1D story", "② Molecules"]

st.title("Model complexity")
st.markdown(
    "We train by making the **training error** small, but what we care about is the error on "
    "**new data**. The first falls as a model gets more flexible (always, when nothing is "
    "penalised); the second falls, then rises. Drag the sliders and watch where they part."
)
# Folded, so that the sliders and the first charts are on the first screen of a laptop;
# full-width rows inside, so no equation is clipped at 1280 px.
with st.expander("The equations: training error, true error, the penalised loss, CV error"):
    st.latex(r"E_\text{emp}(f) = \frac{1}{n}\sum_{i=1}^{n}\bigl(y_i - f(x_i)\bigr)^2")
    st.latex(r"E(f) = \int L\bigl(y, f(x)\bigr)\,p(x, y)\,dx\,dy = \mathbb{E}\,[L(Y, f(X))]")
    st.latex(r"L' = \frac{1}{n}\lVert y - f(x, W)\rVert_2^2 + \lambda \lVert W \rVert_2^2")
    st.latex(
        r"\text{CV} = \frac{1}{k}\sum_{j=1}^{k}"
        r"\sqrt{\frac{1}{|F_j|}\sum_{i \in F_j}\bigl(y_i - \hat f^{(-j)}(x_i)\bigr)^2}"
    )
    st.caption(
        "Empirical risk (training error) and true risk (error on new data); the "
        "ridge-regularised loss, where a larger λ means a simpler, flatter model: every λ "
        "slider on this page, in both tabs, is this λ, with n the number of points a fit is "
        "trained on (the Kernels page writes the loss without the 1/n, so its λ is n times "
        "this one); the k-fold CV error, where f̂⁽⁻ʲ⁾ is trained without fold Fⱼ. Errors are "
        "RMSEs in the units of y, except in the approximation and estimation panel, which is "
        "in mean squared error (units of y²): bias², variance and noise add up only as squares."
    )

state.bind(state.CX_TAB)  # seeds the open tab from the state table (and the URL)
toy, molecules = st.tabs(TABS, key=state.CX_TAB, on_change="rerun")
if toy.open:
    with toy:
        cx_toy.toy_tab()
if molecules.open:
    with molecules:
        cx_molecules.molecules_tab(inputs.current())
