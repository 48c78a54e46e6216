"""Streamlit glue: the only part of chemviz that imports streamlit."""

import functools

from threadpoolctl import ThreadpoolController


@functools.cache
def _controller() -> ThreadpoolController:
    """The numerical libraries' thread pools, found once (a scan takes 1.5 ms; a limit 10 µs).

    NumPy and SciPy each bring their own OpenBLAS and scikit-learn its OpenMP,
    each loaded when first imported: import them before the scan, so it finds
    every copy.
    """
    import numpy  # noqa: F401
    import scipy.linalg  # noqa: F401
    import sklearn.neighbors  # noqa: F401

    return ThreadpoolController()


def one_thread_per_computation() -> None:
    """One BLAS and one OpenMP thread for the computations of this script run.

    Streamlit runs every session's script in a thread of its own, and on a
    small shared CPU the numerical libraries' own threads fight each other
    (a 0.01 s kernel-ridge fit took 1 s under contention). OpenBLAS takes
    the limit for the whole process, but OpenMP (scikit-learn's neighbours
    and trees) per thread: so this is called where every run starts,
    ``app.py`` and each section's own rerun (:mod:`chemviz.ui.section`).
    """
    _controller().limit(limits=1)
