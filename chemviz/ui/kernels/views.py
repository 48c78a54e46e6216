"""The KRR section drawn ahead at every λ and every σ of its sliders, for the browser to scrub.

The parity plot, its caption, the six errors and the CV grid's circle of
:func:`chemviz.ui.kernels.sections.krr_section`, once per grid value, as the
scrub payloads of :mod:`chemviz.ui.scrub` (:mod:`chemviz.figures.frames`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go

from chemviz.figures.common import parity_dict, parity_figure
from chemviz.figures.frames import figure_dict, payload_of, scrub_payload
from chemviz.figures.kernels import cv_marker_layout, no_fit_figure
from chemviz.kernels import kernel_matrices
from chemviz.models import regression_metrics
from chemviz.slots import pause_point
from chemviz.ui import state
from chemviz.ui.kernels import cached
from chemviz.ui.kernels.controls import LAMBDAS, KernelChoice, Model, cv_grid_key, lambda_label


def krr_views(model: Model, choice: KernelChoice, lam: float, folds: int, result) -> dict:
    """The parity plot, CV chart, caption and six numbers at every λ, and at every σ.

    Returns
    -------
    dict
        ``parity`` and ``cv``: scrub payloads (base at the current σ and λ; a
        frame per λ at this σ and, for a kernel with a width, per σ of the
        grid at this λ); ``caption``: a text payload; ``labels`` and
        ``metrics``: the numbers' labels and (values now, {group: values}).
    """
    K, K_test = cached.train_kernels(
        model.setup, model.data_key, model.split_key, choice.kind, choice.key
    )
    grids = {state.KER_LAMBDA: [_panel(model, choice, v, K, K_test) for v in LAMBDAS]}
    if choice.on_sigma_grid:
        widths = [
            replace(choice, params={**choice.params, "sigma": s}) for s in choice.sigma_grid()
        ]
        grids[state.ker_param_key("sigma")] = [
            _panel(model, other, lam, K_s, K_test_s)
            for other, (K_s, K_test_s) in zip(widths, _kernels(model, widths), strict=True)
        ]
    now = grids[state.KER_LAMBDA][LAMBDAS.index(lam)]
    unit = f" ({model.data.unit})" if model.data.unit else ""
    labels = [f"{part} {m}{unit if m != 'R²' else ''}" for part in ("test", "training")
              for m in ("RMSE", "MAE", "R²")]  # fmt: skip

    def part(k: int):
        return {group: [p[k] for p in panels] for group, panels in grids.items()}

    return {
        "parity": _parity_payload(model, now[0], part(0)),
        "cv": _cv_payload(model, choice, folds, result, now[1], part(1)) if result else None,
        "caption": {"text": now[2], "texts": part(2)},
        "labels": labels,
        "metrics": (now[3], part(3)),
    }


def _kernels(model: Model, choices: list[KernelChoice]):
    """(K_train, K_test_train) of each width in turn, not cached (each is 8 n² bytes).

    One distance matrix over training and test molecules serves every width
    (:func:`chemviz.kernels.kernel_matrices`); each is sliced, used and dropped.
    """
    setup = model.setup
    n = len(setup.train)
    X = setup.X[np.concatenate([setup.train, setup.test])]
    grid = [c.params for c in choices]
    for K in kernel_matrices(X, choices[0].kind, grid):
        yield K[:n, :n], K[n:, :n]


def _panel(model: Model, choice: KernelChoice, lam: float, K, K_test):
    """(parity, CV marker, caption, six numbers) of the KRR fit at one setting.

    The parity plot is given as its clouds' (label, measured, predicted), for
    :func:`_parity_payload`, or as a figure saying why there is no fit.
    """
    y, setup = model.inputs.y, model.setup
    keys = (model.data_key, model.split_key, choice.kind)
    train, test = setup.train, setup.test
    cv = (choice.params.get("sigma"), lam) if lam > 0 else None  # the CV chart's marker
    try:
        fit = cached.fit(K, K_test, y[train], *keys, choice.key, lam)
    except ValueError as exc:  # λ = 0 on a singular K: no unique solution
        return no_fit_figure(str(exc)), cv, f"λ = {lambda_label(lam)}: {exc}", ["—"] * 6
    parity = [("train", y[train], fit.train_pred), ("test", y[test], fit.test_pred)]
    caption = (
        f"{choice.label}, λ = {lambda_label(lam)}. Points on the dashed line are predicted "
        "exactly. Training points hug it more closely than test points; a wide gap between "
        "the two clouds is overfitting."
    )
    numbers = _numbers(y[test], fit.test_pred) + _numbers(y[train], fit.train_pred)
    return parity, cv, caption, numbers


def _parity_payload(model: Model, now, grids: dict[str, list]) -> dict:
    """The parity plot's scrub payload: plotly draws the plot now, each frame is plain data.

    ``now`` and the panels of ``grids`` are :func:`_panel`'s parity parts (or
    no-fit figures). Every frame has the same molecules at the same measured
    values, so it is made from the base by :func:`chemviz.figures.common.parity_dict`
    (a plotly figure per λ and per σ cost the move that rebuilds them 0.2 s).
    """
    if isinstance(now, go.Figure):  # λ = 0 on a singular K: every frame is a figure
        figures = {g: [_parity_figure(model, p) for p in panels] for g, panels in grids.items()}
        return scrub_payload(now, figures)
    base = figure_dict(_parity_figure(model, now))
    unit = model.data.unit

    def frame(panel) -> dict:
        pause_point()  # between frames, a student's move on another page may go first
        return (
            figure_dict(panel) if isinstance(panel, go.Figure) else parity_dict(base, panel, unit)
        )

    return payload_of(base, {g: [frame(p) for p in panels] for g, panels in grids.items()})


def _cv_payload(model: Model, choice: KernelChoice, folds: int, result, now, grids) -> dict:
    """The CV chart's scrub payload: plotly draws it once, each frame moves its marker.

    ``now`` and the values of ``grids`` are markers, (σ, λ), or None at λ = 0
    (no marker: that frame is drawn whole).
    """
    keys = (model.data_key, model.split_key, choice.kind, cv_grid_key(choice), folds)

    def drawn(current) -> go.Figure:
        return cached.cv_fig(result, *keys, current, model.data.unit)

    if now is None:
        return scrub_payload(drawn(None), {g: [drawn(c) for c in cs] for g, cs in grids.items()})
    base = figure_dict(drawn(now))
    param = "sigma" if len(result.params) > 1 else None  # the heatmap's rows, or one λ curve

    def frame(current) -> dict:
        if current is None:
            return figure_dict(drawn(None))
        return {**base, "layout": {**base["layout"], **cv_marker_layout(result, current, param)}}

    return payload_of(base, {g: [frame(c) for c in cs] for g, cs in grids.items()})


def _parity_figure(model: Model, parity) -> go.Figure:
    """The parity plot of a panel's clouds (a no-fit figure is returned as it is)."""
    if isinstance(parity, go.Figure):
        return parity
    (_, y_train, train_pred), (_, y_test, test_pred) = parity
    setup = model.setup
    return parity_figure(
        y_train, train_pred, y_test, test_pred, model.data.target,
        unit=model.data.unit, names_train=model.names(setup.train),
        names_test=model.names(setup.test),
    )  # fmt: skip


def _numbers(y, y_hat) -> list[str]:
    m = regression_metrics(y, y_hat)
    return [f"{m['rmse']:.3f}", f"{m['mae']:.3f}", f"{m['r2']:.3f}"]
