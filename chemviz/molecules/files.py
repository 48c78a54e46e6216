"""Turn decoded text into records: format detection, CSV, SMILES-list and SDF splitting.

This module knows about files, not chemistry: it yields :class:`Record`
objects (a SMILES string or a mol block, plus the other fields of the row)
and leaves parsing molecules to :func:`chemviz.molecules.read_molecules`.
Text arrives from :func:`chemviz.molecules.decode.decode` with ``\n`` line
endings only. The number of records is capped *while* splitting, so a file
of 25 million one-character lines costs no more than one of 20,001.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from chemviz.limits import Limits, current

# The default upload limit; .streamlit/config.toml sets the same
# server.maxUploadSize (a test checks they agree), and the API enforces it too.
MAX_UPLOAD_MB = Limits().upload_mb
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024

# Header names we recognise, compared case-insensitively after removing
# spaces, dashes and underscores.
SMILES_HEADERS = ("smiles", "canonicalsmiles", "isomericsmiles", "smi", "smilesstring")
NAME_HEADERS = (
    "name", "names", "compound", "compoundname", "molecule", "moleculename", "molname",
    "iupac", "iupacname", "title", "id", "compoundid", "molid", "cmpdid", "chemblid",
)  # fmt: skip

TABLE_SUFFIXES = {".csv", ".tsv", ".tab"}
SMILES_SUFFIXES = {".smi", ".smiles", ".ism", ".can"}
SDF_SUFFIXES = {".sdf", ".sd", ".mol", ".mdl"}


@dataclass
class Record:
    """One record of an input file, before any chemistry.

    Attributes
    ----------
    row : int
        Where the user finds the record: the 1-based line of the file for
        tables and SMILES lists (a table's header is line 1, so this is also
        the row number a spreadsheet shows), the 1-based record number for SDF.
    text : str
        The SMILES string, or the whole mol block for SDF input.
    name : str
        The record's name, or "" when the input has none.
    fields : dict of str to str
        The other columns (CSV) or data tags (SDF), as raw text.
    raw : str
        The record as the user would recognise it, for the rejection table.
    """

    row: int
    text: str
    name: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    raw: str = ""


def detect_format(text: str, filename: str) -> str:
    """Decide whether the input is a table, a SMILES list or an SDF.

    Returns
    -------
    str
        ``"table"`` (CSV/TSV with a header), ``"smiles"`` (one SMILES per
        line, optional name) or ``"sdf"``.
    """
    suffixes = [s.lower() for s in PurePath(filename).suffixes if s.lower() != ".gz"]
    suffix = suffixes[-1] if suffixes else ""
    if suffix in SDF_SUFFIXES:
        return "sdf"
    if suffix in TABLE_SUFFIXES:
        return "table"
    if suffix in SMILES_SUFFIXES:
        return "smiles"
    # .txt, pasted text or no extension: look at the content.
    if re.search(r"^M  END\s*$", text, flags=re.MULTILINE) or "$$$$" in text:
        return "sdf"
    first = next((line for line in text.splitlines() if line.strip()), "")
    if any(_normalise(cell) in SMILES_HEADERS for cell in re.split(r"[,;\t|]", first)):
        return "table"
    return "smiles"


def _normalise(header: str) -> str:
    return re.sub(r"[\s_\-]", "", header.strip().lower())


def find_column(headers: list[str], candidates: tuple[str, ...]) -> str | None:
    """The first header whose normalised form is one of ``candidates``."""
    normalised = {_normalise(h): h for h in reversed(headers)}
    for c in candidates:
        if c in normalised:
            return normalised[c]
    return None


def sniff_delimiter(text: str, filename: str) -> str:
    """The delimiter of a table: from the extension, else from the first lines."""
    if PurePath(filename).suffix.lower() in {".tsv", ".tab"}:
        return "\t"
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        # One column, or too irregular to sniff: the comma is the safe guess.
        return ","


def read_table(
    text: str, filename: str, limits: Limits | None = None
) -> tuple[list[str], list[Record], list, str]:
    """Split a delimited table into a header and records.

    Returns
    -------
    headers : list of str
    records : list of Record
        ``text`` is left empty; :func:`chemviz.molecules.read_molecules`
        fills it from the chosen SMILES column.
    malformed : list of (row, raw, reason)
        Rows whose number of fields does not match the header, and lines
        with a NUL byte (damage that Python's csv module cannot read past).
    delimiter : str

    Raises
    ------
    ValueError
        For an empty table, a header without rows, more records than
        ``limits.records``, or a field longer than ``limits.line_chars``.
    """
    limits = limits or current()
    delimiter = sniff_delimiter(text, filename)
    text, malformed = _set_aside_nul_lines(text)
    # The limit is module-wide in Python's csv; every table read sets it first.
    csv.field_size_limit(limits.line_chars)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []  # (first line, last line, cells), blank rows left out
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, reader.line_num, cells))
                _check_count(len(rows) - 1, limits)
            # A quoted field may span lines: the next row starts after this one ends.
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ValueError(
            f"Line {start:,} cannot be read as a table row ({exc}): a field is longer than "
            f"{limits.line_chars:,} characters, or a quote opened there is never closed."
        ) from None
    if not rows:
        raise ValueError("The file is empty: there are no molecules to read.")
    headers = [h.strip() for h in rows[0][2]]
    if len(rows) == 1:
        raise ValueError(f"The file has a header ({', '.join(headers)}) but no data rows below it.")
    records = []
    for first, last, cells in rows[1:]:
        raw = delimiter.join(cells)[:200]
        if len(cells) == len(headers):
            records.append(
                Record(first, "", fields=dict(zip(headers, cells, strict=True)), raw=raw)
            )
            continue
        reason = f"the row has {len(cells)} fields but the header has {len(headers)}"
        if last > first:
            reason += (
                f"; a quote opened on line {first:,} runs to line {last:,}, so those lines "
                "were read as one row (is a closing quote missing?)"
            )
        malformed.append((first, raw, reason))
    return headers, records, malformed, delimiter


def _set_aside_nul_lines(text: str) -> tuple[str, list]:
    """Blank every line that holds a NUL byte, and list it as a malformed row."""
    if "\x00" not in text:
        return text, []
    lines = text.split("\n")
    malformed = []
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            reason = "the line contains a NUL byte: the file may be damaged"
            malformed.append((number, line.replace("\x00", "")[:200], reason))
            lines[number - 1] = ""
    return "\n".join(lines), malformed


def _check_count(n_records: int, limits: Limits) -> None:
    if n_records > limits.records:
        raise ValueError(
            f"The file has more than {limits.records:,} records; chemviz reads up to "
            f"{limits.records:,} molecules from one file. Upload a subset of it."
        )


def read_smiles_lines(text: str, limits: Limits | None = None) -> list[Record]:
    """One record per non-blank line: a SMILES, then an optional name.

    Lines starting with ``#`` are comments. A first line that is a header
    (``SMILES Name``) is skipped. Records keep their line number in the file.
    Lines are read one at a time and counted, so the records cap applies
    before any memory is spent on a record past it.
    """
    limits = limits or current()
    records: list[Record] = []
    first = True
    for number, line in enumerate(io.StringIO(text), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = re.split(r"[\s,;]+", line, maxsplit=1)
        if first and _normalise(parts[0]) in SMILES_HEADERS:
            first = False
            continue
        first = False
        name = parts[1].strip() if len(parts) > 1 else ""
        records.append(Record(number, parts[0], name=name[:500], raw=line[:200]))
        _check_count(len(records), limits)
    return records


_TAG = re.compile(r"^>\s*.*?<([^>]+)>.*?$\n(.*?)(?=^\s*$|^>|\Z)", re.MULTILINE | re.DOTALL)


def read_sdf_records(text: str, limits: Limits | None = None) -> list[Record]:
    """Split an SDF into records: the mol block, the title and the data tags.

    The ``$$$$`` separators are counted (at C speed) before anything is
    split, so the records cap applies first.
    """
    limits = limits or current()
    _check_count(text.count("\n$$$$") + text.startswith("$$$$"), limits)
    chunks = re.split(r"^\$\$\$\$[ \t]*$", text, flags=re.MULTILINE)
    records = []
    for k, chunk in enumerate(chunks):
        # Drop only the line break that ended the $$$$ line: a mol block's first
        # line is its title, and an empty title (RDKit writes one) is still a line.
        if k > 0:
            chunk = chunk.removeprefix("\n")
        if not chunk.strip():
            continue
        number = len(records) + 1
        title = chunk.split("\n", 1)[0].strip()[:500]
        if len(chunk) > limits.molblock_chars:
            # Left whole, so the budget check rejects it by size; tags are not parsed.
            block, fields = chunk, {}
        else:
            block, found, data = chunk.partition("M  END")
            fields = {m.group(1).strip(): m.group(2).strip() for m in _TAG.finditer(data)}
            block = block + "M  END\n" if found else chunk
        raw = f"record {number}: {title or '(no title)'}"[:200]
        records.append(Record(number, block, name=title, fields=fields, raw=raw))
    return records
