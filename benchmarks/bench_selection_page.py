"""The Feature selection page in AppTest: first runs, and reruns after moving the λ slider.

Run alone with ``python -m benchmarks.bench_selection_page``. The core rows
(the path itself against ``LassoCV``) are in :mod:`benchmarks.bench_selection`.
"Warm" means every cache is filled: a λ move only reads the cached path,
moves the markers, and redraws the table and the parity plot; the path is
never recomputed (target < 0.15 s).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from benchmarks.bench import median_time, open_app, row

ROOT = Path(__file__).parents[1]


def _timed_run(widget) -> tuple[float, float]:
    start, start_cpu = time.perf_counter(), time.process_time()
    widget.run()
    return time.perf_counter() - start, time.process_time() - start_cpu


def _lambda_moves(at, positions: list[int], repeats: int) -> tuple[float, float]:
    """Median wall and CPU time of reruns after letting go of the λ slider at each position.

    (The λ slider is a scrub slider: the drag itself is in the browser, bench_browser.)
    """
    wall, cpu = [], []
    for k in range(repeats):
        at.session_state["sel_lambda"] = positions[k % 2]
        w, c = _timed_run(at)
        assert not at.exception, [e.value for e in at.exception]
        wall.append(w)
        cpu.append(c)
    return float(np.median(wall)), float(np.median(cpu))


def _page_rows(rep: str, label: str) -> list[dict]:

    at = open_app(900)
    at.sidebar.selectbox(key="rep").set_value(rep).run()
    start = time.perf_counter()
    at.switch_page("app_pages/feature_selection.py").run()
    first = time.perf_counter() - start
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    out = [
        row(
            f"Feature selection page, first run on FreeSolv ({label})",
            first,
            None,
            "AppTest after the home page; features + path with 5-fold CV (100 λ)",
        )
    ]
    _lambda_moves(at, [30, 60], 2)  # warm-up
    wall, cpu = _lambda_moves(at, [30, 60], 9)
    out.append(
        row(
            f"Feature selection page rerun after moving λ ({label}, warm)",
            wall,
            None,
            f"AppTest, 642 molecules; path never recomputed; target < 0.15 s; CPU {cpu:.3f} s",
        )
    )
    wall, _ = _timed_run(at.select_slider(key="sel_alpha").set_value(0.5))
    assert not at.exception, [e.value for e in at.exception]
    out.append(
        row(
            f"Feature selection page rerun after moving the mixing r (l1_ratio) to 0.5 ({label})",
            wall,
            None,
            "AppTest; a new elastic-net path with 5-fold CV is computed in this rerun",
        )
    )
    return out


def _payload_row(n: int = 2000, n_lambda: int = 100) -> dict:
    """The parity plot at every λ: frames from plain data against a plotly figure per λ."""
    from chemviz.figures.common import parity_figure, parity_frames
    from chemviz.figures.frames import scrub_payload

    rng = np.random.default_rng(0)
    y = rng.normal(size=n)
    predictions = [(y * k / n_lambda + rng.normal(size=n), y + rng.normal(size=n) / (k + 1))
                   for k in range(n_lambda)]  # fmt: skip
    labels = ("fitted on all", "held out (CV)")

    def figure(fit, cv):
        return parity_figure(y, fit, y, cv, "log S", unit="log mol/L", labels=labels)

    def ours():
        base = figure(*predictions[0])
        clouds = ([(labels[0], y, f), (labels[1], y, c)] for f, c in predictions)
        return parity_frames(base, "g", clouds, "log mol/L")

    def plotly_per_lambda():
        figures = [figure(f, c) for f, c in predictions]
        return scrub_payload(figures[0], {"g": figures})

    assert ours() == plotly_per_lambda()  # the same payload, byte for byte
    return row(
        f"Feature selection parity payload, {n_lambda} λ × {n:,} molecules",
        median_time(ours, repeat=3),
        median_time(plotly_per_lambda, repeat=3),
        "frames from plain data (parity_frames) vs a plotly figure per λ; same payload",
    )


def rows() -> list[dict]:
    """The page rows: descriptors (named features) and Morgan bits (the app's default)."""
    return [
        _payload_row(),
        *_page_rows("descriptors", "RDKit descriptors"),
        *_page_rows("morgan", "Morgan bits, 256 most variable"),
    ]


if __name__ == "__main__":
    from benchmarks.bench import format_table

    print(format_table(rows()))
