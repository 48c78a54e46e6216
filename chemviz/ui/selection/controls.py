"""The Feature selection page's set-up: controls, the prepared data, the objective, the λ slider.

The page script (``app_pages/feature_selection.py``) calls these first, then
the sections of :mod:`chemviz.ui.selection.sections`. Everything expensive
comes from :mod:`chemviz.ui.selection.cached`; what happens on a λ-slider
move is a lookup in the cached path, one matrix–vector product for the
fitted values, and drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from chemviz.representations import REPRESENTATIONS
from chemviz.selection import PathResult, index_of_lambda, workshop_penalty
from chemviz.ui import scrub, state
from chemviz.ui.inputs import CurrentInputs, model_inputs
from chemviz.ui.selection import cached

# The mixing slider is scikit-learn's l1_ratio r (the URL key sel_alpha keeps its
# historical name); the workshop's α = 2r/(1 + r) is shown next to it.
L1_RATIOS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]
FOLDS = list(range(2, 11))
# Representations whose columns map back to atoms: MACCS keys by their SMARTS,
# hashed fingerprints through RDKit's AdditionalOutput.


@dataclass(frozen=True, eq=False)
class Setting:
    """What the page models and how: the cache keys and the data behind them."""

    data: CurrentInputs
    seed: int
    l1_ratio: float
    folds: int
    prepared: cached.SelectionData | None = None

    @property
    def rep(self) -> str:
        return self.data.rep

    @property
    def params(self) -> tuple:
        return self.data.params

    @property
    def data_key(self) -> tuple:
        return self.data.key

    @property
    def unit(self) -> str:
        return self.data.unit or "units of y"

    @property
    def path_key(self) -> tuple:
        return (*self.data_key, self.seed, self.l1_ratio, self.folds)

    @property
    def lambda_key(self) -> tuple:
        """What a λ's meaning depends on: the data and folds, not r (the path's own grid does)."""
        return (*self.data_key, self.seed, self.folds)


def representation_note(rep: str) -> None:
    """Recommend named features, and say what a column is for the others."""
    spec = REPRESENTATIONS[rep]
    if spec.interpretable:
        st.caption(
            f"**{spec.label}**: every column has a name with a chemical meaning, so the "
            "features the path selects can be read as chemistry."
        )
    elif spec.sets_a_column:
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


def controls(data: CurrentInputs) -> Setting:
    """The ℓ1 share, folds and seed controls; returns the setting they make."""
    c1, c2, c3 = st.columns([3, 2, 1])
    l1_ratio = c1.select_slider(
        "Elastic-net mixing r = l1_ratio, scikit-learn's ℓ1 share (1 = LASSO)",
        L1_RATIOS,
        help="The r of scikit-learn's objective below; the workshop's α = 2r/(1 + r) "
        "(r = 0.5 is α = 0.67). Smaller r adds an ℓ2 penalty that makes groups of "
        "correlated features enter the path together.",
        **state.bind(state.SEL_ALPHA, L1_RATIOS),
    )
    folds = c2.select_slider(
        "Cross-validation folds k", FOLDS, **state.bind(state.SEL_FOLDS, FOLDS)
    )
    seed = c3.number_input(
        "Seed", min_value=0, max_value=9999, step=1, help="Shuffles the folds (and the "
        "sample of a large data set).", **state.bind(state.SEL_SEED),
    )  # fmt: skip
    return Setting(data, int(seed), float(l1_ratio), int(folds))


def prepare(setting: Setting) -> Setting:
    """The cleaned, capped (X, y) of the setting. Raises ValueError."""
    inputs = model_inputs(setting.data, minimum=2)
    prepared = cached.selection_data(inputs, setting.data_key, setting.seed)
    return Setting(**{**setting.__dict__, "prepared": prepared})


def data_caption(setting: Setting) -> None:
    """How many molecules and features, what was dropped and why, and the notes of the path."""
    prepared = setting.prepared
    inputs = model_inputs(setting.data, minimum=2)
    informative = prepared.n_features - prepared.n_constant - prepared.n_duplicate
    st.caption(
        f"**{prepared.n_molecules:,} molecules** · **{prepared.n_features:,} features**, of "
        f"which {prepared.n_constant:,} constant and {prepared.n_duplicate:,} duplicate "
        f"columns are dropped: {informative:,} informative. {inputs.excluded_message()} "
        + " ".join(f"**{note}**" for note in prepared.notes)
    )


def equations(setting: Setting) -> None:
    """The workshop's objectives and how the λ on the axis relates to them.

    One column: side by side, the elastic-net objective is clipped at 1280 px.
    """
    st.markdown("**The workshop's objectives**: LASSO, then elastic net")
    st.latex(r"\hat w = \arg\min_w \; \lVert Xw - y \rVert_2^2 + \lambda \lVert w \rVert_1")
    st.latex(
        r"\hat w = \arg\min_w \; \lVert Xw - y \rVert_2^2 + \lambda\left(\alpha "
        r"\lVert w \rVert_1 + (1 - \alpha) \lVert w \rVert_2^2\right)"
    )
    st.markdown(
        "**What scikit-learn minimises**: λ is its `alpha` (the charts' axes), r its "
        "`l1_ratio` (the mixing slider)"
    )
    st.latex(
        r"\frac{1}{2n}\lVert y - Xw \rVert_2^2 + \lambda r \lVert w \rVert_1 + "
        r"\frac{\lambda (1 - r)}{2} \lVert w \rVert_2^2"
    )
    n = len(setting.prepared.y)
    _, alpha = workshop_penalty(1.0, setting.l1_ratio, n)
    st.latex(
        rf"r = {setting.l1_ratio:g} \;\Longrightarrow\; \alpha = \frac{{2r}}{{1 + r}} = "
        rf"{alpha:.2f}, \qquad \lambda_{{\mathrm{{workshop}}}} = n\lambda(1 + r)"
    )
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

    A new path starts at its λ_1se, except after a change of the ℓ1 share r
    alone: λ means the same on every path of the same data and folds, so the
    slider keeps the λ it showed when the new path reaches it. A λ position
    from a shared link is kept on the first run of a session.
    """
    n = len(result.lambdas)
    position = state.get(state.SEL_LAMBDA)
    previous = state.get(state.SEL_PATH_KEY)
    if previous is not None and previous != setting.path_key:
        position = _carried_position(result, setting)
    elif not (isinstance(position, int | np.integer) and 0 <= position < n):
        position = result.i_1se
    state.put(state.SEL_LAMBDA, int(position))
    state.put(state.SEL_PATH_KEY, setting.path_key)
    c1, c2, c3 = st.columns([8, 1, 1], vertical_alignment="bottom")
    c2.button("λ_1se", key="sel_go_1se", on_click=state.put, args=(state.SEL_LAMBDA, result.i_1se))
    c3.button("λ_min", key="sel_go_min", on_click=state.put, args=(state.SEL_LAMBDA, result.i_min))
    # A scrub slider: every λ of the path is drawn in advance, so a drag moves the
    # charts, numbers and parity plot in the browser (chemviz.ui.scrub).
    indices = cached.slider_indices(result)
    position = scrub.slider(
        state.SEL_LAMBDA,
        f"λ, the penalty strength ({setting.unit}; log scale, from λ_max / 1000 up to λ_max, "
        "where no feature is selected)",
        indices,
        [f"{result.lambdas[i]:.3g}" for i in indices],
        where=c1,
        help="Moves the dashed line on both charts; the path itself is not refitted.",
    )
    index = indices[position]
    state.put(state.SEL_LAMBDA_SHOWN, (setting.lambda_key, float(result.lambdas[index])))
    return index


def _carried_position(result: PathResult, setting: Setting) -> int:
    """λ_1se of a new path, or, when only r changed, the grid point nearest the λ shown before."""
    shown = state.get(state.SEL_LAMBDA_SHOWN)  # (lambda_key, λ) of the slider last drawn
    if shown is not None and shown[0] == setting.lambda_key:
        lam = shown[1]
        if result.lambdas.min() <= lam <= result.lambdas.max():
            return index_of_lambda(result, lam)
    return result.i_1se
