"""The sections of the Feature selection page: the path, correlated groups, the model at λ, RFE.

Each function draws one section from the cached results of
:mod:`chemviz.ui.selection.cached` and the figures of
:mod:`chemviz.figures.selection`, for a :class:`~chemviz.ui.selection.controls.Setting`
made by :mod:`chemviz.ui.selection.controls`; the page script calls them in order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from chemviz.figures.common import parity_figure
from chemviz.figures.selection import rfe_figure
from chemviz.figures.selection_partners import partners_figure
from chemviz.selection import (
    CORRELATION_THRESHOLD,
    RFE_MAX_FEATURES,
    PathResult,
    coefficients_at,
    cv_predictions,
    elimination_table,
    summarise_partners,
    workshop_penalty,
)
from chemviz.ui import scrub, state
from chemviz.ui.cached import figure as shared_figure
from chemviz.ui.section import section
from chemviz.ui.selection import cached
from chemviz.ui.selection.controls import Setting, lambda_index

TOP_K = 10  # coloured, labelled lines on the path; more would not be told apart
TOP_FEATURES = 6  # named in the sentence that follows the λ slider
N_EXAMPLES = 8
NUMBER = st.column_config.NumberColumn(format="%.3g")


@section
def along_the_path(result: PathResult, setting: Setting) -> None:
    """The λ slider and all it moves: the path's marker and the model at that λ (a fragment)."""
    index = lambda_index(result, setting)
    path_and_cv(result, index, setting)
    correlated_groups(result, setting)
    reading()

    st.header("3 · The model at this λ")
    table = at_lambda(result, index, setting)
    substructures(table, setting)


def path_and_cv(result: PathResult, index: int, setting: Setting) -> None:
    """The coefficient path and the CV error, both with the slider's marker."""
    payloads = cached.path_payloads(result, setting.path_key, setting.unit, TOP_K)
    scrub.show_chart("sel_path_chart", payloads["path"])
    st.caption(
        "Read it from right to left: at λ_max (right edge) every coefficient is zero; as λ "
        "shrinks, features enter one after another and their coefficients grow; at small λ "
        f"almost every feature has one. The first {TOP_K} features to enter are coloured and "
        "numbered in that order. With a smaller ℓ1 share r, correlated features enter together "
        "(the table below follows them)."
    )
    scrub.show_chart("sel_cv_chart", payloads["cv"])
    st.caption(
        "The blue curve is the held-out error averaged over the folds, the band ±1 standard "
        "error. λ_min has the lowest error; λ_1se is the largest λ within one standard error "
        "of it: a model that cannot be told apart from the best, with fewer features. The red "
        "dotted steps (right axis) count the features selected."
    )
    for note in result.notes:
        st.caption(f"Note: {note}")


def correlated_groups(result: PathResult, setting: Setting) -> None:
    """The first features' strongly correlated partners and the λ at which each enters."""
    st.subheader("Do correlated features enter together?")
    table = cached.correlated_groups(setting.prepared, result, setting.path_key, TOP_K)
    threshold = f"|r| ≥ {CORRELATION_THRESHOLD:g}"
    if table.empty:
        st.caption(
            f"None of the first {TOP_K} features to enter has a partner with {threshold} "
            "among the features of the path, so there is no group to watch here; RDKit "
            "descriptors have many (weight, volume and atom counts move together)."
        )
        return
    summary = summarise_partners(table)
    st.markdown(
        f"At **r = {setting.l1_ratio:g}**, of the {summary['pairs']} pairs below (a feature "
        f"among the first {TOP_K} to enter and a partner with {threshold}), "
        f"**{summary['together']} enter together** (within a factor of "
        f"{summary['factor']:g} in λ) and in **{summary['never']}** the partner never enters."
    )
    fig = shared_figure(
        ("sel_partners", setting.path_key),
        lambda: partners_figure(table, result.lambdas, unit_label=setting.unit),
    )
    st.plotly_chart(fig, key="sel_groups_chart")
    show = table.rename(
        columns={
            "rank": "#",
            "feature_enters": f"feature enters at λ ({setting.unit})",
            "partner_enters": "partner enters at λ",
            "lambda_ratio": "λ ratio",
        }
    )
    st.dataframe(
        show,
        hide_index=True,
        column_config={"r": st.column_config.NumberColumn(format="%.2f")}
        | {name: NUMBER for name in show.columns[4:]},
    )
    st.caption(
        "Filled dots: a feature among the first to enter (coloured as on the path); open "
        "dots: its partner; a cross at the left edge: a partner that never enters. "
        "**#** is the feature's place in the order of entry; **λ ratio** = the feature's "
        "entry λ ÷ its partner's: how many times smaller λ must get before the partner "
        "enters too (1 = at the same λ; no value = never, down to λ_max/1000). With the LASSO "
        "(r = 1) a correlated partner adds almost nothing once its twin is in, so it enters "
        "late or never: the LASSO picks one of the group. Move the mixing slider to a small "
        "r and the ℓ2 share rewards splitting the weight, so the partners enter together."
    )


