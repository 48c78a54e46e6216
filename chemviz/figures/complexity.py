"""Figures for the Model complexity page: the 1D fit, error curves, learning curves, bias/variance.

Every function takes results computed in :mod:`chemviz.toy` and
:mod:`chemviz.complexity` and only draws them; the page rebuilds these
figures on every slider move, so they stay a handful of traces each (the
resampled fits are one trace with gaps, not one trace per fit).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from chemviz.complexity import BiasVarianceResult, CurveResult, LearningCurveResult
from chemviz.figures.style import legible

TRAIN_COLOUR = "#4C78A8"
CV_COLOUR = "#F58518"
TRUTH_COLOUR = "#54A24B"  # the truth and the true error share a colour
FIT_COLOUR = "#E45756"
PALETTE = ("#4C78A8", "#F58518", "#54A24B", "#B279A2", "#9D755D")
# The toy's y stays within about ±1.6; a fixed range keeps the view still
# while a wild high-degree fit shoots off the chart.
TOY_Y_RANGE = (-2.0, 2.0)


def _band(x, mean, std, colour: str, name: str, log_y: bool = False) -> go.Scatter:
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


def _figure(
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


def _vertical_line(x: float) -> dict:
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
    return _figure(
        traces,
        "x (arbitrary units)",
        "y (arbitrary units)",
        x_range=[0, 1],
        y_range=list(TOY_Y_RANGE),
        uirevision="toy-fit",
    )


@legible
def complexity_curve_figure(
    curve: CurveResult,
    current_value: float | None,
    log_x: bool,
    y_label: str,
    overlay: CurveResult | None = None,
    *,
    x_label: str | None = None,
    log_y: bool = False,
    y_range: tuple[float, float] | None = None,
    overlay_label: str = "CV error, scaffold folds",
) -> go.Figure:
    """Training and CV error against a complexity knob, with the current and best values.

    Parameters
    ----------
    curve : CurveResult
        From :func:`chemviz.complexity.validation_curve`, or a
        :class:`~chemviz.complexity.ToyCurveResult`, whose true error and
        noise floor are drawn as well.
    current_value : float or None
        The slider's value, marked by a vertical line.
    log_x : bool
        Logarithmic x axis (λ, σ, k, width).
    y_label : str
        Axis title with units, e.g. ``"RMSE (kcal/mol)"``.
    overlay : CurveResult, optional
        A second curve (e.g. with scaffold folds) whose CV error is drawn dashed.
    x_label : str, optional
        Axis title; defaults to the knob's name.
    log_y : bool
        Logarithmic y axis (useful when high degrees explode).
    y_range : tuple of float, optional
        Fixed visible error range (in log10 units when ``log_y``), e.g.
        ``(0, 1.5)`` for the toy, so a CV spike does not flatten the rest.
    overlay_label : str
        Legend entry of the overlay.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces in order: training band, training error, CV band, CV error,
        then (toy only) true error and noise floor, then (if given) the
        overlay's CV error, and last the CV-best marker. Find them by ``name``.
        Toy degrees whose λ = 0 fit is underdetermined are shaded grey.
    """
    values = np.asarray(curve.values, dtype=float)
    traces = _error_traces(curve, values, log_y) + _truth_traces(curve, values)
    if overlay is not None:
        traces.append(
            go.Scatter(
                x=np.asarray(overlay.values, dtype=float),
                y=overlay.cv_mean,
                mode="lines+markers",
                name=overlay_label,
                line=dict(color=CV_COLOUR, dash="dash"),
            )
        )
    best = curve.best_index
    traces.append(
        go.Scatter(
            x=[values[best]],
            y=[curve.cv_mean[best]],
            mode="markers",
            name=f"CV best ({values[best]:.3g})",
            marker=dict(color=CV_COLOUR, size=14, symbol="star", line_width=1),
        )
    )
    shapes, annotations = _underdetermined_region(curve, values)
    if current_value is not None:
        shapes.append(_vertical_line(current_value))
    return _figure(
        traces,
        x_label or curve.param,
        y_label,
        log_x,
        log_y,
        y_range=None if y_range is None else list(y_range),
        shapes=shapes,
        annotations=annotations,
        uirevision=f"curve-{curve.model}-{curve.param}",
    )


def _error_traces(curve, values: np.ndarray, log_y: bool) -> list:
    """Training and CV error: each a ±1 SD band across folds, then its mean line."""
    traces = []
    for name, mean, std, colour in (
        ("training error", curve.train_mean, curve.train_std, TRAIN_COLOUR),
        ("CV error", curve.cv_mean, curve.cv_std, CV_COLOUR),
    ):
        traces.append(_band(values, mean, std, colour, name, log_y))
        traces.append(
            go.Scatter(x=values, y=mean, mode="lines+markers", name=name, line=dict(color=colour))
        )
    return traces


def _truth_traces(curve, values: np.ndarray) -> list:
    """The toy's true error and noise floor (what CV estimates); none for molecules."""
    test_rmse = getattr(curve, "test_rmse", None)
    if test_rmse is None:
        return []
    return [
        go.Scatter(
            x=values,
            y=test_rmse,
            mode="lines",
            name="true error (new data)",
            line=dict(color=TRUTH_COLOUR, width=3),
        ),
        go.Scatter(
            x=[values.min(), values.max()],
            y=[curve.noise, curve.noise],
            mode="lines",
            name="noise floor σ",
            line=dict(color="grey", dash="dot"),
        ),
    ]


