"""Tests of chemviz.figures.networks: the traces carry exactly the computed numbers."""

from __future__ import annotations

import altair as alt
import numpy as np
import plotly.graph_objects as go
import pytest

from chemviz.figures.frames import apply_frame, layout_payload
from chemviz.figures.networks import (
    MAX_DRAWN_UNITS,
    activation_figure,
    architecture_figure,
    epoch_marker_layout,
    loss_figure,
    projection_figure,
)
from chemviz.networks import ACTIVATIONS, activation_curves, architecture

TRAIN = np.array([3.0, 2.0, 1.5, 1.2, 1.0])
VAL = np.array([3.1, 2.4, 2.2, 2.3, 2.6])


def test_loss_figure_traces_carry_the_losses():
    """Check that the two curves are the losses against epochs 1..n."""
    fig = loss_figure(TRAIN, VAL, y_label="RMSE (kcal/mol)")
    assert len(fig.data) == 2
    assert list(fig.data[0].x) == [1, 2, 3, 4, 5]
    assert list(fig.data[0].y) == TRAIN.tolist()
    assert list(fig.data[1].y) == VAL.tolist()
    assert fig.layout.yaxis.title.text == "RMSE (kcal/mol)"
    assert fig.layout.xaxis.title.text == "epoch"


def test_loss_figure_marks_the_best_epoch_on_the_validation_curve():
    """Check that best epoch 3 is marked at (3, VAL[2] = 2.2)."""
    fig = loss_figure(TRAIN, VAL, best_epoch=3, y_label="RMSE (log10(mol/L))")
    marker = fig.data[2]
    assert (list(marker.x), list(marker.y)) == ([3], [2.2])
    assert "3" in marker.name


def test_loss_figure_can_fix_the_epoch_axis_while_streaming():
    """Check that max_epochs pins the x range to [1, max_epochs]."""
    assert list(loss_figure(TRAIN, VAL, max_epochs=200).layout.xaxis.range) == [1, 200]


def test_replay_frames_move_one_valid_marker_to_each_epoch():
    """Check the loss chart's frames: a dashed line at each epoch, labelled, that plotly accepts."""
    fig = loss_figure(np.array([1.0, 0.6, 0.5]), np.array([1.1, 0.8, 0.9]), 2, "MSE")
    payload = layout_payload(fig, "epoch", epoch_marker_layout, [1, 3])
    for epoch, frame in zip([1, 3], payload["frames"]["epoch"], strict=True):
        drawn = go.Figure(apply_frame(payload["base"], frame))  # validated by plotly
        markers = [s for s in drawn.layout.shapes if s.line.dash == "dash"]
        assert [(m.x0, m.x1, m.label.text) for m in markers] == [(epoch, epoch, f"epoch {epoch}")]
        assert drawn.data == fig.data  # the curves do not move


def test_loss_figure_draws_an_empty_history():
    """Check that no epochs yet gives two empty curves (the chart before training)."""
    fig = loss_figure(np.array([]), np.array([]))
    assert len(fig.data) == 2 and len(fig.data[0].y) == 0


def test_architecture_figure_titles_the_parameter_count():
    """Check that 2048→64→64→1 shows 135,361 parameters (131,072 + 4,096 + 64 weights)."""
    fig = architecture_figure(architecture(2048, (64, 64)), "relu")
    assert "135,361 parameters" in fig.layout.title.text
    assert "135,232 weights" in fig.layout.title.text
    assert "129 biases" in fig.layout.title.text


@pytest.mark.parametrize(
    ("widths", "drawn"),
    [
        # Columns wider than 12 show 11 units and a "⋮"; narrower ones show every unit.
        ((2048, 64, 64), [MAX_DRAWN_UNITS - 1, MAX_DRAWN_UNITS - 1, MAX_DRAWN_UNITS - 1, 1]),
        ((5, 12), [5, 12, 1]),
        ((3, 13, 2), [3, 12 - 1, 2, 1]),
    ],
)
def test_architecture_figure_caps_drawn_units_and_labels_true_widths(widths, drawn):
    """Check the units drawn per column and that every column is labelled with its true width."""
    arch = architecture(widths[0], widths[1:])
    fig = architecture_figure(arch, "tanh")
    columns = fig.data[1:]  # data[0] holds the edges
    assert [len(c.y) for c in columns] == drawn
    labels = " ".join(a.text for a in fig.layout.annotations)
    for width in arch.widths:
        assert f"{width:,} " in labels
    assert labels.count("⋮") == sum(w > MAX_DRAWN_UNITS for w in arch.widths)
    assert "tanh" in labels and "linear" in labels


def test_projection_figure_carries_coordinates_target_and_escaped_names():
    """Check the scatter's x, y and colours, escaped hover names and the colour-bar units."""
    coords = np.array([[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]])
    target = np.array([-1.5, 0.0, 4.2])
    names = ["<script>x</script>", "ethanol", "A&B"]
    fig = projection_figure(coords, target, names, "Last hidden layer", "ΔG (kcal/mol)")
    trace = fig.data[0]
    assert list(trace.x) == [0.0, 2.0, 0.5] and list(trace.y) == [1.0, -1.0, 0.5]
    assert list(trace.marker.color) == target.tolist()
    assert list(trace.customdata) == ["&lt;script&gt;x&lt;/script&gt;", "ethanol", "A&amp;B"]
    assert trace.marker.colorbar.title.text == "ΔG (kcal/mol)"
    assert fig.layout.title.text == "Last hidden layer"
    assert fig.layout.xaxis.title.text == "PC 1"


