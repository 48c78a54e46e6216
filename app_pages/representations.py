"""Representations: how a molecule becomes the vector x a model sees."""

import streamlit as st

from chemviz import limits
from chemviz.figures.representations import pca_figure
from chemviz.representations import REPRESENTATIONS
from chemviz.ui import cached, inputs, widgets
from chemviz.ui.representations import cached as cache
from chemviz.ui.representations import sections as ui

data = inputs.current()
rep, spec = data.rep, data.representation

st.title("Representations")
st.markdown(
    "A model never sees a molecule, only a vector **x** ∈ ℝᵈ. The representation decides "
    "which molecules look alike — and a model cannot learn a difference its representation "
    "cannot see. Choose it in the sidebar; every model page uses it."
)
with st.expander("The equations: autocorrelations and the Coulomb matrix"):
    for entry in REPRESENTATIONS.values():
        if entry.equation:
            st.latex(entry.equation)
            st.caption(entry.equation_note)

st.subheader(spec.label)
st.caption(spec.description)
if spec.budget and not data.molecules.trusted:
    st.caption(limits.feature_note(spec.budget))
ui.parameter_widgets(rep)
try:
    fm = inputs.features(data)
except ValueError as exc:
    widgets.show_error(exc)
    st.stop()
key = data.features_key
summary = cache.summary(fm, key)

ui.feature_summary(data, fm, summary)

st.subheader("Chemical space")
y = data.y()[fm.rows] if data.target else None
names = [data.molecules.names[i] for i in fm.rows]
smiles = [data.molecules.smiles[i] for i in fm.rows]
try:
    pca = cache.pca(fm, key)
except ValueError as exc:  # fewer than 3 molecules, or every feature constant
    widgets.show_error(exc)
else:
    st.plotly_chart(
        cached.figure(
            ("pca", key, data.target),
            lambda: pca_figure(pca, y, names, smiles, data.target_label, fm.rows),
        ),
        key="rep_pca",
    )
    st.caption(
        "Each point is a molecule, placed along the two directions of largest variance. "
        "If colours cluster, molecules close in this representation have similar targets: "
        "good news for a model."
    )
with st.expander("t-SNE map (slower; keeps neighbours together, distorts distances)"):
    ui.tsne_section(data, fm, key, y, names, smiles)

st.subheader("One molecule, three ways")
ui.one_molecule(data, fm)

st.subheader("Do two representations agree on what is similar?")
ui.comparison_section(data, fm, key)
