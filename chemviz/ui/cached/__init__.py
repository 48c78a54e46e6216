"""Cached wrappers around the core: the only package that uses ``st.cache_*``.

This module holds what every page shares (datasets, depictions, features);
each lesson page adds its own module beside it (``cached/kernels.py``, …).
Keys are cheap and hashable (dataset names, content hashes, parameters);
arguments Streamlit should not hash carry a leading underscore. Results
kept with ``cache_resource`` are shared between sessions and must be
treated as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

from chemviz import datasets, depict, geometry, limits, workers
from chemviz.molecules import MoleculeSet
from chemviz.molecules.explore import SearchResult, search
from chemviz.representations import FeatureMatrix, featurize


@st.cache_resource(show_spinner="Loading molecules…", max_entries=4)
def dataset(name: str) -> MoleculeSet:
    """A bundled dataset, parsed once per server process."""
    return datasets.load_dataset(name)


def runner(molecules: MoleculeSet) -> workers.Runner | None:
    """Where RDKit works on these molecules: here for bundled sets, in the workers otherwise."""
    return None if molecules.trusted else workers.pool().map


# About 10 kB per picture: a thousand cover every page of a class's grids in 10 MB.
@st.cache_data(max_entries=1000, show_spinner=False)
def svg(
    smiles: str,
    highlight: tuple[int, ...] = (),
    size: tuple[int, int] = (220, 170),
    *,
    trusted: bool,
) -> str:
    """A 2D depiction, cached by SMILES and highlighted atoms.

    Molecules from a bundled dataset (``trusted=True``: ``MoleculeSet.trusted``)
    are drawn here; any other is drawn in a worker process, within its time
    limit, and a failure draws a placeholder that says why.
    """
    item = (smiles, size, highlight, limits.current())
    if trusted:
        return depict.depiction_task(item)
    [out] = workers.pool().map(depict.depiction_task, [item])
    if isinstance(out, workers.Failure):
        reason = "RDKit took too long" if out.kind == "timeout" else "RDKit failed"
        return depict.placeholder_svg(size, "Not drawn:", reason)
    return out


@st.cache_data(max_entries=16, show_spinner=False)
def find(_molecules: MoleculeSet, content_hash: str, query: str, mode: str) -> SearchResult:
    """Search results, cached per set and query (a SMARTS search runs in a worker)."""
    return search(_molecules, query, mode, runner=workers.pool().map)


@st.cache_data(max_entries=64, show_spinner="Generating a 3D conformer…")
def viewer(_molecules: MoleculeSet, content_hash: str, index: int, style: str, js_url: str) -> str:
    """3D viewer HTML for one molecule; stable for the same inputs."""
    mol3d = geometry.conformer_for(_molecules, index, runner=runner(_molecules))
    return depict.viewer_html(mol3d, style=style, js_url=js_url)


class _SharedLRU:
    """A small process-wide LRU cache, like ``st.cache_resource``, that allows progress bars.

    Streamlit records every element a ``st.cache_*`` function touches and
    replays it on a cache hit; a progress bar created outside the function
    cannot be replayed, so long computations that report progress are
    cached here instead. Values are shared between sessions: read-only.
    """

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key, compute):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()  # outside the lock: other sessions keep working meanwhile
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return value


_FEATURES = _SharedLRU(max_entries=6)


def features(
    molecules: MoleculeSet, content_hash: str, rep: str, params: tuple, progress=None
) -> FeatureMatrix:
    """Features of a set, once per (content, representation, parameters).

    Shared, not copied on every access (10,000 × 2048 bits is 20 MB);
    ``FeatureMatrix.values`` is read-only.
    """
    return _FEATURES.get_or_compute(
        (content_hash, rep, params),
        lambda: featurize(
            molecules, rep, progress=progress, runner=runner(molecules), **dict(params)
        ),
    )


_FIGURES = _SharedLRU(max_entries=64)


def figure(key: tuple, build):
    """A plotly figure built once per ``key`` and shared, read-only, between reruns.

    plotly checks every property as a figure is built: 10 to 70 ms for the
    figures of the Representations page, several times what a rerun after a
    slider move may take. ``st.plotly_chart`` only reads a figure, so one
    built for these inputs can be drawn again as it is. ``key`` must name
    everything the figure shows (data, representation, parameters, target).
    """
    return _FIGURES.get_or_compute(key, build)
