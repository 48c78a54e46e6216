"""The λ grid of a regularisation path, how λ relates to the workshop's λ, and the 1-SE rule.

scikit-learn and the workshop write the elastic-net objective differently:

* scikit-learn (and this package's λ axis)::

      (1 / 2n) ‖y − Xw‖₂² + λ·r ‖w‖₁ + λ(1 − r)/2 ‖w‖₂²      (λ is sklearn's ``alpha``,
                                                               r its ``l1_ratio``)

* the workshop::

      ‖y − Xw‖₂² + λ_ws (α ‖w‖₁ + (1 − α) ‖w‖₂²)

Multiplying the first by 2n gives the second with λ_ws = n·λ·(1 + r) and
α = 2r / (1 + r); for the LASSO (r = α = 1) simply λ_ws = 2n·λ.
:func:`workshop_penalty` does this conversion for display.
"""

from __future__ import annotations

import numpy as np

# The path runs from λ_max, where every coefficient is zero, down to
# LAMBDA_RATIO·λ_max: scikit-learn's default (its ``eps``), three decades.
LAMBDA_RATIO = 1e-3


def check_l1_ratio(l1_ratio: float) -> float:
    """Return ``l1_ratio`` as a float, or raise if it is outside (0, 1]."""
    if not isinstance(l1_ratio, int | float | np.number) or not 0 < l1_ratio <= 1:
        raise ValueError(
            f"l1_ratio (the elastic-net mixing) must be in (0, 1]: 1 is the LASSO and "
            f"values near 0 approach ridge regression, which selects nothing; got {l1_ratio!r}"
        )
    return float(l1_ratio)


def lambda_grid(
    X_std: np.ndarray, y_centred: np.ndarray, l1_ratio: float, n_lambdas: int
) -> np.ndarray:
    """The descending, log-spaced λ grid of a regularisation path.

    Parameters
    ----------
    X_std : ndarray, shape (n_molecules, n_features)
        Standardised features (mean 0, standard deviation 1 per column).
    y_centred : ndarray, shape (n_molecules,)
        Target minus its mean, in the target's units.
    l1_ratio : float
        Elastic-net mixing r in (0, 1].
    n_lambdas : int
        Number of grid points, at least 2.

    Returns
    -------
    ndarray, shape (n_lambdas,)
        From λ_max down to ``LAMBDA_RATIO``·λ_max, in the target's units.

    Notes
    -----
    With every coefficient at zero, the gradient of the squared-error term
    for feature j is −x_jᵀy/n. The ℓ1 penalty holds w_j at zero as long as
    that gradient is no larger than λ·r, so the smallest λ at which *all*
    coefficients are zero is λ_max = max_j |x_jᵀy| / (n·r). This is the
    grid of scikit-learn's ``lasso_path`` / ``enet_path``.
    """
    n = X_std.shape[0]
    lambda_max = np.max(np.abs(X_std.T @ y_centred)) / (n * l1_ratio)
    return np.geomspace(lambda_max, lambda_max * LAMBDA_RATIO, num=n_lambdas)


def workshop_penalty(lam: float, l1_ratio: float, n_molecules: int) -> tuple[float, float]:
    """Convert scikit-learn's (λ, r) to the workshop's (λ_ws, α).

    Parameters
    ----------
    lam : float
        λ on this package's axis (scikit-learn's ``alpha``).
    l1_ratio : float
        scikit-learn's mixing r in (0, 1].
    n_molecules : int
        Number of molecules the model was fitted on.

    Returns
    -------
    lam_ws : float
        n·λ·(1 + r), the λ of ‖y − Xw‖₂² + λ_ws(α‖w‖₁ + (1 − α)‖w‖₂²).
    alpha : float
        2r / (1 + r), the workshop's ℓ1 share.

    Notes
    -----
    scikit-learn divides the squared error by 2n so that the same λ means
    about the same amount of shrinkage whatever the number of molecules:
    the folds of cross-validation (fewer molecules each) share one λ grid.
    """
    return n_molecules * lam * (1 + l1_ratio), 2 * l1_ratio / (1 + l1_ratio)


def one_standard_error_index(cv_mean: np.ndarray, cv_se: np.ndarray) -> int:
    """Index of the simplest model whose CV error is within one SE of the best.

    Parameters
    ----------
    cv_mean : ndarray, shape (n_models,)
        Mean CV error of each model, ordered from the simplest to the most
        complex (for a regularisation path: λ descending).
    cv_se : ndarray, shape (n_models,)
        Standard error of that mean over the folds.

    Returns
    -------
    int
        The first index i with ``cv_mean[i] <= cv_mean[i_min] + cv_se[i_min]``,
        where ``i_min = argmin(cv_mean)``; so i ≤ i_min.

    Notes
    -----
    Differences in CV error smaller than their standard error are noise, so
    among the models that cannot be told apart from the best one we take
    the simplest: the largest λ, with the fewest features (Hastie,
    Tibshirani & Friedman, *Elements of Statistical Learning*, §7.10).
    """
    cv_mean = np.asarray(cv_mean, dtype=float)
    cv_se = np.asarray(cv_se, dtype=float)
    if cv_mean.ndim != 1 or cv_mean.shape != cv_se.shape or cv_mean.size == 0:
        raise ValueError("cv_mean and cv_se must be 1-D arrays of the same, non-zero length")
    i_min = int(np.argmin(cv_mean))
    threshold = cv_mean[i_min] + cv_se[i_min]
    return int(np.flatnonzero(cv_mean <= threshold)[0])