def at_lambda(result: PathResult, index: int, setting: Setting) -> pd.DataFrame:
    """Metrics, the table of selected features and the held-out parity plot at one λ."""
    _metrics(result, index, setting)
    sentences = cached.top_features(result, setting.path_key, setting.unit, TOP_FEATURES)
    now = sentences[_position(result, index)]
    scrub.text("sel_top_features", now, {state.SEL_LAMBDA: sentences})
    table = coefficients_at(result, index)
    show = table.rename(
        columns={
            "coef_standardised": f"w per SD ({setting.unit})",
            "coef_original": "w per unit of the feature",
        }
    ).drop(columns=["column"])
    show = _without_repeated_meaning(show)
    _feature_table(show, {name: NUMBER for name in show.columns[1:3]})
    st.caption(
        f"The {len(table)} selected features at λ = {result.lambdas[index]:.3g} (the table "
        "follows the slider when it is let go), largest effect first. Compare them by the "
        "coefficient per standard deviation; the coefficient per unit depends on the "
        "feature's scale (per dalton, per bit)."
    )
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        # Built once per path for every λ: dragging the slider flips through them.
        names = [setting.data.molecules.names[r] for r in setting.prepared.rows]
        payload = cached.parity_payload(
            result, setting.path_key, lambda parts: _parity(parts, setting),
            lambda i: _parity_parts(result, i, setting), names, setting.data.unit,
        )  # fmt: skip
        scrub.show_chart("sel_parity_chart", payload)
    right.markdown(
        "**Parity plot at this λ.** Orange: each molecule predicted by the model of the fold "
        "that held it out, the honest error. Blue: the model fitted on all molecules, the "
        "training error. At small λ the blue cloud hugs the diagonal while the orange one "
        "does not; at large λ both shrink towards the mean."
    )
    return table


def _position(result: PathResult, index: int) -> int:
    """Where the path's λ number ``index`` sits on the slider."""
    return cached.slider_indices(result).index(index)


def _metrics(result: PathResult, index: int, setting: Setting) -> None:
    """λ, the workshop's λ, the features selected and the CV error, at each λ of the slider."""
    n = len(setting.prepared.y)

    def values(i: int) -> list[str]:
        lam = float(result.lambdas[i])
        lam_ws, _ = workshop_penalty(lam, setting.l1_ratio, n)
        selected, cv = int(result.n_nonzero[i]), result.cv_mean[i]
        return [f"{lam:.3g}", f"{lam_ws:.3g}", f"{selected}", f"{cv:.3f}"]

    labels = [
        f"λ ({setting.unit})",
        "λ in the workshop's objective",
        "features selected",
        f"CV RMSE ({setting.unit})",
    ]
    steps = [values(i) for i in cached.slider_indices(result)]
    scrub.show_metrics("sel_metrics", labels, values(index), {state.SEL_LAMBDA: steps})


def substructures(table: pd.DataFrame, setting: Setting) -> None:
    """For fingerprint bits and MACCS keys: the atoms a selected feature stands for."""
    spec = setting.data.representation
    if spec.reading_names:
        st.caption(spec.reading_names + " The *meaning* column above spells each selected one out.")
    if not spec.sets_a_column:
        return
    st.subheader("What does a selected bit stand for?")
    if table.empty:
        st.info("No feature is selected at this λ: move the slider to the left.")
        return
    options = list(table["feature"][:20])
    name = st.selectbox(
        "Selected feature (largest effect first)", options, **state.bind(state.SEL_FEATURE, options)
    )
    prepared = setting.prepared
    j = options.index(name)
    local = int(np.flatnonzero(np.asarray(prepared.names) == name)[0])
    column = int(prepared.columns[local])
    on = prepared.X[:, local] != 0
    y = prepared.y
    coef = table["coef_standardised"].iloc[j]
    st.markdown(
        f"**{name}** is set in {on.sum():,} of {len(y):,} molecules. Mean "
        f"{setting.data.target}: {y[on].mean():.2f} with it, {y[~on].mean():.2f} without "
        f"({setting.data.unit}). Its coefficient: {coef:+.3g} per standard deviation."
    )
    # Examples spread over the range of y among the molecules that have the feature.
    having = np.flatnonzero(on)
    having = having[np.argsort(y[having], kind="stable")]
    picks = having[np.unique(np.linspace(0, len(having) - 1, N_EXAMPLES).round().astype(int))]
    rows = tuple(int(prepared.rows[i]) for i in picks)
    captions = tuple(f"{y[i]:.2f} {setting.data.unit}".strip() for i in picks)
    grid = cached.substructure_grid(
        setting.data.molecules, *setting.data.features_key, column, rows, captions,
    )  # fmt: skip
    st.html(grid)
    what = spec.sets_a_column
    st.caption(
        f"Highlighted: the atoms of each {what} that sets the feature, on molecules spread "
        "over the range of the target. A hashed bit can be set by unrelated substructures "
        "(collisions): look for what the examples share."
    )