def _underdetermined_region(curve, values: np.ndarray) -> tuple[list, list]:
    """A grey band over the toy degrees whose λ = 0 fit has more coefficients than points."""
    underdetermined = getattr(curve, "underdetermined", None)
    if curve.param != "degree" or underdetermined is None or not underdetermined.any():
        return [], []
    start = values[underdetermined].min() - 0.5
    band = dict(
        type="rect", x0=start, x1=values.max() + 0.5, y0=0, y1=1, xref="x", yref="paper",
        fillcolor="grey", opacity=0.12, line_width=0, layer="below",
    )  # fmt: skip
    label = dict(
        x=start, y=1, xref="x", yref="paper", xanchor="left", yanchor="top",
        showarrow=False, text="λ = 0: more coefficients than points",
    )  # fmt: skip
    return [band], [label]


@legible
def learning_curve_figure(
    results: dict[str, LearningCurveResult], y_label: str, log_x: bool = True
) -> go.Figure:
    """Training and CV error against training-set size, one colour per result.

    Parameters
    ----------
    results : dict of str to LearningCurveResult
        Label (e.g. the representation) to its learning curve; two or three
        overlay well.
    y_label : str
        Axis title with units, e.g. ``"RMSE (kcal/mol)"``.
    log_x : bool
        Logarithmic size axis (learning curves are usually straight-ish on log–log).

    Returns
    -------
    plotly.graph_objects.Figure
        Per result, in order: CV band, CV error (solid), training error (dotted).
    """
    traces = []
    for (label, result), colour in zip(results.items(), PALETTE * 3, strict=False):
        sizes = np.asarray(result.sizes, dtype=float)
        traces.append(_band(sizes, result.cv_mean, result.cv_std, colour, f"{label} CV"))
        traces.append(
            go.Scatter(
                x=sizes,
                y=result.cv_mean,
                mode="lines+markers",
                name=f"{label}: CV error",
                line=dict(color=colour),
            )
        )
        traces.append(
            go.Scatter(
                x=sizes,
                y=result.train_mean,
                mode="lines",
                name=f"{label}: training error",
                line=dict(color=colour, dash="dot"),
            )
        )
    return _figure(traces, "training-set size (molecules)", y_label, log_x, False)


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
    return _figure(
        traces,
        "polynomial degree d",
        "mean squared error (y units²)",
        False,
        log_y,
        y_range=np.log10(y_range).tolist() if log_y else None,
        shapes=[] if current_degree is None else [_vertical_line(current_degree)],
    )
