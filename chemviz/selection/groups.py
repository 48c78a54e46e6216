"""Groups of correlated features on a path: do they enter together?

Give the LASSO two nearly identical features and it picks one: the other
stays at zero for a long stretch of the path, perhaps to the end. Add an ℓ2
share (elastic net, r < 1) and the penalty prefers to split the weight, so
the partners enter at nearly the same λ. :func:`correlated_partners` puts
the numbers side by side for the first features to enter a computed path.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chemviz.selection.path import PathResult

# |r| at or above which two features count as strongly correlated partners:
# 0.8 means one explains 64 % of the other's variance.
CORRELATION_THRESHOLD = 0.8
MAX_PARTNERS = 5  # per feature, strongest first; a table row per partner
# Partners whose entry λ differ by less than this factor "enter together":
# 2 is about 10 steps of a 100-λ grid over three decades.
TOGETHER_FACTOR = 2.0


def correlation_matrix(X: np.ndarray) -> np.ndarray:
    """Pearson correlation between the columns of X.

    Parameters
    ----------
    X : ndarray, shape (n_molecules, p)
        No constant column (:func:`~chemviz.selection.drop_uninformative`
        removes them).

    Returns
    -------
    ndarray, shape (p, p)
        r_jk = z_jᵀz_k / n for the standardised columns z; 1 on the diagonal.
    """
    X = np.asarray(X, dtype=float)
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    r = z.T @ z / len(z)
    np.fill_diagonal(r, 1.0)
    return np.clip(r, -1.0, 1.0)


def entry_indices(coefs: np.ndarray) -> np.ndarray:
    """Index of the first λ (descending grid) at which each feature is non-zero; −1 if never.

    Parameters
    ----------
    coefs : ndarray, shape (n_features, n_lambdas)

    Returns
    -------
    ndarray of int, shape (n_features,)
    """
    nonzero = np.asarray(coefs) != 0
    return np.where(nonzero.any(axis=1), nonzero.argmax(axis=1), -1)


def correlated_partners(
    X,
    result: PathResult,
    top_k: int = 10,
    threshold: float = CORRELATION_THRESHOLD,
    max_partners: int = MAX_PARTNERS,
) -> pd.DataFrame:
    """The strongly correlated partners of the first features to enter a path, and when they enter.

    Parameters
    ----------
    X : array-like, shape (n_molecules, n_features_in)
        The X that was passed to :func:`~chemviz.selection.regularization_path`
        (only its kept columns are used).
    result : PathResult
    top_k : int, default 10
        Look at the first ``top_k`` features to enter the path.
    threshold : float, default 0.8
        Partners are the kept features with |r| ≥ ``threshold``.
    max_partners : int, default 5
        At most this many partners per feature, the most correlated first.

    Returns
    -------
    DataFrame
        One row per (feature, partner) pair, features in order of entry:
        ``rank`` (1 = first feature to enter), ``feature``, ``partner``,
        ``r`` (Pearson correlation over the molecules), ``feature_enters``
        and ``partner_enters`` (the largest λ of the grid at which each is
        non-zero, units of y; NaN if never), ``lambda_ratio``
        (feature_enters / partner_enters: how many times smaller λ must get
        before the partner enters; 1 = together, NaN = never).
        Features without a partner have no row, and a pair of two early
        features is listed once, under the first to enter.

    Notes
    -----
    For two standardised features with correlation r, the ℓ1 penalty is
    the same for w on one of them or w/2 on each, so the LASSO has no
    reason to use both and the fit decides alone; the ℓ2 part of the
    elastic-net penalty, ‖(w/2, w/2)‖₂² = w²/2 < w², rewards splitting, and
    the smaller r (the ℓ1 share), the closer the partners' entries.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be a correlation in (0, 1]; got {threshold!r}")
    X = np.asarray(X)
    if X.shape != (len(result.fold_of), result.n_features_in):
        raise ValueError(
            f"X must be the matrix the path was computed from: {len(result.fold_of)} "
            f"molecules × {result.n_features_in} features; got {X.shape}"
        )
    r = correlation_matrix(X[:, result.kept_columns])
    first = entry_indices(result.coefs)
    entered = np.where(first >= 0, result.lambdas[np.maximum(first, 0)], np.nan)
    rows, shown = [], set()
    leaders = [j for j in result.entry_order[:top_k] if first[j] >= 0]
    for rank, j in enumerate(leaders, start=1):
        partners = np.flatnonzero(np.abs(r[j]) >= threshold)
        partners = partners[partners != j]
        partners = partners[np.argsort(-np.abs(r[j, partners]), kind="stable")][:max_partners]
        for k in partners:
            if frozenset((j, k)) in shown:  # both entered early: one row for the pair
                continue
            shown.add(frozenset((j, k)))
            rows.append(
                {
                    "rank": rank,
                    "feature": result.feature_names[j],
                    "partner": result.feature_names[k],
                    "r": r[j, k],
                    "feature_enters": entered[j],
                    "partner_enters": entered[k],
                    "lambda_ratio": entered[j] / entered[k],
                }
            )
    columns = ["rank", "feature", "partner", "r", "feature_enters", "partner_enters"]
    return pd.DataFrame(rows, columns=[*columns, "lambda_ratio"])


def summarise_partners(table: pd.DataFrame, factor: float = TOGETHER_FACTOR) -> dict:
    """Count the pairs of :func:`correlated_partners` that enter together, and those that never do.

    Returns
    -------
    dict
        ``pairs`` (rows of ``table``), ``together`` (pairs whose entry λ differ
        by less than ``factor``, in either order), ``never`` (partners that
        never enter on the grid) and ``factor``.
    """
    ratio = table["lambda_ratio"].to_numpy(dtype=float)
    together = np.isfinite(ratio) & (np.maximum(ratio, 1 / ratio) < factor)
    return {
        "pairs": len(table),
        "together": int(together.sum()),
        "never": int(np.isnan(ratio).sum()),
        "factor": factor,
    }
