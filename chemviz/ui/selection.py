"""Sections of the Feature selection page: controls, the λ slider, the tables and charts.

The page script (``app_pages/feature_selection.py``) calls these in order.
Everything expensive comes from :mod:`chemviz.ui.cached.selection`; what
happens here on a λ-slider move is a lookup in the cached path, one
matrix–vector product for the fitted values, and drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from chemviz.figures.common import parity_figure
from chemviz.figures.selection import rfe_figure, with_lambda_marker
from chemviz.representations import REPRESENTATIONS
from chemviz.selection import PathResult, coefficients_at, cv_predictions, workshop_penalty
from chemviz.ui import state
from chemviz.ui.cached import selection as cached
from chemviz.ui.features import current_inputs, current_params
from chemviz.ui.widgets import CurrentData

ALPHAS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]
FOLDS = list(range(2, 11))
TOP_K = 10  # coloured, labelled lines on the path; more would not be told apart
SUBSTRUCTURE_REPS = ("morgan", "maccs")  # representations whose columns map to atoms
N_EXAMPLES = 8


def bind(key: str, options=None) -> dict:
    """``state.bind``, with the table's default (or a valid option) put in place first."""
    if key not in st.session_state or (options is not None and state.get(key) not in options):
        default = state.KEYS[key].default
        state.put(key, default if options is None or default in options else options[0])
    return state.bind(key)


@dataclass(frozen=True, eq=False)
class Setting:
    """What the page models and how: the cache keys and the data behind them."""

    data: CurrentData
    rep: str
    params: tuple
    data_key: tuple
    seed: int
    l1_ratio: float
    folds: int
    prepared: cached.SelectionData | None = None

    @property
    def unit(self) -> str:
        return self.data.unit or "units of y"

    @property
    def path_key(self) -> tuple:
        return (*self.data_key, self.seed, self.l1_ratio, self.folds)


def representation_note(rep: str) -> None:
    """Recommend named features, and say what a column is for the others."""
    spec = REPRESENTATIONS[rep]
    if spec.interpretable:
        st.caption(
            f"**{spec.label}**: every column has a name with a chemical meaning, so the "
            "features the path selects can be read as chemistry."
        )
    elif rep in SUBSTRUCTURE_REPS:
        st.info(
            f"**{spec.label}** columns are hashed bits: a bit has no name, only the "
            "substructures that switch it on (drawn below for the selected bits). For named "
            "features choose RDKit descriptors, autocorrelations or MACCS keys in the sidebar.",
            icon=":material/lightbulb:",
        )
    else:
        st.info(
            f"**{spec.label}** columns have no chemical names. For features you can read "
            "as chemistry choose RDKit descriptors, autocorrelations or MACCS keys in the "
            "sidebar.",
            icon=":material/lightbulb:",
        )


def controls(data: CurrentData) -> Setting:
    """The ℓ1 share, folds and seed controls; returns the setting they make."""
    c1, c2, c3 = st.columns([3, 2, 1])
    l1_ratio = c1.select_slider(
        "Elastic-net mixing: the ℓ1 share (1 = pure LASSO)",
        ALPHAS,
        help="scikit-learn's l1_ratio r. Smaller values add an ℓ2 penalty that makes groups "
        "of correlated features enter the path together.",
        **bind(state.SEL_ALPHA, ALPHAS),
    )
    folds = c2.select_slider("Cross-validation folds k", FOLDS, **bind(state.SEL_FOLDS, FOLDS))
    seed = c3.number_input(
        "Seed", min_value=0, max_value=9999, step=1, help="Shuffles the folds (and the "
        "sample of a large data set).", **bind(state.SEL_SEED),
    )  # fmt: skip
    rep = state.get(state.REPRESENTATION)
    params = tuple(sorted(current_params(rep).items()))
    data_key = (data.molecules.content_hash, data.target, rep, params)
    return Setting(data, rep, params, data_key, int(seed), float(l1_ratio), int(folds))


def prepare(setting: Setting) -> Setting:
    """The cleaned, capped (X, y), with a caption of what was dropped. Raises ValueError."""
    inputs = current_inputs(setting.data, minimum=2)
    prepared = cached.selection_data(inputs, setting.data_key, setting.seed)
    informative = prepared.n_features - prepared.n_constant - prepared.n_duplicate
    st.caption(
        f"**{prepared.n_molecules:,} molecules** · **{prepared.n_features:,} features**, of "
        f"which {prepared.n_constant:,} constant and {prepared.n_duplicate:,} duplicate "
        f"columns are dropped: {informative:,} informative. {inputs.excluded_message()}"
    )
    for note in prepared.notes:
        st.info(note, icon=":material/info:")
    return Setting(**{**setting.__dict__, "prepared": prepared})


