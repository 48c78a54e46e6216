"""Turn uploaded bytes into records: decoding, format detection, CSV and SDF splitting.

This module knows about files, not chemistry: it yields :class:`Record`
objects (a SMILES string or a mol block, plus the other fields of the row)
and leaves parsing molecules to :func:`chemviz.molecules.read_molecules`.
Nothing here evaluates or unpickles input; every file is read as text.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

# The same limit is set as server.maxUploadSize in .streamlit/config.toml
# (a test checks they agree); the API enforces it too, for scripts.
MAX_UPLOAD_MB = 50
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


@dataclass
class Decoded:
    """Decoded text plus what we had to do to read it."""

    text: str
    notes: list[str]


def decode(data: bytes | str) -> Decoded:
    """Decode uploaded bytes, trying the encodings people actually send.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a BOM are
    read exactly; anything else is read as Windows-1252, or Latin-1 (which
    can decode any byte sequence), and a note says so. Gzip-compressed input is decompressed first.

    Raises
    ------
    ValueError
        For an empty file, a file over the upload limit, or binary content
        (an Excel workbook, an image) that is not text at all.
    """
    if isinstance(data, str):
        return Decoded(data, [])
    notes = []
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
        notes.append("The file was gzip-compressed and was decompressed.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(
            f"The file is {len(data) / 1e6:.0f} MB; the limit is {MAX_UPLOAD_MB} MB. "
            "Upload a smaller subset of molecules."
        )
    if not data.strip():
        raise ValueError("The file is empty: there are no molecules to read.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
        notes.append("The file was read as UTF-16.")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text, encoding = _decode_8bit(data)
            notes.append(f"The file is not valid UTF-8 and was read as {encoding}.")
    if "\x00" in text or data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        raise ValueError(
            "This looks like a binary file (an Excel workbook or an image?), not text. "
            "Save it as CSV, SMILES (.smi) or SDF and upload that."
        )
    return Decoded(text, notes)


def _decode_8bit(data: bytes) -> tuple[str, str]:
    """Decode a legacy one-byte encoding, the way Excel on Windows saves CSV.

    Windows-1252 is Latin-1 plus printable characters (€, curly quotes, …)
    in 0x80–0x9F; it leaves five bytes undefined, and a file with those is
    read as plain Latin-1, which maps every byte to a character.
    """
    try:
        return data.decode("cp1252"), "Windows-1252 (Western European)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1 (ISO 8859-1)"


def _gunzip(data: bytes) -> bytes:
    # Read at most one byte past the limit, so a small "zip bomb" cannot
    # inflate into gigabytes of memory.
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        try:
            out = fh.read(MAX_UPLOAD_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise ValueError(
                f"The gzip file is damaged and cannot be decompressed ({exc})."
            ) from exc
    return out


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


def read_table(text: str, filename: str) -> tuple[list[str], list[Record], list, str]:
    """Split a delimited table into a header and records.

    Returns
    -------
    headers : list of str
    records : list of Record
        ``text`` is left empty; :func:`chemviz.molecules.read_molecules`
        fills it from the chosen SMILES column.
    malformed : list of (row, raw, reason)
        Rows whose number of fields does not match the header.
    delimiter : str
    """
    delimiter = sniff_delimiter(text, filename)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []  # (line where the row starts, cells), blank rows left out
    start = 1
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append((start, cells))
        # A quoted field may span lines: the next row starts after this one ends.
        start = reader.line_num + 1
    if not rows:
        raise ValueError("The file is empty: there are no molecules to read.")
    headers = [h.strip() for h in rows[0][1]]
    if len(rows) == 1:
        raise ValueError(f"The file has a header ({', '.join(headers)}) but no data rows below it.")
    records, malformed = [], []
    for row_number, cells in rows[1:]:
        raw = delimiter.join(cells)[:200]
        if len(cells) != len(headers):
            malformed.append(
                (
                    row_number,
                    raw,
                    f"the row has {len(cells)} fields but the header has {len(headers)}",
                )
            )
            continue
        records.append(
            Record(row_number, "", fields=dict(zip(headers, cells, strict=True)), raw=raw)
        )
    return headers, records, malformed, delimiter


def read_smiles_lines(text: str) -> list[Record]:
    """One record per non-blank line: a SMILES, then an optional name.

    Lines starting with ``#`` are comments. A first line that is a header
    (``SMILES Name``) is skipped. Records keep their line number in the file.
    """
    records = []
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if lines and _normalise(re.split(r"[\s,;]+", lines[0][1].strip())[0]) in SMILES_HEADERS:
        lines = lines[1:]
    for row_number, line in lines:
        parts = re.split(r"[\s,;]+", line.strip(), maxsplit=1)
        name = parts[1].strip() if len(parts) > 1 else ""
        records.append(Record(row_number, parts[0], name=name, raw=line.strip()[:200]))
    return records


_TAG = re.compile(r"^>\s*.*?<([^>]+)>.*?$\n(.*?)(?=^\s*$|^>|\Z)", re.MULTILINE | re.DOTALL)


def read_sdf_records(text: str) -> list[Record]:
    """Split an SDF into records: the mol block, the title and the data tags."""
    text = text.replace("\r\n", "\n")
    chunks = re.split(r"^\$\$\$\$[ \t]*$", text, flags=re.MULTILINE)
    records = []
    for chunk in chunks:
        chunk = chunk.lstrip("\n")
        if not chunk.strip():
            continue
        block, _, data = chunk.partition("M  END")
        fields = {m.group(1).strip(): m.group(2).strip() for m in _TAG.finditer(data)}
        title = chunk.split("\n", 1)[0].strip()
        molblock = block + "M  END\n" if _ else chunk
        records.append(
            Record(
                len(records) + 1,
                molblock,
                name=title,
                fields=fields,
                raw=f"record {len(records) + 1}: {title or '(no title)'}"[:200],
            )
        )
    return records
