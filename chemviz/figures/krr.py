"""Figures of kernel ridge regression: the CV grid, one prediction's terms, the worked example.

Companions of :mod:`chemviz.models` (the numbers) for the Kernels page.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from chemviz.figures.common import TEST_COLOUR, TRAIN_COLOUR
from chemviz.figures.frames import plain
from chemviz.figures.style import legible
from chemviz.models import Contributions, KRRGridResult

CURRENT_COLOUR = "#C0392B"  # the slider's λ: a red that reads as text on white (5.4:1)


def _log_ticks(values: np.ndarray, most: int = 8) -> dict:
    """Ticks at (up to ``most`` of) the grid values, on an axis of log₁₀ values."""
    shown = values[:: int(np.ceil(len(values) / most))]
    return dict(tickvals=np.log10(shown), ticktext=[f"{v:.3g}" for v in shown])


@legible
def cv_heatmap_figure(
    result: KRRGridResult,
    param_name: str,
    current: tuple[float, float] | None = None,
    *,
    unit: str = "",
    log_param: bool = True,
    param_label: str | None = None,
) -> go.Figure:
    """Cross-validation RMSE over the (kernel parameter, λ) grid.

    Parameters
    ----------
    result : KRRGridResult
        From :func:`chemviz.models.krr_cv_grid`.
    param_name : str
        The kernel parameter on the y axis, e.g. ``"sigma"``.
    current : (float, float), optional
        (parameter, λ) of the sliders, drawn as a circle; the best cell is a star.
    unit : str
        Unit of the target, for the colour bar.
    log_param : bool
        Put the parameter on a log axis (True for σ, False for a degree).
    param_label : str, optional
        How to call the parameter in titles (e.g. ``"σ"``); ``param_name`` if None.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0 is the heatmap: ``z`` is ``result.cv_rmse``, ``x`` is
        log₁₀ λ and ``y`` the (log₁₀) parameter. Trace 1 marks the best
        cell. With ``current``, ``layout.shapes[0]`` is a red ring centred
        on the current cell (and trace 2 its legend entry, with no points).

    Notes
    -----
    The current cell is a layout shape, not a trace, so that moving it is a
    ``Plotly.relayout`` of one shape: a scrub step that only moves the ring
    never redraws the heatmap (:mod:`chemviz.ui.scrub`).
    """
    params = np.array([p[param_name] for p in result.params], dtype=float)
    label = param_label or param_name
    to_y = np.log10 if log_param else np.asarray
    x, y = np.log10(result.lambdas), to_y(params)
    i, j = result.best
    colour_title = f"CV RMSE ({unit})" if unit else "CV RMSE"
    fig = go.Figure(
        [
            go.Heatmap(
                z=result.cv_rmse,
                x=x,
                y=y,
                colorscale="Viridis",  # dark = low error = good
                colorbar=dict(title=dict(text=colour_title, side="right")),
                # Each cell carries its real (parameter, λ) for the hover label.
                customdata=np.dstack(np.meshgrid(result.lambdas, params)[::-1]),
                hovertemplate=f"{label} = %{{customdata[0]:.3g}}<br>"
                "λ = %{customdata[1]:.3g}<br>CV RMSE = %{z:.3f}<extra></extra>",
            ),
            go.Scatter(
                x=[x[j]],
                y=[y[i]],
                mode="markers",
                name=f"best: {label} = {params[i]:.3g}, λ = {result.lambdas[j]:.3g}",
                marker=dict(
                    symbol="star", size=16, color="white", line=dict(color="black", width=1)
                ),
            ),
        ]
    )
    shapes = []
    if current is not None:
        ring = dict(symbol="circle-open", size=16, color="red", line=dict(width=3))
        fig.add_trace(_legend_entry(f"current: the sliders' {label} and λ", ring))
        shapes.append(_current_ring(result, param_name, current, log_param))
    y_axis = dict(title=f"{label} (log scale)" if log_param else label)
    if log_param:
        y_axis.update(_log_ticks(params))
    fig.update_layout(
        xaxis=dict(title="λ, regularisation (log scale)", **_log_ticks(result.lambdas)),
        yaxis=y_axis,
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        margin=dict(t=40, b=40, l=60, r=20),
        height=420,
        shapes=shapes,
    )
    return fig


def cv_marker_layout(
    result: KRRGridResult, current: tuple[float, float], param_name: str | None = "sigma",
    log_param: bool = True,
) -> dict:  # fmt: skip
    """The layout keys that put a CV chart's marker at the sliders' ``current`` (σ, λ).

    Parameters
    ----------
    result : KRRGridResult
        The grid the chart shows.
    current : (float, float)
        The sliders' (parameter, λ); λ > 0.
    param_name : str or None
        The parameter on the heatmap's y axis, or None for the λ curve
        (:func:`cv_curve_figure`, a grid of one row).
    log_param : bool
        As for :func:`cv_heatmap_figure`.

    Returns
    -------
    dict
        ``{"shapes": [...]}`` as :func:`chemviz.figures.frames.figure_dict`
        reads it from the figure drawn at ``current``: a scrub frame made
        without plotly (the rest of the chart does not change with the sliders).
    """
    if param_name is None:
        shape = _current_line(current[1], result.lambdas)
    else:
        shape = _current_ring(result, param_name, current, log_param)
    return {"shapes": [plain(shape)]}


def _current_ring(
    result: KRRGridResult, param_name: str, current: tuple[float, float], log_param: bool
) -> dict:
    """The ring on the heatmap's cell at the sliders' (parameter, λ)."""
    to_y = np.log10 if log_param else np.asarray
    params = np.array([p[param_name] for p in result.params], dtype=float)
    x, y = np.log10(result.lambdas), to_y(params)
    centre = (np.log10(current[1]), to_y(float(current[0])))
    return _ring(centre, (_spacing(x), _spacing(y)))


def _legend_entry(name: str, marker: dict) -> go.Scatter:
    """A legend item with no points: the key of a marker drawn as a layout shape."""
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, marker=marker)


def _spacing(values: np.ndarray) -> float:
    """The distance between neighbouring grid values (1 for a grid of one)."""
    return float(np.median(np.diff(values))) if len(values) > 1 else 1.0


def _ring(centre: tuple[float, float], cell: tuple[float, float]) -> dict:
    """A red ring inside the grid cell of size ``cell`` centred at ``centre`` (axis units)."""
    (x, y), (dx, dy) = centre, cell
    return dict(
        type="circle",
        xref="x",
        yref="y",
        x0=x - 0.4 * dx,
        x1=x + 0.4 * dx,
        y0=y - 0.4 * dy,
        y1=y + 0.4 * dy,
        line=dict(color="red", width=3),
    )


@legible
def cv_curve_figure(
    result: KRRGridResult,
    row: int = 0,
    current_lambda: float | None = None,
    *,
    unit: str = "",
) -> go.Figure:
    """Train and CV RMSE against λ for one kernel setting (one row of the grid).

    The view for kernels without a parameter (Tanimoto, linear, cosine),
    whose grid has a single row.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0: training RMSE; trace 1: CV RMSE with ± one standard
        deviation over folds as error bars; trace 2: the best λ. With
        ``current_lambda``, ``layout.shapes[0]`` is a dotted vertical line at
        it (``x0 == x1 == current_lambda``: shapes take data values on a log
        axis), labelled with its value. ``x`` is λ on a log axis.
    """
    lambdas = result.lambdas
    cv = result.cv_rmse[row]
    best = int(np.nanargmin(cv))
    fig = go.Figure(
        [
            go.Scatter(
                x=lambdas,
                y=result.train_rmse[row],
                name="training",
                mode="lines+markers",
                line_color=TRAIN_COLOUR,
            ),
            go.Scatter(
                x=lambdas,
                y=cv,
                name="cross-validation",
                mode="lines+markers",
                line_color=TEST_COLOUR,
                error_y=dict(type="data", array=result.cv_rmse_std[row], thickness=1),
            ),
            go.Scatter(
                x=[lambdas[best]],
                y=[cv[best]],
                mode="markers",
                name=f"best λ = {lambdas[best]:.3g}",
                marker=dict(symbol="star", size=14, color=TEST_COLOUR, line_width=1),
            ),
        ]
    )
    fig.update_layout(
        # A shape, so a scrub step that moves it is a relayout (see cv_heatmap_figure).
        shapes=[] if current_lambda is None else [_current_line(current_lambda, lambdas)],
        # "1e-05" rather than plotly's SI "10µ": λ has no unit.
        xaxis=dict(title="λ, regularisation (log scale)", type="log", dtick=1, exponentformat="e"),
        yaxis_title=f"RMSE ({unit})" if unit else "RMSE",
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        margin=dict(t=40, b=40, l=60, r=20),
        height=380,
    )
    return fig


def _current_line(lam: float, grid: np.ndarray) -> dict:
    """The slider's λ: a dotted red line, its value level beside its top.

    At the top, where both curves are low at small λ and high at large λ: so
    the label goes right of the line in the grid's first third, left after.
    """
    span = np.log10(grid[-1] / grid[0]) or 1.0
    side = "left" if np.log10(lam / grid[0]) < span / 3 else "right"
    return dict(
        type="line",
        xref="x",
        yref="paper",
        x0=lam,
        x1=lam,
        y0=0,
        y1=1,
        line=dict(color=CURRENT_COLOUR, dash="dot", width=2.5),
        label=dict(
            text=f"current λ = {lam:.3g}",
            textposition="end",
            textangle=0,
            xanchor=side,
            yanchor="top",
            padding=6,
            font=dict(size=16, color=CURRENT_COLOUR),
        ),
    )


@legible
def contributions_figure(contributions: Contributions, unit: str = "") -> go.Figure:
    """The largest terms aᵢ k(x*, xᵢ) of one prediction as horizontal bars.

    The last bar adds up all remaining training molecules, so the bars sum
    to the prediction shown in the title. ``x`` of trace 0 is
    ``table.contribution`` followed by ``remainder``.
    """
    table = contributions.table
    labels = [
        f"{html.escape(str(name))} (#{i})"
        for name, i in zip(table["name"], table["index"], strict=True)
    ]
    labels.append(f"all other {contributions.n_remainder} molecules")
    x = np.append(table["contribution"].to_numpy(), contributions.remainder)
    unit_text = f" {unit}" if unit else ""
    fig = go.Figure(
        go.Bar(
            x=x,
            y=labels,
            orientation="h",
            marker_color=[TRAIN_COLOUR] * len(table) + ["#BAB0AC"],
            hovertemplate="%{y}<br>contribution %{x:.3f}" + unit_text + "<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"prediction = sum of the bars = {contributions.prediction:.3f}{unit_text}",
        xaxis_title=f"contribution aᵢ k(x*, xᵢ) ({unit})" if unit else "contribution aᵢ k(x*, xᵢ)",
        yaxis=dict(autorange="reversed"),
        margin=dict(t=50, b=40, l=20, r=20),
        height=120 + 28 * len(labels),
    )
    return fig


@legible
def ridge_example_figure(df: pd.DataFrame, X: np.ndarray, y: np.ndarray) -> go.Figure:
    """The workshop's 1D example: the four points and the fitted line for each λ.

    Parameters
    ----------
    df : pandas.DataFrame
        From :func:`chemviz.models.ridge_worked_example` (``lambda``,
        ``intercept``, ``slope``).
    X : numpy.ndarray, shape (n, 2)
        Design matrix with the column of ones first.
    y : numpy.ndarray, shape (n,)

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0: the data; then one line ŷ = w₀ + w₁x per row of ``df``.
    """
    x = X[:, 1]
    ends = np.array([0.0, x.max() + 0.5])
    fig = go.Figure(
        go.Scatter(x=x, y=y, mode="markers", name="data", marker=dict(size=11, color="black"))
    )
    for lam, intercept, slope in zip(df["lambda"], df["intercept"], df["slope"], strict=True):
        fig.add_trace(
            go.Scatter(
                x=ends,
                y=intercept + slope * ends,
                mode="lines",
                name=f"λ = {lam:g}: ŷ = {intercept:.3f} + {slope:.3f} x",
            )
        )
    fig.update_layout(
        xaxis_title="x (unitless)",
        yaxis_title="y (unitless)",
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        margin=dict(t=40, b=40, l=60, r=20),
        height=360,
    )
    return fig
