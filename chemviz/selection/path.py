"""The LASSO / elastic-net regularisation path with cross-validation.

One call of :func:`regularization_path` fits the whole path on all molecules
and on every cross-validation fold and stores everything a page needs, so
moving the λ slider afterwards is a lookup (see :mod:`chemviz.selection.lookup`),
never a refit.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import enet_path
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from chemviz.selection.inputs import (
    check_inputs,
    check_some_left,
    count_dropped,
    cv_splits,
    drop_uninformative,
)
from chemviz.selection.penalty import check_l1_ratio, lambda_grid, one_standard_error_index
from chemviz.slots import pause_point

# Coordinate-descent sweeps per λ (scikit-learn's default). Correlated
# descriptors can need more at the smallest λ; those fits are counted in
# PathResult.notes rather than hidden behind a warning.
MAX_ITER = 1000

# A held-out value this many training standard deviations from the training
# mean is extrapolation far outside anything the model was fitted on (normal
# data rarely pass 5); PathResult.notes names the worst one.
EXTRAPOLATION_SD = 100.0


@dataclass(frozen=True)
class PathResult:
    """A regularisation path with its cross-validation error.

    λ is scikit-learn's ``alpha`` (see :mod:`chemviz.selection.penalty` for
    the workshop's λ); it has the units of y. Columns are the *kept*
    features (constant and duplicate columns removed); molecules are the
    rows of the X that was passed in.

    Attributes
    ----------
    lambdas : ndarray, shape (n_lambdas,)
        The λ grid, descending.
    coefs : ndarray, shape (n_kept, n_lambdas)
        Coefficients on standardised features (units of y per standard
        deviation of the feature), fitted on all molecules.
    coefs_original : ndarray, shape (n_kept, n_lambdas)
        The same model per original unit of each feature.
    intercepts_original : ndarray, shape (n_lambdas,)
        Intercept to go with ``coefs_original`` (units of y).
    n_nonzero : ndarray of int, shape (n_lambdas,)
        Number of selected (non-zero) features at each λ.
    cv_mean, cv_se : ndarray, shape (n_lambdas,)
        Mean over folds of the held-out RMSE, and its standard error.
    cv_folds : ndarray, shape (n_folds, n_lambdas)
        Held-out RMSE of each fold.
    oof_predictions : ndarray, shape (n_molecules, n_lambdas)
        Out-of-fold prediction of every molecule at every λ (8 MB for 10,000
        molecules × 100 λ), so that a parity plot needs no refit.
    fold_of : ndarray of int, shape (n_molecules,)
        The fold in which each molecule was held out.
    i_min, i_1se : int
        Index of λ_min (lowest ``cv_mean``) and λ_1se (the largest λ whose
        ``cv_mean`` is within one standard error of the minimum).
    feature_names : tuple of str, length n_kept
    entry_order : ndarray of int, shape (n_kept,)
        Rows of ``coefs`` sorted by the λ index at which each first becomes
        non-zero (ties: larger |coefficient| first); never-entering last.
    dropped : tuple of (name, reason)
        Constant and duplicate columns removed before fitting.
    kept_columns : ndarray of int, shape (n_kept,)
        Indices of the kept features among the columns of the original X.
    l1_ratio : float
        Elastic-net mixing r (1 = LASSO).
    n_features_in : int
        Number of columns of the original X.
    notes : tuple of str
        Anything the reader should know (e.g. fits that hit the iteration limit).
    """

    lambdas: np.ndarray
    coefs: np.ndarray
    coefs_original: np.ndarray
    intercepts_original: np.ndarray
    n_nonzero: np.ndarray
    cv_mean: np.ndarray
    cv_se: np.ndarray
    cv_folds: np.ndarray
    oof_predictions: np.ndarray
    fold_of: np.ndarray
    i_min: int
    i_1se: int
    feature_names: tuple[str, ...]
    entry_order: np.ndarray
    dropped: tuple[tuple[str, str], ...]
    kept_columns: np.ndarray
    l1_ratio: float
    n_features_in: int
    notes: tuple[str, ...] = ()

    @property
    def lambda_min(self) -> float:
        """λ with the lowest mean CV error."""
        return float(self.lambdas[self.i_min])

    @property
    def lambda_1se(self) -> float:
        """The largest λ within one standard error of the best CV error."""
        return float(self.lambdas[self.i_1se])

    @property
    def dropped_counts(self) -> dict[str, int]:
        """Number of dropped columns by reason: ``{"constant": a, "duplicate": b}``."""
        return count_dropped(self.dropped)


def standardise(X: np.ndarray) -> tuple[np.ndarray, StandardScaler]:
    """A standardised float copy of X (mean 0, SD 1 per column) and the scaler that made it.

    The copy is column-major: coordinate descent reads one column at a time,
    and :func:`fit_path` can then use it without copying it again.
    """
    X_std = np.array(X, dtype=float, order="F")
    scaler = StandardScaler(copy=False).fit(X_std)
    return scaler.transform(X_std), scaler  # in place: no second copy


def fit_path(
    X_std: np.ndarray, y_centred: np.ndarray, lambdas: np.ndarray, l1_ratio: float
) -> tuple[np.ndarray, int]:
    """Fit the coordinate-descent path on standardised X and centred y.

    Returns the coefficients (n_features × n_lambdas, on standardised
    features) and the number of λ at which coordinate descent stopped at
    ``MAX_ITER``. ``X_std`` may be overwritten.
    """
    # Coordinate descent makes millions of tiny BLAS calls (one column at a
    # time); handing each to several threads costs more than it saves, badly
    # so on a busy machine (measured 4 s vs 30 s for one fingerprint path).
    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
        warnings.simplefilter("ignore", ConvergenceWarning)  # counted below instead
        # enet_path with l1_ratio=1 is lasso_path. Each λ starts from the
        # previous λ's solution (warm start), which is why a whole path of
        # 100 λ costs little more than a few single fits.
        _, coefs, _, n_iters = enet_path(
            X_std,
            y_centred,
            l1_ratio=l1_ratio,
            alphas=lambdas,
            max_iter=MAX_ITER,
            copy_X=False,
            return_n_iter=True,
        )
    return coefs, int(np.sum(np.asarray(n_iters) >= MAX_ITER))


def regularization_path(
    X,
    y,
    l1_ratio: float = 1.0,
    n_lambdas: int = 100,
    folds: int = 5,
    seed: int = 0,
    feature_names: Sequence[str] | None = None,
) -> PathResult:
    """Fit the LASSO (or elastic-net) path and cross-validate every λ on it.

    Parameters
    ----------
    X : array-like or DataFrame, shape (n_molecules, n_features)
        Features, finite. Constant and duplicate columns are dropped first.
    y : array-like, shape (n_molecules,)
        Target, no NaN (exclude those molecules first).
    l1_ratio : float, default 1.0
        Elastic-net mixing r in (0, 1]; 1 is the LASSO.
    n_lambdas : int, default 100
        Number of λ on the grid.
    folds : int, default 5
        Number of cross-validation folds (shuffled with ``seed``).
    seed : int, default 0
    feature_names : sequence of str, optional
        Defaults to a DataFrame's columns or ``"feature j"``.

    Returns
    -------
    PathResult

    Raises
    ------
    ValueError
        For NaN in y or X, fewer molecules than folds, nothing left after
        dropping constant and duplicate columns, l1_ratio outside (0, 1].

    Notes
    -----
    λ here is scikit-learn's ``alpha``, the weight of the penalty in
    (1/2n)‖y − Xw‖₂² + λ r‖w‖₁ + λ(1 − r)/2 ‖w‖₂². The workshop writes
    ‖y − Xw‖₂² + λ_ws(α‖w‖₁ + (1 − α)‖w‖₂²); the two agree for
    λ_ws = n·λ·(1 + r) and α = 2r/(1 + r), so for the LASSO λ_ws = 2n·λ
    (see :func:`~chemviz.selection.penalty.workshop_penalty`).

    The λ grid is computed once on all molecules (λ_max = max|x_jᵀy|/(n·r)
    on standardised data, down to 10⁻³·λ_max, log-spaced) and shared by the
    folds, so that errors at the same λ can be averaged. Inside each fold,
    the scaler and the mean of y are fitted on the training molecules only:
    the held-out molecules must not influence the model that predicts them,
    not even through the mean and spread used for scaling ("no leakage").
    The coefficients in original units follow from the scaling:
    ŷ = ȳ + Σ_j w_j (x_j − μ_j)/σ_j, so w_j^orig = w_j/σ_j and
    b = ȳ − Σ_j μ_j w_j^orig.

    Cost: folds + 1 warm-started paths. Memory: one standardised float64
    copy of the kept columns at a time (n × p × 8 bytes) plus the stored
    out-of-fold predictions (n × n_lambdas × 8 bytes). Descriptors take
    about a second; 2,048-bit fingerprints, whose paths run towards as many
    non-zero coefficients as molecules, take tens of seconds.
    """
    X, y, names = check_inputs(X, y, folds, feature_names)
    l1_ratio = check_l1_ratio(l1_ratio)
    if not isinstance(n_lambdas, int | np.integer) or n_lambdas < 2:
        raise ValueError(f"n_lambdas must be a whole number of at least 2; got {n_lambdas!r}")
    X_kept, kept_columns, dropped = drop_uninformative(X, names)
    check_some_left(X_kept.shape[1], X.shape[1])

    # All molecules: the λ grid, then the path whose coefficients we report.
    X_std, scaler = standardise(X_kept)
    y_mean = y.mean()
    lambdas = lambda_grid(X_std, y - y_mean, l1_ratio, n_lambdas)
    coefs, n_stuck = fit_path(X_std, y - y_mean, lambdas, l1_ratio)
    del X_std  # the largest array; each fold standardises its own training part
    coefs_original = coefs / scaler.scale_[:, None]
    intercepts_original = y_mean - scaler.mean_ @ coefs_original

    oof_predictions, fold_of, farthest, fold_stuck = _out_of_fold(
        X_kept, y, lambdas, l1_ratio, folds, seed
    )
    squared_errors = (oof_predictions - y[:, None]) ** 2
    cv_folds = np.sqrt([squared_errors[fold_of == k].mean(axis=0) for k in range(folds)])
    cv_mean = cv_folds.mean(axis=0)
    cv_se = cv_folds.std(axis=0, ddof=1) / np.sqrt(folds)
    i_min = int(np.argmin(cv_mean))
    farthest_name = names[kept_columns[farthest[2]]]
    n_fits = (folds + 1) * n_lambdas
    notes = _notes(n_stuck + fold_stuck, n_fits, farthest, farthest_name, i_min, n_lambdas)
    return PathResult(
        lambdas=lambdas,
        coefs=coefs,
        coefs_original=coefs_original,
        intercepts_original=intercepts_original,
        n_nonzero=np.count_nonzero(coefs, axis=0),
        cv_mean=cv_mean,
        cv_se=cv_se,
        cv_folds=cv_folds,
        oof_predictions=oof_predictions,
        fold_of=fold_of,
        i_min=i_min,
        i_1se=one_standard_error_index(cv_mean, cv_se),
        feature_names=tuple(names[j] for j in kept_columns),
        entry_order=entry_order(coefs),
        dropped=tuple(dropped),
        kept_columns=kept_columns,
        l1_ratio=l1_ratio,
        n_features_in=X.shape[1],
        notes=notes,
    )


def _out_of_fold(X, y, lambdas, l1_ratio, folds, seed):
    """Held-out predictions of every fold's path, shape (n, n_lambdas), and what went wrong.

    Each fold standardises X and centres y with its training molecules only.
    Returns the predictions, each molecule's fold, the farthest extrapolation
    (|z|, molecule row, column) seen in any held-out fold, and the number of
    fits that hit the sweep limit.
    """
    oof_predictions = np.empty((len(y), len(lambdas)))
    fold_of = np.empty(len(y), dtype=int)
    farthest = (0.0, 0, 0)  # (|z|, molecule, feature): the worst extrapolation in any fold
    n_stuck = 0
    for k, (train, held_out) in enumerate(cv_splits(len(y), folds, seed)):
        pause_point()  # a student's move may go first (chemviz.slots)
        X_train, fold_scaler = standardise(X[train])
        train_mean = y[train].mean()
        fold_coefs, fold_stuck = fit_path(X_train, y[train] - train_mean, lambdas, l1_ratio)
        X_held_out = fold_scaler.transform(X[held_out])
        oof_predictions[held_out] = X_held_out @ fold_coefs + train_mean
        row, column = np.unravel_index(np.argmax(np.abs(X_held_out)), X_held_out.shape)
        if abs(X_held_out[row, column]) > farthest[0]:
            farthest = (abs(X_held_out[row, column]), held_out[row], column)
        fold_of[held_out] = k
        n_stuck += fold_stuck
    return oof_predictions, fold_of, farthest, n_stuck


def _notes(n_stuck, n_fits, farthest, feature, i_min, n_lambdas) -> tuple[str, ...]:
    """What the page should say about a path: stuck fits, a wild extrapolation, a CV edge."""
    notes = []
    if n_stuck:
        notes.append(
            f"Coordinate descent reached its limit of {MAX_ITER} sweeps in {n_stuck} of the "
            f"{n_fits} fits (usually the smallest λ, where correlated "
            "features compete); coefficients there are approximate."
        )
    z, molecule, _ = farthest
    if z > EXTRAPOLATION_SD:
        notes.append(
            f"The molecule in row {molecule} of X has '{feature}' "
            f"{z:.3g} training standard deviations from the training mean in the fold that "
            "holds it out: wherever that feature is selected, its held-out prediction is a "
            "wild extrapolation that inflates the CV error. A heavy-tailed feature like this "
            "is better log-transformed (or dropped) before selection."
        )
    if i_min == n_lambdas - 1:
        notes.append(
            "The CV error is lowest at the smallest λ of the grid: the data ask for "
            "little regularisation, and a still smaller λ might do slightly better."
        )
    elif i_min == 0:
        notes.append(
            "The CV error is lowest at λ_max, with no feature selected: nothing in this "
            "representation predicts the target linearly better than its mean."
        )
    return tuple(notes)


def entry_order(coefs: np.ndarray) -> np.ndarray:
    """Rows of a path sorted by the λ index at which they first become non-zero.

    Ties (features entering at the same λ) put the larger |coefficient|
    first; features that never enter come last, in column order.
    """
    nonzero = coefs != 0
    n_lambdas = coefs.shape[1]
    first = np.where(nonzero.any(axis=1), nonzero.argmax(axis=1), n_lambdas)
    size_at_entry = np.abs(coefs[np.arange(len(coefs)), np.minimum(first, n_lambdas - 1)])
    return np.lexsort((-size_at_entry, first))  # the last key sorts first
