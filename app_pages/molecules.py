"""Molecules: the data set, its target, every structure, and uploads with a parse report."""

import math

import streamlit as st

from chemviz import datasets, depict, limits
from chemviz.figures.molecules import target_histogram_figure
from chemviz.molecules.explore import SEARCH_MODES, target_statistics
from chemviz.ui import cached, inputs, state, upload, widgets

PER_PAGE = 12

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

st.subheader("Structures")
if state.get(state.MOL_SEARCH_MODE) not in SEARCH_MODES:  # an edited link
    state.put(state.MOL_SEARCH_MODE, SEARCH_MODES[0])
c1, c2 = st.columns([1, 2])
mode = c1.radio("Search by", SEARCH_MODES, horizontal=True, **state.bind(state.MOL_SEARCH_MODE))
query = c2.text_input(
    "Search",
    placeholder="ethanol, CCO, or a SMARTS such as c1ccccc1 or [CX3](=O)[OX2H1]",
    **state.bind(state.MOL_SEARCH),
)
try:
    found = cached.find(molecules, molecules.content_hash, query, mode)
except ValueError as exc:
    widgets.show_error(exc)
    st.stop()
n_found = len(found.indices)
st.caption(
    f"{n_found:,} of {len(molecules):,} molecules match." if query else f"{n_found:,} molecules."
)
if n_found:
    n_pages = math.ceil(n_found / PER_PAGE)
    page = min(state.get(state.MOL_PAGE), n_pages)
    shown = found.indices[(page - 1) * PER_PAGE : page * PER_PAGE]
    y_all = data.y() if data.target else None
    items = [
        depict.GridItem(
            cached.svg(molecules.smiles[i], found.atoms.get(int(i), ()), trusted=molecules.trusted),
            molecules.names[i],
            "" if y_all is None else f"{data.target} = {y_all[i]:.3g} {data.unit}".strip(),
        )
        for i in shown
    ]
    st.html(depict.grid_html(items))
    st.pagination(n_pages, default=page, key=state.MOL_PAGE)

    st.subheader("In 3D")
    if not molecules.trusted:
        st.caption(limits.feature_note("3d"))
    choices = [int(i) for i in found.indices[:500]]  # by position: names can repeat
    c1, c2 = st.columns([2, 1])
    index = c1.selectbox(
        "Molecule", choices, format_func=lambda i: molecules.names[i], key=state.MOL_3D
    )
    style = c2.radio(
        "Style", list(depict.VIEWER_STYLES), horizontal=True, **state.bind(state.MOL_3D_STYLE)
    )
    name = molecules.names[index]
    left, right = st.columns([1, 2])
    left.html(
        depict.grid_html(
            [
                depict.GridItem(
                    cached.svg(molecules.smiles[index], size=(300, 240), trusted=molecules.trusted),
                    name,
                    molecules.smiles[index],
                )
            ],
            columns=1,
            testid="molecule-2d",
        )
    )
    try:
        with right:
            st.iframe(
                cached.viewer(
                    molecules, molecules.content_hash, index, style, widgets.threedmol_url()
                ),
                height=360,
            )
    except ValueError as exc:
        right.warning(f"No 3D view for {widgets.plain(name)}: {widgets.plain(exc)}")
