"""The parts the Model complexity figures are built from: colours, error bands, one layout.

Shared by :mod:`chemviz.figures.complexity` (error and learning curves) and
:mod:`chemviz.figures.toy` (the 1D story's fit and its bias/variance).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

TRAIN_COLOUR = "#4C78A8"
CV_COLOUR = "#F58518"
TRUTH_COLOUR = "#54A24B"  # the truth and the true error share a colour
FIT_COLOUR = "#E45756"
PALETTE = ("#4C78A8", "#F58518", "#54A24B", "#B279A2", "#9D755D")


def band(x, mean, std, colour: str, name: str, log_y: bool = False) -> go.Scatter:
    """mean ± std as one filled polygon, skipped in the legend and the hover."""
    lower = np.maximum(mean - std, 0.0)
    if log_y:
        # A log axis cannot show 0; clip the band a decade below the line instead.
        lower = np.maximum(lower, mean / 10)
    return go.Scatter(
        x=np.concatenate([x, x[::-1]]),
        y=np.concatenate([mean + std, lower[::-1]]),
        mode="lines",
        fill="toself",
        fillcolor=colour,
        opacity=0.18,
        line=dict(width=0),
        name=f"{name} ± 1 std",
        showlegend=False,
        hoverinfo="skip",
    )


def curve_figure(
    traces: list,
    x_title: str,
    y_title: str,
    log_x: bool = False,
    log_y: bool = False,
    *,
    x_range=None,
    y_range=None,
    shapes: list | None = None,
    annotations: list | None = None,
    uirevision: str | None = None,
) -> go.Figure:
    """A figure with its whole layout given at once.

    Building the layout as one dict (rather than add_vline / update_layout
    calls, each of which re-validates the figure) keeps a redraw cheap.
    Ranges are in data units, or log10 units on a log axis, as plotly expects.
    """
    layout = dict(
        xaxis=dict(title=x_title, type="log" if log_x else "linear", range=x_range),
        yaxis=dict(title=y_title, type="log" if log_y else "linear", range=y_range),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        margin=dict(t=40, b=40, l=60, r=20),
        height=380,
        shapes=shapes or [],
        annotations=annotations or [],
        uirevision=uirevision,
    )
    return go.Figure(data=traces, layout=layout)


def vertical_line(x: float) -> dict:
    """A full-height vertical line at x: the slider's current value."""
    return dict(
        type="line",
        x0=x,
        x1=x,
        y0=0,
        y1=1,
        xref="x",
        yref="paper",
        line=dict(color="black", width=1.5),
    )
