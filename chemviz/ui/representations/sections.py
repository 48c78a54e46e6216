"""Representations page pieces: parameter widgets from the registry, one molecule's views."""

from __future__ import annotations

import numpy as np
import streamlit as st

from chemviz import depict
from chemviz.figures.representations import (
    agreement_figure,
    coulomb_heatmap_figure,
    feature_variance_figure,
    tsne_figure,
)
from chemviz.representations import REPRESENTATIONS, FeatureMatrix, column_atoms
from chemviz.ui import cached, state, widgets
from chemviz.ui.inputs import CurrentInputs, current_params, features
from chemviz.ui.representations import cached as rep_cache
from chemviz.ui.section import section


def parameter_widgets(rep: str) -> None:
    """One widget per parameter of ``rep``, built from the registry (keys ``rep_<rep>_<p>``)."""
    params = REPRESENTATIONS[rep].params
    if not params:
        st.caption("This representation has no parameters.")
        return
    current = dict(current_params(rep))  # repairs values an edited URL made invalid
    columns = st.columns(min(len(params), 3))
    for i, p in enumerate(params):
        key = state.rep_param_key(rep, p.name)
        if state.get(key) != current[p.name]:
            state.put(key, current[p.name])
        widgets.param_input(p, key, columns[i % len(columns)])


@section
def one_molecule(data: CurrentInputs, fm: FeatureMatrix) -> None:
    """A molecule picker and that molecule's views; a new molecule reruns this section alone."""
    rows = [int(i) for i in fm.rows[:2000]]
    index = st.selectbox(
        "Molecule",
        rows,
        format_func=lambda i: data.molecules.names[i],
        **state.bind(state.REP_MOLECULE, rows),
    )
    if index is not None:
        molecule_views(data, fm, index)


def molecule_views(data: CurrentInputs, fm: FeatureMatrix, index: int) -> None:
    """Bits or keys, autocorrelations and the Coulomb matrix of one molecule, in tabs."""
    tab_bits, tab_ac, tab_cm = st.tabs(
        ["Which atoms set a bit", "Autocorrelations", "Coulomb matrix"]
    )
    tabs = [
        (tab_bits, lambda: _bits_tab(data, fm, index)),
        (tab_ac, lambda: _autocorrelation_tab(data.molecules, index)),
        (tab_cm, lambda: _coulomb_tab(data.molecules, index)),
    ]
    for tab, draw in tabs:
        with tab:
            try:
                draw()
            except ValueError as exc:  # one tab's message; the others still draw
                widgets.show_error(exc)


def _bits_tab(data: CurrentInputs, fm: FeatureMatrix, index: int) -> None:
    """A bit (or MACCS key) the molecule sets, and the atoms that set it, highlighted."""
    molecules, rep = data.molecules, fm.representation
    if not REPRESENTATIONS[rep].sets_a_column:
        st.caption(
            "Choose a fingerprint (Morgan, RDKit path, atom pairs, torsions) or MACCS keys "
            "in the sidebar to see which atoms set each bit."
        )
        return
    position = np.searchsorted(fm.rows, index)
    found = position < len(fm.rows) and fm.rows[position] == index
    on = np.flatnonzero(fm.values[position]) if found else []
    if len(on) == 0:
        st.caption("No bit is set for this molecule.")
        return
    bits = [int(b) for b in on]
    bit = st.selectbox(
        "Bit / key", bits, format_func=lambda b: fm.names[b], **state.bind(state.REP_BIT, bits)
    )
    envs = column_atoms(molecules.mols[index], rep, int(bit), **dict(data.params))
    atoms = tuple(sorted({a for env in envs for a in env}))
    svg = cached.svg(molecules.smiles[index], atoms, (360, 280), trusted=molecules.trusted)
    item = depict.GridItem(svg, molecules.names[index], fm.names[bit])
    st.html(depict.grid_html([item], 1, "bit-depiction"))
    st.caption(f"{len(envs)} occurrence(s) highlighted in orange.")


def _autocorrelation_tab(molecules, index: int) -> None:
    """The molecule's autocorrelations at the depth set for that representation."""
    depth = dict(current_params("autocorrelation"))["depth"]
    # ValueError: e.g. an element with no Pauling electronegativity.
    figure = rep_cache.autocorrelation_figure(molecules.smiles[index], depth)
    st.plotly_chart(figure, key="rep_ac_bar")
    st.caption(
        "Each bar sums a property product (f-, Janet & Kulik's full-scope RACs) or "
        "absolute difference (absD_f-, chemviz's own; the signed full-scope sum "
        "vanishes) over all atom pairs d bonds apart, hydrogens included. Depth is set "
        "with the autocorrelation parameters."
    )


def _coulomb_tab(molecules, index: int) -> None:
    """The Coulomb matrix of the molecule's conformer beside that conformer in 3D."""
    matrix, symbols = rep_cache.coulomb(molecules, molecules.content_hash, index)
    left, right = st.columns([3, 2])
    left.plotly_chart(
        cached.figure(
            ("coulomb", molecules.content_hash, index),
            lambda: coulomb_heatmap_figure(matrix, symbols),
        ),
        key="rep_cm_heatmap",
    )
    viewer = cached.viewer(
        molecules, molecules.content_hash, index, "ball and stick", widgets.threedmol_url()
    )
    right.iframe(viewer, height=360)
    st.caption(
        "Diagonal 0.5·Z^2.4: a fit to the energies of free atoms (in hartree), not an "
        "energy of this molecule; off-diagonal Z_I Z_J / r_IJ with r in Å (as dscribe and "
        "qmllib use), so the two parts have different units."
    )


def preview_frame(data: CurrentInputs, fm: FeatureMatrix):
    """The first 50 molecules × 20 features, for a glance at the numbers."""
    return fm.to_frame(data.molecules, rows=50, columns=20)


