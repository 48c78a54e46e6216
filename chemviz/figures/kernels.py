"""Figures for the Kernels page: the kernel matrix as a heatmap and its histogram.

The page's other figures live beside this module and are re-exported here,
so ``from chemviz.figures.kernels import ...`` keeps working for all of them:
:mod:`chemviz.figures.krr` (CV grid, contributions, worked example) and
:mod:`chemviz.figures.common` (:func:`parity_figure`, shared by every page
that fits a model).
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from chemviz.figures.common import TEST_COLOUR, TRAIN_COLOUR, parity_figure
from chemviz.figures.krr import (
    contributions_figure,
    cv_curve_figure,
    cv_heatmap_figure,
    cv_marker_layout,
    ridge_example_figure,
)
from chemviz.figures.style import legible

__all__ = [
    "MAX_OVERLAY",
    "MAX_TICK_LABELS",
    "TEST_COLOUR",
    "TRAIN_COLOUR",
    "contributions_figure",
    "cv_curve_figure",
    "cv_heatmap_figure",
    "cv_marker_layout",
    "kernel_heatmap_figure",
    "kernel_histogram_figure",
    "parity_figure",
    "ridge_example_figure",
]

# Names fit as tick labels up to about this many rows; beyond, hover tells.
MAX_TICK_LABELS = 25
# Up to this many molecules each cell gets a hover label and a click target: N² of
# them, about 4 MB of figure at N = 150. Beyond, the browser would crawl.
MAX_OVERLAY = 150


@legible
def kernel_heatmap_figure(
    K: np.ndarray, names, smiles, order: np.ndarray, kernel_label: str
) -> go.Figure:
    """The kernel matrix as a heatmap that can be hovered and clicked.

    Parameters
    ----------
    K : numpy.ndarray, shape (N, N)
        Kernel matrix of the molecules shown (a sample; see Notes).
    names, smiles : sequence of str, length N
        Display name and SMILES of each row of ``K``.
    order : numpy.ndarray of int, shape (N,)
        Row order, from :func:`chemviz.kernels.kernel_heatmap_order`.
    kernel_label : str
        E.g. ``"Gaussian, σ = 3"``; the colour bar's title.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0 is the ``Heatmap`` of ``K[order][:, order]``. Up to
        :data:`MAX_OVERLAY` molecules, trace 1 is an invisible ``Scattergl``
        with one marker per cell, whose ``customdata`` rows are (i, j),
        indices into ``K``, ``names`` and ``smiles``, and whose hover text
        names both molecules: a click selects its marker, and the Streamlit
        selection event's x and y (column and row in drawn order) say which
        pair was clicked (heatmap traces emit no selection events). Above
        that, there is no trace 1 and hovering a cell shows its position and
        value only; the axes' tick texts still hold the names in order.

    Notes
    -----
    The overlay carries N² hover texts and markers, so it stops at
    :data:`MAX_OVERLAY`; the heatmap itself is N² numbers (8N² bytes), which
    the caller caps.
    """
    order = np.asarray(order, dtype=int)
    names, smiles = list(names), list(smiles)
    n = len(order)
    shown = K[np.ix_(order, order)]
    tick_text = [html.escape(str(names[k])) for k in order]
    overlay = n <= MAX_OVERLAY
    # With the overlay, it answers hovers; without, the heatmap says where and how similar.
    hover = (
        dict(hoverinfo="skip")
        if overlay
        else dict(hovertemplate="row %{y}, column %{x}<br>k = %{z:.3f}<extra></extra>")
    )
    heatmap = go.Heatmap(
        z=shown,
        x=np.arange(n),
        y=np.arange(n),
        colorscale="Viridis",
        colorbar=dict(title=dict(text=kernel_label, side="right")),
        **hover,
    )
    traces = [heatmap, _cell_overlay(shown, names, smiles, order)] if overlay else [heatmap]
    fig = go.Figure(traces)
    ticks = dict(
        tickvals=np.arange(n),
        ticktext=tick_text,
        showticklabels=n <= MAX_TICK_LABELS,
        tickfont=dict(size=9),
        showgrid=False,
        zeroline=False,
    )
    fig.update_layout(
        # Fixed ranges: the overlay's markers would otherwise pad the axes.
        xaxis=dict(title="molecule (column)", range=[-0.5, n - 0.5], constrain="domain", **ticks),
        yaxis=dict(title="molecule (row)", range=[n - 0.5, -0.5], scaleanchor="x", **ticks),
        margin=dict(t=30, b=40, l=40, r=20),
        height=560,
        # A click selects the cell's overlay marker, which Streamlit sends to the server.
        # Not dragmode "select": in it, a click only ends a (box) selection, so no cell is
        # ever sent; dragging still zooms into a region of the matrix.
        clickmode="event+select",
        dragmode="zoom",
    )
    return fig


def _cell_overlay(shown: np.ndarray, names: list, smiles: list, order: np.ndarray) -> go.Scattergl:
    """One invisible, selectable marker per cell, hover text naming both molecules.

    WebGL, not SVG: N² SVG markers (3,600 at the default 60 molecules) made
    every repaint of the page slower, the other charts' scrub steps included
    (Kernels λ step 65 → 50 ms in Chromium).
    """
    n = len(order)
    rows, cols = np.divmod(np.arange(n * n), n)  # cell positions, row-major like `shown`
    i, j = order[rows], order[cols]
    label = [
        f"{html.escape(str(a))}<br>{html.escape(str(s))}"
        for a, s in zip(names, smiles, strict=True)
    ]
    hover = [
        f"{label[a]}<br>vs<br>{label[b]}<br>k = {value:.3f}"
        for a, b, value in zip(i, j, shown.ravel(), strict=True)
    ]
    return go.Scattergl(
        x=cols,
        y=rows,
        mode="markers",
        customdata=np.column_stack([i, j]),
        hovertext=hover,
        hoverinfo="text",
        # Tiny markers: plotly picks the marker nearest the pointer after subtracting its
        # radius, so markers wider than a cell would answer for their neighbours' cells.
        marker=dict(size=2, symbol="square", opacity=0),
        # A clicked cell shows as a red square; the rest stay invisible.
        selected=dict(marker=dict(opacity=1, color="red", size=max(6, 300 // max(n, 1)))),
        unselected=dict(marker=dict(opacity=0)),
        showlegend=False,
    )


@legible
def kernel_histogram_figure(values: np.ndarray, kernel_label: str) -> go.Figure:
    """Histogram of the off-diagonal kernel values k(xᵢ, xⱼ), i < j.

    ``values`` comes from :func:`chemviz.kernels.offdiagonal_values`. A pile
    at 0 means σ is too small (nothing is similar); a pile at 1, too large.
    """
    fig = go.Figure(go.Histogram(x=values, nbinsx=50, marker_color=TRAIN_COLOUR))
    fig.update_layout(
        xaxis_title=f"k(xᵢ, xⱼ), {kernel_label} (unitless)",
        yaxis_title="number of pairs",
        bargap=0.05,
        margin=dict(t=30, b=40, l=60, r=20),
        height=300,
    )
    return fig


@legible
def no_fit_figure(message: str) -> go.Figure:
    """An empty parity plot that says why there is no model (e.g. λ = 0 on a singular K)."""
    note = {"text": html.escape(message), "showarrow": False, "x": 0.5, "y": 0.5}
    note |= {"xref": "paper", "yref": "paper"}
    return go.Figure(
        layout={"xaxis": {"visible": False}, "yaxis": {"visible": False}, "annotations": [note]}
    )
