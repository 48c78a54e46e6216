"""Figures for the Representations page: variance, chemical-space maps, autocorrelations,
Coulomb matrices and the agreement between two representations.

Every function takes a result from :mod:`chemviz.representations` and draws
it; none computes anything beyond sorting and labelling.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from chemviz.figures.style import legible
from chemviz.representations.agreement import AgreementResult
from chemviz.representations.autocorrelation import DIFFERENCE_PROPERTIES, PROPERTIES
from chemviz.representations.space import PCAResult, TSNEResult
from chemviz.representations.summary import FeatureSummary

MISSING_COLOUR = "#BBBBBB"
POINT_COLOUR = "#4C78A8"
# Units of each autocorrelation property, for the axis titles.
PROPERTY_UNITS = {
    "chi": ("χ, Pauling units", "χ Pauling electronegativity"),
    "Z": ("e", "Z nuclear charge"),
    "T": ("neighbours", "T bonded neighbours"),
    "I": ("1", "I identity"),
    "S": ("Å", "S covalent radius"),
}


@legible
def feature_variance_figure(summary: FeatureSummary, names) -> go.Figure:
    """Per-feature variance, sorted from the most to the least variable feature.

    Parameters
    ----------
    summary : FeatureSummary
        From :func:`chemviz.representations.summarize`.
    names : sequence of str
        Feature names (``FeatureMatrix.names``), in column order.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0: ``y`` is the non-zero variances in decreasing order on a log
        axis, ``x`` their rank, hover shows the feature name. Constant
        features (variance 0) cannot be drawn on a log axis; the title counts
        them.
    """
    order = np.argsort(-summary.variance, kind="stable")
    order = order[summary.variance[order] > 0]
    hover = [html.escape(str(names[j])) for j in order]
    fig = go.Figure(
        go.Scatter(
            x=np.arange(1, len(order) + 1),
            y=summary.variance[order],
            mode="lines+markers",
            marker=dict(size=4, color=POINT_COLOUR),
            hovertext=hover,
            hovertemplate="%{hovertext}<br>variance = %{y:.3g}<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"{summary.n_constant} of {summary.n_features} features are constant (not shown)",
        xaxis_title="feature rank (most variable first)",
        yaxis=dict(title="variance (squared feature units, log scale)", type="log"),
        margin=dict(t=50, b=40, l=60, r=20),
        height=320,
    )
    return fig


def _map_figure(coords, target, names, smiles, target_label, axis_titles, rows) -> go.Figure:
    """A 2D scatter of molecules coloured by the target (the body of the map figures).

    ``target`` None (a set with no numeric property): one trace, uncoloured.
    """
    coords = np.asarray(coords)
    has_target = target is not None
    target = np.asarray(target, dtype=float) if has_target else np.full(len(coords), np.nan)
    index = np.arange(len(coords)) if rows is None else np.asarray(rows)
    safe_label = html.escape(target_label)
    # Names and SMILES may come from an upload: escape them, hover text is HTML.
    values = [
        f"<br>{safe_label} = " + (f"{v:.3g}" if np.isfinite(v) else "missing") if has_target else ""
        for v in target
    ]
    hover = np.array(
        [
            f"{html.escape(str(n))}<br>{html.escape(str(s))}{v}"
            for n, s, v in zip(names, smiles, values, strict=True)
        ],
        dtype=object,
    )
    known = np.isfinite(target)
    coloured = dict(
        color=target[known],
        colorscale="Viridis",
        colorbar=dict(title=dict(text=safe_label, side="right")),
    )
    traces = [
        go.Scattergl(
            x=coords[mask, 0],
            y=coords[mask, 1],
            mode="markers",
            name=name,
            marker=dict(size=6, opacity=0.8, **style),
            customdata=index[mask],
            hovertext=hover[mask],
            hoverinfo="text",
        )
        for mask, name, style in (
            (known, safe_label, coloured),
            (~known, "no value" if has_target else "molecules", dict(color=MISSING_COLOUR)),
        )
        if mask.any()
    ]
    fig = go.Figure(traces)
    fig.update_layout(
        xaxis_title=axis_titles[0],
        yaxis_title=axis_titles[1],
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        margin=dict(t=40, b=40, l=60, r=20),
        height=480,
    )
    return fig


@legible
def pca_figure(
    pca_result: PCAResult, target, names, smiles, target_label: str, rows=None
) -> go.Figure:
    """The PCA chemical-space map coloured by the target.

    Parameters
    ----------
    pca_result : PCAResult
        From :func:`chemviz.representations.pca_map` (2 components).
    target : numpy.ndarray, shape (n,), or None
        Target of each row, aligned with the map: ``y[fm.rows]``. NaN values
        are drawn grey in a second trace; None (a set with no numeric
        property) draws every molecule grey, in one trace.
    names, smiles : sequence of str, length n
        Display name and SMILES of each row (escaped for the hover text).
    target_label : str
        Target name with unit, e.g. ``"logS (log10(mol/L))"``.
    rows : numpy.ndarray of int, optional
        Molecule index of each row (``fm.rows``), carried as ``customdata``
        so a click can select the molecule.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0 holds the molecules with a target value (``x``, ``y`` =
        ``coords[:, 0]``, ``coords[:, 1]``, colour = target); trace 1, if
        any, those without.
    """
    ratio = pca_result.explained_variance_ratio
    unit = "standardised units" if pca_result.standardized else "feature units"
    titles = [f"PC{k + 1} ({unit}; {ratio[k]:.1%} of variance)" for k in range(2)]
    return _map_figure(pca_result.coords, target, names, smiles, target_label, titles, rows)


@legible
def tsne_figure(
    tsne_result: TSNEResult, target, names, smiles, target_label: str, rows=None
) -> go.Figure:
    """The t-SNE map coloured by the target; arguments as in :func:`pca_figure`."""
    titles = ["t-SNE 1 (no units: only neighbourhoods matter)", "t-SNE 2"]
    return _map_figure(tsne_result.coords, target, names, smiles, target_label, titles, rows)


@legible
def autocorrelation_bar_figure(values_row, names) -> go.Figure:
    """One molecule's autocorrelations: one panel per property, products above, differences below.

    Parameters
    ----------
    values_row : numpy.ndarray, shape (n_features,)
        One row of an autocorrelation ``FeatureMatrix``.
    names : sequence of str
        Its column names (``"f-chi-0-all"``, ``"absD_f-Z-2-all"``, ...).

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per property and form, named ``"f-chi"``,
        ``"absD_f-chi"``, …; ``x`` is the depth d and ``y`` the values of those
        columns in depth order. Properties have different units, so each
        gets its own panel.
    """
    column = {name: k for k, name in enumerate(names)}
    n_cols = len(PROPERTIES)
    traces, layout = [], {}
    # One explicit 2 × 5 grid of axes: make_subplots plus an update call per
    # panel took 170 ms, more than the whole rerun may, to build the same thing.
    for c, prop in enumerate(PROPERTIES):
        unit = PROPERTY_UNITS[prop][0]
        squared = f"{unit}²" if unit != "1" else "pairs"
        # Room on the left of each panel for its tick labels and y title.
        x_domain = [c / n_cols + 0.075, (c + 1) / n_cols - 0.01]
        for r, prefix in enumerate(("f", "absD_f")):
            axis = 1 + c + r * n_cols  # row-major, as make_subplots numbers them
            if prefix == "absD_f" and prop not in DIFFERENCE_PROPERTIES:
                continue
            keys = sorted(
                (int(n.split("-")[-2]), k)
                for n, k in column.items()
                if n.startswith(f"{prefix}-{prop}-")
            )
            traces.append(
                go.Bar(
                    x=[d for d, _ in keys],
                    y=[values_row[k] for _, k in keys],
                    name=f"{prefix}-{prop}",
                    marker_color=POINT_COLOUR if r == 0 else "#F58518",
                    showlegend=False,
                    xaxis=f"x{axis}",
                    yaxis=f"y{axis}",
                )
            )
            suffix = "" if axis == 1 else str(axis)
            layout[f"xaxis{suffix}"] = dict(
                domain=x_domain, anchor=f"y{axis}", title=dict(text="d (bonds)")
            )
            layout[f"yaxis{suffix}"] = dict(
                domain=[0.58, 1.0] if r == 0 else [0.0, 0.42],
                anchor=f"x{axis}",
                title=dict(
                    text=f"ΣPᵢPⱼ ({squared})" if r == 0 else f"Σ|Pᵢ−Pⱼ| ({unit})",
                    font=dict(size=11),
                    standoff=4,
                ),
            )
    titles = [
        dict(text=PROPERTY_UNITS[prop][1], x=(c + 0.54) / n_cols, y=1.0, xref="paper",
             yref="paper", xanchor="center", yanchor="bottom", showarrow=False)
        for c, prop in enumerate(PROPERTIES)
    ]  # fmt: skip
    return go.Figure(
        traces,
        layout=dict(
            height=480,
            margin=dict(t=50, b=40, l=60, r=20),
            bargap=0.2,
            annotations=titles,
            **layout,
        ),
    )


@legible
def coulomb_heatmap_figure(matrix, atom_symbols) -> go.Figure:
    """One molecule's Coulomb matrix as a heatmap, atoms labelled by element and number.

    Parameters
    ----------
    matrix : numpy.ndarray, shape (n_atoms, n_atoms)
        From :func:`chemviz.representations.coulomb.coulomb_matrix`.
    atom_symbols : sequence of str, length n_atoms
        Element of each atom, in the same order.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0 is the heatmap with ``z`` exactly ``matrix``.
    """
    labels = [f"{s}{k + 1}" for k, s in enumerate(atom_symbols)]
    fig = go.Figure(
        go.Heatmap(
            z=np.asarray(matrix),
            x=labels,
            y=labels,
            colorscale="Viridis",
            colorbar=dict(title=dict(text="M_IJ (e²/Å)", side="right")),
            hovertemplate="%{y} – %{x}<br>M = %{z:.3g}<extra></extra>",
        )
    )
    fig.update_layout(
        title="diagonal 0.5 Z^2.4; off-diagonal Z_I Z_J / r_IJ",
        xaxis=dict(title="atom J", constrain="domain"),
        yaxis=dict(title="atom I", autorange="reversed", scaleanchor="x"),
        margin=dict(t=50, b=40, l=60, r=20),
        height=480,
    )
    return fig


def _distance_title(label: str, metric: str) -> str:
    """Axis title for a distance: representation, metric and its scale."""
    unit = "0 identical, 1 nothing shared" if "Tanimoto" in metric else "standardised units"
    return f"{html.escape(label)}: {metric} ({unit})"


@legible
def agreement_figure(result: AgreementResult, label_a: str, label_b: str) -> go.Figure:
    """Distances of the same pairs of molecules in two representations, one point per pair.

    Parameters
    ----------
    result : AgreementResult
        From :func:`chemviz.representations.similarity_agreement`.
    label_a, label_b : str
        Representation labels for the axes.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0: ``x`` = ``result.distances_a``, ``y`` = ``result.distances_b``.
        The title gives Spearman's ρ, the k-NN overlap and the sampling.
    """
    fig = go.Figure(
        go.Scattergl(
            x=result.distances_a,
            y=result.distances_b,
            mode="markers",
            marker=dict(size=3, opacity=0.25, color=POINT_COLOUR),
            hoverinfo="skip",
        )
    )
    n_pairs = len(result.distances_a)
    fig.update_layout(
        title=(
            f"Spearman ρ = {result.spearman:.2f}; {result.k}-nearest-neighbour overlap = "
            f"{result.knn_overlap:.0%}<br><sup>{result.n_sampled} of {result.n_total} molecules "
            f"sampled, {n_pairs:,} pairs</sup>"
        ),
        xaxis_title=_distance_title(label_a, result.metric_a),
        yaxis_title=_distance_title(label_b, result.metric_b),
        margin=dict(t=70, b=50, l=70, r=20),
        height=480,
    )
    return fig
