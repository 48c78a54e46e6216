"""Figures for the Molecules page."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from chemviz.figures.style import legible

# The lines marked on a histogram: (statistic, dash, colour dark enough for text on white).
MARKS = (("mean", "solid", "#C0392B"), ("median", "dash", "#1E7B34"))


def axis_label(name: str, unit: str = "") -> str:
    """A property name with its unit in parentheses, for axis titles."""
    return f"{name} ({unit})" if unit else name


@legible
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
    marks = [(key, dash, colour) for key, dash, colour in MARKS if key in stats]
    # The left line's label goes on its left, the right one's on its right: however close
    # the mean and the median are, neither label crosses the other's line.
    marks.sort(key=lambda mark: stats[mark[0]])
    for (key, dash, colour), position in zip(marks, ("top left", "top right"), strict=False):
        fig.add_vline(
            x=stats[key],
            line_dash=dash,
            line_color=colour,
            line_width=2.5,
            annotation_text=f"{key} {stats[key]:.2f}",
            annotation_position=position,
            annotation_yanchor="bottom",  # above the bars, in the top margin
            annotation_font_color=colour,
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