def equations(setting: Setting) -> None:
    """The workshop's objectives and how the λ on the axis relates to them."""
    left, right = st.columns(2)
    with left:
        st.markdown("**The workshop's objectives**: LASSO, then elastic net")
        st.latex(r"\hat w = \arg\min_w \; \lVert Xw - y \rVert_2^2 + \lambda \lVert w \rVert_1")
        st.latex(
            r"\hat w = \arg\min_w \; \lVert Xw - y \rVert_2^2 + \lambda\left(\alpha "
            r"\lVert w \rVert_1 + (1 - \alpha) \lVert w \rVert_2^2\right)"
        )
    with right:
        st.markdown("**What scikit-learn minimises** (the λ on the charts' axes; r = ℓ1 share)")
        st.latex(
            r"\frac{1}{2n}\lVert y - Xw \rVert_2^2 + \lambda r \lVert w \rVert_1 + "
            r"\frac{\lambda (1 - r)}{2} \lVert w \rVert_2^2"
        )
        n = len(setting.prepared.y)
        _, alpha = workshop_penalty(1.0, setting.l1_ratio, n)
        st.caption(
            "Multiply by 2n and it is the workshop's objective with "
            r"λ_workshop = n·λ·(1 + r) and α = 2r/(1 + r); for the LASSO (r = 1) λ_workshop = "
            f"2n·λ. Here n = {n:,} and r = {setting.l1_ratio:g}, so α = {alpha:.2f}. Dividing "
            "by n lets the folds, which hold fewer molecules, share one λ grid."
        )


def path(setting: Setting) -> PathResult:
    """The cached path for this setting (computed on the first visit only). Raises ValueError."""
    return cached.path(
        setting.prepared, setting.data_key, setting.seed, setting.l1_ratio, setting.folds
    )


def lambda_index(result: PathResult, setting: Setting) -> int:
    """The λ slider (over the path's own grid) with buttons to jump to λ_1se and λ_min.

    A new path (other data, ℓ1 share, folds or seed) starts at its λ_1se; a λ
    position from a shared link is kept on the first run of a session.
    """
    n = len(result.lambdas)
    position = state.get(state.SEL_LAMBDA)
    previous = state.get(state.SEL_PATH_KEY)
    valid = isinstance(position, int | np.integer) and 0 <= position < n
    if (previous is not None and previous != setting.path_key) or not valid:
        state.put(state.SEL_LAMBDA, result.i_1se)
    state.put(state.SEL_PATH_KEY, setting.path_key)
    c1, c2, c3 = st.columns([8, 1, 1], vertical_alignment="bottom")
    c2.button("λ_1se", key="sel_go_1se", on_click=state.put, args=(state.SEL_LAMBDA, result.i_1se))
    c3.button("λ_min", key="sel_go_min", on_click=state.put, args=(state.SEL_LAMBDA, result.i_min))
    return c1.select_slider(
        f"λ, the penalty strength ({setting.unit}; log scale, from λ_max / 1000 up to λ_max, "
        "where no feature is selected)",
        range(n - 1, -1, -1),  # small λ on the left, as on the charts' axes
        format_func=lambda i: f"{result.lambdas[i]:.3g}",
        help="Moves the dashed line on both charts; the path itself is not refitted.",
        **state.bind(state.SEL_LAMBDA),
    )


def path_and_cv(result: PathResult, index: int, setting: Setting) -> None:
    """The coefficient path and the CV error, both with the slider's marker."""
    path_fig, cv_fig, lock = cached.path_figures(result, setting.path_key, setting.unit, TOP_K)
    lam = float(result.lambdas[index])
    with lock:  # the figures are shared: move the marker and send, uninterrupted
        st.plotly_chart(with_lambda_marker(path_fig, lam), key="sel_path_chart")
    st.caption(
        "Read it from right to left: at λ_max (right edge) every coefficient is zero; as λ "
        "shrinks, features enter one after another and their coefficients grow; at small λ "
        f"almost every feature has one. The first {TOP_K} features to enter are coloured and "
        "numbered in that order. With a smaller ℓ1 share, correlated features enter together."
    )
    with lock:
        st.plotly_chart(with_lambda_marker(cv_fig, lam), key="sel_cv_chart")
    st.caption(
        "The blue curve is the held-out error averaged over the folds, the band ±1 standard "
        "error. λ_min has the lowest error; λ_1se is the largest λ within one standard error "
        "of it: a model that cannot be told apart from the best, with fewer features. The red "
        "dotted steps (right axis) count the features selected."
    )
    for note in result.notes:
        st.caption(f"Note: {note}")


