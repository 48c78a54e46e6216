"""A class on one server: the figures of the last ``make loadtest``, as table rows.

The load test (``tests/load/loadtest.py``) takes about fifteen minutes, so
``make bench`` does not run it; it reads what ``make loadtest`` wrote to
``tests/load/results.json`` and says when that was. For each class size N
the reference is the same N students taking turns on a fresh server (the
single-user figure): the latency ratio is single-user / class, so 0.5 is
"twice as slow as alone".
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from benchmarks.bench import main, row

RESULTS = Path(__file__).parents[1] / "tests" / "load" / "results.json"
COMMUNITY_CLOUD_MB = 690


def _rows_for(alone: dict, together: dict, when: str) -> list[dict]:
    n = together["sessions"]
    problems = together["errors"] + together["leaks"]
    verdict = "no error, no leak" if not problems else f"{len(problems)} problem(s)"
    return [
        row(
            f"class of {n}: p95 input → chart (s)",
            together["input_to_chart_p95"],
            alone["input_to_chart_p95"],
            f"p50 {together['input_to_chart_p50']:.3f} s "
            f"(alone {alone['input_to_chart_p50']:.3f}); "
            f"{together['actions']} slider moves, {len(together['uploads'])} hostile uploads; "
            f"{verdict}; {when}",
        ),
        row(
            f"class of {n}: peak server RSS (MB)",
            together["peak_server_rss_mb"],
            None,
            f"server and workers {together['peak_tree_pss_mb']:.0f} MB (PSS); "
            f"{together['after_mb']:.0f} MB once the class left; limit {COMMUNITY_CLOUD_MB} MB",
        ),
        row(
            f"class of {n}: p95 first page (s)",
            together["first_open_p95"],
            alone["first_open_p95"],
            "a cold page computes its shared results; later students find them cached",
        ),
    ]


def rows() -> list[dict]:
    if not RESULTS.exists():
        return [row("class load test: not run yet", 0.0, None, "`make loadtest` writes it")]
    reports = json.loads(RESULTS.read_text())
    when = "make loadtest of " + time.strftime(
        "%Y-%m-%d %H:%M", time.localtime(RESULTS.stat().st_mtime)
    )
    alone = {r["sessions"]: r for r in reports if r["sequential"]}
    return [
        line
        for r in reports
        if not r["sequential"] and r["sessions"] in alone
        for line in _rows_for(alone[r["sessions"]], r, when)
    ]


if __name__ == "__main__":
    main(["class"])
