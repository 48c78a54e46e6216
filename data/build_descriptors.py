"""Precompute RDKit's 2D descriptors of every bundled dataset into ``data/``.

A one-off developer tool, like ``data/build.py`` (run it after that script,
from the repository root, with the app's own requirements installed)::

    .venv/bin/python data/build_descriptors.py                 # every dataset
    .venv/bin/python data/build_descriptors.py lipophilicity   # one of them

RDKit needs about 20 ms per molecule for its ~200 descriptors: over three
minutes for AqSolDB, too long to wait for in a classroom. So, like the 3D
conformers, they are computed once here with the app's own
:func:`chemviz.representations.descriptors.descriptor_row` and committed as
``<key>.descriptors.csv.gz``: one row per CSV row, in order, the raw values
(missing ones empty) before the app's gap-filling, which stays at run time.
Floats are written with ``repr``, which reads back to the identical double.
The file's first line names the RDKit version; the app uses the file only
with that same version and otherwise computes the descriptors itself.
Rebuilding with the same RDKit gives a byte-identical file (no gzip timestamp).
"""

from __future__ import annotations

import gzip
import io
import sys
import time
from pathlib import Path

import numpy as np
from rdkit import rdBase

DATA_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(DATA_DIR.parent))
from chemviz.datasets import DATASETS, load_dataset  # noqa: E402
from chemviz.representations.descriptors import (  # noqa: E402
    DESCRIPTOR_NAMES,
    PRECOMPUTED_HEADER,
    descriptor_row,
)


def write_descriptors(key: str) -> Path:
    """Compute and write ``data/<key>.descriptors.csv.gz``; return its path."""
    molecules = load_dataset(key)
    out = io.StringIO()
    out.write(f"{PRECOMPUTED_HEADER}{rdBase.rdkitVersion}\n")
    out.write(",".join(DESCRIPTOR_NAMES) + "\n")
    with rdBase.BlockLogs():
        for mol in molecules.mols:
            row = descriptor_row(mol)
            out.write(",".join("" if np.isnan(v) else repr(float(v)) for v in row) + "\n")
    path = DATA_DIR / f"{key}.descriptors.csv.gz"
    path.write_bytes(gzip.compress(out.getvalue().encode("utf-8"), mtime=0))
    return path


def main(keys: list[str]) -> None:
    for key in keys or list(DATASETS):
        start = time.perf_counter()
        path = write_descriptors(key)
        print(
            f"{key}: {path.name} {path.stat().st_size / 1e6:.2f} MB "
            f"in {time.perf_counter() - start:.0f} s",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
