"""Plotly figure builders, one module per lesson page: a result in, a go.Figure out."""
