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

from chemviz.slots import pause_point

TEXT = "#262730"  # Streamlit's body text
FONT = 16  # px: ticks, legends, annotations
TITLE_FONT = 17  # px: axis titles
LINE_WIDTH = 2.5  # px


def legible(builder):
    """Decorator: the figure a builder returns, made legible on a projector (see module)."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        pause_point()  # between the figures of a payload, a student's move may go first
        out = builder(*args, **kwargs)
        if isinstance(out, go.Figure):
            return style(out)
        if isinstance(out, tuple) and out and isinstance(out[0], go.Figure):
            return (style(out[0]), *out[1:])
        return out

    return build


def style(fig: go.Figure) -> go.Figure:
    """Set the text sizes, colours, line widths and log ticks of :func:`legible` on ``fig``.

    Written into the figure's own dictionaries (``Figure._layout`` and
    ``Figure._data``, what plotly serialises), not through its property
    setters: plotly validates each property it sets, about half a
    millisecond each, which made a slider move on the 1D story (four
    figures rebuilt) 35 ms slower. The values are fixed literals of valid
    types; tests/core/test_figures_style.py reads them back through plotly.
    """
    layout = fig._layout
    _merge(layout, "font", {"size": FONT, "color": TEXT})
    _merge(layout, "legend", {"font": {"size": FONT, "color": TEXT}})
    _merge(layout, "hoverlabel", {"font": {"size": FONT}})
    for name in _axis_names(fig):
        _axis(fig, layout.setdefault(name, {}), name)
    for note in layout.get("annotations", ()):
        font = note.setdefault("font", {})
        font["size"] = max(font.get("size") or 0, FONT)
        font.setdefault("color", TEXT)
    for trace in fig._data:
        _line(trace)
    return fig


def _merge(target: dict, key: str, defaults: dict) -> None:
    """Put ``defaults`` under ``target[key]`` wherever the builder set nothing."""
    node = target.setdefault(key, {})
    for name, value in defaults.items():
        if isinstance(value, dict):
            _merge(node, name, value)
        else:
            node.setdefault(name, value)


def _axis_names(fig: go.Figure) -> list[str]:
    """Every cartesian axis of the figure: those in its layout and those its traces use."""
    names = {k for k in fig._layout if k.startswith(("xaxis", "yaxis"))}
    for trace in fig._data:
        if trace.get("type", "scatter") in ("pie", "sunburst", "treemap", "table"):
            continue
        names.add("xaxis" + trace.get("xaxis", "x")[1:])
        names.add("yaxis" + trace.get("yaxis", "y")[1:])
    return sorted(names)


def _axis(fig: go.Figure, axis: dict, name: str) -> None:
    """Tick and title fonts of one axis (a size a builder chose stays), and log ticks."""
    _merge(axis, "tickfont", {"size": FONT, "color": TEXT})
    title = axis.setdefault("title", {})
    if isinstance(title, str):  # plotly accepts a bare string as the title's text
        title = axis["title"] = {"text": title}
    _merge(title, "font", {"size": TITLE_FONT, "color": TEXT})
    if axis.get("type") == "log" and axis.get("tickvals") is None:
        values = _axis_values(fig, axis, name)
        if values.size:
            ticks = log_ticks(values.min(), values.max())
            axis["tickvals"], axis["ticktext"] = ticks, [f"{v:g}" for v in ticks]


def _axis_values(fig: go.Figure, axis: dict, name: str) -> np.ndarray:
    """The positive values drawn on a log axis: its fixed range, else its traces' data."""
    if axis.get("range") is not None:
        return 10.0 ** np.asarray(axis["range"], dtype=float)
    letter, ref = name[0], name[0] + name[5:]  # "xaxis2" → "x", "x2"
    values = [
        np.asarray(trace[letter], dtype=float).ravel()
        for trace in fig._data
        if trace.get(f"{letter}axis", letter) == ref and trace.get(letter) is not None
    ]
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


def _line(trace: dict) -> None:
    """Lines of no set width get LINE_WIDTH; a width a builder chose (faint fits, weights) stays."""
    if trace.get("type", "scatter") not in ("scatter", "scattergl"):
        return
    if "lines" not in (trace.get("mode") or "lines"):
        return
    trace.setdefault("line", {}).setdefault("width", LINE_WIDTH)
