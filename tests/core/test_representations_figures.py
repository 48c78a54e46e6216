"""Tests that the Representations figures carry exactly the computed numbers."""

from __future__ import annotations

import numpy as np
import pytest
from rdkit import Chem

from chemviz.figures.representations import (
    MISSING_COLOUR,
    agreement_figure,
    autocorrelation_bar_figure,
    coulomb_heatmap_figure,
    feature_variance_figure,
    pca_figure,
    tsne_figure,
)
from chemviz.geometry import embed_conformer
from chemviz.representations import (
    FeatureMatrix,
    PCAResult,
    TSNEResult,
    featurize,
    similarity_agreement,
    summarize,
)
from chemviz.representations.coulomb import coulomb_matrix
from tests.core.helpers import molecule_set

SMILES = ["CCO", "CC(=O)O", "c1ccccc1", "CCN", "OCC(O)CO", "ClC(Cl)Cl", "CC#N", "C1CCCCC1"]


@pytest.fixture(scope="module")
def molecules():
    return molecule_set(SMILES, y=np.arange(len(SMILES)))


def test_variance_figure_draws_sorted_nonzero_variances():
    """Check that trace 0 is the non-zero variances in decreasing order, on a log axis."""
    values = np.array([[0, 1, 5, 2], [0, 3, 1, 2], [0, 2, 9, 2]], dtype=float)
    fm = FeatureMatrix(values, ["a", "b", "c", "<d>"], "real", np.arange(3))
    summary = summarize(fm)
    fig = feature_variance_figure(summary, fm.names)
    expected = np.sort(summary.variance[summary.variance > 0])[::-1]
    np.testing.assert_allclose(fig.data[0].y, expected)
    assert list(fig.data[0].hovertext) == ["c", "b"]
    assert fig.layout.yaxis.type == "log" and "variance" in fig.layout.yaxis.title.text
    assert "2 of 4 features are constant" in fig.layout.title.text


def test_pca_figure_carries_coordinates_target_and_escaped_hover():
    """Check coordinates, colours, customdata and HTML-escaped names in the PCA map."""
    coords = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    result = PCAResult(coords, np.array([0.5, 0.25]), standardized=True)
    target = np.array([1.5, np.nan, -2.0])
    names = ["<script>x</script>", "b", "c"]
    fig = pca_figure(result, target, names, ["CCO", "C", "O"], "logS (log10(mol/L))", [7, 8, 9])
    known, missing = fig.data
    np.testing.assert_array_equal(known.x, [0.0, 4.0])
    np.testing.assert_array_equal(known.y, [1.0, 5.0])
    np.testing.assert_array_equal(known.marker.color, [1.5, -2.0])
    np.testing.assert_array_equal(known.customdata, [7, 9])
    np.testing.assert_array_equal(missing.x, [2.0])
    assert "&lt;script&gt;" in known.hovertext[0] and "<script>" not in known.hovertext[0]
    assert "logS (log10(mol/L)) = 1.5" in known.hovertext[0]
    assert fig.layout.xaxis.title.text == "PC1 (standardised units; 50.0% of variance)"
    assert "25.0% of variance" in fig.layout.yaxis.title.text


def test_a_map_of_molecules_without_a_property_is_one_grey_trace():
    """Check that target None (a SMILES-only upload) draws every molecule, grey, no value shown."""
    coords = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    result = PCAResult(coords, np.array([0.5, 0.25]), standardized=False)
    fig = pca_figure(result, None, ["a", "b", "c"], ["CCO", "C", "O"], "", [4, 5, 6])
    (trace,) = fig.data
    np.testing.assert_array_equal(trace.x, [0.0, 2.0, 4.0])
    np.testing.assert_array_equal(trace.customdata, [4, 5, 6])
    assert trace.marker.color == MISSING_COLOUR
    assert list(trace.hovertext) == ["a<br>CCO", "b<br>C", "c<br>O"]


def test_tsne_figure_uses_the_tsne_coordinates():
    """Check that the t-SNE map plots the t-SNE coordinates with a unit-free axis title."""
    result = TSNEResult(np.array([[1.0, 2.0], [3.0, 4.0]]), 5.0, 2)
    fig = tsne_figure(result, np.array([0.0, 1.0]), ["a", "b"], ["C", "O"], "y")
    np.testing.assert_array_equal(fig.data[0].x, [1.0, 3.0])
    assert "no units" in fig.layout.xaxis.title.text


def test_autocorrelation_bars_are_the_columns_of_each_property(molecules):
    """Check that each property's bars hold its columns in depth order."""
    fm = featurize(molecules, "autocorrelation", depth=3)
    row = fm.values[1]
    fig = autocorrelation_bar_figure(row, fm.names)
    traces = {t.name: t for t in fig.data}
    expected = [row[fm.names.index(f"f-chi-{d}-all")] for d in range(4)]
    np.testing.assert_allclose(traces["f-chi"].y, expected)
    np.testing.assert_array_equal(traces["f-chi"].x, [0, 1, 2, 3])
    expected = [row[fm.names.index(f"absD_f-Z-{d}-all")] for d in (1, 2, 3)]
    np.testing.assert_allclose(traces["absD_f-Z"].y, expected)
    assert "absD_f-I" not in traces and len(fig.data) == 9
    assert fig.layout.xaxis.title.text == "d (bonds)"
    assert "Å²" in fig.layout.yaxis5.title.text  # S panel, products: Å × Å


def test_coulomb_heatmap_is_the_matrix():
    """Check that the heatmap's z is the Coulomb matrix and atoms are labelled."""
    mol3d = embed_conformer(Chem.MolFromSmiles("O"))
    matrix = coulomb_matrix(mol3d)
    fig = coulomb_heatmap_figure(matrix, [a.GetSymbol() for a in mol3d.GetAtoms()])
    np.testing.assert_array_equal(fig.data[0].z, matrix)
    assert list(fig.data[0].x) == ["O1", "H2", "H3"]
    assert "e²/Å" in fig.data[0].colorbar.title.text


def test_agreement_figure_plots_the_distance_pairs(molecules):
    """Check that the scatter is distances in A versus B and the title states ρ and sampling."""
    a = featurize(molecules, "maccs")
    b = featurize(molecules, "autocorrelation")
    result = similarity_agreement(a, b, sample=8)
    fig = agreement_figure(result, "MACCS keys", "Autocorrelations")
    np.testing.assert_array_equal(fig.data[0].x, result.distances_a)
    np.testing.assert_array_equal(fig.data[0].y, result.distances_b)
    assert f"Spearman ρ = {result.spearman:.2f}" in fig.layout.title.text
    assert "8 of 8 molecules sampled, 28 pairs" in fig.layout.title.text
    assert fig.layout.xaxis.title.text.startswith("MACCS keys: Tanimoto distance")
    assert "standardised units" in fig.layout.yaxis.title.text
