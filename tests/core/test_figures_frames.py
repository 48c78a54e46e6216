"""Figures as frames: what the browser rebuilds from a base and a frame is the figure itself."""

import base64

import numpy as np
import plotly.graph_objects as go
import pytest

from chemviz.figures.frames import (
    SHORT,
    TEMPLATE,
    apply_frame,
    figure_dict,
    frame_diff,
    payload_of,
    scrub_payload,
)


def _figure(degree: int, extra: bool = False) -> go.Figure:
    """A small 'fit and marker' figure; ``extra`` adds a third trace and a title."""
    x = np.linspace(0, 1, 5)
    traces = [
        go.Scatter(x=x, y=np.sin(2 * np.pi * x), name="truth"),
        go.Scatter(x=x, y=x**degree, name=f"fit: degree {degree}"),
    ]
    if extra:
        traces.append(go.Scatter(x=[0.5], y=[0.5], name="extra"))
    layout = {"shapes": [{"type": "line", "x0": degree, "x1": degree}]}
    if extra:
        layout["title"] = {"text": "with a title"}
    return go.Figure(traces, layout)


def _decode(array: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])


def test_figure_dict_packs_long_arrays_as_float32_that_numpy_reads_back():
    """Check 300 points: x = k/299 within float32, y = 1/3 as float32's nearest value."""
    n = SHORT + 44
    fig = go.Figure(go.Scatter(x=np.linspace(0, 1, n), y=np.full(n, 1 / 3)))
    trace = figure_dict(fig)["data"][0]
    assert trace["x"]["dtype"] == "f4" and trace["type"] == "scatter"
    np.testing.assert_allclose(_decode(trace["x"]), np.arange(n) / (n - 1), rtol=1e-7)
    assert (_decode(trace["y"]) == np.float32(1 / 3)).all()


def test_figure_dict_keeps_short_arrays_exact():
    """Check a curve of 5 points: 1/3 and 0.1 are the same doubles, NaN is null (a gap)."""
    fig = go.Figure(go.Scatter(x=[0.1, 0.2, 0.3, 0.4, 0.5], y=np.array([1 / 3, 0, 1, np.nan, 2])))
    trace = figure_dict(fig)["data"][0]
    assert trace["y"] == [1 / 3, 0.0, 1.0, None, 2.0]
    assert trace["x"] == [0.1, 0.2, 0.3, 0.4, 0.5]


def test_figure_dict_keeps_plain_numbers_and_uses_the_apps_template():
    """Check 1/3 in a shape stays 1/3, NaN is null, and the template is ours."""
    fig = go.Figure(layout={"shapes": [{"x0": 1 / 3, "x1": float("nan")}]})
    out = figure_dict(fig)
    assert out["layout"]["shapes"][0]["x0"] == 1 / 3
    assert out["layout"]["shapes"][0]["x1"] is None
    assert out["layout"]["template"] == TEMPLATE


def test_a_frame_holds_only_what_differs_from_the_base():
    """Check degree 2 → 3: the fit's y and name and the shape change; the truth does not."""
    base, other = figure_dict(_figure(2)), figure_dict(_figure(3))
    frame = frame_diff(base, other)
    assert frame["n"] == 2
    assert frame["data"][0] == {}
    assert set(frame["data"][1]) == {"y", "name"}
    assert set(frame["layout"]) == {"shapes"}


@pytest.mark.parametrize("extra_in_base", [False, True])
def test_base_plus_frame_is_the_figure_whatever_traces_come_and_go(extra_in_base):
    """Check the rebuild when the frame adds, or drops, a trace and a title."""
    base = figure_dict(_figure(2, extra=extra_in_base))
    target = figure_dict(_figure(4, extra=not extra_in_base))
    assert apply_frame(base, frame_diff(base, target)) == target


def test_a_payload_has_a_frame_per_grid_value_and_an_empty_one_at_the_current_value():
    """Check three degrees with the base at degree 3: frame 1 is empty, heights default."""
    figures = [_figure(d) for d in (2, 3, 4)]
    payload = scrub_payload(figures[1], {"degree": figures})
    frames = payload["frames"]["degree"]
    assert len(frames) == 3 and payload["height"] == 450
    assert frames[1] == {"data": [{}, {}], "layout": {}, "n": 2}
    assert apply_frame(payload["base"], frames[2]) == figure_dict(figures[2])
    again = payload_of(figure_dict(figures[1]), {"degree": [figure_dict(f) for f in figures]})
    assert again == payload


def test_properties_the_same_at_every_value_are_added_to_the_base_only():
    """Check hover names given as `same` sit on the base's trace 1 and in no frame."""
    figures = [_figure(d) for d in (2, 3)]
    names = ["a &lt; b", "c", "d", "e", "f"]
    payload = scrub_payload(figures[0], {"degree": figures}, same={1: {"hovertext": names}})
    assert payload["base"]["data"][1]["hovertext"] == names
    assert "hovertext" not in payload["base"]["data"][0]
    assert all("hovertext" not in t for f in payload["frames"]["degree"] for t in f["data"])
    shown = apply_frame(payload["base"], payload["frames"]["degree"][1])
    assert shown["data"][1]["hovertext"] == names  # kept while the slider moves
