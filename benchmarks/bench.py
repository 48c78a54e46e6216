"""The performance table: every ``benchmarks/bench_*.py`` module's rows, in one run.

Each module exposes ``rows() -> list[dict]`` with keys ``name``, ``ours_s``,
``reference_s`` (the plain scikit-learn/RDKit way, measured in the same run,
or None), ``ratio`` (reference / ours: above 1 means we are faster) and
``note``. Run one topic alone with ``python -m benchmarks.bench_<topic>``
or pick some with ``python -m benchmarks.bench app kernels``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

import benchmarks


def median_time(fn, repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in seconds over ``repeat`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def open_app(timeout: float = 600):
    """``app.py`` run once in AppTest, after the server's start-up work has finished.

    A fresh app parses the bundled datasets in a background thread
    (:func:`chemviz.ui.cached.warm_datasets`); a rerun timed meanwhile would
    measure that thread too, which a class's server has long finished.
    """
    from streamlit.testing.v1 import AppTest

    from chemviz.ui import cached

    at = AppTest.from_file(str(Path(__file__).parents[1] / "app.py"), default_timeout=timeout)
    at.run()
    cached.warm_datasets().join()
    return at


def row(name: str, ours: float, reference: float | None = None, note: str = "") -> dict:
    """One table row; the ratio is reference / ours."""
    ratio = reference / ours if reference is not None and ours > 0 else None
    return {"name": name, "ours_s": ours, "reference_s": reference, "ratio": ratio, "note": note}


def format_table(rows: list[dict]) -> str:
    """A Markdown table (paste-able into an issue note)."""

    def fmt(x, pattern):
        return "" if x is None else pattern.format(x)

    lines = ["| benchmark | ours (s) | reference (s) | ratio | note |", "|---|---:|---:|---:|---|"]
    for r in rows:
        lines.append(
            f"| {r['name']} | {fmt(r['ours_s'], '{:.4f}')} | {fmt(r['reference_s'], '{:.4f}')} "
            f"| {fmt(r['ratio'], '{:.1f}×')} | {r.get('note', '')} |"
        )
    return "\n".join(lines)


def topics() -> list[str]:
    folder = Path(benchmarks.__file__).parent
    return sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules([str(folder)])
        if m.name.startswith("bench_")
    )


def main(selected: list[str]) -> None:
    """Print the table topic by topic, so a long run shows its rows as they come."""
    chosen = selected or topics()
    for i, topic in enumerate(chosen):
        module = importlib.import_module(f"benchmarks.bench_{topic}")
        print(f"… {topic}", file=sys.stderr, flush=True)
        lines = format_table(module.rows()).splitlines()
        print("\n".join(lines if i == 0 else lines[2:]), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
