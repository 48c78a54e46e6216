"""Scrubbing in the browser: a slider, and the charts and captions it moves, with no server.

Streamlit sends a slider's value to the server only when it is let go, and
then redraws the page there: a class sees the curve jump, never move. When
the server has already computed a result for every value of a slider's grid
(every degree of the 1D story, every λ of a LASSO path), it can send them
all at once, and the browser can flip through them as fast as the mouse
moves: the way TensorFlow Playground feels, because its state lives in the
browser.

Three small ``st.components.v2`` components, with their JavaScript in this
folder, make that:

- :func:`slider` draws a range input over the grid. While it is dragged,
  each step is broadcast in the page as a ``chemviz:scrub`` event (group =
  the slider's state key, index = the step). When it is let go, the server
  gets the index once (a trigger value) and stores the value under the
  state key, so the link and everything else on the page follow.
- :func:`show_chart` draws a plotly figure and keeps, for each slider group
  it depends on, one frame per grid value (a payload of
  :func:`chemviz.figures.frames.scrub_payload`).
- :func:`text` is a caption with one text per grid value, :func:`show_metrics`
  a row of numbers.

A chart or caption of a single slider may be sent with its base at any of
the slider's values: it starts at the slider's current step (kept in the
page by ``slider.js``). Its data is then the same on every run, and
Streamlit sends a message the browser already has only as a reference:
a LASSO path's hundred frames cross the network once per session.

Values off the grid and every other control rerun on the server, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly
import streamlit as st
from streamlit.components.v2 import component

from chemviz.ui import state

_HERE = Path(__file__).parent
_CSS = (_HERE / "scrub.css").read_text(encoding="utf-8")
CDN = f"https://cdn.plot.ly/plotly-{plotly.__version__}.min.js"  # used only if app/static fails


def _component(name: str):
    js = (_HERE / f"{name}.js").read_text(encoding="utf-8")
    # isolate_styles=False: plotly.js puts its own styles in the page's <head>,
    # which a shadow root would hide from the chart.
    return component(f"chemviz_scrub_{name}", js=js, css=_CSS, isolate_styles=False)


_SLIDER, _CHART, _TEXT = _component("slider"), _component("chart"), _component("text")
_METRICS = _component("metrics")


def _nothing() -> None:
    """The release is read from the component's result, not in a callback."""


def slider(
    name: str,
    label: str,
    values: Sequence,
    labels: Sequence[str],
    *,
    where: Any = None,
    help: str | None = None,
    fallback: int | None = None,
) -> int:
    """A slider over ``values`` whose drag moves this group's charts in the browser.

    Parameters
    ----------
    name : str
        A declared state key (:mod:`chemviz.ui.state`): the group's name, and
        where the value let go of is kept.
    label : str
        The slider's label (shown as text, never HTML).
    values : sequence, length n_grid
        The grid, in slider order.
    labels : sequence of str, length n_grid
        How each value is shown beside the label.
    where : container, optional
        A column or other container to draw in (default: here).
    help : str, optional
        A tooltip.
    fallback : int, optional
        The index to show when the state's value is not in ``values``
        (default: the grid value nearest to it).

    Returns
    -------
    int
        The index into ``values`` of the current value (the state's value,
        or the nearest grid value to it).
    """
    values = list(values)
    held = state.get(name)
    index = fallback if fallback is not None and held not in values else _nearest(values, held)
    data = {"group": name, "label": label, "labels": list(labels), "index": index, "help": help}
    with where if where is not None else st.container():
        result = _SLIDER(key=f"{name}_scrub", data=data, on_index_change=_nothing)
    picked = result.get("index") if result is not None else None
    if isinstance(picked, int) and 0 <= picked < len(values) and picked != index:
        state.put(name, values[picked])
        index = picked
        data["index"] = picked
    return index


def _nearest(values: list, value: Any) -> int:
    """Index of ``value`` in ``values``, or of the closest number to it."""
    if value in values:
        return values.index(value)
    try:
        return min(range(len(values)), key=lambda i: abs(float(values[i]) - float(value)))
    except (TypeError, ValueError):
        return 0


def show_chart(key: str, payload: dict, *, where: Any = None) -> None:
    """Draw a :func:`chemviz.figures.frames.scrub_payload` (built, or from a cache)."""
    data = {"key": key, "cdn": CDN, **payload}
    with where if where is not None else st.container():
        _CHART(key=key, data=data, height=payload["height"])


def text(key: str, now: str, grids: dict[str, Sequence[str]], *, where: Any = None) -> None:
    """A caption with one text per grid value of each slider group in ``grids``."""
    show_text(key, {"text": now, "texts": {g: list(t) for g, t in grids.items()}}, where=where)


def show_text(key: str, payload: dict, *, where: Any = None) -> None:
    """Draw a caption payload ``{"text": now, "texts": {group: [text per grid value]}}``."""
    with where if where is not None else st.container():
        _TEXT(key=key, data=payload)


def show_metrics(
    key: str, labels: Sequence[str], now: Sequence[str], grids: dict[str, Sequence[Sequence[str]]],
    *, where: Any = None,
) -> None:  # fmt: skip
    """A row of labelled numbers (like ``st.metric``), with their texts at each grid value."""
    texts = {g: list(t) for g, t in grids.items()}
    data = {"labels": list(labels), "values": list(now), "texts": texts}
    with where if where is not None else st.container():
        _METRICS(key=key, data=data)
