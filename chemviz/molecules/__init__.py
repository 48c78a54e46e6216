"""Molecules: the ``MoleculeSet`` container and reading it from files.

Public API: :class:`MoleculeSet`, :class:`ParseReport`, :class:`RejectedRecord`,
:func:`read_molecules`, :func:`scaffolds`.
"""

from chemviz.molecules.core import MoleculeSet, ParseReport, RejectedRecord, scaffolds
from chemviz.molecules.files import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from chemviz.molecules.parse import parse_molblock, parse_smiles, read_molecules

__all__ = [
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MB",
    "MoleculeSet",
    "ParseReport",
    "RejectedRecord",
    "parse_molblock",
    "parse_smiles",
    "read_molecules",
    "scaffolds",
]
