"""The Molecules page's structures: search, a grid of depictions, one molecule in 3D.

One section (:func:`structures`): typing a search, turning a page of the
grid or picking the molecule shown in 3D reruns it alone.
"""

from __future__ import annotations

import math

import streamlit as st

from chemviz import depict, limits
from chemviz.molecules.explore import SEARCH_MODES, SearchResult
from chemviz.ui import cached, state, widgets
from chemviz.ui.inputs import CurrentInputs
from chemviz.ui.section import section

PER_PAGE = 12  # molecules per page of the grid: four rows of three on a laptop
MAX_3D_CHOICES = 500  # the 3D picker lists the first matches only


@section
def structures(data: CurrentInputs) -> None:
    """Search the molecules, show the matches as a grid, and one of them in 2D and 3D."""
    molecules = data.molecules
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
    found = cached.find(molecules, molecules.content_hash, query, mode)  # ValueError: bad SMARTS
    n_found = len(found.indices)
    st.caption(
        f"{n_found:,} of {len(molecules):,} molecules match."
        if query
        else f"{n_found:,} molecules."
    )
    if n_found:
        _grid(data, found)
        _in_3d(data, found)


def _grid(data: CurrentInputs, found: SearchResult) -> None:
    """One page of the matches, their matched atoms highlighted, with the target value."""
    molecules = data.molecules
    n_pages = math.ceil(len(found.indices) / PER_PAGE)
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


def _in_3d(data: CurrentInputs, found: SearchResult) -> None:
    """A picker of the matches, and the one picked in 2D beside its 3D conformer (py3Dmol)."""
    molecules = data.molecules
    st.subheader("In 3D")
    if not molecules.trusted:
        st.caption(limits.feature_note("3d"))
    choices = [int(i) for i in found.indices[:MAX_3D_CHOICES]]  # by position: names can repeat
    c1, c2 = st.columns([2, 1])
    index = c1.selectbox(
        "Molecule", choices, format_func=lambda i: molecules.names[i], key=state.MOL_3D
    )
    style = c2.radio(
        "Style", list(depict.VIEWER_STYLES), horizontal=True, **state.bind(state.MOL_3D_STYLE)
    )
    name = molecules.names[index]
    left, right = st.columns([1, 2])
    picture = cached.svg(molecules.smiles[index], size=(300, 240), trusted=molecules.trusted)
    left.html(
        depict.grid_html(
            [depict.GridItem(picture, name, molecules.smiles[index])],
            columns=1,
            testid="molecule-2d",
        )
    )
    try:
        viewer = cached.viewer(
            molecules, molecules.content_hash, index, style, widgets.threedmol_url()
        )
        right.iframe(viewer, height=360)
    except ValueError as exc:
        right.warning(f"No 3D view for {widgets.plain(name)}: {widgets.plain(exc)}")
