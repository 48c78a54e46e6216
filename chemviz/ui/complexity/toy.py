"""The 1D story of the Model complexity page: sin(2πx), polynomials, and every error shown.

The truth is known here, so the page can show what cross-validation only
estimates on molecules: the true error, and how it splits into
approximation and estimation error. One section: its sliders rerun it alone.
A degree or λ move refits one polynomial (microseconds) and moves markers;
the curves are cached per data set (:mod:`chemviz.ui.complexity.cached`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from chemviz.figures.complexity import complexity_curve_figure
from chemviz.figures.frames import figure_dict, payload_of
from chemviz.figures.toy import bias_variance_figure, toy_fit_figure
from chemviz.toy import fit_polynomial, predict_polynomial, sine_data
from chemviz.ui import scrub, state
from chemviz.ui.complexity import cached
from chemviz.ui.section import section

LAMBDA_OPTIONS = state.CX_LAMBDAS
TOY_Y_RANGE = (0.0, 1.5)  # RMSE; a CV spike at high degree would flatten everything else


def fmt(value: float) -> str:
    """A knob value for labels: 0, 3, 0.01, 1e-06."""
    return "0" if value == 0 else f"{value:.3g}"


def _and(items) -> str:
    """'5', '5 and 13', '3, 5 and 13'."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def training_error_sentence(degrees, train, lam: float) -> str:
    """What the training curve against degree does, read from the curve itself.

    Raising the degree can only lower the training error when nothing is
    penalised (the degree-d polynomials contain the lower ones); with λ > 0
    the fit also pays for its coefficients and may get worse on the training
    points. ``train`` is the training RMSE the chart draws (the fit on all
    n points); rises below 10⁻⁶ (the chart cannot show them) are ignored.
    """
    rises = [int(d) for d in np.asarray(degrees)[1:][np.diff(train) > 1e-6]]
    if lam == 0:
        return "With λ = 0 the training error can only fall as d grows."
    if rises:
        return (
            f"At λ = {fmt(lam)} the training error rises at d = {_and(rises)}: a penalised "
            "fit also pays for its coefficients, so a higher degree need not fit better."
        )
    return (
        f"At λ = {fmt(lam)} the training error happens to fall at every degree; only λ = 0 "
        "guarantees it."
    )


DEGREES = cached.TOY_DEGREES  # the degree slider's grid: 0 … 15


@dataclass(frozen=True)
class ToySetting:
    """The 1D story's controls: data (n, noise σ, seed), CV folds, the fit (degree, λ)."""

    n: int
    noise: float
    folds: int
    seed: int
    degree: int
    lam: float
    resampled: bool = False


def _toy_controls() -> ToySetting:
    """One row: the model's degree and λ (wide), then the data's n, noise, folds and seed.

    One row, so that the charts they drive start on the first screen of a laptop.
    Degree and λ are scrub sliders (:mod:`chemviz.ui.scrub`): every value of
    their grids is drawn in advance, so dragging them moves the four charts in
    the browser; the data's controls rerun the section on the server.
    """
    degree_col, lam_col, c1, c2, c3, c4 = st.columns([3, 3, 2, 2, 2, 2])
    n = c1.slider("n points (add data)", 2, 100, **state.bind(state.CX_N))
    noise = c2.slider("noise σ", 0.0, 0.5, step=0.05, **state.bind(state.CX_NOISE))
    folds = c3.slider("CV folds k", 2, 10, **state.bind(state.CX_TOY_FOLDS))
    seed = c4.number_input("seed", 0, 9999, **state.bind(state.CX_SEED))
    d = scrub.slider(
        state.CX_DEGREE, "polynomial degree d", DEGREES, [str(v) for v in DEGREES],
        where=degree_col,
    )  # fmt: skip
    lam = scrub.slider(
        state.CX_LAMBDA, "ridge λ (log scale; larger λ = simpler)", LAMBDA_OPTIONS,
        [fmt(v) for v in LAMBDA_OPTIONS], where=lam_col,
    )  # fmt: skip
    return ToySetting(
        int(n), float(noise), int(folds), int(seed), DEGREES[d], float(LAMBDA_OPTIONS[lam]),
        bool(state.get(state.CX_RESAMPLED)),
    )  # fmt: skip


