"""Figures for the Feature selection page: coefficient path, CV error, RFE curve.

Each function draws a result from :mod:`chemviz.selection` and computes
nothing. The held-out parity plot is :func:`chemviz.figures.kernels.parity_figure`
fed with :func:`chemviz.selection.cv_predictions`.

Moving the λ slider should cost milliseconds. Each figure is built in one
``go.Figure(traces, layout)`` call (plotly validates every ``add_trace`` /
``update_*`` call separately, and that adds up), which is cheaper than
copying a finished figure; so a page rebuilds a figure from the cached
result on every rerun, or moves the marker of a figure it owns with
:func:`with_lambda_marker`.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

from chemviz.figures.style import legible
from chemviz.selection import PathResult, RFEResult

TOP_COLOURS = qualitative.Plotly
OTHER_COLOUR = "rgba(150, 150, 150, 0.45)"
BAND_COLOUR = "rgba(99, 110, 250, 0.2)"
MARKER_NAME = "current λ"  # identifies the slider's line among the layout shapes
Y_RANGE_CAP = 1.5  # CV axis stops at 1.5 × the error of the mean-only model


def _lambda_axis(unit_label: str) -> dict:
    # "alpha" is scikit-learn's name for λ; the page's α is the workshop's ℓ1 share.
    title = f"λ ({unit_label}; scikit-learn's alpha), log scale"
    return {"type": "log", "title": {"text": title}}


def _marker_shape(lam: float) -> go.layout.Shape:
    """The slider's dashed vertical line; shapes take data values on a log axis."""
    return go.layout.Shape(
        type="line",
        name=MARKER_NAME,
        x0=lam,
        x1=lam,
        xref="x",
        y0=0,
        y1=1,
        yref="paper",
        line={"color": "black", "dash": "dash", "width": 2.5},
        # Level, beside the line and at its foot: the λ_min and λ_1se labels are at the top.
        label={
            "text": f"λ = {lam:.3g}",
            "textposition": "start",
            "textangle": 0,
            "xanchor": "left",
            "yanchor": "bottom",
            "padding": 6,
            "font": {"size": 16},
        },
    )


# Dark enough for text on white (over 4.5:1), told apart by hue and by side.
LAMBDA_MIN_COLOUR = "rgb(0, 130, 80)"
LAMBDA_1SE_COLOUR = "rgb(130, 60, 220)"


def _vertical_line(x: float, text: str, colour: str, side: str = "right") -> go.layout.Shape:
    """A dotted vertical line at λ = x, its label level beside it (on ``side``), not on it."""
    return go.layout.Shape(
        type="line",
        x0=x,
        x1=x,
        xref="x",
        y0=0,
        y1=1,
        yref="paper",
        line={"color": colour, "dash": "dot", "width": 2.5},
        label={
            "text": text,
            "textposition": "end",
            "textangle": 0,
            "xanchor": "left" if side == "right" else "right",
            "padding": 6,
            "font": {"size": 16, "color": colour},
        },
    )


def _band_traces(x, mean, se) -> list[go.Scatter]:
    """The ±1 standard-error band: upper edge, then lower edge filled up to it."""
    return [
        go.Scatter(
            x=x, y=mean + se, mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"
        ),
        go.Scatter(
            x=x,
            y=mean - se,
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=BAND_COLOUR,
            name="± 1 standard error over folds",
            hoverinfo="skip",
        ),
    ]


