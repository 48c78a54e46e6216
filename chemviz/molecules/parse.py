"""Read molecules from files: parse, standardise, de-duplicate, report.

:func:`read_molecules` turns an upload into a ``MoleculeSet`` plus a
``ParseReport`` in which every record is accounted for: used, or rejected
with a reason (RDKit's own message where it gave one). Splitting files into
records is :mod:`chemviz.molecules.files`; this module does the chemistry.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from rdkit import Chem, rdBase
from rdkit.Chem.MolStandardize import rdMolStandardize

from chemviz.molecules import files
from chemviz.molecules.core import MoleculeSet, MolSequence, ParseReport, RejectedRecord
from chemviz.molecules.files import Record

MISSING_TEXT = {"", "na", "n/a", "nan", "none", "null", "-", "?"}


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


def _to_float(text: str, decimal_comma: bool) -> float | None:
    """A number from text, NaN for a recognised missing marker, None if not numeric."""
    t = text.strip()
    if t.lower() in MISSING_TEXT:
        return float("nan")
    if decimal_comma:
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _split_columns(
    records: list[Record], columns: list[str], decimal_comma: bool, notes: list[str]
):
    """Sort the extra columns into numeric properties and text labels.

    A column is numeric when most of its non-missing values are numbers;
    the few that are not become NaN, and the notes say which rows.
    """
    numeric, labels = {}, {}
    for col in columns:
        parsed = [_to_float(r.fields.get(col, ""), decimal_comma) for r in records]
        present = [v for v in parsed if v is None or not np.isnan(v)]
        n_numbers = sum(v is not None for v in present)
        if present and n_numbers >= 0.5 * len(present):
            bad = [r.row for r, v in zip(records, parsed, strict=True) if v is None]
            missing = [
                r.row for r, v in zip(records, parsed, strict=True) if v is not None and np.isnan(v)
            ]
            if bad:
                notes.append(
                    f"Column '{col}': {len(bad)} non-numeric value(s) set to missing "
                    f"(rows {_row_list(bad)})."
                )
            if missing:
                notes.append(
                    f"Column '{col}': {len(missing)} missing value(s) (rows {_row_list(missing)})."
                )
            numeric[col] = [float("nan") if v is None else v for v in parsed]
        elif present:
            labels[col] = [r.fields.get(col, "").strip() for r in records]
    index = pd.RangeIndex(len(records))
    label_frame = pd.DataFrame(labels, index=index) if labels else None
    return pd.DataFrame(numeric, index=index, dtype=float), label_frame


def _row_list(rows: list[int], limit: int = 10) -> str:
    shown = ", ".join(map(str, rows[:limit]))
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def _standardise(mol: Chem.Mol, strip_salts: bool, neutralize: bool) -> Chem.Mol:
    if strip_salts:
        mol = rdMolStandardize.LargestFragmentChooser(preferOrganic=True).choose(mol)
    if neutralize:
        mol = rdMolStandardize.Uncharger().uncharge(mol)
    return mol


def read_molecules(
    data: bytes | str,
    filename: str,
    smiles_column: str | None = None,
    name_column: str | None = None,
    *,
    strip_salts: bool = False,
    neutralize: bool = False,
    duplicates: str = "keep_first",
    progress: Callable[[float], None] | None = None,
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
    progress : callable, optional
        Called with the fraction of records parsed.

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
        over the size limit, or no SMILES column can be found.
    """
    if duplicates not in ("keep_first", "average"):
        raise ValueError("duplicates must be 'keep_first' or 'average'")
    decoded = files.decode(data)
    report = ParseReport(notes=list(decoded.notes))
    fmt = files.detect_format(decoded.text, filename)
    columns: list[str] = []
    decimal_comma = False
    if fmt == "table":
        headers, records, malformed, delimiter = files.read_table(decoded.text, filename)
        smiles_column = _choose_smiles_column(headers, records, smiles_column)
        name_column = _choose_name_column(headers, name_column, smiles_column)
        for r in records:
            r.text = r.fields.get(smiles_column, "")
            r.name = r.fields.get(name_column, "").strip() if name_column else ""
        columns = [h for h in headers if h not in (smiles_column, name_column)]
        decimal_comma = delimiter != ","
        report.rejected.extend(RejectedRecord(*m) for m in malformed)
        report.total = len(records) + len(malformed)
    else:
        records = (
            files.read_sdf_records(decoded.text)
            if fmt == "sdf"
            else files.read_smiles_lines(decoded.text)
        )
        if not records:
            raise ValueError("The file contains no molecules: no SMILES lines and no SDF records.")
        if fmt == "sdf":
            tags = list(dict.fromkeys(k for r in records for k in r.fields))
            if name_column:
                for r in records:
                    r.name = r.fields.get(name_column, r.name)
            columns = [t for t in tags if t != name_column]
        report.total = len(records)
    parse = parse_molblock if fmt == "sdf" else parse_smiles

    kept: list[Record] = []
    # Keep each molecule as canonical SMILES plus compact bytes as soon as it is
    # parsed: 10,000 live Mol objects would hold 200 MB at the peak.
    smiles: list[str] = []
    binaries: list[bytes] = []
    n_changed = 0
    standardising = strip_salts or neutralize
    # RDKit prints warnings (e.g. about lone hydrogens) for valid molecules;
    # errors are captured per record by parse_*, so silence the rest.
    with rdBase.BlockLogs():
        for k, rec in enumerate(records):
            mol, reason = parse(rec.text)
            if mol is None:
                report.rejected.append(RejectedRecord(rec.row, rec.raw or rec.text[:200], reason))
            else:
                if standardising:
                    std = _standardise(mol, strip_salts, neutralize)
                    n_changed += Chem.MolToSmiles(std) != Chem.MolToSmiles(mol)
                    mol = std
                kept.append(rec)
                smiles.append(Chem.MolToSmiles(mol))
                binaries.append(mol.ToBinary())
            if progress is not None and (k % 250 == 0 or k == len(records) - 1):
                progress((k + 1) / len(records))
    if standardising and kept:
        what = " and ".join(
            w
            for w, on in [("salts stripped", strip_salts), ("charges neutralised", neutralize)]
            if on
        )
        report.notes.append(
            f"Standardisation ({what}) changed {n_changed} of {len(kept)} molecules."
        )

    properties, labels = _split_columns(kept, columns, decimal_comma, report.notes)
    names = [rec.name or f"mol-{rec.row}" for rec in kept]
    keep = _resolve_duplicates(smiles, kept, properties, duplicates, report)
    report.n_valid = len(keep)
    report.rejected.sort(key=lambda r: r.row)
    if report.n_valid == 1:
        report.notes.append(
            "Only one molecule was read: the model pages need at least a few dozen."
        )
    molecules = MoleculeSet(
        smiles=[smiles[i] for i in keep],
        mols=MolSequence(_binaries=[binaries[i] for i in keep]),
        names=[names[i] for i in keep],
        properties=properties.iloc[keep].reset_index(drop=True),
        source=filename,
        labels=None if labels is None else labels.iloc[keep].reset_index(drop=True),
    )
    return molecules, report


