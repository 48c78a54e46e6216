"""One look for every chart: readable from the back of a lecture hall.

Every figure builder of :mod:`chemviz.figures` is decorated with
:func:`legible`, which sets, on the figure itself:

- text of 16 px or more (tick labels, legends, annotations; 17 px axis
  titles) in Streamlit's body-text colour, 15.1:1 on white;
- lines 2.5 px wide (unless a builder chose a width: faint resampled fits,
  the hundreds of weights of a network diagram);
- log axes labelled only with full numbers: every decade (0.001, 0.01, …)
  or, on an axis of less than two decades, 1, 2 and 5 of each decade,
  never plotly's bare minor digits ("2, 5, 2, 5") that read as wrong
  numbers.

Why on the figure and not in a plotly template: ``st.plotly_chart`` merges
Streamlit's own theme (12 px grey tick labels, about 3.7:1 on white) into
the figure's template, so only properties set on the figure survive.
Sizes a builder set on purpose (the heatmap's 9 px molecule names, 60 of
them on one axis) are kept.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import plotly.graph_objects as go

TEXT = "#262730"  # Streamlit's body text
FONT = 16  # px: ticks, legends, annotations
TITLE_FONT = 17  # px: axis titles
LINE_WIDTH = 2.5  # px


def legible(builder):
    """Decorator: the figure a builder returns, made legible on a projector (see module)."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        out = builder(*args, **kwargs)
        if isinstance(out, go.Figure):
            return style(out)
        if isinstance(out, tuple) and out and isinstance(out[0], go.Figure):
            return (style(out[0]), *out[1:])
        return out

    return build


def style(fig: go.Figure) -> go.Figure:
    """Set the text sizes, colours, line widths and log ticks of :func:`legible` on ``fig``."""
    fig.update_layout(
        font=dict(size=FONT, color=TEXT),
        legend=dict(font=dict(size=FONT, color=TEXT)),
        hoverlabel=dict(font=dict(size=FONT)),
    )
    fig.for_each_xaxis(lambda axis: _axis(fig, axis, "x"))
    fig.for_each_yaxis(lambda axis: _axis(fig, axis, "y"))
    for note in fig.layout.annotations:
        if note.font.size is None or note.font.size < FONT:
            note.font.size = FONT
        note.font.color = note.font.color or TEXT
    for trace in fig.data:
        _line(trace)
    return fig


def _axis(fig: go.Figure, axis, letter: str) -> None:
    if axis.tickfont.size is None:
        axis.tickfont.size = FONT
    axis.tickfont.color = axis.tickfont.color or TEXT
    axis.title.font.size = axis.title.font.size or TITLE_FONT
    axis.title.font.color = axis.title.font.color or TEXT
    if axis.type == "log" and axis.tickvals is None:
        values = _axis_values(fig, axis, letter)
        if values.size:
            axis.tickvals = log_ticks(values.min(), values.max())
            axis.ticktext = [f"{v:g}" for v in axis.tickvals]


def _axis_values(fig: go.Figure, axis, letter: str) -> np.ndarray:
    """The positive values drawn on a log axis: its fixed range, else its traces' data."""
    if axis.range is not None:
        return 10.0 ** np.asarray(axis.range, dtype=float)
    name = axis.plotly_name.replace("axis", "")  # "xaxis2" → "x2"
    values = []
    for trace in fig.data:
        if (getattr(trace, f"{letter}axis", None) or letter) == name:
            data = getattr(trace, letter, None)
            if data is not None:
                values.append(np.asarray(data, dtype=float).ravel())
    values = np.concatenate(values) if values else np.array([])
    return values[np.isfinite(values) & (values > 0)]


def log_ticks(low: float, high: float) -> list[float]:
    """Tick values for a log axis from ``low`` to ``high`` (> 0), all of them full numbers.

    Over two decades or more: the powers of ten. Over less: 1, 2 and 5 of
    each decade, so that the axis still has several labels.
    """
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    steps = (1,) if math.log10(high / low) >= 2 else (1, 2, 5)
    ticks = [m * 10.0**k for k in range(first, last + 1) for m in steps]
    inside = [t for t in ticks if low * (1 - 1e-9) <= t <= high * (1 + 1e-9)]
    return inside if len(inside) >= 2 else [float(f"{low:.2g}"), float(f"{high:.2g}")]


def _line(trace) -> None:
    """Lines of no set width get LINE_WIDTH; a width a builder chose (faint fits, weights) stays."""
    if trace.type not in ("scatter", "scattergl") or "lines" not in (trace.mode or "lines"):
        return
    if trace.line.width is None:
        trace.line.width = LINE_WIDTH
