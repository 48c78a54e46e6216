"""The sections of the Kernels page: equations, charts and the captions under them.

Each function draws one section from cached results (:mod:`chemviz.ui.kernels.cached`)
and figures (:mod:`chemviz.figures.kernels`); the page script calls them in order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from chemviz import depict
from chemviz.models import explain_prediction
from chemviz.ui import cached as shared
from chemviz.ui import scrub, state
from chemviz.ui.kernels import cached
from chemviz.ui.kernels.controls import (
    Fitted,
    KernelChoice,
    Model,
    cv_result,
    fitted,
    krr_controls,
)
from chemviz.ui.kernels.views import krr_views
from chemviz.ui.section import section
from chemviz.ui.widgets import show_error

TOP_TERMS = 10  # bars in the contributions chart
TOP_STRUCTURES = 4  # of those, drawn as structures
EQUIVALENCE = (40, 5, 1.0)  # training molecules, test molecules, λ of the ridge ⇔ KRR demo


def card(model: Model, row: int, caption: str) -> depict.GridItem:
    smiles = model.smiles([row])[0]
    svg = shared.svg(smiles, trusted=model.data.molecules.trusted)
    return depict.GridItem(svg, model.names([row])[0], caption)


def value_caption(model: Model, row: int) -> str:
    unit = f" {model.data.unit}" if model.data.unit else ""
    return f"{model.data.target} = {model.inputs.y[row]:.3g}{unit}"


def worked_example_caption(shown: pd.DataFrame) -> str:
    """What the worked example's table shows, with the numbers read from that table.

    ``shown`` is the table as displayed (columns λ, w₀, w₁, ‖w‖, rounded).
    """
    norm, slope, lam = shown["‖w‖"], shown["w₁"], shown["λ"]
    top = int(np.argmax(slope))
    return (
        f"Notice: λ shrinks the **length** of w (‖w‖ falls from {norm.iloc[0]:g} to "
        f"{norm.iloc[-1]:g}), not every weight. The slide penalises the intercept too, so the "
        "cheapest way to fit is to trade intercept for slope: w₁ *grows* from "
        f"{slope.iloc[0]:g} to {slope.iloc[top]:g} at λ = {lam.iloc[top]:g} while w₀ "
        "shrinks. (Leaving w₀ out of the penalty, as most software does, makes the slope "
        "shrink.)"
    )


def ridge_section(model: Model) -> None:
    """The workshop's worked 1D example, then ridge ⇔ linear-kernel KRR on real molecules."""
    table, fig = cached.worked_example()
    left, right = st.columns([3, 2])
    left.plotly_chart(fig, key="ker_ridge_example")
    left.caption(
        "The workshop's four points, fitted with an intercept column of ones: "
        "X = [[1, 1], [1, 1.5], [1, 2.5], [1, 3]], y = [2, 2.5, 1.25, 3]."
    )
    with right:
        st.latex(r"\min_w\ \lVert y - Xw \rVert_2^2 + \lambda \lVert w \rVert_2^2")
        st.latex(r"w = (\lambda I + X^\top X)^{-1} X^\top y")
        st.caption(
            "The workshop's second section sums the squared errors (no 1/n), and so does every "
            "λ on this page; the Model complexity page averages them, (1/n)‖y − Xw‖², so its "
            "λ is this one divided by the number of training molecules n."
        )
        shown = table.rename(
            columns={"lambda": "λ", "intercept": "w₀", "slope": "w₁", "norm": "‖w‖"}
        ).round(4)
        st.dataframe(shown, hide_index=True, key="ker_ridge_table")
        st.caption(worked_example_caption(shown))
    n, m, lam = EQUIVALENCE
    # A small upload has fewer: the caption counts the molecules really used.
    n, m = min(n, len(model.setup.train)), min(m, len(model.setup.test))
    eq = cached.equivalence(model.setup, model.inputs.y, model.data_key, model.split_key, n, m, lam)
    st.markdown(
        "**The same model, written with a kernel.** Put w = Xᵀa: the d × d system of ridge "
        "becomes an n × n system in the kernel matrix K = XXᵀ of inner products."
    )
    c1, c2 = st.columns([2, 3])
    c1.latex(r"K_{ij} = \langle x_i, x_j \rangle, \quad w = X^\top a")
    c1.latex(r"a = (K + \lambda I)^{-1} y")
    c1.latex(r"\hat y(x^*) = x^{*\top} w = \sum_i a_i \langle x^*, x_i \rangle")
    test = model.setup.test[:m]
    c2.dataframe(
        pd.DataFrame(
            {
                "test molecule": model.names(test),
                "ridge x*·w": eq.primal,
                "kernel Σ aᵢ⟨x*, xᵢ⟩": eq.dual,
                "difference": eq.primal - eq.dual,
            }
        ),
        hide_index=True,
        column_config={"difference": st.column_config.NumberColumn(format="%.1e")},
        key="ker_equivalence",
    )
    c2.caption(
        f"Both fitted on {n} training molecules of the current representation at λ = {lam:g}: "
        f"ridge solves for {len(eq.w):,} weights (one per feature), the kernel form for "
        f"{len(eq.alpha)} (one per molecule). The predictions agree to "
        f"{max(eq.max_difference, 1e-16):.0e}, rounding error."
    )