def _choose_smiles_column(headers: list[str], records: list[Record], requested: str | None) -> str:
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
            if not values or all(_to_float(v, False) is not None for v in values):
                continue  # numbers like "42" parse as SMILES-less junk; skip numeric columns
            rate = sum(Chem.MolFromSmiles(v) is not None for v in values) / len(values)
            if rate > best_rate:
                best, best_rate = h, rate
    if best is None or best_rate < 0.5:
        raise ValueError(
            "No SMILES column found: no header is called 'smiles' and no column's values "
            f"parse as SMILES. The columns are: {', '.join(headers)}. "
            "Pick the SMILES column explicitly."
        )
    return best


def _choose_name_column(
    headers: list[str], requested: str | None, smiles_column: str
) -> str | None:
    if requested is not None:
        if requested not in headers:
            raise ValueError(
                f"There is no column '{requested}'. The columns are: {', '.join(headers)}."
            )
        return requested
    found = files.find_column([h for h in headers if h != smiles_column], files.NAME_HEADERS)
    return found


def _resolve_duplicates(
    smiles, records, properties: pd.DataFrame, how: str, report: ParseReport
) -> list[int]:
    """Indices to keep; later copies of a molecule are listed as rejected."""
    first: dict[str, int] = {}
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(smiles):
        if s in first:
            j = first[s]
            groups[j].append(i)
            merged = "; its properties were averaged into that row" if how == "average" else ""
            report.rejected.append(
                RejectedRecord(
                    records[i].row,
                    records[i].raw or records[i].text[:200],
                    f"duplicate of row {records[j].row} (same molecule, {s}){merged}",
                )
            )
        else:
            first[s] = i
            groups[i] = [i]
    n_dup = sum(len(g) - 1 for g in groups.values())
    if n_dup:
        action = "averaged into the first" if how == "average" else "kept the first"
        report.notes.append(f"{n_dup} duplicate record(s) of the same molecule: {action}.")
        if how == "average" and len(properties.columns):
            for j, members in groups.items():
                if len(members) > 1:
                    properties.iloc[j] = properties.iloc[members].mean(axis=0, skipna=True)
    return sorted(first.values())