def csv_bytes(data: CurrentInputs, fm: FeatureMatrix):
    """A callable for ``st.download_button``: the CSV is built only when clicked."""
    return lambda: fm.to_frame(data.molecules).to_csv(index=False).encode()


def tsne_section(data: CurrentInputs, fm: FeatureMatrix, key: tuple, y, names, smiles) -> None:
    """t-SNE behind a button: it takes seconds, so it runs only when asked.

    The seed is drawn here, outside the map's section: it also draws the
    comparison's sample further down, so a new seed reruns the whole page.
    """
    seed = st.number_input(
        "Seed (of the t-SNE map and of the samples below)",
        0,
        10_000,
        **state.bind(state.REP_SEED),
    )
    _tsne_map(data, fm, key, y, names, smiles, int(seed))


@section
def _tsne_map(data: CurrentInputs, fm: FeatureMatrix, key: tuple, y, names, smiles, seed):
    """The perplexity, the button and the map (a section: they rerun alone)."""
    perplexity = st.slider("Perplexity", 5, 50, **state.bind(state.REP_TSNE_PERPLEXITY))
    wanted = (key, perplexity, seed)
    if st.button("Compute t-SNE", key="rep_tsne_go"):
        state.put(state.REP_TSNE_SHOWN, wanted)
    if state.get(state.REP_TSNE_SHOWN) != wanted:
        # Keep the map on screen across reruns, until a setting it depends on changes.
        return
    try:
        with st.spinner("Running t-SNE…"):
            tsne, positions = rep_cache.tsne(fm, key, float(perplexity), int(seed))
    except ValueError as exc:  # too few molecules for this perplexity
        widgets.show_error(exc)
        return
    if len(positions) < len(fm.rows):
        st.caption(
            f"A reproducible sample of {len(positions):,} of {len(fm.rows):,} molecules "
            f"(seed {seed}): t-SNE on more is slow."
        )
    pick = [int(p) for p in positions]
    figure = tsne_figure(
        tsne,
        None if y is None else y[positions],
        [names[p] for p in pick],
        [smiles[p] for p in pick],
        data.target_label,
        fm.rows[positions],
    )
    st.plotly_chart(figure, key="rep_tsne")


@section
def comparison_section(data: CurrentInputs, fm: FeatureMatrix, key: tuple) -> None:
    """How far the current and a second representation agree on pairwise similarity.

    A section: another representation to compare reruns it alone. (Its sample's seed is
    the t-SNE seed, whose change reruns the page, and so this section too.)
    """
    rep = fm.representation
    others = [r for r in REPRESENTATIONS if r != rep]
    if state.get(state.REP_COMPARE) not in others:
        state.put(state.REP_COMPARE, others[0])
    other = st.selectbox(
        "Compare with",
        others,
        format_func=lambda r: REPRESENTATIONS[r].label,
        **state.bind(state.REP_COMPARE),
    )
    data_other = data.with_representation(other)
    try:
        fm_other = features(data_other)
        other_key = (key, data_other.features_key)
        result = rep_cache.agreement(fm, fm_other, other_key, 300, int(state.get(state.REP_SEED)))
    except ValueError as exc:
        widgets.show_error(exc)
        return
    labels = (REPRESENTATIONS[rep].label, REPRESENTATIONS[other].label)
    st.plotly_chart(
        cached.figure(
            ("agreement", other_key, state.get(state.REP_SEED)),
            lambda: agreement_figure(result, *labels),
        ),
        key="rep_agreement",
    )
    st.caption(
        f"Pairwise distances of {result.n_sampled} sampled molecules (of {result.n_total:,}). "
        f"Spearman ρ = {result.spearman:.2f}; on average {result.knn_overlap:.0%} of a molecule's "
        f"{result.k} nearest neighbours are the same in both. Low numbers: the two "
        "representations disagree about which molecules are similar."
    )


def feature_summary(data: CurrentInputs, fm: FeatureMatrix, summary) -> None:
    """What the feature matrix holds: its variances (the chart), counts, a preview, a download.

    The chart comes first, its numbers beside it, so it is on a laptop's first screen.
    """
    for note in fm.notes:
        st.info(note)
    if fm.rejected:
        with st.expander(f"{len(fm.rejected)} molecules this representation could not handle"):
            st.dataframe([r._asdict() for r in fm.rejected], hide_index=True)

    # The chart first, its numbers beside it: on a laptop's first screen.
    left, right = st.columns([3, 2])
    left.plotly_chart(
        cached.figure(
            ("variance", data.features_key), lambda: feature_variance_figure(summary, fm.names)
        ),
        key="rep_variance",
    )
    left.caption("Features that never vary carry no information; hashed fingerprints have many.")
    with right:
        c = st.columns(2)
        c[0].metric("Molecules × features", f"{summary.n_molecules:,} × {summary.n_features:,}")
        c[1].metric("Zeros (sparsity)", f"{summary.sparsity:.0%}")
        c[0].metric("Constant features", f"{summary.n_constant:,}")
        c[1].metric("Molecules rejected", f"{len(fm.rejected):,}")
        if summary.n_never_on is not None:
            st.caption(
                f"Of {summary.n_features:,} bits or counts, **{summary.n_never_on:,} are never "
                f"on** (no molecule here sets them) and **{summary.n_always_on:,} are always on** "
                "(every molecule sets them): both kinds are constant and tell molecules nothing."
            )
        st.dataframe(preview_frame(data, fm), height=330, key="rep_preview")
        st.download_button(
            "Download the feature matrix (CSV)",
            csv_bytes(data, fm),
            f"{data.dataset}_{data.rep}.csv",
            "text/csv",
            key="rep_download",
        )
