"""Figures as frames the browser can flip through: one base, then only what changes.

A slider over a grid the server has already computed (every degree of the
1D story, every λ on a LASSO path) can be scrubbed in the browser with no
server round trip, if the browser holds the figure for every grid value.
Sent whole, that is the same axes, the same measured values and the same
styling again and again; sent as differences from one base figure, it is
only what the slider moves: a fitted curve, a marker, an annotation.

A frame is ``{"data": [..], "layout": {..}, "n": number of traces}``:
``data[i]`` holds the keys of trace ``i`` that differ from the base's
trace ``i`` (``{}`` when none do), ``layout`` the top-level layout keys
that differ (``None`` for one the frame lacks). The browser rebuilds a
frame as ``base.data[i] ∪ frame.data[i]`` for ``i < n`` and
``base.layout ∪ frame.layout`` (see ``chemviz/ui/scrub/chart.js``).
"""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go

DEFAULT_HEIGHT = 450  # px, plotly's own default figure height
SHORT = 256  # arrays up to this long (a curve's grid) are sent as they are, exactly

# Streamlit's categorical chart colours (its "streamlit" plotly theme, light mode).
STREAMLIT_COLOURS = "#0068c9 #83c9ff #ff2b2b #ffabab #29b09d #7defa1 #ff8700 #ffd16a".split()

# The look of st.plotly_chart's "streamlit" theme on a white page, for figures the
# browser draws itself (Streamlit fills its own theme in only for its own charts).
TEMPLATE = {
    "layout": {
        "font": {"family": '"Source Sans", sans-serif'},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "colorway": STREAMLIT_COLOURS,
        "xaxis": {"gridcolor": "#e6eaf1", "zerolinecolor": "#e6eaf1", "automargin": True},
        "yaxis": {"gridcolor": "#e6eaf1", "zerolinecolor": "#e6eaf1", "automargin": True},
        "hovermode": "closest",
        "margin": {"t": 30, "b": 40, "l": 10, "r": 10},
    }
}


def figure_dict(fig: go.Figure) -> dict:
    """``fig`` as plain JSON-ready dicts and lists, in the form plotly.js reads.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure

    Returns
    -------
    dict
        ``{"data": [trace dicts], "layout": {...}}``: arrays longer than
        :data:`SHORT` (clouds of molecules, paths) as float32 base64
        (``{"dtype": "f4", "bdata": …}``, which plotly.js decodes), shorter
        ones (a curve over its grid) as exact lists, NaN as null, and the
        app's :data:`TEMPLATE` in place of plotly's default template.

    Notes
    -----
    Read from the figure's own dictionaries (what plotly serialises), not
    through ``fig.to_json()``: that deep-copies and re-validates every
    property, 5 ms a figure, and a scrubbed chart has a figure per grid
    value (measured: 112 figures of the 1D story, 0.5 s against 0.03 s).
    """
    layout = {k: plain(v) for k, v in fig._layout.items() if k != "template"}
    layout["template"] = TEMPLATE
    return {"data": [plain(trace) for trace in fig._data], "layout": layout}


def plain(node):
    """A figure's value as JSON-ready data (see :func:`figure_dict`)."""
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, np.ndarray):
        if node.dtype.kind in "fiu" and node.ndim == 1 and len(node) > SHORT:
            packed = base64.b64encode(node.astype("<f4").tobytes()).decode("ascii")
            return {"dtype": "f4", "bdata": packed}
        return plain(node.tolist())  # exact: NaN becomes null below, nothing else changes
    if isinstance(node, (list, tuple)):
        return [plain(v) for v in node]
    if isinstance(node, (float, np.floating)):
        value = float(node)
        return value if np.isfinite(value) else None  # JSON has no NaN: a gap in the line
    if isinstance(node, np.integer):
        return int(node)
    if isinstance(node, np.bool_):
        return bool(node)
    return node


