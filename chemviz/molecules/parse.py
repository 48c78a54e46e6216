"""Read molecules from files: check, parse, standardise, de-duplicate, report.

:func:`read_molecules` turns an upload into a ``MoleculeSet`` plus a
``ParseReport`` in which every record is accounted for: used, or rejected
with a reason (RDKit's own message where it gave one). Its two RDKit stages
(:mod:`chemviz.molecules.records`) run through a runner: in this process for
trusted files, in worker processes for uploads (:mod:`chemviz.workers`).
What remains here (duplicates, assembling the set) is plain Python.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd

from chemviz import workers
from chemviz.limits import Limits, current
from chemviz.molecules.core import Duplicates, MoleculeSet, MolSequence, ParseReport
from chemviz.molecules.records import RejectedRecord, Split, parse_record, split_file

# Records per worker task: large enough that process overhead is small
# (RDKit parses about 10,000 small molecules a second), small enough that a
# crash re-runs few records one by one.
PARSE_CHUNK = 500


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
