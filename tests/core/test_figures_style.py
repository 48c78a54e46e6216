"""The one look of every chart: text sizes, line widths and log-axis labels for a projector."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from chemviz.figures.molecules import target_histogram_figure
from chemviz.figures.style import FONT, LINE_WIDTH, log_ticks, style


@pytest.mark.parametrize(
    "low, high, ticks",
    [
        (1e-6, 1e3, [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0, 1e3]),  # 9 decades
        (50, 500, [50, 100, 200, 500]),  # one decade: 1, 2, 5 of each
        (1, 50, [1, 2, 5, 10, 20, 50]),  # k of k-NN: 1.7 decades
        (0.012, 0.3, [0.02, 0.05, 0.1, 0.2]),
    ],
)
def test_log_ticks_are_decades_or_one_two_five_inside_the_range(low, high, ticks):
    """Check decades over ≥ 2 decades, else 1-2-5, and only values inside [low, high]."""
    assert log_ticks(low, high) == pytest.approx(ticks)


def test_a_log_axis_is_labelled_with_full_numbers_only():
    """Check a k axis from 1 to 50 reads 1, 2, 5, 10, 20, 50: never a bare minor digit."""
    fig = style(go.Figure(go.Scatter(x=[1, 3, 50], y=[1, 2, 3]), {"xaxis": {"type": "log"}}))
    assert list(fig.layout.xaxis.tickvals) == [1, 2, 5, 10, 20, 50]
    assert list(fig.layout.xaxis.ticktext) == ["1", "2", "5", "10", "20", "50"]


def test_a_fixed_log_range_sets_the_ticks():
    """Check an axis fixed to 10^-3 … 10^1 gets the five decades 0.001 … 10."""
    layout = {"yaxis": {"type": "log", "range": [-3, 1]}}
    fig = style(go.Figure(go.Scatter(x=[0, 1], y=[0.5, 2]), layout))
    assert list(fig.layout.yaxis.ticktext) == ["0.001", "0.01", "0.1", "1", "10"]


def test_text_is_projector_sized_unless_a_builder_chose_smaller():
    """Check ticks, titles, legend and annotations ≥ 16 px; a chosen 9 px tick font stays 9."""
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1]), {"xaxis": {"tickfont": {"size": 9}}})
    fig.add_annotation(text="note", x=0, y=0, font={"size": 10})
    style(fig)
    assert fig.layout.xaxis.tickfont.size == 9
    assert fig.layout.yaxis.tickfont.size == FONT and fig.layout.legend.font.size == FONT
    assert fig.layout.yaxis.title.font.size > FONT
    assert fig.layout.annotations[0].font.size == FONT


def test_lines_of_no_chosen_width_are_widened_and_chosen_widths_kept():
    """Check a default line becomes 2.5 px, a faint 1 px fit stays 1, markers are untouched."""
    fig = style(
        go.Figure(
            [
                go.Scatter(x=[0, 1], y=[0, 1], mode="lines"),
                go.Scatter(x=[0, 1], y=[1, 0], mode="lines", line={"width": 1}),
                go.Scatter(x=[0, 1], y=[1, 1], mode="markers"),
            ]
        )
    )
    assert [t.line.width for t in fig.data] == [LINE_WIDTH, 1, None]


@pytest.mark.parametrize("values", [[0, 1, 1, 1, 10], [-10, -1, -1, -1, 0]])
def test_histogram_labels_sit_on_the_outer_side_of_the_mean_and_median_lines(values):
    """Check the lower of mean and median is labelled on its left, the higher on its right."""
    values = np.array(values, dtype=float)
    stats = pd.Series({"mean": values.mean(), "median": np.median(values)})
    fig = target_histogram_figure(values, stats, "y")
    positions = {a.text.split()[0]: (a.x, a.xanchor) for a in fig.layout.annotations}
    low, high = sorted(positions, key=lambda k: stats[k])
    assert positions[low][1] == "right" and positions[high][1] == "left"  # text ends at its line
