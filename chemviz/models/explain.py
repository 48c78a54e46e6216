"""A KRR prediction split into its terms aᵢ k(x*, xᵢ): which training molecules it leans on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Contributions:
    """A KRR prediction split into its terms aᵢ k(x*, xᵢ).

    Attributes
    ----------
    table : pandas.DataFrame
        The ``top`` largest terms by magnitude, columns ``index`` (training
        row), ``name``, ``kernel`` (k(x*, xᵢ)), ``alpha`` (aᵢ) and
        ``contribution`` (their product), largest first.
    remainder : float
        Sum of all the other terms.
    n_remainder : int
        How many terms ``remainder`` adds up.
    prediction : float
        ŷ(x*) = ``table.contribution.sum() + remainder``.
    """

    table: pd.DataFrame
    remainder: float
    n_remainder: int
    prediction: float


def explain_prediction(k_star, alpha, names=None, top: int = 10) -> Contributions:
    """Which training molecules a prediction leans on.

    Parameters
    ----------
    k_star : array_like, shape (n,)
        k(x*, xᵢ) between the new molecule and every training molecule.
    alpha : array_like, shape (n,)
        KRR weights.
    names : sequence of str, optional
        Names of the training molecules.
    top : int
        Number of terms listed individually.

    Returns
    -------
    Contributions

    Notes
    -----
    A KRR prediction is a weighted vote of the training molecules: each one
    adds aᵢ k(x*, xᵢ). A molecule matters when it is similar to x* (large
    k) *and* carries a large weight aᵢ, which is large when the model had to
    work to fit it.
    """
    k_star = np.asarray(k_star, dtype=float).ravel()
    alpha = np.asarray(alpha, dtype=float).ravel()
    if len(k_star) != len(alpha):
        raise ValueError(f"k_star has {len(k_star)} values but there are {len(alpha)} weights.")
    names = [str(i) for i in range(len(alpha))] if names is None else list(names)
    terms = alpha * k_star
    order = np.argsort(-np.abs(terms), kind="stable")
    shown, rest = order[:top], order[top:]
    table = pd.DataFrame(
        {
            "index": shown,
            "name": [names[i] for i in shown],
            "kernel": k_star[shown],
            "alpha": alpha[shown],
            "contribution": terms[shown],
        }
    )
    return Contributions(
        table=table,
        remainder=float(terms[rest].sum()),
        n_remainder=len(rest),
        prediction=float(k_star @ alpha),
    )