@section
def krr_and_explain(model: Model, choice: KernelChoice) -> None:
    """Sections 3 and 4, which its λ and folds move together (a fragment: they rerun alone)."""
    st.header("3 · Kernel ridge regression")
    st.markdown(
        "The recipe: form K on the training molecules, solve for one weight aᵢ per molecule, "
        "and predict a new molecule from its similarity to each of them. σ and λ are chosen "
        "by cross-validation on the training molecules; the test molecules are used once, at "
        "the end."
    )
    krr_equations()
    lam, folds = krr_controls(model)
    now = fitted(model, choice, lam)
    krr_section(model, choice, lam, folds, now)

    st.header("4 · Why this prediction?")
    if now.fit is None:
        st.info("Fit a model first: choose a λ that gives a solution above.")
    else:
        explain_section(model, now)


def krr_equations() -> None:
    c1, c2 = st.columns(2)
    c1.latex(r"a = (K + \lambda I)^{-1} y")
    c2.latex(r"\hat y(x^*) = \sum_i a_i\, k(x^*, x_i)")
    st.caption(
        "a minimises ‖y − Ka‖² + λ aᵀKa: squared errors summed, not averaged, as in section 1 "
        "(scikit-learn's KernelRidge(alpha=λ) is the same model)."
    )


def krr_section(model: Model, choice: KernelChoice, lam: float, folds: int, now: Fitted) -> None:
    """Parity plot and metrics of the current fit beside the CV grid with its markers.

    All three follow the λ and σ sliders in the browser: they are drawn for
    every λ and every σ of the grids at once (:mod:`chemviz.ui.kernels.views`, cached).
    """
    left, right = st.columns(2)
    try:
        result = cv_result(model, choice, folds)
    except ValueError as exc:  # e.g. more folds than training molecules
        with right:
            show_error(exc)
        result = None
    views = cached.krr_views(
        model.data_key, model.split_key, choice.kind, choice.key, lam, folds, model.data.target,
        model.data.unit, _build=lambda: krr_views(model, choice, lam, folds, result),
    )  # fmt: skip
    if result is not None:
        with right:
            scrub.show_chart("ker_cv", views["cv"])
            caption = _cv_caption(result, choice, folds)
            if model.setup.standardized:
                caption += (
                    " Inside each fold the features are standardised again, with that fold's "
                    "training molecules only, so no held-out molecule shapes its own model."
                )
            st.caption(caption)
    with left:
        scrub.show_chart("ker_parity", views["parity"])
        scrub.show_text("ker_parity_caption", views["caption"])
    scrub.show_metrics("ker_metrics", views["labels"], *views["metrics"])


