"""Cached results of the Representations page: maps, agreement, one molecule's views."""

from __future__ import annotations

import numpy as np

from chemviz import geometry
from chemviz.figures.representations import autocorrelation_bar_figure
from chemviz.representations import (
    AgreementResult,
    FeatureMatrix,
    PCAResult,
    TSNEResult,
    pca_map,
    similarity_agreement,
    summarize,
    tsne_map,
)
from chemviz.representations.autocorrelation import autocorrelation_vector, column_names
from chemviz.representations.coulomb import coulomb_matrix
from chemviz.splits import sample_indices
from chemviz.ui.cache import shared
from chemviz.ui.cached import runner

# t-SNE costs O(n log n) per iteration with a large constant: a sample keeps
# the button responsive on AqSolDB (the page says when it samples).
TSNE_CAP = 2000


@shared("small")  # variances of up to 9,980 × 2,048 features: in the slot
def summary(_fm: FeatureMatrix, key: tuple):
    """Feature-matrix summary (shape, sparsity, variances)."""
    return summarize(_fm)


@shared("small", spinner="Projecting onto the first two principal components…")
def pca(_fm: FeatureMatrix, key: tuple) -> PCAResult:
    """PCA map; real-valued features are standardised first (bits are not)."""
    return pca_map(_fm.values, standardize=_fm.kind == "real")


@shared("small")
def tsne(
    _fm: FeatureMatrix, key: tuple, perplexity: float, seed: int
) -> tuple[TSNEResult, np.ndarray]:
    """t-SNE map of at most TSNE_CAP molecules; returns the map and the sampled row positions."""
    positions = sample_indices(len(_fm.rows), TSNE_CAP, seed)
    result = tsne_map(
        _fm.values[positions], seed=seed, perplexity=perplexity, standardize=_fm.kind == "real"
    )
    return result, positions


@shared("models", spinner="Comparing the two representations…")  # ~0.7 MB of distances
def agreement(
    _a: FeatureMatrix, _b: FeatureMatrix, key: tuple, sample: int, seed: int
) -> AgreementResult:
    """Rank agreement of pairwise distances on a reproducible sample."""
    return similarity_agreement(_a, _b, sample=sample, seed=seed)


@shared("small", heavy_work=False)
def autocorrelations(smiles: str, depth: int) -> np.ndarray:
    """One molecule's autocorrelation vector."""
    from rdkit import Chem

    return autocorrelation_vector(Chem.MolFromSmiles(smiles), depth)


@shared("figures", heavy_work=False)
def autocorrelation_figure(smiles: str, depth: int):
    """The bar chart of one molecule's autocorrelations, built once and shared (read-only).

    Ten panels of axes take plotly tens of milliseconds to build, a third of
    a rerun's budget; st.plotly_chart only reads the figure.
    """
    values = autocorrelations(smiles, depth)
    return autocorrelation_bar_figure(values, column_names(depth))


# Up to 4 MB for a 700-atom molecule: in the byte-budgeted cache, not 64 entries of it.
@shared("small", heavy_work=False, spinner="Getting a 3D conformer…")
def coulomb(_molecules, content_hash: str, index: int) -> tuple[np.ndarray, list[str]]:
    """One molecule's Coulomb matrix (Å, atomic units of charge) and its atom symbols."""
    mol3d = geometry.conformer_for(_molecules, index, runner=runner(_molecules))
    return coulomb_matrix(mol3d), [a.GetSymbol() for a in mol3d.GetAtoms()]
