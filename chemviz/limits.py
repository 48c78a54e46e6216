"""Budgets for untrusted input: how large a file, a record and a molecule may be.

chemviz is hosted as one process shared by a whole class, so whatever one
student uploads runs beside everybody else's session. RDKit's costs grow
much faster than a molecule: canonicalising a 20,000-atom chain recurses
until the process dies, descriptors of a 1,000-atom chain take 20 s, a
2,000-atom depiction 30 s. So every record is measured on cheap quantities
(its length, its atom count read by a tokenizer) *before* RDKit sees it, and
a record over the budget becomes a rejected row with a reason, never a crash.

Every limit lives in :class:`Limits`, with defaults that keep every bundled
molecule (the largest, in AqSolDB, has 388 heavy atoms). The person who
deploys the app may change them with environment variables named
``CHEMVIZ_<FIELD>`` (``CHEMVIZ_HEAVY_ATOMS=800``); on Streamlit Community
Cloud, root-level entries of the app's secrets become environment variables,
so the same names work there. A URL can never change them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields

ENV_PREFIX = "CHEMVIZ_"


@dataclass(frozen=True)
class Limits:
    """Every budget the app enforces on what users bring.

    Attributes
    ----------
    upload_mb : int
        Size of a file as uploaded, in MB (Streamlit's ``server.maxUploadSize``
        in ``.streamlit/config.toml`` must not be larger).
    expanded_mb : int
        Size of a file after gzip decompression, in MB; also the cap on pasted text.
    records : int
        Records per file: data rows of a table, lines of a SMILES list, SDF
        records. Memory per record is known, so this bounds an upload's memory.
    line_chars : int
        Characters in one line or one table field.
    smiles_chars : int
        Characters in one SMILES string.
    molblock_chars : int
        Characters in one SDF record (its mol block and data tags).
    heavy_atoms : int
        Heavy (non-hydrogen) atoms in one molecule.
    atoms_3d : int
        Heavy atoms of an uploaded molecule that is given 3D coordinates (ETKDG
        needs seconds from about 100 atoms on, and often fails beyond).
    atoms_depiction : int
        Heavy atoms drawn as a 2D picture; larger molecules get a placeholder.
    atoms_descriptors : int
        Heavy atoms of an uploaded molecule whose RDKit descriptors are computed.
    task_seconds : float
        Wall-clock limit of one task in a worker process (a chunk of records,
        one molecule's descriptors or 3D embedding).
    worker_mb : int
        Memory a worker process may allocate beyond what it holds at start, in MB.
    workers : int
        Worker processes for untrusted chemistry.
    cache_mb : int
        Memory for results shared by every session (features, kernel
        matrices, curves, figures), in MB; see :mod:`chemviz.ui.cache`.
    heavy_jobs : int
        Computations that may build such results at the same time; the
        others wait. On a 2-core machine more would not finish sooner.
    server_mb : int
        Resident memory of the server process, in MB, above which shared
        results are dropped (least recently used first) before a heavy
        computation starts. The computation's own arrays come on top (up to
        about 120 MB for the largest bundled set), and so do the worker
        processes: keep ``server_mb`` + 120 + ``workers`` × 60 within what
        the host gives (690 MB on Community Cloud).
    """

    upload_mb: int = 20
    expanded_mb: int = 50
    records: int = 20_000
    line_chars: int = 100_000
    smiles_chars: int = 5_000
    molblock_chars: int = 500_000
    heavy_atoms: int = 500
    atoms_3d: int = 100
    atoms_depiction: int = 400
    atoms_descriptors: int = 300
    task_seconds: float = 10.0
    worker_mb: int = 400
    workers: int = 1
    cache_mb: int = 200
    heavy_jobs: int = 1
    server_mb: int = 510  # 510 + 120 + 1 × 60 = 690: the rule above, on Community Cloud

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """The defaults, overridden by ``CHEMVIZ_<FIELD>`` environment variables.

        Raises
        ------
        ValueError
            If a variable is not a positive number: a deployer's typo should
            stop the app at start, with the variable named, not be ignored.
        """
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            text = environ.get(ENV_PREFIX + f.name.upper())
            if text is None:
                continue
            kind = float if f.type == "float" else int
            try:
                value = kind(text)
            except ValueError:
                value = 0
            if value <= 0:
                raise ValueError(
                    f"{ENV_PREFIX}{f.name.upper()}={text!r} is not a positive "
                    f"{'number' if kind is float else 'whole number'}."
                )
            values[f.name] = value
        return cls(**values)

    @property
    def upload_bytes(self) -> int:
        """``upload_mb`` in bytes."""
        return self.upload_mb * 1024 * 1024

    @property
    def expanded_bytes(self) -> int:
        """``expanded_mb`` in bytes."""
        return self.expanded_mb * 1024 * 1024


def feature_note(feature: str, limits: Limits | None = None) -> str:
    """The per-feature budget in one sentence, for the page where it applies.

    Parameters
    ----------
    feature : {"3d", "descriptors", "depiction"}
    """
    limits = limits or current()
    seconds = f"{limits.task_seconds:g} s"
    notes = {
        "3d": f"Uploaded molecules are given 3D coordinates (ETKDG + MMFF) in a separate "
        f"process: up to {limits.atoms_3d:,} heavy atoms, at most {seconds} each.",
        "descriptors": f"Descriptors of uploaded molecules are computed in a separate process: "
        f"up to {limits.atoms_descriptors:,} heavy atoms, at most {seconds} for each batch.",
        "depiction": f"Structures are drawn up to {limits.atoms_depiction:,} heavy atoms.",
    }
    return notes[feature]


def current() -> Limits:
    """The limits in force now (read from the environment on every call: microseconds)."""
    return Limits.from_env()


# One SMILES atom: a bracket atom, a two-letter organic-subset element, a
# one-letter one (aromatic in lower case), or the wildcard. Everything else in
# a SMILES (bonds, branches, ring closures) is not an atom.
_SMILES_ATOM = re.compile(r"\[[^\]]*\]|Br|Cl|[BCNOPSFI]|[bcnops]|\*")
# A bracket atom that is hydrogen: [H], [2H], [H+], [H-]; not [Hg], [He], [Hf], [Ho], [Hs].
_BRACKET_HYDROGEN = re.compile(r"\[\d*H(?![a-z])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def count_smiles_heavy_atoms(smiles: str) -> int:
    """Heavy atoms in a SMILES string, counted by a tokenizer (no RDKit).

    >>> count_smiles_heavy_atoms("CC(=O)[O-].[Na+]")
    5
    >>> count_smiles_heavy_atoms("[2H]OC[Hg]Cl")
    4

    Notes
    -----
    Linear in the string's length and unable to crash, so it can run on
    anything a user sends. It counts what RDKit would count for a valid
    SMILES; for an invalid one the number is only an estimate, which is all
    a budget needs: RDKit then rejects the string with its own message.
    """
    return sum(1 for m in _SMILES_ATOM.finditer(smiles) if not _BRACKET_HYDROGEN.match(m.group()))


def smiles_problem(smiles: str, limits: Limits | None = None) -> str | None:
    """Why a SMILES string may not reach RDKit, or None when it is within budget."""
    limits = limits or current()
    if len(smiles) > limits.smiles_chars:
        return (
            f"the SMILES has {len(smiles):,} characters: this app reads SMILES of up to "
            f"{limits.smiles_chars:,}"
        )
    if _CONTROL.search(smiles):
        return "the SMILES contains a control character (a NUL byte?): the file may be damaged"
    return _atoms_problem(count_smiles_heavy_atoms(smiles), limits)


def molblock_problem(block: str, limits: Limits | None = None) -> str | None:
    """Why an MDL mol block may not reach RDKit, or None when it is within budget.

    The heavy atoms are counted from the atom block's element column (V2000)
    or its ``M  V30`` atom lines (V3000), without parsing the molecule.
    """
    limits = limits or current()
    if len(block) > limits.molblock_chars:
        return (
            f"the record has {len(block):,} characters: this app reads SDF records of up to "
            f"{limits.molblock_chars:,}"
        )
    if "\x00" in block:
        return "the record contains a NUL byte: the file may be damaged"
    n_heavy = count_molblock_heavy_atoms(block)
    return None if n_heavy is None else _atoms_problem(n_heavy, limits)


def count_molblock_heavy_atoms(block: str) -> int | None:
    """Heavy atoms of a mol block read from its atom lines; None if the block is malformed.

    Notes
    -----
    V2000: line 4 is the counts line, whose first three characters are the
    number of atoms; each atom line carries its element in columns 32–34.
    V3000: the atom lines sit between ``M  V30 BEGIN ATOM`` and ``END ATOM``,
    the element being the fourth field. A malformed block returns None and
    is left to RDKit, which rejects it with its own message.
    """
    lines = block.split("\n")
    if len(lines) < 4:
        return None
    if "V3000" in lines[3]:
        heavy, inside = 0, False
        for line in lines[4:]:
            if line.startswith("M  V30 BEGIN ATOM"):
                inside = True
            elif line.startswith("M  V30 END ATOM"):
                return heavy
            elif inside:
                parts = line.split()
                heavy += len(parts) > 3 and parts[3] not in ("H", "D", "T")
        return heavy
    try:
        n_atoms = int(lines[3][:3])
    except ValueError:
        return None
    atom_lines = lines[4 : 4 + n_atoms]
    return sum(line[31:34].strip() not in ("H", "D", "T") for line in atom_lines)


def molecule_problem(n_heavy_atoms: int, limits: Limits | None = None) -> str | None:
    """Why a parsed molecule is over budget (the authoritative count, after RDKit), or None."""
    return _atoms_problem(n_heavy_atoms, limits or current())


def _atoms_problem(n_heavy: int, limits: Limits) -> str | None:
    if n_heavy <= limits.heavy_atoms:
        return None
    return (
        f"{n_heavy:,} heavy atoms: this app models small molecules, up to "
        f"{limits.heavy_atoms:,} heavy atoms"
    )
