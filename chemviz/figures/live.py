"""The loss chart drawn while a network trains: a Vega-Lite spec, redrawn every few epochs.

A plotly figure costs tens of milliseconds to build and send; the live chart
is redrawn up to five times a second while the network trains, so it is a
small Vega-Lite spec instead (``st.vega_lite_chart``). The finished run is
drawn by :func:`chemviz.figures.networks.loss_figure`.
"""

from __future__ import annotations

import numpy as np

from chemviz.figures.common import TEST_COLOUR, TRAIN_COLOUR

# The validation curve takes orange, the colour held-out molecules have on every page.
VAL_COLOUR = TEST_COLOUR

# A five-pointed star in Vega's unit square, to match the final chart's ★.
_STAR_PATH = (
    "M0,-1L0.2245,-0.309L0.9511,-0.309L0.3633,0.118L0.5878,0.809L0,0.382"
    "L-0.5878,0.809L-0.3633,0.118L-0.9511,-0.309L-0.2245,-0.309Z"
)
BEST_SO_FAR = "best so far"


def live_loss_spec(
    train_loss: list[float] | np.ndarray,
    val_loss: list[float] | np.ndarray,
    max_epochs: int,
    y_label: str = "RMSE (units)",
) -> dict:
    """The loss curves as a Vega-Lite spec, for ``st.vega_lite_chart`` while a network trains.

    Streamlit remounts a plotly chart whose figure changed, so a plotly chart
    redrawn five times a second flickers on screen; a Vega-Lite chart updates
    in place. When training ends the page draws :func:`loss_figure` instead.

    Parameters
    ----------
    train_loss, val_loss : sequence of float, length n_epochs
        The losses streamed so far.
    max_epochs : int
        Right end of the epoch axis, fixed so the axis does not rescale.
    y_label : str
        Axis title with the target's units.

    Returns
    -------
    dict
        A layered spec over one table of rows ``{"epoch", "set", "rmse"}``:
        ``set`` is ``"training"`` or ``"validation"`` for the lines, and
        ``"best so far"`` for one row, the lowest validation RMSE up to now
        (the first such epoch on a tie, as in ``TrainResult.best_epoch``),
        drawn as a star.

    Notes
    -----
    The star is where early stopping would roll the weights back to if
    training ended now; watching it stop moving while the validation curve
    climbs is watching the network start to overfit.
    """
    values = [
        {"epoch": epoch, "set": name, "rmse": float(loss)}
        for name, losses in (("training", train_loss), ("validation", val_loss))
        for epoch, loss in enumerate(losses, start=1)
    ]
    if len(val_loss):
        best = int(np.argmin(val_loss))  # the first minimum
        values.append({"epoch": best + 1, "set": BEST_SO_FAR, "rmse": float(val_loss[best])})
    return {
        "data": {"values": values},
        "encoding": {
            "x": {
                "field": "epoch",
                "type": "quantitative",
                "title": "epoch",
                "scale": {"domain": [1, max(max_epochs, 2)]},
            },
            "y": {"field": "rmse", "type": "quantitative", "title": y_label},
        },
        "layer": [
            {
                "transform": [{"filter": {"field": "set", "oneOf": ["training", "validation"]}}],
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {
                    "color": {
                        "field": "set",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": ["training", "validation"],
                            "range": [TRAIN_COLOUR, VAL_COLOUR],
                        },
                        "legend": {"orient": "top"},
                    },
                },
            },
            {
                "transform": [{"filter": {"field": "set", "equal": BEST_SO_FAR}}],
                "mark": {
                    "type": "point",
                    "shape": _STAR_PATH,
                    "size": 220,
                    "filled": True,
                    "color": VAL_COLOUR,
                    "stroke": "black",
                    "strokeWidth": 0.5,
                    "tooltip": True,
                },
            },
            {
                "transform": [{"filter": {"field": "set", "equal": BEST_SO_FAR}}],
                "mark": {"type": "text", "dy": -14, "color": VAL_COLOUR},
                "encoding": {"text": {"value": BEST_SO_FAR}},
            },
        ],
        "height": 340,
    }
