"""The correlated-partners figure of the Feature selection page: do groups enter together?

Draws :func:`chemviz.selection.correlated_partners` and computes nothing:
one dumbbell per (feature, partner) pair on the path's log λ axis, so that a
student sees long bars with the LASSO (one of the group at a time) and dots
on top of each other with a small ℓ1 share (the group enters together).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from chemviz.figures.selection import OTHER_COLOUR, TOP_COLOURS, _lambda_axis
from chemviz.figures.style import legible

LABEL_WIDTH = 28  # characters of a feature name in a row label; the hover has the full name


def _short(name: str) -> str:
    return name if len(name) <= LABEL_WIDTH else name[: LABEL_WIDTH - 1] + "…"


@legible
def partners_figure(
    table: pd.DataFrame, lambdas: np.ndarray, unit_label: str = "units of y"
) -> go.Figure:
    """Where each early feature and its correlated partner enter the path: one dumbbell per pair.

    Parameters
    ----------
    table : DataFrame
        From :func:`chemviz.selection.correlated_partners`.
    lambdas : ndarray, shape (n_lambdas,)
        The path's λ grid (descending): the x axis spans it, as on the path
        figure, and a partner that never enters is drawn at its smallest λ.
    unit_label : str
        Units of the target (λ carries them).

    Returns
    -------
    go.Figure
        One row per pair, the first feature to enter at the top. Traces:
        0 the bars joining the two entries (one trace, NaN gaps); 1 the
        features' entries (``x == table.feature_enters``, coloured as on
        the path); 2 the partners that enter (``x`` = their
        ``partner_enters``); 3 the partners that never enter, as crosses at
        ``lambdas[-1]``.
    """
    labels = np.array(
        [f"{r.rank}. {_short(r.feature)} ↔ {_short(r.partner)}" for r in table.itertuples()],
        dtype=object,
    )
    lambda_floor = float(np.min(lambdas))
    feature_x = table["feature_enters"].to_numpy(dtype=float)
    partner_x = table["partner_enters"].to_numpy(dtype=float)
    never = np.isnan(partner_x)
    partners = np.array(
        [f"{p} (r = {r:.2f})" for p, r in zip(table["partner"], table["r"], strict=True)],
        dtype=object,
    )
    bar_x = np.column_stack([feature_x, np.where(never, lambda_floor, partner_x)])
    bar_x = np.column_stack([bar_x, np.full(len(table), np.nan)]).ravel()
    bar_y = np.column_stack([labels, labels, np.full(len(table), None)]).ravel()
    colours = [TOP_COLOURS[(k - 1) % len(TOP_COLOURS)] for k in table["rank"]]
    enters = "%{text}<br>enters at λ = %{x:.3g}<extra></extra>"
    traces = [
        go.Scatter(
            x=bar_x,
            y=bar_y,
            mode="lines",
            line={"color": OTHER_COLOUR, "width": 3},
            showlegend=False,
            hoverinfo="skip",
        ),
        go.Scatter(
            x=feature_x,
            y=labels,
            mode="markers",
            name="feature enters",
            marker={"size": 11, "color": colours},
            text=list(table["feature"]),
            hovertemplate=enters,
        ),
        go.Scatter(
            x=partner_x[~never],
            y=labels[~never],
            mode="markers",
            name="correlated partner enters",
            marker={"size": 11, "color": "white", "line": {"color": "black", "width": 2}},
            text=partners[~never],
            hovertemplate=enters,
        ),
        go.Scatter(
            x=np.full(never.sum(), lambda_floor),
            y=labels[never],
            mode="markers",
            name="partner never enters",
            marker={"size": 11, "symbol": "x", "color": "black"},
            text=partners[never],
            hovertemplate="%{text}<br>never enters<extra></extra>",
        ),
    ]
    span = np.log10([lambda_floor, float(np.max(lambdas))])
    layout = {
        "xaxis": {**_lambda_axis(unit_label), "range": [span[0] - 0.05, span[1] + 0.05]},
        "yaxis": {"autorange": "reversed", "automargin": True},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        "margin": {"t": 40},
        "height": 150 + 28 * len(table),
        "hovermode": "closest",
    }
    return go.Figure(traces, layout)
