"""Cached wrappers around the core: the only module that uses ``st.cache_*``.

Keys are cheap and hashable (dataset names, content hashes, parameters);
arguments Streamlit should not hash carry a leading underscore. Results
kept with ``cache_resource`` are shared between sessions and must be
treated as read-only.
"""

from __future__ import annotations

import streamlit as st
from rdkit import Chem

from chemviz import datasets, depict, geometry
from chemviz.molecules import MoleculeSet, ParseReport, read_molecules
from chemviz.molecules.explore import SearchResult, search


@st.cache_resource(show_spinner="Loading molecules…", max_entries=4)
def dataset(name: str) -> MoleculeSet:
    """A bundled dataset, parsed once per server process."""
    return datasets.load_dataset(name)


def parse_upload(
    data: bytes | str,
    filename: str,
    smiles_column: str | None,
    name_column: str | None,
    strip_salts: bool,
    neutralize: bool,
    duplicates: str,
    progress=None,
) -> tuple[MoleculeSet, ParseReport]:
    """Parse an upload. Not cached: the result lives in the user's session."""
    return read_molecules(
        data,
        filename,
        smiles_column=smiles_column,
        name_column=name_column,
        strip_salts=strip_salts,
        neutralize=neutralize,
        duplicates=duplicates,
        progress=progress,
    )


@st.cache_data(max_entries=5000, show_spinner=False)
def svg(smiles: str, highlight: tuple[int, ...] = (), size: tuple[int, int] = (220, 170)) -> str:
    """A 2D depiction, cached by SMILES and highlighted atoms."""
    return depict.mol_to_svg(Chem.MolFromSmiles(smiles), size, highlight)


@st.cache_data(max_entries=16, show_spinner=False)
def find(_molecules: MoleculeSet, content_hash: str, query: str, mode: str) -> SearchResult:
    """Search results, cached per set and query (SMARTS search scans every molecule)."""
    return search(_molecules, query, mode)


@st.cache_data(max_entries=256, show_spinner="Generating a 3D conformer…")
def viewer(_molecules: MoleculeSet, content_hash: str, index: int, style: str, js_url: str) -> str:
    """3D viewer HTML for one molecule; stable for the same inputs."""
    mol3d = geometry.conformer_for(_molecules, index)
    return depict.viewer_html(mol3d, style=style, js_url=js_url)
