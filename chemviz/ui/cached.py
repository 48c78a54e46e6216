"""Cached wrappers around the core, for what every page shares: datasets, depictions, features.

Each lesson page adds its own ``cached`` module beside its sections
(``chemviz/ui/kernels/cached.py``, …). All of them keep results one way,
in the byte-budgeted caches of :mod:`chemviz.ui.cache` (``@shared(kind)``):
keys are cheap and hashable (dataset names, content hashes, parameters),
arguments not part of the key carry a leading underscore, and results are
shared between sessions, so they are read-only. The one exception is the
parsed bundled datasets below: a fixed set, about 25 MB, kept for the
life of the server.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
import weakref

import numpy as np
import streamlit as st

from chemviz import datasets, depict, geometry, limits, slots, workers
from chemviz.molecules import MoleculeSet
from chemviz.molecules.explore import SearchResult, search
from chemviz.representations import REPRESENTATIONS, FeatureMatrix, featurize
from chemviz.ui import cache, state

# The bundled datasets, parsed once per server process (all four: about 25 MB).
_DATASETS: dict[str, MoleculeSet] = {}
_DATASET_LOCKS = {name: threading.Lock() for name in datasets.DATASETS}


def dataset(name: str) -> MoleculeSet:
    """A bundled dataset, parsed once per server process (a spinner while it is)."""
    if name not in _DATASETS:
        with st.spinner("Loading molecules…"):
            return _load_dataset(name)
    return _DATASETS[name]


def _load_dataset(name: str) -> MoleculeSet:
    if name not in _DATASET_LOCKS:  # not a bundled set: load_dataset says so in its words
        return datasets.load_dataset(name)
    with _DATASET_LOCKS[name]:  # a second session asking meanwhile waits for the first parse
        if name not in _DATASETS:
            _DATASETS[name] = datasets.load_dataset(name)
    return _DATASETS[name]


@functools.cache  # once per server process
def warm_datasets() -> threading.Thread:
    """Parse every bundled dataset, then compute its default features, in a background thread.

    Parsing AqSolDB takes RDKit about 2 s, during which it holds the
    interpreter lock, and its default fingerprints another 0.7 s that every
    page's first view needs; done when the server starts, before a class
    arrives, neither is done while thirty students wait for their first page.
    The features go into the shared, byte-budgeted cache (33 MB for the four
    sets), at the lowest priority: a student's computation goes first.
    """
    # Not a daemon (said explicitly: a thread started from Streamlit's script
    # thread would inherit its daemon flag): the interpreter waits for it, a few
    # seconds at most, at exit, rather than stopping it inside RDKit, which
    # aborts the process.
    thread = threading.Thread(target=warm_up, name="chemviz-warm-datasets", daemon=False)
    thread.start()
    return thread


def warm_up() -> None:
    """What :func:`warm_datasets` does, in the calling thread."""
    cache.set_priority(slots.WARM)
    for name in datasets.DATASETS:
        _load_dataset(name)
    rep = state.KEYS[state.REPRESENTATION].default  # what every page opens on
    for name in datasets.DATASETS:
        molecules = _DATASETS[name]
        features(molecules, molecules.content_hash, rep, default_params(rep))


def default_params(rep: str) -> tuple:
    """The parameters a page uses for ``rep`` before anyone sets one: ((name, value), …)."""
    return tuple(sorted((p.name, p.default) for p in REPRESENTATIONS[rep].params))


def runner(molecules: MoleculeSet) -> workers.Runner | None:
    """Where RDKit works on these molecules: here for bundled sets, in the workers otherwise."""
    return None if molecules.trusted else workers.pool().map


# About 10 kB per picture: the pictures' share holds those of hundreds of grid pages.
@cache.shared("pictures", heavy_work=False)
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


@cache.shared("small", heavy_work=False)
def find(_molecules: MoleculeSet, content_hash: str, query: str, mode: str) -> SearchResult:
    """Search results, cached per set and query (a SMARTS search runs in a worker)."""
    return search(_molecules, query, mode, runner=workers.pool().map)


@cache.shared("pictures", heavy_work=False, spinner="Generating a 3D conformer…")
def viewer(_molecules: MoleculeSet, content_hash: str, index: int, style: str, js_url: str) -> str:
    """3D viewer HTML for one molecule; stable for the same inputs."""
    mol3d = geometry.conformer_for(_molecules, index, runner=runner(_molecules))
    return depict.viewer_html(mol3d, style=style, js_url=js_url)


def features(
    molecules: MoleculeSet, content_hash: str, rep: str, params: tuple, progress=None
) -> FeatureMatrix:
    """Features of a set, once per (content, representation, parameters).

    Shared, not copied on every access (10,000 × 2048 bits is 20 MB), within
    the features' share of the cache budget (:mod:`chemviz.ui.cache`), kept
    as :class:`StoredFeatures`; ``FeatureMatrix.values`` is read-only.
    Computing them takes one of the server's heavy-computation slots.
    """
    stored = cache.CACHES["features"].get_or_compute(
        (content_hash, rep, params),
        lambda: StoredFeatures(
            featurize(molecules, rep, progress=progress, runner=runner(molecules), **dict(params))
        ),
        heavy_work=True,
    )
    return stored.matrix()


class StoredFeatures:
    """A feature matrix as the cache keeps it: 0/1 fingerprints packed eight to a byte.

    Parameters
    ----------
    fm : FeatureMatrix

    Notes
    -----
    A class of thirty keeps every bundled set's fingerprints at two or three
    settings: as ``uint8`` AqSolDB's 9,980 × 2,048 bits alone are 20 MB a
    setting, and the features were half of the class's cache (measured:
    91 MB), more than a 690 MB instance can hold without forgetting results
    the class then computes again. Packed (``numpy.packbits``), the same
    bits are 2.4 MB, and unpacking them takes 4 ms. The unpacked matrix is
    shared while any run or cached result holds it (a weak reference):
    thirty runs at once unpack it once, and it is freed when nobody needs it.
    Counts and real-valued features are kept as they are.
    """

    def __init__(self, fm: FeatureMatrix):
        values = fm.values
        self.n_columns = values.shape[1]
        bits = fm.kind == "binary" and values.dtype == np.uint8
        self.packed = bits and values.max(initial=0) <= 1
        self.data = np.packbits(values, axis=1) if self.packed else values
        self.fields = {f.name: getattr(fm, f.name) for f in dataclasses.fields(fm)}
        del self.fields["values"]
        self._values = weakref.ref(values)
        self._lock = threading.Lock()

    def in_use(self) -> bool:
        """Whether the unpacked matrix is alive (some run or result holds it)."""
        return self._values() is not None

    def matrix(self) -> FeatureMatrix:
        """The feature matrix (its values unpacked, or shared with whoever holds them)."""
        with self._lock:
            values = self._values()
            if values is None:
                values = np.unpackbits(self.data, axis=1, count=self.n_columns)
                self._values = weakref.ref(values)
        return FeatureMatrix(values=values, **self.fields)


def figure(key: tuple, build):
    """A plotly figure built once per ``key`` and shared, read-only, between reruns.

    plotly checks every property as a figure is built: 10 to 70 ms for the
    figures of the Representations page, several times what a rerun after a
    slider move may take. ``st.plotly_chart`` only reads a figure, so one
    built for these inputs can be drawn again as it is. ``key`` must name
    everything the figure shows (data, representation, parameters, target).
    """
    return cache.CACHES["figures"].get_or_compute(key, build)
