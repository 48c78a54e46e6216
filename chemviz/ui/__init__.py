"""Streamlit glue: the only part of chemviz that imports streamlit."""

from threadpoolctl import threadpool_limits

# One BLAS thread per computation, set once per server process: Streamlit runs
# one thread per user session, and on a small shared CPU OpenBLAS's own threads
# fight each other (a 0.01 s kernel-ridge fit took 1 s under contention).
threadpool_limits(1)
