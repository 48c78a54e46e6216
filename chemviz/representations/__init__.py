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

Notes
-----
The names are imported on first use (PEP 562), not when the package is: a
worker process that computes an upload's descriptors needs
:mod:`~.descriptors` alone, not scikit-learn and pandas for the maps.
"""

import importlib

_EXPORTS = {
    "AgreementResult": "agreement",
    "similarity_agreement": "agreement",
    "FeatureMatrix": "base",
    "Rejection": "base",
    "bit_atoms": "explain",
    "column_atoms": "explain",
    "maccs_atoms": "explain",
    "Param": "params",
    "Representation": "params",
    "REPRESENTATIONS": "registry",
    "featurize": "registry",
    "get_representation": "registry",
    "PCAResult": "space",
    "TSNEResult": "space",
    "pca_map": "space",
    "tsne_map": "space",
    "FeatureSummary": "summary",
    "summarize": "summary",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f"chemviz.representations.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
