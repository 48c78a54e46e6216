"""Figures for the Neural networks page: loss curves, the architecture, projections.

The parity plot is :func:`chemviz.figures.kernels.parity_figure`, shared with
the Kernels page; :func:`split_parity_figure` adds the validation set to it.
The chart drawn while a network trains is :mod:`chemviz.figures.live`.
"""

from __future__ import annotations

import html
from itertools import pairwise

import numpy as np
import plotly.graph_objects as go

from chemviz.figures.common import TRAIN_COLOUR, parity_limits
from chemviz.figures.kernels import parity_figure
from chemviz.figures.live import BEST_SO_FAR, VAL_COLOUR, live_loss_spec  # noqa: F401
from chemviz.figures.style import TEXT, legible
from chemviz.models import regression_metrics
from chemviz.networks import ACTIVATIONS, Architecture
from chemviz.splits import Split

# In the parity plot the test set takes the shared parity figure's orange, so
# validation points there are green.
PARITY_VAL_COLOUR = "#54A24B"
# Columns wider than this are drawn as their first and last few units around a "⋮".
MAX_DRAWN_UNITS = 12


@legible
def loss_figure(
    train_loss: np.ndarray,
    val_loss: np.ndarray,
    best_epoch: int | None = None,
    y_label: str = "RMSE (units)",
    max_epochs: int | None = None,
) -> go.Figure:
    """Training and validation error per epoch, with the best epoch marked.

    Cheap enough to redraw after every epoch while a network trains: two line
    traces and at most one marker.

    Parameters
    ----------
    train_loss, val_loss : ndarray of shape (n_epochs,)
        ``TrainResult.train_loss`` and ``.val_loss`` (or the values streamed so far).
    best_epoch : int, optional
        1-based epoch to mark on the validation curve.
    y_label : str
        Axis title with the target's units, e.g. ``"RMSE (kcal/mol)"``.
    max_epochs : int, optional
        Fix the epoch axis to [1, max_epochs] so it does not rescale while streaming.
    """
    epochs = np.arange(1, len(train_loss) + 1)
    fig = go.Figure(
        [
            go.Scatter(x=epochs, y=train_loss, name="training", line_color=TRAIN_COLOUR),
            go.Scatter(x=epochs, y=val_loss, name="validation", line_color=VAL_COLOUR),
        ]
    )
    if best_epoch is not None:
        fig.add_trace(
            go.Scatter(
                x=[best_epoch],
                y=[val_loss[best_epoch - 1]],
                mode="markers",
                name=f"best epoch ({best_epoch})",
                marker=dict(color=VAL_COLOUR, size=11, symbol="star", line_width=1),
            )
        )
    fig.update_layout(
        xaxis_title="epoch",
        yaxis_title=y_label,
        xaxis_range=[1, max_epochs] if max_epochs else None,
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        margin=dict(t=30, b=40, l=60, r=20),
        height=340,
        # Keep the user's zoom while the chart is redrawn every epoch.
        uirevision="loss",
    )
    return fig


def epoch_marker_layout(layout: dict, epoch: int) -> dict:
    """The replay slider's dashed vertical line at ``epoch``, as the layout of a frame.

    ``layout`` is the base's plain layout (see
    :func:`~chemviz.figures.frames.layout_payload`); the loss chart has no
    other shapes, so the frame's shapes are this one line.
    """
    return {"shapes": [dict(
        type="line", x0=int(epoch), x1=int(epoch), yref="paper", y0=0, y1=1,
        line=dict(color=TEXT, width=2.5, dash="dash"),
        # Level, beside the line and at its foot: the legend is at the top.
        label=dict(text=f"epoch {epoch}", textposition="start", textangle=0,
                   xanchor="left", yanchor="bottom", padding=6,
                   font=dict(size=16, color=TEXT)),
    )]}  # fmt: skip


