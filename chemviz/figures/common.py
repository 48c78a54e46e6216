"""Figures shared by every page that fits a model: the parity plot and the train/test colours.

Imported by the Kernels, Feature selection and Neural networks pages (also
re-exported from :mod:`chemviz.figures.kernels`, where it was born).
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from chemviz.figures.frames import figure_dict, payload_of, plain
from chemviz.figures.style import legible
from chemviz.models import regression_metrics
from chemviz.slots import pause_point

TRAIN_COLOUR = "#4C78A8"
TEST_COLOUR = "#F58518"
GL_POINTS = 500  # points on a parity plot above which it is drawn with WebGL


def _metrics_label(part: str, y, y_hat, unit: str) -> str:
    m = regression_metrics(y, y_hat)
    unit = f" {unit}" if unit else ""
    return f"{part}: RMSE {m['rmse']:.3g}{unit}, MAE {m['mae']:.3g}{unit}, R² {m['r2']:.3f}"


def parity_limits(arrays) -> tuple[float, float, list[float]]:
    """(lowest, highest, axis range) of a parity plot's values: both axes share the range."""
    values = np.concatenate([np.asarray(v, dtype=float) for v in arrays])
    low, high = float(values.min()), float(values.max())
    pad = 0.05 * (high - low or 1.0)  # the same range on both axes keeps y = x at 45°
    return low, high, [low - pad, high + pad]


def hover_names(names) -> list[str]:
    """Molecule names for a hover label: escaped, since plotly reads hover text as HTML."""
    return [html.escape(str(s)) for s in names]


@legible
def parity_figure(
    y_train,
    yhat_train,
    y_test=None,
    yhat_test=None,
    target_label: str = "y",
    *,
    unit: str = "",
    names_train=None,
    names_test=None,
    labels: tuple[str, str] = ("train", "test"),
) -> go.Figure:
    """Predicted against measured values, with the line y = x.

    Parameters
    ----------
    y_train, yhat_train : array_like, shape (n_train,)
        Measured and predicted values of the training molecules.
    y_test, yhat_test : array_like, shape (n_test,), optional
        The same for the test molecules.
    target_label : str
        Name of the property, e.g. ``"hydration free energy"``.
    unit : str
        Its unit, e.g. ``"kcal/mol"``: axis titles and legend metrics.
    names_train, names_test : sequence of str, optional
        Molecule names for the hover text.
    labels : (str, str)
        What the two clouds are called in the legend (default "train", "test";
        the Model complexity page's are "trained on all", "out-of-fold (CV)").

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0: training points; trace 1 (if given): test points; last
        trace: the line y = x. Legend entries carry RMSE, MAE and R²
        (from :func:`chemviz.models.regression_metrics`).

    Notes
    -----
    A perfect model puts every point on the diagonal. Training points hug
    it more closely than test points; a large gap between the two clouds is
    overfitting made visible.
    """
    # The label may be an uploaded column header: plotly reads titles as HTML.
    axis = html.escape(f"{target_label} ({unit})" if unit else target_label)
    parts = [(labels[0], y_train, yhat_train, names_train, TRAIN_COLOUR)]
    if y_test is not None and yhat_test is not None:
        parts.append((labels[1], y_test, yhat_test, names_test, TEST_COLOUR))
    fig = go.Figure()
    # Above GL_POINTS the clouds are drawn by WebGL: an SVG element per molecule made
    # a slider step on 2,000 molecules cost 0.13 s in the browser, and on FreeSolv's
    # 642 a Kernels λ step takes 31 ms with WebGL against 41 ms with SVG.
    cloud = go.Scattergl if sum(len(p[1]) for p in parts) > GL_POINTS else go.Scatter
    for part, y, y_hat, names, colour in parts:
        fig.add_trace(
            cloud(
                x=np.asarray(y, dtype=float),
                y=np.asarray(y_hat, dtype=float),
                mode="markers",
                name=_metrics_label(part, y, y_hat, unit),
                marker=dict(color=colour, size=6, opacity=0.7),
                hovertext=None if names is None else hover_names(names),
            )
        )
    low, high, limits = parity_limits([v for p in parts for v in p[1:3]])
    fig.add_trace(
        go.Scatter(
            x=[low, high],
            y=[low, high],
            mode="lines",
            name="ŷ = y",
            line=dict(color="grey", dash="dash"),
        )
    )
    fig.update_layout(
        xaxis=dict(title=f"measured {axis}", range=limits, constrain="domain"),
        yaxis=dict(title=f"predicted {axis}", range=limits, scaleanchor="x", constrain="domain"),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        margin=dict(t=60, b=40, l=60, r=20),
        height=460,
    )
    return fig


def parity_dict(base: dict, parts, unit: str = "") -> dict:
    """The parity plot ``base`` with other predictions, made from plain data, not by plotly.

    Parameters
    ----------
    base : dict
        A :func:`parity_figure` as :func:`chemviz.figures.frames.figure_dict`
        gives it: its clouds, then the line y = x.
    parts : sequence of (str, array_like, array_like)
        For each cloud, in trace order: its legend label (as ``labels`` of
        :func:`parity_figure`), its measured values and its new predictions,
        shape (n_k,) each, the molecules in the base's order.
    unit : str
        The target's unit, for the legend's errors.

    Returns
    -------
    dict
        What ``figure_dict(parity_figure(...))`` gives for these predictions:
        each cloud's ``y`` and legend entry, the line's ends and both axes'
        range changed; every other property is the base's.

    Notes
    -----
    A slider over a model's complexity needs the parity plot at every grid
    value, and the same molecules sit at the same measured values in all of
    them: only the predictions move. Building each with plotly validates
    every property again, 7 ms for 2,000 molecules, most of the time a
    student waits for a Feature selection path's hundred plots.
    tests/core/test_figures_parity.py checks the result against plotly's.
    """
    data = [dict(trace) for trace in base["data"]]
    for trace, (label, y, y_hat) in zip(data, parts, strict=False):
        trace["y"] = plain(np.asarray(y_hat, dtype=float))
        trace["name"] = _metrics_label(label, y, y_hat, unit)
    low, high, limits = parity_limits([v for _, y, y_hat in parts for v in (y, y_hat)])
    data[-1] = {**data[-1], "x": [low, high], "y": [low, high]}
    layout = dict(base["layout"])
    for axis in ("xaxis", "yaxis"):
        layout[axis] = {**layout[axis], "range": limits}
    return {"data": data, "layout": layout}


def parity_frames(base: go.Figure, group: str, clouds, unit: str = "", same=None) -> dict:
    """A scrub payload of a parity plot: ``base`` drawn by plotly, a frame per grid value.

    Parameters
    ----------
    base : plotly.graph_objects.Figure
        The plot at one grid value (from :func:`parity_figure` or built on it).
    group : str
        The slider group.
    clouds : iterable of parts, length n_grid
        For each grid value, its clouds' (label, measured, predicted), as
        ``parts`` of :func:`parity_dict`.
    unit : str
        The target's unit, for the legend's errors.
    same : dict, optional
        As for :func:`chemviz.figures.frames.payload_of` (hover names, once).

    Returns
    -------
    dict
        As :func:`chemviz.figures.frames.scrub_payload`, each frame made by
        :func:`parity_dict` rather than by plotly.
    """
    plain_base = figure_dict(base)
    frames = []
    for parts in clouds:
        pause_point()  # between frames, a student's move on another page may go first
        frames.append(parity_dict(plain_base, parts, unit))
    return payload_of(plain_base, {group: frames}, same)
