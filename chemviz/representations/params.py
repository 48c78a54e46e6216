"""Parameters and representation entries: what a widget needs to know about a choice.

:class:`Representation` is one row of the registry in
:mod:`chemviz.representations.registry`; its parameters are the
:class:`chemviz.params.Param` every registry shares (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chemviz.params import Param
from chemviz.representations.base import FeatureMatrix

__all__ = ["Param", "Representation"]


@dataclass(frozen=True)
class Representation:
    """One entry of the registry.

    Attributes
    ----------
    name : str
        Registry key, used in URLs and cache keys.
    label : str
        Human name for the picker.
    description : str
        One line for the picker's help text.
    kind : str
        ``"binary"``, ``"count"`` or ``"real"``: the kind with the default
        parameters (Morgan becomes ``"count"`` with ``counts=True``;
        :attr:`FeatureMatrix.kind` is authoritative).
    params : tuple of Param
    function : callable
        ``function(molecules, progress=None, **params) -> FeatureMatrix``.
    needs_3d : bool
        Needs 3D conformers (slow for uploads: each molecule is embedded).
    interpretable : bool
        Every column has a chemical meaning (named descriptors, MACCS keys,
        autocorrelations), as opposed to hashed bits.
    equation : str
        The defining formula in LaTeX, for ``st.latex`` (empty if none).
    equation_note : str
        What its symbols are and where it comes from, shown under it.
    sets_a_column : str
        For substructure fingerprints, what switches one column on, in words
        ("SMARTS match"); the atoms come from :func:`~chemviz.representations.column_atoms`.
        ``""`` when no substructure sets a column (descriptors, maps of 3D geometry).
    reading_names : str
        How to read its column names, for a page that lists selected columns
        (``""`` when the names speak for themselves or there are none).
    budget : str
        ``""``, or the per-feature budget its per-molecule work is under
        (``"3d"``, ``"descriptors"``: see :func:`chemviz.limits.feature_note`):
        work that can stall or crash RDKit on a hostile molecule, so for an
        untrusted set ``function`` takes ``runner`` and ``limits`` and works
        through the worker pool.
    """

    name: str
    label: str
    description: str
    kind: str
    params: tuple[Param, ...]
    function: Callable[..., FeatureMatrix]
    needs_3d: bool = False
    interpretable: bool = False
    equation: str = ""
    equation_note: str = ""
    sets_a_column: str = ""
    reading_names: str = ""
    budget: str = ""

    def defaults(self) -> dict[str, Any]:
        """The default value of every parameter."""
        return {p.name: p.default for p in self.params}

    def resolve(self, params: dict[str, Any]) -> dict[str, Any]:
        """Fill in defaults and validate; raise ValueError for unknown or invalid values."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(params) - set(known))
        if unknown:
            allowed = ", ".join(known) or "none"
            raise ValueError(
                f"{self.label} has no parameter {', '.join(unknown)}; its parameters are: {allowed}"
            )
        return {name: p.validate(params.get(name, p.default)) for name, p in known.items()}

    def describe(self, params: dict[str, Any] | None = None) -> str:
        """A one-line summary such as ``"Morgan (ECFP/FCFP): radius 2, bits 2048"``."""
        values = self.resolve(params or {})
        # Switches are named only when on: "counts" rather than "counts False".
        shown = [
            p.label.lower() if p.kind == "bool" else f"{p.label.lower()} {values[p.name]}"
            for p in self.params
            if p.kind != "bool" or values[p.name]
        ]
        return self.label + (": " + ", ".join(shown) if shown else "")