def frame_diff(base: dict, figure: dict) -> dict:
    """What must change in ``base`` (a :func:`figure_dict`) to draw ``figure``.

    Parameters
    ----------
    base, figure : dict
        Two :func:`figure_dict` results.

    Returns
    -------
    dict
        ``{"data": [per-trace changed keys], "layout": {changed keys}, "n": len(figure traces)}``;
        see the module for how the browser applies it.
    """
    data = []
    for i, trace in enumerate(figure["data"]):
        old = base["data"][i] if i < len(base["data"]) else {}
        changed = {k: v for k, v in trace.items() if old.get(k) != v}
        # A key the base trace has and this one lacks must be undone: plotly's default.
        changed.update({k: None for k in old if k not in trace})
        data.append(changed)
    layout = {k: v for k, v in figure["layout"].items() if base["layout"].get(k) != v}
    layout.update({k: None for k in base["layout"] if k not in figure["layout"]})
    return {"data": data, "layout": layout, "n": len(figure["data"])}


def apply_frame(base: dict, frame: dict) -> dict:
    """The figure a frame describes: the browser's rebuild, written in Python.

    Used by tests and by the page's first draw; ``chart.js`` does the same.
    """
    data = []
    for i in range(frame["n"]):
        trace = dict(base["data"][i]) if i < len(base["data"]) else {}
        trace.update(frame["data"][i])
        data.append({k: v for k, v in trace.items() if v is not None})
    layout = dict(base["layout"])
    layout.update(frame["layout"])
    return {"data": data, "layout": {k: v for k, v in layout.items() if v is not None}}


def scrub_payload(
    now: go.Figure, grids: dict[str, list[go.Figure]], same: dict[int, dict] | None = None
) -> dict:
    """What a scrubbed chart needs: the figure now, and a frame per grid value per slider.

    Parameters
    ----------
    now : plotly.graph_objects.Figure
        The figure at the current value of every slider.
    grids : dict of str to list of Figure
        For each slider group (its state key) the figure at each value of
        that slider's grid, the other sliders at their current values.
    same : dict of int to dict, optional
        Trace properties that are the same at every grid value, added to the
        base only (e.g. ``{0: {"hovertext": names}}``): the figures can then
        be built without them, and building is most of a payload's cost
        (a parity plot's 642 hover names: 7 of its 11 ms).

    Returns
    -------
    dict
        ``{"base": figure_dict(now), "frames": {group: [frame, ...]}, "height": px}``.
    """
    dicts = {group: [figure_dict(f) for f in figures] for group, figures in grids.items()}
    return payload_of(figure_dict(now), dicts, same)


def payload_of(base: dict, grids: dict[str, list[dict]], same: dict | None = None) -> dict:
    """:func:`scrub_payload` from figures already made plain by :func:`figure_dict`."""
    frames = {group: [frame_diff(base, f) for f in figures] for group, figures in grids.items()}
    for i, properties in (same or {}).items():
        base["data"][i].update(plain(properties))
    height = base["layout"].get("height") or DEFAULT_HEIGHT
    return {"base": base, "frames": frames, "height": height}


def layout_payload(fig: go.Figure, group: str, move, values: list) -> dict:
    """A scrub payload for a figure whose traces stay and whose layout moves (a marker).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure, drawn once as the base (not modified).
    group : str
        The slider group.
    move : callable (layout, value) -> dict
        Given the base's plain layout (:func:`figure_dict`), the top-level
        layout keys that put the marker at ``value``, as plain data (e.g.
        :func:`chemviz.figures.selection.lambda_marker_layout`).
    values : list, length n_grid
        The slider's grid, in slider order.

    Returns
    -------
    dict
        As :func:`scrub_payload`; every frame changes the layout only.

    Notes
    -----
    Thousands of path points are packed once, not once per λ: a frame of
    the LASSO path is its marker shape and label, a few hundred bytes.
    The frames are made from plain dicts: moving a shape of a plotly figure
    validates every property, and a hundred λ for two charts cost a student
    opening the page half a second (py-spy, under a class's load).
    """
    base = figure_dict(fig)
    n = len(base["data"])
    unchanged = [{} for _ in range(n)]  # every trace as in the base
    frames = [{"data": unchanged, "layout": move(base["layout"], v), "n": n} for v in values]
    height = base["layout"].get("height") or DEFAULT_HEIGHT
    return {"base": base, "frames": {group: frames}, "height": height}
