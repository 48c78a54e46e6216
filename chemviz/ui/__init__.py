"""Streamlit glue: the only part of chemviz that imports streamlit."""