def _cv_caption(result, choice: KernelChoice, folds: int) -> str:
    i, j = result.best
    if choice.on_sigma_grid:
        return (
            f"Cross-validation RMSE of every (σ, λ) on the training molecules ({folds} folds); "
            f"dark is good. Star: the best cell (σ = {result.params[i]['sigma']:.3g}, "
            f"λ = {result.lambdas[j]:g}); red circle: your sliders. Moving a slider only "
            "moves the circle: the grid is computed once."
        )
    return (
        f"Training and cross-validation RMSE against λ ({folds} folds on the training "
        f"molecules); best λ = {result.lambdas[j]:g}. Training error only falls as λ "
        "shrinks; the CV error says where fitting the training set stops helping."
    )


def explain_section(model: Model, now: Fitted) -> None:
    """One test prediction as a sum of aᵢ k(x*, xᵢ) over the training molecules."""
    setup, data = model.setup, model.data
    options = list(range(len(setup.test)))
    test_names = model.names(setup.test)
    t = st.selectbox(
        "Test molecule",
        options,
        format_func=test_names.__getitem__,
        **state.bind(state.KER_EXPLAIN, options),
    )
    contributions = explain_prediction(
        now.K_test[t], now.fit.alpha, model.names(setup.train), top=TOP_TERMS
    )
    row = int(setup.test[t])
    unit = f" {data.unit}" if data.unit else ""
    left, right = st.columns([3, 2])
    fig = cached.contributions_fig(
        contributions,
        model.data_key,
        model.split_key,
        now.choice.kind,
        now.choice.key,
        now.lam,
        t,
        data.unit,
    )
    left.plotly_chart(fig, key="ker_contrib")
    left.caption(
        f"Each bar is one training molecule's term aᵢ k(x*, xᵢ); together with the grey bar "
        f"for the other {contributions.n_remainder} they add up to the prediction "
        f"{contributions.prediction:.3f}{unit} (measured: {model.inputs.y[row]:.3f}"
        f"{unit}). "
        + cancellation_sentence(contributions.table["contribution"], contributions.prediction)
    )
    left.latex(_sum_latex(contributions))
    table = contributions.table.drop(columns="index").rename(
        columns={"name": "training molecule", "kernel": "k(x*, xᵢ)", "alpha": "aᵢ",
                 "contribution": "aᵢ k(x*, xᵢ)"}
    )  # fmt: skip
    left.dataframe(table.round(4), hide_index=True, key="ker_contrib_table")
    with right:
        st.html(depict.grid_html([card(model, row, "x*, the molecule predicted")], columns=1))
        items = [
            card(
                model,
                int(setup.train[r.index]),
                f"k = {r.kernel:.2f}, a = {r.alpha:.3g}, term = {r.contribution:.3g}",
            )
            for r in contributions.table.head(TOP_STRUCTURES).itertuples()
        ]
        st.html(depict.grid_html(items, columns=2, testid="ker-contrib-card"))


def cancellation_sentence(terms, prediction: float) -> str:
    """Whether the listed terms cancel each other (large terms of both signs), in words.

    They cancel when the largest term is bigger than the prediction itself:
    then no single molecule "explains" it, and a larger λ (smaller weights aᵢ)
    gives terms that can be read one by one.
    """
    terms = np.asarray(terms, dtype=float)
    big = float(np.abs(terms).max())
    if big > abs(prediction) and (terms > 0).any() and (terms < 0).any():
        ratio = big / max(abs(prediction), 1e-12)
        return (
            f"These terms cancel: the largest is {big:.3g}, {ratio:.1f}× "
            "the prediction, and terms of the other sign take most of it back. With this λ the "
            "weights aᵢ are large; raise λ and they shrink to terms that can be read one by one."
        )
    return (
        f"The largest term is {big:.3g}, a share of the prediction: the molecules listed "
        "first are the ones that pull it most, in proportion to their similarity k."
    )


def _sum_latex(c) -> str:
    """ŷ(x*) = (sum of the listed terms) + (the rest) = prediction, as LaTeX."""
    top, rest = c.table["contribution"].sum(), c.remainder
    listed = rf"\underbrace{{{top:.3f}}}_{{\text{{top {len(c.table)}}}}}"
    others = rf"\underbrace{{({rest:.3f})}}_{{\text{{other {c.n_remainder}}}}}"
    return rf"\hat y(x^*) = \sum_i a_i\, k(x^*, x_i) = {listed} + {others} = {c.prediction:.3f}"