@section
def toy_tab() -> None:
    """The 1D story: data, fit, error curves against degree and λ, bias and variance."""
    s = _toy_controls()
    x, y = sine_data(s.n, s.noise, s.seed)
    fit = fit_polynomial(x, y, s.degree, s.lam)
    if fit.underdetermined:
        st.info(fit.message, icon="ℹ️")
    # ValueError (more folds than points) is shown by the section, in place of the rest.
    views = cached.toy_views(s, _views)
    left, right = st.columns(2)
    with left:
        st.subheader("The data and the fit")
        _show(views, "fit")
        st.checkbox(
            "show fits to 20 other data sets (same x, new noise)", **state.bind(state.CX_RESAMPLED)
        )
    with right:
        st.subheader("Error against degree")
        _show(views, "degree")
    left, right = st.columns(2)
    with left:
        st.subheader("Error against λ")
        _show(views, "lambda")
    with right:
        st.subheader("Approximation and estimation error")
        _show(views, "bv")
    st.latex(
        r"\underbrace{E(\hat f)-E(f^*)}_{\text{excess risk}} = "
        r"\underbrace{[E(f^\dagger)-E(f^*)]}_{\text{approximation}} + "
        r"\underbrace{[E(\hat f)-E(f^\dagger)]}_{\text{estimation}}"
    )


VIEWS = ("fit", "degree", "lambda", "bv")  # the section's four charts, each with a caption


def _show(views: dict, name: str) -> None:
    """One chart and its caption, both following the degree and λ sliders."""
    scrub.show_chart(f"cx_toy_{name}", views[name])
    scrub.show_text(f"cx_toy_{name}_caption", views[f"{name} caption"])


def _views(s: ToySetting) -> dict:
    """Every chart and caption at ``s``, and at each degree and each λ of the grids.

    Returns
    -------
    dict
        For each of :data:`VIEWS`, a scrub payload (the figure now and one
        frame per degree and per λ, :func:`chemviz.figures.frames.payload_of`)
        and, under ``"<name> caption"``, the caption now and at each grid value.

    Notes
    -----
    The panels are cached one setting at a time (building a figure is most
    of the cost): letting go of the degree slider at d needs the λ grid at
    d anew, but every panel along the degree grid was built for the first
    view, and is reused.
    """
    now = cached.toy_panels(s, _panel_dicts)
    grids = {
        state.CX_DEGREE: [cached.toy_panels(replace(s, degree=d), _panel_dicts) for d in DEGREES],
        state.CX_LAMBDA: [
            cached.toy_panels(replace(s, lam=float(v)), _panel_dicts) for v in LAMBDA_OPTIONS
        ],
    }
    views = {}
    for name in VIEWS:
        figures = {group: [p[name][0] for p in panels] for group, panels in grids.items()}
        views[name] = payload_of(now[name][0], figures)
        views[f"{name} caption"] = {
            "text": now[name][1],
            "texts": {group: [p[name][1] for p in panels] for group, panels in grids.items()},
        }
    return views


def _panel_dicts(s: ToySetting) -> dict:
    """:func:`_panels` with each figure as the plain dict the browser draws."""
    return {name: (figure_dict(fig), text) for name, (fig, text) in _panels(s).items()}


def _panels(s: ToySetting) -> dict:
    """The four (figure, caption) pairs of the section at one setting."""
    x, y = sine_data(s.n, s.noise, s.seed)
    fit = fit_polynomial(x, y, s.degree, s.lam)
    bv = cached.toy_bias_variance(s.n, s.noise, s.seed, s.lam)
    deg_curve = cached.toy_degree_curve(s.n, s.noise, s.seed, s.lam, s.folds)
    lam_curve = cached.toy_lambda_curve(s.n, s.noise, s.seed, s.degree, s.folds)
    return {
        "fit": _fit_panel(s, x, y, fit, bv),
        "degree": _degree_panel(s, deg_curve),
        "lambda": _lambda_panel(s, lam_curve),
        "bv": _bias_variance_panel(s, bv),
    }


def _fit_panel(s: ToySetting, x, y, fit, bv) -> tuple:
    faint = bv.fits_at(s.degree) if s.resampled else None
    label = f"fit: degree {s.degree}, λ = {fmt(s.lam)}"
    grid = bv.grid  # the resampled fits are drawn on the same grid
    fig = toy_fit_figure(
        x, y, grid, bv.truth, predict_polynomial(fit, grid), faint, fit_label=label
    )
    train = np.sqrt(np.mean((predict_polynomial(fit, x) - y) ** 2))
    return fig, (
        f"Degree {s.degree}, λ = {fmt(s.lam)}: training RMSE {train:.3f}. The dashed green "
        "line is the truth sin(2πx), which no polynomial matches exactly. Raise d: the red "
        "fit chases the points; the faint fits show how much it would change with new noise."
    )