@legible
def architecture_figure(arch: Architecture, activation: str) -> go.Figure:
    """The network as columns of units joined by their weights.

    Parameters
    ----------
    arch : Architecture
        From :func:`chemviz.networks.architecture`.
    activation : str
        Key of the hidden layers' activation in :data:`chemviz.networks.ACTIVATIONS`.
    """
    n_layers = len(arch.widths)
    names = ["input", *(f"hidden {i}" for i in range(1, n_layers - 1)), "output"]
    g = ACTIVATIONS[activation].label
    # What each column holds, e.g. "2,048 features", "64 units · ReLU", "1 unit · linear".
    contents = [
        f"{arch.widths[0]:,} features",
        *(f"{w:,} units · {g}" for w in arch.widths[1:-1]),
        f"{arch.widths[-1]:,} unit{'s' if arch.widths[-1] > 1 else ''} · linear",
    ]
    colours = ["#9D9D9D", *["#4C78A8"] * (n_layers - 2), "#F58518"]
    columns = [_column(width) for width in arch.widths]

    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for layer, (left, right) in enumerate(pairwise(columns)):
        for y0 in left[0]:
            for y1 in right[0]:
                edge_x += [layer, layer + 1, None]
                edge_y += [y0, y1, None]
    traces = [
        go.Scatter(
            x=np.array(edge_x, dtype=float),  # None → NaN breaks the line, as in a list
            y=np.array(edge_y, dtype=float),
            mode="lines",
            line=dict(color="#D0D0D0", width=0.6),
            hoverinfo="skip",
        )
    ]
    # Built as plain lists and set once: plotly re-validates every annotation on each
    # add_annotation call, which made this figure the slowest part of a page rerun.
    annotations = []
    for layer, (unit_y, gap_y) in enumerate(columns):
        traces.append(
            go.Scatter(
                x=np.full(len(unit_y), layer),
                y=np.array(unit_y),
                mode="markers",
                marker=dict(size=14, color=colours[layer], line=dict(color="white", width=1)),
                name=names[layer],
                hovertemplate=f"{names[layer]}: {contents[layer]}<extra></extra>",
            )
        )
        if gap_y is not None:
            annotations.append(
                dict(x=layer, y=gap_y, text="⋮", showarrow=False, font=dict(size=20))
            )
        annotations.append(
            dict(
                x=layer,
                y=MAX_DRAWN_UNITS / 2 + 0.5,
                text=f"<b>{names[layer]}</b><br>{contents[layer]}",
                showarrow=False,
                yanchor="bottom",
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        title=f"{arch.n_parameters:,} parameters ({arch.n_weights:,} weights + "
        f"{arch.n_biases:,} biases)",
        showlegend=False,
        xaxis=dict(visible=False, range=[-0.5, n_layers - 0.5]),
        yaxis=dict(visible=False, range=[-MAX_DRAWN_UNITS / 2 - 0.5, MAX_DRAWN_UNITS / 2 + 2.5]),
        plot_bgcolor="white",
        annotations=annotations,
        margin=dict(t=50, b=10, l=10, r=10),
        height=420,
    )
    return fig


def _column(width: int) -> tuple[list[float], float | None]:
    """Vertical positions of the drawn units of one layer, and of its "⋮" if truncated."""
    if width <= MAX_DRAWN_UNITS:
        return [(width - 1) / 2 - i for i in range(width)], None
    slots = [(MAX_DRAWN_UNITS - 1) / 2 - i for i in range(MAX_DRAWN_UNITS)]
    middle = MAX_DRAWN_UNITS // 2
    return slots[:middle] + slots[middle + 1 :], slots[middle]


@legible
def projection_figure(
    coords: np.ndarray,
    target: np.ndarray,
    names: list[str],
    title: str,
    target_label: str,
    axis_labels: tuple[str, str] = ("PC 1", "PC 2"),
) -> go.Figure:
    """A 2D map of molecules coloured by the target.

    Parameters
    ----------
    coords : ndarray of shape (n, 2)
        Precomputed 2D coordinates, e.g. the PCA of the input features or of
        :func:`chemviz.networks.hidden_representation`.
    target : ndarray of shape (n,)
        Property values, in ``target_label``'s units.
    names : list of str
        Molecule names for the hover (escaped here: names come from user files).
    title : str
        Figure title, e.g. ``"Last hidden layer (64 units)"``.
    target_label : str
        Colour-bar title with units, e.g. ``"ΔG_hyd (kcal/mol)"``.
    axis_labels : tuple of str
        Titles of the two axes.
    """
    label = html.escape(target_label)
    fig = go.Figure(
        go.Scattergl(
            x=coords[:, 0],
            y=coords[:, 1],
            mode="markers",
            marker=dict(
                color=target, colorscale="Viridis", size=7, colorbar=dict(title=dict(text=label))
            ),
            customdata=[html.escape(str(name)) for name in names],
            hovertemplate=f"%{{customdata}}<br>{label}: %{{marker.color:.3g}}<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        xaxis_title=axis_labels[0],
        yaxis_title=axis_labels[1],
        margin=dict(t=50, b=40, l=50, r=20),
        height=380,
    )
    return fig


@legible
def activation_figure(z: np.ndarray, curves: dict[str, np.ndarray]) -> go.Figure:
    """The activation functions g(z), one line each.

    Parameters
    ----------
    z, curves
        From :func:`chemviz.networks.activation_curves`.
    """
    fig = go.Figure(
        [go.Scatter(x=z, y=g, name=ACTIVATIONS[key].label) for key, g in curves.items()]
    )
    fig.update_layout(
        xaxis_title="pre-activation z (dimensionless)",
        yaxis_title="activation g(z) (dimensionless)",
        margin=dict(t=30, b=40, l=60, r=20),
        height=300,
    )
    return fig


@legible
def split_parity_figure(
    y: np.ndarray,
    y_hat: np.ndarray,
    split: Split,
    target_label: str,
    unit: str = "",
    names: list[str] | None = None,
) -> go.Figure:
    """Predicted against measured values for the training, validation and test sets.

    Parameters
    ----------
    y, y_hat : ndarray of shape (n,)
        Measured and predicted values of every molecule.
    split : Split
        Which rows are training, validation and test.
    target_label : str
        Property name, e.g. ``"hydration_free_energy"``.
    unit : str
        Its unit: axis titles and the metrics in the legend.
    names : list of str, optional
        Molecule names for the hover (escaped by the parity figure).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces: training, validation, test points, then the line ŷ = y; the
        legend entries carry each set's RMSE, MAE and R².
    """
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    pick = (lambda rows: None) if names is None else (lambda rows: [names[i] for i in rows])
    fig = parity_figure(
        y[split.train],
        y_hat[split.train],
        y[split.test],
        y_hat[split.test],
        target_label,
        unit=unit,
        names_train=pick(split.train),
        names_test=pick(split.test),
    )
    m = regression_metrics(y[split.val], y_hat[split.val])
    u = f" {unit}" if unit else ""
    val_names = pick(split.val)
    validation = go.Scatter(
        x=y[split.val],
        y=y_hat[split.val],
        mode="markers",
        name=f"validation: RMSE {m['rmse']:.3g}{u}, MAE {m['mae']:.3g}{u}, R² {m['r2']:.3f}",
        marker=dict(color=PARITY_VAL_COLOUR, size=6, opacity=0.8),
        hovertext=None if val_names is None else [html.escape(str(s)) for s in val_names],
    )
    train, test, line = fig.data
    # The line and both axes span all three sets: a validation molecule predicted
    # beyond the training and test ones is still on the chart.
    parts = split_parity_parts(y, y_hat, split)
    low, high, limits = parity_limits(
        [v for _, y_set, y_hat_set in parts for v in (y_set, y_hat_set)]
    )
    line.update(x=[low, high], y=[low, high])
    fig.data = []
    for trace in (train, validation, test, line):
        fig.add_trace(trace)
    # Three long legend entries (with metrics) stacked above the plot, clear of the points.
    fig.update_layout(
        legend=dict(orientation="v", y=1.02, x=0.0, yanchor="bottom"), margin=dict(t=110),
        xaxis_range=limits, yaxis_range=limits,
    )  # fmt: skip
    return fig


def split_parity_parts(y: np.ndarray, y_hat: np.ndarray, split: Split) -> list[tuple]:
    """(label, measured, predicted) of :func:`split_parity_figure`'s three clouds.

    For :func:`chemviz.figures.common.parity_dict`: the same plot at another
    epoch's predictions, made from plain data.
    """
    labels = ("train", "validation", "test")
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    sets = zip(labels, (split.train, split.val, split.test), strict=True)
    return [(label, y[rows], y_hat[rows]) for label, rows in sets]