@section
def rfe_section(result: PathResult, setting: Setting) -> None:
    """Best subset, and recursive feature elimination behind a toggle (reruns alone)."""
    st.latex(r"\hat w = \arg\min_w \; \lVert y - Xw \rVert_2^2 + \lambda \lVert w \rVert_0")
    st.markdown(
        "‖w‖₀ counts the non-zero coefficients. Trying every subset of d features means "
        "2ᵈ fits, feasible to about 30 features. **Recursive feature elimination** is the "
        "greedy shortcut: fit a ridge model on standardised features, remove the features "
        "with the smallest |w|, refit, and measure the CV error at every size, on the same "
        "folds as the path above."
    )
    if not st.toggle(
        "Run recursive feature elimination (a few seconds)", **state.bind(state.SEL_RFE)
    ):
        return
    curve = cached.rfe(setting.prepared, setting.data_key, setting.seed, setting.folds)
    fig = rfe_figure(curve, cached.lasso_count(result), unit_label=setting.unit)
    st.plotly_chart(fig, key="sel_rfe_chart")
    st.caption(
        f"RFE's lowest CV error is at {curve.n_best} features; the fewest within one standard "
        f"error is {int(curve.n_features[curve.i_1se])}; the LASSO keeps "
        f"{cached.lasso_count(result)} at λ_1se (black line). Greedy elimination can drop a "
        "feature that is useful only together with another, so the two need not agree."
    )
    elimination(curve, result)


def elimination(curve, result: PathResult) -> None:
    """The order in which RFE removed the features, and whether it saw all of the path's."""
    ranked, seen = len(curve.feature_names), len(result.feature_names)
    if ranked < seen:
        st.info(
            f"RFE ranked only {ranked} of the {seen} features the LASSO path was fitted on: "
            f"its refits cost too much above {RFE_MAX_FEATURES}, so it kept the most "
            f"variable ones. The other {seen - ranked} have no rank here and may still be "
            "on the path.",
            icon=":material/info:",
        )
    table = elimination_table(curve)
    show = table.rename(
        columns={"removed_at_step": "removed at step", "features_left": "features left after"}
    )
    _feature_table(_without_repeated_meaning(show))
    n_steps = int(curve.ranking.max()) - 1
    st.caption(
        f"The elimination order, the survivor first (rank 1): {n_steps} steps of "
        f"{curve.step} feature(s) each, from {ranked} features down to 1. Read it from the "
        "bottom up to replay the elimination; features removed in the same step share a rank."
    )


def reading() -> None:
    """Why the ℓ1 penalty selects and the ℓ2 penalty does not."""
    st.markdown(
        "**Why ℓ1 selects.** Give a model the same total weight 1 on one feature or spread "
        "over two. The ℓ1 norms are equal, ‖(1, 0)‖₁ = ‖(0.5, 0.5)‖₁ = 1, but the ℓ2 norms "
        "are not: ‖(1, 0)‖₂ = 1 while ‖(0.5, 0.5)‖₂ ≈ 0.71. So the ℓ2 penalty prefers "
        "spreading weight over many features, and never sets one exactly to zero; the ℓ1 "
        "penalty is indifferent to spreading, and its diamond-shaped level sets have their "
        "corners on the axes, where some coefficients are zero. That is why the path above "
        "has features switching on one at a time, and why λ (chosen by cross-validation) "
        "decides how many survive. A small ℓ2 share (elastic net) keeps the minimum unique "
        "when features are correlated. Why not ℓ0.5, which selects even harder? It is not "
        "convex, so the minimum is no longer easy to find."
    )


def _without_repeated_meaning(table):
    """Drop the "meaning" column when it only repeats the feature names (hashed bits)."""
    if (table["meaning"] == table["feature"]).all():
        return table.drop(columns=["meaning"])
    return table


def _feature_table(table, number_columns: dict | None = None) -> None:
    """A table of features, one per row, with room for their meaning in words."""
    st.dataframe(
        table,
        hide_index=True,
        height=320,
        column_config={
            "feature": st.column_config.TextColumn(width="medium"),
            "meaning": st.column_config.TextColumn(width="large"),
        }
        | (number_columns or {}),
    )


PARITY_LABELS = ("fitted on all", "held out (CV)")


def _parity_parts(result: PathResult, index: int, setting: Setting) -> list[tuple]:
    """(label, measured, predicted) of the fitted and held-out (CV) clouds at λ number ``index``."""
    prepared = setting.prepared
    pred = cv_predictions(prepared.X, prepared.y, result, index)
    fitted, held_out = PARITY_LABELS
    return [(fitted, pred["y"], pred["y_fit"]), (held_out, pred["y"], pred["y_cv"])]


def _parity(parts: list[tuple], setting: Setting):
    """The parity plot of :func:`_parity_parts` at one λ, as a figure."""
    (_, y, fitted), (_, _, held_out) = parts
    # Without hover names: cached.parity_payload adds them once, for every λ.
    fig = parity_figure(
        y, fitted, y, held_out, setting.data.target or "y",
        unit=setting.data.unit, labels=PARITY_LABELS,
    )  # fmt: skip
    fig.update_layout(legend={"y": -0.18, "yanchor": "top"}, height=520)
    return fig
