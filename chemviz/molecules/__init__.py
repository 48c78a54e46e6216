"""Molecules: the ``MoleculeSet`` container and reading it from files.

Public API: :class:`MoleculeSet`, :class:`ParseReport`, :class:`RejectedRecord`,
:func:`read_molecules`, :func:`scaffolds`.

Notes
-----
The names are imported on first use (PEP 562), not when the package is: a
worker process that reads uploads needs :mod:`~.records`, and importing
pandas for :mod:`~.core` as well would make each worker start slower and
hold a hundred megabytes more.
"""

import importlib

_EXPORTS = {
    "MAX_UPLOAD_BYTES": "chemviz.molecules.files",
    "MAX_UPLOAD_MB": "chemviz.molecules.files",
    "MoleculeSet": "chemviz.molecules.core",
    "ParseReport": "chemviz.molecules.core",
    "RejectedRecord": "chemviz.molecules.records",
    "parse_molblock": "chemviz.molecules.records",
    "parse_smiles": "chemviz.molecules.records",
    "read_molecules": "chemviz.molecules.parse",
    "scaffolds": "chemviz.molecules.core",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
