"""Molecules: the data set, its target, every structure, and uploads with a parse report."""

import streamlit as st

from chemviz import datasets
from chemviz.figures.molecules import target_histogram_figure
from chemviz.molecules.explore import target_statistics
from chemviz.ui import inputs, state, widgets
from chemviz.ui.molecules import structures as mol
from chemviz.ui.molecules import upload

data = inputs.current()
molecules = data.molecules

st.title("Molecules")
if data.dataset in datasets.DATASETS:
    info = datasets.DATASETS[data.dataset]
    st.markdown(f"**{info.title}.** {info.description}  \n*{info.citation}*")

uploaded = state.get(state.UPLOAD)
with st.expander("Upload or paste your own molecules", expanded=False):
    upload.upload_panel()
if data.dataset == widgets.UPLOAD_KEY:
    st.subheader(f"Parse report: {widgets.plain(molecules.source)}")
    upload.show_report(uploaded[1])

if data.target is not None:
    st.subheader(f"Target: {widgets.plain(data.target_label)}")
    y = data.y()
    stats = target_statistics(y)
    left, right = st.columns([3, 1])
    left.plotly_chart(target_histogram_figure(y, stats, data.target_label), key="mol_hist")
    right.dataframe(stats.rename("value").round(3), key="mol_stats")
    if stats["missing"]:
        st.caption(
            f"{int(stats['missing'])} molecules have no value: the model pages leave them out."
        )

mol.structures(data)
