"""Reading a file, the part that runs in worker processes: records, budgets, RDKit.

:func:`chemviz.molecules.read_molecules` reads an upload in two stages that
can run in a worker process (:mod:`chemviz.workers`), because RDKit can crash
or stall on a hostile molecule and the app's process is every student's
server:

1. :func:`split_file` — bytes to records: decoding, the format, the columns,
   the property values, and the size budget of every record
   (:mod:`chemviz.limits`) *before* RDKit sees it;
2. :func:`parse_record` — one record to a canonical SMILES and compact
   molecule bytes, in chunks, so a crash costs one record, not the file.

This module imports RDKit and numpy but not pandas, so a worker starts
quickly and holds little memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from rdkit import Chem, rdBase
from rdkit.Chem.MolStandardize import rdMolStandardize

from chemviz.limits import (
    Limits,
    current,
    molblock_problem,
    molecule_problem,
    smiles_problem,
)
from chemviz.molecules import files
from chemviz.molecules.columns import Columns, type_columns
from chemviz.molecules.decode import decode
from chemviz.molecules.files import Record


@dataclass(frozen=True, slots=True)
class RejectedRecord:
    """One input record that did not become a molecule.

    Attributes
    ----------
    row : int
        Where to find the record: the 1-based line of the file for tables and
        SMILES lists (a table's header is line 1, so this matches the row
        numbers a spreadsheet shows), the 1-based record number of an SDF.
    raw : str
        The text we tried to read, shortened to 200 characters.
    reason : str
        Why it was rejected, in words a student can act on (RDKit's own
        message where it gave one).
    """

    row: int
    raw: str
    reason: str


def _rdkit_reason(messages: str, fallback: str) -> str:
    """The first line of RDKit's log, without its timestamp."""
    for line in messages.splitlines():
        line = re.sub(r"^\[\d\d:\d\d:\d\d\]\s*(ERROR:\s*)?", "", line).strip()
        if line:
            return line
    return fallback


def parse_smiles(text: str) -> tuple[Chem.Mol | None, str]:
    """Parse one SMILES string, returning the molecule or the reason it failed."""
    text = text.strip()
    if not text:
        return None, "empty SMILES"
    with rdBase.CaptureErrorLog() as log:
        mol = Chem.MolFromSmiles(text)
    if mol is None:
        return None, _rdkit_reason(log.messages, "RDKit could not parse this SMILES")
    if mol.GetNumAtoms() == 0:
        return None, "the SMILES contains no atoms"
    return mol, ""


def parse_molblock(block: str) -> tuple[Chem.Mol | None, str]:
    """Parse one MDL mol block, returning the molecule or the reason it failed."""
    # SDMolSupplier reports syntax errors through the error log, which we
    # capture; MolFromMolBlock would print them past the capture.
    supplier = Chem.SDMolSupplier()
    supplier.SetData(block)
    with rdBase.CaptureErrorLog() as log:
        mol = next(iter(supplier), None)
    if mol is None:
        return None, _rdkit_reason(log.messages, "RDKit could not read this mol block")
    if mol.GetNumAtoms() == 0:
        return None, "the record contains no atoms"
    return mol, ""