@legible
def path_figure(
    result: PathResult,
    top_k: int = 10,
    current_index: int | None = None,
    unit_label: str = "units of y",
) -> go.Figure:
    """Coefficient of every feature against λ: the regularisation path.

    Parameters
    ----------
    result : PathResult
    top_k : int, default 10
        The first ``top_k`` features to enter the path get their own coloured,
        labelled line; the others share one grey line.
    current_index : int, optional
        Draw the slider's vertical marker at ``result.lambdas[current_index]``.
    unit_label : str
        Units of the target, e.g. ``"kcal/mol"``; λ and the coefficients carry them.

    Returns
    -------
    go.Figure
        Trace 0: all other features that ever become non-zero, each drawn from
        the last λ at which it is still zero, joined into one trace with
        gaps (NaN) between features, so 2,000 fingerprint bits cost one trace,
        not 2,000. Traces 1…: the top features in entry order, ``y`` equal to
        their row of ``result.coefs``. Features that never enter are not drawn.
    """
    lambdas = result.lambdas
    entered = (result.coefs != 0).any(axis=1)
    top = [j for j in result.entry_order[:top_k] if entered[j]]
    others = np.flatnonzero(entered)
    others = others[~np.isin(others, top)]

    # Start each grey line at the last λ where it is still zero: the zeros
    # before that all lie on the axis and would only add points to send.
    starts = np.maximum(np.argmax(result.coefs != 0, axis=1) - 1, 0)
    xs, ys, names = [], [], []
    for j in others:
        start = starts[j]
        xs += [lambdas[start:], [np.nan]]
        ys += [result.coefs[j, start:], [np.nan]]
        names.append(np.full(len(lambdas) - start + 1, result.feature_names[j]))
    traces = [
        go.Scattergl(
            x=np.concatenate(xs) if xs else [],
            y=np.concatenate(ys) if ys else [],
            text=np.concatenate(names) if names else [],
            mode="lines",
            line={"color": OTHER_COLOUR, "width": 1},
            name=f"other features ({len(others)})",
            hovertemplate="%{text}<br>λ = %{x:.3g}<br>w = %{y:.3g}<extra></extra>",
        )
    ]
    for rank, j in enumerate(top):
        traces.append(
            go.Scatter(
                x=lambdas,
                y=result.coefs[j],
                mode="lines",
                line={"color": TOP_COLOURS[rank % len(TOP_COLOURS)], "width": 2.5},
                name=f"{rank + 1}. {result.feature_names[j]}",
                hovertemplate="%{fullData.name}<br>λ = %{x:.3g}<br>w = %{y:.3g}<extra></extra>",
            )
        )
    layout = {
        "title": {"text": f"Coefficient path: {entered.sum()} of {len(entered)} features enter"},
        "xaxis": _lambda_axis(unit_label),
        "yaxis": {
            "title": {
                "text": f"coefficient w ({unit_label} per standard deviation of the feature)"
            },
            "zeroline": True,
        },
        "legend": {"title": {"text": "order of entry"}},
        "hovermode": "closest",
        "shapes": [] if current_index is None else [_marker_shape(lambdas[current_index])],
    }
    return go.Figure(traces, layout)


def lambda_marker_layout(layout: dict, lam: float) -> dict:
    """The shapes of a plain layout (:func:`~chemviz.figures.frames.figure_dict`) with
    the slider's marker at λ = ``lam``: a frame of :func:`~chemviz.figures.frames.layout_payload`.
    """
    moved = {"x0": lam, "x1": lam}
    shapes = [
        {**s, **moved, "label": {**s["label"], "text": f"λ = {lam:.3g}"}}
        if s.get("name") == MARKER_NAME
        else s
        for s in layout["shapes"]
    ]
    return {"shapes": shapes}


def with_lambda_marker(fig: go.Figure, lam: float) -> go.Figure:
    """Draw, or move, the slider's dashed vertical line at λ = ``lam``.

    Modifies ``fig`` in place and returns it. Moving an existing marker
    changes three properties of one layout shape (about a millisecond);
    copying a figure with thousands of points would cost a hundred times more.
    """
    for shape in fig.layout.shapes:
        if shape.name == MARKER_NAME:
            shape.update(x0=lam, x1=lam, label_text=f"λ = {lam:.3g}")
            return fig
    fig.add_shape(_marker_shape(lam))
    return fig


