"""Benchmarks of chemviz.selection on the page's own inputs, against the plain scikit-learn way.

Run alone with ``python -m benchmarks.bench_selection``. Every row starts
where the Feature selection page starts: ``featurize(molecules, rep)`` (the
app's representations, e.g. descriptors with log10(1 + Ipc) and clipped
extremes, not raw ``CalcMolDescriptors``), ``model_inputs`` (molecules without
a target left out) and the page's ``prepare`` (a 2,000-molecule sample of
larger sets, constant and duplicate columns dropped, at most 256 columns), so
the timed path is the one a student waits for. Featurizing is timed
separately and reported in the note.

The reference for a path is ``Pipeline(StandardScaler, LassoCV(cv=the same
folds, 100 α))`` on the same matrix: it scales once outside the folds (leaky)
and refits one model at the chosen α, while ours scales inside every fold and
keeps the whole path plus every out-of-fold prediction. BLAS is limited to
one thread on both sides (our fits do so themselves; see
``chemviz.selection.path.fit_path``). A failure raises: a benchmark that
quietly skips a row measures nothing.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_selection import RFECV
from sklearn.linear_model import LassoCV, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from benchmarks.bench import median_time, row
from chemviz.datasets import DATASETS, load_dataset
from chemviz.figures.common import parity_figure
from chemviz.figures.selection import cv_figure, path_figure, with_lambda_marker
from chemviz.modeldata import model_inputs
from chemviz.representations import featurize
from chemviz.selection import (
    SelectionData,
    coefficients_at,
    cv_predictions,
    regularization_path,
    rfe_curve,
)
from chemviz.selection import prepare_selection as prepare
from chemviz.selection.inputs import cv_splits
from chemviz.ui.selection.cached import N_LAMBDAS


def page_data(dataset: str, rep: str, seed: int = 0) -> tuple[SelectionData, float]:
    """The (X, y) the page fits for one dataset and representation, and the featurizing time."""
    molecules = load_dataset(dataset)
    y = molecules.target(DATASETS[dataset].default_target)
    start = time.perf_counter()
    features = featurize(molecules, rep)
    seconds = time.perf_counter() - start
    return prepare(model_inputs(features, y), seed), seconds


def page_path(data: SelectionData):
    """The path exactly as ``chemviz.ui.selection.cached.path`` computes it (LASSO, 5 folds)."""
    return regularization_path(
        data.X, data.y, n_lambdas=N_LAMBDAS, folds=5, seed=0, feature_names=data.names
    )


def _lasso_cv_reference(X, y, folds: int = 5, seed: int = 0):
    model = make_pipeline(StandardScaler(), LassoCV(cv=cv_splits(len(y), folds, seed), alphas=100))
    with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # ours counts them in a note
        return model.fit(X, y)


def _shape_note(data: SelectionData, featurize_s: float) -> str:
    n, p = data.X.shape
    informative = data.n_features - data.n_constant - data.n_duplicate
    sampled = (
        f", a random sample of {n} of {data.n_molecules} molecules" if n < data.n_molecules else ""
    )
    capped = (
        f", the {p} most variable of {informative} informative columns" if p < informative else ""
    )
    return (
        f"{n} × {p} as the page fits it ({data.n_constant} constant and {data.n_duplicate} "
        f"duplicate of {data.n_features} columns dropped{capped}{sampled}); featurize took "
        f"{featurize_s:.1f} s (not timed)"
    )


def _path_row(label: str, data: SelectionData, featurize_s: float, repeat: int = 3):
    ours = median_time(lambda: page_path(data), repeat=repeat, warmup=0)
    reference = median_time(lambda: _lasso_cv_reference(data.X, data.y), repeat=repeat, warmup=0)
    result = page_path(data)
    lasso_cv = _lasso_cv_reference(data.X, data.y)[-1]
    note = (
        f"{_shape_note(data, featurize_s)}; λ_min {result.lambda_min:.3g} vs LassoCV α "
        f"{lasso_cv.alpha_:.3g}; {result.n_nonzero[result.i_min]} features at λ_min, "
        f"{result.n_nonzero[result.i_1se]} at λ_1se"
        + "".join(f"; NOTE {note[:110]}…" for note in result.notes)
    )
    return row(f"selection: path + 5-fold CV, 100 λ, {label}", ours, reference, note), result


def _slider_row(label: str, data: SelectionData, result) -> dict:
    """What one λ-slider move costs from a cached path and its cached figures, as on the page."""
    index = result.i_1se
    path_fig = path_figure(result, current_index=index)  # built once per path (cached)
    cv_fig = cv_figure(result, current_index=index)

    def move():
        lam = float(result.lambdas[index])
        coefficients_at(result, index)
        predictions = cv_predictions(data.X, data.y, result, index)
        with_lambda_marker(path_fig, lam)
        with_lambda_marker(cv_fig, lam)
        parity_figure(predictions.y, predictions.y_fit, predictions.y, predictions.y_cv, "y")

    ours = median_time(move, repeat=5)
    cpu = []  # on a shared machine, CPU time shows the work without the queueing
    for _ in range(5):
        start = time.process_time()
        move()
        cpu.append(time.process_time() - start)
    naive = median_time(lambda: page_path(data), repeat=1, warmup=0)
    return row(
        f"selection: λ-slider move, {label}",
        ours,
        naive,
        "coefficients_at + cv_predictions + moving the markers of the cached path and CV "
        "figures + a parity figure, from a cached PathResult (target < 0.15 s; CPU time "
        f"{np.median(cpu):.3f} s); reference = recomputing the path on every move",
    )


def _rfe_row(label: str, data: SelectionData) -> dict:
    X, y = data.X.astype(float), data.y
    ours = median_time(lambda: rfe_curve(X, y), repeat=1, warmup=0)
    result = rfe_curve(X, y)
    pipeline = Pipeline([("scale", StandardScaler()), ("model", Ridge(alpha=1.0))])
    search = RFECV(
        pipeline,
        step=1,
        cv=cv_splits(len(y), 5, 0),
        scoring="neg_root_mean_squared_error",
        importance_getter="named_steps.model.coef_",
    )
    with threadpool_limits(limits=1, user_api="blas"):
        reference = median_time(lambda: search.fit(X, y), repeat=1, warmup=0)
    return row(
        f"selection: RFE curve (ridge), {label}",
        ours,
        reference,
        f"ours: step {result.step} over {len(result.feature_names)} features plus a full "
        f"ranking, best {result.n_best} features; reference: RFECV step 1, best "
        f"{search.n_features_}",
    )


def rows() -> list[dict]:
    out = []
    descriptors, featurize_s = page_data("freesolv", "descriptors")
    path_row, path = _path_row("FreeSolv, RDKit descriptors", descriptors, featurize_s)
    out.append(path_row)
    out.append(_slider_row("FreeSolv descriptors", descriptors, path))

    autocorrelations, featurize_s = page_data("freesolv", "autocorrelation")
    out.append(_path_row("FreeSolv, autocorrelations", autocorrelations, featurize_s)[0])

    morgan, featurize_s = page_data("freesolv", "morgan")
    morgan_row, morgan_path = _path_row("FreeSolv, Morgan bits", morgan, featurize_s, repeat=1)
    out.append(morgan_row)
    out.append(_slider_row("FreeSolv Morgan bits", morgan, morgan_path))
    out.append(_rfe_row("FreeSolv, RDKit descriptors", descriptors))

    lipo, featurize_s = page_data("lipophilicity", "descriptors")
    out.append(_path_row("Lipophilicity, RDKit descriptors", lipo, featurize_s, repeat=1)[0])
    out.append(_rfe_row("Lipophilicity, RDKit descriptors", lipo))
    return out


if __name__ == "__main__":
    from benchmarks.bench import format_table

    print(format_table(rows()))
