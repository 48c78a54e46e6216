"""App-level rows: cold start, rerun after a widget change, dataset loading, peak memory.

AppTest runs the real app.py (sidebar and page) in-process, so these times
include Streamlit's own script-run overhead but not the browser's rendering.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from rdkit import Chem, rdBase

from benchmarks.bench import median_time, open_app, row
from chemviz import datasets
from chemviz.molecules import read_molecules

ROOT = Path(__file__).parents[1]
PAGES = sorted(p.stem for p in (ROOT / "app_pages").glob("*.py"))
COMMUNITY_CLOUD_MB = 690

# What "moving the main widget" means on each page: (kind, key, two values).
MAIN_WIDGETS = {
    "home": ("selectbox", "target", ["hydration_free_energy_calc", "hydration_free_energy"]),
    "molecules": ("selectbox", "target", ["hydration_free_energy_calc", "hydration_free_energy"]),
    # A parameter of a representation whose features are cached after the first two moves.
    "representations": ("slider", "rep_morgan_radius", [3, 2]),
}

# Run in a fresh interpreter so the numbers are cold (no imports, no caches).
_VISIT_ALL = """
import json, resource, sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=600).run()
first = time.perf_counter() - t0
for name in sys.argv[2].split(","):
    at.sidebar.selectbox(key="dataset").set_value(name).run()
    for page in sys.argv[1].split(","):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (name, page, [e.value for e in at.exception])
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"first_page_s": first, "peak_mb": peak_mb}))
"""


def _visit(names: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _VISIT_ALL, ",".join(PAGES), ",".join(names)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _plain_rdkit_load(info: datasets.DatasetInfo) -> None:
    """The obvious way: pandas + MolFromSmiles, no report, no canonical SMILES."""
    frame = pd.read_csv(io.BytesIO(gzip.decompress(info.path.read_bytes())))
    with rdBase.BlockLogs():
        [Chem.MolFromSmiles(s) for s in frame["smiles"]]


def _rerun_rows() -> list[dict]:

    rows = []
    for page, (kind, key, values) in MAIN_WIDGETS.items():
        if page not in PAGES:
            continue
        at = open_app()
        at.switch_page(f"app_pages/{page}.py").run()
        state = {"i": 0}

        def move(at=at, kind=kind, key=key, values=values, state=state):
            widget = getattr(at.sidebar if key in ("dataset", "target") else at, kind)(key=key)
            widget.set_value(values[state["i"] % 2]).run()
            state["i"] += 1

        seconds = median_time(move, repeat=7)
        label = f"rerun after moving '{key}' on {page} (warm)"
        rows.append(row(label, seconds, note="AppTest, FreeSolv; target < 0.15 s"))
    return rows


def _memory_row(label: str, names: list[str]) -> dict:
    peak = _visit(names)["peak_mb"]
    verdict = "OK" if peak < COMMUNITY_CLOUD_MB else "OVER"
    return row(label, peak, note=f"{verdict}: Community Cloud limit {COMMUNITY_CLOUD_MB} MB")


def rows() -> list[dict]:
    out = []
    for info in datasets.list_datasets():
        n = len(datasets.load_dataset(info.key))
        ours = median_time(lambda i=info: read_molecules(i.path.read_bytes(), i.filename), repeat=3)
        ref = median_time(lambda i=info: _plain_rdkit_load(i), repeat=3)
        note = "ours adds canonical SMILES, the row report and property typing"
        out.append(row(f"load + parse {info.key} ({n:,} mols)", ours, ref, note=note))
    out.extend(_rerun_rows())
    cold = _visit(["freesolv"])
    out.append(
        row("cold start to first page rendered", cold["first_page_s"], note="fresh interpreter")
    )
    keys = [i.key for i in datasets.list_datasets()]
    out.extend(_memory_row(f"peak RSS (MB), every page on {k}", [k]) for k in keys)
    out.append(_memory_row("peak RSS (MB), every page on every dataset, one process", keys))
    return out


if __name__ == "__main__":
    from benchmarks.bench import format_table

    print(format_table(rows()))
