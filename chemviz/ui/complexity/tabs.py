"""The two tabs of the Model complexity page: the 1D polynomial story and real molecules.

Each tab reads its widgets by key (declared in :mod:`chemviz.ui.state` with
the ``cx_`` prefix), takes its curves from :mod:`chemviz.ui.complexity.cached`
and draws them with :mod:`chemviz.figures.complexity`. What is expensive is
cached; a slider move refits one model and moves the markers.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from chemviz.complexity import MODELS, family, make_folds
from chemviz.figures.common import parity_figure
from chemviz.figures.complexity import (
    bias_variance_figure,
    complexity_curve_figure,
    learning_curve_figure,
    toy_fit_figure,
)
from chemviz.representations import REPRESENTATIONS
from chemviz.toy import fit_polynomial, predict_polynomial, sine_data
from chemviz.ui import inputs as ui_inputs
from chemviz.ui import state, widgets
from chemviz.ui.complexity import cached
from chemviz.ui.section import section

# -- 1D story ---------------------------------------------------------------------
LAMBDA_OPTIONS = (0.0, *(10.0**k for k in range(-8, 2)))
TOY_Y_RANGE = (0.0, 1.5)  # RMSE; a CV spike at high degree would flatten everything else

# -- Molecules --------------------------------------------------------------------
# A sample of 1,000 molecules: a ridge or kernel-ridge curve on it peaks at about
# 60 MB of temporary arrays (185 MB at 2,000), for a server shared by a class.
CAP = 1000
HEAVY_CAP = {"mlp": 200}  # one network per (value, fold): keeps a whole curve to seconds
LC_SIZES = (0.1, 0.2, 0.35, 0.5, 0.75, 1.0)  # fractions of the smallest training fold
# 3D Coulomb matrices need a conformer per molecule: too slow to overlay on a whim.
LC_REPS = tuple(r for r, entry in REPRESENTATIONS.items() if not entry.needs_3d)
MOLECULE_FAMILIES = tuple(name for name, fam in MODELS.items() if not fam.one_d)
SPLITS = {"random": "random folds", "scaffold": "scaffold folds (Bemis–Murcko)"}


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


@section
def toy_tab() -> None:
    """The 1D story: data, fit, error curves against degree and λ, bias and variance."""
    c1, c2, c3, c4 = st.columns(4)
    n = c1.slider("n data points (add more data)", 2, 100, **state.bind(state.CX_N))
    noise = c2.slider("noise σ", 0.0, 0.5, step=0.05, **state.bind(state.CX_NOISE))
    folds = c3.slider("CV folds k", 2, 10, **state.bind(state.CX_TOY_FOLDS))
    seed = c4.number_input("seed", 0, 9999, **state.bind(state.CX_SEED))
    c1, c2 = st.columns(2)
    degree = c1.slider("polynomial degree d", 0, 15, **state.bind(state.CX_DEGREE))
    lam = c2.select_slider(
        "ridge λ (log scale; larger λ = simpler)",
        LAMBDA_OPTIONS,
        format_func=fmt,
        **state.bind(state.CX_LAMBDA),
    )
    x, y = sine_data(n, noise, seed)
    fit = fit_polynomial(x, y, degree, lam)
    if fit.underdetermined:
        st.info(fit.message, icon="ℹ️")
    bv = cached.toy_bias_variance(n, noise, seed, lam)
    faint = bv.fits_at(degree) if state.get(state.CX_RESAMPLED) else None
    left, right = st.columns(2)
    with left:
        st.subheader("The data and the fit")
        label = f"fit: degree {degree}, λ = {fmt(lam)}"
        grid = bv.grid  # the resampled fits are drawn on the same grid
        fig = toy_fit_figure(
            x, y, grid, bv.truth, predict_polynomial(fit, grid), faint, fit_label=label
        )
        st.plotly_chart(fig, key="cx_toy_fit")
        st.checkbox(
            "show fits to 20 other data sets (same x, new noise)", **state.bind(state.CX_RESAMPLED)
        )
        train = np.sqrt(np.mean((predict_polynomial(fit, x) - y) ** 2))
        st.caption(
            f"Degree {degree}, λ = {fmt(lam)}: training RMSE {train:.3f}. The dashed green "
            "line is the truth sin(2πx), which no polynomial matches exactly. Raise d: the red "
            "fit chases the points; the faint fits show how much it would change with new noise."
        )
    with right:
        st.subheader("Error against degree")
        try:
            deg_curve = cached.toy_degree_curve(n, noise, seed, lam, folds)
            lam_curve = cached.toy_lambda_curve(n, noise, seed, degree, folds)
        except ValueError as exc:  # e.g. more folds than points
            widgets.show_error(exc)
            return
        fig = complexity_curve_figure(
            deg_curve,
            degree,
            False,
            "RMSE (y units)",
            x_label="polynomial degree d",
            y_range=TOY_Y_RANGE,
        )
        st.plotly_chart(fig, key="cx_toy_degree")
        best_true = int(deg_curve.values[np.argmin(deg_curve.test_rmse)])
        st.caption(
            f"At d = {degree}: training {deg_curve.train_mean[degree]:.3f}, "
            f"CV {deg_curve.cv_mean[degree]:.3f}, true {deg_curve.test_rmse[degree]:.3f}. "
            f"CV picks d = {deg_curve.best_value:.0f}; the truth would pick d = {best_true}. "
            + training_error_sentence(deg_curve.values, deg_curve.train_mean, lam)
        )
        if deg_curve.underdetermined[deg_curve.best_index]:
            st.caption(
                "CV's pick lies in the grey region: there the λ = 0 fits are the smallest-"
                "coefficient exact fits, a hidden regularisation that can make the error fall "
                "again. Set λ > 0 to see the classic U."
            )
    left, right = st.columns(2)
    with left:
        st.subheader("Error against λ")
        fig = complexity_curve_figure(
            lam_curve,
            lam or None,
            True,
            "RMSE (y units)",
            x_label=f"ridge λ (degree {degree})",
            y_range=TOY_Y_RANGE,
        )
        st.plotly_chart(fig, key="cx_toy_lambda")
        where = "λ = 0 is off the log axis (far left)." if lam == 0 else f"λ = {fmt(lam)} marked."
        st.caption(
            f"Degree {degree}, {where} CV picks λ = {lam_curve.best_value:.2g}. Right is "
            "simpler: a large λ flattens the fit (training error rises); a moderate λ tames a "
            "high degree."
        )
    with right:
        st.subheader("Approximation and estimation error")
        st.plotly_chart(bias_variance_figure(bv, degree), key="cx_toy_bv")
        i = int(np.flatnonzero(bv.degrees == degree)[0])
        st.caption(
            f"d = {degree} over {bv.n_repeats} redrawn data sets of {n}, in mean squared error "
            f"(y units², not RMSE: only squares add up): approximation "
            f"{bv.approximation[i]:.3g}, estimation {bv.estimation[i]:.3g} "
            f"(bias² {bv.bias2[i]:.3g}, variance {bv.variance[i]:.3g}), noise σ² "
            f"{bv.noise2:.3g}. Simple models miss the shape (bias); complex ones follow the "
            "noise (variance). More data shrinks the variance, so the best degree moves right."
        )
    st.latex(
        r"\underbrace{E(\hat f)-E(f^*)}_{\text{excess risk}} = "
        r"\underbrace{[E(f^\dagger)-E(f^*)]}_{\text{approximation}} + "
        r"\underbrace{[E(\hat f)-E(f^\dagger)]}_{\text{estimation}}"
    )


def _fold_sizes(prep, folds: int, seed: int) -> str:
    """Test-fold sizes of the scaffold split, e.g. '152, 123, 123, 122 and 122'."""
    sizes = [f"{len(test):,}" for _, test in make_folds(len(prep.y), folds, seed, prep.scaffolds)]
    return ", ".join(sizes[:-1]) + f" and {sizes[-1]}"


def _progress_bar(text: str):
    bar = st.empty()
    return bar, lambda fraction: bar.progress(fraction, text=f"{text} {fraction:.0%}")


@section
def molecules_tab(data: ui_inputs.CurrentInputs) -> None:
    """Validation curves on molecules, random vs scaffold folds, parity and learning curves."""
    try:
        inputs = ui_inputs.model_inputs(data, minimum=10)
    except ValueError as exc:
        widgets.show_error(exc)
        return
    c1, c2, c3, c4, c5 = st.columns([3, 2, 3, 2, 1])
    model = c1.selectbox(
        "model family",
        MOLECULE_FAMILIES,
        format_func=lambda m: MODELS[m].label,
        **state.bind(state.CX_FAMILY),
    )
    fam = family(model)
    names = [k.name for k in fam.curve_knobs()]
    knob_name = names[0]
    if len(names) > 1:
        knob_name = c2.selectbox(
            "complexity knob",
            names,
            format_func=lambda k: fam.knob(k).label,
            **state.bind(state.cx_knob_key(model)),
        )
    knob = fam.knob(knob_name)
    split = c3.radio(
        "CV split",
        list(SPLITS),
        format_func=SPLITS.get,
        horizontal=True,
        **state.bind(state.CX_SPLIT),
    )
    folds = c4.slider("CV folds k", 2, 10, **state.bind(state.CX_FOLDS))
    seed = c5.number_input("seed", 0, 9999, **state.bind(state.CX_MSEED))
    values = knob.curve_values()
    value = st.select_slider(
        f"{knob.label}{' (log scale)' if knob.log else ''}: "
        f"{'larger = more complex' if knob.more_is_complex else 'larger = simpler'}",
        values,
        format_func=fmt,
        **state.bind(state.cx_value_key(model, knob_name)),
    )
    cap = HEAVY_CAP.get(model, CAP)
    prep = cached.prepared(data.molecules, inputs, data.key, cap, seed)
    fixed = tuple(sorted((k, v) for k, v in fam.defaults.items() if k != knob_name))
    note = (
        f" A reproducible sample of {len(prep.y):,} of {prep.n_available:,} is used "
        f"(the {fam.label} curves cap at {cap:,} molecules)."
        if prep.sampled
        else ""
    )
    if inputs.kind == "real":
        # Honest about the one shortcut this page takes (see chemviz/complexity/prepared.py).
        note += (
            " Real-valued features are standardised once over these molecules, before the "
            "folds: held-out molecules leak their mean and spread into training, a small "
            "optimism that the Feature selection page avoids by scaling inside each fold."
        )
    others = ", ".join(f"{k} = {fmt(v) if isinstance(v, float) else v}" for k, v in fixed)
    st.caption(
        f"{fam.description} {len(prep.y):,} molecules. {inputs.excluded_message()}{note}"
        + (f" Held fixed: {others}." if others else "")
    )
    bar, progress = _progress_bar(f"Cross-validating {fam.label} ({len(values)} settings)…")
    try:
        curves = {
            s: cached.curve(
                prep, data.key, model, knob_name, tuple(values), fixed, folds, seed, s, progress
            )
            for s in SPLITS
        }
    except ValueError as exc:  # more folds than molecules or scaffolds, k > training set
        bar.empty()
        widgets.show_error(exc)
        return
    bar.empty()
    other = "scaffold" if split == "random" else "random"
    main, alt = curves[split], curves[other]
    i = values.index(value)
    left, right = st.columns(2)
    with left:
        st.subheader(f"Error against {knob.label}")
        fig = complexity_curve_figure(
            main,
            value,
            knob.log,
            f"RMSE ({data.unit or 'y units'})",
            alt,
            x_label=knob.label,
            overlay_label=f"CV error, {SPLITS[other]}",
        )
        st.plotly_chart(fig, key="cx_mol_curve")
        st.caption(
            f"At {knob.label} = {fmt(value)}: training {main.train_mean[i]:.3g}, CV "
            f"{main.cv_mean[i]:.3g} ({split}); CV best {fmt(main.best_value)}. Random CV "
            f"{curves['random'].cv_mean[i]:.3g} vs scaffold CV {curves['scaffold'].cv_mean[i]:.3g}:"
            " random folds keep close analogues of each test molecule in training, and flatter "
            "the model. Scaffold folds keep each Bemis–Murcko ring system in one fold; an "
            "acyclic molecule has no ring system to share, so it is a group of its own. "
            f"Scaffold test folds hold {_fold_sizes(prep, folds, seed)} molecules (largest "
            "groups first into the smallest fold; one big series can still make its fold big)."
        )
    with right:
        st.subheader("The model at this setting")
        params = tuple(sorted({**dict(fixed), knob_name: value}.items()))
        par = cached.parity(prep, data.key, model, params, folds, seed, split)
        names_ = [data.molecules.names[r] for r in prep.rows]
        fig = parity_figure(
            par.y,
            par.fitted,
            par.y,
            par.cross_validated,
            data.target,
            unit=data.unit,
            names_train=names_,
            names_test=names_,
        )
        fig.data[1].name = fig.data[1].name.replace("test", "out-of-fold (CV)")
        fig.data[0].name = fig.data[0].name.replace("train", "trained on all")
        st.plotly_chart(fig, key="cx_mol_parity")
        st.caption(
            "Blue: the model trained on every molecule predicts them back (training "
            "error). Orange: each molecule predicted by the fold model that never saw it "
            "(CV error). A wide gap between the clouds is overfitting."
        )
    learning_section(data, model, params, folds, seed, prep)


def learning_section(data, model, params, folds, seed, prep) -> None:
    """Learning curves of the current model, optionally for two more representations."""
    st.subheader("Learning curve: error against training-set size")
    extra = st.multiselect(
        "overlay representations (up to 2)",
        [r for r in LC_REPS if r != data.rep],
        format_func=lambda r: REPRESENTATIONS[r].label,
        max_selections=2,
        **state.bind(state.CX_LC_REPS),
    )
    results = {}
    bar, progress = _progress_bar("Learning curves…")
    try:
        for r in [data.rep, *extra]:
            if r == data.rep:
                prep_r, key_r = prep, data.key
            else:
                data_r = data.with_representation(r)
                key_r = data_r.key
                inputs_r = ui_inputs.model_inputs(data_r, minimum=10)
                prep_r = cached.prepared(data.molecules, inputs_r, key_r, len(prep.y), seed)
            results[REPRESENTATIONS[r].label] = cached.learning(
                prep_r, key_r, model, params, LC_SIZES, folds, seed, progress
            )
    except ValueError as exc:
        widgets.show_error(exc)
    finally:
        bar.empty()
    if results:
        y_label = f"RMSE ({data.unit or 'y units'})"
        st.plotly_chart(learning_curve_figure(results, y_label), key="cx_mol_learning")
        st.caption(
            "Solid: CV error; dotted: training error (random folds, the model at the "
            "slider's setting). With more data the two meet; a richer representation "
            "sits lower and keeps falling longer."
        )
