"""Turn uploaded bytes into text that cannot blow up or lose records.

Everything here is about bytes, not chemistry: gzip (with its expanded size
capped, so a 2 KB file cannot become gigabytes), text encodings (UTF-8,
UTF-16 with or without a byte-order mark, Windows-1252, or one the user
names), line endings (CRLF, LF and the lone CR that Excel's "CSV
(Macintosh)" writes all become ``\\n``, so 5 records in are 5 records out),
stray byte-order marks and NUL bytes. Nothing is evaluated or unpickled.
"""

from __future__ import annotations

import codecs
import gzip
import io
import itertools
from dataclasses import dataclass, field

from chemviz.limits import Limits, current

# Encodings a user may pick when automatic detection cannot know (a GBK or
# Shift-JIS file is also valid Windows-1252, only garbled). Keys are Python codec names.
ENCODINGS = {
    "auto": "automatic (UTF-8, UTF-16 or Windows-1252)",
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252 (Western European)",
    "latin-1": "Latin-1 (ISO 8859-1)",
    "gb18030": "GBK / GB18030 (Chinese, simplified)",
    "big5": "Big5 (Chinese, traditional)",
    "shift_jis": "Shift-JIS (Japanese)",
    "euc-kr": "EUC-KR (Korean)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "utf-16": "UTF-16",
}

# Magic numbers of the binary files people upload by mistake.
_BINARY_MAGIC = {
    b"PK\x03\x04": "a zip archive or an Excel .xlsx workbook",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls or Word document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
}


@dataclass
class Decoded:
    """Decoded text (``\\n`` line endings only) plus what we had to do to read it.

    Attributes
    ----------
    text : str
    notes : list of str
        One sentence per repair or guess, for the parse report.
    """

    text: str
    notes: list[str] = field(default_factory=list)


def decode(data: bytes | str, encoding: str = "auto", limits: Limits | None = None) -> Decoded:
    """Decode an upload (or pasted text) within the size limits.

    Parameters
    ----------
    data : bytes or str
        The uploaded bytes, or pasted text (which gets the same size limit).
    encoding : str
        ``"auto"`` or a key of :data:`ENCODINGS`.
    limits : Limits, optional
        The budgets; :func:`chemviz.limits.current` by default.

    Raises
    ------
    ValueError
        For an empty file, one over the size limits (before or after
        decompression), a damaged gzip, a binary file, or bytes that are not
        valid in the chosen encoding.
    """
    limits = limits or current()
    if encoding not in ENCODINGS:
        raise ValueError(f"Unknown encoding '{encoding}'; choose one of: {', '.join(ENCODINGS)}")
    notes: list[str] = []
    if isinstance(data, str):
        if len(data) > limits.expanded_bytes:
            raise ValueError(
                f"The pasted text has {len(data) / 1e6:.0f} million characters; the limit is "
                f"{limits.expanded_mb} MB. Paste fewer molecules, or upload a file."
            )
        text = data
    else:
        data = _within_size(data, limits, notes)
        text = _decode_bytes(data, encoding, notes)
    return _normalise_text(text, notes)


def _within_size(data: bytes, limits: Limits, notes: list[str]) -> bytes:
    if len(data) > limits.upload_bytes:
        raise ValueError(
            f"The file is {len(data) / 1e6:.0f} MB; the limit is {limits.upload_mb} MB. "
            "Upload a smaller subset of molecules."
        )
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, limits)
        notes.append("The file was gzip-compressed and was decompressed.")
    if not data.strip():
        raise ValueError("The file is empty: there are no molecules to read.")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ValueError(
                f"This looks like a binary file ({what}), not text. "
                "Save it as CSV, SMILES (.smi) or SDF and upload that."
            )
    return data


def _gunzip(data: bytes, limits: Limits) -> bytes:
    """Decompress at most one byte past the expanded limit, so a gzip bomb stays small."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(limits.expanded_bytes + 1)
            if len(out) <= limits.expanded_bytes:
                fh.read(1)  # reach the end: a stream cut short raises here, not silently
    except (OSError, EOFError) as exc:
        raise ValueError(
            f"The gzip file is damaged or cut short and cannot be decompressed ({exc}). "
            "Compress it again, or upload it uncompressed."
        ) from exc
    if len(out) > limits.expanded_bytes:
        raise ValueError(
            f"The gzip file expands to more than {limits.expanded_mb} MB; the limit is "
            f"{limits.expanded_mb} MB after decompression. Upload a smaller subset of molecules."
        )
    return out


def _decode_bytes(data: bytes, encoding: str, notes: list[str]) -> str:
    if encoding != "auto":
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"The file is not valid {ENCODINGS[encoding]} (byte {exc.start:,} cannot be "
                "decoded). Choose another encoding, or leave it on automatic."
            ) from None
        notes.append(f"The file was read as {ENCODINGS[encoding]}, as chosen.")
        return text.removeprefix("\ufeff")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        notes.append("The file was read as UTF-16.")
        return data.decode("utf-16", errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        notes.append(f"The file was read as UTF-16 ({utf16}, no byte-order mark).")
        return data.decode("utf-16-le" if utf16 == "little-endian" else "utf-16-be", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text, name = _decode_8bit(data)
    hint = (
        " Its non-ASCII bytes come in pairs, as in Chinese, Japanese or Korean encodings: "
        "if names look garbled, choose the file's encoding and read it again."
        if _looks_multibyte(data)
        else ""
    )
    notes.append(f"The file is not valid UTF-8 and was read as {name}.{hint}")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """ "little-endian" or "big-endian" when the bytes look like BOM-less UTF-16 text.

    Text in UTF-16 that is mostly ASCII (SMILES, numbers, English names) has a
    NUL in every other byte: at odd positions for little-endian, at even ones
    for big-endian. Real binary files do not show that regular pattern.
    """
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd > 0.4 and even < 0.05:
        return "little-endian"
    if even > 0.4 and odd < 0.05:
        return "big-endian"
    return None


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


def _looks_multibyte(data: bytes) -> bool:
    """True when most bytes ≥ 0x80 sit next to another one (two-byte CJK characters)."""
    high = [i for i, b in enumerate(data[:100_000]) if b >= 0x80]
    if len(high) < 4:
        return False
    paired = sum(1 for a, b in itertools.pairwise(high) if b == a + 1)
    return paired >= 0.4 * len(high)


def _normalise_text(text: str, notes: list[str]) -> Decoded:
    """One kind of line ending and no stray byte-order marks."""
    if "\r" in text:
        n_cr = text.count("\r") - text.count("\r\n")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if n_cr:
            notes.append(
                f"{n_cr:,} line(s) ended with a lone carriage return (an old Mac or Excel "
                "'CSV (Macintosh)' file); they were read as line breaks."
            )
    text = text.removeprefix("\ufeff")
    if "\ufeff" in text:
        notes.append(
            f"{text.count(chr(0xFEFF)):,} byte-order mark(s) inside the text (files joined "
            "together?) were removed."
        )
        text = text.replace("\ufeff", "")
    # A few NUL bytes in text are damage: the records that hold them are rejected
    # one by one (see files.py). A file where most lines hold one is not text.
    if "\x00" in text:
        lines = text.split("\n")
        if sum("\x00" in line for line in lines) > 0.5 * len(lines):
            raise ValueError(
                "This looks like a binary file (NUL bytes on most lines), not text. "
                "Save it as CSV, SMILES (.smi) or SDF and upload that."
            )
    return Decoded(text, notes)