@dataclass
class Split:
    """What a file holds, before any molecule is parsed (the result of :func:`split_file`).

    Attributes
    ----------
    fmt : {"table", "smiles", "sdf"}
    records : list of Record
        The records within budget, in file order, ``text`` being the SMILES
        or mol block to parse.
    columns : Columns
        The other fields, typed: one row per entry of ``records``.
    rejected : list of RejectedRecord
        Malformed rows and records over the budget.
    notes : list of str
    total : int
        Every record of the file.
    """

    fmt: str
    records: list[Record]
    columns: Columns
    rejected: list[RejectedRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: int = 0


def split_file(
    data: bytes | str,
    *,
    filename: str,
    smiles_column: str | None = None,
    name_column: str | None = None,
    encoding: str = "auto",
    limits: Limits | None = None,
) -> Split:
    """Stage 1: decode a file, split it into records and check each against the budget.

    Raises
    ------
    ValueError
        When the file as a whole cannot be read (see :func:`read_molecules`).
    """
    limits = limits or current()
    decoded = decode(data, encoding, limits)
    fmt = files.detect_format(decoded.text, filename)
    rejected: list[RejectedRecord] = []
    decimal_comma = False
    if fmt == "table":
        headers, records, malformed, delimiter = files.read_table(decoded.text, filename, limits)
        smiles_column = _choose_smiles_column(headers, records, smiles_column, limits)
        name_column = _choose_name_column(headers, name_column, smiles_column)
        for r in records:
            r.text = r.fields.get(smiles_column, "")
            r.name = r.fields.get(name_column, "").strip()[:500] if name_column else ""
        columns = [h for h in headers if h not in (smiles_column, name_column)]
        decimal_comma = delimiter != ","
        rejected.extend(RejectedRecord(*m) for m in malformed)
        total = len(records) + len(malformed)
    else:
        if fmt == "sdf":
            records = files.read_sdf_records(decoded.text, limits)
        else:
            records = files.read_smiles_lines(decoded.text, limits)
        if not records:
            raise ValueError("The file contains no molecules: no SMILES lines and no SDF records.")
        columns = []
        if fmt == "sdf":
            columns = list(dict.fromkeys(k for r in records for k in r.fields))
            if name_column:
                for r in records:
                    r.name = r.fields.get(name_column, r.name)[:500]
                columns = [t for t in columns if t != name_column]
        total = len(records)
    problem = partial(molblock_problem if fmt == "sdf" else smiles_problem, limits=limits)
    within = []
    for r in records:
        reason = problem(r.text)
        if reason is None:
            within.append(r)
        else:
            rejected.append(RejectedRecord(r.row, r.raw or r.text[:200], reason))
    typed = type_columns(within, columns, decimal_comma)
    return Split(fmt, within, typed, rejected, list(decoded.notes), total)


@dataclass(frozen=True)
class Parsed:
    """One record as a molecule: canonical SMILES, ``Mol.ToBinary`` bytes, standardised or not."""

    smiles: str
    binary: bytes
    changed: bool


def parse_record(
    text: str, *, fmt: str, strip_salts: bool, neutralize: bool, limits: Limits
) -> Parsed:
    """Stage 2: parse, standardise and canonicalise one record (a SMILES or a mol block).

    Raises
    ------
    ValueError
        With RDKit's reason when the record is not a valid molecule, or when
        the parsed molecule is over the heavy-atom budget.
    """
    with rdBase.BlockLogs():
        mol, reason = parse_molblock(text) if fmt == "sdf" else parse_smiles(text)
        if mol is None:
            raise ValueError(reason)
        over = molecule_problem(mol.GetNumHeavyAtoms(), limits)
        if over is not None:
            raise ValueError(over)
        changed = False
        if strip_salts or neutralize:
            before = Chem.MolToSmiles(mol)
            mol = _standardise(mol, strip_salts, neutralize)
            changed = Chem.MolToSmiles(mol) != before
        return Parsed(Chem.MolToSmiles(mol), mol.ToBinary(), changed)


def _standardise(mol: Chem.Mol, strip_salts: bool, neutralize: bool) -> Chem.Mol:
    if strip_salts:
        mol = rdMolStandardize.LargestFragmentChooser(preferOrganic=True).choose(mol)
    if neutralize:
        mol = rdMolStandardize.Uncharger().uncharge(mol)
    return mol


def _choose_smiles_column(
    headers: list[str], records: list[Record], requested: str | None, limits: Limits
) -> str:
    if requested is not None:
        if requested not in headers:
            raise ValueError(
                f"There is no column '{requested}'. The columns are: {', '.join(headers)}."
            )
        return requested
    by_name = files.find_column(headers, files.SMILES_HEADERS)
    if by_name is not None:
        return by_name
    # No recognisable header: pick the column whose first values parse as SMILES.
    best, best_rate = None, 0.0
    sample = records[:50]
    with rdBase.BlockLogs():
        for h in headers:
            values = [r.fields[h].strip() for r in sample if r.fields[h].strip()]
            # Numbers like "42" are not SMILES; values over the budget never reach RDKit.
            if not values or all(_is_number(v) for v in values):
                continue
            ok = [v for v in values if smiles_problem(v, limits) is None]
            rate = sum(Chem.MolFromSmiles(v) is not None for v in ok) / len(values)
            if rate > best_rate:
                best, best_rate = h, rate
    if best is None or best_rate < 0.5:
        raise ValueError(
            "No SMILES column found: no header is called 'smiles' and no column's values "
            f"parse as SMILES. The columns are: {', '.join(headers)}. "
            "Pick the SMILES column explicitly."
        )
    return best


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _choose_name_column(
    headers: list[str], requested: str | None, smiles_column: str
) -> str | None:
    if requested is not None:
        if requested not in headers:
            raise ValueError(
                f"There is no column '{requested}'. The columns are: {', '.join(headers)}."
            )
        return requested
    return files.find_column([h for h in headers if h != smiles_column], files.NAME_HEADERS)
