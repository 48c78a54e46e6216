"""Every session-state key and URL parameter of the app, in one table.

A widget is tied to its key here (``**state.bind(state.DATASET)``); keys
marked ``url=True`` are mirrored in the URL's query parameters by
:func:`read_url` (start of a session) and :func:`write_url` (end of every
run), so a teacher can share a link that opens the same view, seed included.
We sync by hand rather than with Streamlit's ``bind="query-params"``, which
writes a selectbox's *label* ("FreeSolv: hydration free energies (642)")
instead of its value ("freesolv") into the link. Page-specific keys carry
their page's prefix (``rep_``, ``ker_``, ``sel_``, ``cx_``, ``nn_``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st


@dataclass(frozen=True)
class StateKey:
    """One entry of the state table.

    Attributes
    ----------
    name : str
        The session-state key, and the query-parameter name when ``url``.
    default : Any
        Value before the user touches anything.
    url : bool
        Whether the value is mirrored in the URL.
    help : str
        What the key holds.
    """

    name: str
    default: Any
    url: bool
    help: str


KEYS: dict[str, StateKey] = {}


def declare(name: str, default: Any, url: bool = False, help: str = "") -> str:
    """Add a key to the table and return its name (for ``key=``)."""
    if name in KEYS:
        raise ValueError(f"State key '{name}' is declared twice")
    KEYS[name] = StateKey(name, default, url, help)
    return name


def bind(name: str) -> dict[str, Any]:
    """Widget keyword arguments for a declared key.

    ``persist_state="session"`` keeps a page's settings when the user visits
    another page and comes back.
    """
    if name not in KEYS:
        raise KeyError(f"State key '{name}' is not declared in chemviz/ui/state.py")
    return {"key": name, "persist_state": "session"}


def _from_text(text: str, default: Any) -> Any:
    """Convert a query-parameter string to the type of the key's default."""
    if isinstance(default, bool):
        return text.lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(float(text))
    if isinstance(default, float):
        return float(text)
    return text


def read_url() -> None:
    """Copy URL parameters into session state for keys the session has not set yet.

    Malformed values (``?ker_sigma=abc``) are ignored: the default stays.
    """
    for name, spec in KEYS.items():
        if spec.url and name not in st.session_state and name in st.query_params:
            try:
                st.session_state[name] = _from_text(st.query_params[name], spec.default)
            except ValueError:
                pass


def write_url() -> None:
    """Mirror every URL key that differs from its default into the query string."""
    wanted = {}
    for name, spec in KEYS.items():
        if spec.url and name in st.session_state:
            value = st.session_state[name]
            if value is not None and value != spec.default:
                wanted[name] = str(value)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def get(name: str) -> Any:
    """The current value of a declared key (its default if never set)."""
    return st.session_state.get(name, KEYS[name].default)


def put(name: str, value: Any) -> None:
    """Set a declared key (only before its widget is drawn in this run, or in a callback)."""
    st.session_state[name] = value


# -- Shared: the data every page works on ------------------------------------
DATASET = declare("dataset", "freesolv", url=True, help="bundled dataset key, or 'upload'")
TARGET = declare("target", None, url=True, help="numeric property to model")
REPRESENTATION = declare("rep", "morgan", url=True, help="representation name (registry key)")
UPLOAD = declare("upload_result", None, help="(MoleculeSet, ParseReport) of the last upload")
CURRENT = declare("_current_data", None, help="CurrentData drawn by the sidebar in this run")
PENDING_DATASET = declare("_pending_dataset", None, help="dataset to switch to on the next run")

# -- Molecules page -------------------------------------------------------------
MOL_SEARCH = declare("mol_search", "", url=True, help="search text or SMARTS")
MOL_SEARCH_MODE = declare("mol_search_mode", "name or SMILES text", help="search mode")
MOL_PAGE = declare("mol_page", 1, help="page of the molecule grid")
MOL_3D = declare("mol_3d", None, help="name of the molecule shown in 3D")
MOL_3D_STYLE = declare("mol_3d_style", "stick", help="py3Dmol style")
MOL_STRIP_SALTS = declare("mol_strip_salts", False, help="keep the largest fragment on upload")
MOL_NEUTRALIZE = declare("mol_neutralize", False, help="neutralise charges on upload")
MOL_DUPLICATES = declare("mol_duplicates", "keep_first", help="duplicate policy on upload")
MOL_PASTE = declare("mol_paste", "", help="pasted SMILES text")
