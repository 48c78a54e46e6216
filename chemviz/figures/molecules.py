"""Figures for the Molecules page."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go


def axis_label(name: str, unit: str = "") -> str:
    """A property name with its unit in parentheses, for axis titles."""
    return f"{name} ({unit})" if unit else name


def target_histogram_figure(values: np.ndarray, stats: pd.Series, label: str) -> go.Figure:
    """Histogram of a property with its mean and median marked.

    Parameters
    ----------
    values : numpy.ndarray, shape (n,)
        Property values; NaN entries are left out (``stats`` counts them).
    stats : pandas.Series
        From :func:`chemviz.molecules.explore.target_statistics`.
    label : str
        Axis title, with units.
    """
    present = values[~np.isnan(values)]
    fig = go.Figure(go.Histogram(x=present, nbinsx=40, name="molecules", marker_color="#4C78A8"))
    marks = (("mean", "solid", "#E45756", "top left"), ("median", "dash", "#54A24B", "top right"))
    for key, dash, colour, position in marks:
        if key in stats:
            fig.add_vline(
                x=stats[key],
                line_dash=dash,
                line_color=colour,
                annotation_text=f"{key} {stats[key]:.2f}",
                annotation_position=position,
            )
    fig.update_layout(
        xaxis_title=html.escape(label),  # may be an uploaded column header
        yaxis_title="number of molecules",
        bargap=0.05,
        showlegend=False,
        margin=dict(t=40, b=40, l=50, r=20),
        height=320,
    )
    return fig