def test_activation_figure_draws_each_curve():
    """Check one line per activation carrying activation_curves' values."""
    z, curves = activation_curves()
    fig = activation_figure(z, curves)
    assert [t.name for t in fig.data] == [ACTIVATIONS[k].label for k in curves]
    for trace, values in zip(fig.data, curves.values(), strict=True):
        assert np.array_equal(trace.y, values)
        assert np.array_equal(trace.x, z)
    assert "z" in fig.layout.xaxis.title.text


def test_split_parity_figure_has_train_validation_test_and_diagonal():
    """Check that each set's points are its rows of y and ŷ, and the diagonal spans all values."""
    from chemviz.figures.networks import split_parity_figure
    from chemviz.splits import split_train_val_test

    rng = np.random.default_rng(0)
    y = rng.normal(size=30)
    y_hat = y + rng.normal(size=30)
    split = split_train_val_test(30, seed=0)
    names = [f"<b>m{i}</b>" for i in range(30)]
    fig = split_parity_figure(y, y_hat, split, "dG", "kcal/mol", names)
    assert [t.name.split(":")[0] for t in fig.data[:3]] == ["train", "validation", "test"]
    for trace, rows in zip(fig.data[:3], split, strict=True):
        np.testing.assert_array_equal(trace.x, y[rows])
        np.testing.assert_array_equal(trace.y, y_hat[rows])
    # RMSE of the validation rows, by hand.
    rmse = np.sqrt(np.mean((y[split.val] - y_hat[split.val]) ** 2))
    assert f"RMSE {rmse:.3g} kcal/mol" in fig.data[1].name
    lo, hi = min(y.min(), y_hat.min()), max(y.max(), y_hat.max())
    assert list(fig.data[3].x) == pytest.approx([lo, hi])
    assert fig.data[1].hovertext[0] == "&lt;b&gt;m" + str(split.val[0]) + "&lt;/b&gt;"
    assert fig.layout.xaxis.title.text == "measured dG (kcal/mol)"
    # Both axes span all three sets, padded by 5 %: a validation point is never off the chart.
    pad = 0.05 * (hi - lo)
    assert list(fig.layout.xaxis.range) == pytest.approx([lo - pad, hi + pad])
    assert list(fig.layout.yaxis.range) == list(fig.layout.xaxis.range)


def test_an_epochs_parity_frame_is_what_plotly_draws_for_its_predictions():
    """Check parity_dict with split_parity_parts against figure_dict(split_parity_figure)."""
    from chemviz.figures.common import parity_dict
    from chemviz.figures.frames import figure_dict
    from chemviz.figures.networks import split_parity_figure, split_parity_parts
    from chemviz.splits import split_train_val_test

    rng = np.random.default_rng(1)
    y = rng.normal(size=400)  # 256 points and more are packed: both encodings appear
    split = split_train_val_test(400, seed=0)
    names = [f"m{i}" for i in range(400)]
    first, later = y + rng.normal(size=400), 4 * y  # a later epoch's wider predictions
    base = figure_dict(split_parity_figure(y, first, split, "dG", "kcal/mol", names))
    made = parity_dict(base, split_parity_parts(y, later, split), "kcal/mol")
    assert made == figure_dict(split_parity_figure(y, later, split, "dG", "kcal/mol", names))


def test_live_loss_spec_carries_both_curves_and_a_fixed_epoch_axis():
    """Check that the streaming spec holds every loss with its epoch and set, axis fixed."""
    from chemviz.figures.networks import live_loss_spec

    spec = live_loss_spec([3.0, 2.0], [3.5, 2.5], max_epochs=50, y_label="RMSE (kcal/mol)")
    rows = {(v["set"], v["epoch"]): v["rmse"] for v in spec["data"]["values"]}
    assert rows == {
        ("training", 1): 3.0,
        ("training", 2): 2.0,
        ("validation", 1): 3.5,
        ("validation", 2): 2.5,
        ("best so far", 2): 2.5,
    }
    assert spec["encoding"]["x"]["scale"]["domain"] == [1, 50]
    assert spec["encoding"]["y"]["title"] == "RMSE (kcal/mol)"


@pytest.mark.parametrize(
    ("val", "best_epoch"),
    [
        ([3.5, 2.5, 2.7, 3.0], 2),  # the minimum 2.5 at epoch 2; later epochs only rise
        ([4.0, 2.0, 3.0, 2.0], 2),  # a tie at 2.0: the first, as TrainResult.best_epoch
        ([1.0], 1),
    ],
)
def test_live_loss_spec_marks_the_best_epoch_so_far(val, best_epoch):
    """Check the one 'best so far' row is the first lowest validation loss, drawn as a point."""
    from chemviz.figures.networks import live_loss_spec

    spec = live_loss_spec([9.0] * len(val), val, max_epochs=10)
    best = [v for v in spec["data"]["values"] if v["set"] == "best so far"]
    assert best == [{"epoch": best_epoch, "set": "best so far", "rmse": val[best_epoch - 1]}]
    marker = spec["layer"][1]
    assert marker["mark"]["type"] == "point"
    assert marker["transform"] == [{"filter": {"field": "set", "equal": "best so far"}}]
    alt.LayerChart.from_dict(spec, validate=True)  # Vega-Lite's own JSON schema
    lines = spec["layer"][0]
    assert lines["mark"]["type"] == "line"
    assert lines["transform"] == [{"filter": {"field": "set", "oneOf": ["training", "validation"]}}]


def test_live_loss_spec_before_the_first_epoch_has_no_marker():
    """Check that an empty history gives no rows at all (nothing to mark yet)."""
    from chemviz.figures.networks import live_loss_spec

    assert live_loss_spec([], [], max_epochs=10)["data"]["values"] == []
