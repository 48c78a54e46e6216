"""A kernel ridge model on the network's own split: the fair comparison of the lesson.

A network's errors mean little alone. The workshop's kernel model is quick to
train, easy to understand and good with little data, so we fit it on the same
training molecules and score it on the same validation and test molecules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from chemviz.kernels import kernel_matrix, median_heuristic_sigma, sample_indices
from chemviz.models import krr_cv_grid, krr_fit, regression_metrics
from chemviz.splits import Split

# Kernel ridge needs an n × n kernel and one factorisation (∝ n³) per CV
# fold: 2,000 training molecules take 32 MB and a few seconds; 7,000 would take
# 390 MB and minutes. Larger training sets are sampled down to this many.
KRR_MAX_TRAIN = 2000
# λ candidates for the cross-validation on the training set (one factorisation
# per fold serves all of them).
KRR_LAMBDAS = (1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0)
KRR_FOLDS = 3
# Rows of the kernel between new and training molecules built at a time, so a
# 7,000 × 2,000 block never exists at once.
_BLOCK = 1000


@dataclass(frozen=True)
class KRRBaseline:
    """Kernel ridge predictions for every molecule of a split.

    Attributes
    ----------
    kernel : str
        ``"tanimoto"`` for fingerprints, ``"gaussian"`` for real-valued features.
    sigma : float or None
        Gaussian width σ (median distance of the standardised training
        features); None for Tanimoto.
    lam : float
        λ with the lowest cross-validated RMSE on the training set.
    n_fit : int
        Training molecules the model was fitted on (at most :data:`KRR_MAX_TRAIN`).
    n_train : int
        Training molecules in the split.
    predictions : ndarray of shape (n,)
        ŷ for every molecule, in the target's units (training, validation and test).
    """

    kernel: str
    sigma: float | None
    lam: float
    n_fit: int
    n_train: int
    predictions: np.ndarray


def krr_baseline(
    X: np.ndarray, y: np.ndarray, split: Split, kind: str, seed: int = 0
) -> KRRBaseline:
    """Fit kernel ridge regression on a split's training set and predict every molecule.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Features of all molecules.
    y : ndarray of shape (n,)
        Target, finite.
    split : Split
        Training, validation and test rows, as used for the network.
    kind : {"binary", "count", "real"}
        The representation's kind (``FeatureMatrix.kind``): fingerprints get
        the Tanimoto kernel, real features the Gaussian kernel.
    seed : int
        Seeds the sample of training molecules (when capped) and the CV folds.

    Returns
    -------
    KRRBaseline

    Notes
    -----
    Real features are standardised with the training set's means and standard
    deviations (constant columns are left unscaled), and σ starts from the median
    heuristic; λ is chosen by 3-fold cross-validation on the training set. The
    target is centred on the training mean, since kernel ridge has no intercept.
    The validation and test sets take no part in the fit, exactly as for the network.
    Linear algebra runs on one BLAS thread: on a busy 2-core server OpenBLAS's
    spinning threads made one 1,600 × 1,600 eigendecomposition 9× slower (30 s
    against 3.4 s), and the page's other work needs the second core anyway.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        return _krr_baseline(X, y, split, kind, seed)


def _krr_baseline(X, y, split: Split, kind: str, seed: int) -> KRRBaseline:
    X = np.asarray(X)
    y = np.asarray(y, dtype=float)
    fit_rows = split.train[sample_indices(len(split.train), KRR_MAX_TRAIN, seed)]
    if kind == "real":
        X = X.astype(float)
        mean = X[split.train].mean(axis=0)
        sd = X[split.train].std(axis=0)
        X = (X - mean) / np.where(sd > 0, sd, 1.0)
        kernel, params = "gaussian", {"sigma": median_heuristic_sigma(X[fit_rows], seed=seed)}
    else:
        kernel, params = "tanimoto", {}
    offset = y[split.train].mean()
    X_fit, y_fit = X[fit_rows], y[fit_rows] - offset
    grid = krr_cv_grid(
        X_fit, y_fit, kernel, [params], KRR_LAMBDAS, folds=min(KRR_FOLDS, len(fit_rows)), seed=seed
    )
    lam = float(grid.lambdas[grid.best[1]])
    weights = krr_fit(kernel_matrix(X_fit, kind=kernel, **params), y_fit, lam)
    predictions = np.empty(len(X))
    for start in range(0, len(X), _BLOCK):
        block = slice(start, start + _BLOCK)
        predictions[block] = kernel_matrix(X[block], X_fit, kind=kernel, **params) @ weights
    return KRRBaseline(
        kernel=kernel,
        sigma=params.get("sigma"),
        lam=lam,
        n_fit=len(fit_rows),
        n_train=len(split.train),
        predictions=predictions + offset,
    )


def comparison_table(y: np.ndarray, split: Split, predictions: dict[str, np.ndarray]):
    """Errors of several models on the same split, one row per model.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Target of every molecule.
    split : Split
    predictions : dict of str to ndarray of shape (n,)
        Model name → ŷ for every molecule.

    Returns
    -------
    pandas.DataFrame
        Columns ``train RMSE``, ``validation RMSE``, ``test RMSE``, ``test MAE``
        (target units) and ``test R²``, indexed by model name.
    """
    import pandas as pd

    rows = {}
    for name, y_hat in predictions.items():
        test = regression_metrics(y[split.test], y_hat[split.test])
        rows[name] = {
            "train RMSE": regression_metrics(y[split.train], y_hat[split.train])["rmse"],
            "validation RMSE": regression_metrics(y[split.val], y_hat[split.val])["rmse"],
            "test RMSE": test["rmse"],
            "test MAE": test["mae"],
            "test R²": test["r2"],
        }
    return pd.DataFrame.from_dict(rows, orient="index")
