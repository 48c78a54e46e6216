"""Read molecules from files: check, parse, standardise, de-duplicate, report.

:func:`read_molecules` turns an upload into a ``MoleculeSet`` plus a
``ParseReport`` in which every record is accounted for: used, or rejected
with a reason (RDKit's own message where it gave one). It works in two
stages that can run in worker processes (:mod:`chemviz.workers`), because
RDKit can crash or stall on a hostile molecule and the app's process is
every student's server:

1. :func:`split_file` — bytes to records: decoding, the format, the columns,
   the property values, and the size budget of every record
   (:mod:`chemviz.limits`) *before* RDKit sees it;
2. :func:`parse_record` — one record to a canonical SMILES and compact
   molecule bytes, in chunks, so a crash costs one record, not the file.

What remains here (duplicates, assembling the set) is plain Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import pandas as pd
from rdkit import Chem, rdBase
from rdkit.Chem.MolStandardize import rdMolStandardize

from chemviz import workers
from chemviz.limits import (
    Limits,
    current,
    molblock_problem,
    molecule_problem,
    smiles_problem,
)
from chemviz.molecules import files
from chemviz.molecules.columns import Columns, type_columns
from chemviz.molecules.core import (
    Duplicates,
    MoleculeSet,
    MolSequence,
    ParseReport,
    RejectedRecord,
)
from chemviz.molecules.decode import decode
from chemviz.molecules.files import Record

# Records per worker task: large enough that process overhead is small
# (RDKit parses about 10,000 small molecules a second), small enough that a
# crash re-runs few records one by one.
PARSE_CHUNK = 500


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


def _record_reason(failure: workers.Failure) -> str:
    """A stage-2 failure in words, for the rejected-rows table."""
    if failure.kind == "crash":
        return f"RDKit crashed while reading this molecule ({failure.reason})"
    if failure.kind == "timeout":
        return f"RDKit {failure.reason} while reading this molecule"
    if failure.kind == "memory":
        return "reading this molecule needed more memory than this app allows"
    return failure.reason


def _file_failure(failure: workers.Failure) -> str:
    """A stage-1 failure (the whole file) in words."""
    if failure.kind == "error":
        return failure.reason
    if failure.kind == "timeout":
        return f"Reading the file {failure.reason}. Upload a smaller subset of molecules."
    if failure.kind == "memory":
        return (
            "Reading the file needed more memory than this app allows (very many columns?). "
            "Upload a smaller subset of rows or columns."
        )
    return f"The file could not be read: {failure.reason}."


def read_molecules(
    data: bytes | str,
    filename: str,
    smiles_column: str | None = None,
    name_column: str | None = None,
    *,
    strip_salts: bool = False,
    neutralize: bool = False,
    duplicates: str = "keep_first",
    encoding: str = "auto",
    progress: Callable[[float], None] | None = None,
    runner: workers.Runner | None = None,
    limits: Limits | None = None,
) -> tuple[MoleculeSet, ParseReport]:
    """Read molecules from a CSV/TSV table, a SMILES list or an SDF.

    Parameters
    ----------
    data : bytes or str
        The file's content (bytes from an upload, or pasted text).
    filename : str
        Used to recognise the format (``.csv``, ``.tsv``, ``.smi``, ``.txt``,
        ``.sdf``, ``.mol``, optionally ``.gz``); content decides otherwise.
    smiles_column, name_column : str, optional
        Table columns (or SDF tag, for the name) to use; detected by header
        name, or for SMILES by content, when not given.
    strip_salts : bool
        Keep only the largest organic fragment (``[Na+].CC(=O)[O-]`` → acetate).
    neutralize : bool
        Neutralise charges where a neutral form exists.
    duplicates : {"keep_first", "average"}
        What to do with records whose canonical SMILES repeats an earlier one:
        keep the first, or average every numeric property into the first.
    encoding : str
        ``"auto"`` (UTF-8, UTF-16, else Windows-1252) or a key of
        :data:`chemviz.molecules.decode.ENCODINGS`.
    progress : callable, optional
        Called with the fraction of records parsed.
    runner : callable, optional
        Where the chemistry runs: :func:`chemviz.workers.in_process` (the
        default, for trusted files) or a :class:`chemviz.workers.WorkerPool`'s
        ``map`` (uploads to a shared server). Both give the same result.
    limits : Limits, optional
        The budgets (:func:`chemviz.limits.current` by default).

    Returns
    -------
    molecules : MoleculeSet
        The molecules that could be read, in input order.
    report : ParseReport
        Counts, one rejection (row, raw text, reason) per record not used,
        and notes on everything that was changed.

    Raises
    ------
    ValueError
        When the file as a whole cannot be read: empty, header only, binary,
        over a size limit (bytes, expanded bytes, records, field length),
        damaged gzip, or no SMILES column can be found.
    """
    if duplicates not in ("keep_first", "average"):
        raise ValueError("duplicates must be 'keep_first' or 'average'")
    run = runner or workers.in_process
    limits = limits or current()
    stage1 = partial(
        split_file,
        filename=filename,
        smiles_column=smiles_column,
        name_column=name_column,
        encoding=encoding,
        limits=limits,
    )
    [split] = run(stage1, [data])
    if isinstance(split, workers.Failure):
        raise ValueError(_file_failure(split))
    stage2 = partial(
        parse_record, fmt=split.fmt, strip_salts=strip_salts, neutralize=neutralize, limits=limits
    )
    parsed = run(stage2, [r.text for r in split.records], chunk_size=PARSE_CHUNK, progress=progress)
    return _assemble(split, parsed, filename, strip_salts, neutralize, duplicates)


def _assemble(split: Split, parsed: list, filename, strip_salts, neutralize, duplicates):
    """Stage 3, plain Python: molecules, rejected rows, duplicates and notes."""
    report = ParseReport(total=split.total, rejected=list(split.rejected), notes=list(split.notes))
    kept: list[int] = []  # positions in split.records
    for k, (rec, result) in enumerate(zip(split.records, parsed, strict=True)):
        if isinstance(result, workers.Failure):
            report.rejected.append(
                RejectedRecord(rec.row, rec.raw or rec.text[:200], _record_reason(result))
            )
        else:
            kept.append(k)
    if strip_salts or neutralize:
        what = " and ".join(
            w
            for w, on in [("salts stripped", strip_salts), ("charges neutralised", neutralize)]
            if on
        )
        n_changed = sum(parsed[k].changed for k in kept)
        report.notes.append(
            f"Standardisation ({what}) changed {n_changed} of {len(kept)} molecules."
        )
    properties, labels = split.columns.take(
        kept, [split.records[k].row for k in kept], report.notes
    )
    smiles = [parsed[k].smiles for k in kept]
    rows = [split.records[k].row for k in kept]
    keep = _resolve_duplicates(smiles, rows, properties, duplicates, report)
    report.n_valid = len(keep)
    report.rejected.sort(key=lambda r: r.row)
    if report.n_valid == 1:
        report.notes.append(
            "Only one molecule was read: the model pages need at least a few dozen."
        )
    names = [split.records[k].name or f"mol-{split.records[k].row}" for k in kept]
    molecules = MoleculeSet(
        smiles=[smiles[i] for i in keep],
        mols=MolSequence(_binaries=[parsed[kept[i]].binary for i in keep]),
        names=[names[i] for i in keep],
        properties=properties.iloc[keep].reset_index(drop=True),
        source=filename,
        labels=None if labels is None else labels.iloc[keep].reset_index(drop=True),
    )
    return molecules, report


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


def _resolve_duplicates(
    smiles: list[str], rows: list[int], properties: pd.DataFrame, how: str, report: ParseReport
) -> list[int]:
    """Indices to keep; later copies of a molecule are counted in ``report.duplicates``."""
    first: dict[str, int] = {}
    groups: dict[int, list[int]] = {}
    dups = Duplicates(averaged=how == "average")
    for i, s in enumerate(smiles):
        j = first.setdefault(s, i)
        if j == i:
            groups[i] = [i]
            continue
        groups[j].append(i)
        dups.rows.append(rows[i])
        dups.first_rows.append(rows[j])
        dups.smiles.append(smiles[j])
    if len(dups):
        action = "averaged into the first" if how == "average" else "kept the first"
        report.notes.append(f"{len(dups)} duplicate record(s) of the same molecule: {action}.")
        if how == "average" and len(properties.columns):
            for j, members in groups.items():
                if len(members) > 1:
                    properties.iloc[j] = properties.iloc[members].mean(axis=0, skipna=True)
    report.duplicates = dups
    return sorted(first.values())
