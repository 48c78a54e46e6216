"""Kernel ridge and ridge errors over a whole (kernel parameter, λ) grid, sliced into curves.

For kernel ridge, one factorisation of K per fold serves every λ, so the
errors over a grid of σ × λ cost no more than a curve over σ at one λ.
Computing the grid once lets the page move either slider for free: the
curve against σ at the current λ, and the curve against λ at the current σ,
are a row and a column of the same table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from chemviz.complexity.curves import CurveResult, Progress
from chemviz.complexity.families import check_params, family, model_params
from chemviz.complexity.folds import check_data, make_folds
from chemviz.complexity.kernel_ridge import fast_grid


@dataclass(frozen=True, eq=False)
class SurfaceResult:
    """Train and CV RMSE of ridge or kernel ridge on a (kernel parameter, λ) grid.

    Attributes
    ----------
    model : str
        ``"krr"`` or ``"ridge"``.
    param : str or None
        The kernel parameter on the rows, or None (ridge, parameter-free kernels).
    values : ndarray of shape (k,)
        Its values; a single NaN when ``param`` is None.
    lambdas : ndarray of shape (m,)
    train_mean, train_std, cv_mean, cv_std : ndarray of shape (k, m)
        Statistics over folds, in the units of y.
    fixed : dict
        The other settings (kernel, ...).
    folds : int
    split : str
        ``"random"`` or ``"groups"``.
    """

    model: str
    param: str | None
    values: np.ndarray
    lambdas: np.ndarray
    train_mean: np.ndarray
    train_std: np.ndarray
    cv_mean: np.ndarray
    cv_std: np.ndarray
    fixed: dict = field(default_factory=dict)
    folds: int = 5
    split: str = "random"

    def curve(self, knob: str, at: float | None = None) -> CurveResult:
        """The curve against ``knob`` with the other axis at the grid point nearest ``at``.

        ``knob="lam"`` gives the λ curve at the row nearest ``at`` (a value of
        ``param``); ``knob=param`` gives the ``param`` curve at the λ nearest
        ``at``. Nearest is measured in log space (both axes are logarithmic).
        """
        if knob == "lam":
            row = 0 if at is None or self.param is None else _nearest(self.values, at)
            stats = {key: getattr(self, key)[row] for key in _STATS}
            fixed = dict(
                self.fixed, **({} if self.param is None else {self.param: self.values[row]})
            )
            values = self.lambdas
        elif knob == self.param:
            column = _nearest(self.lambdas, self.lambdas[0] if at is None else at)
            stats = {key: getattr(self, key)[:, column] for key in _STATS}
            fixed = dict(self.fixed, lam=float(self.lambdas[column]))
            values = self.values
        else:
            raise ValueError(f"This grid varies λ and {self.param}; it has no axis '{knob}'.")
        return CurveResult(
            model=self.model,
            param=knob,
            values=values,
            **stats,
            fixed=fixed,
            folds=self.folds,
            split=self.split,
        )


_STATS = ("train_mean", "train_std", "cv_mean", "cv_std")


def _nearest(grid: np.ndarray, value: float) -> int:
    """Index of the grid point closest to value on a log scale (λ = 0 counts as tiny)."""
    tiny = np.finfo(float).tiny
    return int(np.argmin(np.abs(np.log(np.maximum(grid, tiny)) - np.log(max(value, tiny)))))


def validation_surface(
    X,
    y,
    model: str,
    lambdas,
    param: str | None = "sigma",
    values=None,
    folds: int = 5,
    seed: int = 0,
    groups=None,
    fixed: dict | None = None,
    progress: Progress = None,
) -> SurfaceResult:
    """Train and CV error of ridge or kernel ridge for every (kernel parameter, λ) pair.

    Parameters
    ----------
    X, y, folds, seed, groups, fixed, progress
        As in :func:`chemviz.complexity.validation_curve`.
    model : {"krr", "ridge"}
    lambdas : array-like of shape (m,)
        λ values ≥ 0 (with λ = 0 the linear kernel is usually singular).
    param : str or None
        Kernel parameter on the rows (``"sigma"``, or ``"degree"`` of the
        polynomial kernel); None for ridge or a parameter-free kernel.
    values : array-like of shape (k,)
        Its values; required when ``param`` is given.

    Returns
    -------
    SurfaceResult

    Notes
    -----
    Cost: one kernel matrix and, per fold, one factorisation for each
    row value, whatever the number of λ. Memory: the n × n kernel (n ≤ a few
    thousand; cap larger sets before calling).
    """
    fam = family(model)
    if not fam.fast:
        raise ValueError(f"A (parameter, λ) grid is only for ridge and kernel ridge, not {model}.")
    X, y = check_data(X, y)
    params = model_params(fam, fixed)
    if model == "ridge" or param is None:
        param, values = None, np.array([np.nan])
    elif values is None or len(values) == 0:
        raise ValueError(f"Give at least one value of {param} for the grid.")
    lambdas = np.asarray(lambdas, dtype=float)
    if lambdas.ndim != 1 or len(lambdas) == 0:
        raise ValueError("Give at least one value of λ for the grid.")
    splits = make_folds(len(y), folds, seed, groups)
    n_train = min(len(train) for train, _ in splits)
    for lam in lambdas:
        check_params(fam, {**params, "lam": lam}, n_train)
    values = np.asarray(values, dtype=float)
    stats = fast_grid(model, params, param, values, lambdas, X, y, splits, progress)
    return SurfaceResult(
        model=model,
        param=param,
        values=values,
        lambdas=lambdas,
        **stats,
        fixed={k: v for k, v in params.items() if k not in ("lam", param)},
        folds=len(splits),
        split="random" if groups is None else "groups",
    )