def _degree_panel(s: ToySetting, deg_curve) -> tuple:
    fig = complexity_curve_figure(
        deg_curve, s.degree, False, "RMSE (y units)",
        x_label="polynomial degree d", y_range=TOY_Y_RANGE,
    )  # fmt: skip
    d = s.degree
    best_true = int(deg_curve.values[np.argmin(deg_curve.test_rmse)])
    caption = (
        f"At d = {d}: training {deg_curve.train_mean[d]:.3f}, "
        f"CV {deg_curve.cv_mean[d]:.3f}, true {deg_curve.test_rmse[d]:.3f}. "
        f"CV picks d = {deg_curve.best_value:.0f}; the truth would pick d = {best_true}. "
        + training_error_sentence(deg_curve.values, deg_curve.train_mean, s.lam)
    )
    if deg_curve.underdetermined[deg_curve.best_index]:
        caption += (
            " CV's pick lies in the grey region: there the λ = 0 fits are the smallest-"
            "coefficient exact fits, a hidden regularisation that can make the error fall "
            "again. Set λ > 0 to see the classic U."
        )
    return fig, caption


def _lambda_panel(s: ToySetting, lam_curve) -> tuple:
    fig = complexity_curve_figure(
        lam_curve, s.lam or None, True, "RMSE (y units)",
        x_label=f"ridge λ (degree {s.degree})", y_range=TOY_Y_RANGE,
    )  # fmt: skip
    where = "λ = 0 is off the log axis (far left)." if s.lam == 0 else f"λ = {fmt(s.lam)} marked."
    return fig, (
        f"Degree {s.degree}, {where} CV picks λ = {lam_curve.best_value:.2g}. Right is "
        "simpler: a large λ flattens the fit (training error rises); a moderate λ tames a "
        "high degree."
    )


def _bias_variance_panel(s: ToySetting, bv) -> tuple:
    i = int(np.flatnonzero(bv.degrees == s.degree)[0])
    return bias_variance_figure(bv, s.degree), (
        f"d = {s.degree} over {bv.n_repeats} redrawn data sets of {s.n}, in mean squared error "
        f"(y units², not RMSE: only squares add up): approximation "
        f"{bv.approximation[i]:.3g}, estimation {bv.estimation[i]:.3g} "
        f"(bias² {bv.bias2[i]:.3g}, variance {bv.variance[i]:.3g}), noise σ² "
        f"{bv.noise2:.3g}. Simple models miss the shape (bias); complex ones follow the "
        "noise (variance). More data shrinks the variance, so the best degree moves right."
    )


def lesson_picture() -> None:
    """The lesson in one chart, for the Home page: the 1D story's errors against degree.

    Drawn at the state table's defaults (not the session's sliders), so every
    student's Home page shows the same picture; numbers in the caption are read
    from the curve.
    """
    n, noise, seed, folds = (
        state.KEYS[k].default
        for k in (state.CX_N, state.CX_NOISE, state.CX_SEED, state.CX_TOY_FOLDS)
    )
    curve = cached.toy_degree_curve(n, noise, seed, 0.0, folds)
    fig = complexity_curve_figure(
        curve, None, False, "RMSE (y units)", x_label="polynomial degree d", y_range=TOY_Y_RANGE
    )
    st.plotly_chart(fig, key="home_lesson")
    best = int(curve.values[np.argmin(curve.test_rmse)])
    later = int(curve.values[best + 4]) if best + 4 < len(curve.values) else int(curve.values[-1])
    st.caption(
        f"The whole lesson in one picture: {n} noisy points of sin(2πx), fitted by polynomials "
        f"of growing degree d. The training error falls from {curve.train_mean[0]:.2f} (d = 0) "
        f"to {curve.train_mean[later]:.2f} (d = {later}); the error on new data is lowest at "
        f"d = {best} ({curve.test_rmse[best]:.2f}) and is {curve.test_rmse[later]:.2f} at "
        f"d = {later}. Cross-validation (orange) estimates it from the data alone."
    )