def at_lambda(result: PathResult, index: int, setting: Setting) -> pd.DataFrame:
    """Metrics, the table of selected features and the held-out parity plot at one λ."""
    prepared = setting.prepared
    lam = float(result.lambdas[index])
    lam_ws, _ = workshop_penalty(lam, setting.l1_ratio, len(prepared.y))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(f"λ ({setting.unit})", f"{lam:.3g}")
    m2.metric("λ in the workshop's objective", f"{lam_ws:.3g}")
    m3.metric("features selected", int(result.n_nonzero[index]))
    m4.metric(f"CV RMSE ({setting.unit})", f"{result.cv_mean[index]:.3f}")
    table = coefficients_at(result, index)
    show = table.rename(
        columns={
            "coef_standardised": f"w per SD ({setting.unit})",
            "coef_original": "w per unit of the feature",
        }
    ).drop(columns=["column"])
    if (show["meaning"] == show["feature"]).all():
        show = show.drop(columns=["meaning"])
    number = st.column_config.NumberColumn(format="%.3g")
    st.dataframe(
        show,
        hide_index=True,
        height=320,
        column_config={
            "feature": st.column_config.TextColumn(width="medium"),
            "meaning": st.column_config.TextColumn(width="large"),
        }
        | {name: number for name in show.columns[1:3]},
    )
    st.caption(
        f"The {len(table)} selected features, largest effect first. Compare them by the "
        "coefficient per standard deviation; the coefficient per unit depends on the "
        "feature's scale (per dalton, per bit)."
    )
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        pred = cv_predictions(prepared.X, prepared.y, result, index)
        names = [setting.data.molecules.names[r] for r in prepared.rows]
        fig = parity_figure(
            pred["y"], pred["y_fit"], pred["y"], pred["y_cv"], setting.data.target or "y",
            unit=setting.data.unit, names_train=names, names_test=names,
        )  # fmt: skip
        fig.data[0].name = fig.data[0].name.replace("train", "fitted on all", 1)
        fig.data[1].name = fig.data[1].name.replace("test", "held out (CV)", 1)
        fig.update_layout(legend={"y": -0.18, "yanchor": "top"}, height=520)
        st.plotly_chart(fig, key="sel_parity_chart")
    right.markdown(
        "**Parity plot at this λ.** Orange: each molecule predicted by the model of the fold "
        "that held it out, the honest error. Blue: the model fitted on all molecules, the "
        "training error. At small λ the blue cloud hugs the diagonal while the orange one "
        "does not; at large λ both shrink towards the mean."
    )
    return table


def substructures(table: pd.DataFrame, setting: Setting) -> None:
    """For Morgan bits and MACCS keys: the atoms a selected feature stands for."""
    if setting.rep == "autocorrelation":
        st.caption(
            "Autocorrelation names read property–depth: e.g. f-chi-2-all is the sum of "
            "χᵢ·χⱼ over all atom pairs two bonds apart; the *meaning* column above spells "
            "each selected one out."
        )
        return
    if setting.rep not in SUBSTRUCTURE_REPS:
        return
    st.subheader("What does a selected bit stand for?")
    if table.empty:
        st.info("No feature is selected at this λ: move the slider to the left.")
        return
    options = list(table["feature"][:20])
    name = st.selectbox(
        "Selected feature (largest effect first)", options, **bind(state.SEL_FEATURE, options)
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
        setting.data.molecules, setting.data.molecules.content_hash, setting.rep,
        setting.params, column, rows, captions,
    )  # fmt: skip
    st.html(grid)
    what = "environment" if setting.rep == "morgan" else "SMARTS match"
    st.caption(
        f"Highlighted: the atoms of each {what} that sets the feature, on molecules spread "
        "over the range of the target. A hashed bit can be set by unrelated substructures "
        "(collisions): look for what the examples share."
    )


def rfe_section(result: PathResult, setting: Setting) -> None:
    """Best subset, and recursive feature elimination behind a toggle."""
    st.latex(r"\hat w = \arg\min_w \; \lVert y - Xw \rVert_2^2 + \lambda \lVert w \rVert_0")
    st.markdown(
        "‖w‖₀ counts the non-zero coefficients. Trying every subset of d features means "
        "2ᵈ fits, feasible to about 30 features. **Recursive feature elimination** is the "
        "greedy shortcut: fit a ridge model on standardised features, remove the features "
        "with the smallest |w|, refit, and measure the CV error at every size, on the same "
        "folds as the path above."
    )
    if not st.toggle("Run recursive feature elimination (a few seconds)", **bind(state.SEL_RFE)):
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
    for note in curve.notes:
        st.caption(f"Note: {note}")


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
