"""Streamlit glue: the only part of chemviz that imports streamlit."""

from threadpoolctl import threadpool_limits


def one_thread_per_computation() -> None:
    """One BLAS and one OpenMP thread for the computations of this script run.

    Streamlit runs every session's script in a thread of its own, and on a
    small shared CPU the numerical libraries' own threads fight each other
    (a 0.01 s kernel-ridge fit took 1 s under contention). OpenBLAS takes
    the limit for the whole process, but OpenMP (scikit-learn's neighbours
    and trees) per thread, and NumPy and SciPy each load their own OpenBLAS
    when first used: so this is called where every run starts, ``app.py``
    and each section's own rerun (:mod:`chemviz.ui.section`).
    """
    threadpool_limits(1)