@legible
def cv_figure(
    result: PathResult, current_index: int | None = None, unit_label: str = "units of y"
) -> go.Figure:
    """Cross-validated RMSE against λ, with the number of selected features.

    Parameters
    ----------
    result : PathResult
    current_index : int, optional
        Draw the slider's marker at ``result.lambdas[current_index]``.
    unit_label : str
        Units of the target.

    Returns
    -------
    go.Figure
        Traces: 0–1 the ±1 SE band, 2 the mean CV RMSE (``y == result.cv_mean``),
        3 the number of non-zero coefficients on the right axis ``y2``
        (``y == result.n_nonzero``), 4 the points λ_min and λ_1se.
        If the curve climbs above ``Y_RANGE_CAP`` × the error at λ_max (the
        mean-only model), the left axis stops there.
    """
    lambdas = result.lambdas
    chosen = [result.i_min, result.i_1se]
    traces = [
        *_band_traces(lambdas, result.cv_mean, result.cv_se),
        go.Scatter(
            x=lambdas,
            y=result.cv_mean,
            mode="lines",
            name="CV RMSE (mean over folds)",
            line={"color": "rgb(99, 110, 250)", "width": 2.5},
            hovertemplate="λ = %{x:.3g}<br>CV RMSE = %{y:.3g}<extra></extra>",
        ),
        go.Scatter(
            x=lambdas,
            y=result.n_nonzero,
            yaxis="y2",
            mode="lines",
            line_shape="hv",
            name="selected features",
            line={"color": "rgb(239, 85, 59)", "dash": "dot"},
            hovertemplate="λ = %{x:.3g}<br>%{y} features<extra></extra>",
        ),
        go.Scatter(
            x=lambdas[chosen],
            y=result.cv_mean[chosen],
            mode="markers",
            marker={"size": 10, "color": [LAMBDA_MIN_COLOUR, LAMBDA_1SE_COLOUR]},
            text=["λ_min", "λ_1se"],
            name="λ_min and λ_1se",
            hovertemplate="%{text} = %{x:.3g}<br>CV RMSE = %{y:.3g}<extra></extra>",
        ),
    ]
    cv_axis = {"title": {"text": f"CV RMSE ({unit_label})"}}
    # Errors far above the mean-only model (λ_max) are off the scale of interest,
    # and one wildly extrapolated molecule can make them huge: cut the axis there.
    ceiling = Y_RANGE_CAP * result.cv_mean[0]
    if np.max(result.cv_mean + result.cv_se) > ceiling:
        cv_axis["range"] = [0, ceiling]
    shapes = [
        # λ_min ≤ λ_1se: each label on its outer side, so the two never meet.
        _vertical_line(result.lambda_min, "λ_min", LAMBDA_MIN_COLOUR, side="left"),
        _vertical_line(result.lambda_1se, "λ_1se", LAMBDA_1SE_COLOUR, side="right"),
    ]
    if current_index is not None:
        shapes.append(_marker_shape(lambdas[current_index]))
    layout = {
        "title": {"text": "Cross-validation error along the path"},
        "xaxis": _lambda_axis(unit_label),
        "yaxis": cv_axis,
        "yaxis2": {
            "title": {"text": "number of selected features"},
            "tickformat": "d",  # a count: 138, never 138.0 or 241.1
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
        },
        "legend": {"x": 1.08},  # clear of the right-hand axis
        "hovermode": "closest",
        "shapes": shapes,
    }
    return go.Figure(traces, layout)


@legible
def rfe_figure(
    rfe_result: RFEResult, lasso_count_at_1se: int | None = None, unit_label: str = "units of y"
) -> go.Figure:
    """Cross-validated RMSE of recursive feature elimination against features kept.

    Parameters
    ----------
    rfe_result : RFEResult
    lasso_count_at_1se : int, optional
        Number of features the LASSO keeps at λ_1se
        (``path.n_nonzero[path.i_1se]``), drawn as a vertical line to compare.
    unit_label : str
        Units of the target.

    Returns
    -------
    go.Figure
        Traces: 0–1 the ±1 SE band, 2 the mean CV RMSE
        (``x == rfe_result.n_features``, ``y == rfe_result.cv_mean``), 3 the
        best size and the smallest size within one SE of it.
    """
    n = rfe_result.n_features
    chosen = [rfe_result.i_best, rfe_result.i_1se]
    traces = [
        *_band_traces(n, rfe_result.cv_mean, rfe_result.cv_se),
        go.Scatter(
            x=n,
            y=rfe_result.cv_mean,
            mode="lines+markers",
            name="CV RMSE (mean over folds)",
            line={"color": "rgb(99, 110, 250)", "width": 2.5},
            marker={"size": 5},
            hovertemplate="%{x} features<br>CV RMSE = %{y:.3g}<extra></extra>",
        ),
        go.Scatter(
            x=n[chosen],
            y=rfe_result.cv_mean[chosen],
            mode="markers",
            marker={"size": 10, "color": [LAMBDA_MIN_COLOUR, LAMBDA_1SE_COLOUR]},
            text=["lowest CV error", "fewest within 1 SE"],
            name="best and 1-SE sizes",
            hovertemplate="%{text}: %{x} features<br>CV RMSE = %{y:.3g}<extra></extra>",
        ),
    ]
    shapes = []
    if lasso_count_at_1se is not None:
        label = f"LASSO at λ_1se: {lasso_count_at_1se}"
        shapes.append(_vertical_line(lasso_count_at_1se, label, "black"))
    layout = {
        "title": {"text": f"Recursive feature elimination ({rfe_result.step} removed per step)"},
        "xaxis": {"title": {"text": "number of features kept"}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": f"CV RMSE ({unit_label})"}},
        "hovermode": "closest",
        "shapes": shapes,
    }
    return go.Figure(traces, layout)
