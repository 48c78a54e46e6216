"""Section 2 of the Kernels page: the kernel matrix as a heatmap, its histogram, one pair.

The matrix is computed once per (data, kernel, parameters, N) for the whole
class (:mod:`chemviz.ui.kernels.cached`); a click on a cell (up to
``MAX_OVERLAY`` molecules) puts that pair in the two boxes below it.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from chemviz import depict
from chemviz.figures.kernels import MAX_OVERLAY
from chemviz.kernels import HEATMAP_ORDERS, KERNELS, most_similar_pair
from chemviz.ui import state
from chemviz.ui.kernels import cached
from chemviz.ui.kernels.controls import HEATMAP_CAP, HEATMAP_SIZES, KernelChoice, Model
from chemviz.ui.kernels.sections import card, value_caption
from chemviz.ui.section import section

ORDER_LABELS = {"dataset": "data set", "target": "target value", "cluster": "similarity"}


def kernel_equations(choice: KernelChoice) -> None:
    c1, c2 = st.columns(2)
    c1.latex(r"K_{ij} = k(x_i, x_j)")
    c2.latex(KERNELS[choice.kind].formula_latex)


@section
def heatmap_section(model: Model, choice: KernelChoice) -> None:
    """Heatmap of a sample's kernel matrix, its histogram, and a pair of molecules compared.

    A section: N, the row order, the pair boxes and a click on a cell rerun it alone.
    """
    left, right = st.columns([3, 2])
    with right:
        n_max = min(HEATMAP_CAP, len(model.inputs))
        sizes = [s for s in HEATMAP_SIZES if s < n_max] + [n_max]
        n = st.select_slider("Molecules shown (N)", sizes, **state.bind(state.KER_N, sizes))
        order = st.radio(
            "Order rows by",
            HEATMAP_ORDERS,
            format_func=ORDER_LABELS.get,
            horizontal=True,
            **state.bind(state.KER_ORDER, HEATMAP_ORDERS),
        )
    keys = (model.data_key, model.split_key, choice.kind, choice.key, n)
    rows, K = cached.heatmap_kernel(model.setup, *keys)
    fig, order_rows = cached.heatmap_fig(
        K, model.inputs.y[rows], model.names(rows), model.smiles(rows), *keys, order, choice.label
    )
    event = left.plotly_chart(
        fig, on_select="rerun", selection_mode="points", key=state.KER_HEATMAP
    )
    left.caption(_heatmap_caption(model, n))
    with right:
        st.plotly_chart(cached.histogram_fig(K, *keys, choice.label), key="ker_hist")
        st.caption(_histogram_caption(K, choice))
    _pair(model, rows, K, order_rows, event)


def _heatmap_caption(model: Model, n: int) -> str:
    """What the heatmap shows, and what it leaves out above the overlay limit and the cap."""
    total = len(model.inputs)
    shown = "" if n == total else f" (a sample of {total:,} drawn with seed {model.split_key[1]})"
    text = f"Kᵢⱼ for {n:,} molecules{shown}; bright = similar. "
    if n <= MAX_OVERLAY:
        text += "Hover a cell for the pair, click it to compare them below. "
    else:
        text += (
            f"Above {MAX_OVERLAY} molecules the cells carry no names and cannot be clicked "
            f"({n * n:,} labels would make the page crawl): hover shows a cell's row, column "
            "and k; pick a pair with the two boxes below. "
        )
    if n > MAX_OVERLAY or total > HEATMAP_CAP:
        text += (
            f"At most {HEATMAP_CAP:,} molecules are drawn: the kernel matrix grows as N² "
            f"({8 * HEATMAP_CAP**2 / 1e6:.0f} MB at N = {HEATMAP_CAP:,}), too much for a "
            "shared server beyond that. "
        )
    return text + (
        "Ordered by similarity, families of analogues show as bright squares on the diagonal."
    )


def _histogram_caption(K: np.ndarray, choice: KernelChoice) -> str:
    values = K[np.triu_indices(len(K), k=1)]
    text = (
        f"How similar the {len(values):,} pairs are: median k = {np.median(values):.2f}, "
        f"{np.mean(values < 0.05):.0%} below 0.05, {np.mean(values > 0.95):.0%} above 0.95."
    )
    if choice.on_sigma_grid:
        text += (
            " Too small a σ piles everything at 0 (no molecule resembles another); too large "
            "a σ piles it at 1 (all look alike). Both leave the model nothing to work with."
        )
    return text


def _pair(model: Model, rows: np.ndarray, K: np.ndarray, order_rows: np.ndarray, event) -> None:
    """Two select boxes (filled by a click on the heatmap) and the two structures."""
    options = [int(i) for i in order_rows]
    points = event.selection.points if event is not None else []
    if points and points[0].get("curve_number") == 1:  # the cell overlay (trace 1)
        # The cell's column and row in drawn order; its molecules are order_rows[...] (the
        # customdata holds them too, but reaches the server as a {"0": i, "1": j} object).
        row, col = int(points[0]["y"]), int(points[0]["x"])
        click = (int(order_rows[row]), int(order_rows[col]))
        if click != state.get(state.KER_CLICK):  # a new click: copy it into the boxes
            state.put(state.KER_CLICK, click)
            state.put(state.KER_PAIR_A, click[0])
            state.put(state.KER_PAIR_B, click[1])
    closest = most_similar_pair(K)  # a first pair worth looking at
    for key, default in ((state.KER_PAIR_A, closest[0]), (state.KER_PAIR_B, closest[1])):
        if state.get(key) not in options:
            state.put(key, default)
    names = model.names(rows)
    clickable = len(rows) <= MAX_OVERLAY
    st.markdown(
        "**Compare two molecules**" + (" (or click a cell of the heatmap)" if clickable else "")
    )
    c1, c2, c3 = st.columns([2, 2, 1])
    a = c1.selectbox(
        "Molecule A", options, format_func=names.__getitem__, **state.bind(state.KER_PAIR_A)
    )
    b = c2.selectbox(
        "Molecule B", options, format_func=names.__getitem__, **state.bind(state.KER_PAIR_B)
    )
    c3.metric("k(A, B)", f"{K[a, b]:.3f}")
    cards = [card(model, int(rows[i]), value_caption(model, int(rows[i]))) for i in (a, b)]
    c1, _ = st.columns([4, 1])
    c1.html(depict.grid_html(cards, columns=2, testid="ker-pair"))
