"""Figures for the Model complexity page: error curves against a knob, and learning curves.

The 1D story's fit and bias/variance figures are :mod:`chemviz.figures.toy`
(importable from here too); both modules build on :mod:`chemviz.figures.curve_parts`.

Every function takes results computed in :mod:`chemviz.toy` and
:mod:`chemviz.complexity` and only draws them; the page rebuilds these
figures on every slider move, so they stay a handful of traces each (the
resampled fits are one trace with gaps, not one trace per fit).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from chemviz.complexity import CurveResult, LearningCurveResult
from chemviz.figures.curve_parts import (
    CV_COLOUR,
    PALETTE,
    TRAIN_COLOUR,
    TRUTH_COLOUR,
    band,
    curve_figure,
    vertical_line,
)
from chemviz.figures.frames import plain
from chemviz.figures.style import legible
from chemviz.figures.toy import TOY_Y_RANGE, bias_variance_figure, toy_fit_figure  # noqa: F401


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
        shapes.append(vertical_line(current_value))
    return curve_figure(
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


def value_marker_layout(layout: dict, value: float) -> dict:
    """The shapes of a plain :func:`complexity_curve_figure` layout with its marker at ``value``.

    A frame of :func:`chemviz.figures.frames.layout_payload`: the curve drawn
    with a current value has that value's vertical line as its last shape,
    and nothing else in it depends on the value.
    """
    return {"shapes": [*layout["shapes"][:-1], plain(vertical_line(value))]}


def _error_traces(curve, values: np.ndarray, log_y: bool) -> list:
    """Training and CV error: each a ±1 SD band across folds, then its mean line."""
    traces = []
    for name, mean, std, colour in (
        ("training error", curve.train_mean, curve.train_std, TRAIN_COLOUR),
        ("CV error", curve.cv_mean, curve.cv_std, CV_COLOUR),
    ):
        traces.append(band(values, mean, std, colour, name, log_y))
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
        traces.append(band(sizes, result.cv_mean, result.cv_std, colour, f"{label} CV"))
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
    return curve_figure(traces, "training-set size (molecules)", y_label, log_x, False)
