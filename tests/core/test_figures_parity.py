"""parity_dict: a parity plot with new predictions, made from plain data, checked against plotly."""

import numpy as np
import pytest

from chemviz.figures.common import parity_dict, parity_figure, parity_frames
from chemviz.figures.frames import figure_dict, scrub_payload

LABELS = ("fitted on all", "held out (CV)")


def _plot(y_train, p_train, y_test, p_test, names):
    return figure_dict(
        parity_figure(
            y_train, p_train, y_test, p_test, "log S", unit="log mol/L",
            names_train=names[: len(y_train)], names_test=names[: len(y_test)], labels=LABELS,
        )
    )  # fmt: skip


@pytest.mark.parametrize("n", [40, 700])  # short arrays as lists and SVG; long ones packed, WebGL
def test_parity_dict_is_what_plotly_builds_for_the_new_predictions(n):
    """Check every trace and layout key against figure_dict(parity_figure(...)) at new ŷ."""
    rng = np.random.default_rng(n)
    y_train, y_test = rng.normal(size=n), rng.normal(size=n // 4)
    names = [f"mol <{i}>" for i in range(n)]
    base = _plot(y_train, y_train + rng.normal(size=n), y_test, y_test + 1.0, names)
    # New predictions that widen the range: the line's ends and both axes move.
    p_train, p_test = 3 * y_train, y_test - 5.0
    parts = [(LABELS[0], y_train, p_train), (LABELS[1], y_test, p_test)]
    made = parity_dict(base, parts, unit="log mol/L")
    expected = _plot(y_train, p_train, y_test, p_test, names)
    assert made == expected
    assert made["layout"]["xaxis"]["range"] != base["layout"]["xaxis"]["range"]
    assert made["data"][0]["name"] != base["data"][0]["name"]


def test_parity_dict_leaves_the_base_unchanged():
    """Check that the base dict (shared by every frame of a payload) is not written to."""
    y = np.linspace(0.0, 1.0, 30)
    base = _plot(y, y, y[:5], y[:5], [str(i) for i in range(30)])
    before = repr(base)
    parity_dict(base, [(LABELS[0], y, y * 2), (LABELS[1], y[:5], y[:5] + 3)])
    assert repr(base) == before


def test_parity_frames_is_the_payload_of_a_plotly_figure_per_grid_value():
    """Check the whole payload (base, frames, names added once) against scrub_payload."""
    rng = np.random.default_rng(3)
    y = rng.normal(size=300)
    predictions = [y * k + rng.normal(size=300) for k in (0.5, 1.0, 2.0)]
    names = {"hovertext": [f"m{i}" for i in range(300)]}

    def plot(p):
        return parity_figure(y, p, y, p - 1, "log S", unit="log mol/L", labels=LABELS)

    clouds = [[(LABELS[0], y, p), (LABELS[1], y, p - 1)] for p in predictions]
    made = parity_frames(plot(predictions[1]), "g", clouds, "log mol/L", same={0: names})
    plotly = scrub_payload(plot(predictions[1]), {"g": [plot(p) for p in predictions]}, {0: names})
    assert made == plotly
    assert made["frames"]["g"][0]["data"][0]  # another λ: its predictions are in the frame
