"""The molecules kernel ridge regression is fitted on: a capped sample, split, scaled once.

The Kernels page solves an n × n system per fit, so above a cap it draws a
seeded sample of molecules (:func:`prepare_krr`); it then holds out a test
set (the data set's published one when asked) and, for real-valued
features, standardises with the training molecules' mean and SD, which is
what the fitted model sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chemviz.modeldata import ModelInputs
from chemviz.models.evaluation import standardize
from chemviz.splits import sample_indices, train_test_indices


@dataclass(frozen=True, eq=False)
class KRRSetup:
    """The molecules the page models, prepared once per data and split setting.

    Attributes
    ----------
    X : numpy.ndarray, shape (n, d)
        Features of every molecule of ``ModelInputs`` (row i = ``inputs.X[i]``):
        fingerprints as they are, real-valued features standardised with the
        training molecules' mean and SD (what the fitted model sees).
    raw_train : numpy.ndarray, shape (n_train, d), or None
        The training molecules' features before standardising, when ``X``
        was standardised: the CV grid scales them inside each fold, so that
        no held-out molecule shapes the scaling of the model that predicts it.
    train, test : numpy.ndarray of int
        Rows of ``X`` in the training and test sets (within the sample).
    n_sampled : int
        Molecules in the KRR sample (all of them below the cap).
    standardized, published : bool
        Whether ``X`` was standardised; whether the data set's own split is used.
    """

    X: np.ndarray
    train: np.ndarray
    test: np.ndarray
    n_sampled: int
    standardized: bool
    published: bool
    raw_train: np.ndarray | None = None


def prepare_krr(
    inputs: ModelInputs,
    published: np.ndarray | None,
    cap: int,
    seed: int,
    test_fraction: float,
    use_published: bool,
) -> KRRSetup:
    """Sample (above ``cap``), split and, for real-valued features, standardise.

    Parameters
    ----------
    inputs : ModelInputs
    published : ndarray of str, shape (n,), or None
        The data set's own "train"/"test" labels, aligned with the inputs' rows.
    cap, seed : int
        At most ``cap`` molecules, drawn with ``seed`` (which also draws the split).
    test_fraction : float
        Share of the sample held out, when the published split is not used.
    use_published : bool
        Use ``published`` instead of a random split.
    """
    sample = sample_indices(len(inputs), cap, seed)
    labels = published[sample] if use_published else None
    train, test = train_test_indices(len(sample), test_fraction, seed, labels)
    train, test = sample[train], sample[test]
    X = inputs.X
    standardized = inputs.kind == "real"
    raw_train = None
    if standardized:
        raw_train = np.array(X[train], dtype=float)
        raw_train.setflags(write=False)
        X = standardize(X[train], X)[1]
    X.setflags(write=False)
    return KRRSetup(X, train, test, len(sample), standardized, labels is not None, raw_train)
