"""Figures of the 1D story (Model complexity): the data and the fit, and bias/variance.

The truth sin(2πx) is known here, so these figures can draw what on
molecules only cross-validation estimates. Built from the parts in
:mod:`chemviz.figures.curve_parts`, like the error curves of
:mod:`chemviz.figures.complexity`.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from chemviz.complexity import BiasVarianceResult
from chemviz.figures.curve_parts import (
    FIT_COLOUR,
    TRUTH_COLOUR,
    curve_figure,
    vertical_line,
)
from chemviz.figures.style import legible

# The toy's y stays within about ±1.6; a fixed range keeps the view still
# while a wild high-degree fit shoots off the chart.
TOY_Y_RANGE = (-2.0, 2.0)


@legible
def toy_fit_figure(x, y, grid, truth, fit, faint_fits=None, fit_label: str = "fit") -> go.Figure:
    """The toy data, the truth sin(2πx) and the current polynomial fit.

    Parameters
    ----------
    x, y : ndarray of shape (n,)
        The data (:func:`chemviz.toy.sine_data`).
    grid : ndarray of shape (g,)
        x values at which ``truth`` and ``fit`` are given.
    truth, fit : ndarray of shape (g,)
        f*(grid) and ŷ(grid).
    faint_fits : ndarray of shape (m, g), optional
        Fits to other training sets of the same size (from
        :meth:`chemviz.complexity.BiasVarianceResult.fits_at`), drawn faintly.
    fit_label : str
        Legend entry of the fit, e.g. ``"degree 3, λ = 0"``.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0: the faint fits as one line with gaps (empty if none);
        1: the data; 2: the truth; 3: the fit.
    """
    # All faint fits in one trace: each row followed by NaN, which breaks the
    # line, so m fits cost one trace instead of m (much faster to build and send).
    faint = np.empty((0, len(grid))) if faint_fits is None else np.asarray(faint_fits)
    gap = np.full((len(faint), 1), np.nan)
    faint_x = np.hstack([np.broadcast_to(grid, faint.shape), gap]).ravel()
    faint_y = np.hstack([faint, gap]).ravel()
    traces = [
        go.Scatter(
            x=faint_x,
            y=faint_y,
            mode="lines",
            name="fits to other data sets",
            line=dict(color="grey", width=1),
            opacity=0.3,
            hoverinfo="skip",
            showlegend=faint_fits is not None,
        ),
        go.Scatter(x=x, y=y, mode="markers", name="data", marker=dict(color="black", size=9)),
        go.Scatter(
            x=grid,
            y=truth,
            mode="lines",
            name="truth sin(2πx)",
            line=dict(color=TRUTH_COLOUR, dash="dash"),
        ),
        go.Scatter(x=grid, y=fit, mode="lines", name=fit_label, line=dict(color=FIT_COLOUR)),
    ]
    return curve_figure(
        traces,
        "x (arbitrary units)",
        "y (arbitrary units)",
        x_range=[0, 1],
        y_range=list(TOY_Y_RANGE),
        uirevision="toy-fit",
    )


@legible
def bias_variance_figure(
    result: BiasVarianceResult,
    current_degree: int | None = None,
    log_y: bool = True,
    y_range: tuple[float, float] = (1e-3, 1e3),
) -> go.Figure:
    """Bias², variance and noise against degree, with the Monte-Carlo test error.

    Parameters
    ----------
    result : BiasVarianceResult
        From :func:`chemviz.complexity.bias_variance_sweep`.
    current_degree : int, optional
        Marked by a vertical line.
    log_y : bool
        Logarithmic error axis: variance grows by orders of magnitude with degree.
    y_range : tuple of float
        Visible errors on the log axis; with 8 points the variance of high
        degrees runs off the top (which is the point), and the approximation
        error of high degrees falls to ~10⁻²⁰, off the bottom.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces in order: bias², variance, noise σ², their sum, the
        Monte-Carlo expected test error (markers with ±2 standard errors),
        approximation error.
    """
    degrees = np.asarray(result.degrees, dtype=float)
    noise = np.full(len(degrees), result.noise2)
    lines = (
        ("bias²", result.bias2, "#4C78A8", "solid"),
        ("variance", result.variance, "#E45756", "solid"),
        ("noise σ²", noise, "grey", "dot"),
        ("bias² + variance + σ²", result.total, "black", "solid"),
    )
    traces = [
        go.Scatter(x=degrees, y=y, mode="lines", name=name, line=dict(color=colour, dash=dash))
        for name, y, colour, dash in lines
    ]
    traces.append(
        go.Scatter(
            x=degrees,
            y=result.expected_mse,
            mode="markers",
            name="test error, simulated",
            marker=dict(color="black", symbol="circle-open", size=9),
            error_y=dict(type="data", array=2 * result.expected_mse_se, visible=True),
        )
    )
    traces.append(
        go.Scatter(
            x=degrees,
            y=result.approximation,
            mode="lines",
            name="approximation error",
            line=dict(color="#4C78A8", dash="dash"),
        )
    )
    return curve_figure(
        traces,
        "polynomial degree d",
        "mean squared error (y units²)",
        False,
        log_y,
        y_range=np.log10(y_range).tolist() if log_y else None,
        shapes=[] if current_degree is None else [vertical_line(current_degree)],
    )
