"""Representations: turning molecules into the feature matrix X every model learns from.

Use :func:`featurize` with a name from :data:`REPRESENTATIONS`::

    fm = featurize(molecules, "morgan", radius=2, n_bits=2048)
    X, y = fm.values, molecules.target("logS")[fm.rows]

Modules: :mod:`~.fingerprints` (Morgan, RDKit path, MACCS, atom pairs,
torsions), :mod:`~.descriptors`, :mod:`~.autocorrelation`, :mod:`~.coulomb`,
:mod:`~.registry` (the table and :func:`featurize`), :mod:`~.summary`,
:mod:`~.space` (PCA/t-SNE maps), :mod:`~.agreement` (how far two
representations agree on similarity) and
:mod:`~.explain` (which atoms set a bit).
"""

from chemviz.representations.agreement import AgreementResult, similarity_agreement
from chemviz.representations.base import FeatureMatrix, Rejection
from chemviz.representations.explain import bit_atoms, maccs_atoms
from chemviz.representations.params import Param, Representation
from chemviz.representations.registry import REPRESENTATIONS, featurize, get_representation
from chemviz.representations.space import PCAResult, TSNEResult, pca_map, tsne_map
from chemviz.representations.summary import FeatureSummary, summarize

__all__ = [
    "REPRESENTATIONS",
    "AgreementResult",
    "FeatureMatrix",
    "FeatureSummary",
    "PCAResult",
    "Param",
    "Rejection",
    "Representation",
    "TSNEResult",
    "bit_atoms",
    "featurize",
    "get_representation",
    "maccs_atoms",
    "pca_map",
    "similarity_agreement",
    "summarize",
    "tsne_map",
]
